//! 標準化・オンライン化: the board of systems × template steps with 完了率 per system, and the procedures list.

use chrono::NaiveDate;
use dxplan::error::Result;
use dxplan::model::{Procedure, StepTemplate, System, SystemStep};
use serde::Serialize;
use tauri::State;

use super::{UnitRef, unit_refs};
use crate::state::{AppState, Session};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SystemView {
    pub system: System,
    /// 所管課, joined with ・
    pub owner: String,
    /// 完了率 in percent, one decimal (None: the system has no steps)
    pub completion: Option<f64>,
    /// 移行期限 (the 特定移行支援 deadline when the system has one)
    pub deadline: NaiveDate,
    /// open steps whose planned end has passed
    pub late_steps: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MigrationView {
    pub template: StepTemplate,
    pub systems: Vec<SystemView>,
    pub steps: Vec<SystemStep>,
    pub procedures: Vec<Procedure>,
    pub units: Vec<UnitRef>,
    /// 完了率 over every step of every system, in percent
    pub overall: Option<f64>,
    pub as_of: NaiveDate,
}

fn percent(r: f64) -> f64 {
    (r * 1000.0).round() / 10.0
}

#[tauri::command]
pub fn migration_view(state: State<'_, AppState>) -> Result<MigrationView> {
    let view = state.with(|s| Ok(build(s)));
    crate::mark_interactive();
    view
}

/// The board's view of a session.
pub fn build(s: &Session) -> MigrationView {
    let wb = &s.wb;
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|x| (x.sort, x.id));
    let systems = systems
        .into_iter()
        .map(|x| SystemView {
            owner: x
                .owner_units
                .iter()
                .map(|u| wb.unit_name(Some(*u)))
                .collect::<Vec<_>>()
                .join("・"),
            completion: wb.completion_rate(x.id).map(percent),
            deadline: x.deadline(),
            late_steps: wb
                .system_steps
                .iter()
                .filter(|st| {
                    st.system_id == x.id
                        && !st.status.is_complete()
                        && st.plan.is_some_and(|p| p.end < s.as_of)
                })
                .count() as u32,
            system: x.clone(),
        })
        .collect();
    let mut procedures = wb.procedures.clone();
    procedures.sort_by_key(|p| (p.no, p.id));
    let overall =
        dxplan::model::migration::completion_rate(wb.system_steps.iter().map(|x| x.status))
            .map(percent);
    MigrationView {
        template: wb.template.clone(),
        systems,
        steps: wb.system_steps.clone(),
        procedures,
        units: unit_refs(wb),
        overall,
        as_of: s.as_of,
    }
}
