//! `dxplan cost` on the demo city: the 平成30年度比 table, the target's state, the 補助金 balances and the budget,
//! as text (in 円 and 千円) and JSON, checked against committed snapshots; bad arguments are refused in Japanese.

use crate::support::*;

#[test]
fn the_cost_report_of_the_demo_shows_every_system_the_total_and_the_target_state() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&["cost", path_str(&f)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("3割削減目標（令和8年度）: 未達成"),
        "the demo misses the target in total: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("戸籍 | 18,500,000円 | 20,720,000円（計画） | ▲12.0% | 未達成"),
        "戸籍 is dearer after ガバメントクラウド: {}",
        r.stdout
    );
    insta::assert_snapshot!("demo_cost_text", r.stdout);
}

#[test]
fn the_cost_report_in_thousand_yen_and_for_another_year() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&[
        "cost",
        path_str(&f),
        "--unit",
        "千円",
        "--year",
        "令和7年度",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("単位: 千円") && r.stdout.contains("住民基本台帳 | 31,200千円"),
        "amounts in 千円: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains("不明（令和7年度の経費が未入力）"),
        "systems not yet moved have no 令和7年度 figure: {}",
        r.stdout
    );
    insta::assert_snapshot!("demo_cost_text_r7_thousand", r.stdout);
}

#[test]
fn the_cost_report_as_json_carries_the_report_years_balances_warnings_and_budgets() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&["cost", path_str(&f), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    for k in ["report", "years", "balances", "warnings", "budgets"] {
        assert!(v.get(k).is_some(), "key {k} in {}", r.stdout);
    }
    assert_eq!(v["report"]["total"]["status"], "not_yet_met");
    assert_eq!(
        v["report"]["systems"].as_array().map(Vec::len),
        Some(20),
        "every system"
    );
    insta::assert_json_snapshot!("demo_cost_json", v);
}

#[test]
fn a_bad_unit_or_year_is_refused_in_japanese_with_exit_code_2() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&["cost", path_str(&f), "--unit", "ドル"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("単位「ドル」は使えません"),
        "{}",
        r.stderr
    );
    let r = dxplan(&["cost", path_str(&f), "--year", "来年"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("年度「来年」を読めません"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_lists_money_problems_of_a_hand_edited_file() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let c = rusqlite::Connection::open(&f).unwrap();
    // a claim whose 交付決定額 exceeds its 申請額: allowed in the file, a warning in check
    c.execute(
        "UPDATE grant_claim SET decided = applied + 1 WHERE id = 1",
        [],
    )
    .unwrap();
    drop(c);
    let r = dxplan(&["check", path_str(&f)]);
    assert!(
        r.stdout.contains("補助金:") && r.stdout.contains("交付決定額"),
        "the warning is listed: {} {}",
        r.stdout,
        r.stderr
    );
}
