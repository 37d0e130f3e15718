//! The trend: how the work moved, month by month, read from the progress history (`model::progress`). The
//! 完了率 as of any date, overall and per 業務, against the share of steps planned to be done by then (the
//! S-curve); オンライン化 procedures done per month; training completions per 年度. Pure: the range is passed in.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::calendar::FiscalYear;
use crate::model::progress::{as_of, by_row};
use crate::model::{EnrolmentStatus, Id, ProgressEntry, RowRef, Status, StepStatus, Workbook};

/// One month of the trend, as it stood at the month's end (or at `to`, in its last month).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthPoint {
    /// first day of the month
    pub month: NaiveDate,
    /// the day the figures are taken (the month's last day, or the end of the range)
    pub as_of: NaiveDate,
    /// 完了率 of every step (完了済み + 対象外 ÷ steps), 0–1
    pub actual: f64,
    /// share of steps planned to be done by `as_of`, 0–1
    pub planned: f64,
    /// online procedures that became 完了 in the month
    pub procedures_done: usize,
    /// online procedures 完了 at `as_of`
    pub procedures_done_total: usize,
}

/// One 業務's curve (same months as `Trend::months`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemTrend {
    pub system_id: Id,
    pub name: String,
    pub actual: Vec<f64>,
    pub planned: Vec<f64>,
}

/// Training completions (修了) of one 年度.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCompletions {
    /// 2025 = 令和7年度
    pub fiscal_year: i32,
    pub label: String,
    pub completed: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub months: Vec<MonthPoint>,
    pub systems: Vec<SystemTrend>,
    pub training: Vec<YearCompletions>,
}

/// The last day of the month of `d`.
fn month_end(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// The days the trend is taken on: each month's end from `from`'s month to `to`'s, the last one `to` itself.
pub fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![];
    let mut m = from.with_day(1).unwrap_or(from);
    while m <= to {
        out.push(month_end(m).min(to));
        match m.checked_add_months(Months::new(1)) {
            Some(n) => m = n,
            None => break,
        }
    }
    out
}

fn complete_step(e: Option<&ProgressEntry>) -> bool {
    e.is_some_and(|e| matches!(e.status, Status::Done | Status::NotApplicable))
}

/// 完了率 of every step as of `date`, from the history (steps without an entry by then are not started).
pub fn completion_as_of(wb: &Workbook, date: NaiveDate) -> Option<f64> {
    let hist = by_row(&wb.progress);
    let n = wb.system_steps.len();
    (n > 0).then(|| {
        let done = wb
            .system_steps
            .iter()
            .filter(|s| complete_step(hist.get(&RowRef::Step(s.id)).and_then(|v| as_of(v, date))))
            .count();
        done as f64 / n as f64
    })
}

/// The first day the history records a 標準化 step's progress (where the S-curve starts), if any.
pub fn history_start(wb: &Workbook) -> Option<NaiveDate> {
    wb.progress
        .iter()
        .filter(|e| matches!(e.row, RowRef::Step(_)))
        .map(|e| e.on)
        .min()
}

/// The trend from the start of the history to `today`: what the council page, the 推移 sheet and the KPI
/// screen show. `None` without a recorded step or with less than two months to draw.
pub fn history_trend(wb: &Workbook, today: NaiveDate) -> Option<Trend> {
    let from = history_start(wb)?.min(today);
    let t = trend(wb, from, today);
    (t.months.len() >= 2).then_some(t)
}

/// The trend from `from` to `to` (inclusive; `from` after `to` gives no months).
pub fn trend(wb: &Workbook, from: NaiveDate, to: NaiveDate) -> Trend {
    let ends = month_ends(from, to);
    let hist = by_row(&wb.progress);
    let nm = ends.len();
    // per step: per month, (done, planned)
    let mut systems: Vec<SystemTrend> = {
        let mut v: Vec<_> = wb.systems.iter().collect();
        v.sort_by_key(|s| (s.sort, s.id));
        v.into_iter()
            .map(|s| SystemTrend {
                system_id: s.id,
                name: s.name.clone(),
                actual: vec![0.0; nm],
                planned: vec![0.0; nm],
            })
            .collect()
    };
    let pos: rustc_hash::FxHashMap<Id, usize> = systems
        .iter()
        .enumerate()
        .map(|(i, s)| (s.system_id, i))
        .collect();
    let mut steps_of = vec![0usize; systems.len()];
    let mut done_all = vec![0usize; nm];
    let mut planned_all = vec![0usize; nm];
    let mut done_sys = vec![vec![0usize; nm]; systems.len()];
    let mut planned_sys = vec![vec![0usize; nm]; systems.len()];
    for st in &wb.system_steps {
        let Some(&si) = pos.get(&st.system_id) else {
            continue;
        };
        steps_of[si] += 1;
        let entries = hist.get(&RowRef::Step(st.id));
        for (k, d) in ends.iter().enumerate() {
            let e = entries.and_then(|v| as_of(v, *d));
            if complete_step(e) {
                done_all[k] += 1;
                done_sys[si][k] += 1;
            }
            // planned: the plan ends by then; a step without a plan is planned done once it is 対象外
            let planned = match st.plan {
                Some(p) => p.end <= *d,
                None => {
                    st.status == StepStatus::NotApplicable
                        || e.is_some_and(|e| e.status == Status::NotApplicable)
                }
            };
            if planned {
                planned_all[k] += 1;
                planned_sys[si][k] += 1;
            }
        }
    }
    let total: usize = steps_of.iter().sum();
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    for (si, s) in systems.iter_mut().enumerate() {
        for k in 0..nm {
            s.actual[k] = share(done_sys[si][k], steps_of[si]);
            s.planned[k] = share(planned_sys[si][k], steps_of[si]);
        }
    }
    // procedures: 完了 at each month's end
    let mut proc_done = vec![0usize; nm];
    for p in &wb.procedures {
        let entries = hist.get(&RowRef::Procedure(p.id));
        for (k, d) in ends.iter().enumerate() {
            if entries
                .and_then(|v| as_of(v, *d))
                .is_some_and(|e| e.status == Status::Done)
            {
                proc_done[k] += 1;
            }
        }
    }
    // before the first month: 完了 the day before it starts
    let before = ends
        .first()
        .and_then(|d| d.with_day(1))
        .and_then(|d| d.pred_opt());
    let proc_before = before.map_or(0, |b| {
        wb.procedures
            .iter()
            .filter(|p| {
                hist.get(&RowRef::Procedure(p.id))
                    .and_then(|v| as_of(v, b))
                    .is_some_and(|e| e.status == Status::Done)
            })
            .count()
    });
    let months = ends
        .iter()
        .enumerate()
        .map(|(k, d)| MonthPoint {
            month: d.with_day(1).unwrap_or(*d),
            as_of: *d,
            actual: share(done_all[k], total),
            planned: share(planned_all[k], total),
            procedures_done: proc_done[k].saturating_sub(if k == 0 {
                proc_before
            } else {
                proc_done[k - 1]
            }),
            procedures_done_total: proc_done[k],
        })
        .collect();
    Trend {
        from,
        to,
        months,
        systems,
        training: training_per_year(wb, from, to),
    }
}

/// Training completions (修了) per 年度 of the range, counted by the 修了日 (else the enrolment's 年度).
pub fn training_per_year(wb: &Workbook, from: NaiveDate, to: NaiveDate) -> Vec<YearCompletions> {
    let (first, last) = (FiscalYear::of(from).0, FiscalYear::of(to).0);
    if last < first {
        return vec![];
    }
    let mut counts = vec![0usize; (last - first + 1) as usize];
    for e in &wb.enrolments {
        if e.status != EnrolmentStatus::Completed {
            continue;
        }
        let fy = e.completed_on.map(FiscalYear::of).unwrap_or(e.year).0;
        if (first..=last).contains(&fy) {
            counts[(fy - first) as usize] += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, completed)| {
            let fy = FiscalYear(first + i as i32);
            YearCompletions {
                fiscal_year: fy.0,
                label: fy.label(),
                completed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::demo;
    use crate::model::edit::{Edit, Entity, apply};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn month_ends_run_from_the_first_month_to_the_last_day_asked() {
        assert_eq!(
            month_ends(d("2025-01-15"), d("2025-03-10")),
            vec![d("2025-01-31"), d("2025-02-28"), d("2025-03-10")]
        );
        assert!(
            month_ends(d("2025-03-01"), d("2025-02-01")).is_empty(),
            "reversed range"
        );
        assert_eq!(
            month_ends(d("2020-01-01"), d("2024-12-31")).len(),
            60,
            "five years"
        );
    }

    #[test]
    fn a_step_done_on_a_date_counts_from_that_date_and_an_undone_one_never() {
        let mut wb = demo::demo_workbook().expect("demo builds");
        let today = demo::as_of();
        let n = wb.system_steps.len() as f64;
        let before = completion_as_of(&wb, today).unwrap();
        let mut st = wb
            .system_steps
            .iter()
            .find(|s| s.status == StepStatus::InProgress)
            .cloned()
            .expect("a step in progress");
        st.status = StepStatus::Done;
        st.actual_end = Some(today);
        let edit = Edit::Put {
            entity: Entity::Step(st),
        }
        .dated(today);
        let applied = apply(&mut wb, edit).expect("applies");
        let after = completion_as_of(&wb, today).unwrap();
        assert!(
            (after - before - 1.0 / n).abs() < 1e-9,
            "one step more: {before} → {after}"
        );
        let yesterday = today.pred_opt().unwrap();
        assert!(
            (completion_as_of(&wb, yesterday).unwrap() - before).abs() < 1e-9,
            "not yet the day before"
        );
        apply(&mut wb, applied.inverse).expect("undo");
        assert!(
            (completion_as_of(&wb, today).unwrap() - before).abs() < 1e-9,
            "undo takes it back out of the history"
        );
    }

    #[test]
    fn the_demo_s_curve_rises_and_ends_at_today_s_completion_rate() {
        let wb = demo::demo_workbook().expect("demo builds");
        let t = trend(&wb, d("2022-04-01"), demo::as_of());
        assert_eq!(t.months.len(), 44, "令和4年4月 → 令和7年11月");
        let first = &t.months[0];
        let last = t.months.last().unwrap();
        assert!(
            first.actual < last.actual,
            "the curve rises: {} → {}",
            first.actual,
            last.actual
        );
        assert!(
            t.months
                .windows(2)
                .all(|w| w[0].planned <= w[1].planned + 1e-12),
            "the plan never falls back"
        );
        let done = wb
            .system_steps
            .iter()
            .filter(|s| s.status.is_complete())
            .count() as f64;
        assert!(
            (last.actual - done / wb.system_steps.len() as f64).abs() < 1e-9,
            "the last point is today's 完了率 ({})",
            last.actual
        );
        assert!(last.planned > last.actual, "the demo is behind its plan");
        for s in &t.systems {
            assert_eq!(s.actual.len(), 44, "{} has every month", s.name);
        }
        let procs_done = wb
            .procedures
            .iter()
            .filter(|p| p.status == Status::Done)
            .count();
        assert_eq!(
            last.procedures_done_total, procs_done,
            "procedures 完了 today"
        );
        let per_month: usize = t.months.iter().map(|m| m.procedures_done).sum();
        assert!(
            per_month <= procs_done && per_month > 0,
            "done month by month: {per_month}"
        );
        assert!(
            t.training.iter().any(|y| y.completed > 0),
            "training completions in some 年度: {:?}",
            t.training
        );
        assert_eq!(t.training.first().map(|y| y.fiscal_year), Some(2022));
        assert_eq!(t.training.last().map(|y| y.fiscal_year), Some(2025));
    }
}
