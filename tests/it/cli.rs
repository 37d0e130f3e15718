//! The `dxplan` command line, run as a user runs it: the real binary, real files.

use crate::support::*;

#[test]
fn new_creates_a_workbook_from_the_national_templates() {
    let dir = tmp();
    let f = dir.path().join("city.dxplan");
    let r = dxplan(&[
        "new",
        path_str(&f),
        "--name",
        "テスト市",
        "--code",
        "131016",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("業務20件") && r.stdout.contains("手続31件"),
        "{}",
        r.stdout
    );
    let s = dxplan(&["summary", path_str(&f), "--today", "2025-04-01", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&s.stdout).expect("summary --json is JSON");
    assert_eq!(v["municipality"], "テスト市");
    assert_eq!(v["migration"]["systems"].as_array().unwrap().len(), 20);
    assert_eq!(v["online"]["procedures"], 31);
}

#[test]
fn new_refuses_a_wrong_check_digit_in_japanese_and_creates_nothing() {
    let dir = tmp();
    let f = dir.path().join("city.dxplan");
    let r = dxplan(&[
        "new",
        path_str(&f),
        "--name",
        "テスト市",
        "--code",
        "131017",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("検査数字"), "{}", r.stderr);
    assert!(!f.exists(), "no file on error");
}

#[test]
fn demo_refuses_to_overwrite_without_force() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let before = bytes(&f);
    let r = dxplan(&["demo", path_str(&f)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("既にあります") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(bytes(&f), before);
    assert_eq!(dxplan(&["demo", path_str(&f), "--force"]).code, 0);
}

#[test]
fn the_demo_summary_gives_the_right_figures() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&["summary", path_str(&f), "--today", "2025-11-20", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let systems = v["migration"]["systems"].as_array().unwrap();
    assert_eq!(systems.len(), 20);
    let by_name = |n: &str| {
        systems
            .iter()
            .find(|s| s["name"] == n)
            .unwrap_or_else(|| panic!("{n} listed"))
    };
    assert_eq!(
        by_name("就学")["completion_percent"],
        100.0,
        "就学 finished early (go-live R7.10)"
    );
    assert_eq!(by_name("健康管理")["specified"], true);
    assert_eq!(by_name("健康管理")["deadline"], "2028-03-31");
    for n in ["生活保護", "国民健康保険", "障害者福祉"] {
        assert_eq!(by_name(n)["late_steps"], 1, "{n} has a late step");
    }
    assert_eq!(v["migration"]["late_steps"], 3);
    assert_eq!(v["online"]["procedures"], 26);
    assert_eq!(v["online"]["required_done"], 11);
    assert_eq!(v["online"]["by_status"]["対象外"], 2);
    assert_eq!(v["org"]["people"], 197);
    assert_eq!(v["org"]["external_people"], 2);
    assert_eq!(v["roadmap"]["late"], 3, "【参考】 rows are never late");
    let late = v["late"].as_array().unwrap();
    assert_eq!(late.len(), 8, "3 roadmap + 3 steps + 2 procedures");
    let mut days: Vec<i64> = late
        .iter()
        .map(|l| l["days_late"].as_i64().unwrap())
        .collect();
    let sorted = {
        let mut d = days.clone();
        d.sort_by(|a, b| b.cmp(a));
        d
    };
    assert_eq!(days, sorted, "most late first");
    days.dedup();
    assert_eq!(days[0], 965, "R5.3.31 → R7.11.20");
}

#[test]
fn the_demo_review_lists_late_slipped_and_due_rows_by_owner() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&[
        "review",
        path_str(&f),
        "--today",
        "2025-11-20",
        "--next-meeting",
        "2025-12-18",
        "--baseline",
        "令和7年9月議会報告時点",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["late"].as_array().unwrap().len(), 8);
    let slipped = v["slipped"].as_array().unwrap();
    assert_eq!(
        slipped.len(),
        5,
        "介護保険's five migration-phase steps moved after September"
    );
    assert!(slipped.iter().all(
        |s| s["row"]["group"] == "介護保険" && s["variance"]["end_days"].as_i64().unwrap() > 0
    ));
    let due = v["due"].as_array().unwrap();
    assert!(!due.is_empty());
    for d in due {
        let end = d["plan"]["end"].as_str().unwrap();
        assert!(
            ("2025-11-20"..="2025-12-18").contains(&end),
            "due row ends in the window: {end}"
        );
    }
    assert_eq!(v["by_owner"]["介護保険課"]["slipped"], 5);

    let text = dxplan(&[
        "review",
        path_str(&f),
        "--today",
        "令和7年11月20日",
        "--next-meeting",
        "R7.12.18",
        "--baseline",
        "当初計画",
    ]);
    assert_eq!(text.code, 0, "和暦 dates are accepted: {}", text.stderr);
    assert!(
        text.stdout.contains("基準計画「当初計画」からのずれ"),
        "{}",
        text.stdout
    );
}

#[test]
fn review_with_an_unknown_baseline_names_the_ones_there_are() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&[
        "review",
        path_str(&f),
        "--today",
        "2025-11-20",
        "--next-meeting",
        "2025-12-18",
        "--baseline",
        "なし",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("当初計画") && r.stderr.contains("令和7年9月議会報告時点"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_dates_get_a_japanese_message_and_leave_the_workbook_unchanged() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let before = bytes(&f);
    let cases: &[&[&str]] = &[
        &["summary", path_str(&f), "--today", "2025-02-30"],
        &[
            "review",
            path_str(&f),
            "--today",
            "2025-12-01",
            "--next-meeting",
            "2025-11-01",
        ],
        &[
            "task",
            "add",
            path_str(&f),
            "--initiative",
            "①",
            "--name",
            "逆",
            "--start",
            "2025-05-01",
            "--end",
            "2025-04-01",
        ],
        &[
            "task",
            "add",
            path_str(&f),
            "--initiative",
            "①",
            "--name",
            "不正",
            "--start",
            "令和元年4月1日",
            "--end",
            "2025-04-01",
        ],
        &[
            "step",
            path_str(&f),
            "--system",
            "住民基本台帳",
            "--step",
            "5",
            "--actual-start",
            "abc",
        ],
        &[
            "step",
            path_str(&f),
            "--system",
            "存在しない業務",
            "--step",
            "5",
            "--status",
            "完了済み",
        ],
        &[
            "step",
            path_str(&f),
            "--system",
            "住民基本台帳",
            "--step",
            "5",
            "--status",
            "たぶん完了",
        ],
        &["procedure", path_str(&f), "--no", "1", "--status", "対象外"],
    ];
    for args in cases {
        let r = dxplan(args);
        assert_eq!(r.code, 2, "{args:?} is bad input: {}", r.stderr);
        assert!(r.stderr.starts_with("エラー: "), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .chars()
                .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
            "{args:?} message is Japanese: {}",
            r.stderr
        );
        assert_eq!(bytes(&f), before, "{args:?} changed nothing");
    }
}

#[test]
fn a_cycle_in_an_edits_file_is_refused_and_nothing_of_the_file_is_applied() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let before = bytes(&f);
    let wb = dxplan::store::Store::open(&f).unwrap().load().unwrap();
    let (a, b) = (wb.tasks[0].id, wb.tasks[1].id);
    let edits = dir.path().join("edits.json");
    std::fs::write(
        &edits,
        format!(
            r#"[{{"op":"link","dependency":{{"predecessor":{a},"successor":{b}}}}},
                {{"op":"link","dependency":{{"predecessor":{b},"successor":{a}}}}}]"#
        ),
    )
    .unwrap();
    let r = dxplan(&["apply", path_str(&f), path_str(&edits)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("循環"), "{}", r.stderr);
    assert_eq!(bytes(&f), before);

    std::fs::write(&edits, "{ not json").unwrap();
    let r = dxplan(&["apply", path_str(&f), path_str(&edits)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("読めません"), "{}", r.stderr);
}

#[test]
fn updating_a_step_changes_the_completion_rate_and_the_summary() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let rate = || {
        let v: serde_json::Value = serde_json::from_str(
            &dxplan(&["summary", path_str(&f), "--today", "2025-11-20", "--json"]).stdout,
        )
        .unwrap();
        v["migration"]["systems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "生活保護")
            .unwrap()["completion_percent"]
            .as_f64()
            .unwrap()
    };
    let before = rate();
    let r = dxplan(&[
        "step",
        path_str(&f),
        "--system",
        "生活保護",
        "--step",
        "13",
        "--status",
        "完了済み",
        "--actual-end",
        "2025-11-19",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("完了率"), "{}", r.stdout);
    let after = rate();
    assert!(
        (after - before - 5.9).abs() < 0.11,
        "one of 17 steps more: {before} → {after}"
    );
}

#[test]
fn tasks_can_be_added_and_updated_from_the_command_line() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&[
        "task",
        "add",
        path_str(&f),
        "--initiative",
        "①",
        "--name",
        "ガバメントクラウド運用経費の精査",
        "--start",
        "2025-12-01",
        "--end",
        "2026-02-27",
        "--owner",
        "DX推進課",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = r
        .stdout
        .split("ID ")
        .nth(1)
        .and_then(|s| s.split('）').next())
        .expect("id printed")
        .to_string();
    let r = dxplan(&[
        "task",
        "set",
        path_str(&f),
        "--id",
        &id,
        "--status",
        "作業中",
        "--progress",
        "30%",
        "--actual-start",
        "2025-12-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = dxplan(&["task", "list", path_str(&f)]);
    assert!(
        list.stdout
            .contains("ガバメントクラウド運用経費の精査（R7.12.1〜R8.2.27、作業中、30%）"),
        "{}",
        list.stdout
    );
}

#[test]
fn check_reports_a_sound_demo_and_a_damaged_file() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&["check", path_str(&f)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("問題はありません"), "{}", r.stdout);
    let full = bytes(&f);
    std::fs::write(&f, &full[..full.len() / 3]).unwrap();
    let r = dxplan(&["check", path_str(&f)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("壊れて"), "{}", r.stderr);
}

#[test]
fn backup_copies_and_baseline_saves_a_named_plan() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let b = dir.path().join("copy.dxplan");
    assert_eq!(dxplan(&["backup", path_str(&f), path_str(&b)]).code, 0);
    assert_eq!(
        dxplan(&["check", path_str(&b)]).code,
        0,
        "the backup is a sound workbook"
    );
    let r = dxplan(&[
        "baseline",
        path_str(&f),
        "--name",
        "令和7年12月議会報告時点",
        "--date",
        "2025-12-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = dxplan(&["baseline", path_str(&f), "--name", "当初計画"]);
    assert_eq!(r.code, 2, "duplicate baseline name refused");
    assert!(r.stderr.contains("既にあります"), "{}", r.stderr);
}

#[test]
fn a_missing_file_and_a_foreign_file_get_clear_messages() {
    let dir = tmp();
    let r = dxplan(&["summary", path_str(&dir.path().join("none.dxplan"))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("見つかりません"), "{}", r.stderr);
    let txt = dir.path().join("x.dxplan");
    std::fs::write(&txt, "hello").unwrap();
    let r = dxplan(&["summary", path_str(&txt)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("dxplanのブック"), "{}", r.stderr);
}
