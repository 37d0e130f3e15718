//! Progress history: each dated change of status, progress and actual dates of a 工程表 task, a 標準化 step or
//! an オンライン化 procedure, so the 完了率 can be asked as of any date (the trend, `query::trend`).
//!
//! An entry is the state a row had from its effective date on. `Edit::Dated` records them: after the inner edit,
//! every tracked row it touched whose state differs from the row's latest entry gets a new one, in the same
//! applied edit (so the store writes it in the same transaction and undo removes it). Undo itself records
//! nothing: the undone row is back at its latest remaining entry.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::edit::Key;
use super::{Id, RowRef, Status, StepStatus, Workbook};
use crate::error::Result;

/// One dated state of a tracked row.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub id: Id,
    /// the date the change is effective (the session's today unless the edit named one)
    pub on: NaiveDate,
    pub row: RowRef,
    /// a task's or procedure's status; a step's status by the same key (完了済み is `Done`)
    pub status: Status,
    /// 進捗率 of a task (none for steps and procedures)
    pub progress: Option<u8>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

impl ProgressEntry {
    pub fn validate(&self) -> Result<()> {
        super::check_dates("actual", self.actual_start, self.actual_end)?;
        if self.progress.is_some_and(|p| p > 100) {
            return Err(crate::error::Error::field(
                "progress",
                "進捗率は0〜100の範囲にしてください。",
            ));
        }
        Ok(())
    }
    /// The tracked part of the entry (everything but its id and date).
    pub fn state(&self) -> State {
        State {
            status: self.status,
            progress: self.progress,
            actual_start: self.actual_start,
            actual_end: self.actual_end,
        }
    }
    /// A step's 完了 in the national sense (完了済み or 対象外), a task's or procedure's closed state.
    pub fn complete(&self) -> bool {
        match self.row {
            RowRef::Step(_) => matches!(self.status, Status::Done | Status::NotApplicable),
            _ => self.status.is_closed(),
        }
    }
}

/// What the history tracks of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub progress: Option<u8>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

/// A step's status under the history's key.
pub fn step_status(s: StepStatus) -> Status {
    match s {
        StepStatus::NotStarted => Status::NotStarted,
        StepStatus::InProgress => Status::InProgress,
        StepStatus::Done => Status::Done,
        StepStatus::NotApplicable => Status::NotApplicable,
    }
}

/// The row's current state, if it exists and is tracked.
pub fn current_state(wb: &Workbook, row: RowRef) -> Option<State> {
    match row {
        RowRef::Task(id) => wb.task(id).map(|t| State {
            status: t.status,
            progress: Some(t.progress),
            actual_start: t.actual_start,
            actual_end: t.actual_end,
        }),
        RowRef::Step(id) => super::edit::find(&wb.system_steps, id).map(|s| State {
            status: step_status(s.status),
            progress: None,
            actual_start: s.actual_start,
            actual_end: s.actual_end,
        }),
        RowRef::Procedure(id) => super::edit::find(&wb.procedures, id).map(|p| State {
            status: p.status,
            progress: None,
            actual_start: p.actual_start,
            actual_end: p.actual_end,
        }),
    }
}

/// The state a row has before any entry: not started, nothing done.
pub fn initial_state(row: RowRef) -> State {
    State {
        status: Status::NotStarted,
        progress: matches!(row, RowRef::Task(_)).then_some(0),
        actual_start: None,
        actual_end: None,
    }
}

/// The tracked row a key names, if any.
pub fn tracked(k: Key) -> Option<RowRef> {
    match k {
        Key::Task(id) => Some(RowRef::Task(id)),
        Key::Step(id) => Some(RowRef::Step(id)),
        Key::Procedure(id) => Some(RowRef::Procedure(id)),
        _ => None,
    }
}

/// The entries an applied edit adds: one per tracked row in `changed` whose state now differs from its latest
/// recorded entry (the highest id), or from the initial state when it has none. Deleted rows get none.
pub fn entries_for(wb: &Workbook, changed: &[Key], on: NaiveDate) -> Vec<ProgressEntry> {
    let rows: Vec<RowRef> = {
        let mut seen = rustc_hash::FxHashSet::default();
        changed
            .iter()
            .filter_map(|k| tracked(*k))
            .filter(|r| seen.insert(*r))
            .collect()
    };
    if rows.is_empty() {
        return vec![];
    }
    let latest = latest_entries(&wb.progress);
    let mut next = wb.progress.iter().map(|e| e.id).max().unwrap_or(0) + 1;
    let mut out = vec![];
    for row in rows {
        let Some(now) = current_state(wb, row) else {
            continue;
        };
        let before = latest
            .get(&row)
            .map(|i| wb.progress[*i].state())
            .unwrap_or_else(|| initial_state(row));
        if now != before {
            out.push(ProgressEntry {
                id: next,
                on,
                row,
                status: now.status,
                progress: now.progress,
                actual_start: now.actual_start,
                actual_end: now.actual_end,
            });
            next += 1;
        }
    }
    out
}

/// The entries a workbook lacks to start its history: one per tracked row that has left its initial state but has
/// no entry, dated its actual end, else its actual start, else `on` (what the v1 → v2 migration does in SQL).
pub fn missing_entries(wb: &Workbook, on: NaiveDate) -> Vec<ProgressEntry> {
    let have: rustc_hash::FxHashSet<RowRef> = wb.progress.iter().map(|e| e.row).collect();
    let rows = wb
        .tasks
        .iter()
        .map(|t| RowRef::Task(t.id))
        .chain(wb.system_steps.iter().map(|s| RowRef::Step(s.id)))
        .chain(wb.procedures.iter().map(|p| RowRef::Procedure(p.id)));
    let mut next = wb.progress.iter().map(|e| e.id).max().unwrap_or(0) + 1;
    let mut out = vec![];
    for row in rows {
        if have.contains(&row) {
            continue;
        }
        let Some(s) = current_state(wb, row) else {
            continue;
        };
        if s != initial_state(row) {
            out.push(ProgressEntry {
                id: next,
                on: s.actual_end.or(s.actual_start).unwrap_or(on),
                row,
                status: s.status,
                progress: s.progress,
                actual_start: s.actual_start,
                actual_end: s.actual_end,
            });
            next += 1;
        }
    }
    out
}

/// Position of each row's latest recorded entry (the highest id).
fn latest_entries(entries: &[ProgressEntry]) -> FxHashMap<RowRef, usize> {
    let mut m: FxHashMap<RowRef, usize> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        match m.get(&e.row) {
            Some(j) if entries[*j].id > e.id => {}
            _ => {
                m.insert(e.row, i);
            }
        }
    }
    m
}

/// Each row's entries in effective order (date, then id): the history as the trend reads it.
pub fn by_row(entries: &[ProgressEntry]) -> FxHashMap<RowRef, Vec<&ProgressEntry>> {
    let mut m: FxHashMap<RowRef, Vec<&ProgressEntry>> = FxHashMap::default();
    for e in entries {
        m.entry(e.row).or_default().push(e);
    }
    for v in m.values_mut() {
        v.sort_by_key(|e| (e.on, e.id));
    }
    m
}

/// The entry in force on `date` among a row's entries in effective order.
pub fn as_of<'a>(entries: &[&'a ProgressEntry], date: NaiveDate) -> Option<&'a ProgressEntry> {
    let n = entries.partition_point(|e| e.on <= date);
    n.checked_sub(1).map(|i| entries[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{Edit, Entity, apply};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn wb_with_step() -> (Workbook, crate::model::SystemStep) {
        let wb = crate::data::templates::national_workbook(
            crate::model::WorkbookMeta::new("テスト市").unwrap(),
        )
        .unwrap();
        let st = wb.system_steps[0].clone();
        (wb, st)
    }

    #[test]
    fn a_dated_edit_records_the_new_state_once_and_its_inverse_removes_it() {
        let (mut wb, mut st) = wb_with_step();
        st.status = StepStatus::InProgress;
        st.actual_start = Some(d("2025-05-01"));
        let a = apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Step(st.clone()),
            }
            .dated(d("2025-05-02")),
        )
        .unwrap();
        assert_eq!(wb.progress.len(), 1, "one entry");
        let e = &wb.progress[0];
        assert_eq!(
            (e.on, e.row, e.status),
            (d("2025-05-02"), RowRef::Step(st.id), Status::InProgress)
        );
        assert!(
            a.changed.contains(&Key::Progress(e.id)),
            "the store writes it with the edit"
        );
        // the same state again: nothing new
        apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Step(st.clone()),
            }
            .dated(d("2025-06-01")),
        )
        .unwrap();
        assert_eq!(wb.progress.len(), 1, "no change, no entry");
        // undo, itself dated (as the store dates everything): the entry goes, nothing is recorded
        apply(&mut wb, a.inverse.dated(d("2025-06-02"))).unwrap();
        assert!(
            wb.progress.is_empty(),
            "undo removed the entry: {:?}",
            wb.progress
        );
    }

    #[test]
    fn an_explicit_date_is_kept_and_a_dated_edit_is_not_dated_twice() {
        let e = Edit::SetVision {
            vision: Default::default(),
        };
        let once = e.dated(d("2025-04-01"));
        assert_eq!(
            once.clone().dated(d("2026-01-01")),
            once,
            "the first date wins"
        );
    }

    #[test]
    fn the_entry_in_force_is_the_latest_on_or_before_the_date() {
        let mk = |id, on: &str, status| ProgressEntry {
            id,
            on: d(on),
            row: RowRef::Task(1),
            status,
            progress: Some(0),
            actual_start: None,
            actual_end: None,
        };
        let v = [
            mk(1, "2025-04-01", Status::InProgress),
            mk(2, "2025-06-01", Status::Done),
        ];
        let refs: Vec<&ProgressEntry> = v.iter().collect();
        assert_eq!(
            as_of(&refs, d("2025-03-31")),
            None,
            "nothing before the first"
        );
        assert_eq!(as_of(&refs, d("2025-04-01")).map(|e| e.id), Some(1));
        assert_eq!(as_of(&refs, d("2025-05-31")).map(|e| e.id), Some(1));
        assert_eq!(as_of(&refs, d("2025-06-01")).map(|e| e.id), Some(2));
    }
}
