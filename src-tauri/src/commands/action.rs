//! 会議の宿題 in the window: add one (at this meeting, optionally about a row the review lists) and close one, each
//! one undo step; the 会議 screen lists them from the review (`Review::previous_actions`, `new_actions`).

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::action::{closed, draft};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::{Id, RowRef};
use serde::Deserialize;
use tauri::State;

use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::AppState;

/// A 宿題 as typed on the 会議 screen.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ActionForm {
    /// 会議日, as typed (西暦・和暦)
    pub raised_on: String,
    pub text: String,
    /// 担当課 by name; empty: none
    pub owner: String,
    /// 期限, as typed; empty: none
    pub due: String,
    /// the row of the review it is about
    pub about: Option<RowRef>,
}

#[tauri::command]
pub fn add_action(state: State<'_, AppState>, form: Arg<ActionForm>) -> Result<EditOutcome> {
    state.with(|s| {
        let item = draft(
            &s.wb,
            &form.raised_on,
            &form.text,
            &form.owner,
            &form.due,
            form.about,
        )?;
        let a = s.apply(
            Edit::Put {
                entity: Entity::Action(item),
            },
            "会議の宿題".into(),
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

#[tauri::command]
pub fn close_action(
    state: State<'_, AppState>,
    id: Arg<Id>,
    on: Arg<String>,
    note: Arg<String>,
) -> Result<EditOutcome> {
    state.with(|s| {
        let item = s.wb.actions.iter().find(|a| a.id == *id).ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                "宿題が見つかりません（削除されています）。",
            )
        })?;
        let c = closed(item, &on, &note)?;
        let a = s.apply(
            Edit::Put {
                entity: Entity::Action(c),
            },
            "宿題の完了".into(),
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}
