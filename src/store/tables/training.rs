//! The 人材育成 tables: skill areas, target levels, courses (and the skills they teach), enrolments.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{all, delete, key, parse};
use crate::calendar::FiscalYear;
use crate::model::*;

/// Skill areas.
pub(super) fn load_skills(conn: &Connection) -> rusqlite::Result<Vec<SkillArea>> {
    let skills = all(
        conn,
        "SELECT id, name, description FROM skill_area ORDER BY id",
        |r| {
            Ok(SkillArea {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
            })
        },
    )?;

    Ok(skills)
}

/// Target levels per 職位.
pub(super) fn load_skill_targets(conn: &Connection) -> rusqlite::Result<Vec<SkillTarget>> {
    let skill_targets = all(
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
    )?;

    Ok(skill_targets)
}

/// The course catalogue, each course with the skills it teaches.
pub(super) fn load_courses(conn: &Connection) -> rusqlite::Result<Vec<Course>> {
    let mut course_skills: HashMap<Id, Vec<CourseSkill>> = HashMap::new();
    let course_skill_rows = all(
        conn,
        "SELECT course_id, skill_id, level FROM course_skill ORDER BY course_id, skill_id",
        |r| Ok((r.get::<_, Id>(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (c, s, l) in course_skill_rows {
        course_skills.entry(c).or_default().push(CourseSkill {
            skill_id: s,
            level: l,
        });
    }
    let courses = all(
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
    )?;

    Ok(courses)
}

/// Enrolments (受講予定・受講記録).
pub(super) fn load_enrolments(conn: &Connection) -> rusqlite::Result<Vec<Enrolment>> {
    let enrolments = all(
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
    )?;

    Ok(enrolments)
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_skill(
    conn: &Connection,
    id: Id,
    row: Option<&SkillArea>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "skill_area", id);
    };
    conn.prepare_cached(
        "INSERT INTO skill_area (id, name, description) VALUES (?1,?2,?3)
         ON CONFLICT(id) DO UPDATE SET name=excluded.name, description=excluded.description",
    )?
    .execute(params![r.id, r.name, r.description])?;

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_skill_target(
    conn: &Connection,
    id: Id,
    row: Option<&SkillTarget>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "skill_target", id);
    };
    conn.prepare_cached(
        "INSERT INTO skill_target (id, position, skill_id, level) VALUES (?1,?2,?3,?4)
         ON CONFLICT(id) DO UPDATE SET position=excluded.position, skill_id=excluded.skill_id, level=excluded.level",
    )?
    .execute(params![r.id, r.position, r.skill_id, r.level])?;

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_course(
    conn: &Connection,
    id: Id,
    row: Option<&Course>,
    fresh: bool,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "course", id);
    };
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

    Ok(())
}

/// Upserts the row (deletes it when gone from the workbook).
pub(super) fn write_enrolment(
    conn: &Connection,
    id: Id,
    row: Option<&Enrolment>,
) -> rusqlite::Result<()> {
    let Some(r) = row else {
        return delete(conn, "enrolment", id);
    };
    conn.prepare_cached(
        "INSERT INTO enrolment (id, person_id, course_id, year, month, status, completed_on) VALUES (?1,?2,?3,?4,?5,?6,?7)
         ON CONFLICT(id) DO UPDATE SET person_id=excluded.person_id, course_id=excluded.course_id, year=excluded.year,
         month=excluded.month, status=excluded.status, completed_on=excluded.completed_on",
    )?
    .execute(params![r.id, r.person_id, r.course_id, r.year.0, r.month, key(&r.status), r.completed_on])?;

    Ok(())
}
