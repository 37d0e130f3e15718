//! The クリティカルパス on the 工程表 PDF of the demo city: the outlined rows are the hand-computed chain, every
//! outline stays on its page, and the legend names it only when it is drawn.

use super::*;
use crate::layout::{self, Item, Rgb};

const PURPLE: Rgb = Rgb(0x7e, 0x22, 0xce);

fn demo() -> Workbook {
    crate::data::demo::demo_workbook().unwrap()
}

fn id_of(wb: &Workbook, name: &str) -> i64 {
    wb.tasks
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("the demo has {name}"))
        .id
}

fn options(to: Option<CriticalTo>) -> DocumentOptions {
    let mut o = DocumentOptions::new(ExportKind::Roadmap, crate::data::demo::as_of());
    o.view_options.critical_path = to;
    o
}

fn marked(wb: &Workbook, to: Option<CriticalTo>) -> Vec<String> {
    let mut keys: Vec<String> = roadmap_chart(wb, &options(to).view_options)
        .rows
        .into_iter()
        .filter(|r| r.critical)
        .filter_map(|r| r.key)
        .collect();
    keys.sort();
    keys
}

#[test]
fn the_outlined_rows_are_the_hand_computed_path_to_the_milestone() {
    let wb = demo();
    // 全業務の移行計画の策定 → 標準準拠システムへの移行（全20業務） → ◆ 移行完了報告: the only chain into it
    let plan = id_of(&wb, "全業務の移行計画の策定");
    let migrate = id_of(&wb, "標準準拠システムへの移行（全20業務）");
    let report = id_of(&wb, "移行完了報告");
    let mut want = vec![
        format!("t{plan}"),
        format!("t{migrate}"),
        format!("t{report}"),
    ];
    want.sort();
    assert_eq!(marked(&wb, Some(CriticalTo::Task(report))), want);
    // to a task with no predecessor: that task alone
    assert_eq!(
        marked(&wb, Some(CriticalTo::Task(plan))),
        vec![format!("t{plan}")]
    );
    assert!(marked(&wb, None).is_empty(), "off unless asked for");
}

#[test]
fn the_default_path_runs_to_the_task_that_ends_last() {
    let wb = demo();
    let last = crate::model::scheduling::latest_ending(&wb).expect("the demo has plans");
    let path = crate::model::scheduling::critical_path(&wb, None).unwrap();
    assert_eq!(path.last(), Some(&last));
    let mut want: Vec<String> = path.iter().map(|id| format!("t{id}")).collect();
    want.sort();
    assert_eq!(marked(&wb, Some(CriticalTo::Latest)), want);
}

fn purple_items(p: &layout::Page) -> Vec<[f32; 4]> {
    p.items
        .iter()
        .filter_map(|it| match it {
            Item::Rect {
                x,
                y,
                w,
                h,
                stroke: Some(s),
                ..
            } if s.color == PURPLE => Some([*x, *y, *w, *h]),
            Item::Polygon {
                points,
                stroke: Some(s),
                ..
            } if s.color == PURPLE => {
                let xs = points.iter().map(|p| p[0]);
                let ys = points.iter().map(|p| p[1]);
                let (x0, x1) = (
                    xs.clone().fold(f32::MAX, f32::min),
                    xs.fold(f32::MIN, f32::max),
                );
                let (y0, y1) = (
                    ys.clone().fold(f32::MAX, f32::min),
                    ys.fold(f32::MIN, f32::max),
                );
                Some([x0, y0, x1 - x0, y1 - y0])
            }
            _ => None,
        })
        .collect()
}

fn says(p: &layout::Page, text: &str) -> bool {
    p.items
        .iter()
        .any(|it| matches!(it, Item::Text { text: t, .. } if t == text))
}

#[test]
fn every_outline_stays_on_its_page_and_the_legend_names_it_only_when_drawn() {
    let wb = demo();
    let report = id_of(&wb, "移行完了報告");
    let m = layout::FontMetrics::approximate();
    for paper in [layout::Paper::A3, layout::Paper::A4] {
        let mut o = options(Some(CriticalTo::Task(report)));
        o.paper = paper;
        let doc = document(&wb, &o, &m).unwrap();
        let mut outlines = 0;
        for (i, p) in doc.pages.iter().enumerate() {
            let items = purple_items(p);
            for [x, y, w, h] in &items {
                assert!(
                    *x >= 0.0 && *y >= 0.0 && x + w <= p.width_mm && y + h <= p.height_mm,
                    "{paper:?} page {}: outline {x},{y} {w}×{h} leaves the page",
                    i + 1
                );
            }
            let in_chart = items.len() > 1; // the legend's swatch is one
            if in_chart {
                assert!(
                    says(p, "クリティカルパス"),
                    "{paper:?} page {}: legend",
                    i + 1
                );
            }
            outlines += items.len();
        }
        assert!(
            outlines >= 3,
            "{paper:?}: three outlined tasks drawn ({outlines} items)"
        );
        let off = document(&wb, &options(None), &m).unwrap();
        assert!(
            off.pages
                .iter()
                .all(|p| purple_items(p).is_empty() && !says(p, "クリティカルパス")),
            "nothing purple and no legend entry without the option"
        );
    }
}
