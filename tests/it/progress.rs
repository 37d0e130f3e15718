//! Progress history: every path that changes a row's status, progress or actual dates records a dated entry in
//! the same transaction; undo removes it; an existing v1 workbook starts its history when it is upgraded.

use chrono::NaiveDate;
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::*;
use dxplan::store::{MIGRATIONS, Store};

use crate::support::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn entries_of(wb: &Workbook, row: RowRef) -> Vec<ProgressEntry> {
    wb.progress
        .iter()
        .filter(|e| e.row == row)
        .cloned()
        .collect()
}

fn step_of(wb: &Workbook, system: &str, no: u32) -> SystemStep {
    let sys = wb.system_by_name(system).expect("system exists").id;
    wb.steps_of(sys)
        .into_iter()
        .find(|s| {
            wb.template_step(s.template_step_id)
                .is_some_and(|t| t.no == no)
        })
        .expect("step exists")
        .clone()
}

#[test]
fn a_step_marked_done_is_recorded_on_its_effective_date_in_the_file_and_undo_removes_it() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let mut st = step_of(&wb, "生活保護", 13);
    let before = entries_of(&wb, RowRef::Step(st.id));
    st.status = StepStatus::Done;
    st.actual_start = st.actual_start.or(Some(d("2025-11-01")));
    st.actual_end = Some(d("2025-11-19"));
    let applied = store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Step(st.clone()),
            }
            .dated(d("2025-11-19")),
        )
        .unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    let after = entries_of(&on_disk, RowRef::Step(st.id));
    assert_eq!(after.len(), before.len() + 1, "one entry more on disk");
    let last = after.iter().max_by_key(|e| e.id).unwrap();
    assert_eq!(last.on, d("2025-11-19"), "dated as the edit said");
    assert_eq!(last.status, Status::Done, "the new state recorded");
    assert_eq!(last.actual_end, Some(d("2025-11-19")));

    store.apply(&mut wb, applied.inverse).unwrap();
    let undone = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(
        entries_of(&undone, RowRef::Step(st.id)),
        before,
        "undo removed the entry and recorded nothing new"
    );
    assert_eq!(normalized(undone), normalized(wb), "file and memory agree");
}

#[test]
fn an_edit_that_leaves_the_state_as_it_was_records_nothing() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let n = wb.progress.len();
    let mut st = step_of(&wb, "生活保護", 13);
    st.notes = "ベンダと調整中".into();
    store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Step(st),
            },
        )
        .unwrap();
    assert_eq!(wb.progress.len(), n, "a note is not progress");
}

/// (system name, step number) of the first two steps not started yet.
fn not_started(wb: &Workbook) -> Vec<(String, u32)> {
    wb.system_steps
        .iter()
        .filter(|s| s.status == StepStatus::NotStarted)
        .filter_map(|s| {
            Some((
                wb.system(s.system_id)?.name.clone(),
                wb.template_step(s.template_step_id)?.no,
            ))
        })
        .take(2)
        .collect()
}

#[test]
fn the_cli_records_step_task_procedure_and_apply_changes_with_their_dates() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let fs = path_str(&f);
    let wb0 = Store::open(&f).unwrap().load().unwrap();
    let n0 = wb0.progress.len();
    let idle = not_started(&wb0);
    let (sys, no) = (&idle[0].0, idle[0].1.to_string());
    let r = dxplan(&[
        "step",
        fs,
        "--system",
        sys,
        "--step",
        &no,
        "--status",
        "作業中",
        "--actual-start",
        "2025-11-10",
        "--on",
        "令和7年11月10日",
    ]);
    assert_eq!(r.code, 0, "step: {}", r.stderr);
    let pno = wb0
        .procedures
        .iter()
        .find(|p| p.status == Status::NotStarted)
        .expect("a procedure not started")
        .no
        .to_string();
    let r = dxplan(&[
        "procedure",
        fs,
        "--no",
        &pno,
        "--status",
        "完了",
        "--on",
        "2025-10-31",
    ]);
    assert_eq!(r.code, 0, "procedure: {}", r.stderr);
    let task = wb0
        .tasks
        .iter()
        .find(|t| t.status == Status::NotStarted)
        .unwrap()
        .id;
    let r = dxplan(&[
        "task",
        "set",
        fs,
        "--id",
        &task.to_string(),
        "--progress",
        "20",
        "--status",
        "作業中",
    ]);
    assert_eq!(r.code, 0, "task set: {}", r.stderr);
    let edits = dir.path().join("edits.json");
    let mut st = step_of(&wb0, &idle[1].0, idle[1].1);
    st.status = StepStatus::InProgress;
    st.actual_start = Some(d("2025-11-12"));
    let json = serde_json::to_string(&vec![
        Edit::Put {
            entity: Entity::Step(st.clone()),
        }
        .dated(d("2025-11-12")),
    ])
    .unwrap();
    std::fs::write(&edits, json).unwrap();
    let r = dxplan(&["apply", fs, path_str(&edits)]);
    assert_eq!(r.code, 0, "apply: {}", r.stderr);

    let wb = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(wb.progress.len(), n0 + 4, "four entries, one per command");
    let dates: Vec<NaiveDate> = wb.progress[n0..].iter().map(|e| e.on).collect();
    assert_eq!(
        &dates[..2],
        &[d("2025-11-10"), d("2025-10-31")],
        "explicit dates kept"
    );
    assert_eq!(dates[3], d("2025-11-12"), "the dated edit of the JSON file");
    let today = chrono::Local::now().date_naive();
    assert_eq!(dates[2], today, "without --on the CLI records today");
    let r = dxplan(&[
        "step",
        fs,
        "--system",
        sys,
        "--step",
        &no,
        "--status",
        "完了済み",
        "--on",
        "2025-02-30",
    ]);
    assert_eq!(r.code, 2, "a bad date is refused: {}", r.stdout);
    assert!(japanese(&r.stderr), "in Japanese: {}", r.stderr);
    assert_eq!(
        Store::open(&f).unwrap().load().unwrap().progress.len(),
        n0 + 4,
        "and changes nothing"
    );
}

#[test]
fn upgrading_the_v1_fixture_starts_the_history_with_each_rows_current_state() {
    let dir = tmp();
    let copy = dir.path().join("v1.dxplan");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workbook-v1.dxplan"
        ),
        &copy,
    )
    .unwrap();
    // the v1 fixture is a fresh national workbook: put some progress into it, as a v1 user would have
    {
        let c = rusqlite::Connection::open(&copy).unwrap();
        c.execute_batch(
            "UPDATE system_step SET status = 'done', actual_start = '2024-05-01', actual_end = '2024-09-30' WHERE id IN (1, 2);
             UPDATE system_step SET status = 'in_progress', actual_start = '2025-01-15' WHERE id = 3;
             UPDATE system_step SET status = 'not_applicable' WHERE id = 4;
             UPDATE task SET status = 'in_progress', progress = 40, actual_start = '2025-04-01' WHERE id = (SELECT min(id) FROM task);
             UPDATE procedure SET status = 'done' WHERE id = (SELECT min(id) FROM procedure);",
        )
        .unwrap();
        // the file's last change, as the migration will read it
        let f = std::fs::File::options().write(true).open(&copy).unwrap();
        f.set_modified(
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_760_000_000),
        )
        .unwrap();
    }
    let mtime = chrono::DateTime::<chrono::Local>::from(
        std::fs::metadata(&copy).unwrap().modified().unwrap(),
    )
    .date_naive();
    let store = Store::open(&copy).expect("v1 opens upgraded");
    assert_eq!(store.schema_version().unwrap() as usize, MIGRATIONS.len());
    let wb = store.load().unwrap();
    let moved_steps = wb
        .system_steps
        .iter()
        .filter(|s| s.status != StepStatus::NotStarted || s.actual_start.is_some())
        .count();
    let moved_tasks = wb
        .tasks
        .iter()
        .filter(|t| {
            t.status != Status::NotStarted
                || t.progress != 0
                || t.actual_start.is_some()
                || t.actual_end.is_some()
        })
        .count();
    let moved_procs = wb
        .procedures
        .iter()
        .filter(|p| {
            p.status != Status::NotStarted || p.actual_start.is_some() || p.actual_end.is_some()
        })
        .count();
    assert_eq!(
        (moved_steps, moved_tasks, moved_procs),
        (4, 1, 1),
        "the progress put in"
    );
    assert_eq!(
        wb.progress.len(),
        moved_steps + moved_tasks + moved_procs,
        "one entry per row that has left its initial state"
    );
    for e in &wb.progress {
        let want = e.actual_end.or(e.actual_start).unwrap_or(mtime);
        assert_eq!(
            e.on, want,
            "{:?} dated by its actual dates, else the file's last change",
            e.row
        );
        assert_eq!(
            Some(e.state()),
            dxplan::model::progress::current_state(&wb, e.row),
            "{:?}: the entry is the row's current state",
            e.row
        );
    }
    // the trend of the upgraded file ends at today's 完了率
    let today = chrono::Local::now().date_naive();
    let steps_done = wb
        .system_steps
        .iter()
        .filter(|s| s.status.is_complete())
        .count();
    let rate = dxplan::query::trend::completion_as_of(&wb, today.max(mtime)).unwrap();
    assert!(
        (rate - steps_done as f64 / wb.system_steps.len() as f64).abs() < 1e-9,
        "完了率 as of today from the history equals the current one ({rate})"
    );
}
