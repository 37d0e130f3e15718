//! Row codec: how each model type maps to its table(s). Loading reads every table into a `Workbook`; persisting
//! writes (upserts or deletes) exactly the rows named by edit keys.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::corrupt;
use crate::calendar::FiscalYear;
use crate::error::Result;
use crate::model::edit::{Key, Row as TableRow};
use crate::model::*;

/// An enum's stored key (its serde name).
fn key<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Parses a stored enum key; an unknown key means the file was damaged or edited by hand.
fn parse<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
    T::deserialize(de).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn span(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<Span> {
    match (start, end) {
        (Some(s), Some(e)) if s <= e => Some(Span { start: s, end: e }),
        _ => None,
    }
}

fn all<T>(
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
}

fn load_inner(conn: &Connection, scope: Scope) -> rusqlite::Result<Workbook> {
    let full = scope == Scope::All;
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
        "SELECT id, name, kind, parent_id, sort FROM org_unit ORDER BY sort, id",
        |r| {
            let id: Id = r.get(0)?;
            Ok(OrgUnit {
                id,
                name: r.get(1)?,
                kind: parse(&r.get::<_, String>(2)?)?,
                parent_id: r.get(3)?,
                linked_units: links.remove(&id).unwrap_or_default(),
                sort: r.get(4)?,
            })
        },
    )?;

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
    let dependencies = all(
        conn,
        "SELECT predecessor, successor FROM dependency ORDER BY predecessor, successor",
        |r| {
            Ok(Dependency {
                predecessor: r.get(0)?,
                successor: r.get(1)?,
            })
        },
    )?;

    let people = if full {
        all(
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
        )?
    } else {
        vec![]
    };
    let roles = if full {
        all(
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
        )?
    } else {
        vec![]
    };

    let skills = if full {
        all(
            conn,
            "SELECT id, name, description FROM skill_area ORDER BY id",
            |r| {
                Ok(SkillArea {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    description: r.get(2)?,
                })
            },
        )?
    } else {
        vec![]
    };
    let skill_targets = if full {
        all(
            conn,
            "SELECT id, position, skill_id, level FROM skill_target ORDER BY id",
            |r| {
                Ok(SkillTarget {
                    id: r.get(0)?,
                    position: r.get(1)?,
                    skill_id: r.get(2)?,
                    level: r.get(3)?,
                })
            },
        )?
    } else {
        vec![]
    };
    let mut course_skills: HashMap<Id, Vec<CourseSkill>> = HashMap::new();
    let course_skill_rows = if full {
        all(
            conn,
            "SELECT course_id, skill_id, level FROM course_skill ORDER BY course_id, skill_id",
            |r| Ok((r.get::<_, Id>(0)?, r.get(1)?, r.get(2)?)),
        )?
    } else {
        vec![]
    };
    for (c, s, l) in course_skill_rows {
        course_skills.entry(c).or_default().push(CourseSkill {
            skill_id: s,
            level: l,
        });
    }
    let courses = if full {
        all(
            conn,
            "SELECT id, provider, name, format, length, days, month, audience, seats, fee_yen FROM course ORDER BY id",
            |r| {
                let id: Id = r.get(0)?;
                Ok(Course {
                    id,
                    provider: r.get(1)?,
                    name: r.get(2)?,
                    format: parse(&r.get::<_, String>(3)?)?,
                    length: r.get(4)?,
                    days: r.get(5)?,
                    month: r.get(6)?,
                    audience: r.get(7)?,
                    seats: r.get(8)?,
                    fee_yen: r.get(9)?,
                    skills: course_skills.remove(&id).unwrap_or_default(),
                })
            },
        )?
    } else {
        vec![]
    };
    let enrolments = if full {
        all(
            conn,
            "SELECT id, person_id, course_id, year, month, status, completed_on FROM enrolment ORDER BY id",
            |r| {
                Ok(Enrolment {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    course_id: r.get(2)?,
                    year: FiscalYear(r.get(3)?),
                    month: r.get(4)?,
                    status: parse(&r.get::<_, String>(5)?)?,
                    completed_on: r.get(6)?,
                })
            },
        )?
    } else {
        vec![]
    };

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
        "SELECT id, name, grp, vendor, pattern, target_date, specified, specified_reason, specified_deadline, notes, sort
         FROM system ORDER BY sort, id",
        |r| {
            let id: Id = r.get(0)?;
            let pattern: Option<String> = r.get(4)?;
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
            })
        },
    )?;
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

    Ok(Workbook {
        meta,
        vision: Vision {
            statement,
            policies,
        },
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
        template: StepTemplate {
            name: template_name,
            steps,
        },
        systems,
        system_steps,
        procedures,
        baselines,
    })
}

/// Writes a whole workbook into an empty, migrated database (creation from templates or the demo).
pub fn insert_all(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
    write_meta(conn, wb)?;
    write_vision(conn, wb)?;
    conn.execute(
        "INSERT INTO step_template (id, name) VALUES (1, ?1)",
        [&wb.template.name],
    )?;
    {
        let mut st = conn.prepare(
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
    }
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
    let index = Index::new(wb, keys.len());
    for k in keys {
        write_key(conn, wb, &index, k, true)?;
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

fn write_meta(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
    let m = &wb.meta;
    conn.execute(
        "INSERT INTO workbook (id, municipality, code, plan_start, plan_end, fy_start_month) VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET municipality=excluded.municipality, code=excluded.code, plan_start=excluded.plan_start,
         plan_end=excluded.plan_end, fy_start_month=excluded.fy_start_month",
        params![m.municipality, m.code.as_ref().map(|c| c.as_str()), m.plan_start, m.plan_end, m.fiscal_year_start_month],
    )?;
    Ok(())
}

fn write_vision(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
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

/// Replaces the stored template: all steps go and come back (step numbers are unique, so rows cannot be
/// renumbered one by one); system steps keep pointing at the same ids, checked when the transaction commits.
fn write_template(conn: &Connection, wb: &Workbook) -> rusqlite::Result<()> {
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

fn delete(conn: &Connection, table: &str, id: Id) -> rusqlite::Result<()> {
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
        Key::Meta => write_meta(conn, wb)?,
        Key::Template => write_template(conn, wb)?,
        Key::Vision => write_vision(conn, wb)?,
        Key::Dependency(d) => {
            if wb.dependencies.contains(&d) {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO dependency (predecessor, successor) VALUES (?1, ?2)",
                )?
                .execute([d.predecessor, d.successor])?;
            } else {
                conn.prepare_cached(
                    "DELETE FROM dependency WHERE predecessor = ?1 AND successor = ?2",
                )?
                .execute([d.predecessor, d.successor])?;
            }
        }
        Key::Initiative(id) => match ix.get(0, id, &wb.initiatives) {
            None => delete(conn, "initiative", id)?,
            Some(r) => {
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
            }
        },
        Key::Kpi(id) => match ix.get(2, id, &wb.kpis) {
            None => delete(conn, "kpi", id)?,
            Some(r) => {
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
                let mut st = conn.prepare_cached(
                    "INSERT INTO kpi_actual (kpi_id, year, value) VALUES (?1, ?2, ?3)",
                )?;
                for a in &r.actuals {
                    st.execute(params![r.id, a.year.0, a.value])?;
                }
            }
        },
        Key::Task(id) => match ix.get(1, id, &wb.tasks) {
            None => delete(conn, "task", id)?,
            Some(r) => {
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
            }
        },
        Key::Unit(id) => {
            match ix.get(3, id, &wb.units) {
                None => delete(conn, "org_unit", id)?,
                Some(r) => {
                    conn.prepare_cached(
                    "INSERT INTO org_unit (id, name, kind, parent_id, sort) VALUES (?1,?2,?3,?4,?5) ON CONFLICT(id) DO UPDATE SET
                     name=excluded.name, kind=excluded.kind, parent_id=excluded.parent_id, sort=excluded.sort",
                )?
                .execute(params![r.id, r.name, key(&r.kind), r.parent_id, r.sort])?;
                    if !fresh {
                        conn.prepare_cached("DELETE FROM unit_link WHERE unit_id = ?1")?
                            .execute([r.id])?;
                    }
                    let mut st = conn.prepare_cached("INSERT INTO unit_link (unit_id, linked_unit_id, position) VALUES (?1, ?2, ?3)")?;
                    for (i, l) in r.linked_units.iter().enumerate() {
                        st.execute(params![r.id, l, i as i64])?;
                    }
                }
            }
        }
        Key::Person(id) => match ix.get(4, id, &wb.people) {
            None => delete(conn, "person", id)?,
            Some(r) => {
                conn.prepare_cached(
                    "INSERT INTO person (id, staff_no, name, kana, position, unit_id, employment) VALUES (?1,?2,?3,?4,?5,?6,?7)
                     ON CONFLICT(id) DO UPDATE SET staff_no=excluded.staff_no, name=excluded.name, kana=excluded.kana,
                     position=excluded.position, unit_id=excluded.unit_id, employment=excluded.employment",
                )?
                .execute(params![r.id, r.staff_no, r.name, r.kana, r.position, r.unit_id, key(&r.employment)])?;
            }
        },
        Key::Role(id) => match ix.get(5, id, &wb.roles) {
            None => delete(conn, "role_assignment", id)?,
            Some(r) => {
                conn.prepare_cached(
                    "INSERT INTO role_assignment (id, person_id, unit_id, role, title) VALUES (?1,?2,?3,?4,?5)
                     ON CONFLICT(id) DO UPDATE SET person_id=excluded.person_id, unit_id=excluded.unit_id, role=excluded.role, title=excluded.title",
                )?
                .execute(params![r.id, r.person_id, r.unit_id, key(&r.role), r.title])?;
            }
        },
        Key::Skill(id) => match ix.get(6, id, &wb.skills) {
            None => delete(conn, "skill_area", id)?,
            Some(r) => {
                conn.prepare_cached(
                    "INSERT INTO skill_area (id, name, description) VALUES (?1,?2,?3)
                     ON CONFLICT(id) DO UPDATE SET name=excluded.name, description=excluded.description",
                )?
                .execute(params![r.id, r.name, r.description])?;
            }
        },
        Key::SkillTarget(id) => match ix.get(7, id, &wb.skill_targets) {
            None => delete(conn, "skill_target", id)?,
            Some(r) => {
                conn.prepare_cached(
                    "INSERT INTO skill_target (id, position, skill_id, level) VALUES (?1,?2,?3,?4)
                     ON CONFLICT(id) DO UPDATE SET position=excluded.position, skill_id=excluded.skill_id, level=excluded.level",
                )?
                .execute(params![r.id, r.position, r.skill_id, r.level])?;
            }
        },
        Key::Course(id) => match ix.get(8, id, &wb.courses) {
            None => delete(conn, "course", id)?,
            Some(r) => {
                conn.prepare_cached(
                    "INSERT INTO course (id, provider, name, format, length, days, month, audience, seats, fee_yen)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10) ON CONFLICT(id) DO UPDATE SET provider=excluded.provider, name=excluded.name,
                     format=excluded.format, length=excluded.length, days=excluded.days, month=excluded.month, audience=excluded.audience,
                     seats=excluded.seats, fee_yen=excluded.fee_yen",
                )?
                .execute(params![r.id, r.provider, r.name, key(&r.format), r.length, r.days, r.month, r.audience, r.seats, r.fee_yen])?;
                if !fresh {
                    conn.prepare_cached("DELETE FROM course_skill WHERE course_id = ?1")?
                        .execute([r.id])?;
                }
                let mut st = conn.prepare_cached(
                    "INSERT INTO course_skill (course_id, skill_id, level) VALUES (?1, ?2, ?3)",
                )?;
                for s in &r.skills {
                    st.execute(params![r.id, s.skill_id, s.level])?;
                }
            }
        },
        Key::Enrolment(id) => match ix.get(9, id, &wb.enrolments) {
            None => delete(conn, "enrolment", id)?,
            Some(r) => {
                conn.prepare_cached(
                    "INSERT INTO enrolment (id, person_id, course_id, year, month, status, completed_on) VALUES (?1,?2,?3,?4,?5,?6,?7)
                     ON CONFLICT(id) DO UPDATE SET person_id=excluded.person_id, course_id=excluded.course_id, year=excluded.year,
                     month=excluded.month, status=excluded.status, completed_on=excluded.completed_on",
                )?
                .execute(params![r.id, r.person_id, r.course_id, r.year.0, r.month, key(&r.status), r.completed_on])?;
            }
        },
        Key::System(id) => {
            match ix.get(10, id, &wb.systems) {
                None => delete(conn, "system", id)?,
                Some(r) => {
                    conn.prepare_cached(
                    "INSERT INTO system (id, name, grp, vendor, pattern, target_date, specified, specified_reason, specified_deadline, notes, sort)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) ON CONFLICT(id) DO UPDATE SET name=excluded.name, grp=excluded.grp,
                     vendor=excluded.vendor, pattern=excluded.pattern, target_date=excluded.target_date, specified=excluded.specified,
                     specified_reason=excluded.specified_reason, specified_deadline=excluded.specified_deadline, notes=excluded.notes,
                     sort=excluded.sort",
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
                    r.sort
                ])?;
                    if !fresh {
                        conn.prepare_cached("DELETE FROM system_owner WHERE system_id = ?1")?
                            .execute([r.id])?;
                    }
                    let mut st = conn.prepare_cached("INSERT INTO system_owner (system_id, unit_id, position) VALUES (?1, ?2, ?3)")?;
                    for (i, u) in r.owner_units.iter().enumerate() {
                        st.execute(params![r.id, u, i as i64])?;
                    }
                }
            }
        }
        Key::Step(id) => match ix.get(11, id, &wb.system_steps) {
            None => delete(conn, "system_step", id)?,
            Some(r) => {
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
            }
        },
        Key::Procedure(id) => match ix.get(12, id, &wb.procedures) {
            None => delete(conn, "procedure", id)?,
            Some(r) => {
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
            }
        },
        Key::Baseline(id) => match ix.get(13, id, &wb.baselines) {
            None => delete(conn, "baseline", id)?,
            Some(r) => {
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
            }
        },
    }
    Ok(())
}
