//! Planning on the chart itself: a bar moved or stretched on the 工程表 or on a system's step timeline (one call on
//! release, one `Edit::SetPlan`, one undo step), checked by the core's move rules (`dxplan::model::moves`); rows
//! pasted from Excel into the 工程表 table, previewed with an error per cell and added as one undo step
//! (`dxplan::import::paste`).

use dxplan::error::Result;
use dxplan::import::paste::{PastePlan, paste_edit, plan_paste};
use dxplan::model::Id;
use dxplan::model::edit::{Edit, Key};
use dxplan::model::moves::{check_step_move, check_task_move};
use serde::Deserialize;
use tauri::State;

use super::date_arg;
use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::AppState;

/// Which kind of bar was moved.
#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BarKind {
    /// a 取組内容 of the 工程表
    Task,
    /// a 標準化 step of a system
    Step,
}

/// A bar's new planned dates, as dropped (ISO dates from the page; 和暦 is accepted too).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct MoveBar {
    pub kind: BarKind,
    #[ts(type = "number")]
    pub id: Id,
    pub start: String,
    pub end: String,
    /// move even though it breaks a dependency (the user chose 「それでも動かす」)
    pub force: bool,
}

/// Saves a dragged (or key-moved) bar's dates as one edit; a refusal names `plan` or `dependency` and changes
/// nothing.
#[tauri::command]
pub fn move_bar(state: State<'_, AppState>, form: Arg<MoveBar>) -> Result<EditOutcome> {
    let form = form.into_inner();
    let start = date_arg("plan", "開始日", &form.start)?;
    let end = date_arg("plan", "終了日", &form.end)?;
    state.with(|s| {
        let (key, plan, label) = match form.kind {
            BarKind::Task => {
                let plan = check_task_move(&s.wb, form.id, start, end, form.force)?;
                let name = s.wb.task(form.id).map_or("", |t| t.name.as_str());
                (Key::Task(form.id), plan, format!("「{name}」の日程"))
            }
            BarKind::Step => {
                let plan = check_step_move(&s.wb, form.id, start, end)?;
                let st = s.wb.system_steps.iter().find(|x| x.id == form.id);
                let sys = st
                    .and_then(|x| s.wb.system(x.system_id))
                    .map_or("", |x| x.name.as_str());
                let step = st
                    .and_then(|x| s.wb.template_step(x.template_step_id))
                    .map_or("", |t| t.name.as_str());
                (Key::Step(form.id), plan, format!("{sys}「{step}」の日程"))
            }
        };
        let a = s.apply(
            Edit::SetPlan {
                key,
                plan: Some(plan),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

/// Reads text pasted into the 工程表 table (Excel's tab-separated rows) into the rows it would add, with an error
/// per cell; nothing changes.
#[tauri::command]
pub fn paste_preview(state: State<'_, AppState>, text: Arg<String>) -> Result<PastePlan> {
    state.with(|s| plan_paste(&s.wb, &text))
}

/// Adds the pasted rows under the 取組事項 `initiative_id` as one edit (one undo step); the text is read again,
/// and refused while a cell cannot be read.
#[tauri::command]
pub fn paste_apply(
    state: State<'_, AppState>,
    text: Arg<String>,
    initiative_id: Arg<Id>,
) -> Result<EditOutcome> {
    state.with(|s| {
        let plan = plan_paste(&s.wb, &text)?;
        let edit = paste_edit(&s.wb, &plan, *initiative_id)?;
        let a = s.apply(edit, format!("{}行の貼り付け", plan.rows.len()))?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}
