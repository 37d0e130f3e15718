//! The red 「遅延」 label of a late row and the イナズマ線 never cross on the demo's 工程表 and 標準化 PDFs: the line
//! runs from the 基準日 to the row's progress point, right where the label used to sit after a late bar.

use super::*;
use crate::layout::{self, Item, MM_PER_PT, Rgb};

const INAZUMA: Rgb = Rgb(0xd9, 0x5f, 0x0e);
const STATUS_LABELS: [&str; 3] = ["遅延", "中止", "対象外"];

/// The box a label covers, `[x0, y0, x1, y1]` (a little taller than the glyphs' ascent and descent).
fn label_box(x: f32, y: f32, size_pt: f32, w: f32, anchor: layout::Anchor) -> [f32; 4] {
    let x0 = match anchor {
        layout::Anchor::Start => x,
        layout::Anchor::Middle => x - w / 2.0,
        layout::Anchor::End => x - w,
    };
    let em = size_pt * MM_PER_PT;
    [x0, y - em * 0.9, x0 + w, y + em * 0.2]
}

/// Whether the segment a–b passes through the box (sampled finely: the boxes are a few mm wide).
fn crosses(a: [f32; 2], b: [f32; 2], r: [f32; 4]) -> bool {
    (0..=400).any(|i| {
        let t = i as f32 / 400.0;
        let (x, y) = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
        x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3]
    })
}

fn check(view: ExportKind) -> usize {
    let wb = crate::data::demo::demo_workbook().unwrap();
    let o = DocumentOptions::new(view, crate::data::demo::as_of());
    let doc = document(&wb, &o, &layout::real_metrics()).unwrap();
    let mut labels_near_line = 0;
    for (i, page) in doc.pages.iter().enumerate() {
        let lines: Vec<&Vec<[f32; 2]>> = page
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Line { points, stroke } if stroke.color == INAZUMA && points.len() > 5 => {
                    Some(points)
                }
                _ => None,
            })
            .collect();
        for it in &page.items {
            let Item::Text {
                x,
                y,
                size_pt,
                text,
                anchor,
                w,
                bounds: None,
                ..
            } = it
            else {
                continue;
            };
            if !STATUS_LABELS.contains(&text.as_str()) {
                continue;
            }
            let b = label_box(*x, *y, *size_pt, *w, *anchor);
            for line in &lines {
                let (lo, hi) = line
                    .iter()
                    .fold((f32::MAX, f32::MIN), |(l, h), p| (l.min(p[0]), h.max(p[0])));
                if b[2] > lo - 20.0 && b[0] < hi + 20.0 {
                    labels_near_line += 1;
                }
                for s in line.windows(2) {
                    assert!(
                        !crosses(s[0], s[1], b),
                        "{view:?} page {}: the イナズマ線 segment {:?}→{:?} crosses the label 「{text}」 at {b:?}",
                        i + 1,
                        s[0],
                        s[1]
                    );
                }
            }
        }
    }
    labels_near_line
}

#[test]
fn no_status_label_of_the_demo_roadmap_is_crossed_by_the_progress_line() {
    let near = check(ExportKind::Roadmap);
    assert!(
        near >= 1,
        "the demo has late rows whose label sits near the line ({near}), so the check can fail"
    );
}

#[test]
fn no_status_label_of_the_demo_migration_chart_is_crossed_by_the_progress_line() {
    check(ExportKind::Migration);
}
