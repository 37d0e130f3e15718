//! 完了率の推移 on the KPI screen through the app's real handler: the demo's history drawn as the council page's
//! chart (an SVG page of the same layout value), and an empty answer, not an error, for a workbook with nothing to draw.

use dxplan::store::Store;
use serde_json::json;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

fn open(
    wb: &dxplan::model::Workbook,
) -> (
    tempfile::TempDir,
    tauri::App<tauri::test::MockRuntime>,
    tauri::WebviewWindow<tauri::test::MockRuntime>,
) {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("wb.dxplan");
    drop(Store::create(&path, wb, false).expect("writing the workbook"));
    let state = AppState::new(None, None, dxplan::data::demo::as_of());
    state.open(&path).expect("the app opens the workbook");
    let (app, webview) = mock_app(state);
    (dir, app, webview)
}

#[test]
fn the_kpi_screen_gets_the_demos_completion_curve_as_one_svg_page() {
    let demo = dxplan::data::demo::demo_workbook().expect("the demo");
    let (_dir, _app, webview) = open(&demo);
    let p = call(&webview, "trend_preview", json!({})).expect("trend_preview answers");
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
    let (_dir, _app, webview) = open(&wb);
    let p = call(&webview, "trend_preview", json!({})).expect("trend_preview answers");
    assert_eq!(p["pages"], json!([]), "nothing to draw yet");
}
