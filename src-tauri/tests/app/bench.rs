//! The edit round-trip measurement on the large-city workbook (`dxplan::data::generated::large_city`: 20 systems × 40 steps,
//! 50,000 staff, 500,000 enrolments), so the app's responsiveness target (p95 ≤ 50 ms) is checked by a command.
//!
//! `DXPLAN_BENCH_APP=1 cargo test --release -p dxplan-app bench -- --nocapture` (scripts/bench-app) prints the figures
//! of the large city.

use std::time::Instant;

use dxplan::model::StepStatus;
use dxplan::model::edit::{Edit, Entity};
use dxplan::store::Store;

use dxplan::data::generated::{CitySize, large_city};
use dxplan_app::state::Session;

/// Applies `n` step-status edits the way the board does (edit through the store, then rebuild the board's
/// view and serialize it as IPC would); returns the sorted round-trip times in ms.
fn round_trips(size: CitySize, n: usize) -> (Vec<f64>, f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.dxplan");
    let t0 = Instant::now();
    let wb = large_city(size).unwrap();
    drop(Store::create(&path, &wb, false).unwrap());
    let create_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let mut s = Session::open(
        &path,
        chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap(),
    )
    .unwrap();
    let open_s = t1.elapsed().as_secs_f64();
    let mut times = vec![];
    for i in 0..n {
        let mut step = s.wb.system_steps[(i * 7) % s.wb.system_steps.len()].clone();
        // what the board does: toggle the status; a finished step gets its actual end
        step.status = if step.status == StepStatus::Done {
            StepStatus::InProgress
        } else {
            StepStatus::Done
        };
        if step.status == StepStatus::Done && step.actual_end.is_none() {
            step.actual_end = step.actual_start;
        }
        let t = Instant::now();
        s.apply(
            Edit::Put {
                entity: Entity::Step(step),
            },
            "bench".into(),
        )
        .unwrap();
        let view = dxplan_app::commands::systems::build(&s);
        let json = serde_json::to_string(&view).unwrap();
        assert!(json.len() > 100);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times, create_s, open_s)
}

fn p95(sorted: &[f64]) -> f64 {
    sorted[((sorted.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)]
}

/// The small city always runs (and must round-trip every edit); `DXPLAN_BENCH_APP=1` (scripts/bench-app, release
/// build) runs the large city and prints the figures.
#[test]
fn edits_round_trip_on_the_generated_city_and_the_large_one_prints_its_figures() {
    let large = std::env::var_os("DXPLAN_BENCH_APP").is_some();
    let (size, n) = if large {
        (CitySize::LARGE, 200)
    } else {
        (
            CitySize {
                steps: 40,
                units: 300,
                staff: 500,
                enrolments: 5_000,
            },
            10,
        )
    };
    let (times, create_s, open_s) = round_trips(size, n);
    assert_eq!(times.len(), n, "every edit round-tripped");
    println!(
        "{} workbook: create {create_s:.2} s, open+load {open_s:.2} s; edit round-trip p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        if large { "large" } else { "small" },
        times[times.len() / 2],
        p95(&times),
        times[times.len() - 1]
    );
}
