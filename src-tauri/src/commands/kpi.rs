//! KPI: the one-glance figures a 課長 asks for (完了率 against the plan, online procedures by 連携方式, training
//! coverage per 職位, late rows), computed in the core as of the workbook's date.

use dxplan::error::Result;
use dxplan::query::summary::Kpis;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn kpi_view(state: State<'_, AppState>) -> Result<Kpis> {
    state.with(|s| Ok(dxplan::query::summary::kpis(&s.wb, s.as_of)))
}
