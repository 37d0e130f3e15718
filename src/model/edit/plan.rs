//! `Edit::SetPlan`: a row's planned dates changed on their own (a bar dragged or resized on a chart), so a drag
//! is one small edit that cannot overwrite anything else of the row the page may hold in an older state.

use super::*;

/// Puts `plan` on the task or step named by `key`, under the same rules as a `Put` of the whole row.
pub(super) fn set_plan(wb: &mut Workbook, key: Key, plan: Option<Span>) -> Result<Applied> {
    let entity = match key {
        Key::Task(id) => {
            let t = find(&wb.tasks, id).ok_or_else(|| Error::not_found("取組内容", id))?;
            Entity::Task(Task { plan, ..t.clone() })
        }
        Key::Step(id) => {
            let s = find(&wb.system_steps, id).ok_or_else(|| Error::not_found("作業", id))?;
            Entity::Step(SystemStep { plan, ..s.clone() })
        }
        _ => {
            return Err(Error::invalid(
                "日程を変えられるのは取組内容と標準化の作業だけです。",
            ));
        }
    };
    check(wb, &entity)?;
    let old = match put(wb, entity) {
        Some(Entity::Task(t)) => t.plan,
        Some(Entity::Step(s)) => s.plan,
        _ => return Err(Error::internal("日程を変えた行が見つかりません。")),
    };
    Ok(Applied {
        inverse: Edit::SetPlan { key, plan: old },
        changed: vec![key],
        new_id: None,
    })
}
