//! The money tables (schema version 2): running costs, 稼働開始年度, programmes, claims (`grant_claim`) and budgets.
//! Amounts are integer yen, 年度 integers; `Funded` / `Budgeted` are two nullable columns, exactly one set.

use rusqlite::{Connection, params};

use super::{all, delete, key, parse};
use crate::calendar::FiscalYear;
use crate::model::*;

fn yen(v: Option<i64>) -> Option<Yen> {
    v.map(Yen)
}

fn bad(msg: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Integer,
        Box::<dyn std::error::Error + Send + Sync>::from(msg.to_string()),
    )
}

/// Every money table.
pub(super) fn load_money(conn: &Connection) -> rusqlite::Result<Finances> {
    let running_costs = all(
        conn,
        "SELECT id, system_id, year, category, planned, actual, note FROM running_cost ORDER BY id",
        |r| {
            Ok(RunningCost {
                id: r.get(0)?,
                system_id: r.get(1)?,
                year: FiscalYear(r.get(2)?),
                category: parse(&r.get::<_, String>(3)?)?,
                planned: yen(r.get(4)?),
                actual: yen(r.get(5)?),
                note: r.get(6)?,
            })
        },
    )?;
    let service_starts = all(
        conn,
        "SELECT id, system_id, year FROM service_start ORDER BY id",
        |r| {
            Ok(ServiceStart {
                id: r.get(0)?,
                system_id: r.get(1)?,
                year: FiscalYear(r.get(2)?),
            })
        },
    )?;
    let programmes = all(
        conn,
        "SELECT id, name, kind, rate_num, rate_den, first_year, last_year, cap, scope FROM programme ORDER BY id",
        |r| {
            Ok(Programme {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: parse(&r.get::<_, String>(2)?)?,
                rate: Rate::new(r.get(3)?, r.get(4)?).map_err(|_| bad("補助率"))?,
                first_year: r.get::<_, Option<i32>>(5)?.map(FiscalYear),
                last_year: r.get::<_, Option<i32>>(6)?.map(FiscalYear),
                cap: yen(r.get(7)?),
                scope: r.get(8)?,
            })
        },
    )?;
    let grants = all(
        conn,
        "SELECT id, programme_id, system_id, initiative_id, year, applied, decided, spent, note FROM grant_claim ORDER BY id",
        |r| {
            let funded = match (r.get::<_, Option<Id>>(2)?, r.get::<_, Option<Id>>(3)?) {
                (Some(s), None) => Funded::System(s),
                (None, Some(i)) => Funded::Initiative(i),
                _ => return Err(bad("補助金の対象")),
            };
            Ok(Grant {
                id: r.get(0)?,
                programme_id: r.get(1)?,
                funded,
                year: FiscalYear(r.get(4)?),
                applied: yen(r.get(5)?),
                decided: yen(r.get(6)?),
                spent: yen(r.get(7)?),
                note: r.get(8)?,
            })
        },
    )?;
    let budgets = all(
        conn,
        "SELECT id, initiative_id, task_id, year, planned, executed, note FROM budget ORDER BY id",
        |r| {
            let budgeted = match (r.get::<_, Option<Id>>(1)?, r.get::<_, Option<Id>>(2)?) {
                (Some(i), None) => Budgeted::Initiative(i),
                (None, Some(t)) => Budgeted::Task(t),
                _ => return Err(bad("予算の対象")),
            };
            Ok(Budget {
                id: r.get(0)?,
                budgeted,
                year: FiscalYear(r.get(3)?),
                planned: Yen(r.get(4)?),
                executed: yen(r.get(5)?),
                note: r.get(6)?,
            })
        },
    )?;
    Ok(Finances {
        running_costs,
        service_starts,
        programmes,
        grants,
        budgets,
    })
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_running_cost(
    conn: &Connection,
    id: Id,
    row: Option<&RunningCost>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "running_cost", id);
    };
    conn.prepare_cached(
        "INSERT INTO running_cost (id, system_id, year, category, planned, actual, note) VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(id) DO UPDATE SET system_id=excluded.system_id, year=excluded.year, category=excluded.category,
         planned=excluded.planned, actual=excluded.actual, note=excluded.note",
    )?
    .execute(params![
        r.id,
        r.system_id,
        r.year.0,
        key(&r.category),
        r.planned.map(|y| y.0),
        r.actual.map(|y| y.0),
        r.note
    ])?;
    Ok(())
}

pub(super) fn write_service_start(
    conn: &Connection,
    id: Id,
    row: Option<&ServiceStart>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "service_start", id);
    };
    conn.prepare_cached(
        "INSERT INTO service_start (id, system_id, year) VALUES (?1,?2,?3)
         ON CONFLICT(id) DO UPDATE SET system_id=excluded.system_id, year=excluded.year",
    )?
    .execute(params![r.id, r.system_id, r.year.0])?;
    Ok(())
}

pub(super) fn write_programme(
    conn: &Connection,
    id: Id,
    row: Option<&Programme>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "programme", id);
    };
    conn.prepare_cached(
        "INSERT INTO programme (id, name, kind, rate_num, rate_den, first_year, last_year, cap, scope)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)
         ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, rate_num=excluded.rate_num,
         rate_den=excluded.rate_den, first_year=excluded.first_year, last_year=excluded.last_year, cap=excluded.cap,
         scope=excluded.scope",
    )?
    .execute(params![
        r.id,
        r.name,
        key(&r.kind),
        r.rate.num(),
        r.rate.den(),
        r.first_year.map(|y| y.0),
        r.last_year.map(|y| y.0),
        r.cap.map(|y| y.0),
        r.scope
    ])?;
    Ok(())
}

pub(super) fn write_grant(conn: &Connection, id: Id, row: Option<&Grant>) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "grant_claim", id);
    };
    let (system, initiative) = match r.funded {
        Funded::System(s) => (Some(s), None),
        Funded::Initiative(i) => (None, Some(i)),
    };
    conn.prepare_cached(
        "INSERT INTO grant_claim (id, programme_id, system_id, initiative_id, year, applied, decided, spent, note)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)
         ON CONFLICT(id) DO UPDATE SET programme_id=excluded.programme_id, system_id=excluded.system_id,
         initiative_id=excluded.initiative_id, year=excluded.year, applied=excluded.applied,
         decided=excluded.decided, spent=excluded.spent, note=excluded.note",
    )?
    .execute(params![
        r.id,
        r.programme_id,
        system,
        initiative,
        r.year.0,
        r.applied.map(|y| y.0),
        r.decided.map(|y| y.0),
        r.spent.map(|y| y.0),
        r.note
    ])?;
    Ok(())
}

pub(super) fn write_budget(
    conn: &Connection,
    id: Id,
    row: Option<&Budget>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "budget", id);
    };
    let (initiative, task) = match r.budgeted {
        Budgeted::Initiative(i) => (Some(i), None),
        Budgeted::Task(t) => (None, Some(t)),
    };
    conn.prepare_cached(
        "INSERT INTO budget (id, initiative_id, task_id, year, planned, executed, note) VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(id) DO UPDATE SET initiative_id=excluded.initiative_id, task_id=excluded.task_id,
         year=excluded.year, planned=excluded.planned, executed=excluded.executed, note=excluded.note",
    )?
    .execute(params![
        r.id,
        initiative,
        task,
        r.year.0,
        r.planned.0,
        r.executed.map(|y| y.0),
        r.note
    ])?;
    Ok(())
}
