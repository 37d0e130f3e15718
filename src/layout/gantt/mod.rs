//! Gantt chart layout: rows of a 工程表 against a 年度 time axis, tiled across pages
//! (rows downwards with the headers repeated, long periods sideways with the table
//! columns repeated). Dates map linearly by day; end dates are inclusive.
//!
//! The stages live beside this file: `paging` tiles rows and years over pages, `axis` draws the table header,
//! the 年度 axis, grid and today line, `bars` the rows with their bars, and `legend` the footer band.

mod axis;
mod bars;
mod inazuma;
mod legend;
mod paging;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::doc::Rgb;
use super::frame::Sheet;
use super::fy;

pub use axis::TimeAxis;
pub use inazuma::{ProgressPoint, progress_point, progress_points};
pub use paging::{gantt_pages, layout_gantt};

/// A Gantt chart, independent of any view or page size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanttChart {
    pub title: String,
    /// 団体名.
    pub municipality: String,
    pub created: NaiveDate,
    /// Where the 基準日 line is drawn.
    pub today: NaiveDate,
    pub confidentiality: Option<String>,
    /// Table columns left of the time axis.
    pub columns: Vec<TableColumn>,
    pub rows: Vec<GanttRow>,
    /// Notes printed in the footer (e.g. "※ 目標時期は国の工程表による").
    #[serde(default)]
    pub notes: Vec<String>,
    /// Draw the イナズマ線 (progress line) through the rows' progress points on `today`.
    #[serde(default)]
    pub progress_line: bool,
}

/// One table column left of the time axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableColumn {
    pub header: String,
    pub width_mm: f32,
}

/// Kind of row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowKind {
    /// A heading row (shaded; its first cell spans the empty cells after it).
    Group,
    /// An ordinary row.
    Item,
    /// 【参考】 row: national or reference schedule, drawn lighter.
    Reference,
}

/// Status of a row's work, shown by pattern and label (not by colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum BarStatus {
    /// 未着手
    #[default]
    NotStarted,
    /// 作業中
    InProgress,
    /// 完了
    Done,
    /// 遅延
    Late,
    /// 中止
    Cancelled,
    /// 対象外
    NotApplicable,
}

impl BarStatus {
    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            BarStatus::NotStarted => "未着手",
            BarStatus::InProgress => "作業中",
            BarStatus::Done => "完了",
            BarStatus::Late => "遅延",
            BarStatus::Cancelled => "中止",
            BarStatus::NotApplicable => "対象外",
        }
    }
}

/// One row of the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanttRow {
    pub kind: RowKind,
    /// One string per table column (missing cells are empty).
    pub cells: Vec<String>,
    /// Planned start and end (inclusive).
    pub plan: Option<(NaiveDate, NaiveDate)>,
    /// Actual start and end (inclusive); no end = still running (drawn to 基準日).
    pub actual: Option<(NaiveDate, Option<NaiveDate>)>,
    /// The last approved plan, drawn as a thin outline.
    pub baseline: Option<(NaiveDate, NaiveDate)>,
    /// 0–100.
    pub progress: Option<u8>,
    #[serde(default)]
    pub status: BarStatus,
    /// ◆ dates.
    #[serde(default)]
    pub milestones: Vec<NaiveDate>,
    /// Key that other rows' `depends_on` refer to.
    #[serde(default)]
    pub key: Option<String>,
    /// Keys of rows that must finish before this one starts (finish-to-start arrows).
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// On the クリティカルパス: its bar and ◆ are outlined (and the legend says so).
    #[serde(default)]
    pub critical: bool,
}

impl GanttRow {
    /// A row with only a kind and cells.
    pub fn new(kind: RowKind, cells: Vec<String>) -> Self {
        Self {
            kind,
            cells,
            plan: None,
            actual: None,
            baseline: None,
            progress: None,
            status: BarStatus::NotStarted,
            milestones: Vec::new(),
            key: None,
            depends_on: Vec::new(),
            critical: false,
        }
    }
}

/// Granularity of the ticks under each 年度 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scale {
    /// 年度 columns only.
    FiscalYear,
    /// 四半期 ticks.
    Quarter,
    /// 月 ticks.
    Month,
}

impl Scale {
    /// Narrowest legible 年度 column for this scale, in mm.
    fn min_fy_width(self) -> f32 {
        match self {
            Scale::FiscalYear => 7.0,
            Scale::Quarter => 26.0,
            Scale::Month => 42.0,
        }
    }
}

/// Paper, margins, period and scale of a Gantt export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSpec {
    pub sheet: Sheet,
    /// First day shown.
    pub from: NaiveDate,
    /// Last day shown (inclusive).
    pub to: NaiveDate,
    pub scale: Scale,
    /// Height of an item row in mm (group and reference rows are 80 % of it).
    #[serde(default = "default_row_h")]
    pub row_height_mm: f32,
}

fn default_row_h() -> f32 {
    8.0
}

impl PageSpec {
    /// A3 landscape over whole fiscal years `from_fy..=to_fy`.
    pub fn a3_fiscal_years(from_fy: i32, to_fy: i32, scale: Scale) -> Self {
        Self {
            sheet: Sheet::a3_landscape(),
            from: fy::fy_start(from_fy),
            to: fy::fy_start(to_fy + 1) - Duration::days(1),
            scale,
            row_height_mm: default_row_h(),
        }
    }
}

// ---- geometry constants -------------------------------------------------

const AXIS_FY_H: f32 = 7.0;
const AXIS_TICK_H: f32 = 4.5;
const CELL_PAD: [f32; 2] = [1.2, 0.6];
const MIN_CHART_W: f32 = 100.0;

const GRID_FY: Rgb = Rgb(0x70, 0x70, 0x70);
const GRID_TICK: Rgb = Rgb(0xc8, 0xc8, 0xc8);
const HEAD_FILL: Rgb = Rgb(0xdd, 0xe3, 0xea);
const GROUP_FILL: Rgb = Rgb(0xec, 0xef, 0xf3);
const PLAN_FILL: Rgb = Rgb(0xc6, 0xd9, 0xf0);
const PLAN_EDGE: Rgb = Rgb(0x2b, 0x4c, 0x7e);
const PROGRESS_FILL: Rgb = Rgb(0x2b, 0x4c, 0x7e);
const DONE_FILL: Rgb = Rgb(0x55, 0x66, 0x7a);
const LATE_FILL: Rgb = Rgb(0xf6, 0xd3, 0xcd);
const LATE_INK: Rgb = Rgb(0xa8, 0x2a, 0x1e);
const GREY_FILL: Rgb = Rgb(0xe4, 0xe4, 0xe4);
const ACTUAL_FILL: Rgb = Rgb(0x33, 0x33, 0x33);
const BASELINE_EDGE: Rgb = Rgb(0x80, 0x80, 0x80);
const TODAY: Rgb = Rgb(0xc0, 0x1c, 0x1c);
/// The クリティカルパス outline: purple, apart from the red 基準日, the orange イナズマ線 and the blue bars.
const CRITICAL: Rgb = Rgb(0x7e, 0x22, 0xce);
const CRITICAL_W: f32 = 0.5;

fn row_height(kind: RowKind, spec: &PageSpec) -> f32 {
    let h = spec.row_height_mm.clamp(5.0, 30.0);
    match kind {
        RowKind::Item => h,
        RowKind::Group | RowKind::Reference => (h * 0.8).max(5.0),
    }
}

#[cfg(test)]
pub(crate) mod tests;
// what the tests reach through `super::*`
#[cfg(test)]
use {
    super::LayoutError,
    super::frame::{self, RULE},
    super::metrics::{FontMetrics, MM_PER_PT},
    bars::clip,
    paging::chunk_rows,
};
