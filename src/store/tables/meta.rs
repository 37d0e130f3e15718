//! The workbook row (団体情報, the vision statement) and the policies: one row each, no ids.

use rusqlite::{Connection, params};

use super::all;
use crate::model::*;

/// The workbook row (団体情報 and the vision statement) and the policies.
pub(super) fn load_meta(conn: &Connection) -> rusqlite::Result<(WorkbookMeta, Vision)> {
    let (meta, statement) = conn.query_row(
        "SELECT municipality, code, plan_start, plan_end, fy_start_month, vision FROM workbook WHERE id = 1",
        [],
        |r| {
            let code: Option<String> = r.get(1)?;
            let code = match code {
                Some(c) => Some(
                    LocalGovCode::parse(&c)
                        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?,
                ),
                None => None,
            };
            Ok((
                WorkbookMeta {
                    municipality: r.get(0)?,
                    code,
                    plan_start: r.get(2)?,
                    plan_end: r.get(3)?,
                    fiscal_year_start_month: r.get(4)?,
                },
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    let policies = all(conn, "SELECT text FROM policy ORDER BY position", |r| {
        r.get(0)
    })?;
    Ok((
        meta,
        Vision {
            statement,
            policies,
        },
    ))
}

pub(super) fn write_meta(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
    let m = &wb.meta;
    conn.execute(
        "INSERT INTO workbook (id, municipality, code, plan_start, plan_end, fy_start_month) VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET municipality=excluded.municipality, code=excluded.code, plan_start=excluded.plan_start,
         plan_end=excluded.plan_end, fy_start_month=excluded.fy_start_month",
        params![m.municipality, m.code.as_ref().map(|c| c.as_str()), m.plan_start, m.plan_end, m.fiscal_year_start_month],
    )?;
    Ok(())
}

pub(super) fn write_vision(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE workbook SET vision = ?1 WHERE id = 1",
        [&wb.vision.statement],
    )?;
    conn.execute("DELETE FROM policy", [])?;
    let mut st = conn.prepare_cached("INSERT INTO policy (position, text) VALUES (?1, ?2)")?;
    for (i, p) in wb.vision.policies.iter().enumerate() {
        st.execute(params![i as i64, p])?;
    }
    Ok(())
}
