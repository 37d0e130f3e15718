//! Baselines: a named snapshot of every planned date, so a meeting can see what slipped since the approved plan.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, Span, Workbook, clean_name};
use crate::error::{Error, Result};

/// A schedulable row of the workbook.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RowRef {
    /// 工程表 row
    Task(Id),
    /// a system's migration step
    Step(Id),
    /// an online procedure
    Procedure(Id),
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub row: RowRef,
    pub plan: Span,
}

/// 基準計画: e.g. 当初計画, 令和7年9月議会報告時点.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub id: Id,
    pub name: String,
    pub taken_on: NaiveDate,
    pub entries: Vec<BaselineEntry>,
}

impl Baseline {
    /// Snapshot of every planned date in the workbook now.
    pub fn take(id: Id, name: &str, taken_on: NaiveDate, wb: &Workbook) -> Result<Baseline> {
        let name = clean_name("name", "基準計画名", name)?;
        if wb.baselines.iter().any(|b| b.name == name && b.id != id) {
            return Err(Error::duplicate("基準計画", &name).with_field("name"));
        }
        Ok(Baseline {
            id,
            name,
            taken_on,
            entries: planned_rows(wb),
        })
    }

    pub fn plan_of(&self, row: RowRef) -> Option<Span> {
        self.entries.iter().find(|e| e.row == row).map(|e| e.plan)
    }
}

/// Every row with a planned span, in a stable order.
pub fn planned_rows(wb: &Workbook) -> Vec<BaselineEntry> {
    let tasks = wb.tasks.iter().filter_map(|t| {
        Some(BaselineEntry {
            row: RowRef::Task(t.id),
            plan: t.plan?,
        })
    });
    let steps = wb.system_steps.iter().filter_map(|s| {
        Some(BaselineEntry {
            row: RowRef::Step(s.id),
            plan: s.plan?,
        })
    });
    let procs = wb.procedures.iter().filter_map(|p| {
        Some(BaselineEntry {
            row: RowRef::Procedure(p.id),
            plan: p.plan?,
        })
    });
    let mut v: Vec<BaselineEntry> = tasks.chain(steps).chain(procs).collect();
    v.sort_by_key(|e| e.row);
    v
}

/// Shift of a row's current plan against a baseline, in calendar days (positive = later).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variance {
    pub start_days: i64,
    pub end_days: i64,
}

pub fn variance(baseline: Span, current: Span) -> Variance {
    Variance {
        start_days: (current.start - baseline.start).num_days(),
        end_days: (current.end - baseline.end).num_days(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: &str, b: &str) -> Span {
        Span::new(a.parse().unwrap(), b.parse().unwrap()).unwrap()
    }

    #[test]
    fn variance_counts_calendar_days_later_as_positive() {
        let v = variance(
            span("2025-04-01", "2025-09-30"),
            span("2025-04-15", "2025-12-31"),
        );
        assert_eq!(
            v,
            Variance {
                start_days: 14,
                end_days: 92
            }
        );
        let early = variance(
            span("2025-04-01", "2025-09-30"),
            span("2025-03-31", "2025-09-29"),
        );
        assert_eq!(
            early,
            Variance {
                start_days: -1,
                end_days: -1
            }
        );
    }
}
