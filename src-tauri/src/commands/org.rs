//! 推進体制: the org tree (line units and cross-cutting bodies), people in roles, and the staff of one unit.

use std::collections::HashMap;

use dxplan::error::Result;
use dxplan::model::{Id, OrgUnit, Person, RoleAssignment};
use serde::Serialize;
use tauri::State;

use crate::args::Arg;

use crate::state::AppState;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoleView {
    pub assignment: RoleAssignment,
    pub person: Person,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct UnitCount {
    #[ts(type = "number")]
    pub unit_id: Id,
    pub people: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OrgView {
    pub units: Vec<OrgUnit>,
    pub roles: Vec<RoleView>,
    pub headcount: Vec<UnitCount>,
    pub people_total: u32,
    /// 外部人材 (特別職非常勤, 業務委託)
    pub external: Vec<Person>,
}

#[tauri::command]
pub fn org_view(state: State<'_, AppState>) -> Result<OrgView> {
    state.with(|s| {
        let wb = &s.wb;
        let mut units = wb.units.clone();
        units.sort_by_key(|u| (u.sort, u.id));
        let by_id: HashMap<Id, &Person> = wb.people.iter().map(|p| (p.id, p)).collect();
        let roles = wb
            .roles
            .iter()
            .filter_map(|r| {
                Some(RoleView {
                    assignment: r.clone(),
                    person: (*by_id.get(&r.person_id)?).clone(),
                })
            })
            .collect();
        let mut counts: HashMap<Id, u32> = HashMap::new();
        for p in &wb.people {
            if let Some(u) = p.unit_id {
                *counts.entry(u).or_default() += 1;
            }
        }
        let mut headcount: Vec<UnitCount> = counts
            .into_iter()
            .map(|(unit_id, people)| UnitCount { unit_id, people })
            .collect();
        headcount.sort_by_key(|c| c.unit_id);
        Ok(OrgView {
            units,
            roles,
            headcount,
            people_total: wb.people.len() as u32,
            external: wb
                .people
                .iter()
                .filter(|p| p.employment.is_external())
                .cloned()
                .collect(),
        })
    })
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PeoplePage {
    pub people: Vec<Person>,
    pub total: u32,
}

/// The staff of one unit, a page at a time (a large city has tens of thousands).
#[tauri::command]
pub fn unit_people(
    state: State<'_, AppState>,
    unit_id: Arg<Id>,
    offset: Arg<u32>,
    limit: Arg<u32>,
) -> Result<PeoplePage> {
    let (unit_id, offset, limit) = (*unit_id, *offset, *limit);
    state.with(|s| {
        let all: Vec<&Person> =
            s.wb.people
                .iter()
                .filter(|p| p.unit_id == Some(unit_id))
                .collect();
        Ok(PeoplePage {
            total: all.len() as u32,
            people: all
                .into_iter()
                .skip(offset as usize)
                .take(limit.min(500) as usize)
                .cloned()
                .collect(),
        })
    })
}
