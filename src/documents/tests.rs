//! The documents of the demo city: each lays out on the chosen paper, keeps its texts inside their boxes, and
//! says what it said before (insta snapshots); the charts behind them carry what they promise.

use super::*;
use crate::layout::Paper;

fn demo() -> Workbook {
    crate::data::demo::demo_workbook().unwrap()
}

#[test]
fn every_view_of_the_demo_lays_out_with_pages_of_the_chosen_paper() {
    let wb = demo();
    let m = FontMetrics::approximate();
    for view in ExportKind::WORKBOOK_DOCUMENTS {
        for paper in [Paper::A3, Paper::A4] {
            let mut o = DocumentOptions::new(view, crate::data::demo::as_of());
            o.paper = paper;
            let doc = document(&wb, &o, &m).unwrap_or_else(|e| panic!("{view:?} {paper:?}: {e}"));
            assert!(!doc.pages.is_empty(), "{view:?} has pages");
            let (w, h) = o.sheet().size_mm();
            for (i, p) in doc.pages.iter().enumerate() {
                assert_eq!(
                    (p.width_mm, p.height_mm),
                    (w, h),
                    "{view:?} {paper:?} page {} is {paper:?} landscape",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_council_bundle_numbers_every_page_x_of_y_once() {
    let wb = demo();
    let doc = document(
        &wb,
        &DocumentOptions::new(ExportKind::Council, crate::data::demo::as_of()),
        &FontMetrics::approximate(),
    )
    .unwrap();
    let n = doc.pages.len();
    assert!(n >= 8, "cover, contents and seven parts: {n}");
    for (i, p) in doc.pages.iter().enumerate() {
        let label = format!("{} / {}", i + 1, n);
        let count = p
            .items
            .iter()
            .filter(|it| matches!(it, layout::Item::Text { text, .. } if *text == label))
            .count();
        assert_eq!(count, 1, "page {} carries '{label}' exactly once", i + 1);
    }
}

/// What a page says, for snapshots: its size and its texts in drawing order.
fn digest(doc: &Document) -> Vec<(String, Vec<String>)> {
    doc.pages
        .iter()
        .map(|p| {
            let texts = p
                .items
                .iter()
                .filter_map(|it| match it {
                    layout::Item::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect();
            (format!("{:.0}×{:.0} mm", p.width_mm, p.height_mm), texts)
        })
        .collect()
}

#[test]
fn every_view_of_the_demo_keeps_its_texts_inside_their_boxes_and_apart() {
    let wb = demo();
    let m = layout::real_metrics();
    for view in ExportKind::WORKBOOK_DOCUMENTS {
        let o = DocumentOptions::new(view, crate::data::demo::as_of());
        let doc = document(&wb, &o, &m).unwrap();
        layout::assert_texts_inside(&doc, o.sheet().margins_mm, &m);
        for page in &doc.pages {
            layout::assert_no_text_overlaps(page, &m);
        }
    }
}

#[test]
fn every_view_of_the_demo_lays_out_as_recorded() {
    let wb = demo();
    let m = FontMetrics::approximate();
    for view in ExportKind::WORKBOOK_DOCUMENTS {
        let doc = document(
            &wb,
            &DocumentOptions::new(view, crate::data::demo::as_of()),
            &m,
        )
        .unwrap();
        insta::assert_yaml_snapshot!(format!("demo_{}", view.key()), digest(&doc));
    }
}

#[test]
fn view_names_parse_in_english_and_japanese() {
    assert_eq!(ExportKind::parse("council").unwrap(), ExportKind::Council);
    assert_eq!(ExportKind::parse("工程表").unwrap(), ExportKind::Roadmap);
    assert!(
        ExportKind::parse("gantt")
            .unwrap_err()
            .message
            .contains("roadmap")
    );
}

/// The 会議資料 of the demo: today its 基準日, the next meeting four weeks later, against its oldest baseline.
fn demo_meeting(wb: &Workbook) -> DocumentOptions {
    let today = crate::data::demo::as_of();
    let next = today + chrono::Duration::days(28);
    let baseline = wb.baselines.iter().min_by_key(|b| (b.taken_on, b.id));
    assert!(baseline.is_some(), "the demo has baselines");
    DocumentOptions::meeting(crate::query::review::review(wb, today, next, baseline))
}

#[test]
fn the_meeting_handout_of_the_demo_has_every_part_on_a4_pages_with_texts_inside() {
    let wb = demo();
    let o = demo_meeting(&wb);
    let review = o.review.clone().expect("a review");
    assert_eq!(o.paper, Paper::A4, "the handout is A4 landscape");
    let m = layout::real_metrics();
    let doc = document(&wb, &o, &m).unwrap();
    let (w, h) = o.sheet().size_mm();
    for (i, p) in doc.pages.iter().enumerate() {
        assert_eq!(
            (p.width_mm, p.height_mm),
            (w, h),
            "page {} is A4 landscape",
            i + 1
        );
    }
    layout::assert_texts_inside(&doc, o.sheet().margins_mm, &m);
    for page in &doc.pages {
        layout::assert_no_text_overlaps(page, &m);
    }
    // every part has pages of its own after the cover and the contents
    let b = review.baseline.clone().expect("compared with a baseline");
    let parts = [
        "担当課ごとの件数".to_string(),
        "遅延している行".to_string(),
        format!("基準計画「{b}」からずれた行"),
        format!(
            "次回会議（{}）までに期限が来る行",
            crate::calendar::wareki(review.next_meeting)
        ),
    ];
    let texts = digest(&doc);
    for part in &parts {
        assert!(
            texts
                .iter()
                .skip(2)
                .any(|(_, t)| t.iter().any(|x| x.contains(part.as_str()))),
            "part 「{part}」 has a page"
        );
    }
    assert!(
        texts[1]
            .1
            .iter()
            .any(|x| x.contains("工程表とイナズマ線（進捗線）")),
        "the contents list the 工程表 with its progress line"
    );
    assert!(
        texts
            .iter()
            .any(|(_, t)| t.iter().any(|x| x == "イナズマ線（進捗線）")),
        "the 工程表 in the handout names its progress line in the legend"
    );
    assert!(
        doc.pages.len() >= 2 + parts.len(),
        "cover, contents and {} parts",
        parts.len()
    );
    let n = doc.pages.len();
    for (i, p) in doc.pages.iter().enumerate() {
        let label = format!("{} / {}", i + 1, n);
        let count = p
            .items
            .iter()
            .filter(|it| matches!(it, layout::Item::Text { text, .. } if *text == label))
            .count();
        assert_eq!(count, 1, "page {} carries '{label}' exactly once", i + 1);
    }
}

#[test]
fn the_meeting_handout_of_the_demo_lays_out_as_recorded() {
    let wb = demo();
    let doc = document(&wb, &demo_meeting(&wb), &FontMetrics::approximate()).unwrap();
    insta::assert_yaml_snapshot!("demo_meeting", digest(&doc));
}

#[test]
fn the_meeting_handout_needs_its_review_and_the_excel_books_are_no_documents() {
    let wb = demo();
    let m = FontMetrics::approximate();
    for kind in [ExportKind::Meeting, ExportKind::Xlsx, ExportKind::National] {
        let o = DocumentOptions::new(kind, crate::data::demo::as_of());
        assert!(
            matches!(document(&wb, &o, &m), Err(LayoutError::Request(_))),
            "{kind:?}"
        );
    }
    assert_eq!(ExportKind::parse("meeting").unwrap(), ExportKind::Meeting);
    assert_eq!(ExportKind::parse("会議資料").unwrap(), ExportKind::Meeting);
    for kind in ExportKind::ALL {
        let key = serde_json::to_value(kind).unwrap();
        assert_eq!(
            key,
            serde_json::json!(kind.key()),
            "{kind:?} is sent as its key"
        );
        assert_eq!(ExportKind::parse(kind.key()).unwrap(), kind);
    }
}

/// The charts behind the documents.
mod charts {
    use super::*;
    use crate::layout::{GanttRow, Item, RowKind, Sheet, layout_gantt, layout_org};

    fn wb() -> Workbook {
        crate::data::demo::demo_workbook().expect("demo workbook")
    }

    fn texts(doc: &crate::layout::Document) -> Vec<String> {
        doc.pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_roadmap_view_groups_initiatives_as_the_national_guidance_does() {
        let wb = wb();
        let c = roadmap_chart(&wb, &ViewOptions::on(crate::data::demo::as_of()));
        let groups: Vec<&str> = c
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::Group)
            .map(|r| r.cells[0].as_str())
            .collect();
        assert!(!groups.is_empty(), "has group headings");
        for g in &groups {
            assert!(
                crate::model::InitiativeGroup::ALL
                    .iter()
                    .any(|x| x.label() == *g),
                "group {g} is a guidance group"
            );
        }
        let keys: std::collections::HashSet<_> =
            c.rows.iter().filter_map(|r| r.key.clone()).collect();
        for r in &c.rows {
            for d in &r.depends_on {
                assert!(
                    keys.contains(d),
                    "dependency {d} points at a row of the chart"
                );
            }
        }
        let doc =
            layout_gantt(&c, &default_spec(&wb), &FontMetrics::approximate()).expect("layout");
        assert!(!doc.pages.is_empty());
    }

    #[test]
    fn the_migration_view_shows_completion_rate_and_marks_specified_systems() {
        let wb = wb();
        let opts = ViewOptions::on(crate::data::demo::as_of());
        let c = migration_chart(&wb, &opts, true);
        let heads: Vec<&GanttRow> = c.rows.iter().filter(|r| r.kind == RowKind::Group).collect();
        assert_eq!(heads.len(), wb.systems.len(), "one heading per system");
        assert!(
            heads
                .iter()
                .all(|h| h.cells[2].ends_with('%') || h.cells[2] == "—"),
            "完了率 per system"
        );
        if wb.systems.iter().any(|s| s.specified) {
            assert!(
                heads.iter().any(|h| h.cells[0].contains("特定移行支援")),
                "特定移行支援 marked"
            );
        }
        let summary = migration_chart(&wb, &opts, false);
        assert_eq!(
            summary.rows.len(),
            wb.systems.len(),
            "summary: one row per system"
        );
        let spec = default_spec(&wb);
        let m = FontMetrics::approximate();
        let doc = layout_gantt(&c, &spec, &m).expect("layout");
        assert!(doc.pages.len() > 1, "hundreds of step rows tile over pages");
        assert!(texts(&doc).iter().any(|t| t.contains('%')), "rates printed");
    }

    #[test]
    fn procedures_training_and_org_views_lay_out() {
        let wb = wb();
        let opts = ViewOptions::on(crate::data::demo::as_of());
        let m = FontMetrics::approximate();
        let p = procedures_chart(&wb, &opts);
        assert_eq!(
            p.rows.iter().filter(|r| r.kind == RowKind::Item).count(),
            wb.procedures.len(),
            "every procedure"
        );
        layout_gantt(&p, &default_spec(&wb), &m).expect("procedures layout");
        let t = training_chart(&wb, &opts);
        let (from, to) = period_of(&t);
        let mut spec = default_spec(&wb);
        spec.from = from;
        spec.to = to;
        layout_gantt(&t, &spec, &m).expect("training layout");
        let o = org_chart(&wb, &opts);
        assert!(o.nodes.len() > wb.units.len() - 1, "every unit is a node");
        let doc = layout_org(&o, &Sheet::a3_landscape(), &m).expect("org layout");
        assert!(!doc.pages.is_empty());
    }
}

#[test]
fn the_trend_page_alone_is_one_numbered_page_and_none_without_a_history() {
    let mut wb = demo();
    let m = FontMetrics::approximate();
    let o = DocumentOptions::new(ExportKind::Council, crate::data::demo::as_of());
    let doc = trend::trend_document(&wb, &o, &m)
        .expect("lays out")
        .expect("the demo has a history to draw");
    assert_eq!(doc.pages.len(), 1, "one page");
    assert!(
        doc.title
            .starts_with("標準化 完了率の推移（令和4年4月〜令和7年11月"),
        "the heading names the range: {}",
        doc.title
    );
    wb.progress.clear();
    assert!(
        trend::trend_document(&wb, &o, &m)
            .expect("lays out")
            .is_none(),
        "no history, no chart"
    );
}
