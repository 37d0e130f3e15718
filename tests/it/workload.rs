//! 山積み and the イナズマ線 end to end: a 課's capacity (the schema's `org_unit.step_capacity`, migration 0003) survives the upgrade
//! of a v1 file, is set and undone through the store, is refused out of range without a change, and the migration
//! PDF written by the real CLI carries the 山積み page and the progress line's legend.

use dxplan::error::ErrorCode;
use dxplan::model::edit::{Edit, Entity};
use dxplan::store::{SCHEMA_VERSION, Store};

use crate::support::*;

fn v1_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let f = dir.join("old.dxplan");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workbook-v1.dxplan"
        ),
        &f,
    )
    .expect("fixture copied");
    f
}

#[test]
fn a_v1_workbook_upgrades_with_no_capacity_and_a_capacity_set_then_undone_is_persisted_both_ways() {
    let dir = tmp();
    let f = v1_copy(dir.path());
    let mut store = Store::open_for_edit(&f).expect("the v1 fixture opens for editing");
    assert_eq!(
        store.schema_version().unwrap(),
        SCHEMA_VERSION,
        "upgraded to the current schema"
    );
    let mut wb = store.load().unwrap();
    assert!(!wb.units.is_empty(), "the fixture has units");
    assert!(
        wb.units.iter().all(|u| u.step_capacity.is_none()),
        "units of a v1 file have no capacity"
    );
    let mut unit = wb.units[0].clone();
    unit.step_capacity = Some(3);
    let applied = store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Unit(unit.clone()),
            },
        )
        .expect("a capacity of 3 is accepted");
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(
        on_disk.unit(unit.id).and_then(|u| u.step_capacity),
        Some(3),
        "the capacity is on disk"
    );
    store.apply(&mut wb, applied.inverse).expect("undo");
    let undone = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(
        undone.unit(unit.id).and_then(|u| u.step_capacity),
        None,
        "undo removed it on disk"
    );
    assert_eq!(normalized(undone), normalized(wb), "file and memory agree");
}

#[test]
fn a_capacity_out_of_range_is_refused_in_japanese_and_changes_nothing() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let before_file = bytes(&f);
    let before = wb.clone();
    for bad in [0, 1000] {
        let mut unit = wb.units[0].clone();
        unit.step_capacity = Some(bad);
        let e = store
            .apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Unit(unit),
                },
            )
            .expect_err("out of range");
        assert_eq!(e.code, ErrorCode::Invalid, "capacity {bad}: invalid");
        assert_eq!(e.field.as_deref(), Some("step_capacity"), "names the field");
        assert!(
            e.message.contains("1〜999"),
            "says the range: {}",
            e.message
        );
    }
    assert_eq!(wb, before, "the workbook in memory is unchanged");
    assert_eq!(bytes(&f), before_file, "the file is unchanged");
}

#[test]
fn the_migration_pdf_has_the_workload_page_after_the_gantt_and_names_the_progress_line() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let pdf = dir.path().join("migration.pdf");
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&pdf),
        "--view",
        "migration",
        "--today",
        "2025-11-20",
    ]);
    assert_eq!(r.code, 0, "exported: {}", r.stderr);
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path_str(&pdf), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let load = pages
        .iter()
        .position(|p| p.contains("標準化の作業の山積み（月別・所管課別）"))
        .expect("a 山積み page, read back by poppler");
    assert!(
        pages[..load]
            .iter()
            .all(|p| p.contains("移行計画") && p.contains("イナズマ線（進捗線）")),
        "the migration Gantt pages come first, each with the progress line in its legend"
    );
    assert!(
        pages[load].contains("合計") && pages[load].contains("市民課"),
        "the table names 課 and the total"
    );
    assert!(
        pages[load + 1..]
            .iter()
            .any(|p| p.contains("行政手続のオンライン化")),
        "the procedures follow"
    );
}
