//! 運用経費: what the office pays each 年度 to run each system, split by what it pays for, from the 平成30年度
//! baseline the national 3割削減 target is measured against.

use serde::{Deserialize, Serialize};

use super::yen::Yen;
use super::{FiscalYears, check_note};
use crate::calendar::FiscalYear;
use crate::error::{Error, Result};
use crate::model::Id;

/// The year the 3割削減 target is measured against: 平成30年度.
pub const BASELINE_YEAR: FiscalYear = FiscalYear(2018);
/// The year by which the running cost should be at least 30 % below the baseline: 令和8年度.
pub const TARGET_YEAR: FiscalYear = FiscalYear(2026);

/// What a system's running cost pays for.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// 現行システム保守・使用料
    CurrentSystem,
    /// 標準準拠システム利用料
    StandardSystem,
    /// ガバメントクラウド利用料
    GovCloud,
    /// 接続回線
    Network,
    /// その他
    Other,
}

impl CostCategory {
    pub const ALL: [CostCategory; 5] = [
        CostCategory::CurrentSystem,
        CostCategory::StandardSystem,
        CostCategory::GovCloud,
        CostCategory::Network,
        CostCategory::Other,
    ];
    pub fn label(self) -> &'static str {
        match self {
            CostCategory::CurrentSystem => "現行システム保守・使用料",
            CostCategory::StandardSystem => "標準準拠システム利用料",
            CostCategory::GovCloud => "ガバメントクラウド利用料",
            CostCategory::Network => "接続回線",
            CostCategory::Other => "その他",
        }
    }
    /// Reads the label (also the short forms a finance export uses) or the English key.
    pub fn parse(s: &str) -> Result<CostCategory> {
        match s.trim() {
            "現行システム保守・使用料" | "現行システム" | "保守・使用料" | "current_system" => {
                Ok(CostCategory::CurrentSystem)
            }
            "標準準拠システム利用料" | "標準準拠システム" | "standard_system" => {
                Ok(CostCategory::StandardSystem)
            }
            "ガバメントクラウド利用料" | "ガバメントクラウド" | "gov_cloud" => {
                Ok(CostCategory::GovCloud)
            }
            "接続回線" | "回線" | "network" => Ok(CostCategory::Network),
            "その他" | "other" => Ok(CostCategory::Other),
            t => Err(Error::field(
                "category",
                format!(
                    "経費の区分「{t}」は使えません（現行システム保守・使用料・標準準拠システム利用料・ガバメントクラウド利用料・接続回線・その他）。"
                ),
            )),
        }
    }
}

/// Whether an amount is what was spent (決算) or what is planned (予算・見込み).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 実績: every row of the sum has its actual amount
    Actual,
    /// 計画（見込み）: at least one row of the sum has only its planned amount
    Planned,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Actual => "実績",
            Basis::Planned => "計画（見込み）",
        }
    }
}

/// One system's running cost in one 年度 for one category: the planned amount, the actual one, or both.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunningCost {
    pub id: Id,
    pub system_id: Id,
    pub year: FiscalYear,
    pub category: CostCategory,
    /// 計画額（予算額）
    pub planned: Option<Yen>,
    /// 実績額（決算額）
    pub actual: Option<Yen>,
    pub note: String,
}

impl RunningCost {
    /// The rules of the row alone: a year the plan covers, at least one amount, amounts neither negative nor
    /// absurd.
    pub fn validate(&self, years: FiscalYears) -> Result<()> {
        years.check("year", self.year)?;
        if self.planned.is_none() && self.actual.is_none() {
            return Err(Error::field(
                "planned",
                "計画額か実績額のどちらかを入れてください。",
            ));
        }
        if let Some(p) = self.planned {
            p.check("planned", "計画額")?;
        }
        if let Some(a) = self.actual {
            a.check("actual", "実績額")?;
        }
        check_note(&self.note)
    }
    /// The amount a comparison uses: the actual one when there is one, else the planned one.
    pub fn amount(&self) -> (Yen, Basis) {
        match (self.actual, self.planned) {
            (Some(a), _) => (a, Basis::Actual),
            (None, Some(p)) => (p, Basis::Planned),
            (None, None) => (Yen::ZERO, Basis::Planned),
        }
    }
}

/// A system that came into service after 平成30年度: it had no running cost then, so its baseline is 0円 (not
/// unknown), and its whole cost counts as an increase in the total.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStart {
    pub id: Id,
    pub system_id: Id,
    /// 稼働開始年度 (after 平成30年度)
    pub year: FiscalYear,
}

impl ServiceStart {
    pub fn validate(&self, years: FiscalYears) -> Result<()> {
        if self.year <= BASELINE_YEAR {
            return Err(Error::field(
                "year",
                format!(
                    "稼働開始年度（{}）は{}より後にしてください。{}から稼働していたシステムは、{}の経費を入れてください。",
                    self.year.label(),
                    BASELINE_YEAR.label(),
                    BASELINE_YEAR.label(),
                    BASELINE_YEAR.label()
                ),
            ));
        }
        years.check("year", self.year)
    }
}
