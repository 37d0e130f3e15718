//! Which document each export is: the data → layout stage shared by the CLI's PDF export and the app's SVG
//! preview, so screen and paper show the same pages. Pure: fonts come in as metrics, dates as options.
//!
//! One file per document: `roadmap` (工程表), `systems` (標準化・オンライン化), `training` (研修計画), `org`
//! (推進体制図), `council` (議会報告用一式), `meeting` (会議資料), `workload` (山積み), `rollup` (many
//! municipalities at once, not a workbook's export); `common` holds what they share. `ExportKind`
//! names every export the app and the CLI offer (the PDFs above and the Excel book), one key each.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod common;
pub mod cost;
pub mod council;
pub mod meeting;
pub mod org;
pub mod roadmap;
pub mod rollup;
pub mod systems;
pub mod training;
pub mod trend;
pub mod workload;

pub use common::{CriticalTo, ViewOptions, default_spec, period_of};
pub use org::org_chart;
pub use roadmap::roadmap_chart;
pub use systems::{migration_chart, procedures_chart};
pub use training::training_chart;
pub use workload::workload_chart;

use crate::layout::{
    self, DocHeader, Document, FontMetrics, LayoutError, PageSpec, Paper, Scale, Sheet,
};
use crate::model::Workbook;
use crate::query::review::Review;

/// Every export dxplan offers, in the app and on the command line. The keys are the CLI's `--view` values and
/// what the app's page sends (generated to TypeScript as a union of these strings).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// 全体方針の工程表
    Roadmap,
    /// 標準化: every system × its steps, the 山積み (steps in progress per month), then the online procedures
    Migration,
    /// 人材育成: the training calendar
    Training,
    /// 推進体制図
    Org,
    /// 議会報告: cover, contents, vision, roadmap, migration summary and chart, org, training
    Council,
    /// 会議資料: the review of a meeting (needs the meeting's inputs, `DocumentOptions::review`)
    Meeting,
    /// The Excel book (工程表・移行計画・オンライン化・研修計画・推進体制); not a laid-out document
    Xlsx,
    /// 国の進捗調査: the national report (`query::national`) as an Excel sheet; not a laid-out document
    National,
}

impl ExportKind {
    pub const ALL: [ExportKind; 8] = [
        ExportKind::Roadmap,
        ExportKind::Migration,
        ExportKind::Training,
        ExportKind::Org,
        ExportKind::Council,
        ExportKind::Meeting,
        ExportKind::Xlsx,
        ExportKind::National,
    ];
    /// The PDF documents laid out from the workbook alone.
    pub const WORKBOOK_DOCUMENTS: [ExportKind; 5] = [
        ExportKind::Roadmap,
        ExportKind::Migration,
        ExportKind::Training,
        ExportKind::Org,
        ExportKind::Council,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ExportKind::Roadmap => "roadmap",
            ExportKind::Migration => "migration",
            ExportKind::Training => "training",
            ExportKind::Org => "org",
            ExportKind::Council => "council",
            ExportKind::Meeting => "meeting",
            ExportKind::Xlsx => "xlsx",
            ExportKind::National => "national",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Roadmap => "工程表",
            ExportKind::Migration => "標準化・オンライン化の進捗",
            ExportKind::Training => "研修計画",
            ExportKind::Org => "推進体制図",
            ExportKind::Council => "議会報告用一式",
            ExportKind::Meeting => "会議資料",
            ExportKind::Xlsx => "Excel",
            ExportKind::National => "国の進捗調査",
        }
    }
    /// Is this export a PDF (a laid-out `Document`)?
    pub fn is_pdf(self) -> bool {
        !matches!(self, ExportKind::Xlsx | ExportKind::National)
    }
    /// A key or a label, as typed for the CLI's `--view`.
    pub fn parse(s: &str) -> Result<ExportKind, crate::error::Error> {
        let t = s.trim();
        ExportKind::ALL.into_iter().find(|v| v.key() == t || v.label() == t).ok_or_else(|| {
            crate::error::Error::field(
                "view",
                format!(
                    "出力の種類「{t}」はありません（roadmap・migration・training・org・council・meeting）。"
                ),
            )
        })
    }
}

/// Everything an export needs besides the workbook and the font.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentOptions {
    pub view: ExportKind,
    pub paper: Paper,
    /// period shown on Gantt charts (None: the plan period / the chart's own dates)
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub scale: Option<Scale>,
    pub view_options: ViewOptions,
    /// The meeting's review, which the 会議資料 lays out (`ExportKind::Meeting` only).
    pub review: Option<Review>,
}

impl DocumentOptions {
    /// Options of `view` on a day, on A3 (the 会議資料 on A4).
    pub fn new(view: ExportKind, today: NaiveDate) -> Self {
        DocumentOptions {
            view,
            paper: if view == ExportKind::Meeting {
                Paper::A4
            } else {
                Paper::A3
            },
            from: None,
            to: None,
            scale: None,
            view_options: ViewOptions::on(today),
            review: None,
        }
    }
    /// The 会議資料 of a review: 作成日 is the meeting day.
    pub fn meeting(review: Review) -> Self {
        let day = review.today;
        DocumentOptions {
            review: Some(review),
            ..DocumentOptions::new(ExportKind::Meeting, day)
        }
    }
    fn sheet(&self) -> Sheet {
        match self.paper {
            Paper::A3 => Sheet::a3_landscape(),
            Paper::A4 => Sheet::a4_landscape(),
        }
    }
    /// The Gantt page spec: the given period, else the plan period (or `fit` for charts with their own dates).
    fn spec(&self, wb: &Workbook, fit: Option<&layout::GanttChart>) -> PageSpec {
        let mut spec = default_spec(wb);
        if let Some(chart) = fit {
            (spec.from, spec.to) = period_of(chart);
        }
        spec.sheet = self.sheet();
        if let Some(f) = self.from {
            spec.from = f;
        }
        if let Some(t) = self.to {
            spec.to = t;
        }
        if let Some(s) = self.scale {
            spec.scale = s;
        } else if (spec.to - spec.from).num_days() > 366 * 7 {
            spec.scale = Scale::Quarter;
        }
        if (spec.to - spec.from).num_days() > 366 * 15 {
            spec.scale = Scale::FiscalYear;
        }
        spec
    }
}

fn header(wb: &Workbook, o: &DocumentOptions, title: &str) -> DocHeader {
    DocHeader {
        title: title.to_string(),
        municipality: wb.meta.municipality.clone(),
        created: o.view_options.created,
        confidentiality: o.view_options.confidentiality.clone(),
    }
}

/// The laid-out document of an export.
pub fn document(
    wb: &Workbook,
    o: &DocumentOptions,
    m: &FontMetrics,
) -> Result<Document, LayoutError> {
    let vo = &o.view_options;
    match o.view {
        ExportKind::Roadmap => layout::layout_gantt(&roadmap_chart(wb, vo), &o.spec(wb, None), m),
        ExportKind::Migration => {
            let migration = migration_chart(wb, vo, true);
            let procedures = procedures_chart(wb, vo);
            let spec = o.spec(wb, Some(&migration));
            let mut pages = layout::gantt_pages(&migration, &spec, m)?;
            pages.extend(layout::workload_pages(
                &workload_chart(wb, vo, spec.from, spec.to),
                &o.sheet(),
                m,
            )?);
            pages.extend(layout::gantt_pages(
                &procedures,
                &o.spec(wb, Some(&procedures)),
                m,
            )?);
            Ok(numbered(
                "標準化・オンライン化の進捗",
                vo.created,
                pages,
                &o.sheet(),
                m,
            ))
        }
        ExportKind::Training => {
            let chart = training_chart(wb, vo);
            let head = header(wb, o, "人材育成 目標達成状況");
            let mut pages = layout::gantt_pages(&chart, &o.spec(wb, Some(&chart)), m)?;
            pages.extend(layout::table_pages(
                &o.sheet(),
                &head,
                "職位ごとの目標達成状況",
                &training::coverage_columns(),
                &training::coverage_rows(wb),
                m,
            )?);
            Ok(numbered(&chart.title, vo.created, pages, &o.sheet(), m))
        }
        ExportKind::Org => layout::layout_org(&org_chart(wb, vo), &o.sheet(), m),
        ExportKind::Council => council::document(wb, o, m),
        ExportKind::Meeting => match &o.review {
            Some(review) => meeting::document(wb, review, o, m),
            None => Err(LayoutError::Request(
                "会議資料には会議日と次回会議日が要ります。".into(),
            )),
        },
        ExportKind::Xlsx | ExportKind::National => Err(LayoutError::Request(
            "Excel の出力はPDFの文書ではありません。".into(),
        )),
    }
}

/// One document from pages laid out separately, numbered `x / y` throughout.
fn numbered(
    title: &str,
    created: NaiveDate,
    pages: Vec<layout::Page>,
    sheet: &Sheet,
    m: &FontMetrics,
) -> Document {
    let mut doc = Document {
        title: title.to_string(),
        created,
        pages,
    };
    layout::number_pages(&mut doc, sheet.margins_mm, m);
    doc
}

#[cfg(test)]
mod critical_tests;
#[cfg(test)]
mod label_tests;
#[cfg(test)]
mod tests;
