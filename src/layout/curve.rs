//! A line chart page (the 完了率 S-curve): shares from 0 to 100 % over months, one line per series, the plan
//! dashed, with 年度 ticks and a legend. Pure layout, like every page.

use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Page, Painter, Rgb, Stroke};
use super::frame::{self, DocHeader, INK, MUTED, RULE, Sheet};
use super::metrics::FontMetrics;

/// One line of the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// one share (0–1) per month
    pub values: Vec<f64>,
    pub color: Rgb,
    pub dashed: bool,
}

/// A chart of shares month by month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurveChart {
    pub heading: String,
    /// per month: the tick label to print under it (e.g. 令和5年度 at April), or empty
    pub ticks: Vec<String>,
    pub series: Vec<Series>,
    /// a note under the chart (what the lines mean)
    pub note: String,
}

const GRID: Rgb = Rgb(0xc8, 0xc8, 0xc8);

/// The chart on one page of `sheet`, under the document's header band.
pub fn curve_pages(
    sheet: &Sheet,
    head: &DocHeader,
    chart: &CurveChart,
    metrics: &FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    sheet.validate()?;
    let mut p = Painter::new(metrics);
    let content = frame::header(&mut p, sheet, head, "");
    let [cx, cy, cw, ch] = content;
    p.label(
        cx,
        cy + 7.0,
        13.0,
        &chart.heading,
        Anchor::Start,
        INK,
        Some(cw),
    );
    p.line(cx, cy + 9.5, cx + cw, cy + 9.5, Stroke::solid(RULE, 0.3));
    // plot box: room for the % labels on the left, ticks and legend below
    let left = cx + 16.0;
    let top = cy + 18.0;
    let width = (cw - 22.0).max(10.0);
    let height = (ch - 18.0 - 26.0).max(10.0);
    let bottom = top + height;
    for k in 0..=5 {
        let share = k as f32 / 5.0;
        let y = bottom - share * height;
        p.line(
            left,
            y,
            left + width,
            y,
            Stroke::solid(if k == 0 { RULE } else { GRID }, 0.2),
        );
        p.label(
            left - 2.0,
            y + 1.2,
            8.0,
            &format!("{}%", k * 20),
            Anchor::End,
            MUTED,
            None,
        );
    }
    let n = chart.ticks.len().max(1);
    let step = if n > 1 { width / (n - 1) as f32 } else { 0.0 };
    let x_of = |i: usize| left + step * i as f32;
    for (i, t) in chart.ticks.iter().enumerate() {
        if t.is_empty() {
            continue;
        }
        let x = x_of(i);
        p.line(x, top, x, bottom, Stroke::solid(GRID, 0.2));
        p.label(
            x + 1.0,
            bottom + 5.0,
            8.0,
            t,
            Anchor::Start,
            MUTED,
            Some(step * 11.0),
        );
    }
    for s in &chart.series {
        let points: Vec<[f32; 2]> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| [x_of(i), bottom - (v.clamp(0.0, 1.0) as f32) * height])
            .collect();
        let stroke = if s.dashed {
            Stroke::dashed(s.color, 0.6, 2.0, 1.2)
        } else {
            Stroke::solid(s.color, 0.8)
        };
        if points.len() > 1 {
            p.polyline(points, stroke);
        }
    }
    // legend, then the note
    let mut x = left;
    let ly = bottom + 13.0;
    for s in &chart.series {
        let stroke = if s.dashed {
            Stroke::dashed(s.color, 0.6, 2.0, 1.2)
        } else {
            Stroke::solid(s.color, 0.8)
        };
        p.line(x, ly - 1.2, x + 8.0, ly - 1.2, stroke);
        let w = p.label(x + 10.0, ly, 9.0, &s.name, Anchor::Start, INK, Some(60.0));
        x += 10.0 + w + 8.0;
    }
    p.label(
        left,
        ly + 7.0,
        8.0,
        &chart.note,
        Anchor::Start,
        MUTED,
        Some(width),
    );
    Ok(vec![frame::page_of(sheet, p)])
}
