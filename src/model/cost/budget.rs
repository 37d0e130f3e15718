//! 予算: what each initiative or task is budgeted and has executed per 年度, so step ⑧ 予算要求 has figures.

use serde::{Deserialize, Serialize};

use super::yen::Yen;
use super::{FiscalYears, check_note};
use crate::calendar::FiscalYear;
use crate::error::{Error, Result};
use crate::model::Id;

/// What a budget line belongs to.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Budgeted {
    /// 取組事項
    Initiative(Id),
    /// 取組内容 (a 工程表 row)
    Task(Id),
}

/// One 年度's budget of an initiative or a task.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub id: Id,
    pub budgeted: Budgeted,
    pub year: FiscalYear,
    /// 予算額
    pub planned: Yen,
    /// 執行額 (None until known)
    pub executed: Option<Yen>,
    pub note: String,
}

impl Budget {
    pub fn validate(&self, years: FiscalYears) -> Result<()> {
        years.check("year", self.year)?;
        self.planned.check("planned", "予算額")?;
        if let Some(e) = self.executed {
            e.check("executed", "執行額")?;
        }
        check_note(&self.note)
    }
}

/// Budget lines refused when one initiative or task has two lines for one 年度.
pub(super) fn duplicate_year(line: &Budget, others: &[Budget]) -> Result<()> {
    if others
        .iter()
        .any(|b| b.id != line.id && b.budgeted == line.budgeted && b.year == line.year)
    {
        return Err(Error::field(
            "year",
            format!(
                "{}の予算は既に入っています。その行を直してください。",
                line.year.label()
            ),
        ));
    }
    Ok(())
}
