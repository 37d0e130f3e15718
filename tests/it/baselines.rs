//! Baselines kept from the window's データ screen: taken, renamed and deleted through the store, each undone.

use dxplan::model::Baseline;
use dxplan::model::edit::{Edit, Key};
use dxplan::store::Store;

use crate::support::*;

/// A baseline's entries in row order (the file gives them back in its own order).
fn sorted(b: &Baseline) -> Baseline {
    let mut b = b.clone();
    b.entries.sort_by_key(|e| e.row);
    b
}

#[test]
fn a_renamed_or_deleted_baseline_is_written_to_the_file_and_undo_writes_it_back() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let taken = store
        .apply(
            &mut wb,
            Edit::TakeBaseline {
                name: "令和7年12月議会報告時点".into(),
                taken_on: "2025-12-01".parse().unwrap(),
            },
        )
        .unwrap();
    let id = taken.new_id.expect("the new baseline's id");
    let original = wb
        .baseline_by_name("令和7年12月議会報告時点")
        .unwrap()
        .clone();
    assert!(
        !original.entries.is_empty(),
        "the baseline holds the plan's dates"
    );

    let renamed = store
        .apply(
            &mut wb,
            Edit::RenameBaseline {
                id,
                name: "12月議会".into(),
            },
        )
        .unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    let b = on_disk
        .baseline_by_name("12月議会")
        .expect("the new name is in the file");
    assert!(
        sorted(b).entries == sorted(&original).entries,
        "renaming keeps every date in the file"
    );

    store.apply(&mut wb, renamed.inverse).unwrap();
    let deleted = store
        .apply(
            &mut wb,
            Edit::Delete {
                key: Key::Baseline(id),
            },
        )
        .unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert!(
        on_disk.baselines.iter().all(|b| b.id != id),
        "the deleted baseline is gone from the file"
    );
    store.apply(&mut wb, deleted.inverse).unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert!(
        on_disk
            .baseline_by_name("令和7年12月議会報告時点")
            .map(sorted)
            == Some(sorted(&original)),
        "undoing the delete and the rename writes the baseline back as it was"
    );
}
