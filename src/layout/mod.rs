//! Pure page layout (no files, no clock, no database): charts and document pages
//! become a plain value of positioned primitives in mm, which thin writers
//! (`crate::render`) turn into PDF or SVG, and the app can preview as is.

mod cost;
mod curve;
mod doc;
mod frame;
mod fy;
mod gantt;
mod metrics;
mod org;
mod pages;
pub mod sample;
pub mod text;
mod workload;

pub use cost::{Amount, COST_ROW_H, CostBar, CostBars, Standing, cost_pages};
pub use curve::{CurveChart, Series, curve_pages};
pub use doc::{
    Anchor, Document, Hatch, HatchKind, Item, Page, Rgb, Stroke, hatch_segments, text_span_x,
};
pub use frame::{DocHeader, Orientation, Paper, Sheet, number_pages};
pub use gantt::{
    BarStatus, GanttChart, GanttRow, PageSpec, ProgressPoint, RowKind, Scale, TableColumn,
    TimeAxis, gantt_pages, layout_gantt, progress_point, progress_points,
};
pub use metrics::{FontMetrics, MISSING_GLYPH, MM_PER_PT};
pub use org::{NodeBox, OrgChart, OrgNode, layout_org, org_pages, org_pages_with_boxes};
pub use pages::{
    Column, Part, bundle, cover_page, shaded_table_pages, table_pages, text_pages, toc_pages,
};
pub use workload::{WorkloadChart, WorkloadSeries, series_color, workload_pages};

/// Layout invariants, shared with the tests of the views built on the layout.
#[cfg(test)]
pub(crate) use gantt::tests::{assert_no_text_overlaps, assert_texts_inside, real_metrics};

/// Why a layout could not be made.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum LayoutError {
    #[error("フォントの情報を読み取れません: {0}")]
    Font(String),
    #[error("表示期間が不正です: {0}")]
    InvalidRange(String),
    #[error("用紙の設定が不正です: {0}")]
    PageTooSmall(String),
    /// The request cannot be laid out as asked (a document without its inputs, an export that is no document).
    #[error("{0}")]
    Request(String),
}
