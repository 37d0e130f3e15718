//! The 推進体制 tables: org units (and their linked units), people and role assignments.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{all, delete, key, parse};
use crate::model::*;

/// Org units in display order, each with its linked units.
pub(super) fn load_units(conn: &Connection) -> rusqlite::Result<Vec<OrgUnit>> {
    let mut links: HashMap<Id, Vec<Id>> = HashMap::new();
    for (u, l) in all(
        conn,
        "SELECT unit_id, linked_unit_id FROM unit_link ORDER BY unit_id, position",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )? {
        links.entry(u).or_default().push(l);
    }
    let units = all(
        conn,
        "SELECT id, name, kind, parent_id, sort, step_capacity FROM org_unit ORDER BY sort, id",
        |r| {
            let id: Id = r.get(0)?;
            Ok(OrgUnit {
                id,
                name: r.get(1)?,
                kind: parse(&r.get::<_, String>(2)?)?,
                parent_id: r.get(3)?,
                linked_units: links.remove(&id).unwrap_or_default(),
                sort: r.get(4)?,
                step_capacity: r.get(5)?,
            })
        },
    )?;
    Ok(units)
}

/// People (職員).
pub(super) fn load_people(conn: &Connection) -> rusqlite::Result<Vec<Person>> {
    let people = all(
        conn,
        "SELECT id, staff_no, name, kana, position, unit_id, employment FROM person ORDER BY id",
        |r| {
            Ok(Person {
                id: r.get(0)?,
                staff_no: r.get(1)?,
                name: r.get(2)?,
                kana: r.get(3)?,
                position: r.get(4)?,
                unit_id: r.get(5)?,
                employment: parse(&r.get::<_, String>(6)?)?,
            })
        },
    )?;

    Ok(people)
}

/// Role assignments.
pub(super) fn load_roles(conn: &Connection) -> rusqlite::Result<Vec<RoleAssignment>> {
    let roles = all(
        conn,
        "SELECT id, person_id, unit_id, role, title FROM role_assignment ORDER BY id",
        |r| {
            Ok(RoleAssignment {
                id: r.get(0)?,
                person_id: r.get(1)?,
                unit_id: r.get(2)?,
                role: parse(&r.get::<_, String>(3)?)?,
                title: r.get(4)?,
            })
        },
    )?;

    Ok(roles)
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_unit(
    conn: &Connection,
    id: Id,
    row: Option<&OrgUnit>,
    fresh: bool,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "org_unit", id);
    };
    conn.prepare_cached(
        "INSERT INTO org_unit (id, name, kind, parent_id, sort, step_capacity) VALUES (?1,?2,?3,?4,?5,?6)
         ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, parent_id=excluded.parent_id,
         sort=excluded.sort, step_capacity=excluded.step_capacity",
    )?
    .execute(params![r.id, r.name, key(&r.kind), r.parent_id, r.sort, r.step_capacity])?;
    if !fresh {
        conn.prepare_cached("DELETE FROM unit_link WHERE unit_id = ?1")?
            .execute([r.id])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO unit_link (unit_id, linked_unit_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, l) in r.linked_units.iter().enumerate() {
        st.execute(params![r.id, l, i as i64])?;
    }

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_person(
    conn: &Connection,
    id: Id,
    row: Option<&Person>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "person", id);
    };
    conn.prepare_cached(
        "INSERT INTO person (id, staff_no, name, kana, position, unit_id, employment) VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(id) DO UPDATE SET staff_no=excluded.staff_no, name=excluded.name, kana=excluded.kana,
         position=excluded.position, unit_id=excluded.unit_id, employment=excluded.employment",
    )?
    .execute(params![r.id, r.staff_no, r.name, r.kana, r.position, r.unit_id, key(&r.employment)])?;

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_role(
    conn: &Connection,
    id: Id,
    row: Option<&RoleAssignment>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "role_assignment", id);
    };
    conn.prepare_cached(
        "INSERT INTO role_assignment (id, person_id, unit_id, role, title) VALUES (?1,?2,?3,?4,?5)
         ON CONFLICT(id) DO UPDATE SET person_id=excluded.person_id, unit_id=excluded.unit_id, role=excluded.role, title=excluded.title",
    )?
    .execute(params![r.id, r.person_id, r.unit_id, key(&r.role), r.title])?;

    Ok(())
}
