//! The workbook file: one SQLite database per municipality (`.dxplan`). A thin shell around the model: it opens,
//! checks and migrates the file, loads a `Workbook`, and persists each applied `Edit` in one transaction.
//!
//! Invariants: a file that is not ours, newer than us, or damaged is refused with a Japanese message and never
//! written; the schema moves forward only through the numbered migrations, all in one transaction; foreign keys
//! are on; the rollback journal (`journal_mode=DELETE`, never WAL) with `synchronous=FULL` makes every acknowledged
//! edit survive a crash or power loss, also on network drives where WAL is unsafe. A journal left by a crashed
//! writer is rolled back before the file is read.
//!
//! Two ways to open: `open` (read: summary, review, check, backup — no lock, read-only connection) and
//! `open_for_edit` (takes the edit lock `NAME.dxplan.lock`, see `lock.rs`, and snapshots the file into
//! `NAME.backups/` before migrations and at most hourly while edits happen, see `snapshots.rs`).

pub mod drive;
pub mod lock;
mod migrate;
pub mod peek;
pub mod snapshots;
mod tables;

pub use tables::Scope;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;
use rusqlite::{Connection, ErrorCode as SqlCode, OpenFlags};

pub use lock::{LockHolder, WorkbookLock};
pub use snapshots::{Reason, Snapshot};

use crate::error::{Error, ErrorCode, Result};
use crate::fsx;
pub(crate) use crate::fsx::display;
use crate::fsx::io_error;
use crate::model::Workbook;
use crate::model::edit::{self, Applied, Edit};
use migrate::{migrate, migrate_tx};

/// `PRAGMA application_id` of a dxplan workbook ("DXPL").
pub const APPLICATION_ID: i32 = 0x4458_504C;

/// The numbered migrations; the schema version of a file is how many of them it has applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_money.sql"),
    include_str!("migrations/0003_unit_capacity.sql"),
    include_str!("migrations/0004_progress_history.sql"),
    include_str!("migrations/0005_specified_cause.sql"),
    include_str!("migrations/0006_action_items.sql"),
    include_str!("migrations/0007_dependency_lag.sql"),
    include_str!("migrations/0008_inquiry.sql"),
];

/// Schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// File extension of a workbook.
pub const EXTENSION: &str = "dxplan";

/// The clock the store reads for lock times and the snapshot schedule (passed in, so tests can move time).
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// This machine's local clock.
pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Local::now().naive_local())
}

/// How a workbook is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read only: no lock, a read-only connection (summary, review, check, backup).
    Read,
    /// Editing: holds the edit lock; `apply` and snapshots are allowed.
    Edit,
}

/// Options of `Store::open_with`.
#[derive(Clone)]
pub struct OpenOptions {
    pub mode: Mode,
    pub clock: Clock,
    /// An edit takes a snapshot first when the newest one is at least this old.
    pub snapshot_every: chrono::Duration,
    /// The migration list (tests only: production always uses `MIGRATIONS`).
    #[doc(hidden)]
    pub migrations: &'static [&'static str],
}

impl OpenOptions {
    pub fn new(mode: Mode) -> OpenOptions {
        OpenOptions {
            mode,
            clock: system_clock(),
            snapshot_every: chrono::Duration::hours(1),
            migrations: MIGRATIONS,
        }
    }
    pub fn clock(mut self, clock: Clock) -> OpenOptions {
        self.clock = clock;
        self
    }
    /// Uses another migration list: only for tests of interrupted or failing migrations.
    #[doc(hidden)]
    pub fn migrations_for_test(mut self, migrations: &'static [&'static str]) -> OpenOptions {
        self.migrations = migrations;
        self
    }
}

/// An open workbook file. Fields drop in order: the connection closes before the lock is released.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    mode: Mode,
    lock: Option<WorkbookLock>,
    clock: Clock,
    snapshot_every: chrono::Duration,
    last_snapshot: Option<NaiveDateTime>,
    network: Option<&'static str>,
}

/// Maps a SQLite failure to a user-facing error about `path`.
pub(crate) fn sql_error(path: &Path, e: rusqlite::Error) -> Error {
    let name = display(path);
    if let rusqlite::Error::SqliteFailure(f, ref msg) = e {
        return match f.code {
            SqlCode::DiskFull => Error::new(
                ErrorCode::DiskFull,
                format!(
                    "ディスクの空き容量が足りないため「{name}」に保存できませんでした。空きを作ってからやり直してください（変更は保存されていません）。"
                ),
            ),
            SqlCode::ReadOnly => Error::new(
                ErrorCode::ReadOnly,
                format!("「{name}」は読み取り専用のため保存できません。"),
            ),
            SqlCode::CannotOpen | SqlCode::PermissionDenied => Error::new(
                ErrorCode::ReadOnly,
                format!("「{name}」を開けません（場所が存在しないか、アクセス権がありません）。"),
            ),
            SqlCode::DatabaseBusy | SqlCode::DatabaseLocked => Error::new(
                ErrorCode::Busy,
                format!(
                    "「{name}」は他のプログラムが使用中です。しばらくしてからやり直してください。"
                ),
            ),
            // SQLITE_ERROR on a file whose version we know: its schema text was damaged ("no such column",
            // "unsupported file format", "malformed database schema")
            SqlCode::DatabaseCorrupt | SqlCode::NotADatabase | SqlCode::Unknown => corrupt(path),
            SqlCode::ConstraintViolation => Error::invalid(format!(
                "保存できない内容です（整合性の制約に違反: {}）。",
                msg.clone().unwrap_or_default()
            )),
            _ => Error::new(
                ErrorCode::Io,
                format!("「{name}」の読み書きに失敗しました（{e}）。"),
            ),
        };
    }
    // a stored value that cannot be read as its type (bad UTF-8, out-of-range number): the file was damaged
    if matches!(
        e,
        rusqlite::Error::Utf8Error(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            // our own queries fail to compile only against a damaged schema ("no such column")
            | rusqlite::Error::SqlInputError { .. }
    ) {
        return corrupt(path);
    }
    Error::new(
        ErrorCode::Io,
        format!("「{name}」の読み書きに失敗しました（{e}）。"),
    )
}

pub(crate) fn corrupt(path: &Path) -> Error {
    Error::new(
        ErrorCode::Corrupt,
        format!(
            "「{}」は壊れているため開けません。バックアップから復元してください（ファイルは変更していません）。",
            display(path)
        ),
    )
}

fn not_a_workbook(path: &Path) -> Error {
    Error::new(
        ErrorCode::NotAWorkbook,
        format!(
            "「{}」はdxplanのブック（.dxplan）ではありません。",
            display(path)
        ),
    )
}

/// What the header says about a file we accept.
struct Header {
    /// the file is in WAL mode (written by another program): converted back to the rollback journal on open
    wal: bool,
}

/// `FILE-journal`: SQLite's rollback journal of a workbook.
fn journal_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

/// A journal is left beside the file: a writer is in a transaction or crashed in one (then SQLite rolls it back
/// when the file is next opened for writing).
fn has_journal(path: &Path) -> bool {
    std::fs::metadata(journal_path(path)).is_ok_and(|m| m.len() > 0)
}

/// Reads the SQLite header without SQLite, so a foreign or truncated file is refused before anything opens it.
/// While a journal exists the file may be mid-write, so its length is not checked against the header then.
fn check_header(path: &Path, target: i32, journal: bool) -> Result<Header> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let mut head = [0u8; 100];
    let n = f.read(&mut head).map_err(|e| io_error(path, &e))?;
    if n < 16 || &head[..16] != b"SQLite format 3\0" {
        return Err(not_a_workbook(path));
    }
    if n < 100 {
        return Err(corrupt(path));
    }
    let app_id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    if app_id != APPLICATION_ID {
        return Err(not_a_workbook(path));
    }
    let user_version = i32::from_be_bytes([head[60], head[61], head[62], head[63]]);
    if user_version > target {
        return Err(newer(path));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        p => u64::from(p),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    let len = f.metadata().map_err(|e| io_error(path, &e))?.len();
    if page_size < 512 || (!journal && pages > 0 && len < pages * page_size) {
        return Err(corrupt(path));
    }
    Ok(Header {
        wal: head[18] == 2 || head[19] == 2,
    })
}

fn newer(path: &Path) -> Error {
    Error::new(
        ErrorCode::NewerWorkbook,
        format!(
            "「{}」は新しい版のdxplanで作られています。dxplanを更新してから開いてください（ファイルは変更していません）。",
            display(path)
        ),
    )
}

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| sql_error(path, e))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        .map_err(|e| sql_error(path, e))?;
    Ok(())
}

impl Store {
    /// Writes a new workbook file from a value and returns it open for editing (holding the edit lock). The file
    /// appears whole or not at all (written beside, then renamed); an existing file is refused unless `overwrite`
    /// (and never while someone edits it).
    pub fn create(path: &Path, wb: &Workbook, overwrite: bool) -> Result<Store> {
        if path.exists() && !overwrite {
            return Err(Error::new(
                ErrorCode::Exists,
                format!(
                    "「{}」は既にあります。上書きする場合は --force を付けてください。",
                    display(path)
                ),
            ));
        }
        let lock = WorkbookLock::acquire(path, (system_clock())())?;
        let tmp = sibling(path, "creating");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut conn = Connection::open(&tmp).map_err(|e| sql_error(path, e))?;
            configure(&conn, path)?;
            conn.execute_batch("PRAGMA journal_mode = DELETE;")
                .map_err(|e| sql_error(path, e))?;
            let tx = conn.transaction().map_err(|e| sql_error(path, e))?;
            migrate_tx(&tx, 0, MIGRATIONS, (system_clock())().date())
                .map_err(|e| sql_error(path, e))?;
            tables::insert_all(&tx, wb).map_err(|e| sql_error(path, e))?;
            // rows in progress without a history start it here (the demo and imports bring their own)
            let first = crate::model::progress::missing_entries(wb, (system_clock())().date());
            tables::insert_progress(&tx, &first).map_err(|e| sql_error(path, e))?;
            tx.commit().map_err(|e| sql_error(path, e))?;
            conn.close().map_err(|(_, e)| sql_error(path, e))?;
            // a journal of the file being replaced must not be rolled back into the new one
            remove_stale_journal(path)?;
            fsx::place(&tmp, path)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(journal_path(&tmp));
            return Err(e);
        }
        // the creator goes on editing it: keep the lock
        Store::open_inner(path, &OpenOptions::new(Mode::Edit), Some(lock))
    }

    /// Opens a workbook to read it (no lock, read-only connection), refusing foreign, newer or damaged files
    /// without writing to them; an older schema is migrated forward in one transaction (after a snapshot).
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, &OpenOptions::new(Mode::Read))
    }

    /// Opens a workbook to edit it: takes the edit lock (`ErrorCode::Busy` naming the holder if another session
    /// has it) and refuses a file that cannot be written.
    pub fn open_for_edit(path: &Path) -> Result<Store> {
        Store::open_with(path, &OpenOptions::new(Mode::Edit))
    }

    pub fn open_with(path: &Path, opts: &OpenOptions) -> Result<Store> {
        Store::open_inner(path, opts, None)
    }

    fn open_inner(path: &Path, opts: &OpenOptions, held: Option<WorkbookLock>) -> Result<Store> {
        if !path.exists() {
            return Err(Error::new(
                ErrorCode::NotFound,
                format!("「{}」が見つかりません。", display(path)),
            ));
        }
        let target = opts.migrations.len() as i32;
        let header = check_header(path, target, has_journal(path))?;
        let now = (opts.clock)();
        let mut lock = held;
        if opts.mode == Mode::Edit && lock.is_none() {
            lock = Some(WorkbookLock::acquire(path, now)?);
        }
        let leave_wal = header.wal && opts.mode == Mode::Edit;
        if leave_wal || has_journal(path) {
            // the file is ours (header checked): let SQLite roll back a crashed writer's journal; an editor also
            // converts a WAL-mode file (made by another program) back to the rollback journal
            recover(path, leave_wal)?;
            check_header(path, target, has_journal(path))?;
        }
        // look before writing anything: read-only first
        let version = {
            let ro = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| sql_error(path, e))?;
            let (app_id, version) = ids(&ro).map_err(|e| sql_error(path, e))?;
            if app_id != APPLICATION_ID {
                return Err(not_a_workbook(path));
            }
            if version > target {
                return Err(newer(path));
            }
            if version < 1 {
                return Err(corrupt(path));
            }
            version
        };
        if version < target {
            // a migration writes: a reader takes the lock for its duration
            let _temp = match lock {
                Some(_) => None,
                None => Some(WorkbookLock::acquire(path, now)?),
            };
            migrate(path, version, opts.migrations, now)?;
        }
        let flags = match opts.mode {
            Mode::Edit => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Mode::Read => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_error(path, e))?;
        configure(&conn, path)?;
        let mut last_snapshot = None;
        if opts.mode == Mode::Edit {
            // SQLite silently opens read-only what it cannot write (permissions, a read-only share or mount)
            if conn
                .is_readonly(rusqlite::MAIN_DB)
                .map_err(|e| sql_error(path, e))?
            {
                return Err(Error::new(
                    ErrorCode::ReadOnly,
                    format!(
                        "「{}」は読み取り専用のため、編集用に開けません（閲覧はできます）。",
                        display(path)
                    ),
                ));
            }
            let mode: String = conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
                .map_err(|e| sql_error(path, e))?;
            if !mode.eq_ignore_ascii_case("delete") {
                return Err(Error::internal(format!(
                    "「{}」のジャーナル方式を DELETE にできません（{mode}）。",
                    display(path)
                )));
            }
            last_snapshot = snapshots::list(path)
                .ok()
                .and_then(|l| l.first().map(|s| s.taken_at));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            mode: opts.mode,
            lock,
            clock: opts.clock.clone(),
            snapshot_every: opts.snapshot_every,
            last_snapshot,
            network: drive::network_filesystem(path),
        })
    }

    /// Replaces the workbook `path` with a snapshot (a file in its backups folder or any workbook file): the
    /// snapshot is checked first, the current file is snapshotted (or, if it is damaged, copied as it is), then
    /// the snapshot is written beside and renamed into place, all under the edit lock. Returns the snapshot of the
    /// file as it was.
    pub fn restore(path: &Path, snapshot: &Path, opts: &OpenOptions) -> Result<Option<Snapshot>> {
        if !snapshot.exists() {
            return Err(Error::new(
                ErrorCode::NotFound,
                format!("バックアップ「{}」が見つかりません。", display(snapshot)),
            ));
        }
        check_header(snapshot, opts.migrations.len() as i32, false)?;
        snapshots::verify(snapshot)?;
        let now = (opts.clock)();
        let mut lock = Some(WorkbookLock::acquire(path, now)?);
        let mut before = None;
        if path.exists() {
            let edit = OpenOptions {
                mode: Mode::Edit,
                ..opts.clone()
            };
            let pre = match Store::open_inner(path, &edit, lock.take()) {
                Ok(mut store) => {
                    let taken = store.snapshot(Reason::BeforeRestore);
                    lock = store.lock.take();
                    taken
                }
                Err(e) => Err(e),
            };
            match pre {
                Ok(s) => before = Some(s),
                Err(e) if matches!(e.code, ErrorCode::Corrupt | ErrorCode::NotAWorkbook) => {
                    // keep the damaged file as it is, beside the snapshots
                    if lock.is_none() {
                        lock = Some(WorkbookLock::acquire(path, now)?);
                    }
                    let dir = snapshots::folder(path);
                    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
                    let keep = dir.join(format!(
                        "{}-{}-damaged.bin",
                        path.file_stem().unwrap_or_default().to_string_lossy(),
                        now.format("%Y%m%d-%H%M%S")
                    ));
                    std::fs::copy(path, &keep).map_err(|e| io_error(&keep, &e))?;
                }
                Err(e) => return Err(e),
            }
        }
        let src = Connection::open_with_flags(
            snapshot,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sql_error(snapshot, e))?;
        let tmp = sibling(path, "restoring");
        let written = snapshots::write_checked(&src, &tmp, &sibling(path, "restored"))
            .and_then(|()| remove_stale_journal(path))
            .and_then(|()| fsx::place(&sibling(path, "restored"), path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(sibling(path, "restored"));
            return Err(e);
        }
        drop(lock);
        Ok(before)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Schema version of the open file.
    pub fn schema_version(&self) -> Result<i32> {
        ids(&self.conn)
            .map(|(_, v)| v)
            .map_err(|e| sql_error(&self.path, e))
    }

    /// How the file is opened.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// SQLite's journal mode of the file: always `delete` (the rollback journal; WAL is never used).
    pub fn journal_mode(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| sql_error(&self.path, e))
    }

    /// The network filesystem the file is on (`NFS`, `CIFS` …), if any.
    pub fn network_filesystem(&self) -> Option<&'static str> {
        self.network
    }

    /// When the newest snapshot was taken (edit mode), as read from the backups folder or taken since.
    pub fn last_snapshot(&self) -> Option<NaiveDateTime> {
        self.last_snapshot
    }

    /// Snapshots the file now into `NAME.backups/` (and rotates old snapshots). Edit mode only.
    pub fn snapshot(&mut self, reason: Reason) -> Result<Snapshot> {
        self.require_edit()?;
        let now = (self.clock)();
        let s = snapshots::take(&self.conn, &self.path, reason, now)?;
        self.last_snapshot = Some(now);
        Ok(s)
    }

    fn require_edit(&self) -> Result<()> {
        match self.mode {
            Mode::Edit => Ok(()),
            Mode::Read => Err(Error::new(
                ErrorCode::ReadOnly,
                format!(
                    "「{}」は閲覧用に開いているため変更できません。編集用に開き直してください。",
                    display(&self.path)
                ),
            )),
        }
    }

    /// Reads the whole workbook.
    pub fn load(&self) -> Result<Workbook> {
        self.load_scope(Scope::All)
    }

    /// Reads part of the workbook (see `Scope`); edits must be applied to a fully loaded workbook.
    pub fn load_scope(&self, scope: Scope) -> Result<Workbook> {
        tables::load(&self.conn, &self.path, scope).map_err(|e| {
            // an SQL error while reading a file of a known version means its schema was damaged
            if e.code == ErrorCode::Io && !self.quick_check_ok() {
                corrupt(&self.path)
            } else {
                e
            }
        })
    }

    fn quick_check_ok(&self) -> bool {
        self.conn
            .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
            .is_ok_and(|s| s == "ok")
    }

    /// Applies an edit to `wb` and persists exactly the rows it touched, in one transaction. On any failure the
    /// file and `wb` are both left as they were (the user's input can be re-tried). Takes a snapshot first when
    /// the newest is older than `snapshot_every`. The progress it makes is recorded as of the clock's date unless
    /// the edit names its own (`Edit::dated`: the CLI and the app pass the session's today).
    pub fn apply(&mut self, wb: &mut Workbook, edit: Edit) -> Result<Applied> {
        self.require_edit()?;
        let now = (self.clock)();
        let edit = edit.dated(now.date());
        let due = self
            .last_snapshot
            .is_none_or(|t| (now - t).abs() >= self.snapshot_every);
        if due {
            self.snapshot(Reason::Auto).map_err(|e| {
                Error::new(
                    e.code,
                    format!(
                        "{} 自動バックアップを作成できないため、この変更は保存していません（入力内容はそのままです。原因を取り除いてからやり直してください）。",
                        e.message
                    ),
                )
            })?;
        }
        let applied = edit::apply(wb, edit)?;
        let keys = edit::dedup_keys(&applied.changed);
        let path = self.path.clone();
        let written = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
            tables::persist(&tx, wb, &keys)?;
            tx.commit()
        })();
        if let Err(e) = written {
            // put the in-memory workbook back as it was
            edit::apply(wb, applied.inverse).map_err(|u| {
                Error::internal(format!("保存失敗後の取り消しに失敗: {}", u.message))
            })?;
            return Err(save_error(&path, e));
        }
        Ok(applied)
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when the file is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut out = vec![];
        let mut st = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| sql_error(&self.path, e))?;
        let msgs = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| sql_error(&self.path, e))?;
        for m in msgs {
            let m = m.map_err(|e| sql_error(&self.path, e))?;
            if m != "ok" {
                out.push(m);
            }
        }
        let mut st = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(|e| sql_error(&self.path, e))?;
        let fks = st
            .query_map([], |r| {
                Ok(format!(
                    "外部キー違反: 表 {} の行 {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?
                ))
            })
            .map_err(|e| sql_error(&self.path, e))?;
        for f in fks {
            out.push(f.map_err(|e| sql_error(&self.path, e))?);
        }
        Ok(out)
    }

    /// A consistent copy of the workbook through SQLite's backup API (safe while the file is in use).
    /// The copy appears whole or not at all.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::new(
                ErrorCode::Exists,
                format!(
                    "「{}」は既にあります。別の名前を指定してください。",
                    display(dest)
                ),
            ));
        }
        let tmp = sibling(dest, "copying");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut out = Connection::open(&tmp).map_err(|e| sql_error(dest, e))?;
            {
                let b = rusqlite::backup::Backup::new(&self.conn, &mut out)
                    .map_err(|e| sql_error(dest, e))?;
                b.run_to_completion(256, std::time::Duration::from_millis(0), None)
                    .map_err(|e| sql_error(dest, e))?;
            }
            out.close().map_err(|(_, e)| sql_error(dest, e))?;
            fsx::place(&tmp, dest)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// A failed save: what went wrong, and that nothing was saved but nothing typed is lost.
fn save_error(path: &Path, e: rusqlite::Error) -> Error {
    let base = sql_error(path, e);
    let message = match base.code {
        ErrorCode::ReadOnly => format!(
            "「{}」に保存できませんでした（ファイルまたはフォルダが読み取り専用か、書き込む権限がありません）。変更は保存されていません。入力内容はそのままなので、書き込めるようにしてからやり直してください。",
            display(path)
        ),
        ErrorCode::DiskFull => format!(
            "ディスクの空き容量が足りないため「{}」に保存できませんでした。変更は保存されていません。入力内容はそのままなので、空きを作ってからやり直してください。",
            display(path)
        ),
        _ => return base,
    };
    Error::new(base.code, message)
}

/// Removes the rollback journal of a file about to be replaced (the caller holds the edit lock).
fn remove_stale_journal(path: &Path) -> Result<()> {
    match std::fs::remove_file(journal_path(path)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(path, &e)),
        _ => Ok(()),
    }
}

/// Lets SQLite roll back the journal of a writer that crashed, and converts a WAL-mode file (made by another
/// program) back to the rollback journal.
fn recover(path: &Path, leave_wal: bool) -> Result<()> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_error(path, e))?;
    c.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| sql_error(path, e))?;
    // any read takes a shared lock, and SQLite rolls a hot journal back first
    c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| sql_error(path, e))?;
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .map_err(|e| sql_error(path, e))?;
    if leave_wal && mode.eq_ignore_ascii_case("wal") {
        c.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(|e| sql_error(path, e))?;
    }
    c.close().map_err(|(_, e)| sql_error(path, e))
}

/// `path` with an extra suffix, in the same folder (so a rename is atomic).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{suffix}"));
    PathBuf::from(s)
}

fn ids(conn: &Connection) -> rusqlite::Result<(i32, i32)> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let ver: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app, ver))
}
