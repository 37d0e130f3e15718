//! Long batches of people and enrolments (a staff list or training records imported, and the undo of that)
//! applied with indexes built once. Same rule functions as single edits (`check::person`, `check::enrolment`),
//! same ids, same errors, all or nothing.

use std::collections::{HashMap, HashSet};

use super::check;
use super::delete::{one_or_batch, person_restored};
use super::*;
use crate::calendar::FiscalYear;
use crate::error::Result;

/// A batch at least this long that only puts people and enrolments (an import of a staff list or of training
/// records), or only deletes them (its undo), is applied with indexes built once: linear in the batch and the
/// tables instead of one scan of a 500,000-row table per edit. Same checks, same ids, same errors, all or nothing.
pub(super) const BULK_FROM: usize = 256;

pub(super) fn bulk_put_row(e: &Edit) -> bool {
    matches!(
        e,
        Edit::Put {
            entity: Entity::Person(_) | Entity::Enrolment(_)
        }
    )
}

pub(super) fn bulk_delete_key(e: &Edit) -> bool {
    matches!(
        e,
        Edit::Delete {
            key: Key::Person(_) | Key::Enrolment(_)
        }
    )
}

type EnrolmentKey = (Id, Id, FiscalYear);

/// Where the people and enrolments are, and which 職員番号 and (person, course, year) are taken.
pub(super) struct BulkIndex {
    person_pos: HashMap<Id, usize>,
    staff_no: HashMap<String, Id>,
    next_person: Id,
    enrolment_pos: HashMap<Id, usize>,
    enrolment_key: HashMap<EnrolmentKey, Id>,
    next_enrolment: Id,
}

impl BulkIndex {
    /// None when the tables already break a uniqueness rule (the edit-by-edit path reports that exactly).
    pub(super) fn new(wb: &Workbook) -> Option<BulkIndex> {
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
pub(super) fn bulk_put(wb: &mut Workbook, ix: &mut BulkIndex, edits: Vec<Edit>) -> Result<Applied> {
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
            let pos = ix.person_pos.get(&r.id).copied();
            let old_no = pos.and_then(|i| wb.people[i].staff_no.clone());
            check::person(wb, &r, old_no.as_deref(), |no| {
                ix.staff_no.get(no).is_some_and(|o| *o != r.id)
            })?;
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
            let k = (r.person_id, r.course_id, r.year);
            check::enrolment(
                wb,
                &r,
                |id| ix.person_pos.contains_key(&id),
                || ix.enrolment_key.get(&k).is_some_and(|o| *o != r.id),
            )?;
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
pub(super) fn bulk_delete(wb: &mut Workbook, edits: &[Edit]) -> Option<Result<Applied>> {
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
                let restore = person_restored(person.remove(&id), roles, ens, &mut changed);
                inverses.push(one_or_batch(restore));
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
