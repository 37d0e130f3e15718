//! The rules a row must keep in the context of the whole workbook (references exist, names and keys are
//! unique), checked before an edit puts it in place. The bulk path checks people and enrolments with the same
//! rule functions (`person`, `enrolment`), so the 職員番号 and same-course rules have one home.

use super::*;
use crate::error::{Error, ErrorCode, Result};

/// A unit a row names must exist.
fn need_unit(wb: &Workbook, id: Option<Id>, field: &str) -> Result<()> {
    match id {
        Some(i) if wb.unit(i).is_none() => Err(Error::not_found("組織", i).with_field(field)),
        _ => Ok(()),
    }
}

/// Validates a row in the context of the workbook (references, uniqueness), as if it replaced its namesake.
pub(super) fn check(wb: &Workbook, e: &Entity) -> Result<()> {
    match e {
        Entity::Initiative(r) => {
            r.validate()?;
            need_unit(wb, r.owner_unit, "owner_unit")?;
            if wb
                .initiatives
                .iter()
                .any(|o| o.id != r.id && o.name == r.name.trim())
            {
                return Err(Error::duplicate("取組事項", &r.name).with_field("name"));
            }
        }
        Entity::Task(r) => {
            r.validate()?;
            if wb.initiative(r.initiative_id).is_none() {
                return Err(
                    Error::not_found("取組事項", r.initiative_id).with_field("initiative_id")
                );
            }
            need_unit(wb, r.owner_unit, "owner_unit")?;
            if wb.tasks.iter().any(|o| {
                o.id != r.id && o.initiative_id == r.initiative_id && o.name == r.name.trim()
            }) {
                return Err(Error::duplicate("取組内容", &r.name).with_field("name"));
            }
        }
        Entity::Kpi(r) => {
            r.validate()?;
            if wb.initiative(r.initiative_id).is_none() {
                return Err(
                    Error::not_found("取組事項", r.initiative_id).with_field("initiative_id")
                );
            }
        }
        Entity::Unit(r) => {
            let mut units: Vec<OrgUnit> =
                wb.units.iter().filter(|u| u.id != r.id).cloned().collect();
            units.push(r.clone());
            org::check_units(&units)?;
        }
        Entity::Person(r) => person(
            wb,
            r,
            find(&wb.people, r.id).and_then(|o| o.staff_no.as_deref()),
            |no| {
                wb.people
                    .iter()
                    .any(|o| o.id != r.id && o.staff_no.as_deref() == Some(no))
            },
        )?,
        Entity::Role(r) => {
            if wb.person(r.person_id).is_none() {
                return Err(Error::not_found("職員", r.person_id).with_field("person_id"));
            }
            need_unit(wb, r.unit_id, "unit_id")?;
            if wb.roles.iter().any(|o| {
                o.id != r.id
                    && o.person_id == r.person_id
                    && o.unit_id == r.unit_id
                    && o.role == r.role
            }) {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    "同じ人に同じ役割が既に割り当てられています。",
                ));
            }
        }
        Entity::Skill(r) => {
            clean_name("name", "スキル領域名", &r.name)?;
            if wb
                .skills
                .iter()
                .any(|o| o.id != r.id && o.name == r.name.trim())
            {
                return Err(Error::duplicate("スキル領域", &r.name).with_field("name"));
            }
        }
        Entity::SkillTarget(r) => {
            r.validate()?;
            if find(&wb.skills, r.skill_id).is_none() {
                return Err(Error::not_found("スキル領域", r.skill_id).with_field("skill_id"));
            }
            if wb
                .skill_targets
                .iter()
                .any(|o| o.id != r.id && o.position == r.position && o.skill_id == r.skill_id)
            {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    format!(
                        "職位「{}」のこのスキル領域の目標は既にあります。",
                        r.position
                    ),
                ));
            }
        }
        Entity::Course(r) => {
            r.validate()?;
            for s in &r.skills {
                if find(&wb.skills, s.skill_id).is_none() {
                    return Err(Error::not_found("スキル領域", s.skill_id).with_field("skills"));
                }
            }
            if wb
                .courses
                .iter()
                .any(|o| o.id != r.id && o.provider == r.provider && o.name == r.name.trim())
            {
                return Err(Error::duplicate("研修", &r.name).with_field("name"));
            }
        }
        Entity::Enrolment(r) => enrolment(
            wb,
            r,
            |id| wb.person(id).is_some(),
            || {
                wb.enrolments.iter().any(|o| {
                    o.id != r.id
                        && o.person_id == r.person_id
                        && o.course_id == r.course_id
                        && o.year == r.year
                })
            },
        )?,
        Entity::System(r) => {
            r.validate()?;
            for u in &r.owner_units {
                need_unit(wb, Some(*u), "owner_units")?;
            }
            if wb
                .systems
                .iter()
                .any(|o| o.id != r.id && o.name == r.name.trim())
            {
                return Err(Error::duplicate("業務", &r.name).with_field("name"));
            }
        }
        Entity::Step(r) => {
            r.validate()?;
            if wb.system(r.system_id).is_none() {
                return Err(Error::not_found("業務", r.system_id).with_field("system_id"));
            }
            if wb.template_step(r.template_step_id).is_none() {
                return Err(
                    Error::not_found("作業項目", r.template_step_id).with_field("template_step_id")
                );
            }
            if wb.system_steps.iter().any(|o| {
                o.id != r.id
                    && o.system_id == r.system_id
                    && o.template_step_id == r.template_step_id
            }) {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    "この業務のこの作業項目は既にあります。",
                ));
            }
        }
        Entity::Procedure(r) => {
            r.validate()?;
            need_unit(wb, r.owner_unit, "owner_unit")?;
            if wb
                .procedures
                .iter()
                .any(|o| o.id != r.id && o.name == r.name.trim())
            {
                return Err(Error::duplicate("手続", &r.name).with_field("name"));
            }
        }
        Entity::Baseline(r) => {
            clean_name("name", "基準計画名", &r.name)?;
            if wb
                .baselines
                .iter()
                .any(|o| o.id != r.id && o.name == r.name.trim())
            {
                return Err(Error::duplicate("基準計画", &r.name).with_field("name"));
            }
        }
        Entity::RunningCost(r) => wb.money.check_running_cost(r, wb)?,
        Entity::ServiceStart(r) => wb.money.check_service_start(r, wb)?,
        Entity::Programme(r) => wb.money.check_programme(r)?,
        Entity::Grant(r) => wb.money.check_grant(r, wb)?,
        Entity::Budget(r) => wb.money.check_budget(r, wb)?,
        Entity::Progress(r) => r.validate()?,
        Entity::Action(r) => {
            r.validate()?;
            if let Some(u) = r.owner_unit
                && !wb.units.iter().any(|x| x.id == u)
            {
                return Err(Error::not_found("担当課", u.to_string()).with_field("owner_unit"));
            }
            if let Some(row) = r.row
                && !row_exists(wb, row)
            {
                return Err(Error::field(
                    "row",
                    "宿題の対象の行がありません（削除されています）。",
                ));
            }
        }
        Entity::Inquiry(r) => {
            r.validate()?;
            if wb
                .inquiries
                .iter()
                .any(|o| o.id != r.id && o.name == r.name.trim())
            {
                return Err(Error::duplicate("照会", &r.name).with_field("name"));
            }
            if wb
                .inquiries
                .iter()
                .any(|o| o.id != r.id && o.token == r.token)
            {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    "同じ識別子の照会が既にあります。照会を作り直してください。",
                )
                .with_field("token"));
            }
        }
    }
    Ok(())
}

/// The rules of a person: a valid row, an existing unit, and the 職員番号 rule: a person's 職員番号 (trimmed) is
/// nobody else's. `current` is the number the person has now (None when new): keeping it cannot break the rule,
/// so `taken_by_other` (does another person hold this number?) is asked only for a new or changed number.
pub(super) fn person(
    wb: &Workbook,
    r: &Person,
    current: Option<&str>,
    taken_by_other: impl FnOnce(&str) -> bool,
) -> Result<()> {
    r.validate()?;
    need_unit(wb, r.unit_id, "unit_id")?;
    if let Some(no) = &r.staff_no
        && current != Some(no.as_str())
        && taken_by_other(no.trim())
    {
        return Err(Error::duplicate("職員番号", no).with_field("staff_no"));
    }
    Ok(())
}

/// The rules of an enrolment: a valid row, an existing person and course, and the same-course rule: a person
/// takes a course at most once a fiscal year (`same_course_taken`: does another enrolment hold this person,
/// course and year?).
pub(super) fn enrolment(
    wb: &Workbook,
    r: &Enrolment,
    person_exists: impl FnOnce(Id) -> bool,
    same_course_taken: impl FnOnce() -> bool,
) -> Result<()> {
    r.validate()?;
    if !person_exists(r.person_id) {
        return Err(Error::not_found("職員", r.person_id).with_field("person_id"));
    }
    if wb.course(r.course_id).is_none() {
        return Err(Error::not_found("研修", r.course_id).with_field("course_id"));
    }
    if same_course_taken() {
        return Err(Error::new(
            ErrorCode::Duplicate,
            format!(
                "同じ職員が{}に同じ研修を既に予定しています。",
                r.year.label()
            ),
        ));
    }
    Ok(())
}

/// Does the row of the plan exist (a task, a 標準化 step, a procedure)?
fn row_exists(wb: &Workbook, row: RowRef) -> bool {
    row_exists_in(&wb.tasks, &wb.system_steps, &wb.procedures, row)
}

/// [`row_exists`] over the three tables (borrowed apart, so a caller may hold the action items mutably).
pub(super) fn row_exists_in(
    tasks: &[Task],
    steps: &[SystemStep],
    procedures: &[Procedure],
    row: RowRef,
) -> bool {
    match row {
        RowRef::Task(i) => tasks.iter().any(|t| t.id == i),
        RowRef::Step(i) => steps.iter().any(|s| s.id == i),
        RowRef::Procedure(i) => procedures.iter().any(|p| p.id == i),
    }
}
