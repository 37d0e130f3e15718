//! 取り込み's progress count and its stop (issue #15): the staff and training planners report their rows to a
//! sink, the counts only grow and end at the total, and a sink answering `false` stops the planning early with
//! nothing planned; the workbook is never touched either way.

use std::sync::Mutex;

use dxplan::data::generated::{CitySize, large_city};
use dxplan::import::progress::STEP;
use dxplan::import::staff::{StaffOptions, plan_staff_import, plan_staff_import_watched};
use dxplan::import::training::{TrainingOptions, plan_training_import_watched};
use dxplan::model::Workbook;

fn staff_csv(n: usize) -> Vec<u8> {
    let mut csv = String::from("職員番号,氏名,所属,職位\n");
    for i in 0..n {
        csv.push_str(&format!("{},職員{i},DX推進課,主事\n", 9_000_000 + i));
    }
    csv.into_bytes()
}

fn training_csv(wb: &Workbook) -> Vec<u8> {
    let mut csv = String::from("職員番号,実施主体,研修,年度,状況\n");
    for e in &wb.enrolments {
        let p = wb
            .people
            .iter()
            .find(|p| p.id == e.person_id)
            .expect("its person");
        let c = wb.course(e.course_id).expect("its course");
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            p.staff_no.as_deref().unwrap_or(""),
            c.provider,
            c.name,
            e.year.label(),
            e.status.label()
        ));
    }
    csv.into_bytes()
}

/// Records every (done, total) the planner reports.
fn assert_monotonic_to(seen: &[(usize, usize)], total: usize) {
    assert!(!seen.is_empty(), "the sink was called");
    assert!(
        seen.iter().all(|(_, t)| *t == total),
        "every call names the file's {total} rows: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0].0 <= w[1].0),
        "the count only grows: {seen:?}"
    );
    assert_eq!(seen.first().map(|s| s.0), Some(0), "it starts at 0");
    assert_eq!(
        seen.last().map(|s| s.0),
        Some(total),
        "it ends at the total"
    );
}

#[test]
fn a_staff_plan_reports_a_growing_count_that_ends_at_the_total_and_plans_as_the_cli_does() {
    let wb = dxplan::data::demo::demo_workbook().expect("the demo");
    let bytes = staff_csv(12_345);
    let seen = Mutex::new(vec![]);
    let sink = |d: usize, t: usize| {
        seen.lock().unwrap().push((d, t));
        true
    };
    let plan = plan_staff_import_watched(&wb, &bytes, StaffOptions::default(), &sink)
        .expect("it plans")
        .expect("not stopped");
    let seen = seen.into_inner().unwrap();
    assert_monotonic_to(&seen, 12_345);
    assert!(
        seen.len() >= 12,
        "about one call per {STEP} rows: {}",
        seen.len()
    );
    let cli = plan_staff_import(&wb, &bytes, StaffOptions::default()).expect("the CLI's plan");
    assert_eq!(
        (plan.added.len(), plan.rejected.len()),
        (cli.added.len(), cli.rejected.len()),
        "watching changes nothing in the plan"
    );
    assert_eq!(plan.added.len(), 12_345, "every row added");
}

#[test]
fn a_stopped_staff_plan_stops_early_and_plans_nothing() {
    let wb = dxplan::data::demo::demo_workbook().expect("the demo");
    let before = wb.clone();
    let bytes = staff_csv(50_000);
    let most = Mutex::new(0usize);
    let calls = Mutex::new(0usize);
    let sink = |d: usize, _t: usize| {
        *calls.lock().unwrap() += 1;
        let mut m = most.lock().unwrap();
        *m = (*m).max(d);
        d < 3_000
    };
    let plan = plan_staff_import_watched(&wb, &bytes, StaffOptions::default(), &sink)
        .expect("stopping is not an error");
    assert!(plan.is_none(), "a stopped planning plans nothing");
    let most = most.into_inner().unwrap();
    assert!(
        (3_000..3_000 + STEP).contains(&most),
        "it stopped at the first count after the sink said stop, not at the end: {most} of 50,000 rows seen"
    );
    assert_eq!(
        calls.into_inner().unwrap(),
        4,
        "0, 1,000, 2,000, 3,000 and no more"
    );
    assert_eq!(wb, before, "the workbook is untouched");
}

#[test]
fn a_training_plan_reports_its_rows_and_stops_when_told() {
    let wb = large_city(CitySize {
        steps: 40,
        units: 300,
        staff: 500,
        enrolments: 4_500,
    })
    .expect("a small generated city");
    let bytes = training_csv(&wb);
    let rows = wb.enrolments.len();
    let seen = Mutex::new(vec![]);
    let sink = |d: usize, t: usize| {
        seen.lock().unwrap().push((d, t));
        true
    };
    let plan = plan_training_import_watched(&wb, &bytes, TrainingOptions::default(), &sink)
        .expect("it plans")
        .expect("not stopped");
    assert_monotonic_to(&seen.into_inner().unwrap(), rows);
    assert_eq!(
        plan.unchanged + plan.changed.len() + plan.added.len() + plan.rejected.len(),
        rows,
        "every row accounted for"
    );

    let most = Mutex::new(0usize);
    let stop = |d: usize, _t: usize| {
        let mut m = most.lock().unwrap();
        *m = (*m).max(d);
        d < 1_000
    };
    let plan = plan_training_import_watched(&wb, &bytes, TrainingOptions::default(), &stop)
        .expect("stopping is not an error");
    assert!(plan.is_none(), "a stopped planning plans nothing");
    assert_eq!(
        most.into_inner().unwrap(),
        1_000,
        "it stopped at 1,000 of {rows} rows"
    );
}

#[test]
fn an_excel_roadmap_and_a_step_template_report_their_rows_and_stop_when_told() {
    let wb = dxplan::data::demo::demo_workbook().expect("the demo");
    // our own Excel export: its データ sheet is planned and its rows counted
    let bytes = dxplan::xlsx::export_xlsx_to_buffer(
        &wb,
        &dxplan::xlsx::XlsxOptions::new(dxplan::data::demo::as_of()),
    )
    .expect("the demo's Excel export");
    let seen = Mutex::new(vec![]);
    let sink = |d: usize, t: usize| {
        seen.lock().unwrap().push((d, t));
        true
    };
    let plan = dxplan::import::plan_xlsx_import_watched(&wb, &bytes, &sink)
        .expect("it plans")
        .expect("not stopped");
    let seen = seen.into_inner().unwrap();
    let total = seen.first().map(|s| s.1).unwrap_or(0);
    assert!(total > 300, "the データ sheet's rows are counted: {total}");
    assert_monotonic_to(&seen, total);
    assert_eq!(
        plan,
        dxplan::import::plan_xlsx_import(&wb, &bytes).expect("the CLI's plan"),
        "watching changes nothing in the plan"
    );
    let stopped = dxplan::import::plan_xlsx_import_watched(&wb, &bytes, &|_, _| false)
        .expect("stopping is not an error");
    assert!(stopped.is_none(), "a stopped Excel plan plans nothing");

    let template = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/templates/steps_v1.csv"
    ))
    .expect("the shipped template");
    let rows = dxplan::import::steps_rows(&template).expect("its rows");
    let seen = Mutex::new(vec![]);
    let sink = |d: usize, t: usize| {
        seen.lock().unwrap().push((d, t));
        true
    };
    dxplan::import::plan_steps_import_watched(&wb, &rows, "steps_v1", &sink)
        .expect("it plans")
        .expect("not stopped");
    let seen = seen.into_inner().unwrap();
    assert_monotonic_to(&seen, rows.len() - 1);
    let stopped = dxplan::import::plan_steps_import_watched(&wb, &rows, "steps_v1", &|_, _| false)
        .expect("stopping is not an error");
    assert!(stopped.is_none(), "a stopped template plans nothing");
}
