//! A believable progress history for a workbook made in memory (the demo city, the generated large city): each row's
//! path to its current state, read from its actual dates. A step or procedure starts (作業中) on its actual start
//! and reaches its state on its actual end; a task's 進捗率 climbs month by month from its actual start; rows set
//! 対象外 from the outset are so from `since`. The last entry of every row is its current state, so the history
//! ends where the workbook is.

use chrono::{Datelike, Months, NaiveDate};

use crate::model::progress::{State, current_state, initial_state};
use crate::model::{Id, ProgressEntry, RowRef, Status, Workbook};

/// The history of every task, step and procedure from `since` to `as_of`, numbered from 1.
pub fn history(wb: &Workbook, since: NaiveDate, as_of: NaiveDate) -> Vec<ProgressEntry> {
    let rows = wb
        .tasks
        .iter()
        .map(|t| RowRef::Task(t.id))
        .chain(wb.system_steps.iter().map(|s| RowRef::Step(s.id)))
        .chain(wb.procedures.iter().map(|p| RowRef::Procedure(p.id)));
    let mut out: Vec<ProgressEntry> = vec![];
    for row in rows {
        let Some(now) = current_state(wb, row) else {
            continue;
        };
        if now == initial_state(row) {
            continue;
        }
        for (on, s) in path(row, now, since, as_of) {
            out.push(ProgressEntry {
                id: out.len() as Id + 1,
                on,
                row,
                status: s.status,
                progress: s.progress,
                actual_start: s.actual_start,
                actual_end: s.actual_end,
            });
        }
    }
    out
}

/// The dated states of one row, ending in `now`.
fn path(row: RowRef, now: State, since: NaiveDate, as_of: NaiveDate) -> Vec<(NaiveDate, State)> {
    let mut v: Vec<(NaiveDate, State)> = vec![];
    let Some(start) = now.actual_start else {
        // never started: 対象外 (or another closed state) from the outset, or as of today
        let on = if now.status == Status::NotApplicable {
            since
        } else {
            now.actual_end.unwrap_or(as_of).min(as_of)
        };
        return vec![(on, now)];
    };
    let started = State {
        status: Status::InProgress,
        progress: now.progress.map(|_| 0),
        actual_start: Some(start),
        actual_end: None,
    };
    let end = now.actual_end.unwrap_or(as_of).min(as_of).max(start);
    v.push((start, started));
    if let (RowRef::Task(_), Some(target)) = (row, now.progress) {
        // monthly reports of a rising 進捗率 between the start and the end
        let months: Vec<NaiveDate> = month_ends_between(start, end);
        let n = months.len() + 1;
        for (k, d) in months.into_iter().enumerate() {
            let p = (u32::from(target) * (k as u32 + 1) / n as u32) as u8;
            if p > 0 {
                v.push((
                    d,
                    State {
                        progress: Some(p),
                        ..started
                    },
                ));
            }
        }
    }
    let last_on = v.last().map(|(d, _)| *d).unwrap_or(start);
    let on = now
        .actual_end
        .unwrap_or(last_on)
        .max(last_on)
        .min(as_of.max(last_on));
    if v.last().map(|(_, s)| *s) != Some(now) {
        v.push((on, now));
    }
    v
}

/// Each month's last day strictly after `from` and strictly before `to`.
fn month_ends_between(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![];
    let mut m = from.with_day(1).unwrap_or(from);
    while let Some(next) = m.checked_add_months(Months::new(1)) {
        let Some(end) = next.pred_opt() else { break };
        if end >= to {
            break;
        }
        if end > from {
            out.push(end);
        }
        m = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_s_last_entry_is_its_current_state_and_dates_never_go_back() {
        let wb = crate::data::demo::demo_workbook().expect("demo builds");
        assert!(!wb.progress.is_empty(), "the demo carries a history");
        let by = crate::model::progress::by_row(&wb.progress);
        for (row, entries) in &by {
            let last = entries.last().expect("non-empty");
            assert_eq!(
                Some(last.state()),
                current_state(&wb, *row),
                "{row:?}: the history ends at the current state"
            );
            let mut ids: Vec<Id> = entries.iter().map(|e| e.id).collect();
            let sorted = ids.clone();
            ids.sort();
            assert_eq!(ids, sorted, "{row:?}: recorded in date order");
        }
        assert!(
            crate::model::progress::missing_entries(&wb, crate::data::demo::as_of()).is_empty(),
            "no row in progress lacks a history"
        );
    }

    #[test]
    fn a_task_s_progress_rises_month_by_month() {
        let start: NaiveDate = "2025-06-10".parse().unwrap();
        let now = State {
            status: Status::InProgress,
            progress: Some(50),
            actual_start: Some(start),
            actual_end: None,
        };
        let p = path(
            RowRef::Task(1),
            now,
            "2022-04-01".parse().unwrap(),
            "2025-11-20".parse().unwrap(),
        );
        let progress: Vec<u8> = p.iter().filter_map(|(_, s)| s.progress).collect();
        assert_eq!(progress.first(), Some(&0), "starts at 0: {progress:?}");
        assert_eq!(
            progress.last(),
            Some(&50),
            "ends at the current 50: {progress:?}"
        );
        assert!(
            progress.windows(2).all(|w| w[0] <= w[1]),
            "never falls: {progress:?}"
        );
        assert!(p.len() >= 5, "monthly reports June → November: {p:?}");
    }
}
