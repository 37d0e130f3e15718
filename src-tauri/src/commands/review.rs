//! 会議: the review for a meeting date against a baseline — late, slipped and due rows, counted by owner.

use chrono::{Days, NaiveDate};
use dxplan::error::Result;
use dxplan::model::Id;
use dxplan::query::review::{Request, Review};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::args::Arg;

use crate::state::{AppState, Session};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BaselineRef {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub taken_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReviewDefaults {
    pub today: NaiveDate,
    pub next_meeting: NaiveDate,
    /// newest first
    pub baselines: Vec<BaselineRef>,
}

#[tauri::command]
pub fn review_defaults(state: State<'_, AppState>) -> Result<ReviewDefaults> {
    state.with(|s| {
        let mut baselines: Vec<BaselineRef> =
            s.wb.baselines
                .iter()
                .map(|b| BaselineRef {
                    id: b.id,
                    name: b.name.clone(),
                    taken_on: b.taken_on,
                })
                .collect();
        baselines.sort_by(|a, b| b.taken_on.cmp(&a.taken_on).then(b.id.cmp(&a.id)));
        Ok(ReviewDefaults {
            today: s.as_of,
            next_meeting: s.as_of.checked_add_days(Days::new(28)).unwrap_or(s.as_of),
            baselines,
        })
    })
}

/// The meeting's inputs as the page has them (dates as typed).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ReviewArgs {
    pub today: String,
    pub next_meeting: String,
    pub baseline: Option<String>,
}

/// Runs the review. Dates may be typed as 2025-11-20, 令和7年11月20日 or R7.11.20.
#[tauri::command]
pub fn run_review(state: State<'_, AppState>, args: Arg<ReviewArgs>) -> Result<Review> {
    state.with(|s| compute(s, &args))
}

pub fn compute(s: &Session, args: &ReviewArgs) -> Result<Review> {
    let request = Request::parse(
        &args.today,
        &args.next_meeting,
        args.baseline.as_deref(),
        &s.wb,
    )?;
    Ok(request.review(&s.wb))
}
