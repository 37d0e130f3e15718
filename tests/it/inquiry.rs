//! 照会・回答: rounds recorded in the workbook (with undo), the forms written per 課 and checked with openpyxl, and
//! the returns read back together.

use chrono::NaiveDate;
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::model::*;
use dxplan::store::Store;

use crate::support::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn round(name: &str, token: u8) -> Inquiry {
    Inquiry {
        id: 0,
        name: name.into(),
        as_of: d("2025-12-01"),
        due: d("2025-12-12"),
        created: d("2025-12-01"),
        token: dxplan::model::inquiry::token_from([token; 16]),
        units: vec![InquiryUnit::asked("介護保険課"), InquiryUnit::asked("市民課")],
    }
}

#[test]
fn a_round_is_stored_with_its_units_and_undo_removes_it_from_the_file() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let applied = store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Inquiry(round("令和7年12月 進捗照会", 1)),
            },
        )
        .unwrap();
    let id = applied.new_id.expect("the round gets an id");
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(on_disk.inquiries.len(), 1, "one round on disk");
    assert_eq!(
        on_disk.inquiries[0].units,
        round("x", 1).units,
        "the units asked, in order, none answered"
    );
    assert_eq!(on_disk.inquiries[0].id, id);
    store.apply(&mut wb, applied.inverse).unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert!(on_disk.inquiries.is_empty(), "undo removed the round");
    let _ = Key::Inquiry(id);
}

#[test]
fn a_second_round_with_the_same_name_is_refused_and_nothing_changes() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let put = |r: Inquiry| Edit::Put {
        entity: Entity::Inquiry(r),
    };
    store
        .apply(&mut wb, put(round("令和7年12月 進捗照会", 1)))
        .unwrap();
    let before = normalized(wb.clone());
    let e = store
        .apply(&mut wb, put(round(" 令和7年12月 進捗照会 ", 2)))
        .unwrap_err();
    assert!(e.message.contains("既にあります"), "{}", e.message);
    assert_eq!(normalized(wb.clone()), before, "the workbook is unchanged");
    let mut late = round("令和8年1月 進捗照会", 3);
    late.due = d("2025-11-30");
    let e = store.apply(&mut wb, put(late)).unwrap_err();
    assert!(
        e.message.contains("回答期限") && e.message.contains("基準日") && e.message.contains("より前"),
        "{}",
        e.message
    );
    let on_disk = normalized(Store::open(&f).unwrap().load().unwrap());
    assert_eq!(on_disk.inquiries, before.inquiries, "the file is unchanged");
}
