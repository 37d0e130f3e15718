//! データ: what the CLI's `baseline`, `backups`, `restore`, `backup` and `check` do, from the window. Each command
//! calls the same core or store code as its subcommand (`Edit::TakeBaseline`, `store::snapshots::list`,
//! `Store::restore`, `Store::backup_to`, `query::check`); renaming and deleting a baseline are plain edits
//! (`Edit::RenameBaseline`, `Edit::Delete`) sent through `apply_edit`, so undo covers them.

use chrono::{NaiveDate, NaiveDateTime};
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::Id;
use dxplan::model::edit::Edit;
use dxplan::query::check::Located;
use dxplan::query::review::SlippedRow;
use dxplan::store::{Mode, OpenOptions, Store, snapshots};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::date_arg;
use super::workbook::{EditOutcome, WorkbookInfo, info};
use crate::args::Arg;
use crate::dialog::{self, Filter};
use crate::state::{AppState, Session};

const WORKBOOK_FILTER: Filter = Filter {
    name: "dxplanブック",
    ext: "dxplan",
};

/// A baseline as the データ screen lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BaselineRow {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub taken_on: NaiveDate,
    /// how many rows' planned dates it holds
    pub rows: u32,
}

/// One automatic snapshot in the workbook's backups folder.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BackupRow {
    /// the page restores a backup by this name, never by a path
    pub file_name: String,
    pub taken_at: NaiveDateTime,
    /// 定時, 復元の前 …
    pub reason: String,
    pub size_kb: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DataView {
    /// newest first
    pub baselines: Vec<BaselineRow>,
    /// newest first
    pub backups: Vec<BackupRow>,
    pub backups_folder: String,
    /// the date a new baseline is taken on unless another is typed
    pub today: NaiveDate,
}

#[tauri::command]
pub fn data_view(state: State<'_, AppState>) -> Result<DataView> {
    state.with(|s| view(s))
}

fn view(s: &Session) -> Result<DataView> {
    let mut baselines: Vec<BaselineRow> =
        s.wb.baselines
            .iter()
            .map(|b| BaselineRow {
                id: b.id,
                name: b.name.clone(),
                taken_on: b.taken_on,
                rows: b.entries.len() as u32,
            })
            .collect();
    baselines.sort_by(|a, b| b.taken_on.cmp(&a.taken_on).then(b.id.cmp(&a.id)));
    let backups = snapshots::list(s.path())?
        .into_iter()
        .map(|b| BackupRow {
            file_name: b.file_name(),
            taken_at: b.taken_at,
            reason: b.reason.label(),
            size_kb: b.size.div_ceil(1024).min(u32::MAX as u64) as u32,
        })
        .collect();
    Ok(DataView {
        baselines,
        backups,
        backups_folder: snapshots::folder(s.path()).display().to_string(),
        today: s.as_of,
    })
}

/// Takes a baseline of every planned date now (`dxplan baseline`); a blank date is the workbook's today.
#[tauri::command]
pub fn take_baseline(
    state: State<'_, AppState>,
    name: Arg<String>,
    date: Arg<String>,
) -> Result<EditOutcome> {
    state.with(|s| {
        let taken_on = if date.trim().is_empty() {
            s.as_of
        } else {
            date_arg("date", "基準日", &date)?
        };
        let edit = Edit::TakeBaseline {
            name: name.into_inner(),
            taken_on,
        };
        let a = s.apply(edit, "基準計画の保存".into())?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

/// What differs between a baseline and the current plan: the review's slipped rows for that baseline.
#[tauri::command]
pub fn baseline_diff(state: State<'_, AppState>, id: Arg<Id>) -> Result<Vec<SlippedRow>> {
    state.with(|s| {
        let b =
            s.wb.baselines
                .iter()
                .find(|b| b.id == *id)
                .ok_or_else(|| Error::not_found("基準計画", *id))?;
        Ok(dxplan::query::review::review(&s.wb, s.as_of, s.as_of, Some(b)).slipped)
    })
}

/// The report of `dxplan check`: SQLite's integrity and foreign-key checks, every model rule, schedule warnings.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CheckReport {
    pub schema_version: i32,
    /// problems of the file itself (integrity_check, foreign_key_check)
    pub integrity: Vec<String>,
    pub findings: Located,
}

#[tauri::command]
pub fn check_report(state: State<'_, AppState>) -> Result<CheckReport> {
    state.with(|s| {
        Ok(CheckReport {
            schema_version: s.store()?.schema_version()?,
            integrity: s.store()?.integrity_problems()?,
            findings: dxplan::query::check::located(&s.wb),
        })
    })
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Restored {
    pub info: WorkbookInfo,
    /// the snapshot of the workbook as it was just before (restore it to go back)
    pub before: Option<String>,
}

/// Replaces the open workbook with one of its snapshots (`dxplan restore`): the store snapshots the current
/// content first. The workbook is closed while it happens and opened again afterwards (also when the restore
/// is refused); the undo history starts afresh, since the file is another one.
#[tauri::command]
pub fn restore_backup(state: State<'_, AppState>, file_name: Arg<String>) -> Result<Restored> {
    let mut g = state.session()?;
    let s = g.as_ref().ok_or_else(crate::state::no_workbook)?;
    // refused (busy) while an import is being written: the store is out and holds the file's lock
    s.store()?;
    let path = s.path().to_path_buf();
    let snapshot = snapshots::list(&path)?
        .into_iter()
        .find(|b| b.file_name() == *file_name)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                format!(
                    "バックアップ「{}」は一覧にありません。一覧を読み直してください。",
                    *file_name
                ),
            )
        })?;
    // the session holds the edit lock: let go of it for the restore, then open the file again
    *g = None;
    let restored = Store::restore(&path, &snapshot.path, &OpenOptions::new(Mode::Edit));
    let reopened = Session::open(&path, state.today)?;
    *g = Some(reopened);
    let before = restored?.map(|b| b.file_name());
    let s = g.as_ref().ok_or_else(crate::state::no_workbook)?;
    Ok(Restored {
        info: info(s),
        before,
    })
}

/// Saves a copy of the workbook where the person chooses in the native dialog (`dxplan backup`); `None` when
/// cancelled, else the copy's file name.
#[tauri::command]
pub async fn save_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let suggested = state.with(|s| {
        let stem = s
            .path()
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dxplan".into());
        Ok(format!("{stem}-コピー.dxplan"))
    })?;
    let Some(dest) = dialog::save(
        &app,
        &state,
        "ブックのコピーの保存先",
        &suggested,
        WORKBOOK_FILTER,
    )?
    else {
        return Ok(None);
    };
    state.with(|s| copy_to(s, &dest))?;
    Ok(Some(
        dest.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

/// `Store::backup_to` refuses an existing file; the native dialog has already asked about replacing one, so the
/// copy is written beside it and renamed over it. The open workbook itself is never the destination.
fn copy_to(s: &Session, dest: &std::path::Path) -> Result<()> {
    let same = match (dest.canonicalize(), s.path().canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => dest == s.path(),
    };
    if same {
        return Err(Error::new(
            ErrorCode::Busy,
            "そのファイルは今開いているブックです。別の名前にしてください。",
        ));
    }
    if !dest.exists() {
        return s.store()?.backup_to(dest);
    }
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dest.with_file_name(format!(".{name}.copy"));
    let _ = std::fs::remove_file(&tmp);
    s.store()?.backup_to(&tmp)?;
    dxplan::fsx::place(&tmp, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
