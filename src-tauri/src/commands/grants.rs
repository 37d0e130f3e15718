//! 補助金・財政措置 in the window: a claim (申請) of a system or an initiative under a programme, entered, replaced or
//! deleted with its 年度 and amounts as one undo step each, so what is left to claim per programme
//! (`query::cost::balances`) moves.

use dxplan::error::{Error, Result};
use dxplan::model::Id;
use dxplan::model::cost::{Funded, Grant, Unit};
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::query::cost::funded_name;
use serde::Deserialize;
use tauri::State;

use super::money::{amount, gone, year};
use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::{AppState, Session};

/// A claim of a system as the KPI screen's first form typed it (kept for `add_grant`).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct GrantForm {
    #[ts(type = "number")]
    pub programme_id: Id,
    #[ts(type = "number")]
    pub system_id: Id,
    pub year: String,
    pub unit: Unit,
    /// 申請額
    pub applied: String,
    /// 交付決定額
    pub decided: String,
    /// 実績額
    pub spent: String,
}

/// A claim as typed: id 0 for a new one, else the claim it replaces; for a system or an initiative; 年度 as
/// 令和8年度 / R8 / 2026; each amount with commas, full-width digits, in the chosen unit, or empty (not known yet).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ClaimForm {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub programme_id: Id,
    pub funded: Funded,
    pub year: String,
    pub unit: Unit,
    /// 申請額
    pub applied: String,
    /// 交付決定額
    pub decided: String,
    /// 実績額
    pub spent: String,
}

impl From<&GrantForm> for ClaimForm {
    fn from(f: &GrantForm) -> ClaimForm {
        ClaimForm {
            id: 0,
            programme_id: f.programme_id,
            funded: Funded::System(f.system_id),
            year: f.year.clone(),
            unit: f.unit,
            applied: f.applied.clone(),
            decided: f.decided.clone(),
            spent: f.spent.clone(),
        }
    }
}

/// The claim the form makes (its note kept when it replaces one). Errors name the field and change nothing; the
/// model then checks the 年度 against the plan and one claim per programme, 年度 and system or initiative.
pub fn grant_of(s: &Session, form: &ClaimForm) -> Result<Grant> {
    let old = match form.id {
        0 => None,
        id => Some(
            s.wb.money
                .grants
                .iter()
                .find(|g| g.id == id)
                .ok_or_else(|| gone("補助金の申請"))?,
        ),
    };
    let programme =
        s.wb.money
            .programme(form.programme_id)
            .ok_or_else(|| gone("制度"))?;
    let exists = match form.funded {
        Funded::System(id) => s.wb.system(id).is_some(),
        Funded::Initiative(id) => s.wb.initiative(id).is_some(),
    };
    if !exists {
        return Err(gone(match form.funded {
            Funded::System(_) => "業務",
            Funded::Initiative(_) => "取組事項",
        }));
    }
    let grant = Grant {
        id: form.id,
        programme_id: programme.id,
        funded: form.funded,
        year: year("year", &form.year)?,
        applied: amount("applied", "申請額", &form.applied, form.unit)?,
        decided: amount("decided", "交付決定額", &form.decided, form.unit)?,
        spent: amount("spent", "実績額", &form.spent, form.unit)?,
        note: old.map(|g| g.note.clone()).unwrap_or_default(),
    };
    if grant.applied.is_none() && grant.decided.is_none() && grant.spent.is_none() {
        return Err(Error::field(
            "applied",
            "申請額・交付決定額・実績額のどれかを入れてください。",
        ));
    }
    Ok(grant)
}

/// Puts a claim as one undoable edit.
fn put(s: &mut Session, form: &ClaimForm) -> Result<EditOutcome> {
    let grant = grant_of(s, form)?;
    let label = format!(
        "{}の補助金申請（{}）",
        funded_name(&s.wb, grant.funded),
        grant.year.label()
    );
    let a = s.apply(
        Edit::Put {
            entity: Entity::Grant(grant),
        },
        label,
    )?;
    Ok(EditOutcome {
        new_id: a.new_id,
        info: info(s),
    })
}

/// Adds a claim of a system under a programme (the KPI screen's first form; `set_grant` does more).
#[tauri::command]
pub fn add_grant(state: State<'_, AppState>, form: Arg<GrantForm>) -> Result<EditOutcome> {
    state.with(|s| put(s, &ClaimForm::from(&*form)))
}

/// Adds (id 0) or replaces a claim of a system or an initiative as one undoable edit.
#[tauri::command]
pub fn set_grant(state: State<'_, AppState>, form: Arg<ClaimForm>) -> Result<EditOutcome> {
    state.with(|s| put(s, &form))
}

/// Deletes a claim as one undoable edit.
#[tauri::command]
pub fn delete_grant(state: State<'_, AppState>, id: Arg<Id>) -> Result<EditOutcome> {
    state.with(|s| {
        let g =
            s.wb.money
                .grants
                .iter()
                .find(|g| g.id == *id)
                .ok_or_else(|| gone("補助金の申請"))?;
        let label = format!(
            "{}の補助金申請（{}）の削除",
            funded_name(&s.wb, g.funded),
            g.year.label()
        );
        s.apply(
            Edit::Delete {
                key: Key::Grant(*id),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: None,
            info: info(s),
        })
    })
}
