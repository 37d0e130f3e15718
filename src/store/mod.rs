//! The workbook file: one SQLite database per municipality (`.dxplan`). A thin shell around the model: it opens,
//! checks and migrates the file, loads a `Workbook`, and persists each applied `Edit` in one transaction.
//!
//! Invariants: a file that is not ours, newer than us, or damaged is refused with a Japanese message and never
//! written; the schema moves forward only through the numbered migrations, all in one transaction; foreign keys
//! are on; the rollback journal with `synchronous=FULL` makes every acknowledged edit survive a crash, also on
//! network drives where WAL is unsafe.

mod rows;

pub use rows::Scope;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode as SqlCode, OpenFlags};

use crate::error::{Error, ErrorCode, Result};
use crate::model::Workbook;
use crate::model::edit::{self, Applied, Edit};

/// `PRAGMA application_id` of a dxplan workbook ("DXPL").
pub const APPLICATION_ID: i32 = 0x4458_504C;

/// The numbered migrations; the schema version of a file is how many of them it has applied.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

/// Schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// File extension of a workbook.
pub const EXTENSION: &str = "dxplan";

/// An open workbook file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

fn display(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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
            SqlCode::DatabaseCorrupt | SqlCode::NotADatabase => corrupt(path),
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

/// Reads the SQLite header without SQLite, so a foreign or truncated file is refused before anything opens it.
fn check_header(path: &Path) -> Result<()> {
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
    if user_version > SCHEMA_VERSION {
        return Err(newer(path));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        p => u64::from(p),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    let len = f.metadata().map_err(|e| io_error(path, &e))?.len();
    if page_size < 512 || (pages > 0 && len < pages * page_size) {
        return Err(corrupt(path));
    }
    Ok(())
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

pub fn io_error(path: &Path, e: &std::io::Error) -> Error {
    let name = display(path);
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::new(ErrorCode::NotFound, format!("「{name}」が見つかりません。"))
        }
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            Error::new(
                ErrorCode::ReadOnly,
                format!("「{name}」に書き込む権限がありません。"),
            )
        }
        std::io::ErrorKind::StorageFull => Error::new(
            ErrorCode::DiskFull,
            format!("ディスクの空き容量が足りないため「{name}」を書き込めませんでした。"),
        ),
        std::io::ErrorKind::AlreadyExists => {
            Error::new(ErrorCode::Exists, format!("「{name}」は既にあります。"))
        }
        _ => Error::new(
            ErrorCode::Io,
            format!("「{name}」の読み書きに失敗しました（{e}）。"),
        ),
    }
}

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| sql_error(path, e))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
        .map_err(|e| sql_error(path, e))?;
    Ok(())
}

impl Store {
    /// Writes a new workbook file from a value. The file appears whole or not at all (written beside, then renamed);
    /// an existing file is refused unless `overwrite`.
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
        let tmp = sibling(path, "creating");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut conn = Connection::open(&tmp).map_err(|e| sql_error(path, e))?;
            configure(&conn, path)?;
            conn.execute_batch("PRAGMA journal_mode = DELETE;")
                .map_err(|e| sql_error(path, e))?;
            let tx = conn.transaction().map_err(|e| sql_error(path, e))?;
            migrate_tx(&tx, 0).map_err(|e| sql_error(path, e))?;
            rows::insert_all(&tx, wb).map_err(|e| sql_error(path, e))?;
            tx.commit().map_err(|e| sql_error(path, e))?;
            conn.close().map_err(|(_, e)| sql_error(path, e))?;
            std::fs::rename(&tmp, path).map_err(|e| io_error(path, &e))
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(sibling(&tmp, "journal"));
            return Err(e);
        }
        Store::open(path)
    }

    /// Opens a workbook, refusing foreign, newer or damaged files without writing to them; an older schema is
    /// migrated forward in one transaction.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::new(
                ErrorCode::NotFound,
                format!("「{}」が見つかりません。", display(path)),
            ));
        }
        check_header(path)?;
        // look before writing anything: read-only first
        {
            let ro = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| sql_error(path, e))?;
            let (app_id, version) = ids(&ro).map_err(|e| sql_error(path, e))?;
            if app_id != APPLICATION_ID {
                return Err(not_a_workbook(path));
            }
            if version > SCHEMA_VERSION {
                return Err(newer(path));
            }
            if version < 1 {
                return Err(corrupt(path));
            }
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sql_error(path, e))?;
        configure(&conn, path)?;
        let (_, version) = ids(&conn).map_err(|e| sql_error(path, e))?;
        if version < SCHEMA_VERSION {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| sql_error(path, e))?;
            migrate_tx(&tx, version).map_err(|e| sql_error(path, e))?;
            tx.commit().map_err(|e| sql_error(path, e))?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
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

    /// Reads the whole workbook.
    pub fn load(&self) -> Result<Workbook> {
        rows::load(&self.conn, &self.path, Scope::All)
    }

    /// Reads part of the workbook (see `Scope`); edits must be applied to a fully loaded workbook.
    pub fn load_scope(&self, scope: Scope) -> Result<Workbook> {
        rows::load(&self.conn, &self.path, scope)
    }

    /// Applies an edit to `wb` and persists exactly the rows it touched, in one transaction. On any failure the
    /// file and `wb` are both left as they were.
    pub fn apply(&mut self, wb: &mut Workbook, edit: Edit) -> Result<Applied> {
        let applied = edit::apply(wb, edit)?;
        let keys = edit::dedup_keys(&applied.changed);
        let path = self.path.clone();
        let written = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
            rows::persist(&tx, wb, &keys)?;
            tx.commit()
        })();
        if let Err(e) = written {
            // put the in-memory workbook back as it was
            let _ = edit::apply(wb, applied.inverse);
            return Err(sql_error(&path, e));
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
            std::fs::rename(&tmp, dest).map_err(|e| io_error(dest, &e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// `path` with an extra suffix, in the same folder (so a rename is atomic).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{suffix}"));
    PathBuf::from(s)
}

fn ids(conn: &Connection) -> rusqlite::Result<(i32, i32)> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let ver: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app, ver))
}

/// Applies migrations `from+1..=SCHEMA_VERSION` inside the caller's transaction.
fn migrate_tx(tx: &rusqlite::Transaction<'_>, from: i32) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {};", i + 1))?;
    }
    tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
    Ok(())
}
