//! Deleting a row: what refuses a delete (rows that refer to it) and what goes with it (its KPIs, dependencies,
//! roles, enrolments, steps), all brought back by the inverse.

use super::*;
use crate::error::{Error, ErrorCode, Result};

fn in_use(what: &str, name: &str, by: &str) -> Error {
    Error::new(
        ErrorCode::InUse,
        format!(
            "{what}「{name}」は{by}から参照されているため削除できません。先にそちらを変更してください。"
        ),
    )
}

pub(super) fn delete(wb: &mut Workbook, key: Key) -> Result<Applied> {
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
            claims_refuse("取組事項", &r.name, wb, Funded::Initiative(id))?;
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
            restore.extend(budgets_gone(wb, Budgeted::Initiative(id), &mut changed));
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
            restore.extend(budgets_gone(wb, Budgeted::Task(id), &mut changed));
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
            if wb.actions.iter().any(|a| a.owner_unit == Some(id)) {
                return Err(in_use("組織", &name, "会議の宿題の担当"));
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
            let p = remove(&mut wb.people, id).ok_or_else(gone)?;
            restore.extend(person_restored(Some(p), roles, ens, &mut changed));
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
            let name = find(&wb.systems, id).ok_or_else(gone)?.name.clone();
            claims_refuse("業務", &name, wb, Funded::System(id))?;
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
            // its running costs and 稼働開始年度 are the system's: they go with it (and come back on undo)
            let money = &mut wb.money;
            let starts: Vec<ServiceStart> = money
                .service_starts
                .iter()
                .filter(|s| s.system_id == id)
                .cloned()
                .collect();
            let costs: Vec<RunningCost> = money
                .running_costs
                .iter()
                .filter(|r| r.system_id == id)
                .cloned()
                .collect();
            money.service_starts.retain(|s| s.system_id != id);
            money.running_costs.retain(|r| r.system_id != id);
            changed.extend(starts.iter().map(|s| Key::ServiceStart(s.id)));
            changed.extend(costs.iter().map(|r| Key::RunningCost(r.id)));
            restore.extend(starts.into_iter().map(|s| Edit::Put {
                entity: Entity::ServiceStart(s),
            }));
            restore.extend(costs.into_iter().map(|r| Edit::Put {
                entity: Entity::RunningCost(r),
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
        Key::RunningCost(id) => restore.push(Edit::Put {
            entity: Entity::RunningCost(remove(&mut wb.money.running_costs, id).ok_or_else(gone)?),
        }),
        Key::ServiceStart(id) => restore.push(Edit::Put {
            entity: Entity::ServiceStart(
                remove(&mut wb.money.service_starts, id).ok_or_else(gone)?,
            ),
        }),
        Key::Programme(id) => {
            let p = find(&wb.money.programmes, id).ok_or_else(gone)?;
            let n = wb
                .money
                .grants
                .iter()
                .filter(|g| g.programme_id == id)
                .count();
            if n > 0 {
                return Err(Error::new(
                    ErrorCode::InUse,
                    format!(
                        "制度「{}」には補助金の申請が{n}件あるため削除できません。先に申請を削除してください。",
                        p.name
                    ),
                ));
            }
            restore.push(Edit::Put {
                entity: Entity::Programme(remove(&mut wb.money.programmes, id).ok_or_else(gone)?),
            });
        }
        Key::Grant(id) => restore.push(Edit::Put {
            entity: Entity::Grant(remove(&mut wb.money.grants, id).ok_or_else(gone)?),
        }),
        Key::Budget(id) => restore.push(Edit::Put {
            entity: Entity::Budget(remove(&mut wb.money.budgets, id).ok_or_else(gone)?),
        }),
        Key::Progress(id) => restore.push(Edit::Put {
            entity: Entity::Progress(remove(&mut wb.progress, id).ok_or_else(gone)?),
        }),
        Key::Action(id) => restore.push(Edit::Put {
            entity: Entity::Action(remove(&mut wb.actions, id).ok_or_else(gone)?),
        }),
        Key::Inquiry(id) => restore.push(Edit::Put {
            entity: Entity::Inquiry(remove(&mut wb.inquiries, id).ok_or_else(gone)?),
        }),
    }
    // a 宿題 about a row that is gone keeps its words and becomes free-standing (undo attaches it again, after
    // the row is back)
    for a in wb.actions.iter_mut() {
        if let Some(row) = a.row
            && !super::check::row_exists_in(&wb.tasks, &wb.system_steps, &wb.procedures, row)
        {
            restore.push(Edit::Put {
                entity: Entity::Action(a.clone()),
            });
            a.row = None;
            changed.push(Key::Action(a.id));
        }
    }
    Ok(Applied {
        inverse: one_or_batch(restore),
        changed,
        new_id: None,
    })
}

/// A system or initiative with 補助金 claims is not deleted (the claims are the office's record of money
/// received): the claims must go first.
fn claims_refuse(what: &str, name: &str, wb: &Workbook, funded: Funded) -> Result<()> {
    let n = wb
        .money
        .grants
        .iter()
        .filter(|g| g.funded == funded)
        .count();
    if n == 0 {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InUse,
        format!(
            "この{what}「{name}」には補助金の申請が{n}件あるため削除できません。先に申請を削除してください。"
        ),
    ))
}

/// Removes the budget lines of a deleted initiative or task; returns the puts that restore them.
fn budgets_gone(wb: &mut Workbook, of: Budgeted, changed: &mut Vec<Key>) -> Vec<Edit> {
    let gone: Vec<Budget> = wb
        .money
        .budgets
        .iter()
        .filter(|b| b.budgeted == of)
        .cloned()
        .collect();
    wb.money.budgets.retain(|b| b.budgeted != of);
    changed.extend(gone.iter().map(|b| Key::Budget(b.id)));
    gone.into_iter()
        .map(|b| Edit::Put {
            entity: Entity::Budget(b),
        })
        .collect()
}

/// What brings a deleted person back: the person, then the roles and enrolments that went with them (named in
/// `changed` as well). Single deletes and the bulk path build it here.
pub(super) fn person_restored(
    person: Option<Person>,
    roles: Vec<RoleAssignment>,
    enrolments: Vec<Enrolment>,
    changed: &mut Vec<Key>,
) -> Vec<Edit> {
    changed.extend(roles.iter().map(|r| Key::Role(r.id)));
    changed.extend(enrolments.iter().map(|e| Key::Enrolment(e.id)));
    let person = person.map(|p| Edit::Put {
        entity: Entity::Person(p),
    });
    let roles = roles.into_iter().map(|r| Edit::Put {
        entity: Entity::Role(r),
    });
    let enrolments = enrolments.into_iter().map(|e| Edit::Put {
        entity: Entity::Enrolment(e),
    });
    person.into_iter().chain(roles).chain(enrolments).collect()
}

/// One edit as itself, several as a batch.
pub(super) fn one_or_batch(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch { edits }
    }
}
