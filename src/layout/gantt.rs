//! Gantt chart layout: rows of a 工程表 against a 年度 time axis, tiled across pages
//! (rows downwards with the headers repeated, long periods sideways with the table
//! columns repeated). Dates map linearly by day; end dates are inclusive.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Document, Hatch, HatchKind, Page, Painter, Rgb, Stroke};
use super::frame::{self, DocHeader, FOOTER_H, INK, MUTED, PAGE_NO_W, RULE, Sheet};
use super::fy;
use super::metrics::{FontMetrics, MM_PER_PT};
use super::text::FitRule;

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

/// A horizontal slice of the period shown on one page.
#[derive(Debug, Clone, Copy)]
struct Slice {
    from: NaiveDate,
    to: NaiveDate,
}

/// The mapping from dates to x on one page.
#[derive(Debug, Clone, Copy)]
pub struct TimeAxis {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub x0: f32,
    pub mm_per_day: f32,
}

impl TimeAxis {
    /// x of the start (00:00) of `d`.
    pub fn x(&self, d: NaiveDate) -> f32 {
        self.x0 + (d - self.from).num_days() as f32 * self.mm_per_day
    }
    /// Right edge of the chart area (start of the day after `to`).
    pub fn x_end(&self) -> f32 {
        self.x(self.to + Duration::days(1))
    }
}

/// Where a row sits on a page.
struct Placed {
    y: f32,
    h: f32,
}

fn row_height(kind: RowKind, spec: &PageSpec) -> f32 {
    let h = spec.row_height_mm.clamp(5.0, 30.0);
    match kind {
        RowKind::Item => h,
        RowKind::Group | RowKind::Reference => (h * 0.8).max(5.0),
    }
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
struct Chunk {
    start: usize,
    end: usize,
}

impl Chunk {
    fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// Vertical tiling: as few pages as greedy filling needs, with the rows spread evenly
/// over them (no near-empty last page); a group row never ends a page when rows follow.
fn chunk_rows(rows: &[GanttRow], spec: &PageSpec, avail_h: f32) -> Vec<Chunk> {
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

fn draw_table_header(
    p: &mut Painter,
    chart: &GanttChart,
    col_w: &[f32],
    x0: f32,
    top: f32,
    h: f32,
) {
    let mut x = x0;
    for (c, w) in chart.columns.iter().zip(col_w) {
        p.rect(
            x,
            top,
            *w,
            h,
            Some(HEAD_FILL),
            Some(Stroke::solid(RULE, 0.25)),
        );
        p.boxed(
            [x, top, *w, h],
            CELL_PAD,
            &c.header,
            FitRule {
                size_pt: 8.0,
                min_size_pt: 5.5,
                max_lines: 2,
            },
            Anchor::Middle,
            INK,
        );
        x += w;
    }
}

/// First day of each month (or quarter) boundary strictly inside `(from, to]`.
fn boundaries(from: NaiveDate, to: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut y = from.year();
    let mut mo = from.month();
    loop {
        mo += 1;
        if mo > 12 {
            mo = 1;
            y += 1;
        }
        let Some(d) = NaiveDate::from_ymd_opt(y, mo, 1) else {
            break;
        };
        if d > to {
            break;
        }
        // Quarters start in April, July, October, January.
        if months == 1 || (mo + 12 - 4).is_multiple_of(3) {
            out.push(d);
        }
    }
    out
}

/// FY header wordings, best first, with the lines each may take.
fn fy_label_candidates(fy: i32) -> Vec<(String, usize)> {
    vec![
        (fy::fy_long_label(fy), 1),
        (fy::fy_long_label(fy), 2),
        (fy::fy_label(fy), 1),
        (format!("{fy}年度"), 1),
        (fy::fy_short_label(fy), 1),
        (format!("{:02}", fy.rem_euclid(100)), 1),
    ]
}

fn draw_axis(p: &mut Painter, axis: &TimeAxis, scale: Scale, top: f32, h: f32) {
    let x_end = axis.x_end();
    // 年度 row.
    let mut fy = fy::fy_of(axis.from);
    let fy_h = AXIS_FY_H;
    while fy::fy_start(fy) <= axis.to {
        let s = fy::fy_start(fy).max(axis.from);
        let e = fy::fy_start(fy + 1).min(axis.to + Duration::days(1));
        let x1 = axis.x(s);
        let x2 = axis.x(e);
        p.rect(
            x1,
            top,
            x2 - x1,
            fy_h,
            Some(HEAD_FILL),
            Some(Stroke::solid(RULE, 0.25)),
        );
        for (cand, lines) in fy_label_candidates(fy) {
            let n = p.items.len();
            let f = p.boxed(
                [x1, top, x2 - x1, fy_h],
                [0.6, 0.5],
                &cand,
                FitRule {
                    size_pt: 8.5,
                    min_size_pt: 5.5,
                    max_lines: lines,
                },
                Anchor::Middle,
                INK,
            );
            if !f.truncated {
                break;
            }
            p.items.truncate(n);
        }
        fy += 1;
    }
    // Tick row.
    if scale != Scale::FiscalYear {
        let y = top + fy_h;
        let th = h - fy_h;
        let months = if scale == Scale::Month { 1 } else { 3 };
        let mut edges = vec![axis.from];
        edges.extend(boundaries(axis.from, axis.to, months));
        edges.push(axis.to + Duration::days(1));
        // Tick labels: one wording and one size for the whole row (the longest wording
        // that fits every tick), or none when even the shortest does not fit.
        let ticks: Vec<(f32, f32, [String; 2])> = edges
            .windows(2)
            .map(|w| {
                let mo = w[0].month();
                let cands = if months == 1 {
                    [format!("{mo}月"), format!("{mo}")]
                } else {
                    let q = (mo + 12 - 4) % 12 / 3 + 1;
                    let first = mo - (mo + 12 - 4) % 3;
                    let last = (first + 1) % 12 + 1;
                    [format!("{first}〜{last}月"), format!("{q}Q")]
                };
                (axis.x(w[0]), axis.x(w[1]), cands)
            })
            .collect();
        let mut choice = None;
        'pick: for ci in 0..2 {
            let mut size = 6.5f32;
            while size >= 5.0 - 1e-3 {
                // Partial ticks at the period's ends may be too narrow: they go unlabelled.
                let fits = ticks
                    .iter()
                    .filter(|t| t.1 - t.0 >= axis.mm_per_day * 27.0 * months as f32)
                    .all(|t| p.metrics.text_width_mm(&t.2[ci], size) <= t.1 - t.0 - 0.6);
                if fits {
                    choice = Some((ci, size));
                    break 'pick;
                }
                size -= 0.5;
            }
        }
        for (x1, x2, cands) in &ticks {
            p.rect(
                *x1,
                y,
                x2 - x1,
                th,
                Some(Rgb::WHITE),
                Some(Stroke::solid(GRID_TICK, 0.15)),
            );
            if let Some((ci, size)) = choice
                && p.metrics.text_width_mm(&cands[ci], size) <= x2 - x1 - 0.6
            {
                p.boxed(
                    [*x1, y, x2 - x1, th],
                    [0.3, 0.3],
                    &cands[ci],
                    FitRule {
                        size_pt: size,
                        min_size_pt: size,
                        max_lines: 1,
                    },
                    Anchor::Middle,
                    INK,
                );
            }
        }
        p.line(axis.x0, y, x_end, y, Stroke::solid(RULE, 0.25));
    }
}

fn draw_grid(p: &mut Painter, axis: &TimeAxis, scale: Scale, y1: f32, y2: f32) {
    let months = match scale {
        Scale::Month => 1,
        Scale::Quarter | Scale::FiscalYear => 3,
    };
    let tick_w = axis.mm_per_day * 30.4 * months as f32;
    if tick_w >= 2.0 {
        for d in boundaries(axis.from, axis.to, months) {
            if !(d.month() == 4 && d.day() == 1) {
                let x = axis.x(d);
                p.line(x, y1, x, y2, Stroke::solid(GRID_TICK, 0.12));
            }
        }
    }
    let mut fy = fy::fy_of(axis.from) + 1;
    while fy::fy_start(fy) <= axis.to {
        let x = axis.x(fy::fy_start(fy));
        p.line(x, y1, x, y2, Stroke::solid(GRID_FY, 0.25));
        fy += 1;
    }
}

/// Horizontal extent of a span on the axis, clipped; flags say which ends were cut.
struct Clipped {
    x1: f32,
    x2: f32,
    cut_left: bool,
    cut_right: bool,
}

fn clip(axis: &TimeAxis, start: NaiveDate, end_incl: NaiveDate) -> Option<Clipped> {
    let (start, end_incl) = if start <= end_incl {
        (start, end_incl)
    } else {
        (end_incl, start)
    };
    let cut_left = start < axis.from;
    let cut_right = end_incl > axis.to;
    if end_incl < axis.from || start > axis.to {
        return None;
    }
    let x1 = axis.x(start.max(axis.from));
    let x2 = axis.x(end_incl.min(axis.to) + Duration::days(1));
    Some(Clipped {
        x1,
        x2,
        cut_left,
        cut_right,
    })
}

/// Bar lanes within a row of height `h` (top offsets and heights).
struct Lanes {
    plan: (f32, f32),
    baseline: (f32, f32),
    actual: (f32, f32),
}

fn lanes(y: f32, h: f32) -> Lanes {
    let u = h / 8.0;
    Lanes {
        plan: (y + 1.0 * u, 2.8 * u),
        baseline: (y + 4.0 * u, 0.9 * u),
        actual: (y + 5.1 * u, 1.9 * u),
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_rows(
    p: &mut Painter,
    chart: &GanttChart,
    rows: &[GanttRow],
    spec: &PageSpec,
    col_w: &[f32],
    x0: f32,
    top: f32,
    axis: &TimeAxis,
) -> f32 {
    let x_end = axis.x_end();
    // Positions first (dependency arrows need both ends).
    let mut placed = Vec::with_capacity(rows.len());
    let mut y = top;
    for r in rows {
        let h = row_height(r.kind, spec);
        placed.push(Placed { y, h });
        y += h;
    }
    let bottom = y;
    // Backgrounds.
    for (r, pl) in rows.iter().zip(&placed) {
        if r.kind == RowKind::Group {
            p.rect(x0, pl.y, x_end - x0, pl.h, Some(GROUP_FILL), None);
        }
    }
    draw_grid(p, axis, spec.scale, top, bottom);
    // Cells and separators.
    for (r, pl) in rows.iter().zip(&placed) {
        let mut x = x0;
        let mut i = 0;
        while i < col_w.len() {
            let mut w = col_w[i];
            let text = r.cells.get(i).map(String::as_str).unwrap_or("");
            let mut j = i + 1;
            if r.kind == RowKind::Group {
                while j < col_w.len() && r.cells.get(j).is_none_or(|c| c.trim().is_empty()) {
                    w += col_w[j];
                    j += 1;
                }
            }
            let (color, size, anchor) = match r.kind {
                RowKind::Group => (INK, 8.5, Anchor::Start),
                RowKind::Item => (INK, 8.0, Anchor::Start),
                RowKind::Reference => (MUTED, 7.5, Anchor::Start),
            };
            p.boxed(
                [x, pl.y, w, pl.h],
                CELL_PAD,
                text,
                FitRule {
                    size_pt: size,
                    min_size_pt: 5.0,
                    max_lines: 3,
                },
                anchor,
                color,
            );
            x += w;
            if j < col_w.len() || i + 1 < col_w.len() {
                p.line(x, pl.y, x, pl.y + pl.h, Stroke::solid(GRID_TICK, 0.15));
            }
            i = j;
        }
        p.line(
            x0,
            pl.y + pl.h,
            x_end,
            pl.y + pl.h,
            Stroke::solid(GRID_TICK, 0.15),
        );
    }
    // Table / chart divider.
    p.line(axis.x0, top, axis.x0, bottom, Stroke::solid(RULE, 0.35));
    // Bars.
    let mut ends: HashMap<&str, (f32, f32, bool)> = HashMap::new();
    let mut starts: Vec<(usize, f32, f32)> = Vec::new();
    for (idx, (r, pl)) in rows.iter().zip(&placed).enumerate() {
        let ln = lanes(pl.y, pl.h);
        if r.kind == RowKind::Group {
            if let Some((s, e)) = r.plan {
                draw_summary_bar(p, axis, s, e, pl);
            }
        } else {
            if let Some((s, e)) = r.baseline
                && let Some(c) = clip(axis, s, e)
            {
                p.rect(
                    c.x1,
                    ln.baseline.0,
                    c.x2 - c.x1,
                    ln.baseline.1,
                    None,
                    Some(Stroke::solid(BASELINE_EDGE, 0.2)),
                );
            }
            if let Some((s, e)) = r.plan {
                draw_plan_bar(p, axis, r, s, e, &ln, x_end);
            }
            if let Some((s, e)) = r.actual {
                let e = e.unwrap_or(chart.today.max(s));
                if let Some(c) = clip(axis, s, e) {
                    p.rect(
                        c.x1,
                        ln.actual.0,
                        (c.x2 - c.x1).max(0.3),
                        ln.actual.1,
                        Some(ACTUAL_FILL),
                        None,
                    );
                    cut_marks(p, &c, ln.actual, Rgb::WHITE);
                }
            }
        }
        for d in &r.milestones {
            if *d >= axis.from && *d <= axis.to {
                let hs = (pl.h * 0.2).min(1.8);
                let cx = (axis.x(*d) + axis.mm_per_day / 2.0).clamp(axis.x0 + hs, x_end - hs);
                let cy = ln.plan.0 + ln.plan.1 / 2.0;
                p.polygon(
                    vec![[cx, cy - hs], [cx + hs, cy], [cx, cy + hs], [cx - hs, cy]],
                    Some(INK),
                    Some(Stroke::solid(Rgb::WHITE, 0.15)),
                );
            }
        }
        if let Some((s, e)) = r.plan {
            let cy = ln.plan.0 + ln.plan.1 / 2.0;
            if let Some(c) = clip(axis, s, e) {
                if let Some(k) = r.key.as_deref() {
                    ends.insert(k, (c.x2, cy, c.cut_right));
                }
                if !c.cut_left {
                    starts.push((idx, c.x1, cy));
                }
            }
        }
    }
    // Dependency arrows (both ends on this page).
    for (idx, x2, y2) in starts {
        for dep in &rows[idx].depends_on {
            if let Some(&(x1, y1, cut)) = ends.get(dep.as_str())
                && !cut
            {
                draw_dependency(p, x1, y1, x2, y2, &placed[idx]);
            }
        }
    }
    bottom
}

fn draw_summary_bar(p: &mut Painter, axis: &TimeAxis, s: NaiveDate, e: NaiveDate, pl: &Placed) {
    let Some(c) = clip(axis, s, e) else { return };
    let y = pl.y + pl.h * 0.55;
    let bh = pl.h * 0.16;
    p.rect(c.x1, y, c.x2 - c.x1, bh, Some(INK), None);
    let t = (pl.h * 0.18).min(1.4).min((c.x2 - c.x1) / 2.0);
    if !c.cut_left {
        p.polygon(
            vec![[c.x1, y], [c.x1 + t, y], [c.x1, y + bh + t]],
            Some(INK),
            None,
        );
    }
    if !c.cut_right {
        p.polygon(
            vec![[c.x2 - t, y], [c.x2, y], [c.x2, y + bh + t]],
            Some(INK),
            None,
        );
    }
}

fn draw_plan_bar(
    p: &mut Painter,
    axis: &TimeAxis,
    r: &GanttRow,
    s: NaiveDate,
    e: NaiveDate,
    ln: &Lanes,
    x_end: f32,
) {
    let Some(c) = clip(axis, s, e) else {
        // Entirely outside the period: a small arrow at the side it lies on.
        let cy = ln.plan.0 + ln.plan.1 / 2.0;
        let hh = ln.plan.1 / 2.0;
        let (tip, back) = if e < axis.from {
            (axis.x0 + 0.3, axis.x0 + 0.3 + hh * 1.4)
        } else {
            (x_end - 0.3, x_end - 0.3 - hh * 1.4)
        };
        p.polygon(
            vec![[tip, cy], [back, cy - hh], [back, cy + hh]],
            Some(MUTED),
            None,
        );
        return;
    };
    let (y, h) = ln.plan;
    let w = (c.x2 - c.x1).max(0.3);
    let (fill, edge, hatch) = if r.kind == RowKind::Reference {
        (Some(GREY_FILL), Stroke::dashed(MUTED, 0.2, 0.8, 0.5), None)
    } else {
        match r.status {
            BarStatus::NotStarted => (Some(Rgb::WHITE), Stroke::solid(PLAN_EDGE, 0.3), None),
            BarStatus::InProgress => (Some(PLAN_FILL), Stroke::solid(PLAN_EDGE, 0.3), None),
            BarStatus::Done => (Some(DONE_FILL), Stroke::solid(INK, 0.3), None),
            BarStatus::Late => (
                Some(LATE_FILL),
                Stroke::solid(LATE_INK, 0.35),
                Some(Hatch {
                    kind: HatchKind::Cross,
                    color: LATE_INK,
                    spacing_mm: 1.0,
                    width_mm: 0.12,
                }),
            ),
            BarStatus::Cancelled => (
                Some(GREY_FILL),
                Stroke::solid(MUTED, 0.25),
                Some(Hatch {
                    kind: HatchKind::Diagonal,
                    color: MUTED,
                    spacing_mm: 0.9,
                    width_mm: 0.12,
                }),
            ),
            BarStatus::NotApplicable => {
                (Some(Rgb::WHITE), Stroke::dashed(MUTED, 0.2, 0.6, 0.6), None)
            }
        }
    };
    p.hatched(c.x1, y, w, h, fill, None, hatch);
    if let Some(pr) = r.progress
        && r.kind != RowKind::Reference
        && !matches!(
            r.status,
            BarStatus::Done | BarStatus::NotApplicable | BarStatus::Cancelled
        )
        && pr > 0
    {
        // Progress of the whole planned span, clipped to what is visible.
        let full1 = axis.x(s.min(e));
        let full2 = axis.x(s.max(e) + Duration::days(1));
        let px = (full1 + (full2 - full1) * f32::from(pr.min(100)) / 100.0).clamp(c.x1, c.x2);
        if px > c.x1 {
            p.rect(
                c.x1,
                y + h * 0.3,
                px - c.x1,
                h * 0.4,
                Some(PROGRESS_FILL),
                None,
            );
        }
    }
    p.rect(c.x1, y, w, h, None, Some(edge));
    cut_marks(p, &c, (y, h), INK);
    // Status label where the pattern alone might not be known.
    if r.kind != RowKind::Reference
        && matches!(
            r.status,
            BarStatus::Late | BarStatus::Cancelled | BarStatus::NotApplicable
        )
    {
        let size = (h / MM_PER_PT * 0.95).clamp(5.0, 7.0);
        let label = r.status.label();
        let tw = p.metrics.text_width_mm(label, size);
        let base = y + h / 2.0 + size * MM_PER_PT * 0.35;
        let color = if r.status == BarStatus::Late {
            LATE_INK
        } else {
            MUTED
        };
        if c.x2 + 0.8 + tw <= x_end - 0.5 {
            p.label(c.x2 + 0.8, base, size, label, Anchor::Start, color, None);
        } else if c.x1 - 0.8 - tw >= axis.x0 + 0.5 {
            p.label(c.x1 - 0.8, base, size, label, Anchor::End, color, None);
        }
    }
}

/// Arrow-ish ends where a bar was cut by the period: a triangle pointing outwards.
fn cut_marks(p: &mut Painter, c: &Clipped, lane: (f32, f32), color: Rgb) {
    let (y, h) = lane;
    let len = (h * 0.8).min((c.x2 - c.x1) / 2.0);
    if len <= 0.2 {
        return;
    }
    if c.cut_left {
        p.polygon(
            vec![[c.x1, y + h / 2.0], [c.x1 + len, y], [c.x1 + len, y + h]],
            Some(color),
            None,
        );
    }
    if c.cut_right {
        p.polygon(
            vec![[c.x2, y + h / 2.0], [c.x2 - len, y], [c.x2 - len, y + h]],
            Some(color),
            None,
        );
    }
}

fn draw_dependency(p: &mut Painter, x1: f32, y1: f32, x2: f32, y2: f32, target: &Placed) {
    let s = Stroke::solid(INK, 0.2);
    let head = 1.2;
    let jog = 1.2;
    let pts = if x2 - head >= x1 + jog {
        vec![[x1, y1], [x1 + jog, y1], [x1 + jog, y2], [x2 - head, y2]]
    } else {
        // Go round: down to the gap above the target row, back left, then in.
        let gap = if y2 > y1 {
            target.y + 0.3
        } else {
            target.y + target.h - 0.3
        };
        let xl = x2 - head - jog;
        vec![
            [x1, y1],
            [x1 + jog, y1],
            [x1 + jog, gap],
            [xl, gap],
            [xl, y2],
            [x2 - head, y2],
        ]
    };
    p.polyline(pts, s);
    p.polygon(
        vec![
            [x2, y2],
            [x2 - head, y2 - head * 0.5],
            [x2 - head, y2 + head * 0.5],
        ],
        Some(INK),
        None,
    );
}

fn draw_today(p: &mut Painter, axis: &TimeAxis, today: NaiveDate, y1: f32, y2: f32) {
    if today < axis.from || today > axis.to {
        return;
    }
    let x = axis.x(today);
    p.line(x, y1, x, y2, Stroke::dashed(TODAY, 0.35, 1.5, 0.8));
    p.polygon(
        vec![[x - 1.1, y1], [x + 1.1, y1], [x, y1 + 1.6]],
        Some(TODAY),
        None,
    );
}

/// Legend and notes in the footer band.
fn draw_legend(p: &mut Painter, chart: &GanttChart, sheet: &Sheet) {
    let (pw, ph) = sheet.size_mm();
    let m = sheet.margins_mm;
    let y = ph - m - FOOTER_H + 1.2;
    let limit = pw - m - PAGE_NO_W;
    let size = 6.5;
    let bh = 2.4;
    let mut x = m;
    let mut line = 0;
    let mut place = |p: &mut Painter, sw: f32, label: &str| -> Option<(f32, f32)> {
        let tw = p.metrics.text_width_mm(label, size);
        if x + sw + 1.0 + tw > limit && line == 0 {
            line = 1;
            x = m;
        }
        if x + sw + 1.0 + tw > limit {
            return None;
        }
        let yy = y + line as f32 * 4.2;
        let at = (x, yy);
        p.label(
            x + sw + 1.0,
            yy + bh - 0.1,
            size,
            label,
            Anchor::Start,
            INK,
            None,
        );
        x += sw + 1.0 + tw + 3.5;
        Some(at)
    };
    let sw = 7.0;
    if let Some((x, y)) = place(p, sw, "計画 (未着手)") {
        p.rect(
            x,
            y,
            sw,
            bh,
            Some(Rgb::WHITE),
            Some(Stroke::solid(PLAN_EDGE, 0.3)),
        );
    }
    if let Some((x, y)) = place(p, sw, "作業中 (濃部分=進捗率)") {
        p.rect(x, y, sw, bh, Some(PLAN_FILL), None);
        p.rect(
            x,
            y + bh * 0.3,
            sw * 0.5,
            bh * 0.4,
            Some(PROGRESS_FILL),
            None,
        );
        p.rect(x, y, sw, bh, None, Some(Stroke::solid(PLAN_EDGE, 0.3)));
    }
    if let Some((x, y)) = place(p, sw, "完了") {
        p.rect(x, y, sw, bh, Some(DONE_FILL), Some(Stroke::solid(INK, 0.3)));
    }
    if let Some((x, y)) = place(p, sw, "遅延") {
        p.hatched(
            x,
            y,
            sw,
            bh,
            Some(LATE_FILL),
            Some(Stroke::solid(LATE_INK, 0.35)),
            Some(Hatch {
                kind: HatchKind::Cross,
                color: LATE_INK,
                spacing_mm: 1.0,
                width_mm: 0.12,
            }),
        );
    }
    if let Some((x, y)) = place(p, sw, "中止") {
        p.hatched(
            x,
            y,
            sw,
            bh,
            Some(GREY_FILL),
            Some(Stroke::solid(MUTED, 0.25)),
            Some(Hatch {
                kind: HatchKind::Diagonal,
                color: MUTED,
                spacing_mm: 0.9,
                width_mm: 0.12,
            }),
        );
    }
    if let Some((x, y)) = place(p, sw, "対象外") {
        p.rect(
            x,
            y,
            sw,
            bh,
            Some(Rgb::WHITE),
            Some(Stroke::dashed(MUTED, 0.2, 0.6, 0.6)),
        );
    }
    if let Some((x, y)) = place(p, sw, "実績") {
        p.rect(x, y + bh * 0.2, sw, bh * 0.6, Some(ACTUAL_FILL), None);
    }
    if let Some((x, y)) = place(p, sw, "当初計画") {
        p.rect(
            x,
            y + bh * 0.3,
            sw,
            bh * 0.4,
            None,
            Some(Stroke::solid(BASELINE_EDGE, 0.2)),
        );
    }
    if let Some((x, y)) = place(p, sw, "【参考】国の工程等") {
        p.rect(
            x,
            y,
            sw,
            bh,
            Some(GREY_FILL),
            Some(Stroke::dashed(MUTED, 0.2, 0.8, 0.5)),
        );
    }
    if let Some((x, y)) = place(p, 3.0, "目標時期・節目") {
        let (cx, cy, hs) = (x + 1.5, y + bh / 2.0, 1.4);
        p.polygon(
            vec![[cx, cy - hs], [cx + hs, cy], [cx, cy + hs], [cx - hs, cy]],
            Some(INK),
            None,
        );
    }
    if let Some((x, y)) = place(p, 5.0, "先行作業の完了後に開始") {
        p.line(
            x,
            y + bh / 2.0,
            x + 4.0,
            y + bh / 2.0,
            Stroke::solid(INK, 0.2),
        );
        p.polygon(
            vec![
                [x + 5.0, y + bh / 2.0],
                [x + 3.8, y + bh / 2.0 - 0.6],
                [x + 3.8, y + bh / 2.0 + 0.6],
            ],
            Some(INK),
            None,
        );
    }
    let today_label = format!("基準日 {}", fy::wareki(chart.today));
    if let Some((x, y)) = place(p, 3.0, &today_label) {
        p.line(
            x + 1.5,
            y - 0.3,
            x + 1.5,
            y + bh + 0.3,
            Stroke::dashed(TODAY, 0.35, 0.8, 0.5),
        );
    }
    // Notes on the last line, after whatever the legend left.
    let notes: Vec<&str> = chart
        .notes
        .iter()
        .map(String::as_str)
        .filter(|n| !n.trim().is_empty())
        .collect();
    if !notes.is_empty() {
        let yy = ph - m - 1.0;
        let start = if line == 0 { m } else { x };
        let w = limit - start;
        if w > 20.0 {
            p.label(
                start,
                yy,
                size,
                &notes.join("　"),
                Anchor::Start,
                MUTED,
                Some(w),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
