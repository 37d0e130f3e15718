//! Edits: every change a user makes, as a value. `apply` validates it against the whole workbook, applies it,
//! and returns its inverse (for undo) and the rows it touched (so the store persists exactly those).
//!
//! Rooms: the edit values, row lookup and `apply` here; `check` holds the rules a row must keep in the context
//! of the workbook (one home: the bulk path calls the same rule functions); `delete` what a delete takes with it;
//! `bulk` the indexed path for long batches of people and enrolments (imports and their undo).

mod bulk;
mod check;
mod delete;
mod plan;

#[cfg(test)]
mod bulk_tests;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::roadmap::check_acyclic;
use super::*;
use crate::error::{Error, ErrorCode, Result};
use bulk::{BULK_FROM, BulkIndex, bulk_delete, bulk_delete_key, bulk_put, bulk_put_row};
use check::check;
use delete::delete;

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
    RunningCost(RunningCost),
    ServiceStart(ServiceStart),
    Programme(Programme),
    Grant(Grant),
    Budget(Budget),
    Progress(ProgressEntry),
    Action(ActionItem),
    Inquiry(Inquiry),
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
    RunningCost(Id),
    ServiceStart(Id),
    Programme(Id),
    Grant(Id),
    Budget(Id),
    Progress(Id),
    Action(Id),
    Inquiry(Id),
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
    /// Gives a baseline a new name (its dates are kept); the inverse gives the old name back.
    RenameBaseline {
        id: Id,
        name: String,
    },
    /// Puts a year's amounts for many systems at once (the finance import): replaces the rows with the same
    /// (system, 年度, category), adds the others, all or nothing. Inverse: a batch restoring the replaced rows and
    /// deleting the added ones.
    SetRunningCosts {
        rows: Vec<RunningCost>,
    },
    /// The edit, with the progress it makes recorded as effective on `on` (`progress::entries_for`): the
    /// entries are part of the applied edit, so the store writes them in its transaction and undo removes them.
    Dated {
        on: NaiveDate,
        edit: Box<Edit>,
    },
    /// Changes only the planned dates of a task (`Key::Task`) or a 標準化 step (`Key::Step`): a bar dragged or
    /// resized on a chart. The inverse puts the old plan back.
    SetPlan {
        key: Key,
        plan: Option<Span>,
    },
    /// Gives the dependency between the same two tasks the lag of `dependency`; the inverse gives the old lag back.
    SetLag {
        dependency: Dependency,
    },
}

impl Edit {
    /// The edit recorded as effective on `on`; an edit that already names its date keeps it.
    pub fn dated(self, on: NaiveDate) -> Edit {
        match self {
            Edit::Dated { .. } => self,
            e => Edit::Dated {
                on,
                edit: Box::new(e),
            },
        }
    }
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
    Baseline,
    RunningCost,
    ServiceStart,
    Programme,
    Grant,
    Budget,
    ProgressEntry,
    ActionItem,
    Inquiry
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
            Entity::RunningCost(r) => Key::RunningCost(r.id),
            Entity::ServiceStart(r) => Key::ServiceStart(r.id),
            Entity::Programme(r) => Key::Programme(r.id),
            Entity::Grant(r) => Key::Grant(r.id),
            Entity::Budget(r) => Key::Budget(r.id),
            Entity::Progress(r) => Key::Progress(r.id),
            Entity::Action(r) => Key::Action(r.id),
            Entity::Inquiry(r) => Key::Inquiry(r.id),
        }
    }
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
        Entity::RunningCost(r) => upsert(&mut wb.money.running_costs, r).map(Entity::RunningCost),
        Entity::ServiceStart(r) => {
            upsert(&mut wb.money.service_starts, r).map(Entity::ServiceStart)
        }
        Entity::Programme(r) => upsert(&mut wb.money.programmes, r).map(Entity::Programme),
        Entity::Grant(r) => upsert(&mut wb.money.grants, r).map(Entity::Grant),
        Entity::Budget(r) => upsert(&mut wb.money.budgets, r).map(Entity::Budget),
        Entity::Progress(r) => upsert(&mut wb.progress, r).map(Entity::Progress),
        Entity::Action(r) => upsert(&mut wb.actions, r).map(Entity::Action),
        Entity::Inquiry(r) => upsert(&mut wb.inquiries, r).map(Entity::Inquiry),
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
        Entity::RunningCost(r) => fresh!(r, wb.money.running_costs),
        Entity::ServiceStart(r) => fresh!(r, wb.money.service_starts),
        Entity::Programme(r) => {
            fresh!(r, wb.money.programmes);
            r.name = r.name.trim().into()
        }
        Entity::Grant(r) => fresh!(r, wb.money.grants),
        Entity::Budget(r) => fresh!(r, wb.money.budgets),
        Entity::Progress(r) => fresh!(r, wb.progress),
        Entity::Action(r) => {
            fresh!(r, wb.actions);
            r.text = r.text.trim().into()
        }
        Entity::Inquiry(r) => {
            fresh!(r, wb.inquiries);
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
            dependency.validate()?;
            if wb.dependencies.iter().any(|d| d.same_pair(&dependency)) {
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
            // the pair names the dependency; the inverse brings it back with the lag it had
            let i = wb
                .dependencies
                .iter()
                .position(|d| d.same_pair(&dependency))
                .ok_or_else(|| Error::new(ErrorCode::NotFound, "その前後関係はありません。"))?;
            let removed = wb.dependencies.remove(i);
            Ok(Applied {
                inverse: Edit::Link {
                    dependency: removed,
                },
                changed: vec![Key::Dependency(removed)],
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
        Edit::SetRunningCosts { rows } => apply(wb, running_costs_batch(wb, rows)),
        Edit::Dated { on, edit } => {
            let inner = apply(wb, *edit)?;
            let entries = super::progress::entries_for(wb, &inner.changed, on);
            if entries.is_empty() {
                return Ok(inner);
            }
            let mut changed = inner.changed;
            let mut undo: Vec<Edit> = Vec::with_capacity(entries.len() + 1);
            for e in entries {
                let key = Key::Progress(e.id);
                changed.push(key);
                undo.push(Edit::Delete { key });
                wb.progress.push(e);
            }
            undo.push(inner.inverse);
            Ok(Applied {
                inverse: Edit::Batch { edits: undo },
                changed,
                new_id: inner.new_id,
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
        Edit::RenameBaseline { id, name } => rename_baseline(wb, id, &name),
        Edit::SetPlan { key, plan } => plan::set_plan(wb, key, plan),
        Edit::SetLag { dependency } => set_lag(wb, dependency),
    }
}

/// Changes the lag of an existing dependency (the pair stays).
fn set_lag(wb: &mut Workbook, dependency: Dependency) -> Result<Applied> {
    dependency.validate()?;
    let d = wb
        .dependencies
        .iter_mut()
        .find(|d| d.same_pair(&dependency))
        .ok_or_else(|| Error::new(ErrorCode::NotFound, "その前後関係はありません。"))?;
    let old = std::mem::replace(d, dependency);
    Ok(Applied {
        inverse: Edit::SetLag { dependency: old },
        changed: vec![Key::Dependency(dependency)],
        new_id: None,
    })
}

/// The puts a `SetRunningCosts` stands for: a row whose (system, 年度, category) is already there takes that
/// row's id (a replace), the others id 0 (an add). Two rows of the list with the same key both become adds, so
/// the second is refused as a duplicate and the whole list with it.
fn running_costs_batch(wb: &Workbook, rows: Vec<RunningCost>) -> Edit {
    let edits = rows
        .into_iter()
        .map(|mut r| {
            r.id = wb
                .money
                .running_costs
                .iter()
                .find(|o| {
                    o.system_id == r.system_id && o.year == r.year && o.category == r.category
                })
                .map_or(0, |o| o.id);
            Edit::Put {
                entity: Entity::RunningCost(r),
            }
        })
        .collect();
    Edit::Batch { edits }
}

/// Renames a baseline under the same rules as taking one (a clean name no other baseline has).
fn rename_baseline(wb: &mut Workbook, id: Id, name: &str) -> Result<Applied> {
    let name = clean_name("name", "基準計画名", name)?;
    if wb.baselines.iter().any(|b| b.name == name && b.id != id) {
        return Err(Error::duplicate("基準計画", &name).with_field("name"));
    }
    let i = position(&wb.baselines, id).ok_or_else(|| Error::not_found("基準計画", id))?;
    let old = std::mem::replace(&mut wb.baselines[i].name, name);
    Ok(Applied {
        inverse: Edit::RenameBaseline { id, name: old },
        changed: vec![Key::Baseline(id)],
        new_id: None,
    })
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
        | Key::Baseline(i)
        | Key::RunningCost(i)
        | Key::ServiceStart(i)
        | Key::Programme(i)
        | Key::Grant(i)
        | Key::Budget(i) => i,
        Key::Progress(i) => i,
        Key::Action(i) => i,
        Key::Inquiry(i) => i,
    }
}

/// Ids of the keys an edit touched, deduplicated, in first-touched order.
pub fn dedup_keys(keys: &[Key]) -> Vec<Key> {
    let mut seen = rustc_hash::FxHashSet::default();
    seen.reserve(keys.len());
    keys.iter().copied().filter(|k| seen.insert(*k)).collect()
}
