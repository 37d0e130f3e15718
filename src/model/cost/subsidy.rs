//! 補助金・財政措置: the programmes that fund the work (with their 補助率, 年度 and 上限額) and each claim a system
//! or an initiative makes on one, so the office knows what it applied for, was granted, spent and has left.

use serde::{Deserialize, Serialize};

use super::rate::Rate;
use super::yen::{Unit, Yen, parse_amount};
use super::{FiscalYears, check_note, parse_year};
use crate::calendar::FiscalYear;
use crate::data::templates::read_csv;
use crate::error::{Error, Result};
use crate::model::{Id, clean_name};

/// The shipped programme list (national programmes and their rates), compiled in.
pub const SUBSIDIES_CSV: &str = include_str!("../../../assets/templates/subsidies.csv");

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

/// Parses a programme list (columns 制度名,区分,補助率,開始年度,終了年度,上限額円,対象経費), numbering the rows
/// from 1. Errors name the line.
pub fn parse_programmes(csv_text: &str) -> Result<Vec<Programme>> {
    let recs = read_csv(csv_text, &["制度名", "補助率"])?;
    let mut out: Vec<Programme> = vec![];
    for (i, r) in recs.iter().enumerate() {
        let year = |col: &str| -> Result<Option<FiscalYear>> {
            match r.get(col) {
                "" => Ok(None),
                t => parse_year(t).map(Some).map_err(|e| r.at(e)),
            }
        };
        let p = Programme {
            id: i as Id + 1,
            name: r.req("制度名")?.to_string(),
            kind: ProgrammeKind::parse(r.get("区分")).map_err(|e| r.at(e))?,
            rate: Rate::parse(r.req("補助率")?).map_err(|e| r.at(e))?,
            first_year: year("開始年度")?,
            last_year: year("終了年度")?,
            cap: match r.get("上限額円") {
                "" => None,
                t => Some(parse_amount(t, Unit::Yen).map_err(|e| r.at(e))?),
            },
            scope: r.get("対象経費").to_string(),
        };
        p.validate().map_err(|e| r.at(e))?;
        if out.iter().any(|q| q.name == p.name) {
            return Err(r.at(Error::duplicate("制度", &p.name)));
        }
        out.push(p);
    }
    Ok(out)
}

/// The shipped national programmes.
pub fn national_programmes() -> Result<Vec<Programme>> {
    parse_programmes(SUBSIDIES_CSV)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_programmes_carry_the_national_rates_and_years() {
        let ps = national_programmes().unwrap();
        assert_eq!(ps.len(), 4);
        let by = |needle: &str| ps.iter().find(|p| p.name.contains(needle)).unwrap();
        let std = by("標準化・共通化");
        assert_eq!((std.rate.num(), std.rate.den()), (1, 1));
        assert_eq!(std.rate.label(), "10/10");
        assert_eq!(std.kind, ProgrammeKind::Subsidy);
        assert_eq!(std.last_year, None);
        let online = by("オンライン化");
        assert_eq!(online.rate.label(), "1/2");
        assert_eq!(online.last_year, Some(FiscalYear(2022)));
        assert!(online.covers(FiscalYear(2022)) && !online.covers(FiscalYear(2023)));
        assert_eq!(by("セキュリティクラウド").last_year, Some(FiscalYear(2022)));
        let cio = by("CIO補佐官");
        assert_eq!(cio.kind, ProgrammeKind::SpecialGrant);
        assert_eq!(cio.rate.label(), "1/2", "0.5 in the file is exactly 1/2");
        assert_eq!(
            (cio.first_year, cio.last_year),
            (Some(FiscalYear(2021)), Some(FiscalYear(2025)))
        );
        assert!(!cio.covers(FiscalYear(2020)));
    }

    #[test]
    fn a_programme_list_with_a_bad_rate_or_year_is_refused_at_its_line() {
        let head = "制度名,区分,補助率,開始年度,終了年度,上限額円,対象経費\n";
        let e = parse_programmes(&format!("{head}独自補助,補助金,3/2,,,,\n")).unwrap_err();
        assert!(
            e.message.starts_with("2行目: 補助率「3/2」は0から1の間"),
            "{}",
            e.message
        );
        let e = parse_programmes(&format!(
            "{head}独自補助,補助金,1/2,令和5年度,令和3年度,,\n"
        ))
        .unwrap_err();
        assert!(
            e.message
                .contains("終了年度（令和3年度）が開始年度（令和5年度）より前"),
            "{}",
            e.message
        );
        let e = parse_programmes(&format!("{head}独自補助,補助金,1/2,,,▲1,\n")).unwrap_err();
        assert!(e.message.contains("マイナス"), "{}", e.message);
        let e =
            parse_programmes(&format!("{head}A,補助金,1/2,,,,\nA,補助金,1/3,,,,\n")).unwrap_err();
        assert!(
            e.message.starts_with("3行目: 制度「A」は既にあります"),
            "{}",
            e.message
        );
        let ok =
            parse_programmes(&format!("{head}県補助,補助金,2/3,R4,R6,\"5,000,000\",\n")).unwrap();
        assert_eq!(ok[0].cap, Some(Yen(5_000_000)));
        assert_eq!(ok[0].first_year, Some(FiscalYear(2022)));
    }

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
