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

#[test]
fn the_exports_take_the_unit_of_the_amounts_and_refuse_another_in_japanese() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let pdf = dir.path().join("議会報告.pdf");
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&pdf),
        "--view",
        "council",
        "--unit",
        "千円",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::process::Command::new("pdftotext")
        .args([path_str(&pdf), "-"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .expect("pdftotext (poppler-utils, installed by scripts/setup) runs");
    assert!(
        text.contains("平成30年度 279,700千円 → 令和8年度 213,430千円"),
        "the council's total in 千円"
    );
    assert!(
        text.contains("千円未満を四捨五入"),
        "the rounding rule stated"
    );
    let xlsx = dir.path().join("工程表.xlsx");
    let r = dxplan(&[
        "export",
        "xlsx",
        path_str(&f),
        "-o",
        path_str(&xlsx),
        "--unit",
        "千円",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = bytes(&f);
    for view in [
        vec![
            "export",
            "pdf",
            path_str(&f),
            "-o",
            path_str(&pdf),
            "--view",
            "council",
        ],
        vec!["export", "xlsx", path_str(&f), "-o", path_str(&xlsx)],
    ] {
        let mut args = view.clone();
        args.extend(["--unit", "万円"]);
        let r = dxplan(&args);
        assert_eq!(r.code, 2, "{:?} is refused: {}", args, r.stdout);
        assert!(
            r.stderr
                .contains("単位「万円」は使えません（円または千円）"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(bytes(&f), before, "nothing changed in the workbook");
}
