//! The 山積み chart: per month, how many 標準化 steps are in progress, stacked by 所管課, with the months where a
//! 課 is over its capacity marked, and the counts as a table under the bars — the page that follows the migration
//! Gantt, so the office sees where the work piles up. Pure layout of a plain value (counts come from
//! `crate::query::workload`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Hatch, HatchKind, Page, Painter, Rgb, Stroke};
use super::frame::{self, DocHeader, FOOTER_H, INK, MUTED, PAGE_NO_W, RULE, Sheet};
use super::fy;
use super::metrics::FontMetrics;

/// One stacked series: a 所管課 and its steps in progress per month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadSeries {
    pub name: String,
    /// Steps the 課 can carry at once; `None`: no limit set.
    pub capacity: Option<u32>,
    /// One count per month of the chart.
    pub counts: Vec<u32>,
}

impl WorkloadSeries {
    /// Over capacity in month `i`?
    pub fn over(&self, i: usize) -> bool {
        matches!((self.capacity, self.counts.get(i)), (Some(c), Some(n)) if *n > c)
    }
}

/// The chart as a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadChart {
    pub title: String,
    pub municipality: String,
    pub created: NaiveDate,
    pub confidentiality: Option<String>,
    /// First day of each month shown.
    pub months: Vec<NaiveDate>,
    pub series: Vec<WorkloadSeries>,
    #[serde(default)]
    pub notes: Vec<String>,
}

impl WorkloadChart {
    /// Total per month.
    pub fn totals(&self) -> Vec<u32> {
        (0..self.months.len())
            .map(|i| self.series.iter().filter_map(|s| s.counts.get(i)).sum())
            .collect()
    }
    /// Months in which some 課 is over its capacity.
    pub fn over(&self) -> Vec<bool> {
        (0..self.months.len())
            .map(|i| self.series.iter().any(|s| s.over(i)))
            .collect()
    }
}

/// Fill colours of the series, in turn (told apart also by the table and the legend's order).
const PALETTE: [Rgb; 8] = [
    Rgb(0x2b, 0x4c, 0x7e),
    Rgb(0x6f, 0xa8, 0xdc),
    Rgb(0x7a, 0x9a, 0x3a),
    Rgb(0xe0, 0xa4, 0x3a),
    Rgb(0x8e, 0x6c, 0xb0),
    Rgb(0x4f, 0xa3, 0x9a),
    Rgb(0xb0, 0x7a, 0x5a),
    Rgb(0x9a, 0x9a, 0x9a),
];
/// Colour of what is over capacity.
pub(crate) const OVER: Rgb = Rgb(0xc0, 0x1c, 0x1c);
const OVER_FILL: Rgb = Rgb(0xf6, 0xd3, 0xcd);
const GRID: Rgb = Rgb(0xc8, 0xc8, 0xc8);
const HEAD_FILL: Rgb = Rgb(0xdd, 0xe3, 0xea);

const LABEL_W: f32 = 44.0;
const ROW_H: f32 = 4.4;
const MIN_CHART_H: f32 = 40.0;

/// The colour of series `i`.
pub fn series_color(i: usize) -> Rgb {
    PALETTE[i % PALETTE.len()]
}

/// A step of the y axis that gives at most about eight grid lines.
fn y_step(max: u32) -> u32 {
    [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
        .into_iter()
        .find(|s| max / s <= 8)
        .unwrap_or(max.div_ceil(8).max(1))
}

/// "R7.4" for the month of 2025-04-01.
fn month_label(d: NaiveDate) -> String {
    let s = fy::wareki_short(d);
    s.rsplit_once('.')
        .map_or(s.clone(), |(ym, _)| ym.to_string())
}

/// The chart on one page (no page number; it joins a bundle).
pub fn workload_pages(
    chart: &WorkloadChart,
    sheet: &Sheet,
    metrics: &FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    sheet.validate()?;
    let n = chart.months.len();
    let mut p = Painter::new(metrics);
    let head = DocHeader {
        title: chart.title.clone(),
        municipality: chart.municipality.clone(),
        created: chart.created,
        confidentiality: chart.confidentiality.clone(),
    };
    let subtitle = match (chart.months.first(), chart.months.last()) {
        (Some(a), Some(b)) => format!("{}〜{} の月別・所管課別", month_label(*a), month_label(*b)),
        _ => String::new(),
    };
    let [x, y, w, h] = frame::header(&mut p, sheet, &head, &subtitle);
    let (pw, ph) = sheet.size_mm();
    let m = sheet.margins_mm;
    let x0 = x + LABEL_W;
    let cw = w - LABEL_W;
    if n == 0 || chart.series.is_empty() {
        p.label(
            x + w / 2.0,
            y + 20.0,
            12.0,
            "この期間に予定された標準化の作業はありません",
            Anchor::Middle,
            MUTED,
            Some(w),
        );
        return Ok(vec![frame::page_of(sheet, p)]);
    }
    let col = cw / n as f32;
    // Table rows under the chart: 年度, 月, one per 課, 合計.
    let table_h = ROW_H * (chart.series.len() + 3) as f32;
    let chart_top = y + 6.0;
    let chart_bottom = y + h - table_h - 2.0;
    if chart_bottom - chart_top < MIN_CHART_H {
        return Err(LayoutError::PageTooSmall(format!(
            "山積みの表（{}課）が用紙に収まりません",
            chart.series.len()
        )));
    }
    let totals = chart.totals();
    let over = chart.over();
    let max = totals
        .iter()
        .copied()
        .chain(chart.series.iter().filter_map(|s| s.capacity))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = y_step(max);
    let top_val = max.div_ceil(step) * step;
    let unit_h = (chart_bottom - chart_top) / top_val as f32;
    // Grid and y labels.
    let mut v = 0;
    while v <= top_val {
        let yy = chart_bottom - v as f32 * unit_h;
        p.line(x0, yy, x0 + cw, yy, Stroke::solid(GRID, 0.15));
        p.label(
            x0 - 1.0,
            yy + 1.0,
            6.0,
            &v.to_string(),
            Anchor::End,
            MUTED,
            None,
        );
        v += step;
    }
    p.label(
        x,
        chart_top - 2.0,
        6.5,
        "作業数（件）",
        Anchor::Start,
        INK,
        Some(LABEL_W - 8.0),
    );
    // Fiscal-year separators.
    for (i, d) in chart.months.iter().enumerate() {
        if d.month() == 4 && i > 0 {
            let xx = x0 + i as f32 * col;
            p.line(xx, chart_top, xx, y + h, Stroke::solid(RULE, 0.3));
        }
    }
    // Stacked bars.
    let bar_w = (col * 0.7).max(0.3);
    for (i, &month_over) in over.iter().enumerate() {
        let bx = x0 + i as f32 * col + (col - bar_w) / 2.0;
        let mut base = chart_bottom;
        for (si, s) in chart.series.iter().enumerate() {
            let c = s.counts.get(i).copied().unwrap_or(0);
            if c == 0 {
                continue;
            }
            let bh = c as f32 * unit_h;
            let hatch = s.over(i).then_some(Hatch {
                kind: HatchKind::Diagonal,
                color: OVER,
                spacing_mm: 0.9,
                width_mm: 0.15,
            });
            p.hatched(
                bx,
                base - bh,
                bar_w,
                bh,
                Some(series_color(si)),
                Some(Stroke::solid(Rgb::WHITE, 0.1)),
                hatch,
            );
            if s.over(i) {
                p.rect(
                    bx,
                    base - bh,
                    bar_w,
                    bh,
                    None,
                    Some(Stroke::solid(OVER, 0.35)),
                );
            }
            base -= bh;
        }
        if month_over {
            let cx = bx + bar_w / 2.0;
            let hs = (col * 0.35).clamp(0.6, 1.6);
            let ty = base - 0.6;
            p.polygon(
                vec![[cx, ty - 1.6 * hs], [cx + hs, ty], [cx - hs, ty]],
                Some(OVER),
                None,
            );
        }
    }
    p.line(
        x0,
        chart_bottom,
        x0 + cw,
        chart_bottom,
        Stroke::solid(RULE, 0.3),
    );
    p.line(x0, chart_top, x0, chart_bottom, Stroke::solid(RULE, 0.3));
    // The table: 年度, 月, each 課 (swatch, name, 上限), 合計.
    let mut ty = chart_bottom + 2.0;
    let size = (col / 0.5 / 2.2).clamp(4.0, 6.5);
    p.rect(x, ty, w, ROW_H * 2.0, Some(HEAD_FILL), None);
    p.label(
        x + 1.0,
        ty + ROW_H - 1.2,
        6.5,
        "年度",
        Anchor::Start,
        INK,
        None,
    );
    p.label(
        x + 1.0,
        ty + 2.0 * ROW_H - 1.2,
        6.5,
        "月",
        Anchor::Start,
        INK,
        None,
    );
    let mut i = 0;
    while i < n {
        let fyear = fy::fy_of(chart.months[i]);
        let j = (i..n)
            .find(|&k| fy::fy_of(chart.months[k]) != fyear)
            .unwrap_or(n);
        let span_w = (j - i) as f32 * col;
        let long = fy::fy_label(fyear);
        let label = if metrics.text_width_mm(&long, 6.5) + 1.0 <= span_w {
            long
        } else {
            fy::fy_short_label(fyear)
        };
        p.label(
            x0 + (i as f32 + (j - i) as f32 / 2.0) * col,
            ty + ROW_H - 1.2,
            6.5,
            &label,
            Anchor::Middle,
            INK,
            Some(span_w - 0.4),
        );
        i = j;
    }
    for (i, d) in chart.months.iter().enumerate() {
        let cx = x0 + (i as f32 + 0.5) * col;
        p.label(
            cx,
            ty + 2.0 * ROW_H - 1.2,
            size,
            &d.month().to_string(),
            Anchor::Middle,
            INK,
            Some(col),
        );
    }
    ty += 2.0 * ROW_H;
    let total_row = WorkloadSeries {
        name: "合計".into(),
        capacity: None,
        counts: totals.clone(),
    };
    for (si, s) in chart
        .series
        .iter()
        .chain(std::iter::once(&total_row))
        .enumerate()
    {
        let is_total = si == chart.series.len();
        if is_total {
            p.line(x, ty, x + w, ty, Stroke::solid(RULE, 0.3));
        } else {
            p.rect(
                x + 1.0,
                ty + 1.0,
                2.4,
                ROW_H - 2.0,
                Some(series_color(si)),
                None,
            );
        }
        let cap = s
            .capacity
            .map(|c| format!("（上限{c}）"))
            .unwrap_or_default();
        let cap_w = metrics.text_width_mm(&cap, 6.0);
        let name_x = x + if is_total { 1.0 } else { 4.4 };
        p.label(
            name_x,
            ty + ROW_H - 1.2,
            6.5,
            &s.name,
            Anchor::Start,
            INK,
            Some((LABEL_W - 1.0 - (name_x - x) - cap_w).max(4.0)),
        );
        if !cap.is_empty() {
            p.label(
                x0 - 0.6,
                ty + ROW_H - 1.2,
                6.0,
                &cap,
                Anchor::End,
                MUTED,
                None,
            );
        }
        for (i, &month_over) in over.iter().enumerate() {
            let c = s.counts.get(i).copied().unwrap_or(0);
            let cx = x0 + i as f32 * col;
            let hot = if is_total { month_over } else { s.over(i) };
            if hot && !is_total {
                p.rect(cx, ty, col, ROW_H, Some(OVER_FILL), None);
            }
            if c > 0 {
                p.label(
                    cx + col / 2.0,
                    ty + ROW_H - 1.2,
                    size,
                    &c.to_string(),
                    Anchor::Middle,
                    if hot { OVER } else { INK },
                    Some(col),
                );
            }
        }
        ty += ROW_H;
        p.line(x, ty, x + w, ty, Stroke::solid(GRID, 0.15));
    }
    p.rect(
        x,
        chart_bottom + 2.0,
        w,
        ty - chart_bottom - 2.0,
        None,
        Some(Stroke::solid(RULE, 0.3)),
    );
    // Legend and notes in the footer band.
    let fy0 = ph - m - FOOTER_H + 1.2;
    let lx = m;
    p.polygon(
        vec![[lx + 1.5, fy0], [lx + 3.0, fy0 + 2.4], [lx, fy0 + 2.4]],
        Some(OVER),
        None,
    );
    let legend = "上限超過の月（所管課の作業数が上限を超える月。超過分の棒は斜線、表は赤）";
    p.label(lx + 4.0, fy0 + 2.3, 6.5, legend, Anchor::Start, INK, None);
    let notes: Vec<&str> = chart
        .notes
        .iter()
        .map(String::as_str)
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !notes.is_empty() {
        p.label(
            m,
            ph - m - 1.0,
            6.5,
            &notes.join("　"),
            Anchor::Start,
            MUTED,
            Some(pw - 2.0 * m - PAGE_NO_W),
        );
    }
    Ok(vec![frame::page_of(sheet, p)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::doc::Item;
    use crate::layout::{Document, assert_no_text_overlaps, assert_texts_inside, real_metrics};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// January–April 2026 (across the 年度 edge): 市民課 (上限 2) 1, 3, 2, 0; 税務課 (no limit) 4, 0, 1, 1.
    fn chart() -> WorkloadChart {
        WorkloadChart {
            title: "標準化の作業の山積み（月別・所管課別）".into(),
            municipality: "テスト市".into(),
            created: d(2025, 11, 20),
            confidentiality: None,
            months: vec![d(2026, 1, 1), d(2026, 2, 1), d(2026, 3, 1), d(2026, 4, 1)],
            series: vec![
                WorkloadSeries {
                    name: "市民課".into(),
                    capacity: Some(2),
                    counts: vec![1, 3, 2, 0],
                },
                WorkloadSeries {
                    name: "税務課".into(),
                    capacity: None,
                    counts: vec![4, 0, 1, 1],
                },
            ],
            notes: vec!["※ テスト".into()],
        }
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.pages[0]
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_totals_and_the_months_over_capacity_are_counted_by_hand() {
        let c = chart();
        assert_eq!(c.totals(), vec![5, 3, 3, 1], "column sums");
        assert_eq!(
            c.over(),
            vec![false, true, false, false],
            "only February: 3 > 2"
        );
    }

    #[test]
    fn the_page_stacks_each_month_marks_the_month_over_capacity_and_keeps_its_texts_apart() {
        let m = real_metrics();
        let sheet = Sheet::a3_landscape();
        let pages = workload_pages(&chart(), &sheet, &m).expect("layout");
        assert_eq!(pages.len(), 1, "one page");
        let doc = Document {
            title: "t".into(),
            created: d(2025, 11, 20),
            pages,
        };
        assert_texts_inside(&doc, sheet.margins_mm, &m);
        assert_no_text_overlaps(&doc.pages[0], &m);
        let t = texts(&doc);
        for must in [
            "市民課",
            "税務課",
            "（上限2）",
            "合計",
            "令和7年度",
            "令和8年度",
            "5",
            "4",
        ] {
            assert!(t.contains(&must), "the page says {must:?}: {t:?}");
        }
        let page = &doc.pages[0];
        let marks = page
            .items
            .iter()
            .filter(|it| matches!(it, Item::Polygon { fill: Some(c), points, .. } if *c == OVER && points[0][1] < page.height_mm - 20.0))
            .count();
        assert_eq!(marks, 1, "one ▲ over the one month over capacity");
        let hot_cells = page
            .items
            .iter()
            .filter(|it| matches!(it, Item::Rect { fill: Some(c), .. } if *c == OVER_FILL))
            .count();
        assert_eq!(hot_cells, 1, "one table cell shaded: 市民課 in February");
        // Stacked segments: 1+4, 3, 2+1, 1 → six filled bars in the series colours.
        let segments = page
            .items
            .iter()
            .filter(|it| matches!(it, Item::Rect { fill: Some(c), h, .. } if PALETTE.contains(c) && *h > ROW_H))
            .count();
        assert_eq!(segments, 6, "one segment per non-zero count");
    }

    #[test]
    fn a_chart_without_load_says_so() {
        let mut c = chart();
        c.series.clear();
        let pages = workload_pages(&c, &Sheet::a4_landscape(), &real_metrics()).expect("layout");
        let doc = Document {
            title: "t".into(),
            created: d(2025, 11, 20),
            pages,
        };
        assert!(
            texts(&doc).contains(&"この期間に予定された標準化の作業はありません"),
            "an empty chart explains itself"
        );
    }
}
