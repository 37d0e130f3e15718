//! 取り込み: what the CLI's `dxplan import staff|training|xlsx|steps` does, from the window, with a preview first.
//! The file is chosen in a native dialog run here; the SAME core planners as the CLI read it
//! (`import::staff::plan_staff_import_mapped`, `import::training::plan_training_import_mapped`,
//! `import::plan_xlsx_import_watched`, `import::plan_steps_import_watched`) on the workbook's shared value in a
//! blocking task, so the window keeps answering while a large file is read; its count of rows is polled by the page
//! (`import_progress`) and やめる (`import_cancel`) stops it at its next count. A staff or training list's columns
//! can be chosen again in the preview (`import_remap`). The plan waits in the session under a token; applying it
//! checks that neither the workbook nor the file changed since the preview, snapshots the workbook (as the CLI
//! does) and writes the plan's one batch as one transaction and one undo step, outside the session's lock
//! (`apply`).

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::import::columns::ColumnMap;
use dxplan::import::{Encoding, ImportPlan, PlanLine, Progress};
use dxplan::model::Workbook;
use dxplan::model::cost::Unit;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};

use super::workbook::{WorkbookInfo, info};
use crate::args::Arg;
use crate::dialog;
use crate::state::{AppState, Session, Step};

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
    /// 運用経費 (CSV or Excel: 業務・年度・区分・計画額・実績額), all or nothing as `dxplan import costs`
    Costs,
}

impl ImportKind {
    /// How the kind is named in the dialog's title, the undo button and messages.
    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Staff => "職員名簿",
            ImportKind::Training => "研修の受講記録",
            ImportKind::Xlsx => "Excelの工程表",
            ImportKind::Steps => "手順テンプレート",
            ImportKind::Costs => "運用経費",
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
    /// the file's header row (staff and training lists; empty for the others)
    pub headers: Vec<String>,
    /// which column each field was read from, to be chosen again (`import_remap`)
    pub columns: Vec<PreviewColumn>,
    /// why no row was read (a required field has no column); applying is refused while it is set
    pub unmapped: Option<String>,
}

/// One field of the file and the column it was read from.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PreviewColumn {
    /// 職員番号, 氏名 …
    pub field: String,
    pub required: bool,
    /// the header of its column, `None`: not read (「なし」)
    pub header: Option<String>,
    /// chosen by the person rather than guessed
    pub chosen: bool,
}

/// A column chosen for a field in the preview (`header: None`: 「なし」).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ColumnChoice {
    pub field: String,
    pub header: Option<String>,
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
    /// how the file was read, to read it again with other columns (`import_remap`)
    encoding: Encoding,
    unit: Unit,
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

/// How a file is read: a CSV's encoding, the columns chosen for a staff or training list, the unit of a 運用経費
/// file's amounts.
#[derive(Clone, Copy)]
pub struct ReadAs<'a> {
    pub encoding: Encoding,
    pub map: &'a ColumnMap,
    pub unit: Unit,
}

/// Plans an import with the CLI's planner for `kind` (`src/bin/dxplan/cmd/import.rs`), reading a staff or
/// training list's columns as `map` chooses (the others guessed); the staff and training planners report their
/// rows to `progress` and stop (`Ok(None)`) when it answers `false`; so do the Excel 工程表's (the rows of the sheet
/// it plans, once the file is read) and the step template's.
pub fn plan(
    kind: ImportKind,
    wb: &Workbook,
    bytes: &[u8],
    path: &std::path::Path,
    how: &ReadAs<'_>,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    let ReadAs {
        encoding,
        map,
        unit,
    } = *how;
    use dxplan::import::{staff, training};
    match kind {
        ImportKind::Staff => staff::plan_staff_import_mapped(
            wb,
            bytes,
            staff::StaffOptions { encoding },
            map,
            progress,
        ),
        ImportKind::Training => training::plan_training_import_mapped(
            wb,
            bytes,
            training::TrainingOptions { encoding },
            map,
            progress,
        ),
        ImportKind::Xlsx => dxplan::import::plan_xlsx_import_watched(wb, bytes, progress),
        ImportKind::Steps => {
            let rows = dxplan::import::steps_rows(bytes)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "手順テンプレート".into());
            dxplan::import::plan_steps_import_watched(wb, &rows, &name, progress)
        }
        ImportKind::Costs => dxplan::import::costs::plan_costs_import(
            wb,
            bytes,
            dxplan::import::costs::CostsOptions { encoding, unit },
        )
        .map(Some),
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
        headers: p.plan.headers.clone(),
        columns: p
            .plan
            .columns
            .iter()
            .map(|u| PreviewColumn {
                field: u.field.to_string(),
                required: u.required,
                header: u.column.and_then(|c| p.plan.headers.get(c)).cloned(),
                chosen: u.chosen,
            })
            .collect(),
        unmapped: p.plan.unmapped.clone(),
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
    unit: Arg<Option<Unit>>,
) -> Result<Option<ImportPreview>> {
    let kind = *kind;
    let encoding = Encoding::parse(&encoding)?;
    // the unit of a 運用経費 file's amounts (円 or 千円, as `dxplan import costs --unit`)
    let unit = unit.into_inner().unwrap_or_default();
    let title = format!("取り込む{}", kind.label());
    let Some(path) = dialog::open_any(&app, &state, &title, kind.label(), kind.extensions())?
    else {
        return Ok(None);
    };
    plan_file(app, kind, path, encoding, ColumnMap::default(), unit).await
}

/// Reads the previewed file `token` again with the columns chosen in the preview (the others guessed as before)
/// and previews that plan instead (under a new token); `None` when やめる stopped it. Nothing changes.
#[tauri::command]
pub async fn import_remap<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: Arg<u64>,
    columns: Arg<Vec<ColumnChoice>>,
) -> Result<Option<ImportPreview>> {
    let (kind, path, encoding, unit) = state.with(|s| {
        let p = pending(s, *token)?;
        Ok((p.kind, p.path.clone(), p.encoding, p.unit))
    })?;
    let fields: &[dxplan::import::columns::Field] = match kind {
        ImportKind::Staff => dxplan::import::staff::FIELDS,
        ImportKind::Training => dxplan::import::training::FIELDS,
        _ => {
            return Err(Error::invalid(format!(
                "{}は列を選んで取り込めません。",
                kind.label()
            )));
        }
    };
    let mut map = ColumnMap::default();
    for c in columns.into_inner() {
        let field = fields.iter().find(|f| f.label == c.field).ok_or_else(|| {
            Error::invalid(format!(
                "「{}」は{}の項目にありません。",
                quoted(&c.field),
                kind.label()
            ))
        })?;
        if map.get(field.label).is_some() {
            return Err(Error::invalid(format!(
                "「{}」の列が2回選ばれています。",
                field.label
            )));
        }
        map.0.push((
            field.label.to_string(),
            c.header.filter(|h| !h.trim().is_empty()),
        ));
    }
    plan_file(app, kind, path, encoding, map, unit).await
}

/// A short piece of text from the page, for a message.
fn quoted(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Plans `path` in a blocking task on the workbook as it is now (shared, not copied), counting its rows for
/// `import_progress` and stopping at やめる; the plan then waits in the session under a new token.
async fn plan_file<R: Runtime>(
    app: AppHandle<R>,
    kind: ImportKind,
    path: PathBuf,
    encoding: Encoding,
    map: ColumnMap,
    unit: Unit,
) -> Result<Option<ImportPreview>> {
    let state = app.state::<AppState>();
    let epoch = state.import_epoch.load(Ordering::SeqCst);
    // the workbook value is shared, not copied: planning reads it outside the session's lock
    let (wb, generation) = state.with(|s| Ok((s.wb.clone(), s.generation)))?;
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
        let how = ReadAs {
            encoding,
            map: &map,
            unit,
        };
        let Some(plan) = plan(kind, &wb, &bytes, &path, &how, &sink)? else {
            return Ok(None);
        };
        Ok(Some(Pending {
            token: next_token(),
            kind,
            len: bytes.len(),
            hash: fingerprint(&bytes),
            path,
            generation,
            encoding,
            unit,
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
        apply(&app.state::<AppState>(), token, accept_partial)
    })
    .await
    .map_err(|e| Error::internal(format!("取り込みが異常終了しました: {e}")))?
}

/// やめる while a file is being read: it stops being planned at its next count (within
/// `dxplan::import::progress::STEP` rows; an Excel file once it is read); any plan waiting is forgotten. Nothing in the workbook changes.
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

fn pending(s: &Session, token: u64) -> Result<&Pending> {
    s.pending_import
        .as_ref()
        .filter(|p| p.token == token)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                "この取り込みのプレビューはもうありません。もう一度ファイルを選んでください。",
            )
        })
}

/// Applies a previewed plan. The session's lock is held only for two short moments, so the window keeps
/// answering while a large file is written (issue #15: an IPC call during an import within 100 ms):
/// 1. (lock) the plan's file is named; (no lock) the file is read again and compared with the preview;
/// 2. (lock) the refusals, all before any change: a stale token, a changed workbook, rejected rows not
///    accepted, nothing to change; then the plan and the store are taken out of the session (`lend_store`:
///    edits meanwhile are refused as busy, reads answer from the workbook as it was);
/// 3. (no lock) the snapshot (as the CLI takes) and the plan's one batch written by `Store::apply` into a copy
///    of the workbook, as one transaction;
/// 4. (lock) the store given back, the copy made the session's workbook and the batch's inverse its undo step.
pub fn apply(state: &AppState, token: u64, accept_partial: bool) -> Result<ImportApplied> {
    let (path, len, hash) = state.with(|s| {
        let p = pending(s, token)?;
        Ok((p.path.clone(), p.len, p.hash))
    })?;
    let name = file_name(&path);
    let bytes = std::fs::read(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(
                ErrorCode::NotFound,
                format!("取り込むファイル「{name}」が見つかりません（プレビューの後に移動または削除されました）。もう一度ファイルを選んでください。"),
            )
        } else {
            dxplan::fsx::io_error(&path, &e)
        }
    })?;
    if bytes.len() != len || fingerprint(&bytes) != hash {
        return Err(Error::new(
            ErrorCode::Busy,
            format!(
                "取り込むファイル「{name}」がプレビューの後に変わりました。もう一度ファイルを選んでプレビューしてください。"
            ),
        ));
    }
    drop(bytes);
    let (p, mut loan, as_of) = state.with(|s| {
        let p = pending(s, token)?;
        if p.generation != s.generation {
            return Err(Error::new(
                ErrorCode::Busy,
                "プレビューの後にブックが変更されたため、取り込んでいません。もう一度ファイルを選んでプレビューしてください。",
            ));
        }
        if let Some(why) = &p.plan.unmapped {
            return Err(Error::invalid(format!(
                "{why}取り込む列を選んでから、もう一度取り込んでください。"
            )));
        }
        if p.kind == ImportKind::Costs && !p.plan.rejected.is_empty() {
            return Err(Error::invalid(format!(
                "取り込めない行が{}行あるため、何も取り込んでいません。運用経費はすべて取り込むか何も変えないかのどちらかです（dxplan import costs と同じ）。ファイルを直してから、もう一度選んでください。",
                p.plan.rejected.len()
            )));
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
        let loan = s.lend_store()?;
        let p = s
            .pending_import
            .take()
            .ok_or_else(|| Error::internal("取り込みの計画が見つかりません。"))?;
        Ok((p, loan, s.as_of))
    })?;
    let label = format!("{}の取り込み", p.kind.label());
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let snap = loan.store().snapshot(dxplan::store::Reason::BeforeApply)?;
        let edit = p.plan.into_edit(accept_partial)?;
        let mut wb = Workbook::clone(&loan.wb);
        let applied = loan.store().apply(&mut wb, edit.dated(as_of))?;
        Ok::<_, Error>((wb, applied, snap))
    }))
    .unwrap_or_else(|_| Err(Error::internal("取り込みの書き込みが異常終了しました。")));
    let (written, rows, backup) = match written {
        Ok((wb, applied, snap)) => {
            let rows = dxplan::model::edit::dedup_keys(&applied.changed).len() as u32;
            let step = Step {
                edit: applied.inverse,
                label,
            };
            (Some((wb, step)), rows, Some(snap.file_name()))
        }
        Err(e) => {
            let mut g = state.session()?;
            let s = g.as_mut().ok_or_else(crate::state::no_workbook)?;
            let replaced = loan.finish(s, None);
            drop(g);
            drop(replaced);
            return Err(e);
        }
    };
    let (info, replaced) = {
        let mut g = state.session()?;
        let s = g.as_mut().ok_or_else(crate::state::no_workbook)?;
        let replaced = loan.finish(s, written);
        (info(s), replaced)
    };
    // the workbook as it was is freed outside the lock
    drop(replaced);
    Ok(ImportApplied {
        info,
        rows,
        backup: backup.unwrap_or_default(),
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
