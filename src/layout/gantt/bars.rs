//! The rows of a Gantt page: table cells, plan / actual / baseline bars in their lanes, progress, milestones,
//! cut marks where the period clips a bar, and finish-to-start dependency arrows.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::axis::draw_grid;
use super::*;
use crate::layout::doc::{Anchor, Hatch, HatchKind, Painter, Stroke};
use crate::layout::frame::{INK, MUTED, RULE};
use crate::layout::metrics::MM_PER_PT;
use crate::layout::text::FitRule;

/// Where a row sits on a page.
struct Placed {
    y: f32,
    h: f32,
}

/// Horizontal extent of a span on the axis, clipped; flags say which ends were cut.
pub(super) struct Clipped {
    pub(super) x1: f32,
    pub(super) x2: f32,
    pub(super) cut_left: bool,
    pub(super) cut_right: bool,
}

pub(super) fn clip(axis: &TimeAxis, start: NaiveDate, end_incl: NaiveDate) -> Option<Clipped> {
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
pub(super) fn draw_rows(
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
                let avoid = line_span(chart, axis, r);
                draw_plan_bar(p, axis, r, s, e, &ln, x_end, avoid);
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
    draw_critical(p, axis, rows, &placed, x_end);
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
    if chart.progress_line {
        let bands: Vec<(f32, f32)> = placed.iter().map(|pl| (pl.y, pl.h)).collect();
        super::inazuma::draw(p, rows, &bands, axis, chart.today);
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

/// Where the イナズマ線 runs across a row, `(left, right)` in mm: from the 基準日 to the row's progress point (the
/// 基準日 alone where it does not bend), or `None` when the chart draws no line on this page.
fn line_span(chart: &GanttChart, axis: &TimeAxis, r: &GanttRow) -> Option<(f32, f32)> {
    if !chart.progress_line || chart.today < axis.from || chart.today > axis.to {
        return None;
    }
    let xs = axis.x(chart.today);
    let x = super::inazuma::progress_point(r, chart.today)
        .filter(|pp| pp.days_ahead != 0)
        .map_or(xs, |pp| axis.x(pp.date).clamp(axis.x0, axis.x_end()));
    Some((xs.min(x), xs.max(x)))
}

/// Where a status label of `tw` mm goes beside a bar clipped to `c`: after the bar, else before it, else after the
/// イナズマ線; never across the line's span `avoid` in this row (the line would strike the word through). `None`
/// when no place fits.
pub(super) fn label_x(
    c: (f32, f32),
    tw: f32,
    chart_x: (f32, f32),
    avoid: Option<(f32, f32)>,
) -> Option<(f32, Anchor)> {
    const GAP: f32 = 0.8;
    let (x1, x2) = c;
    let (lo, hi) = (chart_x.0 + 0.5, chart_x.1 - 0.5);
    let clear = |a: f32, b: f32| avoid.is_none_or(|(l, r)| b < l - 0.3 || a > r + 0.3);
    let mut candidates = vec![
        (x2 + GAP, x2 + GAP + tw, Anchor::Start),
        (x1 - GAP - tw, x1 - GAP, Anchor::End),
    ];
    if let Some((_, r)) = avoid {
        candidates.push((r + GAP, r + GAP + tw, Anchor::Start));
    }
    candidates
        .into_iter()
        .find(|&(a, b, _)| a >= lo && b <= hi && clear(a, b))
        .map(|(a, b, anchor)| (if anchor == Anchor::Start { a } else { b }, anchor))
}

#[allow(clippy::too_many_arguments)]
fn draw_plan_bar(
    p: &mut Painter,
    axis: &TimeAxis,
    r: &GanttRow,
    s: NaiveDate,
    e: NaiveDate,
    ln: &Lanes,
    x_end: f32,
    avoid: Option<(f32, f32)>,
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
        if let Some((x, anchor)) = label_x((c.x1, c.x2), tw, (axis.x0, x_end), avoid) {
            p.label(x, base, size, label, anchor, color, None);
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

/// The クリティカルパス: an outline in its own colour around each of its bars and ◆ (on top of the bar).
fn draw_critical(
    p: &mut Painter,
    axis: &TimeAxis,
    rows: &[GanttRow],
    placed: &[Placed],
    x_end: f32,
) {
    let stroke = Stroke::solid(CRITICAL, CRITICAL_W);
    for (r, pl) in rows.iter().zip(placed).filter(|(r, _)| r.critical) {
        let ln = lanes(pl.y, pl.h);
        if let Some((s, e)) = r.plan
            && let Some(c) = clip(axis, s, e)
        {
            let pad = CRITICAL_W;
            p.rect(
                c.x1 - pad,
                ln.plan.0 - pad,
                (c.x2 - c.x1).max(0.3) + 2.0 * pad,
                ln.plan.1 + 2.0 * pad,
                None,
                Some(stroke.clone()),
            );
        }
        for d in r
            .milestones
            .iter()
            .filter(|d| **d >= axis.from && **d <= axis.to)
        {
            let hs = (pl.h * 0.2).min(1.8) + 0.6;
            let cx = (axis.x(*d) + axis.mm_per_day / 2.0).clamp(axis.x0 + hs, x_end - hs);
            let cy = ln.plan.0 + ln.plan.1 / 2.0;
            p.polygon(
                vec![[cx, cy - hs], [cx + hs, cy], [cx, cy + hs], [cx - hs, cy]],
                None,
                Some(stroke.clone()),
            );
        }
    }
}
