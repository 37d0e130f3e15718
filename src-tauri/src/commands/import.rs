//! 取り込み: what the CLI's `dxplan import staff|training|xlsx|steps` does, from the window, with a preview first.
//! The file is chosen in a native dialog run here; the SAME core planners as the CLI read it
//! (`import::staff::plan_staff_import`, `import::training::plan_training_import`, `import::plan_xlsx_import`,
//! `import::plan_steps_import`) on a copy of the workbook in a blocking task, so the window keeps answering while a
//! large file is read; its count of rows is polled by the page (`import_progress`) and やめる (`import_cancel`)
//! stops a staff or training list at its next count. The plan waits in the session under a token; applying it
//! checks that neither the workbook nor the file changed since the preview, snapshots the workbook (as the CLI
//! does) and applies the plan's one batch as one transaction and one undo step.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::import::{Encoding, ImportPlan, PlanLine, Progress};
use dxplan::model::Workbook;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};

use super::workbook::{WorkbookInfo, info};
use crate::args::Arg;
use crate::dialog;
use crate::state::{AppState, Session};

/// What kind of file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// 職員名簿 (CSV or Excel)
    Staff,
    /// 研修の受講記録 (CSV or Excel)
    Training,
    /// Excelの工程表
    Xlsx,
    /// 手順テンプレート (CSV or Excel)
    Steps,
}

impl ImportKind {
    /// How the kind is named in the dialog's title, the undo button and messages.
    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Staff => "職員名簿",
            ImportKind::Training => "研修の受講記録",
            ImportKind::Xlsx => "Excelの工程表",
            ImportKind::Steps => "手順テンプレート",
        }
    }
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ImportKind::Xlsx => &["xlsx"],
            _ => &["csv", "xlsx"],
        }
    }
}

/// At most this many rows of each list cross to the page (the counts are always whole).
pub const PREVIEW_ROWS: usize = 500;

/// One accepted row of the preview.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PreviewLine {
    pub line: u32,
    pub label: String,
    pub changes: Vec<String>,
}

/// One refused row, with its Japanese reason.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RejectedLine {
    pub line: u32,
    pub reason: String,
}

/// What an import would do, before anything changes.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportPreview {
    /// sent back by `import_apply`
    #[ts(type = "number")]
    pub token: u64,
    pub kind: ImportKind,
    pub file_name: String,
    pub added_count: u32,
    pub changed_count: u32,
    pub unchanged: u32,
    pub rejected_count: u32,
    /// the first `PREVIEW_ROWS` of each
    pub added: Vec<PreviewLine>,
    pub changed: Vec<PreviewLine>,
    pub rejected: Vec<RejectedLine>,
}

/// What an applied import did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportApplied {
    pub info: WorkbookInfo,
    /// rows written
    pub rows: u32,
    /// the snapshot taken just before
    pub backup: String,
}

/// A previewed plan waiting in the session.
pub struct Pending {
    token: u64,
    kind: ImportKind,
    path: PathBuf,
    /// the file as it was read (length and hash), to notice a change before applying
    len: usize,
    hash: u64,
    /// `Session::generation` of the workbook the plan was made from
    generation: u64,
    plan: ImportPlan,
}

fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn next_token() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Plans an import with the CLI's planner for `kind` (`src/bin/dxplan/cmd/import.rs`); the staff and training
/// planners report their rows to `progress` and stop (`Ok(None)`) when it answers `false`.
pub fn plan(
    kind: ImportKind,
    wb: &Workbook,
    bytes: &[u8],
    encoding: Encoding,
    path: &std::path::Path,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    use dxplan::import::{staff, training};
    match kind {
        ImportKind::Staff => {
            staff::plan_staff_import_watched(wb, bytes, staff::StaffOptions { encoding }, progress)
        }
        ImportKind::Training => training::plan_training_import_watched(
            wb,
            bytes,
            training::TrainingOptions { encoding },
            progress,
        ),
        ImportKind::Xlsx => dxplan::import::plan_xlsx_import(wb, bytes).map(Some),
        ImportKind::Steps => {
            let rows = dxplan::import::steps_rows(bytes)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "手順テンプレート".into());
            dxplan::import::plan_steps_import(wb, &rows, &name).map(Some)
        }
    }
}

fn lines(v: &[PlanLine]) -> Vec<PreviewLine> {
    v.iter()
        .take(PREVIEW_ROWS)
        .map(|l| PreviewLine {
            line: l.line as u32,
            label: l.label.clone(),
            changes: l.changes.clone(),
        })
        .collect()
}

fn preview_of(p: &Pending) -> ImportPreview {
    ImportPreview {
        token: p.token,
        kind: p.kind,
        file_name: file_name(&p.path),
        added_count: p.plan.added.len() as u32,
        changed_count: p.plan.changed.len() as u32,
        unchanged: p.plan.unchanged as u32,
        rejected_count: p.plan.rejected.len() as u32,
        added: lines(&p.plan.added),
        changed: lines(&p.plan.changed),
        rejected: p
            .plan
            .rejected
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(n, r)| RejectedLine {
                line: *n as u32,
                reason: r.clone(),
            })
            .collect(),
    }
}

/// Asks for a file in the native dialog and plans its import without changing anything; `None` when cancelled.
/// `encoding`: blank or 自動 (UTF-8 if the bytes are UTF-8, else Shift_JIS), `utf8` or `sjis`.
#[tauri::command]
pub async fn import_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: Arg<ImportKind>,
    encoding: Arg<String>,
) -> Result<Option<ImportPreview>> {
    let kind = *kind;
    let encoding = Encoding::parse(&encoding)?;
    let epoch = state.import_epoch.load(Ordering::SeqCst);
    let (wb, generation) = state.with(|s| Ok((s.wb.clone(), s.generation)))?;
    let title = format!("取り込む{}", kind.label());
    let Some(path) = dialog::open_any(&app, &state, &title, kind.label(), kind.extensions())?
    else {
        return Ok(None);
    };
    state.set_import_progress(ImportProgress::planning(0, 0));
    let handle = app.clone();
    let planned = tauri::async_runtime::spawn_blocking(move || -> Result<Option<Pending>> {
        let state = handle.state::<AppState>();
        let bytes = dxplan::import::read_file(&path)?;
        // the count for `import_progress`; やめる (a moved epoch) stops the planning at the next count
        let sink = |done: usize, total: usize| {
            state.set_import_progress(ImportProgress::planning(done, total));
            state.import_epoch.load(Ordering::SeqCst) == epoch
        };
        let Some(plan) = plan(kind, &wb, &bytes, encoding, &path, &sink)? else {
            return Ok(None);
        };
        Ok(Some(Pending {
            token: next_token(),
            kind,
            len: bytes.len(),
            hash: fingerprint(&bytes),
            path,
            generation,
            plan,
        }))
    })
    .await;
    state.set_import_progress(ImportProgress {
        planning: false,
        ..state.import_progress()
    });
    let planned = planned
        .map_err(|e| Error::internal(format!("取り込みの準備が異常終了しました: {e}")))??;
    let Some(pending) = planned.filter(|_| state.import_epoch.load(Ordering::SeqCst) == epoch)
    else {
        // やめる was pressed while the file was being read
        return Ok(None);
    };
    let preview = preview_of(&pending);
    state.with(|s| {
        s.pending_import = Some(pending);
        Ok(())
    })?;
    Ok(Some(preview))
}

/// Applies the previewed plan `token` as one transaction and one undo step (after a snapshot, as the CLI does).
/// Rows the plan refused make it refuse the whole file unless `accept_partial`.
#[tauri::command]
pub async fn import_apply<R: Runtime>(
    app: AppHandle<R>,
    token: Arg<u64>,
    accept_partial: Arg<bool>,
) -> Result<ImportApplied> {
    let (token, accept_partial) = (*token, *accept_partial);
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with(|s| apply(s, token, accept_partial))
    })
    .await
    .map_err(|e| Error::internal(format!("取り込みが異常終了しました: {e}")))?
}

/// やめる while a file is being read: a staff or training list stops being planned at its next count (within
/// `dxplan::import::progress::STEP` rows); an Excel 工程表 or step template is thrown away when its reading ends;
/// any plan waiting is forgotten. Nothing in the workbook changes.
#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) -> Result<()> {
    state.import_epoch.fetch_add(1, Ordering::SeqCst);
    state.with(|s| {
        s.pending_import = None;
        Ok(())
    })
}

/// Forgets the previewed plan (取り込みをやめる); nothing changes.
#[tauri::command]
pub fn import_discard(state: State<'_, AppState>, token: Arg<u64>) -> Result<()> {
    state.with(|s| {
        if s.pending_import.as_ref().is_some_and(|p| p.token == *token) {
            s.pending_import = None;
        }
        Ok(())
    })
}

/// The refusals come before any change: a stale token, a changed workbook, a vanished or changed file, rejected
/// rows not accepted.
pub fn apply(s: &mut Session, token: u64, accept_partial: bool) -> Result<ImportApplied> {
    let p = s
        .pending_import
        .as_ref()
        .filter(|p| p.token == token)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                "この取り込みのプレビューはもうありません。もう一度ファイルを選んでください。",
            )
        })?;
    if p.generation != s.generation {
        return Err(Error::new(
            ErrorCode::Busy,
            "プレビューの後にブックが変更されたため、取り込んでいません。もう一度ファイルを選んでプレビューしてください。",
        ));
    }
    let name = file_name(&p.path);
    let bytes = std::fs::read(&p.path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(
                ErrorCode::NotFound,
                format!("取り込むファイル「{name}」が見つかりません（プレビューの後に移動または削除されました）。もう一度ファイルを選んでください。"),
            )
        } else {
            dxplan::fsx::io_error(&p.path, &e)
        }
    })?;
    if bytes.len() != p.len || fingerprint(&bytes) != p.hash {
        return Err(Error::new(
            ErrorCode::Busy,
            format!(
                "取り込むファイル「{name}」がプレビューの後に変わりました。もう一度ファイルを選んでプレビューしてください。"
            ),
        ));
    }
    if !p.plan.rejected.is_empty() && !accept_partial {
        return Err(Error::invalid(format!(
            "取り込めない行が{}行あるため、何も取り込んでいません。取り込めない行を除いて取り込むときは、そのチェックを入れてください。",
            p.plan.rejected.len()
        )));
    }
    if !p.plan.has_changes() {
        return Err(Error::invalid(
            "追加・変更する行がないため、何も変えていません。",
        ));
    }
    let Some(p) = s.pending_import.take() else {
        return Err(Error::internal("取り込みの計画が見つかりません。"));
    };
    let label = format!("{}の取り込み", p.kind.label());
    let snap = s.store.snapshot(dxplan::store::Reason::BeforeApply)?;
    let applied = p
        .plan
        .into_edit(accept_partial)
        .and_then(|edit| s.apply(edit, label))?;
    Ok(ImportApplied {
        info: info(s),
        rows: dxplan::model::edit::dedup_keys(&applied.changed).len() as u32,
        backup: snap.file_name(),
    })
}

/// How far the file being planned is, for the count under the 取り込み card (「12,000 / 50,000 行」); when nothing
/// is planned, where the last file ended or was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    /// a file is being read or planned
    pub planning: bool,
    /// rows planned so far
    pub done: u32,
    /// rows in the file (0 until it is read)
    pub total: u32,
}

impl ImportProgress {
    fn planning(done: usize, total: usize) -> Self {
        ImportProgress {
            planning: true,
            done: done.min(u32::MAX as usize) as u32,
            total: total.min(u32::MAX as usize) as u32,
        }
    }
}

/// The count of the file being planned, polled by the page while `import_preview` runs.
#[tauri::command]
pub fn import_progress(state: State<'_, AppState>) -> Result<ImportProgress> {
    Ok(state.import_progress())
}
