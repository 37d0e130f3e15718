//! The 標準化 tables: the work-step template, systems (and their owner units) and system steps.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{all, delete, key, parse, span};
use crate::model::*;

/// The work-step template (手順テンプレート) and its steps.
pub(super) fn load_template(conn: &Connection) -> rusqlite::Result<StepTemplate> {
    let template_name: String = conn
        .query_row("SELECT name FROM step_template WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default();
    let steps = all(
        conn,
        "SELECT id, no, code, phase, name, details, a_pattern_only, typical_months FROM template_step ORDER BY no",
        |r| {
            Ok(TemplateStep {
                id: r.get(0)?,
                no: r.get(1)?,
                code: r.get(2)?,
                phase: r.get(3)?,
                name: r.get(4)?,
                details: r.get(5)?,
                a_pattern_only: r.get(6)?,
                typical_months: r.get(7)?,
            })
        },
    )?;
    Ok(StepTemplate {
        name: template_name,
        steps,
    })
}

/// Systems in display order, each with its owner units.
pub(super) fn load_systems(conn: &Connection) -> rusqlite::Result<Vec<System>> {
    let mut owners: HashMap<Id, Vec<Id>> = HashMap::new();
    for (s, u) in all(
        conn,
        "SELECT system_id, unit_id FROM system_owner ORDER BY system_id, position",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )? {
        owners.entry(s).or_default().push(u);
    }
    let systems = all(
        conn,
        "SELECT id, name, grp, vendor, pattern, target_date, specified, specified_reason, specified_deadline, notes, sort,
                specified_cause
         FROM system ORDER BY sort, id",
        |r| {
            let id: Id = r.get(0)?;
            let pattern: Option<String> = r.get(4)?;
            let cause: Option<String> = r.get(11)?;
            Ok(System {
                id,
                name: r.get(1)?,
                group: parse(&r.get::<_, String>(2)?)?,
                owner_units: owners.remove(&id).unwrap_or_default(),
                vendor: r.get(3)?,
                pattern: pattern.map(|p| parse(&p)).transpose()?,
                target_date: r.get(5)?,
                specified: r.get(6)?,
                specified_reason: r.get(7)?,
                specified_deadline: r.get(8)?,
                notes: r.get(9)?,
                sort: r.get(10)?,
                specified_cause: cause.map(|c| parse(&c)).transpose()?,
            })
        },
    )?;
    Ok(systems)
}

/// The steps of every system.
pub(super) fn load_system_steps(conn: &Connection) -> rusqlite::Result<Vec<SystemStep>> {
    let system_steps = all(
        conn,
        "SELECT id, system_id, template_step_id, plan_start, plan_end, actual_start, actual_end, status, notes FROM system_step ORDER BY id",
        |r| {
            Ok(SystemStep {
                id: r.get(0)?,
                system_id: r.get(1)?,
                template_step_id: r.get(2)?,
                plan: span(r.get(3)?, r.get(4)?),
                actual_start: r.get(5)?,
                actual_end: r.get(6)?,
                status: parse(&r.get::<_, String>(7)?)?,
                notes: r.get(8)?,
            })
        },
    )?;
    Ok(system_steps)
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_system(
    conn: &Connection,
    id: Id,
    row: Option<&System>,
    fresh: bool,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "system", id);
    };
    conn.prepare_cached(
        "INSERT INTO system (id, name, grp, vendor, pattern, target_date, specified, specified_reason, specified_deadline, notes, sort,
                             specified_cause)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12) ON CONFLICT(id) DO UPDATE SET name=excluded.name, grp=excluded.grp,
         vendor=excluded.vendor, pattern=excluded.pattern, target_date=excluded.target_date, specified=excluded.specified,
         specified_reason=excluded.specified_reason, specified_deadline=excluded.specified_deadline, notes=excluded.notes,
         sort=excluded.sort, specified_cause=excluded.specified_cause",
    )?
    .execute(params![
        r.id,
        r.name,
        key(&r.group),
        r.vendor,
        r.pattern.map(|p| key(&p)),
        r.target_date,
        r.specified,
        r.specified_reason,
        r.specified_deadline,
        r.notes,
        r.sort,
        r.specified_cause.map(|c| key(&c))
    ])?;
    if !fresh {
        conn.prepare_cached("DELETE FROM system_owner WHERE system_id = ?1")?
            .execute([r.id])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO system_owner (system_id, unit_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, u) in r.owner_units.iter().enumerate() {
        st.execute(params![r.id, u, i as i64])?;
    }

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_step(
    conn: &Connection,
    id: Id,
    row: Option<&SystemStep>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "system_step", id);
    };
    conn.prepare_cached(
        "INSERT INTO system_step (id, system_id, template_step_id, plan_start, plan_end, actual_start, actual_end, status, notes)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(id) DO UPDATE SET system_id=excluded.system_id,
         template_step_id=excluded.template_step_id, plan_start=excluded.plan_start, plan_end=excluded.plan_end,
         actual_start=excluded.actual_start, actual_end=excluded.actual_end, status=excluded.status, notes=excluded.notes",
    )?
    .execute(params![
        r.id,
        r.system_id,
        r.template_step_id,
        r.plan.map(|p| p.start),
        r.plan.map(|p| p.end),
        r.actual_start,
        r.actual_end,
        key(&r.status),
        r.notes
    ])?;

    Ok(())
}

/// Replaces the stored template: all steps go and come back (step numbers are unique, so rows cannot be
/// renumbered one by one); system steps keep pointing at the same ids, checked when the transaction commits.
pub(super) fn write_template(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO step_template (id, name) VALUES (1, ?1) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
        [&wb.template.name],
    )?;
    conn.execute("DELETE FROM template_step", [])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO template_step (id, no, code, phase, name, details, a_pattern_only, typical_months) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    for s in &wb.template.steps {
        st.execute(params![
            s.id,
            s.no,
            s.code,
            s.phase,
            s.name,
            s.details,
            s.a_pattern_only,
            s.typical_months
        ])?;
    }
    Ok(())
}
