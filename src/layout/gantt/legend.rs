//! The footer band of a Gantt page: what each bar pattern means, then the chart's notes.

use super::*;
use crate::layout::doc::{Anchor, Hatch, HatchKind, Painter, Stroke};
use crate::layout::frame::{FOOTER_H, INK, MUTED, PAGE_NO_W};

/// Legend and notes in the footer band.
pub(super) fn draw_legend(p: &mut Painter, chart: &GanttChart, sheet: &Sheet) {
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
    if chart.progress_line
        && let Some((x, y)) = place(p, 5.0, "イナズマ線（進捗線）")
    {
        let s = Stroke::solid(super::inazuma::INAZUMA, super::inazuma::INAZUMA_W);
        p.polyline(
            vec![
                [x + 2.5, y - 0.4],
                [x + 2.5, y + 0.2],
                [x + 0.6, y + bh / 2.0],
                [x + 2.5, y + bh - 0.2],
                [x + 2.5, y + bh + 0.4],
            ],
            s,
        );
    }
    if chart.rows.iter().any(|r| r.critical)
        && let Some((x, y)) = place(p, 5.0, "クリティカルパス")
    {
        p.rect(
            x,
            y,
            5.0,
            bh,
            None,
            Some(Stroke::solid(CRITICAL, CRITICAL_W)),
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
