//! `dxplan summary` and `review`: the figures and the meeting review, as Japanese text or JSON.

use std::path::PathBuf;

use dxplan::error::{Error, Result};
use dxplan::query::review::Request;
use dxplan::store::Store;

use super::{clock_today, date, open};
use crate::report;

pub(super) fn json<T: serde::Serialize>(v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::internal(e.to_string()))?;
    println!("{s}");
    Ok(())
}

/// `dxplan summary`: per-area figures, 完了率 per system, late rows.
pub fn summary(file: PathBuf, today: Option<String>, as_json: bool) -> Result<()> {
    let today = match today {
        Some(t) => date("today", &t)?,
        None => clock_today(),
    };
    let (_, wb) = open(&file)?;
    let s = dxplan::query::summary::summarize(&wb, today);
    if as_json {
        json(&s)
    } else {
        {
            print!("{}", report::summary(&s));
            Ok(())
        }
    }
}

/// `dxplan review`: late rows, drift from a baseline and what falls due before the next meeting, per owner.
pub fn review(
    file: PathBuf,
    today: String,
    next_meeting: String,
    baseline: Option<String>,
    as_json: bool,
) -> Result<()> {
    let wb = Store::open(&file)?.load_scope(dxplan::store::Scope::Schedule)?;
    let request = Request::parse(&today, &next_meeting, baseline.as_deref(), &wb)?;
    let r = request.review(&wb);
    if as_json {
        json(&r)
    } else {
        {
            print!("{}", report::review(&wb, &r));
            Ok(())
        }
    }
}
