//! The round trip of moving a task with its successors, through the app's real commands on the mock runtime: the
//! preview (`roadmap_plan_shift`), the apply (`roadmap_apply_shift`: one transaction) and the 工程表's view rebuilt
//! (`roadmap_view`), on a 工程表 of N tasks chained by dependencies with lags, where moving the first task pushes
//! every other one (the worst case). The small chain always runs; `DXPLAN_BENCH_APP=1` runs 500 tasks and prints
//! the figures (`cargo test [--release] -p dxplan-app --test app bench_shift -- --nocapture`).

use std::time::Instant;

use chrono::{Days, NaiveDate};
use dxplan::model::{Dependency, Span, Status, Task, Workbook, WorkbookMeta};
use dxplan::store::Store;
use serde_json::json;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

fn chain(n: i64) -> Workbook {
    let mut wb =
        dxplan::data::templates::national_workbook(WorkbookMeta::new("ベンチ市").unwrap()).unwrap();
    let init = wb.initiatives[0].id;
    let base = wb.tasks.iter().map(|t| t.id).max().unwrap_or(0);
    // each task lasts 8 working days and starts on the first day its predecessor's lag allows: the chain is tight
    let length = |s: NaiveDate| dxplan::calendar::add_working_days(s, 7);
    let mut s = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
    for i in 0..n {
        if i > 0 {
            s = dxplan::model::roadmap::earliest_start(length(s), (i % 3) as i32);
        }
        wb.tasks.push(Task {
            id: base + 1 + i,
            initiative_id: init,
            name: format!("連鎖{:03}", i + 1),
            owner_unit: None,
            plan: Some(Span::new(s, length(s)).unwrap()),
            actual_start: None,
            actual_end: None,
            progress: 0,
            status: Status::NotStarted,
            milestone: false,
            notes: String::new(),
            sort: 100_000 + i,
        });
        if i > 0 {
            wb.dependencies.push(Dependency {
                predecessor: base + i,
                successor: base + 1 + i,
                lag: (i % 3) as i32,
            });
        }
    }
    wb
}

fn p95(sorted: &[f64]) -> f64 {
    sorted[((sorted.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)]
}

#[test]
fn moving_the_head_of_a_chain_shifts_every_successor_and_the_large_chain_prints_its_figures() {
    let large = std::env::var_os("DXPLAN_BENCH_APP").is_some();
    let (n, moves) = if large { (500, 40) } else { (40, 4) };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.dxplan");
    let wb = chain(n);
    let first = wb.tasks.iter().find(|t| t.name == "連鎖001").unwrap().id;
    drop(Store::create(&path, &wb, false).unwrap());
    let state = AppState::new(None, None, NaiveDate::from_ymd_opt(2025, 11, 20).unwrap());
    state.open(&path).unwrap();
    let (_app, webview) = mock_app(state);
    let (mut preview, mut apply, mut total, mut shifted) = (vec![], vec![], vec![], vec![]);
    let mut end = wb.task(first).unwrap().plan.unwrap().end;
    for _ in 0..moves {
        end = end + Days::new(7);
        let args = json!({ "taskId": first, "start": "2025-04-01", "end": end.to_string() });
        let t0 = Instant::now();
        let p = call(&webview, "roadmap_plan_shift", args.clone()).expect("preview");
        let t1 = Instant::now();
        let mut a = args.clone();
        a["successors"] = json!(true);
        a["label"] = json!(null);
        call(&webview, "roadmap_apply_shift", a).expect("applied");
        let view = call(&webview, "roadmap_view", json!({})).expect("view");
        let t2 = Instant::now();
        let pushed = p["successors"].as_array().unwrap().len() as i64;
        assert_eq!(
            pushed,
            n - 1,
            "moving the head later pushes every successor"
        );
        shifted.push(pushed);
        assert!(
            view["conflicts"].as_array().unwrap().is_empty(),
            "no conflict left"
        );
        preview.push((t1 - t0).as_secs_f64() * 1000.0);
        apply.push((t2 - t1).as_secs_f64() * 1000.0);
        total.push((t2 - t0).as_secs_f64() * 1000.0);
    }
    for v in [&mut preview, &mut apply, &mut total] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    println!(
        "shift of {}–{} (of {}) successors ({} moves): preview p50 {:.1} ms p95 {:.1} ms; apply + view p50 {:.1} ms p95 {:.1} ms; round trip p50 {:.1} ms p95 {:.1} ms",
        shifted.iter().min().unwrap(),
        shifted.iter().max().unwrap(),
        n - 1,
        moves,
        preview[preview.len() / 2],
        p95(&preview),
        apply[apply.len() / 2],
        p95(&apply),
        total[total.len() / 2],
        p95(&total)
    );
}
