//! 完了率の推移 on the KPI screen through the app's real handler: the demo's history drawn as the council page's
//! chart (an SVG page of the same layout value), and an empty answer, not an error, for a workbook with nothing to draw.

use serde_json::json;

use crate::support::DemoApp;

#[test]
fn the_kpi_screen_gets_the_demos_completion_curve_as_one_svg_page() {
    let demo = dxplan::data::demo::demo_workbook().expect("the demo");
    let app = DemoApp::with(&demo);
    let p = app
        .call("trend_preview", json!({}))
        .expect("trend_preview answers");
    let pages = p["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 1, "one page");
    let svg = pages[0].as_str().expect("svg text");
    assert!(svg.starts_with("<svg"), "an SVG document");
    assert!(
        svg.contains("標準化 完了率の推移（令和4年4月〜令和7年11月）"),
        "the heading with the range of the history"
    );
    assert!(
        svg.contains("完了率（実績）") && svg.contains("計画（完了予定の割合）"),
        "the legend"
    );
}

#[test]
fn a_workbook_with_nothing_to_draw_yet_gets_no_pages_and_no_error() {
    // the store starts the history from the rows' own dates, so only a workbook without 標準化 steps has none
    let mut wb = dxplan::data::demo::demo_workbook().expect("the demo");
    wb.system_steps.clear();
    wb.progress.clear();
    let app = DemoApp::with(&wb);
    let p = app
        .call("trend_preview", json!({}))
        .expect("trend_preview answers");
    assert_eq!(p["pages"], json!([]), "nothing to draw yet");
}
