//! The 「経費・補助金」 screen's commands through the app's real handler on Tauri's mock runtime: claims of systems
//! and initiatives added, replaced and deleted, programmes with typed rates, 予算 lines per 年度, each one undo
//! step, and bad input refused at its field with nothing changed.

use serde_json::{Value, json};

use dxplan::model::Workbook;

use crate::support::DemoApp;

impl DemoApp {
    fn money(&self) -> Value {
        self.call("money_view", json!({}))
            .expect("money_view answers")
    }
}

/// The money tables, to compare before and after.
fn money(wb: &Workbook) -> dxplan::model::cost::Finances {
    wb.money.clone()
}

fn initiative(wb: &Workbook, needle: &str) -> i64 {
    wb.initiatives
        .iter()
        .find(|i| i.name.contains(needle))
        .map(|i| i.id)
        .expect("the demo has the initiative")
}

fn claim(id: i64, programme: i64, funded: Value, year: &str, decided: &str) -> Value {
    json!({ "form": {
        "id": id, "programme_id": programme, "funded": funded, "year": year,
        "unit": "thousand", "applied": "", "decided": decided, "spent": ""
    } })
}

fn programme(id: i64, name: &str, rate: &str, cap: &str, last_year: &str) -> Value {
    json!({ "form": {
        "id": id, "name": name, "kind": "subsidy", "rate": rate, "unit": "thousand",
        "cap": cap, "last_year": last_year
    } })
}

fn budget(id: i64, budgeted: Value, year: &str, planned: &str, executed: &str) -> Value {
    json!({ "form": {
        "id": id, "budgeted": budgeted, "year": year, "unit": "thousand",
        "planned": planned, "executed": executed
    } })
}

/// What is left to claim of the programme named `name`, in yen.
fn left(v: &Value, name: &str) -> Option<i64> {
    v["balances"]
        .as_array()
        .and_then(|bs| bs.iter().find(|b| b["name"] == name))
        .and_then(|b| b["left_to_claim"].as_i64())
}

fn message(e: &Value) -> &str {
    e["message"].as_str().unwrap_or_default()
}

#[test]
fn the_view_lists_the_demo_claims_programmes_and_budget_years_with_names() {
    let app = DemoApp::new();
    let v = app.money();
    let claims = v["claims"].as_array().expect("claims");
    assert!(
        claims.iter().any(|c| c["funded"]["kind"] == "initiative"
            && c["name"] == "自治体情報システムの標準化・共通化"),
        "the demo's claims of the 標準化 initiative are listed by name: {v}"
    );
    let programmes = v["programmes"].as_array().expect("programmes");
    assert!(
        programmes.iter().any(|p| p["rate"] == "10/10"
            && p["national"] == true
            && p["claims"].as_u64() > Some(0)),
        "the national 標準化 programme (10/10) with its claims: {v}"
    );
    assert!(
        programmes.iter().any(|p| p["rate"] == "1/2"),
        "0.5 and 1/2 programmes are shown as 1/2: {v}"
    );
    let r8 = v["budgets"]
        .as_array()
        .and_then(|b| b.iter().find(|y| y["year"] == 2026))
        .expect("the demo's 令和8年度 budget");
    assert_eq!(r8["planned"], 38_000_000, "令和8年度 予算額: {r8}");
    assert_eq!(v["first_year"], "平成30年度", "{v}");
}

#[test]
fn a_claim_for_an_initiative_is_added_edited_and_deleted_one_undo_step_each() {
    let app = DemoApp::new();
    let wb = app.wb();
    let before = money(&wb);
    let dx = initiative(&wb, "標準化");
    let cio = wb
        .money
        .programmes
        .iter()
        .find(|p| p.name.contains("CIO補佐官"))
        .map(|p| p.id)
        .expect("the CIO補佐官 programme");
    let funded = json!({ "kind": "initiative", "id": dx });
    let out = app
        .call(
            "set_grant",
            claim(0, cio, funded.clone(), "令和７年度", "１，５００"),
        )
        .expect("a claim of an initiative is added");
    assert_eq!(
        out["info"]["undo_label"], "自治体情報システムの標準化・共通化の補助金申請（令和7年度）",
        "{out}"
    );
    let id = out["new_id"].as_i64().expect("the new claim's id");
    let row = |app: &DemoApp| app.wb().money.grants.into_iter().find(|g| g.id == id);
    assert_eq!(
        row(&app).and_then(|g| g.decided).map(|y| y.0),
        Some(1_500_000),
        "1,500千円 is 1,500,000円"
    );
    app.call(
        "set_grant",
        claim(id, cio, funded.clone(), "令和７年度", "2,000.5"),
    )
    .expect("the claim is edited");
    let edited = row(&app).expect("the claim is still there, replaced");
    assert_eq!(edited.decided.map(|y| y.0), Some(2_000_500), "2,000.5千円");
    assert_eq!(
        app.wb().money.grants.len(),
        before.grants.len() + 1,
        "editing replaced the claim, added none"
    );
    let out = app
        .call("delete_grant", json!({ "id": id }))
        .expect("the claim is deleted");
    assert!(
        out["info"]["undo_label"]
            .as_str()
            .is_some_and(|l| l.ends_with("の削除")),
        "{out}"
    );
    assert!(row(&app).is_none(), "the claim is gone");
    app.call("undo", json!({})).expect("undo the delete");
    assert_eq!(
        row(&app).and_then(|g| g.decided).map(|y| y.0),
        Some(2_000_500),
        "undo brings back the edited claim"
    );
    app.call("undo", json!({})).expect("undo the edit");
    assert_eq!(
        row(&app).and_then(|g| g.decided).map(|y| y.0),
        Some(1_500_000),
        "undo brings back the first amounts"
    );
    app.call("undo", json!({})).expect("undo the add");
    assert_eq!(
        money(&app.wb()),
        before,
        "three undos restore every money row"
    );
}

#[test]
fn a_claim_past_its_programmes_end_is_kept_with_a_warning() {
    let app = DemoApp::new();
    let wb = app.wb();
    let online = wb
        .money
        .programmes
        .iter()
        .find(|p| p.name.contains("オンライン化"))
        .map(|p| p.id)
        .expect("the オンライン化 programme, ended 令和4年度");
    let funded = json!({ "kind": "initiative", "id": initiative(&wb, "オンライン化") });
    let out = app
        .call("set_grant", claim(0, online, funded, "令和7年度", "100"))
        .expect("a claim past the end is taken (it may have happened)");
    let id = out["new_id"].as_i64().expect("its id");
    let v = app.money();
    let c = v["claims"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .expect("the claim is listed");
    assert!(
        c["warnings"].as_array().is_some_and(|w| w
            .iter()
            .any(|w| w.as_str().is_some_and(|s| s.contains("令和4年度で終了")))),
        "the warning says the programme ended: {c}"
    );
}

#[test]
fn bad_claims_are_refused_at_their_field_and_change_nothing() {
    let app = DemoApp::new();
    let wb = app.wb();
    let before = money(&wb);
    let p = wb.money.programmes[0].id;
    let funded = json!({ "kind": "initiative", "id": initiative(&wb, "標準化") });
    let existing = wb.money.grants[0].clone();
    for (form, field) in [
        (
            claim(0, p, funded.clone(), "令和8年度", "▲1,000"),
            "decided",
        ),
        (
            claim(
                0,
                p,
                funded.clone(),
                "令和8年度",
                "<script>alert(1)</script>",
            ),
            "decided",
        ),
        (
            claim(0, p, funded.clone(), "令和8年度", "=HYPERLINK(\"x\")"),
            "decided",
        ),
        (
            claim(0, p, funded.clone(), "令和8年度", "99999999999"),
            "decided",
        ),
        (claim(0, p, funded.clone(), "令和8年度", ""), "applied"),
        (claim(0, p, funded.clone(), "令和50年度", "1,000"), "year"),
        (claim(0, p, funded.clone(), "きのう", "1,000"), "year"),
        // a second claim of the same programme, 年度 and initiative
        (
            claim(
                0,
                existing.programme_id,
                serde_json::to_value(existing.funded).expect("json"),
                &existing.year.0.to_string(),
                "1,000",
            ),
            "year",
        ),
    ] {
        let e = app.call("set_grant", form.clone()).expect_err("refused");
        assert_eq!(e["field"], field, "{form}: {e}");
        assert!(
            !message(&e).is_empty() && !message(&e).is_ascii(),
            "a Japanese message: {e}"
        );
    }
    let e = app
        .call(
            "set_grant",
            claim(987_654, p, funded.clone(), "令和8年度", "1"),
        )
        .expect_err("a claim that is gone cannot be edited");
    assert_eq!(e["code"], "not_found", "{e}");
    let e = app
        .call(
            "set_grant",
            claim(
                0,
                p,
                json!({ "kind": "initiative", "id": 987_654 }),
                "令和8年度",
                "1",
            ),
        )
        .expect_err("an initiative that is gone");
    assert_eq!(e["code"], "not_found", "{e}");
    let e = app
        .call("delete_grant", json!({ "id": 987_654 }))
        .expect_err("deleting a claim that is gone");
    assert_eq!(e["code"], "not_found", "{e}");
    assert_eq!(money(&app.wb()), before, "nothing changed");
}

#[test]
fn a_programme_with_a_typed_rate_and_cap_is_added_claimed_under_and_deleted_only_when_unused() {
    let app = DemoApp::new();
    let wb = app.wb();
    let before = money(&wb);
    let out = app
        .call(
            "set_programme",
            programme(0, "県DX推進補助金", "1/2", "10,000", "令和8年度"),
        )
        .expect("a programme of the user's own");
    assert_eq!(out["info"]["undo_label"], "制度「県DX推進補助金」", "{out}");
    let pid = out["new_id"].as_i64().expect("its id");
    let v = app.money();
    let p = v["programmes"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == pid))
        .expect("listed");
    assert_eq!(
        (&p["rate"], &p["national"], &p["cap"], &p["last_year"]),
        (
            &json!("1/2"),
            &json!(false),
            &json!(10_000_000),
            &json!("令和8年度")
        ),
        "{p}"
    );
    assert_eq!(
        left(&v, "県DX推進補助金"),
        Some(10_000_000),
        "nothing claimed yet"
    );
    for (rate, label) in [
        ("0.5", "1/2"),
        ("50%", "1/2"),
        ("10/10", "10/10"),
        ("２／３", "2/3"),
    ] {
        app.call(
            "set_programme",
            programme(pid, "県DX推進補助金", rate, "10,000", ""),
        )
        .expect("the rate is edited");
        let v = app.money();
        let p = v["programmes"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["id"] == pid))
            .cloned()
            .expect("listed");
        assert_eq!(p["rate"], label, "「{rate}」: {p}");
        assert!(p["last_year"].is_null(), "an empty 終了年度 is no end: {p}");
    }
    let funded = json!({ "kind": "initiative", "id": initiative(&wb, "標準化") });
    let c = app
        .call("set_grant", claim(0, pid, funded, "令和8年度", "4,000"))
        .expect("a claim under the new programme");
    assert_eq!(
        left(&app.money(), "県DX推進補助金"),
        Some(6_000_000),
        "4,000千円 decided leaves 6,000千円"
    );
    let e = app
        .call("delete_programme", json!({ "id": pid }))
        .expect_err("a programme with a claim is kept");
    assert_eq!(e["code"], "in_use", "{e}");
    assert!(
        message(&e).contains("申請が1件あるため削除できません"),
        "the refusal says why: {e}"
    );
    app.call("delete_grant", json!({ "id": c["new_id"] }))
        .expect("the claim goes first");
    let out = app
        .call("delete_programme", json!({ "id": pid }))
        .expect("then the programme");
    assert_eq!(
        out["info"]["undo_label"], "制度「県DX推進補助金」の削除",
        "{out}"
    );
    // add, four rate edits, the claim added and deleted, the programme deleted
    for _ in 0..8 {
        app.call("undo", json!({})).expect("undo");
    }
    assert_eq!(
        money(&app.wb()),
        before,
        "every step undone restores the money rows"
    );
}

#[test]
fn bad_programmes_are_refused_at_their_field_and_change_nothing() {
    let app = DemoApp::new();
    let wb = app.wb();
    let before = money(&wb);
    let taken = wb.money.programmes[0].name.clone();
    for (form, field, needle) in [
        (programme(0, "県補助", "3/2", "", ""), "rate", "0から1の間"),
        (programme(0, "県補助", "150%", "", ""), "rate", "0から1の間"),
        (programme(0, "県補助", "半分", "", ""), "rate", "補助率"),
        (programme(0, "県補助", "1/2", "▲100", ""), "cap", "上限額"),
        (programme(0, "県補助", "1/2", "abc", ""), "cap", "上限額"),
        (
            programme(0, "県補助", "1/2", "", "いつか"),
            "last_year",
            "年度",
        ),
        (
            programme(0, "県補助", "1/2", "", "20255"),
            "last_year",
            "年度",
        ),
        (programme(0, "", "1/2", "", ""), "name", "制度名"),
        (programme(0, &taken, "1/2", "", ""), "name", "既にあります"),
        (
            programme(0, &"長".repeat(100_000), "1/2", "", ""),
            "name",
            "制度名",
        ),
    ] {
        let e = app
            .call("set_programme", form.clone())
            .expect_err("refused");
        assert_eq!(e["field"], field, "{e}");
        assert!(
            message(&e).contains(needle),
            "a message with 「{needle}」: {e}"
        );
    }
    assert_eq!(money(&app.wb()), before, "nothing changed");
}

#[test]
fn a_budget_line_is_entered_edited_and_deleted_and_moves_the_years_total() {
    let app = DemoApp::new();
    let wb = app.wb();
    let before = money(&wb);
    let task = wb.tasks[0].id;
    let total = |app: &DemoApp| {
        app.money()["budgets"]
            .as_array()
            .and_then(|b| b.iter().find(|y| y["year"] == 2026).cloned())
            .map(|y| (y["planned"].as_i64(), y["executed"].as_i64()))
    };
    assert_eq!(
        total(&app),
        Some((Some(38_000_000), Some(0))),
        "the demo's 令和8年度"
    );
    let out = app
        .call(
            "set_budget",
            budget(
                0,
                json!({ "kind": "task", "id": task }),
                "R8",
                "１,２００",
                "",
            ),
        )
        .expect("a task's budget line");
    let id = out["new_id"].as_i64().expect("its id");
    assert!(
        out["info"]["undo_label"]
            .as_str()
            .is_some_and(|l| l.ends_with("の令和8年度予算")),
        "{out}"
    );
    assert_eq!(
        total(&app),
        Some((Some(39_200_000), Some(0))),
        "38,000 + 1,200千円"
    );
    app.call(
        "set_budget",
        budget(
            id,
            json!({ "kind": "task", "id": task }),
            "R8",
            "1,200",
            "900",
        ),
    )
    .expect("its 執行額 entered");
    assert_eq!(
        total(&app),
        Some((Some(39_200_000), Some(900_000))),
        "執行額 900千円"
    );
    app.call("delete_budget", json!({ "id": id }))
        .expect("deleted");
    assert_eq!(
        total(&app),
        Some((Some(38_000_000), Some(0))),
        "back to the demo's total"
    );
    for _ in 0..3 {
        app.call("undo", json!({})).expect("undo");
    }
    assert_eq!(
        money(&app.wb()),
        before,
        "three undos restore the budget lines"
    );
}

#[test]
fn bad_budget_lines_are_refused_at_their_field_and_change_nothing() {
    let app = DemoApp::new();
    let wb = app.wb();
    let before = money(&wb);
    let dx = json!({ "kind": "initiative", "id": initiative(&wb, "標準化") });
    for (form, field, needle) in [
        (
            budget(0, dx.clone(), "令和9年度", "▲1,000", ""),
            "planned",
            "マイナス",
        ),
        (
            budget(0, dx.clone(), "令和9年度", "たくさん", ""),
            "planned",
            "予算額",
        ),
        (
            budget(0, dx.clone(), "令和9年度", "", ""),
            "planned",
            "予算額を入れて",
        ),
        (
            budget(0, dx.clone(), "令和9年度", "2,000,000,000", ""),
            "planned",
            "大きすぎ",
        ),
        (
            budget(0, dx.clone(), "令和9年度", "1,000", "=1+1"),
            "executed",
            "執行額",
        ),
        (
            budget(0, dx.clone(), "令和50年度", "1,000", ""),
            "year",
            "計画の対象外",
        ),
        (
            budget(0, dx.clone(), "<b>", "1,000", ""),
            "year",
            "読めません",
        ),
        (
            budget(0, dx.clone(), "令和8年度", "1,000", ""),
            "year",
            "既に入っています",
        ),
    ] {
        let e = app.call("set_budget", form.clone()).expect_err("refused");
        assert_eq!(e["field"], field, "{form}: {e}");
        assert!(
            message(&e).contains(needle),
            "a message with 「{needle}」: {e}"
        );
    }
    let e = app
        .call(
            "set_budget",
            budget(
                0,
                json!({ "kind": "task", "id": 987_654 }),
                "令和8年度",
                "1",
                "",
            ),
        )
        .expect_err("a task that is gone");
    assert_eq!(e["code"], "not_found", "{e}");
    assert_eq!(money(&app.wb()), before, "nothing changed");
}
