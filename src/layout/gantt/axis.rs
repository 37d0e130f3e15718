//! The header band of a Gantt page: the table column headings, the 年度 axis with its month or quarter ticks,
//! the grid under it and the 基準日 line.

use chrono::{Datelike, Duration, NaiveDate};

use super::*;
use crate::layout::doc::{Anchor, Painter, Stroke};
use crate::layout::frame::{INK, RULE};
use crate::layout::text::FitRule;

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

pub(super) fn draw_table_header(
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

pub(super) fn draw_axis(p: &mut Painter, axis: &TimeAxis, scale: Scale, top: f32, h: f32) {
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

pub(super) fn draw_grid(p: &mut Painter, axis: &TimeAxis, scale: Scale, y1: f32, y2: f32) {
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

pub(super) fn draw_today(p: &mut Painter, axis: &TimeAxis, today: NaiveDate, y1: f32, y2: f32) {
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
