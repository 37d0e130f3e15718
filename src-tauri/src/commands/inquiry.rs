//! 照会・回答 on the データ screen: the CLI's `dxplan inquiry new|import` from the window. The folder comes from the
//! native folder dialog only (the page never names a path); the forms are planned and written, and the returns
//! read and merged, by the same core as the CLI (`query::inquiry`, `xlsx::write_forms`, `import::inquiry`).
//! Recording a round and applying the returns are edits of the session, so undo takes each back in one step.

use std::sync::Mutex;

use chrono::NaiveDate;
use dxplan::error::{Error, Result};
use dxplan::import::inquiry::{Choices, InquiryImport, Prefer, plan_inquiry_import, read_returns};
use dxplan::model::Id;
use dxplan::model::edit::{Edit, Entity};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::date_arg;
use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::dialog;
use crate::state::AppState;

/// The returns last read, kept with the workbook content they were read against (`Session::generation`), so
/// 取り込む applies exactly what the preview showed, and nothing if the workbook changed since.
#[derive(Default)]
pub struct LastInquiry(pub Mutex<Option<(u64, InquiryImport)>>);

/// A round as the screen lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundRow {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub as_of: NaiveDate,
    pub due: NaiveDate,
    pub asked: u32,
    pub answered: u32,
    /// the 督促 list: 課 that have not answered
    pub unanswered: Vec<String>,
}

/// What the 照会・回答 section shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InquiryView {
    /// newest first
    pub rounds: Vec<RoundRow>,
    /// the day a new round is asked as of unless another is typed
    pub today: NaiveDate,
}

/// The forms just written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InquiryWritten {
    pub outcome: EditOutcome,
    pub folder: String,
    pub files: Vec<String>,
}

/// The preview of the returns read (before → after by 課, conflicts, refused files, 督促).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InquiryPreview {
    pub round: String,
    pub folder: String,
    pub files: u32,
    pub refused: u32,
    pub changes: u32,
    pub conflicts: u32,
    pub unanswered: Vec<String>,
    /// the same text as `dxplan inquiry import --dry-run`, line by line
    pub lines: Vec<String>,
}

#[tauri::command]
pub fn inquiry_view(state: State<'_, AppState>) -> Result<InquiryView> {
    state.with(|s| {
        let mut rounds: Vec<RoundRow> =
            s.wb.inquiries
                .iter()
                .map(|q| RoundRow {
                    id: q.id,
                    name: q.name.clone(),
                    as_of: q.as_of,
                    due: q.due,
                    asked: q.units.len() as u32,
                    answered: q.units.iter().filter(|u| u.answered_on.is_some()).count() as u32,
                    unanswered: q.unanswered().into_iter().map(String::from).collect(),
                })
                .collect();
        rounds.reverse();
        Ok(InquiryView {
            rounds,
            today: s.as_of,
        })
    })
}

/// Records a round and writes one form per 課 into a folder chosen in the native dialog; `None` when the person
/// cancelled. The inputs are checked before the dialog opens.
#[tauri::command]
pub async fn inquiry_new<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: Arg<String>,
    as_of: Arg<String>,
    due: Arg<String>,
) -> Result<Option<InquiryWritten>> {
    let as_of = date_arg("as_of", "基準日", &as_of)?;
    let due = date_arg("due", "回答期限", &due)?;
    let token = dxplan::xlsx::round_token()?;
    let (round, forms) = state.with(|s| {
        dxplan::query::inquiry::new_round(&s.wb, &name, as_of, due, s.as_of, token, None)
    })?;
    if state.with(|s| Ok(s.wb.inquiry_by_name(&round.name).is_some()))? {
        return Err(Error::duplicate("照会", &round.name).with_field("name"));
    }
    let Some(folder) = dialog::folder(&app, &state, "照会様式を書き出すフォルダ")?
    else {
        return Ok(None);
    };
    state.with(|s| {
        let a = s.apply(
            Edit::Put {
                entity: Entity::Inquiry(round),
            },
            "照会の作成".into(),
        )?;
        let round =
            s.wb.inquiries
                .iter()
                .find(|q| Some(q.id) == a.new_id)
                .cloned()
                .ok_or_else(|| Error::internal("記録した照会が見つかりません"))?;
        match dxplan::xlsx::write_forms(&s.wb, &round, &forms, &folder, s.as_of) {
            Ok(paths) => Ok(Some(InquiryWritten {
                outcome: EditOutcome {
                    new_id: a.new_id,
                    info: info(s),
                },
                folder: dxplan::fsx::display(&folder),
                files: paths
                    .iter()
                    .map(|p| {
                        p.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    })
                    .collect(),
            })),
            Err(e) => {
                // the forms could not be written: the round is not kept either
                s.undo()?;
                s.redo.clear();
                Err(e)
            }
        }
    })
}

/// Reads every .xlsx of a folder chosen in the native dialog as returns of the latest round and shows the
/// preview; `None` when cancelled. `prefer`: `answer`, `workbook` or empty (conflicting rows are not taken).
#[tauri::command]
pub async fn inquiry_read<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    last: State<'_, LastInquiry>,
    prefer: Arg<String>,
) -> Result<Option<InquiryPreview>> {
    let prefer = Prefer::parse(Some(prefer.as_str()))?;
    state.with(|s| dxplan::import::inquiry::round_of(&s.wb, None).map(|_| ()))?;
    let Some(folder) = dialog::folder(&app, &state, "回答のフォルダ")? else {
        return Ok(None);
    };
    let returns = read_returns(std::slice::from_ref(&folder))?;
    let (generation, plan) = state.with(|s| {
        let round = dxplan::import::inquiry::round_of(&s.wb, None)?.clone();
        let choices = Choices {
            prefer,
            take: vec![],
        };
        Ok((
            s.generation,
            plan_inquiry_import(&s.wb, &round, &returns, &choices),
        ))
    })?;
    let preview = InquiryPreview {
        round: plan.round.name.clone(),
        folder: dxplan::fsx::display(&folder),
        files: plan.files.len() as u32,
        refused: plan.refused.len() as u32,
        changes: plan.changes.len() as u32,
        conflicts: plan
            .conflicts
            .iter()
            .filter(|c| c.settled.is_none())
            .count() as u32,
        unanswered: plan.unanswered.clone(),
        lines: plan.report().lines().map(String::from).collect(),
    };
    *last.0.lock().map_err(|_| lost())? = Some((generation, plan));
    Ok(Some(preview))
}

fn lost() -> Error {
    Error::internal("回答の読み込み結果を読めません（前の操作が異常終了しました）。")
}

/// Applies the returns last previewed: a snapshot, then one edit (one undo step) dated at the round's 基準日.
#[tauri::command]
pub fn inquiry_apply(
    state: State<'_, AppState>,
    last: State<'_, LastInquiry>,
) -> Result<EditOutcome> {
    let (generation, plan) = last
        .0
        .lock()
        .map_err(|_| lost())?
        .take()
        .ok_or_else(|| Error::invalid("先に「回答を読み込む…」で回答を読んでください。"))?;
    state.with(|s| {
        if s.generation != generation {
            return Err(Error::invalid(
                "回答を読んだ後にブックが変わりました。もう一度「回答を読み込む…」からやり直してください。",
            ));
        }
        if !plan.has_changes() {
            return Err(Error::invalid("取り込む回答はありません。"));
        }
        let edit = plan.edit(&s.wb, s.as_of)?;
        s.store_mut()?.snapshot(dxplan::store::Reason::BeforeApply)?;
        let a = s.apply(edit, "回答の取り込み".into())?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}
