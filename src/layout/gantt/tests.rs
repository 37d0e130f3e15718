//! Invariants of the Gantt layout value, checked on the sample 工程表 and edge cases.

use chrono::{Duration, NaiveDate};

use super::*;
use crate::layout::doc::{Item, text_span_x};
use crate::layout::sample::sample_roadmap;
use crate::layout::{Document, Page};

pub(crate) fn real_metrics() -> FontMetrics {
    crate::render::Font::load()
        .expect("IPAex ゴシック (fonts-ipaexfont) is needed by the layout tests; set DXPLAN_FONT otherwise")
        .metrics
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

/// Every text lies inside its box (if it has one) and inside the page margins.
pub(crate) fn assert_texts_inside(doc: &Document, margin: f32, metrics: &FontMetrics) {
    for (pi, page) in doc.pages.iter().enumerate() {
        for it in &page.items {
            if let Item::Text {
                x,
                y,
                size_pt,
                text,
                anchor,
                w,
                bounds,
                ..
            } = it
            {
                let [l, r] = text_span_x(*x, *w, *anchor);
                let top = y - size_pt * MM_PER_PT * metrics.ascent_em();
                let bottom = y + size_pt * MM_PER_PT * metrics.descent_em();
                let eps = 0.02;
                assert!(
                    l >= margin - eps
                        && r <= page.width_mm - margin + eps
                        && top >= margin - eps
                        && bottom <= page.height_mm - margin + eps,
                    "page {}: text {text:?} [{l:.2}..{r:.2}]×[{top:.2}..{bottom:.2}] leaves the margins",
                    pi + 1
                );
                if let Some([bx, by, bw, bh]) = bounds {
                    assert!(
                        l >= bx - eps
                            && r <= bx + bw + eps
                            && top >= by - eps
                            && bottom <= by + bh + eps,
                        "page {}: text {text:?} [{l:.2}..{r:.2}]×[{top:.2}..{bottom:.2}] overflows its box {:?}",
                        pi + 1,
                        [bx, by, bw, bh]
                    );
                }
                assert!(
                    !text.chars().any(char::is_control),
                    "control characters are never drawn: {text:?}"
                );
            }
        }
    }
}

/// No two texts on a page overlap.
pub(crate) fn assert_no_text_overlaps(page: &Page, metrics: &FontMetrics) {
    let boxes: Vec<(String, [f32; 4])> = page
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Text {
                x,
                y,
                size_pt,
                text,
                anchor,
                w,
                ..
            } => {
                let [l, r] = text_span_x(*x, *w, *anchor);
                let em = size_pt * MM_PER_PT;
                Some((
                    text.clone(),
                    [
                        l,
                        y - em * metrics.ascent_em(),
                        r,
                        y + em * metrics.descent_em(),
                    ],
                ))
            }
            _ => None,
        })
        .collect();
    for (i, (ta, a)) in boxes.iter().enumerate() {
        for (tb, b) in &boxes[i + 1..] {
            let overlap_x = a[0] < b[2] - 0.01 && b[0] < a[2] - 0.01;
            let overlap_y = a[1] < b[3] - 0.01 && b[1] < a[3] - 0.01;
            assert!(
                !(overlap_x && overlap_y),
                "texts overlap: {ta:?} {a:?} and {tb:?} {b:?}"
            );
        }
    }
}

fn texts(page: &Page) -> Vec<&str> {
    page.items
        .iter()
        .filter_map(|it| match it {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_sample_roadmap_tiles_into_pages_whose_texts_stay_in_their_cells_and_never_overlap() {
    let m = real_metrics();
    let spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
    let doc = layout_gantt(&sample_roadmap(), &spec, &m).expect("layout");
    assert!(
        doc.pages.len() >= 2,
        "36 rows at 8 mm do not fit one A3 page: {} pages",
        doc.pages.len()
    );
    assert_texts_inside(&doc, spec.sheet.margins_mm, &m);
    for page in &doc.pages {
        assert_no_text_overlaps(page, &m);
    }
}

#[test]
fn every_page_repeats_title_header_row_axis_municipality_date_and_page_number() {
    let m = real_metrics();
    let spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
    let doc = layout_gantt(&sample_roadmap(), &spec, &m).expect("layout");
    let n = doc.pages.len();
    for (i, page) in doc.pages.iter().enumerate() {
        let t = texts(page);
        for must in [
            "自治体DX推進計画 工程表",
            "取組事項",
            "担当課",
            "2025年度 (令和7年度)",
            "みどり市",
            "作成日 令和7年11月20日",
            "機密性2",
        ] {
            assert!(t.contains(&must), "page {} lacks {must:?}", i + 1);
        }
        let no = format!("{} / {n}", i + 1);
        assert!(
            t.contains(&no.as_str()),
            "page {} lacks its number {no:?}",
            i + 1
        );
    }
}

#[test]
fn a_full_fiscal_year_bar_fills_exactly_its_fiscal_year_column() {
    let axis = TimeAxis {
        from: d(2021, 4, 1),
        to: d(2026, 3, 31),
        x0: 100.0,
        mm_per_day: 0.2,
    };
    let c = clip(&axis, d(2025, 4, 1), d(2026, 3, 31)).expect("inside");
    assert!(
        (c.x1 - axis.x(fy::fy_start(2025))).abs() < 1e-4,
        "starts at the 令和7年度 column's left edge"
    );
    assert!(
        (c.x2 - axis.x(fy::fy_start(2026))).abs() < 1e-4,
        "ends at the start of 2026-04-01 (end date inclusive)"
    );
    assert!(
        (c.x2 - axis.x_end()).abs() < 1e-4,
        "which is the chart's right edge here"
    );
    assert!(!c.cut_left && !c.cut_right, "nothing cut");
    let days_fy2024 = (fy::fy_start(2025) - fy::fy_start(2024)).num_days();
    assert_eq!(
        days_fy2024, 365,
        "FY2024 has 365 days (2025 is no leap year)"
    );
}

#[test]
fn fy_columns_in_the_layout_sit_on_exact_day_positions_and_the_today_line_is_at_today() {
    let m = real_metrics();
    let spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
    let chart = sample_roadmap();
    let doc = layout_gantt(&chart, &spec, &m).expect("layout");
    let page = &doc.pages[0];
    // Reconstruct the axis from the page: the 2021 FY header cell and the 2025 one.
    let fy_cells: Vec<(f32, f32)> = page
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Rect { x, y, w, h, .. }
                if (*h - AXIS_FY_H).abs() < 1e-4
                    && (*y - (spec.sheet.margins_mm + frame::HEADER_H)).abs() < 1e-4 =>
            {
                Some((*x, *w))
            }
            _ => None,
        })
        .filter(|(x, _)| *x > 139.0)
        .collect();
    assert_eq!(fy_cells.len(), 5, "one column per 年度: {fy_cells:?}");
    let x0 = fy_cells[0].0;
    let total: f32 = fy_cells.iter().map(|c| c.1).sum();
    let days = (spec.to - spec.from).num_days() as f32 + 1.0;
    for (i, (x, w)) in fy_cells.iter().enumerate() {
        let fy = 2021 + i as i32;
        let start = (fy::fy_start(fy) - spec.from).num_days() as f32 / days * total + x0;
        let len = (fy::fy_start(fy + 1) - fy::fy_start(fy)).num_days() as f32 / days * total;
        assert!(
            (x - start).abs() < 1e-3 && (w - len).abs() < 1e-3,
            "FY{fy} column at {x}/{w}, expected {start}/{len}"
        );
    }
    let today_x = x0 + (chart.today - spec.from).num_days() as f32 / days * total;
    let found = page.items.iter().any(|it| matches!(it, Item::Line { points, stroke } if stroke.color == TODAY && (points[0][0] - today_x).abs() < 1e-3 && (points[1][0] - today_x).abs() < 1e-3));
    assert!(found, "a 基準日 line at x = {today_x:.3}");
}

fn chart_area(page: &Page) -> (f32, f32) {
    // The divider between table and chart is the only 0.35 mm vertical RULE line in the body.
    let x0 = page
        .items
        .iter()
        .find_map(|it| match it {
            Item::Line { points, stroke }
                if stroke.color == RULE
                    && (stroke.width_mm - 0.35).abs() < 1e-4
                    && points.len() == 2
                    && points[0][0] == points[1][0] =>
            {
                Some(points[0][0])
            }
            _ => None,
        })
        .expect("divider line");
    (x0, page.width_mm - 10.0)
}

#[test]
fn every_bar_and_marker_stays_inside_the_chart_area_even_when_the_period_cuts_it() {
    let m = real_metrics();
    // A period that cuts most bars on both sides.
    let mut spec = PageSpec::a3_fiscal_years(2023, 2024, Scale::Month);
    spec.from = d(2023, 7, 15);
    spec.to = d(2024, 11, 3);
    let doc = layout_gantt(&sample_roadmap(), &spec, &m).expect("layout");
    for page in &doc.pages {
        let (x0, x1) = chart_area(page);
        for it in &page.items {
            let xs: Vec<f32> = match it {
                Item::Rect {
                    x,
                    w,
                    fill: Some(f),
                    ..
                } if *f == PLAN_FILL || *f == ACTUAL_FILL || *f == DONE_FILL || *f == LATE_FILL => {
                    vec![*x, x + w]
                }
                Item::Polygon { points, .. } => points.iter().map(|p| p[0]).collect(),
                _ => continue,
            };
            let in_footer = match it {
                Item::Rect { y, .. } => *y > page.height_mm - 10.0 - frame::FOOTER_H,
                Item::Polygon { points, .. } => points
                    .iter()
                    .all(|p| p[1] > page.height_mm - 10.0 - frame::FOOTER_H),
                _ => false,
            };
            if in_footer {
                continue; // legend swatches
            }
            for x in xs {
                assert!(
                    x >= x0 - 1e-3 && x <= x1 + 1e-3,
                    "shape at x={x} outside the chart area {x0}..{x1}: {it:?}"
                );
            }
        }
    }
}

#[test]
fn tiling_repeats_the_table_columns_when_a_long_period_splits_sideways() {
    let m = real_metrics();
    let spec = PageSpec::a3_fiscal_years(2010, 2039, Scale::Month);
    let chart = sample_roadmap();
    let doc = layout_gantt(&chart, &spec, &m).expect("layout");
    let vertical = gantt_pages(
        &chart,
        &PageSpec::a3_fiscal_years(2021, 2025, Scale::Month),
        &m,
    )
    .expect("layout")
    .len();
    assert!(
        doc.pages.len() > vertical,
        "30 years by month need more pages sideways ({} vs {vertical})",
        doc.pages.len()
    );
    assert_eq!(
        doc.pages.len() % vertical,
        0,
        "every row chunk is shown for every period slice"
    );
    for (i, page) in doc.pages.iter().enumerate() {
        let t = texts(page);
        assert!(
            t.contains(&"取組事項"),
            "page {} repeats the table header",
            i + 1
        );
        assert!(
            chart.rows.iter().any(|r| t.contains(&r.cells[0].as_str())),
            "page {} repeats the row labels",
            i + 1
        );
    }
}

#[test]
fn thirty_fiscal_years_by_year_fit_one_row_of_pages_with_shorter_labels() {
    let m = real_metrics();
    let spec = PageSpec::a3_fiscal_years(2010, 2039, Scale::FiscalYear);
    let doc = layout_gantt(&sample_roadmap(), &spec, &m).expect("layout");
    let vertical = gantt_pages(
        &sample_roadmap(),
        &PageSpec::a3_fiscal_years(2021, 2025, Scale::FiscalYear),
        &m,
    )
    .expect("layout")
    .len();
    assert_eq!(
        doc.pages.len(),
        vertical,
        "no sideways split for 30 years at 年度 scale"
    );
    assert_texts_inside(&doc, 10.0, &m);
    let t = texts(&doc.pages[0]);
    assert!(
        t.contains(&"R7") || t.contains(&"2025年度"),
        "short FY labels: {t:?}"
    );
}

#[test]
fn no_rows_gives_one_clean_page_that_says_so() {
    let m = real_metrics();
    let mut chart = sample_roadmap();
    chart.rows.clear();
    let doc = layout_gantt(
        &chart,
        &PageSpec::a3_fiscal_years(2021, 2025, Scale::Quarter),
        &m,
    )
    .expect("layout");
    assert_eq!(doc.pages.len(), 1, "one page");
    assert!(
        texts(&doc.pages[0]).contains(&"表示する行がありません"),
        "says there are no rows"
    );
}

#[test]
fn hostile_and_huge_cell_text_lays_out_inert_and_ellipsized() {
    let m = real_metrics();
    let mut chart = sample_roadmap();
    chart.rows.truncate(3);
    let long = "長".repeat(2000);
    let mut r = GanttRow::new(
        RowKind::Item,
        vec![
            long,
            "<script>alert(1)</script>".into(),
            "=HYPERLINK(\"http://x\")".into(),
            "a\u{0}b\u{202E}c\td".into(),
        ],
    );
    r.plan = Some((d(2022, 1, 1), d(2021, 1, 1))); // reversed dates
    r.depends_on = vec!["missing".into()];
    chart.rows.push(r);
    chart
        .rows
        .push(GanttRow::new(RowKind::Item, vec!["日付のない行".into()]));
    let spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
    let doc = layout_gantt(&chart, &spec, &m).expect("layout");
    assert_texts_inside(&doc, spec.sheet.margins_mm, &m);
    assert_no_text_overlaps(&doc.pages[0], &m);
    let t = texts(&doc.pages[0]);
    assert!(
        t.iter().any(|s| s.starts_with('長') && s.ends_with('…')),
        "the 2,000-character name is visibly cut"
    );
    assert!(
        t.concat().contains("<script>"),
        "markup is kept as plain text for the writers to escape"
    );
    assert!(
        t.iter().any(|s| *s == "ab c d" || s.contains("abc")),
        "controls stripped: {t:?}"
    );
}

#[test]
fn a_reversed_period_is_a_typed_error_in_japanese() {
    let m = FontMetrics::approximate();
    let mut spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
    spec.to = spec.from - Duration::days(1);
    let err = layout_gantt(&sample_roadmap(), &spec, &m).expect_err("reversed period");
    assert!(matches!(err, LayoutError::InvalidRange(_)), "{err:?}");
    assert!(
        err.to_string().contains("表示期間"),
        "message in Japanese: {err}"
    );
}

#[test]
fn a_group_heading_never_ends_a_page_when_its_rows_follow() {
    let m = real_metrics();
    let spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
    let chart = sample_roadmap();
    let chunks = chunk_rows(&chart.rows, &spec, 170.0);
    for c in &chunks[..chunks.len() - 1] {
        assert_ne!(
            chart.rows[c.end - 1].kind,
            RowKind::Group,
            "chunk {c:?} ends with a group heading"
        );
    }
    let _ = m;
}

/// Rounds every mm to 0.01 so snapshots are stable.
fn rounded(doc: &Document) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => {
                if let Some(f) = n.as_f64()
                    && n.is_f64()
                {
                    *v = serde_json::json!((f * 100.0).round() / 100.0);
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            serde_json::Value::Object(o) => o.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    walk(&mut v);
    v
}

#[test]
fn a_small_fixture_chart_lays_out_as_recorded() {
    // Approximate metrics: the snapshot does not depend on the installed font.
    let m = FontMetrics::approximate();
    let mut chart = sample_roadmap();
    chart.rows = chart.rows.into_iter().skip(4).take(8).collect();
    let mut spec = PageSpec::a3_fiscal_years(2023, 2025, Scale::Quarter);
    spec.sheet = Sheet::a4_landscape();
    let doc = layout_gantt(&chart, &spec, &m).expect("layout");
    insta::assert_yaml_snapshot!(rounded(&doc));
}

#[test]
fn the_layout_value_round_trips_through_json_for_the_app() {
    let m = FontMetrics::approximate();
    let doc = layout_gantt(
        &sample_roadmap(),
        &PageSpec::a3_fiscal_years(2021, 2025, Scale::Quarter),
        &m,
    )
    .expect("layout");
    let json = serde_json::to_string(&doc).expect("serialises");
    let back: Document = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(
        back, doc,
        "the UI receives exactly what the PDF writer draws"
    );
}
