//! 補助金・財政措置: the programmes that fund the work (with their 補助率, 年度 and 上限額) and each claim a system
//! or an initiative makes on one, so the office knows what it applied for, was granted, spent and has left.

use serde::{Deserialize, Serialize};

use super::rate::Rate;
use super::yen::Yen;
use super::{FiscalYears, check_note};
use crate::calendar::FiscalYear;
use crate::error::{Error, Result};
use crate::model::{Id, clean_name};

/// How a programme pays.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeKind {
    /// 補助金 (a share of the cost, claimed and granted)
    Subsidy,
    /// 特別交付税 (a share of the cost, counted in the 交付税)
    SpecialGrant,
    /// その他の財政措置
    Other,
}

impl ProgrammeKind {
    pub fn label(self) -> &'static str {
        match self {
            ProgrammeKind::Subsidy => "補助金",
            ProgrammeKind::SpecialGrant => "特別交付税",
            ProgrammeKind::Other => "その他",
        }
    }
    pub fn parse(s: &str) -> Result<ProgrammeKind> {
        match s.trim() {
            "補助金" | "subsidy" => Ok(ProgrammeKind::Subsidy),
            "特別交付税" | "交付税" | "special_grant" => Ok(ProgrammeKind::SpecialGrant),
            "" | "その他" | "other" => Ok(ProgrammeKind::Other),
            t => Err(Error::field(
                "kind",
                format!("財政措置の区分「{t}」は使えません（補助金・特別交付税・その他）。"),
            )),
        }
    }
}

/// 補助金・財政措置の制度: a template row or one the user added.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub id: Id,
    /// 制度名
    pub name: String,
    pub kind: ProgrammeKind,
    /// 補助率 (国費の割合)
    pub rate: Rate,
    /// first 年度 a claim can be made for (None: no limit known)
    pub first_year: Option<FiscalYear>,
    /// last 年度 a claim can be made for (None: no end announced)
    pub last_year: Option<FiscalYear>,
    /// 上限額 for the municipality (None: no cap, or not known)
    pub cap: Option<Yen>,
    /// 対象経費
    pub scope: String,
}

impl Programme {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "制度名", &self.name)?;
        if let (Some(f), Some(l)) = (self.first_year, self.last_year)
            && l < f
        {
            return Err(Error::field(
                "last_year",
                format!(
                    "終了年度（{}）が開始年度（{}）より前です。",
                    l.label(),
                    f.label()
                ),
            ));
        }
        if let Some(c) = self.cap {
            c.check("cap", "上限額")?;
        }
        check_note(&self.scope)
    }
    /// Whether a claim for `year` lies within the programme's 年度.
    pub fn covers(&self, year: FiscalYear) -> bool {
        self.first_year.is_none_or(|f| f <= year) && self.last_year.is_none_or(|l| year <= l)
    }
}

/// What a claim is for.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Funded {
    /// a 基幹業務 system
    System(Id),
    /// a 取組事項
    Initiative(Id),
}

/// One claim on a programme for one 年度: 申請額, 交付決定額, 実績額 (each entered when known).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: Id,
    pub programme_id: Id,
    pub funded: Funded,
    pub year: FiscalYear,
    /// 申請額
    pub applied: Option<Yen>,
    /// 交付決定額
    pub decided: Option<Yen>,
    /// 実績額 (確定額)
    pub spent: Option<Yen>,
    pub note: String,
}

impl Grant {
    /// The rules of the row alone. A year past the programme's end is a warning (see `query::cost`), not an
    /// error: the file must still take what really happened.
    pub fn validate(&self, years: FiscalYears) -> Result<()> {
        years.check("year", self.year)?;
        for (field, label, v) in [
            ("applied", "申請額", self.applied),
            ("decided", "交付決定額", self.decided),
            ("spent", "実績額", self.spent),
        ] {
            if let Some(v) = v {
                v.check(field, label)?;
            }
        }
        check_note(&self.note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_amounts_must_be_zero_or_more() {
        let g = Grant {
            id: 1,
            programme_id: 1,
            funded: Funded::System(1),
            year: FiscalYear(2023),
            applied: Some(Yen(1_000)),
            decided: Some(Yen(-1)),
            spent: None,
            note: String::new(),
        };
        let e = g
            .validate(FiscalYears::new(FiscalYear(2018), FiscalYear(2030)))
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("decided"));
        assert!(
            e.message.starts_with("交付決定額にマイナス"),
            "{}",
            e.message
        );
    }
}
