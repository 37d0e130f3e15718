//! Row codec: how each model type maps to its table(s). Loading reads every table into a `Workbook`; persisting
//! writes (upserts or deletes) exactly the rows named by edit keys. One file per group of tables (`meta`,
//! `roadmap`, `org`, `training`, `systems`, `online`, `baseline`, `money`); here the shared codec, the whole-workbook
//! load and the dispatch of an edit key to its table's writer.

mod action;
mod baseline;
mod inquiry;
mod meta;
mod money;
mod online;
mod org;
mod progress;
mod roadmap;
mod systems;
mod training;

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::corrupt;
use crate::error::Result;
use crate::model::edit::{Key, Row as TableRow};
use crate::model::*;

/// An enum's stored key (its serde name).
pub(super) fn key<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Parses a stored enum key; an unknown key means the file was damaged or edited by hand.
pub(super) fn parse<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
    T::deserialize(de).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn span(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<Span> {
    match (start, end) {
        (Some(s), Some(e)) if s <= e => Some(Span { start: s, end: e }),
        _ => None,
    }
}

pub(super) fn all<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut st = conn.prepare(sql)?;
    st.query_map([], f)?.collect()
}

/// Reads the whole workbook. Any unreadable value is reported as a damaged file.
pub fn load(conn: &Connection, path: &Path, scope: Scope) -> Result<Workbook> {
    load_inner(conn, scope).map_err(|e| match e {
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::QueryReturnedNoRows => corrupt(path),
        e => super::sql_error(path, e),
    })
}

/// How much of the workbook to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// every table
    All,
    /// what the schedule views need (工程表, org units, systems and steps, procedures, baselines); people,
    /// roles, training and enrolments are left empty — fast on a large city's workbook
    Schedule,
    /// what a roll-up of many workbooks needs: all but training (skills, courses, enrolments)
    Overview,
}

fn load_inner(conn: &Connection, scope: Scope) -> rusqlite::Result<Workbook> {
    let full = scope == Scope::All;
    let (meta, vision) = meta::load_meta(conn)?;
    let units = org::load_units(conn)?;
    let initiatives = roadmap::load_initiatives(conn)?;
    let kpis = roadmap::load_kpis(conn)?;
    let tasks = roadmap::load_tasks(conn)?;
    let dependencies = roadmap::load_dependencies(conn)?;
    // training and enrolments only when the whole workbook is asked for; people and roles for a roll-up too
    let with_people = scope != Scope::Schedule;
    let people = if with_people {
        org::load_people(conn)?
    } else {
        vec![]
    };
    let roles = if with_people {
        org::load_roles(conn)?
    } else {
        vec![]
    };
    let skills = if full {
        training::load_skills(conn)?
    } else {
        vec![]
    };
    let skill_targets = if full {
        training::load_skill_targets(conn)?
    } else {
        vec![]
    };
    let courses = if full {
        training::load_courses(conn)?
    } else {
        vec![]
    };
    let enrolments = if full {
        training::load_enrolments(conn)?
    } else {
        vec![]
    };
    let template = systems::load_template(conn)?;
    let systems = systems::load_systems(conn)?;
    let system_steps = systems::load_system_steps(conn)?;
    let procedures = online::load_procedures(conn)?;
    let baselines = baseline::load_baselines(conn)?;
    let money = money::load_money(conn)?;
    let progress = progress::load_progress(conn)?;
    let actions = action::load_actions(conn)?;
    let inquiries = inquiry::load_inquiries(conn)?;
    Ok(Workbook {
        meta,
        vision,
        initiatives,
        tasks,
        dependencies,
        kpis,
        units,
        people,
        roles,
        skills,
        skill_targets,
        courses,
        enrolments,
        template,
        systems,
        system_steps,
        procedures,
        baselines,
        money,
        progress,
        actions,
        inquiries,
    })
}

/// Writes a whole workbook into an empty, migrated database (creation from templates or the demo).
pub fn insert_all(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
    meta::write_meta(conn, wb)?;
    meta::write_vision(conn, wb)?;
    systems::write_template(conn, wb)?;
    let mut keys: Vec<Key> = vec![];
    keys.extend(wb.units.iter().map(|r| Key::Unit(r.id)));
    keys.extend(wb.initiatives.iter().map(|r| Key::Initiative(r.id)));
    keys.extend(wb.kpis.iter().map(|r| Key::Kpi(r.id)));
    keys.extend(wb.tasks.iter().map(|r| Key::Task(r.id)));
    keys.extend(wb.dependencies.iter().map(|d| Key::Dependency(*d)));
    keys.extend(wb.people.iter().map(|r| Key::Person(r.id)));
    keys.extend(wb.roles.iter().map(|r| Key::Role(r.id)));
    keys.extend(wb.skills.iter().map(|r| Key::Skill(r.id)));
    keys.extend(wb.skill_targets.iter().map(|r| Key::SkillTarget(r.id)));
    keys.extend(wb.courses.iter().map(|r| Key::Course(r.id)));
    keys.extend(wb.enrolments.iter().map(|r| Key::Enrolment(r.id)));
    keys.extend(wb.systems.iter().map(|r| Key::System(r.id)));
    keys.extend(wb.system_steps.iter().map(|r| Key::Step(r.id)));
    keys.extend(wb.procedures.iter().map(|r| Key::Procedure(r.id)));
    keys.extend(wb.baselines.iter().map(|r| Key::Baseline(r.id)));
    // migration 0002 put the national programmes in every file; a new file holds exactly the workbook's
    conn.execute_batch("DELETE FROM programme;")?;
    let m = &wb.money;
    keys.extend(m.programmes.iter().map(|r| Key::Programme(r.id)));
    keys.extend(m.service_starts.iter().map(|r| Key::ServiceStart(r.id)));
    keys.extend(m.running_costs.iter().map(|r| Key::RunningCost(r.id)));
    keys.extend(m.grants.iter().map(|r| Key::Grant(r.id)));
    keys.extend(m.budgets.iter().map(|r| Key::Budget(r.id)));
    keys.extend(wb.progress.iter().map(|r| Key::Progress(r.id)));
    keys.extend(wb.actions.iter().map(|r| Key::Action(r.id)));
    keys.extend(wb.inquiries.iter().map(|r| Key::Inquiry(r.id)));
    let index = Index::new(wb, keys.len());
    for k in keys {
        write_key(conn, wb, &index, k, true)?;
    }
    Ok(())
}

/// Writes progress entries (a new file's missing first entries, see `progress::missing_entries`).
pub fn insert_progress(conn: &Connection, entries: &[ProgressEntry]) -> rusqlite::Result<()> {
    for e in entries {
        progress::write_progress(conn, e.id, Some(e))?;
    }
    Ok(())
}

/// Writes the rows named by `keys` as they now stand in `wb`: present rows are upserted, absent ones deleted.
pub fn persist(conn: &Connection, wb: &Workbook, keys: &[Key]) -> rusqlite::Result<()> {
    let index = Index::new(wb, keys.len());
    for k in keys {
        write_key(conn, wb, &index, *k, false)?;
    }
    Ok(())
}

/// Finds rows by id. Writing a whole workbook indexes every table once (linear overall); persisting one edit's
/// few keys scans instead, so an edit costs the same on a 500,000-row workbook as on a small one.
struct Index {
    /// per table (by the tag `write_key` passes), the position of each row by its id
    pos: Option<Vec<IdIndex>>,
}

impl Index {
    /// Below this many keys a scan is cheaper than indexing every table.
    const SCAN_BELOW: usize = 64;

    fn new(wb: &Workbook, keys: usize) -> Index {
        if keys < Self::SCAN_BELOW {
            return Index { pos: None };
        }
        fn ids<T: TableRow>(v: &[T]) -> IdIndex {
            IdIndex::new(v.iter().map(|r| r.id()))
        }
        Index {
            pos: Some(vec![
                ids(&wb.initiatives),
                ids(&wb.tasks),
                ids(&wb.kpis),
                ids(&wb.units),
                ids(&wb.people),
                ids(&wb.roles),
                ids(&wb.skills),
                ids(&wb.skill_targets),
                ids(&wb.courses),
                ids(&wb.enrolments),
                ids(&wb.systems),
                ids(&wb.system_steps),
                ids(&wb.procedures),
                ids(&wb.baselines),
                ids(&wb.money.running_costs),
                ids(&wb.money.service_starts),
                ids(&wb.money.programmes),
                ids(&wb.money.grants),
                ids(&wb.money.budgets),
                ids(&wb.progress),
                ids(&wb.actions),
                ids(&wb.inquiries),
            ]),
        }
    }
    fn get<'a, T: TableRow>(&self, tag: u8, id: Id, v: &'a [T]) -> Option<&'a T> {
        match &self.pos {
            Some(pos) => pos[tag as usize].get(id).and_then(|i| v.get(i)),
            None => v.iter().find(|r| r.id() == id),
        }
    }
}

/// Deletes the row `id` of `table`.
pub(super) fn delete(conn: &Connection, table: &str, id: Id) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
        .execute([id])?;
    Ok(())
}

fn write_key(
    conn: &Connection,
    wb: &Workbook,
    ix: &Index,
    k: Key,
    fresh: bool,
) -> rusqlite::Result<()> {
    // `fresh`: the database is new, so child rows need no clearing first
    match k {
        Key::Meta => meta::write_meta(conn, wb)?,
        Key::Template => systems::write_template(conn, wb)?,
        Key::Vision => meta::write_vision(conn, wb)?,
        Key::Dependency(d) => roadmap::write_dependency(conn, wb, d)?,
        Key::Initiative(id) => roadmap::write_initiative(conn, id, ix.get(0, id, &wb.initiatives))?,
        Key::Kpi(id) => roadmap::write_kpi(conn, id, ix.get(2, id, &wb.kpis), fresh)?,
        Key::Task(id) => roadmap::write_task(conn, id, ix.get(1, id, &wb.tasks))?,
        Key::Unit(id) => org::write_unit(conn, id, ix.get(3, id, &wb.units), fresh)?,
        Key::Person(id) => org::write_person(conn, id, ix.get(4, id, &wb.people))?,
        Key::Role(id) => org::write_role(conn, id, ix.get(5, id, &wb.roles))?,
        Key::Skill(id) => training::write_skill(conn, id, ix.get(6, id, &wb.skills))?,
        Key::SkillTarget(id) => {
            training::write_skill_target(conn, id, ix.get(7, id, &wb.skill_targets))?
        }
        Key::Course(id) => training::write_course(conn, id, ix.get(8, id, &wb.courses), fresh)?,
        Key::Enrolment(id) => training::write_enrolment(conn, id, ix.get(9, id, &wb.enrolments))?,
        Key::System(id) => systems::write_system(conn, id, ix.get(10, id, &wb.systems), fresh)?,
        Key::Step(id) => systems::write_step(conn, id, ix.get(11, id, &wb.system_steps))?,
        Key::Procedure(id) => online::write_procedure(conn, id, ix.get(12, id, &wb.procedures))?,
        Key::Baseline(id) => {
            baseline::write_baseline(conn, id, ix.get(13, id, &wb.baselines), fresh)?
        }
        Key::RunningCost(id) => {
            money::write_running_cost(conn, id, ix.get(14, id, &wb.money.running_costs))?
        }
        Key::ServiceStart(id) => {
            money::write_service_start(conn, id, ix.get(15, id, &wb.money.service_starts))?
        }
        Key::Programme(id) => {
            money::write_programme(conn, id, ix.get(16, id, &wb.money.programmes))?
        }
        Key::Grant(id) => money::write_grant(conn, id, ix.get(17, id, &wb.money.grants))?,
        Key::Budget(id) => money::write_budget(conn, id, ix.get(18, id, &wb.money.budgets))?,
        Key::Progress(id) => progress::write_progress(conn, id, ix.get(19, id, &wb.progress))?,
        Key::Action(id) => action::write_action(conn, id, ix.get(20, id, &wb.actions))?,
        Key::Inquiry(id) => inquiry::write_inquiry(conn, id, ix.get(21, id, &wb.inquiries), fresh)?,
    }
    Ok(())
}
