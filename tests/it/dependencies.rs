//! Dependencies that schedule (issue #14): the lag in working days stored, upgraded from older files, set from the
//! CLI and counted by the check; the shift of successors and the critical path on real workbooks.

use dxplan::model::Dependency;
use dxplan::model::edit::Edit;
use dxplan::store::Store;

use crate::support::*;

fn copy_fixture(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let f = dir.join(format!("{name}.dxplan"));
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/").to_owned() + name + ".dxplan",
        &f,
    )
    .expect("fixture copied");
    f
}

#[test]
fn an_older_file_s_dependencies_upgrade_with_a_lag_of_zero() {
    let dir = tmp();
    let f = copy_fixture(dir.path(), "workbook-v1");
    {
        // the v1 fixture has no dependency: give it one, as a v1 file written by the old app would hold
        let c = rusqlite::Connection::open(&f).unwrap();
        c.execute(
            "INSERT INTO dependency (predecessor, successor) VALUES (1, 2)",
            [],
        )
        .unwrap();
    }
    let wb = Store::open(&f).expect("the v1 file opens").load().unwrap();
    assert_eq!(
        wb.dependencies,
        vec![Dependency {
            predecessor: 1,
            successor: 2,
            lag: 0
        }],
        "the dependency is kept with lag 0 (it behaved as lag 0 before)"
    );
}

#[test]
fn a_lag_set_through_the_store_is_saved_reloaded_and_undone() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let mut d = wb.dependencies[0];
    d.lag = 4;
    let applied = store
        .apply(&mut wb, Edit::SetLag { dependency: d })
        .expect("lag set");
    let reloaded = store.load().unwrap();
    assert!(
        reloaded.dependencies.contains(&d),
        "the lag is in the file: {:?}",
        reloaded.dependencies
    );
    assert_eq!(
        normalized(reloaded),
        normalized(wb.clone()),
        "file = memory"
    );
    store.apply(&mut wb, applied.inverse).expect("undone");
    let again = store.load().unwrap();
    assert!(
        again.dependencies.iter().all(|x| x.lag == 0),
        "undo gives the lag 0 back in the file"
    );
}

#[test]
fn the_cli_links_two_tasks_with_a_lag_and_the_check_counts_it_in_working_days() {
    let dir = tmp();
    let f = dir.path().join("city.dxplan");
    let r = dxplan(&["new", path_str(&f), "--name", "テスト市"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let add = |name: &str, start: &str, end: &str| {
        let r = dxplan(&[
            "task",
            "add",
            path_str(&f),
            "--initiative",
            "①",
            "--name",
            name,
            "--start",
            start,
            "--end",
            end,
        ]);
        assert_eq!(r.code, 0, "task added: {}", r.stderr);
        r.stdout
            .split("ID ")
            .nth(1)
            .and_then(|s| s.split('）').next())
            .expect("the new id is printed")
            .to_string()
    };
    // 仕様確定 ends on Friday 2025-12-26; 2 working days later is Tuesday 2026-01-06 (年末年始 skipped)
    let a = add("仕様確定", "2025-12-01", "2025-12-26");
    let b = add("契約", "2026-01-05", "2026-01-30");
    let r = dxplan(&[
        "task",
        "link",
        path_str(&f),
        "--predecessor",
        &a,
        "--successor",
        &b,
        "--lag",
        "2",
    ]);
    assert_eq!(r.code, 0, "linked: {}", r.stderr);
    assert!(r.stdout.contains("ラグ2営業日"), "{}", r.stdout);
    let c = dxplan(&["check", path_str(&f)]);
    assert!(
        c.stdout
            .contains("「契約」は前提の「仕様確定」の終了から2営業日後より前に始まる計画です"),
        "1/5 is one working day short of the lag: {}{}",
        c.stdout,
        c.stderr
    );
    // lag 1 makes 1/5 fine: the same command changes the lag of the existing pair
    let r = dxplan(&[
        "task",
        "link",
        path_str(&f),
        "--predecessor",
        &a,
        "--successor",
        &b,
        "--lag",
        "1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("更新しました"), "{}", r.stdout);
    let c = dxplan(&["check", path_str(&f)]);
    assert!(
        !c.stdout.contains("「契約」は前提"),
        "no conflict with lag 1: {}",
        c.stdout
    );
    // a lead is refused in Japanese and changes nothing
    let before = bytes(&f);
    let r = dxplan(&[
        "task",
        "link",
        path_str(&f),
        "--predecessor",
        &a,
        "--successor",
        &b,
        "--lag",
        "-3",
    ]);
    assert_eq!(r.code, 2, "bad input: {}", r.stderr);
    assert!(r.stderr.contains("マイナスのラグ"), "{}", r.stderr);
    assert_eq!(bytes(&f), before, "the file is untouched");
}

#[test]
fn the_roadmap_pdf_outlines_the_critical_path_to_a_named_milestone_and_refuses_an_unknown_one() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let out = dir.path().join("工程表.pdf");
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&out),
        "--view",
        "roadmap",
        "--today",
        "2025-11-20",
        "--critical-path",
        "移行完了報告",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::process::Command::new("pdftotext")
        .args([path_str(&out), "-"])
        .output()
        .expect("pdftotext (poppler) reads the PDF");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("クリティカルパス"),
        "the legend names the outline: {}",
        &text[..text.len().min(400)]
    );
    // without a value: to the task that ends last
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&out),
        "--view",
        "roadmap",
        "--critical-path",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let missing = dir.path().join("x.pdf");
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&missing),
        "--view",
        "roadmap",
        "--critical-path",
        "<script>",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("「<script>」という取組内容"),
        "{}",
        r.stderr
    );
    assert!(!missing.exists(), "nothing written");
}
