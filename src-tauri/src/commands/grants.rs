//! 補助金・財政措置 in the window: a claim (申請) of a system under a programme, entered with its 年度 and amounts as
//! one undo step, so the KPI screen's list of what is left to claim per programme (`query::cost::balances`) moves.

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::Id;
use dxplan::model::cost::{Funded, Grant, Unit, Yen, parse_amount, parse_year};
use dxplan::model::edit::{Edit, Entity};
use serde::Deserialize;
use tauri::State;

use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::{AppState, Session};

/// A claim as typed: 年度 as 令和8年度 / R8 / 2026; each amount with commas, full-width digits, in the chosen unit,
/// or empty (not known yet).
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

/// An amount field: empty is none; else an amount in `unit`, neither negative nor absurd, refused at `field`.
fn amount(field: &str, label: &str, text: &str, unit: Unit) -> Result<Option<Yen>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let y = parse_amount(text, unit)
        .map_err(|e| Error::field(field, e.message.replacen("金額", label, 1)))?;
    y.check(field, label)?;
    Ok(Some(y))
}

/// The new claim the form makes (id 0). Errors name the field and change nothing.
pub fn grant_of(s: &Session, form: &GrantForm) -> Result<Grant> {
    let gone = |what: &str| {
        Error::new(
            ErrorCode::NotFound,
            format!("{what}が見つかりません（削除されています）。"),
        )
    };
    let programme =
        s.wb.money
            .programmes
            .iter()
            .find(|p| p.id == form.programme_id)
            .ok_or_else(|| gone("制度"))?;
    let system = s.wb.system(form.system_id).ok_or_else(|| gone("業務"))?;
    let year = parse_year(&form.year)?;
    let grant = Grant {
        id: 0,
        programme_id: programme.id,
        funded: Funded::System(system.id),
        year,
        applied: amount("applied", "申請額", &form.applied, form.unit)?,
        decided: amount("decided", "交付決定額", &form.decided, form.unit)?,
        spent: amount("spent", "実績額", &form.spent, form.unit)?,
        note: String::new(),
    };
    if grant.applied.is_none() && grant.decided.is_none() && grant.spent.is_none() {
        return Err(Error::field(
            "applied",
            "申請額・交付決定額・実績額のどれかを入れてください。",
        ));
    }
    Ok(grant)
}

/// Adds a claim of a system under a programme as one undoable edit (the model checks the 年度 against the plan).
#[tauri::command]
pub fn add_grant(state: State<'_, AppState>, form: Arg<GrantForm>) -> Result<EditOutcome> {
    state.with(|s| {
        let grant = grant_of(s, &form)?;
        let label = format!(
            "{}の補助金申請（{}）",
            s.wb.system(form.system_id).map_or("", |x| x.name.as_str()),
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
    })
}
