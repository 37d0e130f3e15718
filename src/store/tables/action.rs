//! The 指摘事項・宿題 table (`action_item`).

use rusqlite::{Connection, params};

use super::{all, delete, key, parse};
use crate::model::*;

fn row_ref(kind: Option<String>, id: Option<Id>) -> rusqlite::Result<Option<RowRef>> {
    Ok(match (kind.as_deref(), id) {
        (Some("task"), Some(i)) => Some(RowRef::Task(i)),
        (Some("step"), Some(i)) => Some(RowRef::Step(i)),
        (Some("procedure"), Some(i)) => Some(RowRef::Procedure(i)),
        (Some(other), Some(_)) => Some(parse::<RowRef>(other)?),
        _ => None,
    })
}

/// Every item, in id order.
pub(super) fn load_actions(conn: &Connection) -> rusqlite::Result<Vec<ActionItem>> {
    all(
        conn,
        "SELECT id, raised_on, text, owner_unit, due, status, closed_on, row_kind, row_id, note
         FROM action_item ORDER BY id",
        |r| {
            Ok(ActionItem {
                id: r.get(0)?,
                raised_on: r.get(1)?,
                text: r.get(2)?,
                owner_unit: r.get(3)?,
                due: r.get(4)?,
                status: parse(&r.get::<_, String>(5)?)?,
                closed_on: r.get(6)?,
                row: row_ref(r.get(7)?, r.get(8)?)?,
                note: r.get(9)?,
            })
        },
    )
}

/// Upserts the item (deletes it when gone from the workbook).
pub(super) fn write_action(
    conn: &Connection,
    id: Id,
    row: Option<&ActionItem>,
) -> rusqlite::Result<()> {
    let Some(a) = row else {
        return delete(conn, "action_item", id);
    };
    let (kind, rid) = match a.row {
        Some(RowRef::Task(i)) => (Some("task"), Some(i)),
        Some(RowRef::Step(i)) => (Some("step"), Some(i)),
        Some(RowRef::Procedure(i)) => (Some("procedure"), Some(i)),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO action_item (id, raised_on, text, owner_unit, due, status, closed_on, row_kind, row_id, note)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)
         ON CONFLICT(id) DO UPDATE SET raised_on=excluded.raised_on, text=excluded.text,
         owner_unit=excluded.owner_unit, due=excluded.due, status=excluded.status, closed_on=excluded.closed_on,
         row_kind=excluded.row_kind, row_id=excluded.row_id, note=excluded.note",
    )?
    .execute(params![
        a.id,
        a.raised_on,
        a.text,
        a.owner_unit,
        a.due,
        key(&a.status),
        a.closed_on,
        kind,
        rid,
        a.note
    ])?;
    Ok(())
}
