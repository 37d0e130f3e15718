//! ホーム and the workbook as a whole: open (native dialog or recent list), new from the national template, the
//! demo, every edit with undo/redo, the summary figures.

use std::path::Path;

use chrono::NaiveDate;
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::edit::Edit;
use dxplan::model::{Id, LocalGovCode, WorkbookMeta};
use dxplan::store::Store;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::args::Arg;

use crate::dialog::{self, Filter};
use crate::state::{AppState, Session, no_workbook};

const WORKBOOK_FILTER: Filter = Filter {
    name: "dxplanブック",
    ext: "dxplan",
};

/// The open workbook, as the title bar and the toolbar show it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WorkbookInfo {
    pub path: String,
    pub file_name: String,
    pub municipality: String,
    pub code: Option<String>,
    pub plan_start: NaiveDate,
    pub plan_end: NaiveDate,
    /// the day the figures are computed for
    pub as_of: NaiveDate,
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
}

pub fn info(s: &Session) -> WorkbookInfo {
    let p = s.path();
    WorkbookInfo {
        path: p.display().to_string(),
        file_name: p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        municipality: s.wb.meta.municipality.clone(),
        code: s.wb.meta.code.as_ref().map(|c| c.to_string()),
        plan_start: s.wb.meta.plan_start,
        plan_end: s.wb.meta.plan_end,
        as_of: s.as_of,
        undo_label: s.undo.last().map(|u| u.label.clone()),
        redo_label: s.redo.last().map(|u| u.label.clone()),
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RecentView {
    /// position in the list: the page opens a recent file by this index, never by a path
    pub index: u32,
    pub path: String,
    pub file_name: String,
    pub municipality: String,
    pub exists: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HomeView {
    pub current: Option<WorkbookInfo>,
    pub recent: Vec<RecentView>,
    pub today: NaiveDate,
    /// a workbook named at start (DXPLAN_WORKBOOK or the first argument) that could not be opened
    pub startup_error: Option<Error>,
}

#[tauri::command]
pub fn home(state: State<'_, AppState>) -> Result<HomeView> {
    let current = state.session()?.as_ref().map(info);
    let recent = state
        .recent()
        .into_iter()
        .enumerate()
        .map(|(i, r)| RecentView {
            index: i as u32,
            file_name: r
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            exists: r.path.exists(),
            path: r.path.display().to_string(),
            municipality: r.municipality,
        })
        .collect();
    Ok(HomeView {
        current,
        recent,
        today: state.today,
        startup_error: state.startup_error.lock().ok().and_then(|e| e.clone()),
    })
}

fn current_info(state: &AppState) -> Result<WorkbookInfo> {
    state.with(|s| Ok(info(s)))
}

/// Opens a workbook chosen in the native dialog; `None` when cancelled.
#[tauri::command]
pub async fn open_dialog<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<WorkbookInfo>> {
    let Some(path) = dialog::open(&app, &state, "ブックを開く", WORKBOOK_FILTER)? else {
        return Ok(None);
    };
    state.open(&path)?;
    current_info(&state).map(Some)
}

#[tauri::command]
pub fn open_recent(state: State<'_, AppState>, index: Arg<u32>) -> Result<WorkbookInfo> {
    let r = state
        .recent()
        .into_iter()
        .nth(*index as usize)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                "最近使ったブックの一覧が変わりました。もう一度選んでください。",
            )
        })?;
    state.open(&r.path)?;
    current_info(&state)
}

/// A new workbook from the national templates: checks the header first (errors next to the fields), then asks
/// where to save it.
#[tauri::command]
pub async fn new_from_template<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    municipality: Arg<String>,
    code: Arg<String>,
) -> Result<Option<WorkbookInfo>> {
    let mut meta = WorkbookMeta::new(&municipality)?;
    if !code.trim().is_empty() {
        meta.code = Some(LocalGovCode::parse(&code)?);
    }
    let wb = dxplan::data::templates::national_workbook(meta)?;
    let suggested = format!("{}.dxplan", wb.meta.municipality);
    let Some(path) = dialog::save(
        &app,
        &state,
        "新しいブックの保存先",
        &suggested,
        WORKBOOK_FILTER,
    )?
    else {
        return Ok(None);
    };
    refuse_if_open(&state, &path)?;
    // the native dialog has asked about replacing an existing file
    drop(Store::create(&path, &wb, true)?);
    state.open(&path)?;
    current_info(&state).map(Some)
}

fn refuse_if_open(state: &AppState, path: &Path) -> Result<()> {
    let g = state.session()?;
    if g.as_ref().is_some_and(|s| s.path() == path) {
        return Err(Error::new(
            ErrorCode::Busy,
            "そのファイルは今開いているブックです。別の名前にしてください。",
        ));
    }
    Ok(())
}

/// Opens the demo city (みなと川市), creating it in the app's data folder the first time.
#[tauri::command]
pub fn open_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<WorkbookInfo> {
    use tauri::Manager;
    let dir = state
        .dialog_dir
        .clone()
        .or_else(|| app.path().app_data_dir().ok())
        .ok_or_else(|| Error::internal("データ用フォルダが分かりません。"))?;
    std::fs::create_dir_all(&dir).map_err(|e| dxplan::fsx::io_error(&dir, &e))?;
    let path = dir.join("demo-みなと川市.dxplan");
    if !path.exists() {
        drop(Store::create(
            &path,
            &dxplan::data::demo::demo_workbook()?,
            false,
        )?);
    }
    state.open(&path)?;
    current_info(&state)
}

#[tauri::command]
pub fn close_workbook(state: State<'_, AppState>) -> Result<()> {
    let mut g = state.session()?;
    // not while an import is being written into it
    if let Some(s) = g.as_ref() {
        s.store()?;
    }
    *g = None;
    Ok(())
}

#[tauri::command]
pub fn workbook_info(state: State<'_, AppState>) -> Result<WorkbookInfo> {
    current_info(&state)
}

/// What an edit did: the id of an added row and the workbook's new undo/redo state.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct EditOutcome {
    #[ts(type = "number | null")]
    pub new_id: Option<Id>,
    pub info: WorkbookInfo,
}

/// Applies one edit (committed to the file before this returns) and records its inverse for undo.
#[tauri::command]
pub fn apply_edit(
    state: State<'_, AppState>,
    edit: Arg<Edit>,
    label: Arg<Option<String>>,
) -> Result<EditOutcome> {
    state.with(|s| {
        let a = s.apply(
            edit.into_inner(),
            label.into_inner().unwrap_or_else(|| "編集".to_string()),
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

#[tauri::command]
pub fn undo(state: State<'_, AppState>) -> Result<WorkbookInfo> {
    state.with(|s| {
        s.undo()?;
        Ok(info(s))
    })
}

#[tauri::command]
pub fn redo(state: State<'_, AppState>) -> Result<WorkbookInfo> {
    state.with(|s| {
        s.redo()?;
        Ok(info(s))
    })
}

#[tauri::command]
pub fn summary(state: State<'_, AppState>) -> Result<dxplan::query::summary::Summary> {
    let g = state.session()?;
    let s = g.as_ref().ok_or_else(no_workbook)?;
    Ok(dxplan::query::summary::summarize(&s.wb, s.as_of))
}
