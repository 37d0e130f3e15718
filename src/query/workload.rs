//! 山積み (workload peaks): per month, how many 標準化 steps are planned to be in progress across all systems, in
//! total and per 所管課, against each 課's capacity — because the office plans every system side by side and has
//! to see where the work piles up before the deadline. Pure.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Id, StepStatus, Workbook};

/// The name a step's load is counted under when its system has no 所管課.
pub const NO_UNIT: &str = "所管課未設定";

/// One 所管課's row of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitLoad {
    /// `None`: the systems without a 所管課.
    pub unit_id: Option<Id>,
    pub name: String,
    /// How many steps the 課 can carry at once (`OrgUnit::step_capacity`); `None`: not set.
    pub capacity: Option<u32>,
    /// Steps in progress per month (same length as `Workload::months`).
    pub counts: Vec<u32>,
}

impl UnitLoad {
    /// Is the 課 over its capacity in month `i`?
    pub fn over(&self, i: usize) -> bool {
        matches!((self.capacity, self.counts.get(i)), (Some(c), Some(n)) if *n > c)
    }
}

/// The workload of the 標準化 steps by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workload {
    /// The first day of each month, in order.
    pub months: Vec<NaiveDate>,
    /// All steps in progress per month.
    pub total: Vec<u32>,
    /// One row per 所管課 with any load, in the org's order (units without a 所管課 last).
    pub units: Vec<UnitLoad>,
}

impl Workload {
    /// Months (indexes) in which some 課 is over its capacity.
    pub fn months_over(&self) -> Vec<usize> {
        (0..self.months.len())
            .filter(|&i| self.units.iter().any(|u| u.over(i)))
            .collect()
    }
    /// The busiest month and its count (the first one on a tie); `None` when nothing is planned.
    pub fn peak(&self) -> Option<(NaiveDate, u32)> {
        let (i, n) = self
            .total
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
        (*n > 0).then(|| (self.months[i], *n))
    }
}

/// First day of every month from `from`'s month to `to`'s month.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let Some(mut m) = from.with_day(1) else {
        return out;
    };
    while m <= to {
        out.push(m);
        m = match m.checked_add_months(chrono::Months::new(1)) {
            Some(n) => n,
            None => break,
        };
    }
    out
}

/// Steps in progress per month between `from` and `to` (whole months). A step counts in every month its plan
/// touches (start and end inclusive), whatever its status, except 対象外; steps without a plan do not count. Its
/// load goes to the system's first 所管課 (the 主管課), so the 課 rows add up to the total.
pub fn workload(wb: &Workbook, from: NaiveDate, to: NaiveDate) -> Workload {
    let months = months(from, to);
    let n = months.len();
    let mut total = vec![0u32; n];
    let mut units: Vec<UnitLoad> = Vec::new();
    for step in &wb.system_steps {
        if step.status == StepStatus::NotApplicable {
            continue;
        }
        let Some(plan) = step.plan else { continue };
        let owner = wb
            .system(step.system_id)
            .and_then(|s| s.owner_units.first().copied());
        let touched: Vec<usize> = months
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                let next = m
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(NaiveDate::MAX);
                plan.start < next && plan.end >= **m
            })
            .map(|(i, _)| i)
            .collect();
        if touched.is_empty() {
            continue;
        }
        let row = match units.iter().position(|u| u.unit_id == owner) {
            Some(i) => i,
            None => {
                let unit = owner.and_then(|id| wb.unit(id));
                units.push(UnitLoad {
                    unit_id: owner,
                    name: unit.map_or(NO_UNIT.to_string(), |u| u.name.clone()),
                    capacity: unit.and_then(|u| u.step_capacity),
                    counts: vec![0; n],
                });
                units.len() - 1
            }
        };
        for i in touched {
            total[i] += 1;
            units[row].counts[i] += 1;
        }
    }
    units.sort_by_key(|u| {
        let unit = u.unit_id.and_then(|id| wb.unit(id));
        (unit.is_none(), unit.map(|x| (x.sort, x.id)))
    });
    Workload {
        months,
        total,
        units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrgUnit, Span, System, SystemGroup, SystemStep, UnitKind, WorkbookMeta};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn unit(id: Id, name: &str, sort: i64, capacity: Option<u32>) -> OrgUnit {
        OrgUnit {
            id,
            name: name.into(),
            kind: UnitKind::Section,
            parent_id: None,
            linked_units: vec![],
            sort,
            step_capacity: capacity,
        }
    }

    fn system(id: Id, owners: Vec<Id>) -> System {
        System {
            id,
            name: format!("業務{id}"),
            group: SystemGroup::First,
            owner_units: owners,
            vendor: String::new(),
            pattern: None,
            target_date: d(2026, 3, 31),
            specified: false,
            specified_reason: String::new(),
            specified_deadline: None,
            specified_cause: None,
            notes: String::new(),
            sort: id,
        }
    }

    fn step(
        id: Id,
        system_id: Id,
        plan: Option<(NaiveDate, NaiveDate)>,
        status: StepStatus,
    ) -> SystemStep {
        SystemStep {
            id,
            system_id,
            template_step_id: 1,
            plan: plan.map(|(start, end)| Span { start, end }),
            actual_start: None,
            actual_end: None,
            status,
            notes: String::new(),
        }
    }

    /// 市民課 (sort 2, capacity 2) owns 業務1; 税務課 (sort 1, no capacity) owns 業務2 (with 市民課 second);
    /// 業務3 has no 所管課.
    fn book() -> Workbook {
        let mut wb = Workbook::empty(WorkbookMeta::new("テスト市").expect("meta"));
        wb.units = vec![unit(1, "市民課", 2, Some(2)), unit(2, "税務課", 1, None)];
        wb.systems = vec![system(1, vec![1]), system(2, vec![2, 1]), system(3, vec![])];
        wb.system_steps = vec![
            // 市民課: across the 年度 edge, 2026-02-15..2026-04-01 → Feb, Mar, Apr.
            step(
                1,
                1,
                Some((d(2026, 2, 15), d(2026, 4, 1))),
                StepStatus::InProgress,
            ),
            // 市民課: March alone, finished — still counted (the plan was there).
            step(
                2,
                1,
                Some((d(2026, 3, 1), d(2026, 3, 31))),
                StepStatus::Done,
            ),
            // 市民課: ends on the last day of the 年度, 2026-03-31.
            step(
                3,
                1,
                Some((d(2026, 3, 31), d(2026, 3, 31))),
                StepStatus::NotStarted,
            ),
            // 市民課: 対象外 never counts; no plan never counts.
            step(
                4,
                1,
                Some((d(2026, 3, 1), d(2026, 3, 31))),
                StepStatus::NotApplicable,
            ),
            step(5, 1, None, StepStatus::NotStarted),
            // 税務課 (主管課 of 業務2): starts on the first day of the 年度, 2026-04-01..2026-05-10.
            step(
                6,
                2,
                Some((d(2026, 4, 1), d(2026, 5, 10))),
                StepStatus::NotStarted,
            ),
            // no 所管課: January only, before the period → not counted; and one in April.
            step(
                7,
                3,
                Some((d(2025, 12, 1), d(2026, 1, 31))),
                StepStatus::NotStarted,
            ),
            step(
                8,
                3,
                Some((d(2026, 4, 30), d(2026, 4, 30))),
                StepStatus::NotStarted,
            ),
        ];
        wb
    }

    #[test]
    fn steps_count_in_every_month_their_plan_touches_across_the_fiscal_year_edge() {
        let w = workload(&book(), d(2026, 2, 10), d(2026, 5, 1));
        assert_eq!(
            w.months,
            vec![d(2026, 2, 1), d(2026, 3, 1), d(2026, 4, 1), d(2026, 5, 1)],
            "whole months from February to May"
        );
        // Feb: s1. Mar: s1 s2 s3. Apr: s1 s6 s8. May: s6.
        assert_eq!(w.total, vec![1, 3, 3, 1], "totals by hand");
        let names: Vec<&str> = w.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["税務課", "市民課", NO_UNIT],
            "in the org's order, units without a 所管課 last"
        );
        assert_eq!(
            w.units[0].counts,
            vec![0, 0, 1, 1],
            "税務課: the step from 4-01 to 5-10"
        );
        assert_eq!(
            w.units[1].counts,
            vec![1, 3, 1, 0],
            "市民課: March is the 年度's last month, April the next 年度's first"
        );
        assert_eq!(w.units[2].counts, vec![0, 0, 1, 0], "no 所管課: 4-30 only");
        for i in 0..w.months.len() {
            let sum: u32 = w.units.iter().map(|u| u.counts[i]).sum();
            assert_eq!(
                sum, w.total[i],
                "month {i}: the 課 rows add up to the total"
            );
        }
    }

    #[test]
    fn months_over_a_units_capacity_are_marked() {
        let w = workload(&book(), d(2026, 2, 1), d(2026, 5, 31));
        let shimin = &w.units[1];
        assert_eq!(
            shimin.capacity,
            Some(2),
            "市民課's capacity comes from the workbook"
        );
        assert!(
            shimin.over(1) && !shimin.over(0) && !shimin.over(2),
            "3 > 2 only in March"
        );
        assert!(!w.units[0].over(2), "税務課 has no capacity: never over");
        assert_eq!(w.months_over(), vec![1], "March is the month over capacity");
        assert_eq!(
            w.peak(),
            Some((d(2026, 3, 1), 3)),
            "the first busiest month"
        );
    }

    #[test]
    fn an_empty_period_or_book_has_no_load() {
        let w = workload(&book(), d(2030, 4, 1), d(2030, 6, 30));
        assert_eq!(w.total, vec![0, 0, 0], "nothing planned in 2030");
        assert!(w.units.is_empty(), "no 課 rows without load");
        assert_eq!(w.peak(), None, "no peak");
        assert!(
            workload(&book(), d(2026, 5, 1), d(2026, 4, 1))
                .months
                .is_empty(),
            "a period that ends before it starts has no months"
        );
    }
}
