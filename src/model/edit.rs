//! Edits: every change a user makes, as a value. `apply` validates it against the whole workbook, applies it,
//! and returns its inverse (for undo) and the rows it touched (so the store persists exactly those).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::roadmap::check_acyclic;
use super::*;
use crate::calendar::FiscalYear;
use crate::error::{Error, ErrorCode, Result};

/// A row of any table.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "row", rename_all = "snake_case")]
pub enum Entity {
    Initiative(Initiative),
    Task(Task),
    Kpi(Kpi),
    Unit(OrgUnit),
    Person(Person),
    Role(RoleAssignment),
    Skill(SkillArea),
    SkillTarget(SkillTarget),
    Course(Course),
    Enrolment(Enrolment),
    System(System),
    Step(SystemStep),
    Procedure(Procedure),
    Baseline(Baseline),
}

/// Names a row (or a singleton part of the workbook).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Key {
    Meta,
    Vision,
    Initiative(Id),
    Task(Id),
    Kpi(Id),
    Unit(Id),
    Person(Id),
    Role(Id),
    Skill(Id),
    SkillTarget(Id),
    Course(Id),
    Enrolment(Id),
    System(Id),
    Step(Id),
    Procedure(Id),
    Baseline(Id),
    Dependency(Dependency),
    /// the work-step template (all of its steps)
    Template,
}

/// One user edit. `Put` with id 0 adds a row (the id is assigned); with an id it replaces or restores that row.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    SetMeta {
        meta: WorkbookMeta,
    },
    SetVision {
        vision: Vision,
    },
    Put {
        entity: Entity,
    },
    Delete {
        key: Key,
    },
    Link {
        dependency: Dependency,
    },
    Unlink {
        dependency: Dependency,
    },
    TakeBaseline {
        name: String,
        taken_on: NaiveDate,
    },
    /// Replaces the work-step template. Refused while a system step refers to a step the new template lacks:
    /// delete or move those steps first (in the same batch).
    SetTemplate {
        template: StepTemplate,
    },
    Batch {
        edits: Vec<Edit>,
    },
}

/// What an applied edit did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// applying this undoes the edit
    pub inverse: Edit,
    /// rows whose stored form must be written (or removed, if gone from the workbook)
    pub changed: Vec<Key>,
    /// id of a row the edit added (for `Put` with id 0 and `TakeBaseline`)
    pub new_id: Option<Id>,
}

/// A table row with an id (used by edits and by the store's row lookup).
pub trait Row: Clone {
    fn id(&self) -> Id;
    fn set_id(&mut self, id: Id);
}
macro_rules! row {
    ($($t:ty),*) => {$(impl Row for $t { fn id(&self) -> Id { self.id } fn set_id(&mut self, id: Id) { self.id = id } })*};
}
row!(
    Initiative,
    Task,
    Kpi,
    OrgUnit,
    Person,
    RoleAssignment,
    SkillArea,
    SkillTarget,
    Course,
    Enrolment,
    System,
    SystemStep,
    Procedure,
    Baseline
);

/// Position of a row: tables are kept in id order as they load and grow, so a binary search usually finds it;
/// a table out of order (sorted for display) falls back to a scan. Always correct, usually O(log n).
fn position<T: Row>(v: &[T], id: Id) -> Option<usize> {
    match v.binary_search_by_key(&id, Row::id) {
        Ok(i) => Some(i),
        Err(_) => v.iter().position(|r| r.id() == id),
    }
}
pub(crate) fn find<T: Row>(v: &[T], id: Id) -> Option<&T> {
    position(v, id).map(|i| &v[i])
}
fn next<T: Row>(v: &[T]) -> Id {
    v.iter().map(Row::id).max().unwrap_or(0) + 1
}
/// Replace or insert; returns the previous row.
fn upsert<T: Row>(v: &mut Vec<T>, row: T) -> Option<T> {
    match position(v, row.id()) {
        Some(i) => Some(std::mem::replace(&mut v[i], row)),
        None => {
            v.push(row);
            None
        }
    }
}
fn remove<T: Row>(v: &mut Vec<T>, id: Id) -> Option<T> {
    let i = position(v, id)?;
    Some(v.remove(i))
}

impl Entity {
    pub fn key(&self) -> Key {
        match self {
            Entity::Initiative(r) => Key::Initiative(r.id),
            Entity::Task(r) => Key::Task(r.id),
            Entity::Kpi(r) => Key::Kpi(r.id),
            Entity::Unit(r) => Key::Unit(r.id),
            Entity::Person(r) => Key::Person(r.id),
            Entity::Role(r) => Key::Role(r.id),
            Entity::Skill(r) => Key::Skill(r.id),
            Entity::SkillTarget(r) => Key::SkillTarget(r.id),
            Entity::Course(r) => Key::Course(r.id),
            Entity::Enrolment(r) => Key::Enrolment(r.id),
            Entity::System(r) => Key::System(r.id),
            Entity::Step(r) => Key::Step(r.id),
            Entity::Procedure(r) => Key::Procedure(r.id),
            Entity::Baseline(r) => Key::Baseline(r.id),
        }
    }
}

fn need_unit(wb: &Workbook, id: Option<Id>, field: &str) -> Result<()> {
    match id {
        Some(i) if wb.unit(i).is_none() => Err(Error::not_found("組織", i).with_field(field)),
        _ => Ok(()),
    }
}

/// Validates a row in the context of the workbook (references, uniqueness), as if it replaced its namesake.
fn check(wb: &Workbook, e: &Entity) -> Result<()> {
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
        Entity::Person(r) => {
            r.validate()?;
            need_unit(wb, r.unit_id, "unit_id")?;
            // a person keeping their 職員番号 cannot break its uniqueness: scan only when it is new or changed
            let unchanged = find(&wb.people, r.id).is_some_and(|o| o.staff_no == r.staff_no);
            if let Some(no) = &r.staff_no
                && !unchanged
                && wb
                    .people
                    .iter()
                    .any(|o| o.id != r.id && o.staff_no.as_deref() == Some(no.trim()))
            {
                return Err(Error::duplicate("職員番号", no).with_field("staff_no"));
            }
        }
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
        Entity::Enrolment(r) => {
            r.validate()?;
            if wb.person(r.person_id).is_none() {
                return Err(Error::not_found("職員", r.person_id).with_field("person_id"));
            }
            if wb.course(r.course_id).is_none() {
                return Err(Error::not_found("研修", r.course_id).with_field("course_id"));
            }
            if wb.enrolments.iter().any(|o| {
                o.id != r.id
                    && o.person_id == r.person_id
                    && o.course_id == r.course_id
                    && o.year == r.year
            }) {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    format!(
                        "同じ職員が{}に同じ研修を既に予定しています。",
                        r.year.label()
                    ),
                ));
            }
        }
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
    }
    Ok(())
}

/// Puts a validated row in place, returning the previous one as an entity.
fn put(wb: &mut Workbook, e: Entity) -> Option<Entity> {
    match e {
        Entity::Initiative(r) => upsert(&mut wb.initiatives, r).map(Entity::Initiative),
        Entity::Task(r) => upsert(&mut wb.tasks, r).map(Entity::Task),
        Entity::Kpi(r) => upsert(&mut wb.kpis, r).map(Entity::Kpi),
        Entity::Unit(r) => upsert(&mut wb.units, r).map(Entity::Unit),
        Entity::Person(r) => upsert(&mut wb.people, r).map(Entity::Person),
        Entity::Role(r) => upsert(&mut wb.roles, r).map(Entity::Role),
        Entity::Skill(r) => upsert(&mut wb.skills, r).map(Entity::Skill),
        Entity::SkillTarget(r) => upsert(&mut wb.skill_targets, r).map(Entity::SkillTarget),
        Entity::Course(r) => upsert(&mut wb.courses, r).map(Entity::Course),
        Entity::Enrolment(r) => upsert(&mut wb.enrolments, r).map(Entity::Enrolment),
        Entity::System(r) => upsert(&mut wb.systems, r).map(Entity::System),
        Entity::Step(r) => upsert(&mut wb.system_steps, r).map(Entity::Step),
        Entity::Procedure(r) => upsert(&mut wb.procedures, r).map(Entity::Procedure),
        Entity::Baseline(r) => upsert(&mut wb.baselines, r).map(Entity::Baseline),
    }
}

/// Gives a new row (id 0) its id; trims its name.
fn assign_id(wb: &Workbook, e: &mut Entity) {
    macro_rules! fresh {
        ($r:expr, $v:expr) => {
            if $r.id == 0 {
                $r.set_id(next(&$v));
            }
        };
    }
    match e {
        Entity::Initiative(r) => {
            fresh!(r, wb.initiatives);
            r.name = r.name.trim().into()
        }
        Entity::Task(r) => {
            fresh!(r, wb.tasks);
            r.name = r.name.trim().into()
        }
        Entity::Kpi(r) => fresh!(r, wb.kpis),
        Entity::Unit(r) => {
            fresh!(r, wb.units);
            r.name = r.name.trim().into()
        }
        Entity::Person(r) => {
            fresh!(r, wb.people);
            r.name = r.name.trim().into();
            r.staff_no = r.staff_no.as_ref().map(|s| s.trim().to_string());
        }
        Entity::Role(r) => fresh!(r, wb.roles),
        Entity::Skill(r) => {
            fresh!(r, wb.skills);
            r.name = r.name.trim().into()
        }
        Entity::SkillTarget(r) => fresh!(r, wb.skill_targets),
        Entity::Course(r) => {
            fresh!(r, wb.courses);
            r.name = r.name.trim().into()
        }
        Entity::Enrolment(r) => fresh!(r, wb.enrolments),
        Entity::System(r) => {
            fresh!(r, wb.systems);
            r.name = r.name.trim().into()
        }
        Entity::Step(r) => fresh!(r, wb.system_steps),
        Entity::Procedure(r) => {
            fresh!(r, wb.procedures);
            r.name = r.name.trim().into()
        }
        Entity::Baseline(r) => {
            fresh!(r, wb.baselines);
            r.name = r.name.trim().into()
        }
    }
}

/// The steps a new system starts with: one per template step, 対象外 for A-only steps of a B-pattern system.
pub fn initial_steps(wb: &Workbook, system: &System, first_id: Id) -> Vec<SystemStep> {
    let mut steps: Vec<&TemplateStep> = wb.template.steps.iter().collect();
    steps.sort_by_key(|s| s.no);
    steps
        .into_iter()
        .enumerate()
        .map(|(i, t)| SystemStep {
            id: first_id + i as Id,
            system_id: system.id,
            template_step_id: t.id,
            plan: None,
            actual_start: None,
            actual_end: None,
            status: if t.a_pattern_only && system.pattern == Some(Pattern::B) {
                StepStatus::NotApplicable
            } else {
                StepStatus::NotStarted
            },
            notes: String::new(),
        })
        .collect()
}

/// Applies an edit: either all of it or, on error, none of it (the workbook is left as it was).
pub fn apply(wb: &mut Workbook, edit: Edit) -> Result<Applied> {
    match edit {
        Edit::Batch { edits } => {
            if edits.len() >= BULK_FROM {
                if edits.iter().all(bulk_put_row) {
                    if let Some(mut ix) = BulkIndex::new(wb) {
                        return bulk_put(wb, &mut ix, edits);
                    }
                } else if edits.iter().all(bulk_delete_key)
                    && let Some(r) = bulk_delete(wb, &edits)
                {
                    return r;
                }
            }
            let mut done: Vec<Applied> = vec![];
            for e in edits {
                match apply(wb, e) {
                    Ok(a) => done.push(a),
                    Err(err) => {
                        for a in done.into_iter().rev() {
                            // inverses of edits that just succeeded always apply
                            apply(wb, a.inverse).map_err(|e| {
                                Error::internal(format!("取り消しに失敗: {}", e.message))
                            })?;
                        }
                        return Err(err);
                    }
                }
            }
            let new_id = done.iter().rev().find_map(|a| a.new_id);
            let changed = done
                .iter()
                .flat_map(|a| a.changed.iter().copied())
                .collect();
            let inverse = Edit::Batch {
                edits: done.into_iter().rev().map(|a| a.inverse).collect(),
            };
            Ok(Applied {
                inverse,
                changed,
                new_id,
            })
        }
        Edit::SetMeta { meta } => {
            meta.validate()?;
            let old = std::mem::replace(&mut wb.meta, meta);
            Ok(Applied {
                inverse: Edit::SetMeta { meta: old },
                changed: vec![Key::Meta],
                new_id: None,
            })
        }
        Edit::SetVision { vision } => {
            vision.validate()?;
            let old = std::mem::replace(&mut wb.vision, vision);
            Ok(Applied {
                inverse: Edit::SetVision { vision: old },
                changed: vec![Key::Vision],
                new_id: None,
            })
        }
        Edit::Put { mut entity } => {
            let is_new = entity_id(&entity) == 0;
            assign_id(wb, &mut entity);
            check(wb, &entity)?;
            let key = entity.key();
            let mut extra: Vec<Key> = vec![];
            // a new system (id 0) starts with one step per template step; a restored one (undo) brings its own
            if let (Entity::System(s), true) = (&entity, is_new) {
                let first = next(&wb.system_steps);
                for st in initial_steps(wb, s, first) {
                    extra.push(Key::Step(st.id));
                    wb.system_steps.push(st);
                }
            }
            let old = put(wb, entity);
            let inverse = match old {
                Some(o) => Edit::Put { entity: o },
                None => Edit::Delete { key },
            };
            let mut changed = vec![key];
            changed.extend(extra);
            Ok(Applied {
                inverse,
                changed,
                new_id: is_new.then(|| key_id(key)),
            })
        }
        Edit::Delete { key } => delete(wb, key),
        Edit::Link { dependency } => {
            let (p, s) = (dependency.predecessor, dependency.successor);
            for id in [p, s] {
                if wb.task(id).is_none() {
                    return Err(Error::not_found("取組内容", id));
                }
            }
            if wb.dependencies.contains(&dependency) {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    "この前後関係は既にあります。",
                ));
            }
            let mut deps = wb.dependencies.clone();
            deps.push(dependency);
            check_acyclic(&deps, |id| {
                wb.task(id).map(|t| t.name.clone()).unwrap_or_default()
            })?;
            wb.dependencies.push(dependency);
            Ok(Applied {
                inverse: Edit::Unlink { dependency },
                changed: vec![Key::Dependency(dependency)],
                new_id: None,
            })
        }
        Edit::Unlink { dependency } => {
            let i = wb
                .dependencies
                .iter()
                .position(|d| *d == dependency)
                .ok_or_else(|| Error::new(ErrorCode::NotFound, "その前後関係はありません。"))?;
            wb.dependencies.remove(i);
            Ok(Applied {
                inverse: Edit::Link { dependency },
                changed: vec![Key::Dependency(dependency)],
                new_id: None,
            })
        }
        Edit::SetTemplate { template } => {
            template.validate()?;
            let ids: HashSet<Id> = template.steps.iter().map(|s| s.id).collect();
            if ids.len() != template.steps.len() || ids.contains(&0) {
                return Err(Error::field(
                    "steps",
                    "手順テンプレートの作業項目のIDが重複しているか、ありません。",
                ));
            }
            if let Some(st) = wb
                .system_steps
                .iter()
                .find(|s| !ids.contains(&s.template_step_id))
            {
                let sys = wb
                    .system(st.system_id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                let step = wb
                    .template_step(st.template_step_id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                return Err(Error::new(
                    ErrorCode::InUse,
                    format!(
                        "業務「{sys}」の作業項目「{step}」が新しい手順テンプレートにないため、テンプレートを置き換えられません。"
                    ),
                ));
            }
            let old = std::mem::replace(&mut wb.template, template);
            Ok(Applied {
                inverse: Edit::SetTemplate { template: old },
                changed: vec![Key::Template],
                new_id: None,
            })
        }
        Edit::TakeBaseline { name, taken_on } => {
            let b = Baseline::take(next(&wb.baselines), &name, taken_on, wb)?;
            let key = Key::Baseline(b.id);
            let id = b.id;
            wb.baselines.push(b);
            Ok(Applied {
                inverse: Edit::Delete { key },
                changed: vec![key],
                new_id: Some(id),
            })
        }
    }
}

/// A batch at least this long that only puts people and enrolments (an import of a staff list or of training
/// records), or only deletes them (its undo), is applied with indexes built once: linear in the batch and the
/// tables instead of one scan of a 500,000-row table per edit. Same checks, same ids, same errors, all or nothing.
const BULK_FROM: usize = 256;

fn bulk_put_row(e: &Edit) -> bool {
    matches!(
        e,
        Edit::Put {
            entity: Entity::Person(_) | Entity::Enrolment(_)
        }
    )
}

fn bulk_delete_key(e: &Edit) -> bool {
    matches!(
        e,
        Edit::Delete {
            key: Key::Person(_) | Key::Enrolment(_)
        }
    )
}

type EnrolmentKey = (Id, Id, FiscalYear);

/// Where the people and enrolments are, and which 職員番号 and (person, course, year) are taken.
struct BulkIndex {
    person_pos: HashMap<Id, usize>,
    staff_no: HashMap<String, Id>,
    next_person: Id,
    enrolment_pos: HashMap<Id, usize>,
    enrolment_key: HashMap<EnrolmentKey, Id>,
    next_enrolment: Id,
}

impl BulkIndex {
    /// None when the tables already break a uniqueness rule (the edit-by-edit path reports that exactly).
    fn new(wb: &Workbook) -> Option<BulkIndex> {
        let mut ix = BulkIndex {
            person_pos: HashMap::with_capacity(wb.people.len()),
            staff_no: HashMap::with_capacity(wb.people.len()),
            next_person: next(&wb.people),
            enrolment_pos: HashMap::with_capacity(wb.enrolments.len()),
            enrolment_key: HashMap::with_capacity(wb.enrolments.len()),
            next_enrolment: next(&wb.enrolments),
        };
        for (i, p) in wb.people.iter().enumerate() {
            if ix.person_pos.insert(p.id, i).is_some() {
                return None;
            }
            if let Some(no) = &p.staff_no
                && ix.staff_no.insert(no.clone(), p.id).is_some()
            {
                return None;
            }
        }
        for (i, e) in wb.enrolments.iter().enumerate() {
            if ix.enrolment_pos.insert(e.id, i).is_some()
                || ix
                    .enrolment_key
                    .insert((e.person_id, e.course_id, e.year), e.id)
                    .is_some()
            {
                return None;
            }
        }
        Some(ix)
    }
}

/// What a bulk put did to a table, to take it back on error.
enum Undo {
    PushedPerson,
    PushedEnrolment,
    Replaced(usize, Entity),
}

/// `Edit::Batch` of `Put`s of people and enrolments, checked as `apply` checks each one.
fn bulk_put(wb: &mut Workbook, ix: &mut BulkIndex, edits: Vec<Edit>) -> Result<Applied> {
    let mut undo: Vec<Undo> = Vec::with_capacity(edits.len());
    let mut changed = Vec::with_capacity(edits.len());
    let (mut added, mut restore) = (vec![], vec![]);
    let mut new_id = None;
    for e in edits {
        let Edit::Put { entity } = e else {
            unreachable!("bulk_put_row checked every edit")
        };
        if let Err(err) = bulk_put_one(
            wb,
            ix,
            entity,
            &mut undo,
            &mut changed,
            &mut added,
            &mut restore,
            &mut new_id,
        ) {
            for u in undo.into_iter().rev() {
                match u {
                    Undo::PushedPerson => {
                        wb.people.pop();
                    }
                    Undo::PushedEnrolment => {
                        wb.enrolments.pop();
                    }
                    Undo::Replaced(i, Entity::Person(p)) => wb.people[i] = p,
                    Undo::Replaced(i, Entity::Enrolment(r)) => wb.enrolments[i] = r,
                    Undo::Replaced(..) => {}
                }
            }
            return Err(err);
        }
    }
    // added rows go first (they may hold a key a changed row gives back), then changed rows, newest first
    let deletes: Vec<Edit> = added
        .into_iter()
        .rev()
        .map(|key| Edit::Delete { key })
        .collect();
    let puts: Vec<Edit> = restore
        .into_iter()
        .rev()
        .map(|entity| Edit::Put { entity })
        .collect();
    let inverse = Edit::Batch {
        edits: [deletes, puts]
            .into_iter()
            .filter(|v| !v.is_empty())
            .map(|edits| Edit::Batch { edits })
            .collect(),
    };
    Ok(Applied {
        inverse,
        changed,
        new_id,
    })
}

#[allow(clippy::too_many_arguments)]
fn bulk_put_one(
    wb: &mut Workbook,
    ix: &mut BulkIndex,
    entity: Entity,
    undo: &mut Vec<Undo>,
    changed: &mut Vec<Key>,
    added: &mut Vec<Key>,
    restore: &mut Vec<Entity>,
    new_id: &mut Option<Id>,
) -> Result<()> {
    match entity {
        Entity::Person(mut r) => {
            let is_new = r.id == 0;
            if is_new {
                r.id = ix.next_person;
            }
            r.name = r.name.trim().into();
            r.staff_no = r.staff_no.as_ref().map(|s| s.trim().to_string());
            r.validate()?;
            need_unit(wb, r.unit_id, "unit_id")?;
            let pos = ix.person_pos.get(&r.id).copied();
            let old_no = pos.and_then(|i| wb.people[i].staff_no.clone());
            if let Some(no) = &r.staff_no
                && old_no.as_ref() != Some(no)
                && ix.staff_no.get(no).is_some_and(|o| *o != r.id)
            {
                return Err(Error::duplicate("職員番号", no).with_field("staff_no"));
            }
            if let Some(o) = &old_no
                && ix.staff_no.get(o) == Some(&r.id)
            {
                ix.staff_no.remove(o);
            }
            if let Some(no) = &r.staff_no {
                ix.staff_no.insert(no.clone(), r.id);
            }
            let key = Key::Person(r.id);
            ix.next_person = ix.next_person.max(r.id + 1);
            if is_new {
                *new_id = Some(r.id);
            }
            match pos {
                Some(i) => {
                    let old = std::mem::replace(&mut wb.people[i], r);
                    undo.push(Undo::Replaced(i, Entity::Person(old.clone())));
                    restore.push(Entity::Person(old));
                }
                None => {
                    ix.person_pos.insert(r.id, wb.people.len());
                    wb.people.push(r);
                    undo.push(Undo::PushedPerson);
                    added.push(key);
                }
            }
            changed.push(key);
        }
        Entity::Enrolment(mut r) => {
            let is_new = r.id == 0;
            if is_new {
                r.id = ix.next_enrolment;
            }
            r.validate()?;
            if !ix.person_pos.contains_key(&r.person_id) {
                return Err(Error::not_found("職員", r.person_id).with_field("person_id"));
            }
            if wb.course(r.course_id).is_none() {
                return Err(Error::not_found("研修", r.course_id).with_field("course_id"));
            }
            let k = (r.person_id, r.course_id, r.year);
            if ix.enrolment_key.get(&k).is_some_and(|o| *o != r.id) {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    format!(
                        "同じ職員が{}に同じ研修を既に予定しています。",
                        r.year.label()
                    ),
                ));
            }
            let pos = ix.enrolment_pos.get(&r.id).copied();
            if let Some(i) = pos {
                let o = &wb.enrolments[i];
                let ok = (o.person_id, o.course_id, o.year);
                if ix.enrolment_key.get(&ok) == Some(&r.id) {
                    ix.enrolment_key.remove(&ok);
                }
            }
            ix.enrolment_key.insert(k, r.id);
            let key = Key::Enrolment(r.id);
            ix.next_enrolment = ix.next_enrolment.max(r.id + 1);
            if is_new {
                *new_id = Some(r.id);
            }
            match pos {
                Some(i) => {
                    let old = std::mem::replace(&mut wb.enrolments[i], r);
                    undo.push(Undo::Replaced(i, Entity::Enrolment(old.clone())));
                    restore.push(Entity::Enrolment(old));
                }
                None => {
                    ix.enrolment_pos.insert(r.id, wb.enrolments.len());
                    wb.enrolments.push(r);
                    undo.push(Undo::PushedEnrolment);
                    added.push(key);
                }
            }
            changed.push(key);
        }
        _ => unreachable!("bulk_put_row checked every edit"),
    }
    Ok(())
}

/// `Edit::Batch` of `Delete`s of people (with their roles and enrolments) and enrolments; None (edit by edit)
/// when a row is missing or named twice, so the error is the one `apply` gives.
fn bulk_delete(wb: &mut Workbook, edits: &[Edit]) -> Option<Result<Applied>> {
    let people: HashSet<Id> = wb.people.iter().map(|p| p.id).collect();
    let enrolment_person: HashMap<Id, Id> =
        wb.enrolments.iter().map(|e| (e.id, e.person_id)).collect();
    let (mut gone_people, mut gone_enrolments) = (HashSet::new(), HashSet::new());
    for e in edits {
        match e {
            Edit::Delete {
                key: Key::Person(id),
            } if people.contains(id) && gone_people.insert(*id) => {}
            Edit::Delete {
                key: Key::Enrolment(id),
            } if enrolment_person
                .get(id)
                .is_some_and(|p| !gone_people.contains(p))
                && gone_enrolments.insert(*id) => {}
            _ => return None,
        }
    }
    let mut roles_of: HashMap<Id, Vec<RoleAssignment>> = HashMap::new();
    for r in wb
        .roles
        .iter()
        .filter(|r| gone_people.contains(&r.person_id))
    {
        roles_of.entry(r.person_id).or_default().push(r.clone());
    }
    let mut enrolments_of: HashMap<Id, Vec<Enrolment>> = HashMap::new();
    let mut enrolment: HashMap<Id, Enrolment> = HashMap::new();
    for e in &wb.enrolments {
        if gone_enrolments.contains(&e.id) {
            enrolment.insert(e.id, e.clone());
        } else if gone_people.contains(&e.person_id) {
            enrolments_of
                .entry(e.person_id)
                .or_default()
                .push(e.clone());
        }
    }
    let mut person: HashMap<Id, Person> = wb
        .people
        .iter()
        .filter(|p| gone_people.contains(&p.id))
        .map(|p| (p.id, p.clone()))
        .collect();
    let mut changed = vec![];
    let mut inverses = Vec::with_capacity(edits.len());
    for e in edits {
        let Edit::Delete { key } = e else { continue };
        changed.push(*key);
        match *key {
            Key::Person(id) => {
                let roles = roles_of.remove(&id).unwrap_or_default();
                let ens = enrolments_of.remove(&id).unwrap_or_default();
                changed.extend(roles.iter().map(|r| Key::Role(r.id)));
                changed.extend(ens.iter().map(|e| Key::Enrolment(e.id)));
                let mut restore = vec![];
                if let Some(p) = person.remove(&id) {
                    restore.push(Edit::Put {
                        entity: Entity::Person(p),
                    });
                }
                restore.extend(roles.into_iter().map(|r| Edit::Put {
                    entity: Entity::Role(r),
                }));
                restore.extend(ens.into_iter().map(|e| Edit::Put {
                    entity: Entity::Enrolment(e),
                }));
                inverses.push(if restore.len() == 1 {
                    restore.remove(0)
                } else {
                    Edit::Batch { edits: restore }
                });
            }
            Key::Enrolment(id) => {
                if let Some(e) = enrolment.remove(&id) {
                    inverses.push(Edit::Put {
                        entity: Entity::Enrolment(e),
                    });
                }
            }
            _ => {}
        }
    }
    wb.roles.retain(|r| !gone_people.contains(&r.person_id));
    wb.enrolments
        .retain(|e| !gone_people.contains(&e.person_id) && !gone_enrolments.contains(&e.id));
    wb.people.retain(|p| !gone_people.contains(&p.id));
    inverses.reverse();
    Some(Ok(Applied {
        inverse: Edit::Batch { edits: inverses },
        changed,
        new_id: None,
    }))
}

fn entity_id(e: &Entity) -> Id {
    key_id(e.key())
}

pub fn key_id(k: Key) -> Id {
    match k {
        Key::Meta | Key::Vision | Key::Dependency(_) | Key::Template => 0,
        Key::Initiative(i)
        | Key::Task(i)
        | Key::Kpi(i)
        | Key::Unit(i)
        | Key::Person(i)
        | Key::Role(i)
        | Key::Skill(i)
        | Key::SkillTarget(i)
        | Key::Course(i)
        | Key::Enrolment(i)
        | Key::System(i)
        | Key::Step(i)
        | Key::Procedure(i)
        | Key::Baseline(i) => i,
    }
}

fn in_use(what: &str, name: &str, by: &str) -> Error {
    Error::new(
        ErrorCode::InUse,
        format!(
            "{what}「{name}」は{by}から参照されているため削除できません。先にそちらを変更してください。"
        ),
    )
}

fn delete(wb: &mut Workbook, key: Key) -> Result<Applied> {
    let gone = || {
        Error::new(
            ErrorCode::NotFound,
            "削除する行が見つかりません（既に削除されています）。",
        )
    };
    let mut restore: Vec<Edit> = vec![];
    let mut changed = vec![key];
    match key {
        Key::Meta | Key::Vision | Key::Template => {
            return Err(Error::invalid(
                "団体情報・ビジョン・手順テンプレートは削除できません。",
            ));
        }
        Key::Dependency(d) => return apply(wb, Edit::Unlink { dependency: d }),
        Key::Initiative(id) => {
            let r = find(&wb.initiatives, id).ok_or_else(gone)?;
            if wb.tasks.iter().any(|t| t.initiative_id == id) {
                return Err(in_use("取組事項", &r.name, "取組内容"));
            }
            // KPIs belong to the initiative and go with it
            let kpis: Vec<Kpi> = wb
                .kpis
                .iter()
                .filter(|k| k.initiative_id == id)
                .cloned()
                .collect();
            wb.kpis.retain(|k| k.initiative_id != id);
            changed.extend(kpis.iter().map(|k| Key::Kpi(k.id)));
            restore.extend(kpis.into_iter().map(|k| Edit::Put {
                entity: Entity::Kpi(k),
            }));
            let r = remove(&mut wb.initiatives, id).ok_or_else(gone)?;
            restore.insert(
                0,
                Edit::Put {
                    entity: Entity::Initiative(r),
                },
            );
        }
        Key::Task(id) => {
            find(&wb.tasks, id).ok_or_else(gone)?;
            let deps: Vec<Dependency> = wb
                .dependencies
                .iter()
                .filter(|d| d.predecessor == id || d.successor == id)
                .copied()
                .collect();
            wb.dependencies
                .retain(|d| d.predecessor != id && d.successor != id);
            changed.extend(deps.iter().map(|d| Key::Dependency(*d)));
            let r = remove(&mut wb.tasks, id).ok_or_else(gone)?;
            restore.push(Edit::Put {
                entity: Entity::Task(r),
            });
            restore.extend(deps.into_iter().map(|d| Edit::Link { dependency: d }));
        }
        Key::Kpi(id) => restore.push(Edit::Put {
            entity: Entity::Kpi(remove(&mut wb.kpis, id).ok_or_else(gone)?),
        }),
        Key::Unit(id) => {
            let u = find(&wb.units, id).ok_or_else(gone)?;
            let name = u.name.clone();
            if wb.units.iter().any(|c| c.parent_id == Some(id)) {
                return Err(in_use("組織", &name, "下位組織"));
            }
            if wb.units.iter().any(|c| c.linked_units.contains(&id)) {
                return Err(in_use("組織", &name, "会議体の関係課"));
            }
            if wb.people.iter().any(|p| p.unit_id == Some(id)) {
                return Err(in_use("組織", &name, "所属職員"));
            }
            if wb.roles.iter().any(|r| r.unit_id == Some(id)) {
                return Err(in_use("組織", &name, "役割"));
            }
            if wb.tasks.iter().any(|t| t.owner_unit == Some(id))
                || wb.initiatives.iter().any(|t| t.owner_unit == Some(id))
            {
                return Err(in_use("組織", &name, "工程表の担当"));
            }
            if wb.systems.iter().any(|s| s.owner_units.contains(&id))
                || wb.procedures.iter().any(|p| p.owner_unit == Some(id))
            {
                return Err(in_use("組織", &name, "業務・手続の所管課"));
            }
            restore.push(Edit::Put {
                entity: Entity::Unit(remove(&mut wb.units, id).ok_or_else(gone)?),
            });
        }
        Key::Person(id) => {
            find(&wb.people, id).ok_or_else(gone)?;
            // a person's roles and enrolments are theirs: they go with them (and come back on undo)
            let roles: Vec<RoleAssignment> = wb
                .roles
                .iter()
                .filter(|r| r.person_id == id)
                .cloned()
                .collect();
            let ens: Vec<Enrolment> = wb
                .enrolments
                .iter()
                .filter(|e| e.person_id == id)
                .cloned()
                .collect();
            wb.roles.retain(|r| r.person_id != id);
            wb.enrolments.retain(|e| e.person_id != id);
            changed.extend(roles.iter().map(|r| Key::Role(r.id)));
            changed.extend(ens.iter().map(|e| Key::Enrolment(e.id)));
            let p = remove(&mut wb.people, id).ok_or_else(gone)?;
            restore.push(Edit::Put {
                entity: Entity::Person(p),
            });
            restore.extend(roles.into_iter().map(|r| Edit::Put {
                entity: Entity::Role(r),
            }));
            restore.extend(ens.into_iter().map(|e| Edit::Put {
                entity: Entity::Enrolment(e),
            }));
        }
        Key::Role(id) => restore.push(Edit::Put {
            entity: Entity::Role(remove(&mut wb.roles, id).ok_or_else(gone)?),
        }),
        Key::Skill(id) => {
            let s = find(&wb.skills, id).ok_or_else(gone)?;
            if wb.skill_targets.iter().any(|t| t.skill_id == id)
                || wb
                    .courses
                    .iter()
                    .any(|c| c.skills.iter().any(|k| k.skill_id == id))
            {
                return Err(in_use(
                    "スキル領域",
                    &s.name.clone(),
                    "目標レベルまたは研修",
                ));
            }
            restore.push(Edit::Put {
                entity: Entity::Skill(remove(&mut wb.skills, id).ok_or_else(gone)?),
            });
        }
        Key::SkillTarget(id) => restore.push(Edit::Put {
            entity: Entity::SkillTarget(remove(&mut wb.skill_targets, id).ok_or_else(gone)?),
        }),
        Key::Course(id) => {
            let c = find(&wb.courses, id).ok_or_else(gone)?;
            if wb.enrolments.iter().any(|e| e.course_id == id) {
                return Err(in_use("研修", &c.name.clone(), "受講予定・受講記録"));
            }
            restore.push(Edit::Put {
                entity: Entity::Course(remove(&mut wb.courses, id).ok_or_else(gone)?),
            });
        }
        Key::Enrolment(id) => restore.push(Edit::Put {
            entity: Entity::Enrolment(remove(&mut wb.enrolments, id).ok_or_else(gone)?),
        }),
        Key::System(id) => {
            find(&wb.systems, id).ok_or_else(gone)?;
            let steps: Vec<SystemStep> = wb
                .system_steps
                .iter()
                .filter(|s| s.system_id == id)
                .cloned()
                .collect();
            wb.system_steps.retain(|s| s.system_id != id);
            changed.extend(steps.iter().map(|s| Key::Step(s.id)));
            let s = remove(&mut wb.systems, id).ok_or_else(gone)?;
            restore.push(Edit::Put {
                entity: Entity::System(s),
            });
            restore.extend(steps.into_iter().map(|s| Edit::Put {
                entity: Entity::Step(s),
            }));
        }
        Key::Step(id) => restore.push(Edit::Put {
            entity: Entity::Step(remove(&mut wb.system_steps, id).ok_or_else(gone)?),
        }),
        Key::Procedure(id) => restore.push(Edit::Put {
            entity: Entity::Procedure(remove(&mut wb.procedures, id).ok_or_else(gone)?),
        }),
        Key::Baseline(id) => restore.push(Edit::Put {
            entity: Entity::Baseline(remove(&mut wb.baselines, id).ok_or_else(gone)?),
        }),
    }
    let inverse = if restore.len() == 1 {
        restore.remove(0)
    } else {
        Edit::Batch { edits: restore }
    };
    Ok(Applied {
        inverse,
        changed,
        new_id: None,
    })
}

/// Ids of the keys an edit touched, deduplicated, in first-touched order.
pub fn dedup_keys(keys: &[Key]) -> Vec<Key> {
    let mut seen = rustc_hash::FxHashSet::default();
    seen.reserve(keys.len());
    keys.iter().copied().filter(|k| seen.insert(*k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roadmap::InitiativeGroup;

    fn wb() -> Workbook {
        let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
        w.initiatives.push(Initiative {
            id: 1,
            group: InitiativeGroup::Targeted,
            code: "①".into(),
            name: "自治体情報システムの標準化・共通化".into(),
            priority: true,
            reference: false,
            target_label: "令和7年度".into(),
            target_date: None,
            owner_unit: None,
            sort: 1,
        });
        w
    }
    fn task(name: &str) -> Task {
        Task {
            id: 0,
            initiative_id: 1,
            name: name.into(),
            owner_unit: None,
            plan: Some(
                Span::new("2025-04-01".parse().unwrap(), "2025-09-30".parse().unwrap()).unwrap(),
            ),
            actual_start: None,
            actual_end: None,
            progress: 0,
            status: Status::NotStarted,
            milestone: false,
            notes: String::new(),
            sort: 0,
        }
    }
    fn add(w: &mut Workbook, name: &str) -> Id {
        apply(
            w,
            Edit::Put {
                entity: Entity::Task(task(name)),
            },
        )
        .unwrap()
        .new_id
        .unwrap()
    }

    #[test]
    fn adding_a_task_assigns_an_id_and_its_inverse_removes_it() {
        let mut w = wb();
        let before = w.clone();
        let a = apply(
            &mut w,
            Edit::Put {
                entity: Entity::Task(task(" 現行システム調査 ")),
            },
        )
        .unwrap();
        assert_eq!(a.new_id, Some(1));
        assert_eq!(w.tasks[0].name, "現行システム調査", "name is trimmed");
        apply(&mut w, a.inverse).unwrap();
        assert_eq!(w, before, "undo restores the workbook exactly");
    }

    #[test]
    fn a_duplicate_task_name_under_one_initiative_is_refused_and_nothing_changes() {
        let mut w = wb();
        add(&mut w, "RFI");
        let before = w.clone();
        let err = apply(
            &mut w,
            Edit::Put {
                entity: Entity::Task(task("RFI")),
            },
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Duplicate);
        assert_eq!(w, before);
    }

    #[test]
    fn a_batch_that_fails_halfway_leaves_the_workbook_untouched() {
        let mut w = wb();
        let before = w.clone();
        let mut bad = task("後");
        bad.initiative_id = 99;
        let err = apply(
            &mut w,
            Edit::Batch {
                edits: vec![
                    Edit::Put {
                        entity: Entity::Task(task("前")),
                    },
                    Edit::Put {
                        entity: Entity::Task(bad),
                    },
                ],
            },
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
        assert_eq!(w, before, "the first, valid edit was rolled back");
    }

    #[test]
    fn linking_tasks_into_a_cycle_is_refused() {
        let mut w = wb();
        let (a, b) = (add(&mut w, "A"), add(&mut w, "B"));
        apply(
            &mut w,
            Edit::Link {
                dependency: Dependency {
                    predecessor: a,
                    successor: b,
                },
            },
        )
        .unwrap();
        let err = apply(
            &mut w,
            Edit::Link {
                dependency: Dependency {
                    predecessor: b,
                    successor: a,
                },
            },
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Cycle);
        assert_eq!(w.dependencies.len(), 1);
    }

    #[test]
    fn deleting_a_task_takes_its_dependencies_and_undo_brings_both_back() {
        let mut w = wb();
        let (a, b) = (add(&mut w, "A"), add(&mut w, "B"));
        apply(
            &mut w,
            Edit::Link {
                dependency: Dependency {
                    predecessor: a,
                    successor: b,
                },
            },
        )
        .unwrap();
        let before = w.clone();
        let d = apply(&mut w, Edit::Delete { key: Key::Task(a) }).unwrap();
        assert!(w.dependencies.is_empty());
        assert!(d.changed.contains(&Key::Dependency(Dependency {
            predecessor: a,
            successor: b
        })));
        apply(&mut w, d.inverse).unwrap();
        let mut restored = w.clone();
        restored.tasks.sort_by_key(|t| t.id);
        assert_eq!(restored, before);
    }

    #[test]
    fn an_initiative_with_tasks_cannot_be_deleted() {
        let mut w = wb();
        add(&mut w, "A");
        let err = apply(
            &mut w,
            Edit::Delete {
                key: Key::Initiative(1),
            },
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InUse);
        assert!(err.message.contains("削除できません"));
    }

    #[test]
    fn a_new_system_gets_one_step_per_template_step_and_b_pattern_skips_a_only_steps() {
        let mut w = wb();
        w.template = StepTemplate {
            name: "v1".into(),
            steps: (1..=3)
                .map(|n| TemplateStep {
                    id: n,
                    no: n as u32,
                    code: String::new(),
                    phase: "P".into(),
                    name: format!("S{n}"),
                    details: String::new(),
                    a_pattern_only: n == 2,
                    typical_months: None,
                })
                .collect(),
        };
        let sys = System {
            id: 0,
            name: "住民基本台帳".into(),
            group: SystemGroup::Separate,
            owner_units: vec![],
            vendor: String::new(),
            pattern: Some(Pattern::B),
            target_date: "2026-03-31".parse().unwrap(),
            specified: false,
            specified_reason: String::new(),
            specified_deadline: None,
            notes: String::new(),
            sort: 0,
        };
        let a = apply(
            &mut w,
            Edit::Put {
                entity: Entity::System(sys),
            },
        )
        .unwrap();
        assert_eq!(w.system_steps.len(), 3);
        assert_eq!(
            w.system_steps[1].status,
            StepStatus::NotApplicable,
            "RFP-like step is 対象外 for B"
        );
        assert!((w.completion_rate(1).unwrap() - 1.0 / 3.0).abs() < 1e-9);
        apply(&mut w, a.inverse).unwrap();
        assert!(
            w.system_steps.is_empty() && w.systems.is_empty(),
            "undo removes the system and its steps"
        );
    }

    #[test]
    fn a_template_that_drops_a_step_still_in_use_is_refused_and_undo_restores_the_old_one() {
        let mut w = wb();
        let step = |id: Id, name: &str| TemplateStep {
            id,
            no: id as u32,
            code: String::new(),
            phase: "P".into(),
            name: name.into(),
            details: String::new(),
            a_pattern_only: false,
            typical_months: None,
        };
        w.template = StepTemplate {
            name: "v1".into(),
            steps: vec![step(1, "S1"), step(2, "S2")],
        };
        w.system_steps.push(SystemStep {
            id: 1,
            system_id: 1,
            template_step_id: 2,
            plan: None,
            actual_start: None,
            actual_end: None,
            status: StepStatus::NotStarted,
            notes: String::new(),
        });
        let before = w.clone();
        let v2 = StepTemplate {
            name: "v2".into(),
            steps: vec![step(1, "S1"), step(3, "S3")],
        };
        let err = apply(
            &mut w,
            Edit::SetTemplate {
                template: v2.clone(),
            },
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InUse, "{}", err.message);
        assert_eq!(w, before, "nothing changed");
        w.system_steps.clear();
        let a = apply(
            &mut w,
            Edit::SetTemplate {
                template: v2.clone(),
            },
        )
        .unwrap();
        assert_eq!(w.template, v2);
        assert_eq!(a.changed, vec![Key::Template]);
        apply(&mut w, a.inverse).unwrap();
        assert_eq!(
            w.template, before.template,
            "undo brings the old template back"
        );
    }

    #[test]
    fn edits_round_trip_through_json() {
        let e = Edit::Batch {
            edits: vec![
                Edit::Put {
                    entity: Entity::Task(task("A")),
                },
                Edit::Delete { key: Key::Task(3) },
            ],
        };
        let s = serde_json::to_string(&e).unwrap();
        assert!(s.contains(r#""op":"batch""#), "{s}");
        assert_eq!(serde_json::from_str::<Edit>(&s).unwrap(), e);
    }
}

#[cfg(test)]
mod bulk_tests {
    use super::*;

    /// 20 people and a course; `n` enrolment puts (new), then puts of people; one batch.
    fn city() -> Workbook {
        let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
        w.people = (1..=20)
            .map(|i| Person {
                id: i,
                staff_no: Some(format!("{i:04}")),
                name: format!("職員{i}"),
                kana: String::new(),
                position: "主事".into(),
                unit_id: None,
                employment: Employment::Staff,
            })
            .collect();
        w.courses.push(Course {
            id: 1,
            provider: "市".into(),
            name: "DX基礎".into(),
            format: CourseFormat::OffJt,
            length: String::new(),
            days: None,
            month: Some(7),
            audience: String::new(),
            seats: None,
            fee_yen: None,
            skills: vec![],
        });
        w
    }

    fn enrolment(person: Id, year: i32) -> Edit {
        Edit::Put {
            entity: Entity::Enrolment(Enrolment {
                id: 0,
                person_id: person,
                course_id: 1,
                year: FiscalYear(year),
                month: Some(7),
                status: EnrolmentStatus::Planned,
                completed_on: None,
            }),
        }
    }

    fn edits() -> Vec<Edit> {
        let mut v: Vec<Edit> = (0..300)
            .map(|k| enrolment(1 + (k % 20), 2000 + (k / 20) as i32))
            .collect();
        // a changed person and a new one, in the same batch
        let mut p = city().people[3].clone();
        p.position = "係長".into();
        v.push(Edit::Put {
            entity: Entity::Person(p),
        });
        v.push(Edit::Put {
            entity: Entity::Person(Person {
                id: 0,
                staff_no: Some(" 9999 ".into()),
                name: " 新規　職員 ".into(),
                kana: String::new(),
                position: "主事".into(),
                unit_id: None,
                employment: Employment::Staff,
            }),
        });
        v
    }

    /// The edit-by-edit result, one `apply` per edit.
    fn one_by_one(w: &mut Workbook, edits: Vec<Edit>) -> Result<()> {
        for e in edits {
            apply(w, e)?;
        }
        Ok(())
    }

    #[test]
    fn a_long_batch_of_people_and_enrolments_ends_as_edit_by_edit_and_its_inverse_restores_it() {
        let mut bulk = city();
        let applied = apply(&mut bulk, Edit::Batch { edits: edits() }).unwrap();
        let mut single = city();
        one_by_one(&mut single, edits()).unwrap();
        assert_eq!(bulk, single, "same rows, same ids, same trimming");
        assert_eq!(applied.changed.len(), 302, "every row touched is named");
        assert_eq!(
            applied.new_id,
            Some(21),
            "the new person's id is the last new id"
        );
        apply(&mut bulk, applied.inverse).unwrap();
        assert_eq!(bulk, city(), "the inverse brings the workbook back");
    }

    #[test]
    fn a_long_batch_with_one_bad_edit_fails_with_that_edit_s_error_and_changes_nothing() {
        for bad in [
            enrolment(1, 2000),  // the same person, course and year as the first edit
            enrolment(99, 2030), // no such person
            Edit::Put {
                entity: Entity::Person(Person {
                    staff_no: Some("0005".into()),
                    ..city().people[0].clone()
                }),
            }, // 職員番号 of another person
        ] {
            let mut v = edits();
            v.insert(250, bad);
            let mut bulk = city();
            let err = apply(&mut bulk, Edit::Batch { edits: v.clone() }).unwrap_err();
            let mut single = city();
            let expected = one_by_one(&mut single, v).unwrap_err();
            assert_eq!(
                err.message, expected.message,
                "the same error as edit by edit"
            );
            assert_eq!(bulk, city(), "nothing changed");
        }
    }

    #[test]
    fn a_long_batch_of_deletes_takes_people_with_their_enrolments_and_undo_restores_them() {
        let mut w = city();
        apply(&mut w, Edit::Batch { edits: edits() }).unwrap();
        let before = w.clone();
        let mut dels: Vec<Edit> = w
            .enrolments
            .iter()
            .filter(|e| e.person_id != 2)
            .map(|e| Edit::Delete {
                key: Key::Enrolment(e.id),
            })
            .collect();
        dels.push(Edit::Delete {
            key: Key::Person(2),
        });
        let applied = apply(
            &mut w,
            Edit::Batch {
                edits: dels.clone(),
            },
        )
        .unwrap();
        let mut single = before.clone();
        one_by_one(&mut single, dels).unwrap();
        assert_eq!(w, single, "same as edit by edit");
        assert!(
            w.enrolments.is_empty(),
            "person 2's enrolments went with them"
        );
        apply(&mut w, applied.inverse).unwrap();
        let sorted = |mut x: Workbook| {
            x.enrolments.sort_by_key(|e| e.id);
            x.people.sort_by_key(|p| p.id);
            x
        };
        assert_eq!(sorted(w), sorted(before), "undo restores every row");
    }
}
