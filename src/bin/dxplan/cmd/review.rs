//! `dxplan summary` and `review`: the figures and the meeting review, as Japanese text or JSON.

use std::path::PathBuf;

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::store::Store;

use super::{clock_today, date, open};
use crate::report;

fn json<T: serde::Serialize>(v: &T) -> Result<()> {
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
    let today = date("today", &today)?;
    let next = date("next_meeting", &next_meeting)?;
    if next < today {
        return Err(Error::field(
            "next_meeting",
            "次回会議の日が基準日より前です。",
        ));
    }
    let wb = Store::open(&file)?.load_scope(dxplan::store::Scope::Schedule)?;
    let base = match &baseline {
        Some(name) => Some(wb.baseline_by_name(name).ok_or_else(|| {
            let names: Vec<&str> = wb.baselines.iter().map(|b| b.name.as_str()).collect();
            Error::new(
                ErrorCode::NotFound,
                format!(
                    "基準計画「{name}」がありません（あるもの: {}）。",
                    if names.is_empty() {
                        "なし".into()
                    } else {
                        names.join("、")
                    }
                ),
            )
        })?),
        None => None,
    };
    let r = dxplan::query::review::review(&wb, today, next, base);
    if as_json {
        json(&r)
    } else {
        {
            print!("{}", report::review(&wb, &r));
            Ok(())
        }
    }
}
