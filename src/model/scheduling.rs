//! Dependencies that schedule: when a task moves, which successors must move with it (and by how much) so every
//! finish-to-start lag still holds, and the critical path to a milestone. Pure: the plan is a value the window
//! previews (「後続も動かす」) before it is applied as one edit.

use std::collections::{BTreeSet, HashMap, VecDeque};

use chrono::NaiveDate;

use super::edit::{Edit, Entity};
use super::roadmap::earliest_start;
use super::{Id, Span, Workbook};
use crate::calendar::{add_working_days, is_working_day, wareki, working_days_between};
use crate::error::{Error, Result};

#[cfg(test)]
mod tests;

/// One task's plan before and after a shift.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Shift {
    pub task_id: Id,
    pub old: Span,
    pub new: Span,
}

/// The field an already-begun successor is reported on (the window offers 「この作業だけ」 then).
pub const BEGUN_FIELD: &str = "successors";

/// The successors of `moved` (transitively) that must move when its plan becomes `new_plan`, each just far enough
/// to start on `earliest_start` of its latest-ending predecessor (lags in working days), keeping its length in
/// working days; in dependency order (ties by the 工程表 order). A task is never moved earlier, and one without a
/// plan is left alone (it constrains nothing). Refused, naming the tasks, when a successor that would move has
/// already begun (an actual start): its dates are history, not plan.
pub fn plan_shift(wb: &Workbook, moved: Id, new_plan: Span) -> Result<Vec<Shift>> {
    let task = wb
        .task(moved)
        .ok_or_else(|| Error::not_found("取組内容", moved))?;
    Span::new(new_plan.start, new_plan.end).map_err(|e| e.with_field("plan"))?;
    let mut succ: HashMap<Id, Vec<Id>> = HashMap::new();
    let mut preds: HashMap<Id, Vec<(Id, i32)>> = HashMap::new();
    for d in &wb.dependencies {
        succ.entry(d.predecessor).or_default().push(d.successor);
        preds
            .entry(d.successor)
            .or_default()
            .push((d.predecessor, d.lag));
    }
    let order: HashMap<Id, (i64, Id)> = wb.tasks.iter().map(|t| (t.id, (t.sort, t.id))).collect();
    // the successors reachable from the moved task, then Kahn's order over them (ties in 工程表 order)
    let mut reach: BTreeSet<Id> = BTreeSet::new();
    let mut queue = VecDeque::from([task.id]);
    while let Some(n) = queue.pop_front() {
        for &s in succ.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
            if reach.insert(s) {
                queue.push_back(s);
            }
        }
    }
    let mut indeg: HashMap<Id, usize> = reach
        .iter()
        .map(|&s| {
            let n = preds[&s].iter().filter(|(p, _)| reach.contains(p)).count();
            (s, n)
        })
        .collect();
    let key = |id: Id| order.get(&id).copied().unwrap_or((i64::MAX, id));
    let mut ready: BTreeSet<((i64, Id), Id)> = indeg
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(&s, _)| (key(s), s))
        .collect();
    let mut plans: HashMap<Id, Span> = wb
        .tasks
        .iter()
        .filter_map(|t| Some((t.id, t.plan?)))
        .collect();
    plans.insert(task.id, new_plan);
    let mut shifts = Vec::new();
    while let Some(first) = ready.pop_first() {
        let s = first.1;
        if let Some(&old) = plans.get(&s) {
            let earliest = preds[&s]
                .iter()
                .filter_map(|&(p, lag)| Some(earliest_start(plans.get(&p)?.end, lag)))
                .max();
            if let Some(earliest) = earliest.filter(|e| old.start < *e) {
                let new = Span {
                    start: earliest,
                    end: end_keeping_working_days(old, earliest),
                };
                plans.insert(s, new);
                shifts.push(Shift {
                    task_id: s,
                    old,
                    new,
                });
            }
        }
        for &n in succ.get(&s).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(d) = indeg.get_mut(&n) {
                *d -= 1;
                if *d == 0 {
                    ready.insert((key(n), n));
                }
            }
        }
    }
    let begun: Vec<String> = shifts
        .iter()
        .filter_map(|sh| {
            let t = wb.task(sh.task_id)?;
            let d = t.actual_start?;
            Some(format!("「{}」（実績開始 {}）", t.name, wareki(d)))
        })
        .collect();
    if !begun.is_empty() {
        return Err(Error::field(
            BEGUN_FIELD,
            format!(
                "後続の{}は既に始まっているため、自動では動かせません。「この作業だけ」を選ぶか、後続の日程を先に見直してください。",
                begun.join("、")
            ),
        ));
    }
    Ok(shifts)
}

/// The end of `old` moved to start on `start`, keeping its length in working days (a span of closed days only
/// keeps its length in calendar days).
fn end_keeping_working_days(old: Span, start: NaiveDate) -> NaiveDate {
    let wd = working_days_between(old.start, old.end);
    if wd == 0 {
        return start + (old.end - old.start);
    }
    let first_open = if is_working_day(start) {
        start
    } else {
        add_working_days(start, 1)
    };
    add_working_days(first_open, wd - 1)
}

/// The one edit that moves `moved` to `new_plan` and applies `shifts`: a batch of puts (one undo step).
pub fn shift_edit(wb: &Workbook, moved: Id, new_plan: Span, shifts: &[Shift]) -> Result<Edit> {
    let mut edits = Vec::with_capacity(shifts.len() + 1);
    let moves = std::iter::once((moved, new_plan)).chain(shifts.iter().map(|s| (s.task_id, s.new)));
    for (id, plan) in moves {
        let mut t = wb
            .task(id)
            .cloned()
            .ok_or_else(|| Error::not_found("取組内容", id))?;
        t.plan = Some(plan);
        edits.push(Edit::Put {
            entity: Entity::Task(t),
        });
    }
    Ok(Edit::Batch { edits })
}

/// The task the critical path runs to when none is chosen: the one whose plan ends last (ties: the first in
/// 工程表 order), or `None` when no task has a plan.
pub fn latest_ending(wb: &Workbook) -> Option<Id> {
    wb.tasks
        .iter()
        .filter_map(|t| Some((t.plan?.end, std::cmp::Reverse((t.sort, t.id)), t.id)))
        .max()
        .map(|(_, _, id)| id)
}

/// The critical path to `target` (a milestone the user chose, else `latest_ending`): the chain of planned tasks
/// linked by dependencies that is longest in working days (each task's working days plus the lags between), from
/// its first task to `target`. Ties go to the predecessor first in 工程表 order, so the answer is stable. A task
/// without a plan breaks a chain. Empty when the target has no plan.
pub fn critical_path(wb: &Workbook, target: Option<Id>) -> Result<Vec<Id>> {
    let Some(target) = target.or_else(|| latest_ending(wb)) else {
        return Ok(vec![]);
    };
    let t = wb
        .task(target)
        .ok_or_else(|| Error::not_found("取組内容", target))?;
    if t.plan.is_none() {
        return Ok(vec![]);
    }
    let plans: HashMap<Id, Span> = wb
        .tasks
        .iter()
        .filter_map(|t| Some((t.id, t.plan?)))
        .collect();
    let order: HashMap<Id, (i64, Id)> = wb.tasks.iter().map(|t| (t.id, (t.sort, t.id))).collect();
    let mut preds: HashMap<Id, Vec<(Id, i32)>> = HashMap::new();
    for d in &wb.dependencies {
        if plans.contains_key(&d.predecessor) && plans.contains_key(&d.successor) {
            preds
                .entry(d.successor)
                .or_default()
                .push((d.predecessor, d.lag));
        }
    }
    for list in preds.values_mut() {
        list.sort_by_key(|(p, _)| order.get(p).copied().unwrap_or((i64::MAX, *p)));
    }
    // longest chain ending at each ancestor of the target, memoised, computed without recursion
    let mut best: HashMap<Id, (i64, Option<Id>)> = HashMap::new();
    let mut stack = vec![target];
    while let Some(&n) = stack.last() {
        if best.contains_key(&n) {
            stack.pop();
            continue;
        }
        let ps = preds.get(&n).map(Vec::as_slice).unwrap_or(&[]);
        let pending: Vec<Id> = ps
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| !best.contains_key(p))
            .collect();
        if !pending.is_empty() {
            stack.extend(pending);
            continue;
        }
        let own = working_days_between(plans[&n].start, plans[&n].end);
        let mut choice: (i64, Option<Id>) = (own, None);
        for &(p, lag) in ps {
            let via = best[&p].0 + i64::from(lag) + own;
            if via > choice.0 {
                choice = (via, Some(p));
            }
        }
        best.insert(n, choice);
        stack.pop();
    }
    let mut path = vec![target];
    let mut at = target;
    while let Some(p) = best.get(&at).and_then(|b| b.1) {
        path.push(p);
        at = p;
    }
    path.reverse();
    Ok(path)
}
