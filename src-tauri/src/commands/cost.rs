//! 運用経費 in the window: the 削減率 against 平成30年度 with the 3割削減目標 state for 令和8年度 (the KPI card and
//! its bars, from `query::cost`) and the form that enters one system's amount for a 年度 and 区分 as one undo step.

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::Id;
use dxplan::model::cost::{
    BASELINE_YEAR, Basis, CostCategory, RunningCost, TARGET_YEAR, Unit, parse_amount, parse_year,
};
use dxplan::model::edit::{Edit, Entity};
use dxplan::query::cost::{CostReport, ProgrammeBalance, balances, reductions};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::{AppState, Session};

/// The card 「運用経費（平成30年度比）」: the 令和8年度 report against 平成30年度 and what is left of each 補助金.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CostView {
    /// 「平成30年度」
    pub baseline_year: String,
    /// 「令和8年度」
    pub target_year: String,
    pub report: CostReport,
    pub balances: Vec<ProgrammeBalance>,
}

#[tauri::command]
pub fn cost_view(state: State<'_, AppState>) -> Result<CostView> {
    state.with(|s| build(s))
}

/// The card's view of a session.
pub fn build(s: &Session) -> Result<CostView> {
    Ok(CostView {
        baseline_year: BASELINE_YEAR.label(),
        target_year: TARGET_YEAR.label(),
        report: reductions(&s.wb, &s.wb.money, TARGET_YEAR)?,
        balances: balances(&s.wb, &s.wb.money)?,
    })
}

/// One system's amount for one 年度 and 区分, as typed: 年度 as 令和8年度 / R8 / 2026, the amount with commas,
/// full-width digits or ▲, in the chosen unit.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CostForm {
    #[ts(type = "number")]
    pub system_id: Id,
    pub year: String,
    pub category: CostCategory,
    /// 計画額 (planned) or 実績額 (actual)
    pub basis: Basis,
    pub unit: Unit,
    pub amount: String,
}

/// The row the form makes: the existing (system, 年度, 区分) row with one amount replaced, or a new row (id 0).
/// Errors name the field (`year`, `amount`) and change nothing.
pub fn row_of(s: &Session, form: &CostForm) -> Result<RunningCost> {
    let system = s.wb.system(form.system_id).ok_or_else(|| {
        Error::new(
            ErrorCode::NotFound,
            "業務が見つかりません（削除されています）。",
        )
    })?;
    let year = parse_year(&form.year)?;
    let amount = parse_amount(&form.amount, form.unit)?;
    amount.check("amount", "金額")?;
    let old =
        s.wb.money
            .running_costs
            .iter()
            .find(|r| r.system_id == system.id && r.year == year && r.category == form.category);
    let mut row = old.cloned().unwrap_or(RunningCost {
        id: 0,
        system_id: system.id,
        year,
        category: form.category,
        planned: None,
        actual: None,
        note: String::new(),
    });
    match form.basis {
        Basis::Planned => row.planned = Some(amount),
        Basis::Actual => row.actual = Some(amount),
    }
    Ok(row)
}

/// Enters one system's 運用経費 for a 年度 and 区分 (the other amount of an existing row is kept) as one undoable
/// edit.
#[tauri::command]
pub fn set_running_cost(state: State<'_, AppState>, form: Arg<CostForm>) -> Result<EditOutcome> {
    state.with(|s| {
        let row = row_of(s, &form)?;
        let label = format!(
            "{}の{}経費（{}）",
            s.wb.system(row.system_id).map_or("", |x| x.name.as_str()),
            row.year.label(),
            row.category.label()
        );
        let a = s.apply(
            Edit::Put {
                entity: Entity::RunningCost(row),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}
