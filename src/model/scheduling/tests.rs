//! The shift of successors and the critical path, on hand-computed calendars (成人の日, 年末年始, weekends).

use super::*;
use crate::model::roadmap::{Dependency, Initiative, InitiativeGroup, Task};
use crate::model::{Status, WorkbookMeta};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
fn span(a: NaiveDate, b: NaiveDate) -> Span {
    Span { start: a, end: b }
}

fn task(id: Id, plan: Option<Span>) -> Task {
    Task {
        id,
        initiative_id: 1,
        name: format!("T{id}"),
        owner_unit: None,
        plan,
        actual_start: None,
        actual_end: None,
        progress: 0,
        status: Status::NotStarted,
        milestone: false,
        notes: String::new(),
        sort: id,
    }
}

fn dep(p: Id, s: Id, lag: i32) -> Dependency {
    Dependency {
        predecessor: p,
        successor: s,
        lag,
    }
}

/// A (12/1–12/26) → B (1/5–1/16: 9 working days, 成人の日 1/12 closed) → lag 1 → C (1/19–1/30, 10 working days);
/// D apart.
fn chain() -> Workbook {
    let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
    w.initiatives.push(Initiative {
        id: 1,
        group: InitiativeGroup::Targeted,
        code: String::new(),
        name: "標準化".into(),
        priority: false,
        reference: false,
        target_label: String::new(),
        target_date: None,
        owner_unit: None,
        sort: 1,
    });
    w.tasks = vec![
        task(1, Some(span(ymd(2025, 12, 1), ymd(2025, 12, 26)))),
        task(2, Some(span(ymd(2026, 1, 5), ymd(2026, 1, 16)))),
        task(3, Some(span(ymd(2026, 1, 19), ymd(2026, 1, 30)))),
        task(4, Some(span(ymd(2026, 1, 5), ymd(2026, 1, 9)))),
    ];
    w.dependencies = vec![dep(1, 2, 0), dep(2, 3, 1)];
    w
}

#[test]
fn moving_a_predecessor_later_shifts_its_successors_just_enough_keeping_working_days() {
    let w = chain();
    let shifts = plan_shift(&w, 1, span(ymd(2025, 12, 1), ymd(2026, 1, 9))).unwrap();
    // B may start on A's end day (lag 0): Friday 1/9; its 9 working days (1/9, 1/13–16, 1/19–22) end Thursday 1/22.
    // C: lag 1 after 1/22 is Friday 1/23; its 10 working days (1/23, 1/26–30, 2/2–5) end 2/5. D is no successor.
    assert_eq!(
        shifts,
        vec![
            Shift {
                task_id: 2,
                old: span(ymd(2026, 1, 5), ymd(2026, 1, 16)),
                new: span(ymd(2026, 1, 9), ymd(2026, 1, 22)),
            },
            Shift {
                task_id: 3,
                old: span(ymd(2026, 1, 19), ymd(2026, 1, 30)),
                new: span(ymd(2026, 1, 23), ymd(2026, 2, 5)),
            },
        ]
    );
    for s in &shifts {
        assert_eq!(
            working_days_between(s.old.start, s.old.end),
            working_days_between(s.new.start, s.new.end),
            "T{} keeps its working days",
            s.task_id
        );
    }
}

#[test]
fn moving_a_predecessor_earlier_or_within_the_slack_moves_nothing() {
    let w = chain();
    assert!(
        plan_shift(&w, 1, span(ymd(2025, 11, 1), ymd(2025, 11, 28)))
            .unwrap()
            .is_empty(),
        "never earlier"
    );
    // A ending on 1/5 still lets B start on 1/5 (lag 0)
    assert!(
        plan_shift(&w, 1, span(ymd(2025, 12, 1), ymd(2026, 1, 5)))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_successor_that_has_already_begun_refuses_the_shift_naming_it() {
    let mut w = chain();
    w.tasks[2].actual_start = Some(ymd(2026, 1, 19));
    let e = plan_shift(&w, 1, span(ymd(2025, 12, 1), ymd(2026, 1, 9))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some(BEGUN_FIELD));
    assert!(
        e.message.contains("「T3」（実績開始 令和8年1月19日）"),
        "{}",
        e.message
    );
    // a begun successor that need not move does not refuse anything
    assert!(plan_shift(&w, 1, span(ymd(2025, 12, 1), ymd(2025, 12, 26))).is_ok());
}

#[test]
fn a_successor_of_two_moves_once_to_the_later_of_its_predecessors() {
    let mut w = chain();
    // D (1/5–1/9) → lag 3 → C as well; moving A pushes B and C, and C takes the max over B and D
    w.dependencies.push(dep(4, 3, 3));
    let shifts = plan_shift(&w, 4, span(ymd(2026, 1, 5), ymd(2026, 1, 30))).unwrap();
    // D now ends Friday 1/30; 3 working days later: 2/2, 2/3, 2/4 → C from Wednesday 2/4, 10 working days
    // (2/11 建国記念の日 skipped) → 2/18
    assert_eq!(
        shifts,
        vec![Shift {
            task_id: 3,
            old: span(ymd(2026, 1, 19), ymd(2026, 1, 30)),
            new: span(ymd(2026, 2, 4), ymd(2026, 2, 18)),
        }]
    );
    let both = plan_shift(&w, 1, span(ymd(2025, 12, 1), ymd(2026, 1, 9))).unwrap();
    assert_eq!(both.len(), 2, "B then C, each once: {both:?}");
    assert_eq!(both[1].task_id, 3);
}

#[test]
fn a_successor_without_a_plan_is_left_alone_and_the_edit_is_one_batch() {
    let mut w = chain();
    w.tasks[1].plan = None;
    let moved = span(ymd(2025, 12, 1), ymd(2026, 1, 9));
    let shifts = plan_shift(&w, 1, moved).unwrap();
    assert!(shifts.is_empty(), "B has no plan, so C is not pushed by it");
    let w = chain();
    let shifts = plan_shift(&w, 1, moved).unwrap();
    let Edit::Batch { edits } = shift_edit(&w, 1, moved, &shifts).unwrap() else {
        panic!("one batch");
    };
    assert_eq!(edits.len(), 3, "A, B and C in one batch");
}

#[test]
fn an_unknown_task_or_a_reversed_plan_is_refused() {
    let w = chain();
    assert!(plan_shift(&w, 99, span(ymd(2026, 1, 1), ymd(2026, 1, 2))).is_err());
    let e = plan_shift(&w, 1, span(ymd(2026, 1, 9), ymd(2026, 1, 2))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("plan"));
}

/// A (12/1–12/5, 5 working days) and B (12/1–12/19, 15) → C (12/22–12/26, 5) → lag 2 → M (◆ 2026-01-05);
/// E (12/1–12/5, 5) → C as well; D (R8.1.5–3.31) apart, ending last.
fn network() -> Workbook {
    let mut w = chain();
    w.tasks = vec![
        task(1, Some(span(ymd(2025, 12, 1), ymd(2025, 12, 5)))),
        task(2, Some(span(ymd(2025, 12, 1), ymd(2025, 12, 19)))),
        task(3, Some(span(ymd(2025, 12, 22), ymd(2025, 12, 26)))),
        task(4, Some(span(ymd(2026, 1, 5), ymd(2026, 3, 31)))),
        task(5, Some(span(ymd(2026, 1, 5), ymd(2026, 1, 5)))),
        task(6, Some(span(ymd(2025, 12, 1), ymd(2025, 12, 5)))),
    ];
    w.tasks[4].milestone = true;
    w.dependencies = vec![dep(1, 3, 0), dep(2, 3, 0), dep(6, 3, 0), dep(3, 5, 2)];
    w
}

#[test]
fn the_critical_path_to_a_milestone_is_the_longest_chain_in_working_days() {
    let w = network();
    // A: 5, B: 15, E: 5; C = 5 + max(5, 15, 5) = 20 via B; M = 1 + 20 + lag 2 = 23 via C
    assert_eq!(critical_path(&w, Some(5)).unwrap(), vec![2, 3, 5]);
    // to C itself
    assert_eq!(critical_path(&w, Some(3)).unwrap(), vec![2, 3]);
}

#[test]
fn ties_go_to_the_predecessor_first_in_roadmap_order_and_the_default_target_ends_last() {
    let mut w = network();
    w.tasks[1].plan = Some(span(ymd(2025, 12, 8), ymd(2025, 12, 12))); // B: 5 working days, like A and E
    assert_eq!(
        critical_path(&w, Some(5)).unwrap(),
        vec![1, 3, 5],
        "A, B and E tie: A is first"
    );
    w.tasks[0].sort = 99; // A now after B and E in the 工程表
    assert_eq!(critical_path(&w, Some(5)).unwrap(), vec![2, 3, 5]);
    // no target: D ends last (R8.3.31) and has no predecessor
    assert_eq!(latest_ending(&w), Some(4));
    assert_eq!(critical_path(&w, None).unwrap(), vec![4]);
}

#[test]
fn a_task_without_a_plan_breaks_the_chain_and_an_unknown_target_is_refused() {
    let mut w = network();
    w.tasks[2].plan = None; // C
    assert_eq!(critical_path(&w, Some(5)).unwrap(), vec![5]);
    assert_eq!(critical_path(&w, Some(3)).unwrap(), Vec::<Id>::new());
    assert!(critical_path(&w, Some(99)).is_err());
    assert_eq!(
        critical_path(&Workbook::empty(WorkbookMeta::new("空").unwrap()), None).unwrap(),
        Vec::<Id>::new()
    );
}
