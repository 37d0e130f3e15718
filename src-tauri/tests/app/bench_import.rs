//! 取り込み's benchmark through the window's command path (issue #15): the large city's 50,000 staff and 500,000
//! training records, written as the CLI's `dxplan bench --only import` writes them, previewed and applied by the
//! real `import_preview` / `import_apply` on Tauri's mock runtime into a copy of the city without them, while
//! another thread keeps calling the window (`workbook_info`, which needs the open workbook, and `import_progress`,
//! which does not) to measure how long an IPC call waits meanwhile.
//!
//! The same two files are first imported the CLI's way (`dxplan bench --only import`: plan, snapshot,
//! `ImportPlan::apply`) into another copy, and the window's time is printed as a ratio of it (target ≤ 1.2×), with
//! the latency of every IPC call made during the import (target ≤ 100 ms).
//!
//! `DXPLAN_BENCH_APP=1 cargo test --release -p dxplan-app --test app bench_import -- --nocapture` prints the large
//! city's figures; without it a small city runs as a test.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use dxplan::data::generated::{CitySize, large_city};
use dxplan::model::Workbook;
use dxplan::store::Store;
use serde_json::json;
use tauri::Manager;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

/// The two files as `dxplan bench --only import` writes them (src/bin/dxplan/bench.rs, `run_import`).
fn write_files(city: &Workbook, staff: &Path, training: &Path) {
    let (staff_csv, training_csv) = dxplan::data::generated::personnel_csv(city);
    std::fs::write(staff, staff_csv).expect("the staff file");
    std::fs::write(training, training_csv).expect("the training file");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Latencies in ms → (p50, p95, max).
fn spread(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let p95 = v[((v.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
    (v[v.len() / 2], p95, v[v.len() - 1])
}

/// The CLI's import of the two files (`run_import` in src/bin/dxplan/bench.rs): read, plan, snapshot, apply; the
/// whole time and, per file, the planning and the writing.
fn cli_import(
    target: &Path,
    staff: &Path,
    training: &Path,
) -> (Duration, [(Duration, Duration); 2]) {
    use dxplan::import::staff::{StaffOptions, plan_staff_import};
    use dxplan::import::training::{TrainingOptions, plan_training_import};
    let mut store = Store::open_for_edit(target).expect("the CLI's copy opens");
    let mut wb = store.load().expect("the CLI's copy loads");
    let t0 = Instant::now();
    let t = Instant::now();
    let bytes = std::fs::read(staff).expect("the staff file");
    let plan = plan_staff_import(&wb, &bytes, StaffOptions::default()).expect("the staff plan");
    let staff_plan = t.elapsed();
    let t = Instant::now();
    store
        .snapshot(dxplan::store::Reason::BeforeApply)
        .expect("the snapshot");
    plan.apply(&mut store, &mut wb, false)
        .expect("the staff written");
    let staff_write = t.elapsed();
    let t = Instant::now();
    let bytes = std::fs::read(training).expect("the training file");
    let plan =
        plan_training_import(&wb, &bytes, TrainingOptions::default()).expect("the training plan");
    let training_plan = t.elapsed();
    let t = Instant::now();
    store
        .snapshot(dxplan::store::Reason::BeforeApply)
        .expect("the snapshot");
    plan.apply(&mut store, &mut wb, false)
        .expect("the training written");
    let training_write = t.elapsed();
    (
        t0.elapsed(),
        [(staff_plan, staff_write), (training_plan, training_write)],
    )
}

#[test]
fn the_window_imports_the_generated_citys_staff_and_training_and_answers_meanwhile() {
    let large = std::env::var_os("DXPLAN_BENCH_APP").is_some();
    let size = if large {
        CitySize::LARGE
    } else {
        CitySize {
            steps: 40,
            units: 300,
            staff: 500,
            enrolments: 5_000,
        }
    };
    let city = large_city(size).expect("the generated city");
    let dir = tempfile::tempdir().expect("a temp folder");
    let dialog_dir = dir.path().join("dialog");
    std::fs::create_dir_all(&dialog_dir).expect("the dialog folder");
    let (staff, training) = (
        dialog_dir.join("staff.csv"),
        dialog_dir.join("training.csv"),
    );
    write_files(&city, &staff, &training);
    // the open dialog answers with the newest file: the staff list first
    let newer = |p: &Path| {
        std::fs::File::options()
            .append(true)
            .open(p)
            .and_then(|f| f.set_modified(std::time::SystemTime::now() + Duration::from_secs(5)))
            .expect("touching the file");
    };
    newer(&staff);
    let target = dir.path().join("import-target.dxplan");
    let cli_target = dir.path().join("cli-target.dxplan");
    let mut empty = city.clone();
    empty.people.clear();
    empty.roles.clear();
    empty.enrolments.clear();
    drop(Store::create(&target, &empty, true).expect("the city without staff"));
    drop(Store::create(&cli_target, &empty, true).expect("the city without staff"));
    drop(empty);
    let (cli, cli_phases) = cli_import(&cli_target, &staff, &training);
    let state = AppState::new(None, Some(dialog_dir), dxplan::data::demo::as_of());
    state.open(&target).expect("the app opens the city");
    let (_app, webview) = mock_app(state);

    // another thread calls the window every 20 ms while the import runs
    let stop = Arc::new(AtomicBool::new(false));
    let caller = {
        let (w, stop) = (webview.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut info, mut progress) = (vec![], vec![]);
            while !stop.load(Ordering::SeqCst) {
                let t = Instant::now();
                call(&w, "workbook_info", json!({})).expect("workbook_info answers");
                info.push((t, ms(t.elapsed())));
                let t = Instant::now();
                call(&w, "import_progress", json!({})).expect("import_progress answers");
                progress.push((t, ms(t.elapsed())));
                std::thread::sleep(Duration::from_millis(20));
            }
            (info, progress)
        })
    };
    let t0 = Instant::now();
    let mut phases = vec![];
    // when each preview and apply ran, to tell the calls made while a file was planned from those made while it
    // was written
    let (mut planning, mut writing) = (vec![], vec![]);
    for (kind, file, rows) in [
        ("staff", &staff, city.people.len()),
        ("training", &training, city.enrolments.len()),
    ] {
        if kind == "training" {
            newer(file);
        }
        let t = Instant::now();
        let p = call(
            &webview,
            "import_preview",
            json!({ "kind": kind, "encoding": "utf8" }),
        )
        .expect("the preview");
        let planned = t.elapsed();
        planning.push((t, Instant::now()));
        assert_eq!(
            (p["added_count"].as_u64(), p["rejected_count"].as_u64()),
            (Some(rows as u64), Some(0)),
            "every {kind} row is new and none is refused: {}",
            p["rejected"]
        );
        let t = Instant::now();
        let a = call(
            &webview,
            "import_apply",
            json!({ "token": p["token"], "acceptPartial": false }),
        )
        .expect("the apply");
        assert_eq!(
            a["rows"].as_u64(),
            Some(rows as u64),
            "every {kind} row written"
        );
        writing.push((t, Instant::now()));
        phases.push((kind, planned, t.elapsed()));
    }
    let total = t0.elapsed();
    stop.store(true, Ordering::SeqCst);
    let (info, progress) = caller.join().expect("the calling thread");
    let state = webview.state::<AppState>();
    let (people, enrolments) = state
        .with(|s| Ok((s.wb.people.len(), s.wb.enrolments.len())))
        .expect("a workbook is open");
    assert_eq!(
        (people, enrolments),
        (city.people.len(), city.enrolments.len()),
        "the window's workbook holds every imported row"
    );
    let whole: Vec<(Instant, Instant)> = planning.iter().chain(&writing).copied().collect();
    let all_info: Vec<f64> = info
        .iter()
        .filter(|(t, _)| whole.iter().any(|(a, b)| a <= t && t < b))
        .map(|(_, l)| *l)
        .collect();
    let (calls, (p50, p95, max)) = (all_info.len(), spread(all_info));
    let window = phases.iter().map(|(_, a, b)| *a + *b).sum::<Duration>();
    println!(
        "import of {} staff + {} training records ({}): CLI {:.2} s, window {:.2} s, ratio {:.2}× (target ≤ 1.2×); workbook_info during the import: {calls} calls, p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (target ≤ 100 ms)",
        city.people.len(),
        city.enrolments.len(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        cli.as_secs_f64(),
        window.as_secs_f64(),
        window.as_secs_f64() / cli.as_secs_f64(),
    );
    println!(
        "  CLI: staff plan {:.0} ms, write {:.0} ms; training plan {:.0} ms, write {:.0} ms",
        ms(cli_phases[0].0),
        ms(cli_phases[0].1),
        ms(cli_phases[1].0),
        ms(cli_phases[1].1)
    );
    assert!(
        p95 <= 100.0,
        "an IPC call that reads the workbook answers within 100 ms (p95) while a file is imported: {p95:.1} ms"
    );
    let during = |calls: &[(Instant, f64)], spans: &[(Instant, Instant)]| {
        let v: Vec<f64> = calls
            .iter()
            .filter(|(t, _)| spans.iter().any(|(a, b)| a <= t && t < b))
            .map(|(_, l)| *l)
            .collect();
        let n = v.len();
        let (p50, p95, max) = spread(v);
        format!("{n} calls, p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms")
    };
    println!(
        "window import of {} staff + {} training records ({}): {:.2} s wall (staff: preview {:.0} ms, apply {:.0} ms; training: preview {:.0} ms, apply {:.0} ms)\n  while planning: workbook_info {}; import_progress {}\n  while writing: workbook_info {}; import_progress {}",
        city.people.len(),
        city.enrolments.len(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        total.as_secs_f64(),
        ms(phases[0].1),
        ms(phases[0].2),
        ms(phases[1].1),
        ms(phases[1].2),
        during(&info, &planning),
        during(&progress, &planning),
        during(&info, &writing),
        during(&progress, &writing),
    );
}
