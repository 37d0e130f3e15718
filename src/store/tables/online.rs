//! The オンライン化 table: procedures.

use rusqlite::{Connection, params};

use super::{all, delete, key, parse, span};
use crate::model::*;

/// Procedures in 手続 number order.
pub(super) fn load_procedures(conn: &Connection) -> rusqlite::Result<Vec<Procedure>> {
    let procedures = all(
        conn,
        "SELECT id, no, category, name, required, owner_unit, link_method, plan_start, plan_end, actual_start, actual_end,
                target_date, status, excluded_reason, notes FROM procedure ORDER BY no, id",
        |r| {
            let lm: Option<String> = r.get(6)?;
            Ok(Procedure {
                id: r.get(0)?,
                no: r.get(1)?,
                category: parse(&r.get::<_, String>(2)?)?,
                name: r.get(3)?,
                required: r.get(4)?,
                owner_unit: r.get(5)?,
                link_method: lm.map(|l| parse(&l)).transpose()?,
                plan: span(r.get(7)?, r.get(8)?),
                actual_start: r.get(9)?,
                actual_end: r.get(10)?,
                target_date: r.get(11)?,
                status: parse(&r.get::<_, String>(12)?)?,
                excluded_reason: r.get(13)?,
                notes: r.get(14)?,
            })
        },
    )?;
    Ok(procedures)
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_procedure(
    conn: &Connection,
    id: Id,
    row: Option<&Procedure>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "procedure", id);
    };
    conn.prepare_cached(
        "INSERT INTO procedure (id, no, category, name, required, owner_unit, link_method, plan_start, plan_end, actual_start,
         actual_end, target_date, status, excluded_reason, notes) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)
         ON CONFLICT(id) DO UPDATE SET no=excluded.no, category=excluded.category, name=excluded.name, required=excluded.required,
         owner_unit=excluded.owner_unit, link_method=excluded.link_method, plan_start=excluded.plan_start,
         plan_end=excluded.plan_end, actual_start=excluded.actual_start, actual_end=excluded.actual_end,
         target_date=excluded.target_date, status=excluded.status, excluded_reason=excluded.excluded_reason, notes=excluded.notes",
    )?
    .execute(params![
        r.id,
        r.no,
        key(&r.category),
        r.name,
        r.required,
        r.owner_unit,
        r.link_method.map(|l| key(&l)),
        r.plan.map(|p| p.start),
        r.plan.map(|p| p.end),
        r.actual_start,
        r.actual_end,
        r.target_date,
        key(&r.status),
        r.excluded_reason,
        r.notes
    ])?;

    Ok(())
}
