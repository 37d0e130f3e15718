//! 指摘事項・宿題 through the CLI and the store: raised at one meeting, listed first as 「前回の宿題」 by the next
//! review (open ones by due date, then those closed since), closed with a note, refused when dated wrongly; a
//! deleted row leaves its 宿題 free-standing and undo attaches it again.

use dxplan::model::edit::{Edit, Entity, Key, apply};
use dxplan::model::{ActionItem, ActionStatus, RowRef};
use dxplan::store::Store;

use crate::support::{demo_file, dxplan, path_str, tmp};

#[test]
fn the_next_review_opens_with_the_previous_meetings_items_open_first_then_closed() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let file = path_str(&f);
    for args in [
        &[
            "action",
            "add",
            file,
            "--text",
            "窓口BPRの対象業務を整理",
            "--on",
            "2025-10-16",
            "--owner",
            "市民課",
            "--due",
            "2025-12-26",
        ][..],
        &[
            "action",
            "add",
            file,
            "--text",
            "介護保険の遅れの原因を確認",
            "--on",
            "2025-10-16",
            "--owner",
            "介護保険課",
            "--due",
            "2025-11-14",
        ],
        &[
            "action",
            "add",
            file,
            "--text",
            "=HYPERLINK(\"http://x\")",
            "--on",
            "2025-10-16",
        ],
        &[
            "action",
            "close",
            file,
            "3",
            "--on",
            "2025-11-05",
            "--note",
            "確認済み",
        ],
        &[
            "action",
            "add",
            file,
            "--text",
            "今日の宿題",
            "--on",
            "2025-11-20",
        ],
    ] {
        let r = dxplan(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    let r = dxplan(&[
        "review",
        file,
        "--today",
        "2025-11-20",
        "--next-meeting",
        "2025-12-18",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    let at = |s: &str| {
        out.find(s)
            .unwrap_or_else(|| panic!("「{s}」 in the review:\n{out}"))
    };
    assert!(
        at("□ 前回の宿題（3件）") < at("□ 遅延"),
        "previous items come first"
    );
    assert!(
        at("[未了・期限切れ] 介護保険の遅れの原因を確認") < at("[未了] 窓口BPRの対象業務を整理"),
        "open items by due date, the overdue one marked"
    );
    assert!(
        at("[未了] 窓口BPRの対象業務を整理") < at("[完了 R7.11.5] =HYPERLINK(\"http://x\")"),
        "closed items after open ones, with their day; text stays text"
    );
    assert!(out.contains("対応: 確認済み"));
    assert!(
        at("□ 今回の宿題（1件）") < at("□ 遅延"),
        "this meeting's own item"
    );
    let json = dxplan(&[
        "review",
        file,
        "--today",
        "2025-11-20",
        "--next-meeting",
        "2025-12-18",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["previous_actions"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["previous_actions"][0]["overdue"], true);
}

#[test]
fn a_due_date_before_the_meeting_or_an_unknown_unit_is_refused_and_nothing_is_added() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let file = path_str(&f);
    let r = dxplan(&[
        "action",
        "add",
        file,
        "--text",
        "x",
        "--on",
        "2025-10-16",
        "--due",
        "2025-10-01",
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("期限が会議日より前です"), "{}", r.stderr);
    let r = dxplan(&[
        "action",
        "add",
        file,
        "--text",
        "x",
        "--owner",
        "存在しない課",
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("存在しない課"), "{}", r.stderr);
    let r = dxplan(&[
        "action",
        "add",
        file,
        "--text",
        "x",
        "--about",
        "task:999999",
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("対象の行がありません"), "{}", r.stderr);
    let wb = Store::open(&f).unwrap().load().unwrap();
    assert!(wb.actions.is_empty(), "nothing added: {:?}", wb.actions);
}

#[test]
fn deleting_the_row_of_an_item_keeps_the_item_and_undo_attaches_it_again() {
    let mut wb = dxplan::data::demo::demo_workbook().expect("the demo");
    let task = wb.tasks[0].id;
    let added = apply(
        &mut wb,
        Edit::Put {
            entity: Entity::Action(ActionItem {
                id: 0,
                raised_on: "2025-10-16".parse().unwrap(),
                text: "この取組の見直し".into(),
                owner_unit: None,
                due: None,
                status: ActionStatus::Open,
                closed_on: None,
                row: Some(RowRef::Task(task)),
                note: String::new(),
            }),
        },
    )
    .expect("added");
    let id = added.new_id.expect("an id");
    let deleted = apply(
        &mut wb,
        Edit::Delete {
            key: Key::Task(task),
        },
    )
    .expect("the task goes");
    let item = wb
        .actions
        .iter()
        .find(|a| a.id == id)
        .expect("the item stays");
    assert_eq!(item.row, None, "free-standing now");
    assert!(
        deleted.changed.contains(&Key::Action(id)),
        "its row is written"
    );
    apply(&mut wb, deleted.inverse).expect("undo");
    let item = wb
        .actions
        .iter()
        .find(|a| a.id == id)
        .expect("the item")
        .clone();
    assert_eq!(item.row, Some(RowRef::Task(task)), "attached again");
    // a 課 that owns a 宿題 cannot be deleted (a new, otherwise unused one)
    let unit = apply(
        &mut wb,
        Edit::Put {
            entity: Entity::Unit(dxplan::model::OrgUnit {
                id: 0,
                name: "臨時調査課".into(),
                kind: dxplan::model::UnitKind::Section,
                parent_id: None,
                linked_units: vec![],
                sort: 999,
                step_capacity: None,
            }),
        },
    )
    .expect("a new unit")
    .new_id
    .expect("its id");
    let mut owned = item.clone();
    owned.owner_unit = Some(unit);
    apply(
        &mut wb,
        Edit::Put {
            entity: Entity::Action(owned),
        },
    )
    .expect("owned");
    let e = apply(
        &mut wb,
        Edit::Delete {
            key: Key::Unit(unit),
        },
    )
    .unwrap_err();
    assert!(e.message.contains("会議の宿題の担当"), "{}", e.message);
}
