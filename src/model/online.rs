//! 行政手続のオンライン化: the 31 procedures, who owns each, how the 申請管理システム links to the core system.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, Span, Status, check_dates, check_text, clean_name};
use crate::error::{Error, Result};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureCategory {
    /// 子育て (15)
    Childcare,
    /// 介護 (11)
    Care,
    /// 被災者支援 (1)
    Disaster,
    /// 自動車保有 (4, prefecture procedures)
    Vehicle,
}

impl ProcedureCategory {
    pub const ALL: [ProcedureCategory; 4] = [
        ProcedureCategory::Childcare,
        ProcedureCategory::Care,
        ProcedureCategory::Disaster,
        ProcedureCategory::Vehicle,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ProcedureCategory::Childcare => "子育て",
            ProcedureCategory::Care => "介護",
            ProcedureCategory::Disaster => "被災者支援",
            ProcedureCategory::Vehicle => "自動車保有",
        }
    }
    pub fn parse(s: &str) -> Result<ProcedureCategory> {
        let t = s.trim();
        ProcedureCategory::ALL
            .into_iter()
            .find(|c| c.label() == t || format!("{c:?}").eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::field(
                    "category",
                    format!("分類「{t}」は使えません（子育て・介護・被災者支援・自動車保有）。"),
                )
            })
    }
}

/// 連携方式 from the 申請管理システム into the core system.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkMethod {
    /// 方式1 転記 (no change to the core system)
    Transcribe,
    /// 方式2 RPA等簡易ツール (no change)
    Rpa,
    /// 方式3 入力画面に取込機能 (change needed)
    ScreenImport,
    /// 方式4 一括取込 (change needed)
    BulkImport,
}

impl LinkMethod {
    pub const ALL: [LinkMethod; 4] = [
        LinkMethod::Transcribe,
        LinkMethod::Rpa,
        LinkMethod::ScreenImport,
        LinkMethod::BulkImport,
    ];
    pub fn number(self) -> u8 {
        match self {
            LinkMethod::Transcribe => 1,
            LinkMethod::Rpa => 2,
            LinkMethod::ScreenImport => 3,
            LinkMethod::BulkImport => 4,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            LinkMethod::Transcribe => "方式1 転記",
            LinkMethod::Rpa => "方式2 RPA等簡易ツール",
            LinkMethod::ScreenImport => "方式3 入力画面に取込機能",
            LinkMethod::BulkImport => "方式4 一括取込",
        }
    }
    /// Whether the core system must be changed.
    pub fn needs_system_change(self) -> bool {
        matches!(self, LinkMethod::ScreenImport | LinkMethod::BulkImport)
    }
    pub fn parse(s: &str) -> Result<Option<LinkMethod>> {
        let t = s.trim().trim_start_matches("方式");
        if t.is_empty() {
            return Ok(None);
        }
        let first = t.chars().next().map(|c| match c {
            '１' => '1',
            '２' => '2',
            '３' => '3',
            '４' => '4',
            c => c,
        });
        match first {
            Some('1') => Ok(Some(LinkMethod::Transcribe)),
            Some('2') => Ok(Some(LinkMethod::Rpa)),
            Some('3') => Ok(Some(LinkMethod::ScreenImport)),
            Some('4') => Ok(Some(LinkMethod::BulkImport)),
            _ => Err(Error::field(
                "link_method",
                format!("連携方式「{}」は使えません（1〜4）。", s.trim()),
            )),
        }
    }
}

/// One procedure to bring online.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Procedure {
    pub id: Id,
    /// national number 1–31
    pub no: u32,
    pub category: ProcedureCategory,
    pub name: String,
    /// required of every municipality (the 26 子育て・介護 ones)
    pub required: bool,
    pub owner_unit: Option<Id>,
    pub link_method: Option<LinkMethod>,
    pub plan: Option<Span>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub target_date: Option<NaiveDate>,
    pub status: Status,
    /// reason when 対象外 (e.g. 学校給食費が公会計化されていないため)
    pub excluded_reason: String,
    pub notes: String,
}

impl Procedure {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "手続名", &self.name)?;
        // a plan deserialized from an edit (JSON) has not been through Span::new
        if let Some(p) = self.plan {
            check_dates("plan", Some(p.start), Some(p.end))?;
        }
        check_dates("actual", self.actual_start, self.actual_end)?;
        if self.status == Status::NotApplicable && self.excluded_reason.trim().is_empty() {
            return Err(Error::field(
                "excluded_reason",
                format!("「{}」を対象外にする理由を入れてください。", self.name),
            ));
        }
        check_text("excluded_reason", "対象外理由", &self.excluded_reason)?;
        check_text("notes", "備考", &self.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_methods_parse_from_numbers_and_labels() {
        assert_eq!(
            LinkMethod::parse("方式3").unwrap(),
            Some(LinkMethod::ScreenImport)
        );
        assert_eq!(
            LinkMethod::parse("４").unwrap(),
            Some(LinkMethod::BulkImport)
        );
        assert_eq!(
            LinkMethod::parse("方式1 転記").unwrap(),
            Some(LinkMethod::Transcribe)
        );
        assert_eq!(LinkMethod::parse(" ").unwrap(), None);
        assert!(LinkMethod::parse("5").is_err());
        assert!(
            LinkMethod::BulkImport.needs_system_change() && !LinkMethod::Rpa.needs_system_change()
        );
    }

    #[test]
    fn a_procedure_marked_not_applicable_needs_a_reason() {
        let mut p = Procedure {
            id: 1,
            no: 8,
            category: ProcedureCategory::Childcare,
            name: "受給資格者の申出による学校給食費等の徴収等の申出".into(),
            required: true,
            owner_unit: None,
            link_method: None,
            plan: None,
            actual_start: None,
            actual_end: None,
            target_date: None,
            status: Status::NotApplicable,
            excluded_reason: " ".into(),
            notes: String::new(),
        };
        assert_eq!(
            p.validate().unwrap_err().field.as_deref(),
            Some("excluded_reason")
        );
        p.excluded_reason = "学校給食費が公会計化されていないため".into();
        assert!(p.validate().is_ok());
    }
}
