//! 補助金・財政措置の制度 in the window: a programme of the user's own (or a national one's 上限額 and end) entered
//! or replaced with its rate typed as 1/2, 0.5, 10/10 or 50 %, and deleted while no claim uses it, one undo step
//! each.

use dxplan::error::{Error, Result};
use dxplan::model::Id;
use dxplan::model::cost::{Programme, ProgrammeKind, Rate, Unit};
use dxplan::model::edit::{Edit, Entity, Key};
use serde::Deserialize;
use tauri::State;

use super::money::{amount, gone, year};
use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::{AppState, Session};

/// A programme as typed: id 0 for a new one; 補助率 as `1/2`, `0.5`, `10/10`, `50%`; 上限額 in the chosen unit
/// or empty (no cap); 終了年度 as 令和8年度 / R8 / 2026 or empty (no end announced).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ProgrammeForm {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub kind: ProgrammeKind,
    pub rate: String,
    pub unit: Unit,
    /// 上限額
    pub cap: String,
    /// 終了年度
    pub last_year: String,
}

/// The 年度 a programme can end in: 平成元年度 to 2100年度 (a typo such as 20255 is refused, not stored).
const LAST_YEARS: std::ops::RangeInclusive<i32> = 1989..=2100;

/// The programme the form makes (its 開始年度 and 対象経費 kept when it replaces one). Errors name the field.
pub fn programme_of(s: &Session, form: &ProgrammeForm) -> Result<Programme> {
    let old = match form.id {
        0 => None,
        id => Some(s.wb.money.programme(id).ok_or_else(|| gone("制度"))?),
    };
    let rate = Rate::parse(&form.rate).map_err(|e| Error::field("rate", e.message))?;
    let last_year = match form.last_year.trim() {
        "" => None,
        t => {
            let y = year("last_year", t)?;
            if !LAST_YEARS.contains(&y.0) {
                return Err(Error::field(
                    "last_year",
                    format!("終了年度「{t}」は平成元年度から2100年度までで入れてください。"),
                ));
            }
            Some(y)
        }
    };
    Ok(Programme {
        id: form.id,
        name: form.name.trim().to_string(),
        kind: form.kind,
        rate,
        first_year: old.and_then(|p| p.first_year),
        last_year,
        cap: amount("cap", "上限額", &form.cap, form.unit)?,
        scope: old.map(|p| p.scope.clone()).unwrap_or_default(),
    })
}

/// Adds (id 0) or replaces a programme as one undoable edit (the model refuses a name already used).
#[tauri::command]
pub fn set_programme(state: State<'_, AppState>, form: Arg<ProgrammeForm>) -> Result<EditOutcome> {
    state.with(|s| {
        let p = programme_of(s, &form)?;
        let label = format!("制度「{}」", p.name);
        let a = s.apply(
            Edit::Put {
                entity: Entity::Programme(p),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

/// Deletes a programme as one undoable edit; the model refuses while a claim uses it, naming how many.
#[tauri::command]
pub fn delete_programme(state: State<'_, AppState>, id: Arg<Id>) -> Result<EditOutcome> {
    state.with(|s| {
        let p = s.wb.money.programme(*id).ok_or_else(|| gone("制度"))?;
        let label = format!("制度「{}」の削除", p.name);
        s.apply(
            Edit::Delete {
                key: Key::Programme(*id),
            },
            label,
        )?;
        Ok(EditOutcome {
            new_id: None,
            info: info(s),
        })
    })
}
