//! Moving bars: the plan period, milestones, and dependencies refused with their reason unless forced.

use super::*;
use crate::model::edit::{Edit, Key, apply};
use crate::model::roadmap::InitiativeGroup;
use crate::model::{Dependency, Initiative, Status, Task, WorkbookMeta};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Plan period 2021-01-01 … 2026-03-31; task 1 (Apr–Sep 2025) must end before task 2 (Oct 2025 – Mar 2026).
fn wb() -> Workbook {
    let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
    w.initiatives.push(Initiative {
        id: 1,
        group: InitiativeGroup::Targeted,
        code: "①".into(),
        name: "標準化".into(),
        priority: true,
        reference: false,
        target_label: String::new(),
        target_date: None,
        owner_unit: None,
        sort: 1,
    });
    for (id, name, s, e) in [
        (1, "現行調査", "2025-04-01", "2025-09-30"),
        (2, "移行", "2025-10-01", "2026-03-31"),
    ] {
        w.tasks.push(Task {
            id,
            initiative_id: 1,
            name: name.into(),
            owner_unit: None,
            plan: Some(Span::new(d(s), d(e)).unwrap()),
            actual_start: None,
            actual_end: None,
            progress: 0,
            status: Status::NotStarted,
            milestone: false,
            notes: String::new(),
            sort: id,
        });
    }
    w.dependencies.push(Dependency {
        predecessor: 1,
        successor: 2,
        lag: 0,
    });
    w
}

#[test]
fn a_move_inside_the_plan_period_that_keeps_the_order_is_accepted() {
    let w = wb();
    let p = check_task_move(&w, 1, d("2025-05-01"), d("2025-09-30"), false)
        .expect("a later start of the predecessor is fine");
    assert_eq!((p.start, p.end), (d("2025-05-01"), d("2025-09-30")));
}

#[test]
fn an_end_before_the_start_is_refused_naming_the_plan() {
    let e = check_task_move(&wb(), 1, d("2025-09-30"), d("2025-05-01"), true).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("plan"), "{}", e.message);
    assert!(e.message.contains("より前"), "{}", e.message);
}

#[test]
fn a_successor_dropped_before_its_predecessor_ends_is_refused_with_the_predecessors_name() {
    let w = wb();
    let e = check_task_move(&w, 2, d("2025-09-01"), d("2026-03-31"), false).unwrap_err();
    assert_eq!(e.field.as_deref(), Some(DEPENDENCY_FIELD));
    assert!(
        e.message.contains("先行する作業『現行調査』の終了")
            && e.message.contains("令和7年9月30日"),
        "the reason names the predecessor and its end in 和暦: {}",
        e.message
    );
    assert!(
        check_task_move(&w, 2, d("2025-09-01"), d("2026-03-31"), true).is_ok(),
        "moving anyway is the user's choice"
    );
}

#[test]
fn a_lag_in_working_days_moves_the_earliest_start_a_drop_may_have() {
    let mut w = wb();
    w.dependencies[0].lag = 2;
    w.tasks[1].plan = Some(Span::new(d("2025-10-15"), d("2026-03-31")).unwrap());
    // 現行調査 ends Tue 2025-09-30: two working days later is Thu 2025-10-02
    let e = check_task_move(&w, 2, d("2025-10-01"), d("2026-03-31"), false).unwrap_err();
    assert_eq!(e.field.as_deref(), Some(DEPENDENCY_FIELD));
    assert!(
        e.message.contains("2営業日後（令和7年10月2日）"),
        "the lag and the day it allows: {}",
        e.message
    );
    assert!(check_task_move(&w, 2, d("2025-10-02"), d("2026-03-31"), false).is_ok());
}

#[test]
fn a_predecessor_stretched_past_its_successors_start_is_refused_unless_forced() {
    let w = wb();
    let e = check_task_move(&w, 1, d("2025-04-01"), d("2025-11-30"), false).unwrap_err();
    assert!(e.message.contains("後続の作業『移行』"), "{}", e.message);
    assert_eq!(
        e.field.as_deref(),
        Some(SUCCESSOR_FIELD),
        "the page offers to shift the successors"
    );
    assert!(check_task_move(&w, 1, d("2025-04-01"), d("2025-11-30"), true).is_ok());
}

#[test]
fn a_row_already_in_conflict_may_still_move_the_right_way() {
    let mut w = wb();
    w.tasks[1].plan = Some(Span::new(d("2025-08-01"), d("2026-03-31")).unwrap());
    assert!(
        check_task_move(&w, 2, d("2025-09-01"), d("2026-03-31"), false).is_ok(),
        "a later start lessens the overlap"
    );
    assert!(
        check_task_move(&w, 2, d("2025-07-01"), d("2026-03-31"), false).is_err(),
        "an earlier start makes it worse"
    );
}

#[test]
fn a_drop_outside_the_plan_period_is_refused_even_when_forced() {
    let w = wb();
    let e = check_task_move(&w, 2, d("2026-10-01"), d("2027-04-01"), true).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("plan"));
    assert!(e.message.contains("計画期間（"), "{}", e.message);
    assert!(
        check_task_move(&w, 2, d("2026-10-01"), d("2027-03-31"), false).is_err(),
        "the period is widened to whole 年度 only (令和7年度 ends 2026-03-31)"
    );
    assert!(
        check_task_move(&w, 1, d("2020-04-01"), d("2020-09-30"), false).is_ok(),
        "the 年度 the plan starts in (2020-04-01 …) is inside"
    );
}

#[test]
fn a_milestone_moves_but_does_not_stretch() {
    let mut w = wb();
    w.tasks[0].milestone = true;
    assert!(check_task_move(&w, 1, d("2025-05-01"), d("2025-10-30"), true).is_ok());
    let e = check_task_move(&w, 1, d("2025-05-01"), d("2025-10-31"), true).unwrap_err();
    assert!(e.message.contains("マイルストーン"), "{}", e.message);
}

#[test]
fn set_plan_changes_only_the_dates_and_its_inverse_puts_them_back() {
    let mut w = wb();
    w.tasks[0].notes = "メモ".into();
    let before = w.clone();
    let plan = Some(Span::new(d("2025-05-01"), d("2025-08-31")).unwrap());
    let a = apply(
        &mut w,
        Edit::SetPlan {
            key: Key::Task(1),
            plan,
        },
    )
    .expect("a valid plan is applied");
    assert_eq!(w.tasks[0].plan, plan);
    assert_eq!(w.tasks[0].notes, "メモ", "the rest of the row is kept");
    assert_eq!(a.changed, vec![Key::Task(1)]);
    apply(&mut w, a.inverse).expect("the inverse applies");
    assert_eq!(w, before, "undo restores the workbook exactly");
}

#[test]
fn set_plan_refuses_rows_that_have_no_plan_and_rows_that_are_gone() {
    let mut w = wb();
    let plan = Some(Span::new(d("2025-05-01"), d("2025-08-31")).unwrap());
    let before = w.clone();
    assert!(
        apply(
            &mut w,
            Edit::SetPlan {
                key: Key::Initiative(1),
                plan
            }
        )
        .is_err()
    );
    assert!(
        apply(
            &mut w,
            Edit::SetPlan {
                key: Key::Task(99),
                plan
            }
        )
        .is_err()
    );
    let reversed = Span {
        start: d("2025-09-01"),
        end: d("2025-05-01"),
    };
    assert!(
        apply(
            &mut w,
            Edit::SetPlan {
                key: Key::Task(1),
                plan: Some(reversed)
            }
        )
        .is_err(),
        "a reversed span from JSON is refused by the row's own rule"
    );
    assert_eq!(w, before, "nothing changed");
}
