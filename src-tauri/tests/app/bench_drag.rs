//! The edit round trip of a dragged bar on a 500-row 工程表, through the window's real commands on Tauri's mock
//! runtime: `move_bar` (the move rules, one `Edit::SetPlan` written in its transaction) then `roadmap_view` (the
//! whole 工程表 view rebuilt and serialised, as the page reloads it after every edit).
//!
//! Always runs on a few drops (each must round-trip); `DXPLAN_BENCH_APP=1 cargo test [--release] -p dxplan-app
//! --test app bench_drag -- --nocapture` runs 200 and prints p50 / p95.

use std::time::Instant;

use dxplan::model::{Span, Status, Task};
use dxplan::store::Store;
use serde_json::json;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

/// The demo city with generated tasks up to `rows` 工程表 rows.
fn workbook(rows: usize) -> dxplan::model::Workbook {
    let mut wb = dxplan::data::demo::demo_workbook().expect("the demo");
    let inits: Vec<i64> = wb.initiatives.iter().map(|i| i.id).collect();
    let first = wb.tasks.iter().map(|t| t.id).max().unwrap_or(0) + 1;
    let d = |y: i32, m: u32, day: u32| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("a date");
    for (k, i) in (wb.tasks.len()..rows).enumerate() {
        let id = first + k as i64;
        let y = 2021 + (i % 5) as i32;
        wb.tasks.push(Task {
            id,
            initiative_id: inits[i % inits.len()],
            name: format!("ベンチ取組{i:03}"),
            owner_unit: None,
            plan: Some(Span::new(d(y, 4 + (i % 9) as u32, 1), d(y + 1, 3, 31)).expect("a span")),
            actual_start: None,
            actual_end: None,
            progress: (i * 7 % 100) as u8,
            status: Status::InProgress,
            milestone: false,
            notes: String::new(),
            sort: 1000 + i as i64,
        });
    }
    wb
}

#[test]
fn a_dragged_bar_round_trips_on_a_500_row_roadmap_and_prints_its_figures() {
    let large = std::env::var_os("DXPLAN_BENCH_APP").is_some();
    let n = if large { 200 } else { 6 };
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("roadmap500.dxplan");
    let wb = workbook(500);
    drop(Store::create(&path, &wb, false).expect("writing the workbook"));
    let state = AppState::new(None, None, dxplan::data::demo::as_of());
    state.open(&path).expect("the app opens it");
    let (_app, webview) = mock_app(state);
    let task = wb.tasks.last().expect("a task");
    let plan = task.plan.expect("a plan");
    let (later, back) = (
        ("2025-05-01".to_string(), "2026-04-30".to_string()),
        (plan.start.to_string(), plan.end.to_string()),
    );
    let (mut times, mut moves, mut views) = (vec![], vec![], vec![]);
    for i in 0..=n {
        // one month later, then back
        let (s, e) = if i % 2 == 0 { &later } else { &back };
        let t = Instant::now();
        call(
            &webview,
            "move_bar",
            json!({ "form": { "kind": "task", "id": task.id, "start": s, "end": e, "force": true } }),
        )
        .expect("the drop is saved");
        let m = t.elapsed();
        let v = call(&webview, "roadmap_view", json!({})).expect("the view");
        assert_eq!(
            v["tasks"].as_array().map(Vec::len),
            Some(500),
            "the view has every row"
        );
        // the first edit of a session snapshots the file first: not a drag's cost
        if i > 0 {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            moves.push(m.as_secs_f64() * 1000.0);
            views.push((t.elapsed() - m).as_secs_f64() * 1000.0);
        }
    }
    let figures = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        let p95 = v[((v.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
        format!(
            "p50 {:.2} ms, p95 {p95:.2} ms, max {:.2} ms",
            v[v.len() / 2],
            v[v.len() - 1]
        )
    };
    println!(
        "drag round trip on a 500-row 工程表 (n={}): move_bar + roadmap_view {}; move_bar {}; roadmap_view {}",
        times.len(),
        figures(&mut times),
        figures(&mut moves),
        figures(&mut views)
    );
}
