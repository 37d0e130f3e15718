//! The commands the page calls, grouped by screen area. Each one is thin: parse the request, call the core or the
//! store, answer with a view value or a `dxplan::error::Error` (`{code, message, field}`, Japanese message).

pub mod action;
pub mod budgets;
pub mod chart;
pub mod cost;
pub mod data;
pub mod export;
pub mod grants;
pub mod import;
pub mod inquiry;
pub mod kpi;
pub mod money;
pub mod names;
pub mod org;
pub mod org_chart;
pub mod programmes;
pub mod review;
pub mod roadmap;
pub mod rollup;
pub mod schedule;
pub mod systems;
pub mod training;
pub mod workbook;

use chrono::NaiveDate;
use dxplan::error::{Error, Result};
use dxplan::model::{Id, UnitKind, Workbook};
use serde::Serialize;

/// A unit as other screens name it (select boxes, owner columns).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct UnitRef {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub kind: UnitKind,
    /// path from the top, e.g. 政策経営部 / DX推進課
    pub path: String,
}

pub fn unit_refs(wb: &Workbook) -> Vec<UnitRef> {
    let mut v: Vec<UnitRef> = wb
        .units
        .iter()
        .map(|u| UnitRef {
            id: u.id,
            name: u.name.clone(),
            kind: u.kind,
            path: dxplan::model::org::unit_path(&wb.units, u.id),
        })
        .collect();
    v.sort_by(|a, b| a.path.cmp(&b.path));
    v
}

/// Parses a date typed in the page (西暦 or 和暦); the error names the field.
pub fn date_arg(field: &str, label: &str, s: &str) -> Result<NaiveDate> {
    dxplan::calendar::parse_date(s).map_err(|e| Error::field(field, format!("{label}: {e}")))
}
