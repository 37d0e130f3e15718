//! Reading a workbook someone else keeps, without touching it, because a roll-up (a prefecture reading its
//! municipalities' files) must never change them: no edit lock, no migration written back, no journal rolled
//! back, no snapshot. An older file is upgraded in memory; a file mid-crash or in WAL mode is reported, not repaired.

use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use super::{
    MIGRATIONS, SCHEMA_VERSION, Scope, check_header, corrupt, display, has_journal, ids,
    migrate_tx, newer, not_a_workbook, sql_error, tables,
};
use crate::error::{Error, ErrorCode, Result};
use crate::fsx::io_error;
use crate::model::Workbook;

/// A workbook read without touching its file.
#[derive(Debug, Clone)]
pub struct Peek {
    pub workbook: Workbook,
    /// the file's schema version (older ones were upgraded in memory only)
    pub schema_version: i32,
    /// when the file was last written (its modification time, local clock of the machine that wrote it)
    pub modified: Option<NaiveDateTime>,
}

/// Reads `path` read-only. Refuses (with the same messages as opening) a file that is not a workbook, is newer
/// than this dxplan, or is damaged; a file left by a crashed writer (a hot journal) or converted to WAL by another
/// program is reported, because repairing it would write.
pub fn peek(path: &Path, scope: Scope) -> Result<Peek> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    let modified = meta
        .modified()
        .ok()
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local());
    let header = check_header(path, SCHEMA_VERSION, has_journal(path))?;
    if header.wal {
        return Err(Error::new(
            ErrorCode::Busy,
            format!(
                "「{}」は他のプログラムで保存形式（WAL）が変えられているため、書き換えずには読めません。持ち主がdxplanで一度開くと読めるようになります。",
                display(path)
            ),
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_error(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| sql_error(path, e))?;
    let hot = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK =>
        {
            Error::new(
                ErrorCode::Busy,
                format!(
                    "「{}」は保存の途中で止まった跡（ジャーナル）が残っているため、書き換えずには読めません。持ち主がdxplanで開くと元に戻ります。",
                    display(path)
                ),
            )
        }
        e => sql_error(path, e),
    };
    let (app_id, version) = ids(&conn).map_err(hot)?;
    if app_id != super::APPLICATION_ID {
        return Err(not_a_workbook(path));
    }
    if version > SCHEMA_VERSION {
        return Err(newer(path));
    }
    if version < 1 {
        return Err(corrupt(path));
    }
    let workbook = if version == SCHEMA_VERSION {
        // one read transaction: a writer committing meanwhile is seen wholly or not at all
        conn.execute_batch("BEGIN").map_err(hot)?;
        let wb = tables::load(&conn, path, scope);
        let _ = conn.execute_batch("COMMIT");
        wb?
    } else {
        let mut memory = Connection::open_in_memory().map_err(|e| sql_error(path, e))?;
        {
            let backup = rusqlite::backup::Backup::new(&conn, &mut memory).map_err(hot)?;
            backup
                .run_to_completion(256, std::time::Duration::ZERO, None)
                .map_err(hot)?;
        }
        let tx = memory.transaction().map_err(|e| sql_error(path, e))?;
        // the history a migration starts is dated the file's last change, as when its owner opens it
        let last_change = modified.map(|m| m.date()).unwrap_or(chrono::NaiveDate::MIN);
        migrate_tx(&tx, version, MIGRATIONS, last_change).map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!(
                    "「{}」（第{version}版）を読み込み用に変換できませんでした（{e}）。",
                    display(path)
                ),
            )
        })?;
        tx.commit().map_err(|e| sql_error(path, e))?;
        tables::load(&memory, path, scope)?
    };
    Ok(Peek {
        workbook,
        schema_version: version,
        modified,
    })
}
