//! 推進体制 drawn on screen through the app's real handler: every unit of the demo has a box (one per page; a parent
//! whose members run onto the next page is drawn again there, as in the PDF), inside its page; a unit named as
//! markup stays text inside the SVG.

use std::collections::HashMap;

use dxplan::model::edit::{Edit, Entity};
use dxplan::store::Store;
use serde_json::{Value, json};
use tauri::Manager;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

#[test]
fn every_unit_has_a_box_once_per_page_inside_it_and_markup_stays_text() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("demo.dxplan");
    let demo = dxplan::data::demo::demo_workbook().expect("the demo workbook");
    drop(Store::create(&path, &demo, false).expect("writing the demo workbook"));
    let state = AppState::new(None, None, dxplan::data::demo::as_of());
    state.open(&path).expect("the app opens the demo workbook");
    let (_app, webview) = mock_app(state);
    let mut unit = demo.units[0].clone();
    unit.id = 0;
    unit.name = "<script>alert(1)</script>課".into();
    unit.parent_id = None;
    let s = webview.state::<AppState>();
    s.with(|s| {
        s.apply(
            Edit::Put {
                entity: Entity::Unit(unit),
            },
            "追加".into(),
        )
    })
    .expect("a unit with a hostile name");
    let units = s.with(|s| Ok(s.wb.units.len())).unwrap();

    let v: Value = call(&webview, "org_chart_view", json!({})).expect("the chart answers");
    let pages = v["pages"].as_array().expect("pages");
    assert!(!pages.is_empty());
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        let mut on_page: HashMap<i64, usize> = HashMap::new();
        let (pw, ph) = (
            p["width_mm"].as_f64().unwrap(),
            p["height_mm"].as_f64().unwrap(),
        );
        assert!(
            (pw - 420.0).abs() < 0.5 && (ph - 297.0).abs() < 0.5,
            "A3 landscape"
        );
        let svg = p["svg"].as_str().unwrap();
        assert!(
            svg.starts_with("<svg") || svg.starts_with("<?xml"),
            "an SVG page"
        );
        assert!(
            !svg.contains("<script"),
            "page {}: markup in a name is escaped",
            i + 1
        );
        for b in p["boxes"].as_array().unwrap() {
            let (x, y, w, h) = (
                b["x"].as_f64().unwrap(),
                b["y"].as_f64().unwrap(),
                b["w"].as_f64().unwrap(),
                b["h"].as_f64().unwrap(),
            );
            assert!(
                x >= 0.0 && y >= 0.0 && x + w <= pw && y + h <= ph && w > 0.0 && h > 0.0,
                "page {}: box {b} inside the page",
                i + 1
            );
            if let Some(id) = b["unit_id"].as_i64() {
                *seen.entry(id).or_default() += 1;
                *on_page.entry(id).or_default() += 1;
            }
        }
        assert!(
            on_page.values().all(|n| *n == 1),
            "page {}: one box per unit: {on_page:?}",
            i + 1
        );
    }
    assert_eq!(seen.len(), units, "every unit has a box");
    let hostile = pages
        .iter()
        .flat_map(|p| p["boxes"].as_array().unwrap())
        .any(|b| b["name"] == "<script>alert(1)</script>課");
    assert!(hostile, "the name is carried as text for the box's label");
}
