//! Moving a file's schema forward: the numbered migrations (`MIGRATIONS`) applied in one transaction after a
//! snapshot, so a failure or a crash leaves the file at its old version.

use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{Connection, ErrorCode as SqlCode, OpenFlags};

use super::{APPLICATION_ID, Reason, configure, display, snapshots, sql_error};
use crate::error::{Error, ErrorCode, Result};

/// Migrates `path` from schema `from` to the end of `migrations` in one transaction, after a snapshot. A failure
/// (or a crash) leaves the file at `from`.
pub(super) fn migrate(
    path: &Path,
    from: i32,
    migrations: &[&str],
    now: NaiveDateTime,
) -> Result<()> {
    let to = migrations.len() as i32;
    let failed = |e: Error| {
        Error::new(
            e.code,
            format!(
                "「{}」を新しい形式（第{to}版）に更新できませんでした。ファイルは元の形式（第{from}版）のままです。{}",
                display(path),
                e.message
            ),
        )
    };
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| failed(sql_error(path, e)))?;
    // the date of the file's last change dates the history a migration starts (progress entries)
    let last_change = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
        .unwrap_or(now.date());
    configure(&conn, path).map_err(failed)?;
    snapshots::take(&conn, path, Reason::BeforeMigration(from), now).map_err(failed)?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| failed(sql_error(path, e)))?;
    migrate_tx(&tx, from, migrations, last_change).map_err(|e| {
        failed(match e {
            // a migration's own SQL failed on this file: say what SQLite said
            rusqlite::Error::SqliteFailure(f, _) if f.code == SqlCode::Unknown => {
                Error::new(ErrorCode::Io, format!("（移行処理の失敗: {e}）"))
            }
            rusqlite::Error::SqlInputError { .. } => {
                Error::new(ErrorCode::Io, format!("（移行処理の失敗: {e}）"))
            }
            e => sql_error(path, e),
        })
    })?;
    tx.commit().map_err(|e| failed(sql_error(path, e)))?;
    conn.close().map_err(|(_, e)| failed(sql_error(path, e)))
}

/// Applies migrations `from+1..=migrations.len()` inside the caller's transaction. A migration may read the
/// date of the file's last change from `temp.migration_context`.
pub(super) fn migrate_tx(
    tx: &rusqlite::Transaction<'_>,
    from: i32,
    migrations: &[&str],
    last_change: chrono::NaiveDate,
) -> rusqlite::Result<()> {
    tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS migration_context (last_change TEXT NOT NULL); DELETE FROM temp.migration_context;")?;
    tx.execute(
        "INSERT INTO temp.migration_context (last_change) VALUES (?1)",
        [last_change],
    )?;
    for (i, sql) in migrations.iter().enumerate().skip(from.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {};", i + 1))?;
    }
    tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
    Ok(())
}
