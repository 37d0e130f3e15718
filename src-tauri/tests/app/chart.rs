//! Planning on the chart through the app's real handler on Tauri's mock runtime: a 工程表 bar moved by a month
//! as one undo step, a drop before a predecessor's end refused with its reason until the user moves it anyway, an
//! end before its start refused with nothing changed, and a 標準化 step's bar moved and undone.

use dxplan::model::Span;
use serde_json::{Value, json};

use crate::support::DemoApp;

impl DemoApp {
    fn task(&self, name: &str) -> (i64, Span) {
        let wb = self.wb();
        let t = wb
            .tasks
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("the demo has the task {name}"));
        (t.id, t.plan.expect("a planned task"))
    }

    fn move_bar(
        &self,
        kind: &str,
        id: i64,
        start: &str,
        end: &str,
        force: bool,
    ) -> Result<Value, Value> {
        self.call(
            "move_bar",
            json!({ "form": { "kind": kind, "id": id, "start": start, "end": end, "force": force } }),
        )
    }
}

const FLOW: &str = "窓口業務の業務フロー見直し（市民課・保険年金課）";
const COUNTER: &str = "書かない窓口の試行開始";

#[test]
fn a_bar_moved_by_a_month_is_saved_as_one_undo_step() {
    let app = DemoApp::new();
    let (id, before) = app.task(FLOW);
    assert_eq!(
        (before.start.to_string(), before.end.to_string()),
        ("2024-04-01".into(), "2025-09-30".into())
    );
    let out = app
        .move_bar("task", id, "2024-05-01", "2025-10-31", false)
        .expect("a move within the plan period that keeps the order is accepted");
    assert_eq!(
        out["info"]["undo_label"],
        format!("「{FLOW}」の日程"),
        "the undo button names the move: {out}"
    );
    let (_, after) = app.task(FLOW);
    assert_eq!(
        (after.start.to_string(), after.end.to_string()),
        ("2024-05-01".into(), "2025-10-31".into()),
        "both dates changed"
    );
    app.call("undo", json!({})).expect("undo answers");
    assert_eq!(app.task(FLOW).1, before, "one undo puts both dates back");
}

#[test]
fn a_drop_before_the_predecessors_end_is_refused_with_its_reason_until_moved_anyway() {
    let app = DemoApp::new();
    let (id, before) = app.task(COUNTER);
    let wb = app.wb();
    let err = app
        .move_bar("task", id, "2025-09-01", "2025-09-01", false)
        .expect_err("the milestone would start before the flow review ends");
    assert_eq!(err["field"], "dependency", "{err}");
    let msg = err["message"].as_str().expect("a message");
    assert!(
        msg.contains(&format!("先行する作業『{FLOW}』の終了")) && msg.contains("令和7年9月30日"),
        "the reason names the predecessor and its end: {msg}"
    );
    assert_eq!(app.wb(), wb, "a refused drop changes nothing");
    app.move_bar("task", id, "2025-09-01", "2025-09-01", true)
        .expect("moving anyway is accepted");
    assert_eq!(app.task(COUNTER).1.start.to_string(), "2025-09-01");
    app.call("undo", json!({})).expect("undo answers");
    assert_eq!(app.task(COUNTER).1, before);
}

#[test]
fn an_end_before_its_start_a_stretched_milestone_and_a_bad_date_are_refused_with_nothing_changed() {
    let app = DemoApp::new();
    let (id, _) = app.task(FLOW);
    let (ms, _) = app.task(COUNTER);
    let wb = app.wb();
    for (id, start, end, what) in [
        (id, "2025-10-01", "2025-09-30", "より前"),
        (ms, "2026-01-05", "2026-02-05", "マイルストーン"),
        (id, "2025-02-30", "2025-09-30", "開始日"),
        (id, "2024-04-01", "2031-03-31", "計画期間"),
    ] {
        let err = app
            .move_bar("task", id, start, end, true)
            .expect_err("refused");
        let msg = err["message"].as_str().expect("a message");
        assert!(msg.contains(what), "{start}〜{end}: {msg}");
        assert_eq!(err["field"], "plan", "{err}");
    }
    assert_eq!(app.wb(), wb, "nothing changed");
}

#[test]
fn a_step_bar_is_moved_and_undone() {
    let app = DemoApp::new();
    let wb = app.wb();
    let step = wb
        .system_steps
        .iter()
        .find(|s| s.plan.is_some())
        .expect("a planned step");
    let plan = step.plan.expect("a plan");
    let start = plan.start + chrono::Duration::days(7);
    let end = plan.end + chrono::Duration::days(7);
    app.move_bar("step", step.id, &start.to_string(), &end.to_string(), false)
        .expect("a step moved by a week");
    let moved = app.wb();
    let now = moved
        .system_steps
        .iter()
        .find(|s| s.id == step.id)
        .and_then(|s| s.plan)
        .expect("still planned");
    assert_eq!((now.start, now.end), (start, end));
    app.call("undo", json!({})).expect("undo answers");
    assert_eq!(app.wb(), wb, "undo restores the workbook");
}

#[test]
fn two_pasted_rows_are_previewed_added_as_one_undo_step_and_undone() {
    let app = DemoApp::new();
    let wb = app.wb();
    let init = wb.initiatives[0].id;
    let text = "取組内容\t開始\t終了\t担当課\t状態\r\nAI議事録の試行\tR8.4.1\t２０２６／９／３０\tDX推進課\t未着手\r\n\"<img src=x onerror=alert(1)>\r\n2行目\"\t2026-10-01\t令和9年3月31日\t\t作業中\r\n";
    let p = app
        .call("paste_preview", json!({ "text": text }))
        .expect("a preview");
    assert_eq!(p["header"], true, "{p}");
    assert_eq!(p["rows"].as_array().map(Vec::len), Some(2), "{p}");
    assert_eq!(p["errors"], json!([]), "{p}");
    assert_eq!(app.wb(), wb, "a preview changes nothing");
    let out = app
        .call("paste_apply", json!({ "text": text, "initiativeId": init }))
        .expect("the rows are added");
    assert_eq!(out["info"]["undo_label"], "2行の貼り付け", "{out}");
    let after = app.wb();
    assert_eq!(after.tasks.len(), wb.tasks.len() + 2, "two rows added");
    let added = after
        .tasks
        .iter()
        .find(|t| t.name.starts_with("<img"))
        .expect("the hostile name is stored as text");
    assert_eq!(added.name, "<img src=x onerror=alert(1)>\r\n2行目");
    app.call("undo", json!({})).expect("undo answers");
    assert_eq!(app.wb(), wb, "one undo removes both rows");
}

#[test]
fn a_paste_with_bad_cells_lists_each_and_adds_nothing() {
    let app = DemoApp::new();
    let wb = app.wb();
    let text = "調査\t2026/2/30\t2026/3/31\n検討\t2026/4/1\t2026/3/1\n";
    let p = app
        .call("paste_preview", json!({ "text": text }))
        .expect("a preview");
    let errors: Vec<(i64, String)> = p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap_or(0),
                e["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![(1, "開始".to_string()), (2, "終了".to_string())],
        "{p}"
    );
    let err = app
        .call(
            "paste_apply",
            json!({ "text": text, "initiativeId": wb.initiatives[0].id }),
        )
        .expect_err("refused while a cell cannot be read");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("1行目「開始」")),
        "{err}"
    );
    assert_eq!(app.wb(), wb, "nothing changed");
}
