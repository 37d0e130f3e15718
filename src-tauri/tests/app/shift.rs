//! Moving a 工程表 task with its successors through the app's real handler on Tauri's mock runtime: the preview
//! lists the successors the dependencies push (和暦 before → after) and changes nothing; applying moves the task
//! and them as one undo step; 「この作業だけ」 moves the task alone; bad dates are refused at their field.

use dxplan::model::{Span, Workbook};
use serde_json::json;

use crate::support::DemoApp;

fn plan(wb: &Workbook, id: i64) -> Span {
    wb.task(id)
        .and_then(|t| t.plan)
        .expect("the task has a plan")
}

/// A demo dependency whose predecessor, ending 40 days later, pushes its successor.
fn pushed_pair(wb: &Workbook) -> (i64, i64, Span) {
    for d in &wb.dependencies {
        let (Some(p), Some(s)) = (
            wb.task(d.predecessor).and_then(|t| t.plan),
            wb.task(d.successor).and_then(|t| t.plan),
        ) else {
            continue;
        };
        let begun = wb
            .task(d.successor)
            .is_some_and(|t| t.actual_start.is_some());
        let new = Span {
            start: p.start,
            end: s.start + chrono::Days::new(40),
        };
        if !begun {
            return (d.predecessor, d.successor, new);
        }
    }
    panic!("the demo has a dependency whose successor has not begun");
}

#[test]
fn the_preview_lists_the_pushed_successor_in_wareki_and_changes_nothing() {
    let app = DemoApp::new();
    let before = app.wb();
    let (p, s, new) = pushed_pair(&before);
    let v = app
        .call(
            "roadmap_plan_shift",
            json!({ "taskId": p, "start": new.start.to_string(), "end": new.end.to_string() }),
        )
        .expect("the preview answers");
    let succ = v["successors"].as_array().expect("a list");
    assert!(
        succ.iter().any(|r| r["task_id"] == s),
        "the successor is listed: {v}"
    );
    let first = &succ[0];
    assert!(
        first["old_label"].as_str().unwrap().contains("令和")
            && first["new_label"].as_str().unwrap().contains('〜'),
        "和暦 before → after: {first}"
    );
    assert!(v["refused"].is_null(), "{v}");
    assert_eq!(app.wb(), before, "a preview changes nothing");
}

#[test]
fn applying_with_successors_is_one_undo_step_and_this_task_only_moves_one_row() {
    let app = DemoApp::new();
    let before = app.wb();
    let (p, s, new) = pushed_pair(&before);
    let args = |successors: bool| {
        json!({ "taskId": p, "start": new.start.to_string(), "end": new.end.to_string(),
                "successors": successors, "label": null })
    };
    let out = app
        .call("roadmap_apply_shift", args(true))
        .expect("applied");
    assert!(
        out["info"]["undo_label"]
            .as_str()
            .unwrap_or_default()
            .contains("後続"),
        "one undo step named for the shift: {out}"
    );
    let after = app.wb();
    assert_eq!(plan(&after, p), new, "the task moved");
    assert!(
        plan(&after, s).start >= new.end,
        "the successor starts no earlier than the new end"
    );
    assert!(
        dxplan::model::roadmap::dependency_conflicts(&after.tasks, &after.dependencies)
            .iter()
            .all(|(a, _)| a.id != p),
        "no conflict left after the moved task"
    );
    app.call("undo", json!({})).expect("undo answers");
    assert_eq!(app.wb(), before, "one undo puts every task back");

    app.call("roadmap_apply_shift", args(false))
        .expect("applied alone");
    let alone = app.wb();
    assert_eq!(plan(&alone, p), new);
    assert_eq!(plan(&alone, s), plan(&before, s), "the successor stays");
}

#[test]
fn bad_dates_are_refused_at_their_field_and_change_nothing() {
    let app = DemoApp::new();
    let before = app.wb();
    let (p, _, _) = pushed_pair(&before);
    for (start, end, field) in [
        ("2026-03-01", "2026-02-01", "plan"),
        ("2025-02-30", "2026-02-01", "start"),
        ("<script>alert(1)</script>", "2026-02-01", "start"),
        ("2026-01-01", "=HYPERLINK(\"x\")", "end"),
    ] {
        for cmd in ["roadmap_plan_shift", "roadmap_apply_shift"] {
            let e = app
                .call(
                    cmd,
                    json!({ "taskId": p, "start": start, "end": end, "successors": true, "label": null }),
                )
                .expect_err("refused");
            assert_eq!(e["field"], field, "{cmd} {start} {end}: {e}");
            assert!(
                e["message"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .any(|c| c > '\u{3000}'),
                "a Japanese message: {e}"
            );
        }
    }
    assert_eq!(app.wb(), before, "nothing changed");
}
