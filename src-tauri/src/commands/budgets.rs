//! 予算 in the window: one 年度's 予算額 and 執行額 of an initiative or a task, entered, replaced or deleted as one
//! undo step each, so step ⑧ 予算要求 has figures behind it (`query::cost::budget_by_year`).

use dxplan::error::{Error, Result};
use dxplan::model::Id;
use dxplan::model::cost::{Budget, Budgeted, Unit};
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::query::cost::budgeted_name;
use serde::Deserialize;
use tauri::State;

use super::money::{amount, gone, year};
use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::{AppState, Session};

/// A budget line as typed: id 0 for a new one; 年度 as 令和8年度 / R8 / 2026; 予算額 required, 執行額 empty until
/// known, both in the chosen unit.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct BudgetForm {
    #[ts(type = "number")]
    pub id: Id,
    pub budgeted: Budgeted,
    pub year: String,
    pub unit: Unit,
    /// 予算額
    pub planned: String,
    /// 執行額
    pub executed: String,
}

/// The line the form makes (its note kept when it replaces one). Errors name the field; the model then checks
/// the 年度 against the plan and one line per 年度 for one initiative or task.
pub fn budget_of(s: &Session, form: &BudgetForm) -> Result<Budget> {
    let old = match form.id {
        0 => None,
        id => Some(
            s.wb.money
                .budgets
                .iter()
                .find(|b| b.id == id)
                .ok_or_else(|| gone("予算"))?,
        ),
    };
    if budgeted_name(&s.wb, form.budgeted).is_none() {
        return Err(gone(match form.budgeted {
            Budgeted::Initiative(_) => "取組事項",
            Budgeted::Task(_) => "取組内容",
        }));
    }
    let year = year("year", &form.year)?;
    let planned = amount("planned", "予算額", &form.planned, form.unit)?
        .ok_or_else(|| Error::field("planned", "予算額を入れてください。"))?;
    Ok(Budget {
        id: form.id,
        budgeted: form.budgeted,
        year,
        planned,
        executed: amount("executed", "執行額", &form.executed, form.unit)?,
        note: old.map(|b| b.note.clone()).unwrap_or_default(),
    })
}

/// Adds (id 0) or replaces a budget line as one undoable edit.
#[tauri::command]
pub fn set_budget(state: State<'_, AppState>, form: Arg<BudgetForm>) -> Result<EditOutcome> {
    state.with(|s| {
        let b = budget_of(s, &form)?;
        let label = format!(
            "{}の{}予算",
            budgeted_name(&s.wb, b.budgeted).unwrap_or_default(),
            b.year.label()
        );
        let a = s.apply(
            Edit::Put {
                entity: Entity::Budget(b),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

/// Deletes a budget line as one undoable edit.
#[tauri::command]
pub fn delete_budget(state: State<'_, AppState>, id: Arg<Id>) -> Result<EditOutcome> {
    state.with(|s| {
        let b =
            s.wb.money
                .budgets
                .iter()
                .find(|b| b.id == *id)
                .ok_or_else(|| gone("予算"))?;
        let label = format!(
            "{}の{}予算の削除",
            budgeted_name(&s.wb, b.budgeted).unwrap_or_default(),
            b.year.label()
        );
        s.apply(
            Edit::Delete {
                key: Key::Budget(*id),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: None,
            info: info(s),
        })
    })
}
