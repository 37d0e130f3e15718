//! 標準化・オンライン化: the board of systems × template steps with 完了率 per system, and the procedures list.

use chrono::NaiveDate;
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::schedule::is_overdue;
use dxplan::model::systems::StepDates;
use dxplan::model::{
    Id, LinkMethod, Procedure, Status, StepStatus, StepTemplate, System, SystemStep,
};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::workbook::{EditOutcome, info};
use super::{UnitRef, date_arg, unit_refs};
use crate::args::Arg;
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
pub struct SystemsView {
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
pub fn systems_view(state: State<'_, AppState>) -> Result<SystemsView> {
    let view = state.with(|s| Ok(build(s)));
    crate::mark_interactive();
    view
}

/// The board's view of a session.
pub fn build(s: &Session) -> SystemsView {
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
                    st.system_id == x.id && is_overdue(st.status.is_complete(), st.plan, s.as_of)
                })
                .count() as u32,
            system: x.clone(),
        })
        .collect();
    let mut procedures = wb.procedures.clone();
    procedures.sort_by_key(|p| (p.no, p.id));
    let overall = dxplan::model::systems::completion_rate(wb.system_steps.iter().map(|x| x.status))
        .map(percent);
    SystemsView {
        template: wb.template.clone(),
        systems,
        steps: wb.system_steps.clone(),
        procedures,
        units: unit_refs(wb),
        overall,
        as_of: s.as_of,
    }
}

/// A date typed in a form: empty is "no date", anything else must parse (西暦 or 和暦); the error names the field.
fn optional_date(field: &str, label: &str, s: &str) -> Result<Option<NaiveDate>> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        date_arg(field, label, s).map(Some)
    }
}

/// The board's step panel: status and the four dates as typed (西暦 or 和暦, empty = none).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct StepForm {
    #[ts(type = "number")]
    pub step_id: Id,
    pub status: StepStatus,
    pub plan_start: String,
    pub plan_end: String,
    pub actual_start: String,
    pub actual_end: String,
}

/// Saves a step's status and dates as one undoable edit; errors name the input (`plan_start` … `actual_end`).
#[tauri::command]
pub fn update_step(state: State<'_, AppState>, form: Arg<StepForm>) -> Result<EditOutcome> {
    state.with(|s| {
        let step =
            s.wb.system_steps
                .iter()
                .find(|x| x.id == form.step_id)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::NotFound,
                        "作業が見つかりません（削除されています）。",
                    )
                })?;
        let dates = StepDates {
            plan_start: optional_date("plan_start", "計画開始日", &form.plan_start)?,
            plan_end: optional_date("plan_end", "計画終了日", &form.plan_end)?,
            actual_start: optional_date("actual_start", "実績開始日", &form.actual_start)?,
            actual_end: optional_date("actual_end", "実績終了日", &form.actual_end)?,
        };
        let row = SystemStep {
            status: form.status,
            ..dates.apply_to(step)?
        };
        let label = format!(
            "{}「{}」の状態・日付",
            s.wb.system(row.system_id).map_or("", |x| x.name.as_str()),
            s.wb.template_step(row.template_step_id)
                .map_or("", |t| t.name.as_str())
        );
        let a = s.apply(
            Edit::Put {
                entity: Entity::Step(row),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

/// A row of the procedures list: 所管課, 連携方式, status, 対象外理由 and 目標時期 (typed, 西暦 or 和暦).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ProcedureForm {
    #[ts(type = "number")]
    pub procedure_id: Id,
    #[ts(type = "number | null")]
    pub owner_unit: Option<Id>,
    pub link_method: Option<LinkMethod>,
    pub status: Status,
    pub excluded_reason: String,
    pub target_date: String,
}

/// Saves a procedure's row as one undoable edit; errors name the input.
#[tauri::command]
pub fn update_procedure(
    state: State<'_, AppState>,
    form: Arg<ProcedureForm>,
) -> Result<EditOutcome> {
    state.with(|s| {
        let p =
            s.wb.procedures
                .iter()
                .find(|x| x.id == form.procedure_id)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::NotFound,
                        "手続が見つかりません（削除されています）。",
                    )
                })?;
        let row = Procedure {
            owner_unit: form.owner_unit,
            link_method: form.link_method,
            status: form.status,
            excluded_reason: form.excluded_reason.clone(),
            target_date: optional_date("target_date", "目標時期", &form.target_date)?,
            ..p.clone()
        };
        let label = format!("手続{}「{}」", row.no, row.name);
        let a = s.apply(
            Edit::Put {
                entity: Entity::Procedure(row),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}
