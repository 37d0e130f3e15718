//! The 工程表 tables: initiatives, their KPIs (and yearly actuals), tasks and the dependencies between tasks.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{all, delete, key, parse, span};
use crate::calendar::FiscalYear;
use crate::model::*;

/// 取組事項 in display order.
pub(super) fn load_initiatives(conn: &Connection) -> rusqlite::Result<Vec<Initiative>> {
    let initiatives = all(
        conn,
        "SELECT id, grp, code, name, priority, reference, target_label, target_date, owner_unit, sort FROM initiative ORDER BY sort, id",
        |r| {
            Ok(Initiative {
                id: r.get(0)?,
                group: parse(&r.get::<_, String>(1)?)?,
                code: r.get(2)?,
                name: r.get(3)?,
                priority: r.get(4)?,
                reference: r.get(5)?,
                target_label: r.get(6)?,
                target_date: r.get(7)?,
                owner_unit: r.get(8)?,
                sort: r.get(9)?,
            })
        },
    )?;
    Ok(initiatives)
}

/// KPIs with their yearly actuals.
pub(super) fn load_kpis(conn: &Connection) -> rusqlite::Result<Vec<Kpi>> {
    let mut actuals: HashMap<Id, Vec<KpiActual>> = HashMap::new();
    for (k, y, v) in all(
        conn,
        "SELECT kpi_id, year, value FROM kpi_actual ORDER BY kpi_id, year",
        |r| Ok((r.get::<_, Id>(0)?, r.get::<_, i32>(1)?, r.get::<_, f64>(2)?)),
    )? {
        actuals.entry(k).or_default().push(KpiActual {
            year: FiscalYear(y),
            value: v,
        });
    }
    let kpis = all(
        conn,
        "SELECT id, initiative_id, name, unit, target, target_year FROM kpi ORDER BY id",
        |r| {
            let id: Id = r.get(0)?;
            Ok(Kpi {
                id,
                initiative_id: r.get(1)?,
                name: r.get(2)?,
                unit: r.get(3)?,
                target: r.get(4)?,
                target_year: r.get::<_, Option<i32>>(5)?.map(FiscalYear),
                actuals: actuals.remove(&id).unwrap_or_default(),
            })
        },
    )?;
    Ok(kpis)
}

/// 取組内容 in display order.
pub(super) fn load_tasks(conn: &Connection) -> rusqlite::Result<Vec<Task>> {
    let tasks = all(
        conn,
        "SELECT id, initiative_id, name, owner_unit, plan_start, plan_end, actual_start, actual_end, progress, status, milestone, notes, sort
         FROM task ORDER BY sort, id",
        |r| {
            Ok(Task {
                id: r.get(0)?,
                initiative_id: r.get(1)?,
                name: r.get(2)?,
                owner_unit: r.get(3)?,
                plan: span(r.get(4)?, r.get(5)?),
                actual_start: r.get(6)?,
                actual_end: r.get(7)?,
                progress: r.get(8)?,
                status: parse(&r.get::<_, String>(9)?)?,
                milestone: r.get(10)?,
                notes: r.get(11)?,
                sort: r.get(12)?,
            })
        },
    )?;
    Ok(tasks)
}

/// Dependencies between tasks.
pub(super) fn load_dependencies(conn: &Connection) -> rusqlite::Result<Vec<Dependency>> {
    let dependencies = all(
        conn,
        "SELECT predecessor, successor, lag FROM dependency ORDER BY predecessor, successor",
        |r| {
            Ok(Dependency {
                predecessor: r.get(0)?,
                successor: r.get(1)?,
                lag: r.get(2)?,
            })
        },
    )?;
    Ok(dependencies)
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_initiative(
    conn: &Connection,
    id: Id,
    row: Option<&Initiative>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "initiative", id);
    };
    conn.prepare_cached(
        "INSERT INTO initiative (id, grp, code, name, priority, reference, target_label, target_date, owner_unit, sort)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(id) DO UPDATE SET grp=excluded.grp, code=excluded.code,
         name=excluded.name, priority=excluded.priority, reference=excluded.reference, target_label=excluded.target_label,
         target_date=excluded.target_date, owner_unit=excluded.owner_unit, sort=excluded.sort",
    )?
    .execute(params![
        r.id,
        key(&r.group),
        r.code,
        r.name,
        r.priority,
        r.reference,
        r.target_label,
        r.target_date,
        r.owner_unit,
        r.sort
    ])?;

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_kpi(
    conn: &Connection,
    id: Id,
    row: Option<&Kpi>,
    fresh: bool,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "kpi", id);
    };
    conn.prepare_cached(
        "INSERT INTO kpi (id, initiative_id, name, unit, target, target_year) VALUES (?1,?2,?3,?4,?5,?6)
         ON CONFLICT(id) DO UPDATE SET initiative_id=excluded.initiative_id, name=excluded.name, unit=excluded.unit,
         target=excluded.target, target_year=excluded.target_year",
    )?
    .execute(params![r.id, r.initiative_id, r.name, r.unit, r.target, r.target_year.map(|y| y.0)])?;
    if !fresh {
        conn.prepare_cached("DELETE FROM kpi_actual WHERE kpi_id = ?1")?
            .execute([r.id])?;
    }
    let mut st =
        conn.prepare_cached("INSERT INTO kpi_actual (kpi_id, year, value) VALUES (?1, ?2, ?3)")?;
    for a in &r.actuals {
        st.execute(params![r.id, a.year.0, a.value])?;
    }

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_task(conn: &Connection, id: Id, row: Option<&Task>) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "task", id);
    };
    conn.prepare_cached(
        "INSERT INTO task (id, initiative_id, name, owner_unit, plan_start, plan_end, actual_start, actual_end, progress,
         status, milestone, notes, sort) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)
         ON CONFLICT(id) DO UPDATE SET initiative_id=excluded.initiative_id, name=excluded.name, owner_unit=excluded.owner_unit,
         plan_start=excluded.plan_start, plan_end=excluded.plan_end, actual_start=excluded.actual_start,
         actual_end=excluded.actual_end, progress=excluded.progress, status=excluded.status, milestone=excluded.milestone,
         notes=excluded.notes, sort=excluded.sort",
    )?
    .execute(params![
        r.id,
        r.initiative_id,
        r.name,
        r.owner_unit,
        r.plan.map(|p| p.start),
        r.plan.map(|p| p.end),
        r.actual_start,
        r.actual_end,
        r.progress,
        key(&r.status),
        r.milestone,
        r.notes,
        r.sort
    ])?;

    Ok(())
}

/// Adds, updates (its lag) or removes the dependency between the pair of `d` as it now stands in the workbook.
pub(super) fn write_dependency(
    conn: &Connection,
    wb: &Workbook,
    d: Dependency,
) -> rusqlite::Result<()> {
    if let Some(now) = wb.dependencies.iter().find(|x| x.same_pair(&d)) {
        conn.prepare_cached(
            "INSERT INTO dependency (predecessor, successor, lag) VALUES (?1, ?2, ?3) \
             ON CONFLICT (predecessor, successor) DO UPDATE SET lag = excluded.lag",
        )?
        .execute([now.predecessor, now.successor, i64::from(now.lag)])?;
    } else {
        conn.prepare_cached("DELETE FROM dependency WHERE predecessor = ?1 AND successor = ?2")?
            .execute([d.predecessor, d.successor])?;
    }
    Ok(())
}
