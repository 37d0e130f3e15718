//! The app's state: the open workbook (its `Store`, the in-memory `Workbook`, the file lock) and the undo/redo
//! stacks of inverse edits. Every change, undo and redo included, goes through `Store::apply`, so each one is
//! committed to the file before the window hears it succeeded (autosave = every edit).
//!
//! The workbook value is shared (`Arc`), so a long write (an imported file) can run outside the session's lock:
//! `Session::lend_store` hands the store out, the write works on its own copy of the workbook, and the commands
//! that read keep answering from the value as it was until `StoreLoan::finish` puts the new one in place. Edits
//! meanwhile are refused with `ErrorCode::Busy` (the store is out), never queued behind the write.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::Workbook;
use dxplan::model::edit::{Applied, Edit};
use dxplan::store::Store;
use serde::{Deserialize, Serialize};

/// 団体名 of the demo workbook (`dxplan demo`), whose figures describe `dxplan::data::demo::as_of()`.
pub const DEMO_CITY: &str = "みなと川市";

/// How many steps back undo reaches.
pub const UNDO_DEPTH: usize = 200;

/// An edit the user can undo or redo, with a short Japanese label for the button's tooltip.
pub struct Step {
    pub edit: Edit,
    pub label: String,
}

/// One open workbook.
pub struct Session {
    /// the open file; `None` while a long write has it (`lend_store`)
    store: Option<Store>,
    /// the workbook as committed; shared with a long write running outside the lock, which replaces it when done
    pub wb: Arc<Workbook>,
    /// the file, also while the store is lent
    path: PathBuf,
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
    /// date the workbook is seen from (the demo's own date for the demo, else today)
    pub as_of: chrono::NaiveDate,
    /// which content this is: a new number at every open and every change (edit, undo, redo), so a value
    /// computed from the workbook (an import preview) can tell it is still the workbook's current content
    pub generation: u64,
    /// the import plan last previewed (取り込み), waiting to be applied or replaced
    pub pending_import: Option<crate::commands::import::Pending>,
}

/// A number never handed out before in this process (see `Session::generation`).
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Session {
    /// Opens a workbook file for editing: the store takes the file's edit lock (one window per workbook; a second
    /// open is refused with `ErrorCode::Busy` naming who holds it), then loads it.
    pub fn open(path: &Path, today: chrono::NaiveDate) -> Result<Session> {
        let store = Store::open_for_edit(path)?;
        let wb = store.load()?;
        // the demo city describes one fixed day: show it as of that day
        let as_of = if wb.meta.municipality == DEMO_CITY {
            dxplan::data::demo::as_of()
        } else {
            today
        };
        Ok(Session {
            path: store.path().to_path_buf(),
            store: Some(store),
            wb: Arc::new(wb),
            undo: vec![],
            redo: vec![],
            as_of,
            generation: next_generation(),
            pending_import: None,
        })
    }

    /// Applies a user's edit through the store (committed to the file), recording its inverse for undo.
    pub fn apply(&mut self, edit: Edit, label: String) -> Result<Applied> {
        // the progress it makes is dated the session's today
        let store = self.store.as_mut().ok_or_else(writing)?;
        let applied = store.apply(Arc::make_mut(&mut self.wb), edit.dated(self.as_of))?;
        self.generation = next_generation();
        self.undo.push(Step {
            edit: applied.inverse.clone(),
            label,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(applied)
    }

    /// Undoes the last edit (through the store); its own inverse becomes the redo step.
    pub fn undo(&mut self) -> Result<Applied> {
        let store = self.store.as_mut().ok_or_else(writing)?;
        let step = self
            .undo
            .pop()
            .ok_or_else(|| Error::invalid("元に戻せる操作はありません。"))?;
        match store.apply(Arc::make_mut(&mut self.wb), step.edit.clone()) {
            Ok(a) => {
                self.generation = next_generation();
                self.redo.push(Step {
                    edit: a.inverse.clone(),
                    label: step.label,
                });
                Ok(a)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone edit (through the store).
    pub fn redo(&mut self) -> Result<Applied> {
        let store = self.store.as_mut().ok_or_else(writing)?;
        let step = self
            .redo
            .pop()
            .ok_or_else(|| Error::invalid("やり直せる操作はありません。"))?;
        match store.apply(Arc::make_mut(&mut self.wb), step.edit.clone()) {
            Ok(a) => {
                self.generation = next_generation();
                self.undo.push(Step {
                    edit: a.inverse.clone(),
                    label: step.label,
                });
                Ok(a)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file's store, or `ErrorCode::Busy` while a long write has it.
    pub fn store(&self) -> Result<&Store> {
        self.store.as_ref().ok_or_else(writing)
    }

    /// The open file's store to write through, or `ErrorCode::Busy` while a long write has it.
    pub fn store_mut(&mut self) -> Result<&mut Store> {
        self.store.as_mut().ok_or_else(writing)
    }

    /// Hands the store out for a long write done outside the session's lock (an import); the commands that read
    /// go on answering from `wb`, edits are refused as busy until `StoreLoan::finish` (or dropping the loan)
    /// gives it back.
    pub fn lend_store(&mut self) -> Result<StoreLoan> {
        let store = self.store.take().ok_or_else(writing)?;
        Ok(StoreLoan {
            store: Some(store),
            path: self.path.clone(),
            wb: self.wb.clone(),
            generation: self.generation,
        })
    }
}

/// The store lent out of the session for one long write, with the workbook value it starts from.
pub struct StoreLoan {
    store: Option<Store>,
    path: PathBuf,
    /// the session's workbook when the store was lent (unchanged meanwhile: no other edit can be saved)
    pub wb: Arc<Workbook>,
    pub generation: u64,
}

impl StoreLoan {
    pub fn store(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .expect("the lent store is there until the loan ends")
    }

    /// Gives the store back to `session` (when it is still the session of the same file) and, when the write
    /// succeeded, makes `wb` the session's workbook and `edit` its undo step. Returns the workbook value it
    /// replaced, for the caller to drop after letting go of the session's lock (freeing a large workbook takes
    /// a while).
    pub fn finish(mut self, s: &mut Session, written: Option<(Workbook, Step)>) -> Arc<Workbook> {
        let store = self.store.take();
        if s.store.is_none() && s.path == self.path {
            s.store = store;
            if let Some((wb, step)) = written {
                s.wb = Arc::new(wb);
                s.generation = next_generation();
                s.undo.push(step);
                if s.undo.len() > UNDO_DEPTH {
                    s.undo.remove(0);
                }
                s.redo.clear();
            }
        }
        self.wb
    }
}

fn writing() -> Error {
    Error::new(
        ErrorCode::Busy,
        "取り込んだ内容をブックに書き込んでいます。書き込みが終わってから、もう一度操作してください。",
    )
}

/// A workbook opened before, for the ホーム screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecentFile {
    pub path: PathBuf,
    pub municipality: String,
}

/// Everything the commands share.
pub struct AppState {
    pub session: Mutex<Option<Session>>,
    pub recent: Mutex<Vec<RecentFile>>,
    /// where `recent.json` lives (None: not remembered)
    pub config_dir: Option<PathBuf>,
    /// test hook: when set, every native file dialog is answered with a file in this folder (see `dialog.rs`)
    pub dialog_dir: Option<PathBuf>,
    /// the date the app treats as today (`DXPLAN_TODAY`, else the local date)
    pub today: chrono::NaiveDate,
    /// why the workbook named at start could not be opened (shown on ホーム)
    pub startup_error: Mutex<Option<Error>>,
    /// the export font (IPAex ゴシック), loaded on first use
    pub font: std::sync::OnceLock<dxplan::render::Font>,
    /// the app's resource folder (Tauri's; on Windows the install folder): the bundled font is looked for in its
    /// `fonts/`, besides the executable's folder and the installed fonts (`dxplan::render::font`)
    pub resource_dir: Option<PathBuf>,
    /// bumped by 取り込み's やめる: a preview still being planned when it moves is thrown away when done
    pub import_epoch: std::sync::atomic::AtomicU64,
    /// 取り込み's count: of the file being planned, else of the last one (where it ended or was stopped)
    import_rows: Mutex<crate::commands::import::ImportProgress>,
}

/// How many recent files ホーム lists.
const RECENT_MAX: usize = 10;

impl AppState {
    pub fn new(
        config_dir: Option<PathBuf>,
        dialog_dir: Option<PathBuf>,
        today: chrono::NaiveDate,
    ) -> Self {
        let recent = config_dir
            .as_ref()
            .and_then(|d| std::fs::read(d.join("recent.json")).ok())
            .and_then(|b| serde_json::from_slice::<Vec<RecentFile>>(&b).ok())
            .unwrap_or_default();
        AppState {
            session: Mutex::new(None),
            recent: Mutex::new(recent),
            config_dir,
            dialog_dir,
            today,
            startup_error: Mutex::new(None),
            font: std::sync::OnceLock::new(),
            resource_dir: None,
            import_epoch: std::sync::atomic::AtomicU64::new(0),
            import_rows: Mutex::new(Default::default()),
        }
    }

    /// Sets 取り込み's count.
    pub fn set_import_progress(&self, p: crate::commands::import::ImportProgress) {
        if let Ok(mut r) = self.import_rows.lock() {
            *r = p;
        }
    }

    /// 取り込み's count: of the file being planned, else of the last one.
    pub fn import_progress(&self) -> crate::commands::import::ImportProgress {
        self.import_rows.lock().map(|r| *r).unwrap_or_default()
    }

    pub fn session(&self) -> Result<MutexGuard<'_, Option<Session>>> {
        self.session.lock().map_err(|_| {
            Error::internal("ブックの状態を読めません（前の操作が異常終了しました）。")
        })
    }

    /// Runs `f` on the open session, or says that no workbook is open.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut g = self.session()?;
        let s = g.as_mut().ok_or_else(no_workbook)?;
        f(s)
    }

    pub fn recent(&self) -> Vec<RecentFile> {
        self.recent.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Puts a file at the top of the recent list and saves the list (best effort: a read-only profile is fine).
    pub fn remember(&self, path: &Path, municipality: &str) {
        let Ok(mut r) = self.recent.lock() else {
            return;
        };
        r.retain(|f| f.path != path);
        r.insert(
            0,
            RecentFile {
                path: path.to_path_buf(),
                municipality: municipality.to_string(),
            },
        );
        r.truncate(RECENT_MAX);
        if let Some(d) = &self.config_dir {
            let _ = std::fs::create_dir_all(d);
            if let Ok(body) = serde_json::to_vec_pretty(&*r) {
                let tmp = d.join("recent.json.tmp");
                if std::fs::write(&tmp, body).is_ok() {
                    let _ = std::fs::rename(&tmp, d.join("recent.json"));
                }
            }
        }
    }

    /// Replaces the open workbook with another; a failed open keeps the current workbook open.
    pub fn open(&self, path: &Path) -> Result<()> {
        let mut g = self.session()?;
        if g.as_ref().is_some_and(|s| same_file(s.path(), path)) {
            return Ok(());
        }
        // not while an import is being written into the open one
        if let Some(s) = g.as_ref() {
            s.store()?;
        }
        let s = Session::open(path, self.today)?;
        self.remember(path, &s.wb.meta.municipality);
        *g = Some(s);
        Ok(())
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

pub fn no_workbook() -> Error {
    Error::new(
        ErrorCode::NotFound,
        "ブックが開かれていません。ホームでブックを開いてください。",
    )
}
