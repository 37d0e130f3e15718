//! Single edits and their inverses: ids, trimming, refusals, cascades, undo.

use super::*;
use crate::model::roadmap::InitiativeGroup;

fn wb() -> Workbook {
    let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
    w.initiatives.push(Initiative {
        id: 1,
        group: InitiativeGroup::Targeted,
        code: "①".into(),
        name: "自治体情報システムの標準化・共通化".into(),
        priority: true,
        reference: false,
        target_label: "令和7年度".into(),
        target_date: None,
        owner_unit: None,
        sort: 1,
    });
    w
}
fn task(name: &str) -> Task {
    Task {
        id: 0,
        initiative_id: 1,
        name: name.into(),
        owner_unit: None,
        plan: Some(
            Span::new("2025-04-01".parse().unwrap(), "2025-09-30".parse().unwrap()).unwrap(),
        ),
        actual_start: None,
        actual_end: None,
        progress: 0,
        status: Status::NotStarted,
        milestone: false,
        notes: String::new(),
        sort: 0,
    }
}
fn add(w: &mut Workbook, name: &str) -> Id {
    apply(
        w,
        Edit::Put {
            entity: Entity::Task(task(name)),
        },
    )
    .unwrap()
    .new_id
    .unwrap()
}

#[test]
fn adding_a_task_assigns_an_id_and_its_inverse_removes_it() {
    let mut w = wb();
    let before = w.clone();
    let a = apply(
        &mut w,
        Edit::Put {
            entity: Entity::Task(task(" 現行システム調査 ")),
        },
    )
    .unwrap();
    assert_eq!(a.new_id, Some(1));
    assert_eq!(w.tasks[0].name, "現行システム調査", "name is trimmed");
    apply(&mut w, a.inverse).unwrap();
    assert_eq!(w, before, "undo restores the workbook exactly");
}

#[test]
fn a_duplicate_task_name_under_one_initiative_is_refused_and_nothing_changes() {
    let mut w = wb();
    add(&mut w, "RFI");
    let before = w.clone();
    let err = apply(
        &mut w,
        Edit::Put {
            entity: Entity::Task(task("RFI")),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate);
    assert_eq!(w, before);
}

#[test]
fn a_batch_that_fails_halfway_leaves_the_workbook_untouched() {
    let mut w = wb();
    let before = w.clone();
    let mut bad = task("後");
    bad.initiative_id = 99;
    let err = apply(
        &mut w,
        Edit::Batch {
            edits: vec![
                Edit::Put {
                    entity: Entity::Task(task("前")),
                },
                Edit::Put {
                    entity: Entity::Task(bad),
                },
            ],
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(w, before, "the first, valid edit was rolled back");
}

#[test]
fn linking_tasks_into_a_cycle_is_refused() {
    let mut w = wb();
    let (a, b) = (add(&mut w, "A"), add(&mut w, "B"));
    apply(
        &mut w,
        Edit::Link {
            dependency: Dependency {
                predecessor: a,
                successor: b,
                lag: 0,
            },
        },
    )
    .unwrap();
    let err = apply(
        &mut w,
        Edit::Link {
            dependency: Dependency {
                predecessor: b,
                successor: a,
                lag: 0,
            },
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cycle);
    assert_eq!(w.dependencies.len(), 1);
}

#[test]
fn deleting_a_task_takes_its_dependencies_and_undo_brings_both_back() {
    let mut w = wb();
    let (a, b) = (add(&mut w, "A"), add(&mut w, "B"));
    apply(
        &mut w,
        Edit::Link {
            dependency: Dependency {
                predecessor: a,
                successor: b,
                lag: 0,
            },
        },
    )
    .unwrap();
    let before = w.clone();
    let d = apply(&mut w, Edit::Delete { key: Key::Task(a) }).unwrap();
    assert!(w.dependencies.is_empty());
    assert!(d.changed.contains(&Key::Dependency(Dependency {
        predecessor: a,
        successor: b,
        lag: 0,
    })));
    apply(&mut w, d.inverse).unwrap();
    let mut restored = w.clone();
    restored.tasks.sort_by_key(|t| t.id);
    assert_eq!(restored, before);
}

#[test]
fn an_initiative_with_tasks_cannot_be_deleted() {
    let mut w = wb();
    add(&mut w, "A");
    let err = apply(
        &mut w,
        Edit::Delete {
            key: Key::Initiative(1),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InUse);
    assert!(err.message.contains("削除できません"));
}

#[test]
fn a_new_system_gets_one_step_per_template_step_and_b_pattern_skips_a_only_steps() {
    let mut w = wb();
    w.template = StepTemplate {
        name: "v1".into(),
        steps: (1..=3)
            .map(|n| TemplateStep {
                id: n,
                no: n as u32,
                code: String::new(),
                phase: "P".into(),
                name: format!("S{n}"),
                details: String::new(),
                a_pattern_only: n == 2,
                typical_months: None,
            })
            .collect(),
    };
    let sys = System {
        id: 0,
        name: "住民基本台帳".into(),
        group: SystemGroup::Separate,
        owner_units: vec![],
        vendor: String::new(),
        pattern: Some(Pattern::B),
        target_date: "2026-03-31".parse().unwrap(),
        specified: false,
        specified_reason: String::new(),
        specified_deadline: None,
        specified_cause: None,
        notes: String::new(),
        sort: 0,
    };
    let a = apply(
        &mut w,
        Edit::Put {
            entity: Entity::System(sys),
        },
    )
    .unwrap();
    assert_eq!(w.system_steps.len(), 3);
    assert_eq!(
        w.system_steps[1].status,
        StepStatus::NotApplicable,
        "RFP-like step is 対象外 for B"
    );
    assert!((w.completion_rate(1).unwrap() - 1.0 / 3.0).abs() < 1e-9);
    apply(&mut w, a.inverse).unwrap();
    assert!(
        w.system_steps.is_empty() && w.systems.is_empty(),
        "undo removes the system and its steps"
    );
}

#[test]
fn a_template_that_drops_a_step_still_in_use_is_refused_and_undo_restores_the_old_one() {
    let mut w = wb();
    let step = |id: Id, name: &str| TemplateStep {
        id,
        no: id as u32,
        code: String::new(),
        phase: "P".into(),
        name: name.into(),
        details: String::new(),
        a_pattern_only: false,
        typical_months: None,
    };
    w.template = StepTemplate {
        name: "v1".into(),
        steps: vec![step(1, "S1"), step(2, "S2")],
    };
    w.system_steps.push(SystemStep {
        id: 1,
        system_id: 1,
        template_step_id: 2,
        plan: None,
        actual_start: None,
        actual_end: None,
        status: StepStatus::NotStarted,
        notes: String::new(),
    });
    let before = w.clone();
    let v2 = StepTemplate {
        name: "v2".into(),
        steps: vec![step(1, "S1"), step(3, "S3")],
    };
    let err = apply(
        &mut w,
        Edit::SetTemplate {
            template: v2.clone(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InUse, "{}", err.message);
    assert_eq!(w, before, "nothing changed");
    w.system_steps.clear();
    let a = apply(
        &mut w,
        Edit::SetTemplate {
            template: v2.clone(),
        },
    )
    .unwrap();
    assert_eq!(w.template, v2);
    assert_eq!(a.changed, vec![Key::Template]);
    apply(&mut w, a.inverse).unwrap();
    assert_eq!(
        w.template, before.template,
        "undo brings the old template back"
    );
}

#[test]
fn edits_round_trip_through_json() {
    let e = Edit::Batch {
        edits: vec![
            Edit::Put {
                entity: Entity::Task(task("A")),
            },
            Edit::Delete { key: Key::Task(3) },
        ],
    };
    let s = serde_json::to_string(&e).unwrap();
    assert!(s.contains(r#""op":"batch""#), "{s}");
    assert_eq!(serde_json::from_str::<Edit>(&s).unwrap(), e);
}

#[test]
fn renaming_a_baseline_keeps_its_dates_and_undo_gives_the_old_name_back() {
    let mut w = wb();
    add(&mut w, "調査");
    let taken_on = "2025-09-01".parse().unwrap();
    let a = apply(
        &mut w,
        Edit::TakeBaseline {
            name: "令和7年9月議会報告時点".into(),
            taken_on,
        },
    )
    .unwrap();
    let id = a.new_id.expect("a new baseline id");
    let entries = w.baselines[0].entries.clone();
    let r = apply(
        &mut w,
        Edit::RenameBaseline {
            id,
            name: " 当初計画 ".into(),
        },
    )
    .unwrap();
    assert_eq!(w.baselines[0].name, "当初計画", "the name is trimmed");
    assert_eq!(w.baselines[0].entries, entries, "the dates are kept");
    assert_eq!(
        r.changed,
        vec![Key::Baseline(id)],
        "only the baseline is written"
    );
    apply(&mut w, r.inverse).unwrap();
    assert_eq!(
        w.baselines[0].name, "令和7年9月議会報告時点",
        "undo gives the old name back"
    );
}

#[test]
fn a_baseline_cannot_be_renamed_to_a_blank_or_taken_name() {
    let mut w = wb();
    let d = "2025-09-01".parse().unwrap();
    for name in ["当初計画", "9月時点"] {
        apply(
            &mut w,
            Edit::TakeBaseline {
                name: name.into(),
                taken_on: d,
            },
        )
        .unwrap();
    }
    let before = w.baselines.clone();
    let taken = apply(
        &mut w,
        Edit::RenameBaseline {
            id: 2,
            name: "当初計画".into(),
        },
    )
    .unwrap_err();
    assert_eq!(taken.field.as_deref(), Some("name"), "{taken:?}");
    let blank = apply(
        &mut w,
        Edit::RenameBaseline {
            id: 2,
            name: "  ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(blank.field.as_deref(), Some("name"), "{blank:?}");
    let gone = apply(
        &mut w,
        Edit::RenameBaseline {
            id: 99,
            name: "別名".into(),
        },
    )
    .unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound, "{gone:?}");
    assert_eq!(w.baselines, before, "refusals change nothing");
}

#[test]
fn a_lag_is_kept_through_unlink_and_undo_and_set_lag_gives_the_old_lag_back() {
    let mut w = wb();
    let (a, b) = (add(&mut w, "A"), add(&mut w, "B"));
    let d = |lag| Dependency {
        predecessor: a,
        successor: b,
        lag,
    };
    apply(&mut w, Edit::Link { dependency: d(3) }).unwrap();
    // the pair names the dependency: a second link with another lag is a duplicate
    let err = apply(&mut w, Edit::Link { dependency: d(5) }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate, "{}", err.message);
    // unlinking by the pair alone (lag 0 in the request) removes it; its undo brings the lag 3 back
    let un = apply(&mut w, Edit::Unlink { dependency: d(0) }).unwrap();
    assert!(w.dependencies.is_empty());
    apply(&mut w, un.inverse).unwrap();
    assert_eq!(w.dependencies, vec![d(3)], "undo restores the lag");
    let set = apply(&mut w, Edit::SetLag { dependency: d(7) }).unwrap();
    assert_eq!(w.dependencies, vec![d(7)]);
    apply(&mut w, set.inverse).unwrap();
    assert_eq!(
        w.dependencies,
        vec![d(3)],
        "undo of SetLag gives the old lag"
    );
}

#[test]
fn a_negative_lag_is_refused_on_link_and_on_set_lag_and_nothing_changes() {
    let mut w = wb();
    let (a, b) = (add(&mut w, "A"), add(&mut w, "B"));
    let d = |lag| Dependency {
        predecessor: a,
        successor: b,
        lag,
    };
    let err = apply(&mut w, Edit::Link { dependency: d(-2) }).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("lag"), "{}", err.message);
    assert!(w.dependencies.is_empty());
    apply(&mut w, Edit::Link { dependency: d(1) }).unwrap();
    let before = w.clone();
    assert!(apply(&mut w, Edit::SetLag { dependency: d(-1) }).is_err());
    assert_eq!(w, before, "a refused lag changes nothing");
    let missing = Dependency {
        predecessor: b,
        successor: a,
        lag: 1,
    };
    let err = apply(
        &mut w,
        Edit::SetLag {
            dependency: missing,
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
