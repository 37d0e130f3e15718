//! 運用経費 through the app's real handler on Tauri's mock runtime: the card's view of the demo (令和8年度 against
//! 平成30年度), an amount typed as a 千円 figure with full-width digits entered as one undo step, and bad input
//! refused at its field with nothing changed.

use serde_json::{Value, json};
use tauri::Manager;

use dxplan_app::state::AppState;

use crate::support::DemoApp;

impl DemoApp {
    fn view(&self) -> Value {
        self.call("cost_view", json!({}))
            .expect("cost_view answers")
    }

    fn system_id(&self, name: &str) -> i64 {
        let state = self.webview.state::<AppState>();
        state
            .with(|s| Ok(s.wb.system_by_name(name).map(|x| x.id)))
            .expect("a workbook is open")
            .expect("the demo has the system")
    }

    fn running_costs(&self) -> Vec<dxplan::model::RunningCost> {
        let state = self.webview.state::<AppState>();
        state
            .with(|s| Ok(s.wb.money.running_costs.clone()))
            .expect("a workbook is open")
    }
}

fn health(view: &Value) -> &Value {
    view["report"]["systems"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["name"] == "健康管理"))
        .expect("健康管理 in the report")
}

fn form(system_id: i64, amount: &str) -> Value {
    json!({ "form": {
        "system_id": system_id, "year": "令和８年度", "category": "current_system",
        "basis": "planned", "unit": "thousand", "amount": amount
    } })
}

#[test]
fn the_card_shows_the_demo_total_against_heisei_30_with_its_target_state() {
    let app = DemoApp::new();
    let v = app.view();
    assert_eq!(v["baseline_year"], "平成30年度", "{v}");
    assert_eq!(v["target_year"], "令和8年度", "{v}");
    assert_eq!(
        v["report"]["total"]["label"], "23.7%",
        "the demo's total: {v}"
    );
    assert_eq!(v["report"]["total"]["status"], "not_yet_met", "{v}");
    assert_eq!(
        health(&v)["status"],
        "not_yet_met",
        "健康管理 stays on its current system: {v}"
    );
    assert!(
        v["balances"].as_array().is_some_and(|b| !b.is_empty()),
        "the 補助金 balances come with the card: {v}"
    );
}

#[test]
fn a_year_cost_typed_in_thousands_is_one_undo_step_that_moves_the_total() {
    let app = DemoApp::new();
    let id = app.system_id("健康管理");
    let before = app.running_costs();
    app.call("set_running_cost", form(id, "８，０００"))
        .expect("a 千円 amount with full-width digits is accepted");
    let v = app.view();
    assert_eq!(
        health(&v)["amount"]["amount"],
        8_000_000,
        "8,000千円 is 8,000,000円: {v}"
    );
    assert_eq!(
        health(&v)["status"],
        "met",
        "12,400,000 → 8,000,000 is 35.5 %: {v}"
    );
    assert_ne!(
        v["report"]["total"]["label"], "23.7%",
        "the total moved: {v}"
    );
    let row = app
        .running_costs()
        .into_iter()
        .find(|r| r.system_id == id && r.year.0 == 2026)
        .expect("the 令和8年度 row");
    assert_eq!(
        (row.planned.map(|y| y.0), row.actual),
        (Some(8_000_000), None),
        "the planned amount replaced, no actual made up"
    );
    app.call("undo", json!({})).expect("undo answers");
    assert_eq!(
        app.running_costs(),
        before,
        "one undo restores every money row"
    );
    assert_eq!(
        app.view()["report"]["total"]["label"],
        "23.7%",
        "the total is back"
    );
}

#[test]
fn bad_amounts_and_years_are_refused_at_their_field_and_change_nothing() {
    let app = DemoApp::new();
    let id = app.system_id("健康管理");
    let before = app.running_costs();
    for (amount, field) in [("abc", "amount"), ("▲1,000", "amount"), ("", "amount")] {
        let e = app
            .call("set_running_cost", form(id, amount))
            .expect_err("a bad amount is refused");
        assert_eq!(e["field"], field, "「{amount}」: {e}");
        assert!(
            e["message"].as_str().is_some_and(|m| m.contains("金額")),
            "a Japanese message naming 金額 for 「{amount}」: {e}"
        );
    }
    let mut bad_year = form(id, "8,000");
    bad_year["form"]["year"] = json!("来年");
    let e = app
        .call("set_running_cost", bad_year)
        .expect_err("a year that is no 年度 is refused");
    assert_eq!(e["field"], "year", "{e}");
    let e = app
        .call("set_running_cost", form(999_999, "8,000"))
        .expect_err("a system that is gone is refused");
    assert_eq!(e["code"], "not_found", "{e}");
    assert_eq!(app.running_costs(), before, "nothing changed");
}

/// What is left to claim of the demo's 標準化 programme (the first with a 上限額), in yen.
fn left(v: &Value) -> (i64, i64) {
    let b = v["balances"]
        .as_array()
        .and_then(|bs| bs.iter().find(|b| !b["cap"].is_null()).cloned())
        .expect("a programme with a 上限額");
    (
        b["programme_id"].as_i64().expect("its id"),
        b["left_to_claim"].as_i64().expect("what is left"),
    )
}

#[test]
fn a_claim_added_in_thousands_lowers_what_is_left_to_claim_and_one_undo_restores_it() {
    let app = DemoApp::new();
    let (programme, before) = left(&app.view());
    let form = |year: &str, decided: &str| {
        json!({ "form": {
            "programme_id": programme, "system_id": app.system_id("戸籍"), "year": year,
            "unit": "thousand", "applied": "", "decided": decided, "spent": ""
        } })
    };
    for (year, decided, field) in [
        ("令和8年度", "<img src=x onerror=alert(1)>", "decided"),
        ("令和8年度", "▲1,000", "decided"),
        ("令和8年度", "99999999999999", "decided"),
        ("令和8年度", "", "applied"),
        ("令和50年度", "1,000", "year"),
        ("いつか", "1,000", "year"),
    ] {
        let e = app
            .call("add_grant", form(year, decided))
            .expect_err("a bad claim is refused");
        assert_eq!(e["field"], field, "{year} / {decided}: {e}");
        assert!(
            e["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty() && !m.is_ascii()),
            "a Japanese message: {e}"
        );
        assert_eq!(left(&app.view()).1, before, "nothing changed by {decided}");
    }
    let out = app
        .call("add_grant", form("令和８年度", "１，０００"))
        .expect("the claim is added");
    assert_eq!(
        out["info"]["undo_label"], "戸籍の補助金申請（令和8年度）",
        "one undo step: {out}"
    );
    assert_eq!(
        left(&app.view()).1,
        before - 1_000_000,
        "交付決定額 1,000千円 leaves 1,000,000円 less to claim"
    );
    app.call("undo", json!({})).expect("undo");
    assert_eq!(
        left(&app.view()).1,
        before,
        "one undo restores what is left"
    );
}
