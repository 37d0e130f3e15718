//! The progress history table (`progress_entry`): dated states of tasks, steps and procedures.

use rusqlite::{Connection, params};

use super::{all, delete, key, parse};
use crate::model::*;

fn row_ref(kind: &str, id: Id) -> rusqlite::Result<RowRef> {
    match kind {
        "task" => Ok(RowRef::Task(id)),
        "step" => Ok(RowRef::Step(id)),
        "procedure" => Ok(RowRef::Procedure(id)),
        _ => parse::<RowRef>(kind),
    }
}

/// Every entry, in id order.
pub(super) fn load_progress(conn: &Connection) -> rusqlite::Result<Vec<ProgressEntry>> {
    all(
        conn,
        "SELECT id, effective_on, row_kind, row_id, status, progress, actual_start, actual_end FROM progress_entry ORDER BY id",
        |r| {
            Ok(ProgressEntry {
                id: r.get(0)?,
                on: r.get(1)?,
                row: row_ref(&r.get::<_, String>(2)?, r.get(3)?)?,
                status: parse(&r.get::<_, String>(4)?)?,
                progress: r.get(5)?,
                actual_start: r.get(6)?,
                actual_end: r.get(7)?,
            })
        },
    )
}

/// Upserts the entry (deletes it when gone from the workbook).
pub(super) fn write_progress(
    conn: &Connection,
    id: Id,
    row: Option<&ProgressEntry>,
) -> rusqlite::Result<()> {
    let Some(e) = row else {
        return delete(conn, "progress_entry", id);
    };
    let (kind, rid) = match e.row {
        RowRef::Task(i) => ("task", i),
        RowRef::Step(i) => ("step", i),
        RowRef::Procedure(i) => ("procedure", i),
    };
    conn.prepare_cached(
        "INSERT INTO progress_entry (id, effective_on, row_kind, row_id, status, progress, actual_start, actual_end)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8)
         ON CONFLICT(id) DO UPDATE SET effective_on=excluded.effective_on, row_kind=excluded.row_kind,
         row_id=excluded.row_id, status=excluded.status, progress=excluded.progress,
         actual_start=excluded.actual_start, actual_end=excluded.actual_end",
    )?
    .execute(params![
        e.id,
        e.on,
        kind,
        rid,
        key(&e.status),
        e.progress,
        e.actual_start,
        e.actual_end
    ])?;
    Ok(())
}
