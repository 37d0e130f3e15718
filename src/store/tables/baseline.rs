//! The baseline tables: baselines and the planned spans they froze.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::{all, delete, span};
use crate::model::*;

/// Baselines with their frozen spans.
pub(super) fn load_baselines(conn: &Connection) -> rusqlite::Result<Vec<Baseline>> {
    let mut entries: HashMap<Id, Vec<BaselineEntry>> = HashMap::new();
    for (b, kind, id, s, e) in all(
        conn,
        "SELECT baseline_id, row_kind, row_id, plan_start, plan_end FROM baseline_entry ORDER BY baseline_id, row_kind, row_id",
        |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Id>(2)?,
                r.get::<_, NaiveDate>(3)?,
                r.get::<_, NaiveDate>(4)?,
            ))
        },
    )? {
        let row = match kind.as_str() {
            "task" => RowRef::Task(id),
            "step" => RowRef::Step(id),
            _ => RowRef::Procedure(id),
        };
        if let Some(plan) = span(Some(s), Some(e)) {
            entries
                .entry(b)
                .or_default()
                .push(BaselineEntry { row, plan });
        }
    }
    let baselines = all(
        conn,
        "SELECT id, name, taken_on FROM baseline ORDER BY taken_on, id",
        |r| {
            let id: Id = r.get(0)?;
            Ok(Baseline {
                id,
                name: r.get(1)?,
                taken_on: r.get(2)?,
                entries: entries.remove(&id).unwrap_or_default(),
            })
        },
    )?;
    Ok(baselines)
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_baseline(
    conn: &Connection,
    id: Id,
    row: Option<&Baseline>,
    fresh: bool,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "baseline", id);
    };
    conn.prepare_cached(
        "INSERT INTO baseline (id, name, taken_on) VALUES (?1,?2,?3)
         ON CONFLICT(id) DO UPDATE SET name=excluded.name, taken_on=excluded.taken_on",
    )?
    .execute(params![r.id, r.name, r.taken_on])?;
    if !fresh {
        conn.prepare_cached("DELETE FROM baseline_entry WHERE baseline_id = ?1")?
            .execute([r.id])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO baseline_entry (baseline_id, row_kind, row_id, plan_start, plan_end) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in &r.entries {
        let (kind, rid) = match e.row {
            RowRef::Task(i) => ("task", i),
            RowRef::Step(i) => ("step", i),
            RowRef::Procedure(i) => ("procedure", i),
        };
        st.execute(params![r.id, kind, rid, e.plan.start, e.plan.end])?;
    }

    Ok(())
}
