//! The 照会 tables: rounds (`inquiry`) and the 課 each asked with their answers' record (`inquiry_unit`).

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{all, delete};
use crate::model::*;

/// Every round with its 課, in id order.
pub(super) fn load_inquiries(conn: &Connection) -> rusqlite::Result<Vec<Inquiry>> {
    let mut units: HashMap<Id, Vec<InquiryUnit>> = HashMap::new();
    for (q, u) in all(
        conn,
        "SELECT inquiry_id, unit, answered_by, answered_on FROM inquiry_unit ORDER BY inquiry_id, sort",
        |r| {
            Ok((
                r.get::<_, Id>(0)?,
                InquiryUnit {
                    unit: r.get(1)?,
                    answered_by: r.get(2)?,
                    answered_on: r.get(3)?,
                },
            ))
        },
    )? {
        units.entry(q).or_default().push(u);
    }
    all(
        conn,
        "SELECT id, name, as_of, due, created, token FROM inquiry ORDER BY id",
        |r| {
            let id: Id = r.get(0)?;
            Ok(Inquiry {
                id,
                name: r.get(1)?,
                as_of: r.get(2)?,
                due: r.get(3)?,
                created: r.get(4)?,
                token: r.get(5)?,
                units: units.remove(&id).unwrap_or_default(),
            })
        },
    )
}

/// Upserts the round and rewrites its 課 (deletes it, and them, when gone from the workbook).
pub(super) fn write_inquiry(
    conn: &Connection,
    id: Id,
    row: Option<&Inquiry>,
    fresh: bool,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "inquiry", id);
    };
    conn.prepare_cached(
        "INSERT INTO inquiry (id, name, as_of, due, created, token) VALUES (?1,?2,?3,?4,?5,?6)
         ON CONFLICT(id) DO UPDATE SET name=excluded.name, as_of=excluded.as_of, due=excluded.due,
         created=excluded.created, token=excluded.token",
    )?
    .execute(params![r.id, r.name, r.as_of, r.due, r.created, r.token])?;
    if !fresh {
        conn.prepare_cached("DELETE FROM inquiry_unit WHERE inquiry_id = ?1")?
            .execute([r.id])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO inquiry_unit (inquiry_id, sort, unit, answered_by, answered_on) VALUES (?1,?2,?3,?4,?5)",
    )?;
    for (i, u) in r.units.iter().enumerate() {
        st.execute(params![
            r.id,
            i as i64,
            u.unit,
            u.answered_by,
            u.answered_on
        ])?;
    }
    Ok(())
}
