//! The rules for moving or stretching a bar on a chart (the 工程表 and a system's step timeline), apart from the
//! row's own rules: a drop outside the period the chart covers is refused, and a drop that would make a task start
//! before a predecessor ends (or end after a successor starts) is refused with the reason unless the user chose
//! to move it anyway. Pure: the window's commands call these before they apply `Edit::SetPlan`.

use crate::model::roadmap::earliest_start;
use chrono::NaiveDate;

use super::{Id, Span, Workbook};
use crate::calendar::{FiscalYear, wareki};
use crate::error::{Error, Result};

/// The field a dependency refusal names: the page offers 「それでも動かす」 for it (and only for it).
pub const DEPENDENCY_FIELD: &str = "dependency";

/// The field of a refusal because the drop runs into a successor: the page offers to shift the successors
/// (`model::scheduling::plan_shift`, the task editor's dialog) instead of refusing.
pub const SUCCESSOR_FIELD: &str = "successor";

/// The days a bar may be moved to: the workbook's plan period widened to whole 年度, stretched to `extra` (the
/// row's current plan, a system's deadline) so a row already outside it can still be moved.
fn allowed(wb: &Workbook, extra: &[NaiveDate]) -> Span {
    let mut start = FiscalYear::of(wb.meta.plan_start).start();
    let mut end = FiscalYear::of(wb.meta.plan_end).end();
    for d in extra {
        start = start.min(FiscalYear::of(*d).start());
        end = end.max(FiscalYear::of(*d).end());
    }
    Span { start, end }
}

fn inside(range: Span, plan: Span) -> Result<()> {
    if plan.start < range.start || plan.end > range.end {
        return Err(Error::field(
            "plan",
            format!(
                "計画期間（{}〜{}）の外には動かせません。",
                wareki(range.start),
                wareki(range.end)
            ),
        ));
    }
    Ok(())
}

/// Checks a task's new plan (`start`…`end`, as dropped): an end before its start, a milestone whose length
/// changes, a drop outside the plan period are refused; a drop that starts before a predecessor ends or ends
/// after a successor starts is refused with the other task's name unless `force` (a conflict already there and
/// not made worse by this drop is let through, so a row in conflict can still be moved the right way).
pub fn check_task_move(
    wb: &Workbook,
    id: Id,
    start: NaiveDate,
    end: NaiveDate,
    force: bool,
) -> Result<Span> {
    let task = wb
        .task(id)
        .ok_or_else(|| Error::not_found("取組内容", id))?;
    let plan = Span::new(start, end).map_err(|e| e.with_field("plan"))?;
    let old = task.plan;
    if let (true, Some(o)) = (task.milestone, old)
        && o.days() != plan.days()
    {
        return Err(Error::field(
            "plan",
            "マイルストーン（◆）は長さを変えられません。動かすだけにしてください。",
        ));
    }
    let extra: Vec<NaiveDate> = old.map(|o| vec![o.start, o.end]).unwrap_or_default();
    inside(allowed(wb, &extra), plan)?;
    if force {
        return Ok(plan);
    }
    for d in &wb.dependencies {
        // the earliest start a dependency allows counts its lag in working days (`roadmap::earliest_start`)
        if d.successor == id
            && let Some(p) = wb.task(d.predecessor)
            && let Some(pp) = p.plan
            && plan.start < earliest_start(pp.end, d.lag)
            && old.is_none_or(|o| plan.start < o.start || o.start >= earliest_start(pp.end, d.lag))
        {
            return Err(Error::field(
                DEPENDENCY_FIELD,
                if d.lag > 0 {
                    format!(
                        "先行する作業『{}』の終了（{}）から{}営業日後（{}）より前には動かせません。",
                        p.name,
                        wareki(pp.end),
                        d.lag,
                        wareki(earliest_start(pp.end, d.lag))
                    )
                } else {
                    format!(
                        "先行する作業『{}』の終了（{}）より前には動かせません。",
                        p.name,
                        wareki(pp.end)
                    )
                },
            ));
        }
        if d.predecessor == id
            && let Some(s) = wb.task(d.successor)
            && let Some(sp) = s.plan
            && sp.start < earliest_start(plan.end, d.lag)
            && old.is_none_or(|o| plan.end > o.end || sp.start >= earliest_start(o.end, d.lag))
        {
            return Err(Error::field(
                SUCCESSOR_FIELD,
                format!(
                    "後続の作業『{}』の開始（{}）より後まで延ばせません。",
                    s.name,
                    wareki(sp.start)
                ),
            ));
        }
    }
    Ok(plan)
}

/// Checks a 標準化 step's new plan: an end before its start, or a drop outside the plan period (widened to the
/// system's deadline and the step's current plan) is refused. The step's other rules are `Edit::SetPlan`'s.
pub fn check_step_move(wb: &Workbook, id: Id, start: NaiveDate, end: NaiveDate) -> Result<Span> {
    let step = wb
        .system_steps
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::not_found("作業", id))?;
    let plan = Span::new(start, end).map_err(|e| e.with_field("plan"))?;
    let mut extra: Vec<NaiveDate> = step.plan.map(|o| vec![o.start, o.end]).unwrap_or_default();
    if let Some(sys) = wb.system(step.system_id) {
        extra.push(sys.deadline());
    }
    inside(allowed(wb, &extra), plan)?;
    Ok(plan)
}

#[cfg(test)]
#[path = "moves/tests.rs"]
mod tests;
