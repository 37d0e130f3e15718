//! Tiling a Gantt chart over pages: rows downwards (headers repeated, no near-empty last page, a group heading
//! never alone at a page's foot), long periods sideways in whole 年度 (table columns repeated).

use chrono::{Duration, NaiveDate};

use super::axis::{draw_axis, draw_grid, draw_table_header, draw_today};
use super::bars::draw_rows;
use super::legend::draw_legend;
use super::*;
use crate::layout::LayoutError;
use crate::layout::doc::{Anchor, Document, Page, Painter, Stroke};
use crate::layout::frame::{self, DocHeader, FOOTER_H, MUTED, RULE};
use crate::layout::metrics::FontMetrics;
use crate::layout::text::FitRule;

/// A horizontal slice of the period shown on one page.
#[derive(Debug, Clone, Copy)]
struct Slice {
    from: NaiveDate,
    to: NaiveDate,
}

/// Lays the chart out into numbered pages.
pub fn layout_gantt(
    chart: &GanttChart,
    spec: &PageSpec,
    metrics: &FontMetrics,
) -> Result<Document, LayoutError> {
    let pages = gantt_pages(chart, spec, metrics)?;
    let mut doc = Document {
        title: chart.title.clone(),
        created: chart.created,
        pages,
    };
    frame::number_pages(&mut doc, spec.sheet.margins_mm, metrics);
    Ok(doc)
}

/// Lays the chart out into pages without page numbers (for bundling).
pub fn gantt_pages(
    chart: &GanttChart,
    spec: &PageSpec,
    metrics: &FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    spec.sheet.validate()?;
    if spec.from > spec.to {
        return Err(LayoutError::InvalidRange(format!(
            "表示期間の開始 ({}) が終了 ({}) より後です",
            fy::wareki(spec.from),
            fy::wareki(spec.to)
        )));
    }
    if (spec.to - spec.from).num_days() > 366 * 60 {
        return Err(LayoutError::InvalidRange(
            "表示期間が長すぎます (60年以内にしてください)".into(),
        ));
    }
    let (pw, _ph) = spec.sheet.size_mm();
    let m = spec.sheet.margins_mm;
    let content_w = pw - 2.0 * m;

    // Table columns, scaled down if they would leave too little room for the chart.
    let mut col_w: Vec<f32> = chart
        .columns
        .iter()
        .map(|c| c.width_mm.clamp(4.0, 400.0))
        .collect();
    let table_total: f32 = col_w.iter().sum();
    let max_table = (content_w - MIN_CHART_W).max(0.0);
    if table_total > max_table && table_total > 0.0 {
        let k = max_table / table_total;
        col_w.iter_mut().for_each(|w| *w *= k);
    }
    let table_w: f32 = col_w.iter().sum();
    let chart_x0 = m + table_w;
    let chart_w = content_w - table_w;

    // Horizontal slices by whole fiscal years.
    let slices = slice_period(spec, chart_w);
    let max_days = slices
        .iter()
        .map(|s| (s.to - s.from).num_days() + 1)
        .max()
        .unwrap_or(1) as f32;
    let mm_per_day = chart_w / max_days;

    // Vertical chunks of rows.
    let axis_h = AXIS_FY_H
        + if spec.scale == Scale::FiscalYear {
            0.0
        } else {
            AXIS_TICK_H
        };
    let (_, ph) = spec.sheet.size_mm();
    let rows_top = m + frame::HEADER_H + axis_h;
    let rows_h = ph - m - FOOTER_H - 1.0 - rows_top;
    let chunks = chunk_rows(&chart.rows, spec, rows_h);

    let head = DocHeader {
        title: chart.title.clone(),
        municipality: chart.municipality.clone(),
        created: chart.created,
        confidentiality: chart.confidentiality.clone(),
    };
    let total_rows = chart.rows.len();
    let mut pages = Vec::new();
    for chunk in &chunks {
        for slice in &slices {
            let axis = TimeAxis {
                from: slice.from,
                to: slice.to,
                x0: chart_x0,
                mm_per_day,
            };
            let mut p = Painter::new(metrics);
            let mut subtitle = format!(
                "期間 {}〜{}",
                fy::wareki_short(slice.from),
                fy::wareki_short(slice.to)
            );
            if chunks.len() > 1 && !chunk.is_empty() {
                subtitle.push_str(&format!(
                    "　行 {}〜{} / {}",
                    chunk.start + 1,
                    chunk.end,
                    total_rows
                ));
            }
            frame::header(&mut p, &spec.sheet, &head, &subtitle);
            let top = m + frame::HEADER_H;
            draw_table_header(&mut p, chart, &col_w, m, top, axis_h);
            draw_axis(&mut p, &axis, spec.scale, top, axis_h);
            let body_bottom = if chunk.is_empty() {
                let bottom = rows_top + 30.0;
                draw_grid(&mut p, &axis, spec.scale, rows_top, bottom);
                p.boxed(
                    [m, rows_top, content_w, bottom - rows_top],
                    [2.0, 2.0],
                    "表示する行がありません",
                    FitRule {
                        size_pt: 12.0,
                        min_size_pt: 8.0,
                        max_lines: 1,
                    },
                    Anchor::Middle,
                    MUTED,
                );
                bottom
            } else {
                draw_rows(
                    &mut p,
                    chart,
                    &chart.rows[chunk.start..chunk.end],
                    spec,
                    &col_w,
                    m,
                    rows_top,
                    &axis,
                )
            };
            draw_today(&mut p, &axis, chart.today, rows_top, body_bottom);
            // Outer frame of table + chart.
            p.rect(
                m,
                top,
                table_w + (axis.x_end() - chart_x0),
                body_bottom - top,
                None,
                Some(Stroke::solid(RULE, 0.35)),
            );
            draw_legend(&mut p, chart, &spec.sheet);
            pages.push(frame::page_of(&spec.sheet, p));
        }
    }
    Ok(pages)
}

/// Splits the period into page-wide slices of whole fiscal years when one page
/// would make a 年度 column narrower than the scale can label.
fn slice_period(spec: &PageSpec, chart_w: f32) -> Vec<Slice> {
    let days = (spec.to - spec.from).num_days() as f32 + 1.0;
    let fy_w = chart_w / days * 365.25;
    let min = spec.scale.min_fy_width();
    if fy_w >= min {
        return vec![Slice {
            from: spec.from,
            to: spec.to,
        }];
    }
    let first = fy::fy_of(spec.from);
    let last = fy::fy_of(spec.to);
    let per_page = ((chart_w / min).floor() as i32).max(1);
    let n_fy = last - first + 1;
    let n_pages = (n_fy + per_page - 1) / per_page;
    // Balance: each page gets the same number of years (±1).
    let per_page = (n_fy + n_pages - 1) / n_pages;
    let mut out = Vec::new();
    let mut fy0 = first;
    while fy0 <= last {
        let fy1 = (fy0 + per_page - 1).min(last);
        let from = fy::fy_start(fy0).max(spec.from);
        let to = (fy::fy_start(fy1 + 1) - Duration::days(1)).min(spec.to);
        out.push(Slice { from, to });
        fy0 = fy1 + 1;
    }
    out
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Chunk {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Chunk {
    fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// Vertical tiling: as few pages as greedy filling needs, with the rows spread evenly
/// over them (no near-empty last page); a group row never ends a page when rows follow.
pub(super) fn chunk_rows(rows: &[GanttRow], spec: &PageSpec, avail_h: f32) -> Vec<Chunk> {
    let greedy = chunk_rows_greedy(rows, spec, avail_h);
    let n = greedy.len();
    if n <= 1 {
        return greedy;
    }
    let total: f32 = rows.iter().map(|r| row_height(r.kind, spec)).sum();
    let mut target = total / n as f32;
    while target < avail_h {
        let c = chunk_rows_greedy(rows, spec, target);
        if c.len() <= n {
            return c;
        }
        target += 1.0;
    }
    greedy
}

fn chunk_rows_greedy(rows: &[GanttRow], spec: &PageSpec, avail_h: f32) -> Vec<Chunk> {
    if rows.is_empty() {
        return vec![Chunk { start: 0, end: 0 }];
    }
    let mut out = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let mut h = 0.0;
        let mut end = start;
        while end < rows.len() {
            let rh = row_height(rows[end].kind, spec);
            if h + rh > avail_h + 1e-3 && end > start {
                break;
            }
            h += rh;
            end += 1;
        }
        // Keep trailing group headings with their first item.
        let mut cut = end;
        while cut < rows.len() && cut > start + 1 && rows[cut - 1].kind == RowKind::Group {
            cut -= 1;
        }
        if cut > start {
            end = cut;
        }
        out.push(Chunk { start, end });
        start = end;
    }
    out
}
