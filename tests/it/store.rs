//! The workbook file: round trips, migrations, refusal of foreign/newer/damaged files, transactions, backups.

use dxplan::error::ErrorCode;
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::model::*;
use dxplan::store::{APPLICATION_ID, SCHEMA_VERSION, Store};

use crate::support::*;

#[test]
fn every_entity_of_the_demo_survives_a_round_trip_through_the_file() {
    let dir = tmp();
    let f = dir.path().join("rt.dxplan");
    let wb = dxplan::data::demo::demo_workbook().unwrap();
    let store = Store::create(&f, &wb, false).expect("created");
    let loaded = store.load().expect("loaded");
    assert_eq!(
        normalized(loaded),
        normalized(wb),
        "what is written is what is read"
    );
}

#[test]
fn a_new_file_is_migrated_from_nothing_and_identifies_itself() {
    let dir = tmp();
    let f = dir.path().join("new.dxplan");
    let wb =
        dxplan::data::templates::national_workbook(WorkbookMeta::new("テスト市").unwrap()).unwrap();
    let store = Store::create(&f, &wb, false).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let head = bytes(&f);
    assert_eq!(
        i32::from_be_bytes([head[68], head[69], head[70], head[71]]),
        APPLICATION_ID,
        "application_id in the header"
    );
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn every_fixture_of_an_older_version_opens_upgraded_and_valid() {
    let fixtures = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
        .expect("tests/fixtures exists");
    let mut seen = 0;
    for entry in fixtures {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("dxplan") {
            continue;
        }
        seen += 1;
        let dir = tmp();
        let copy = dir.path().join("fixture.dxplan");
        std::fs::copy(&path, &copy).unwrap();
        let store = Store::open(&copy)
            .unwrap_or_else(|e| panic!("{} opens: {}", path.display(), e.message));
        assert_eq!(
            store.schema_version().unwrap(),
            SCHEMA_VERSION,
            "{} upgraded",
            path.display()
        );
        let wb = store.load().unwrap();
        let f = dxplan::query::check::findings(&wb);
        assert!(
            f.errors.is_empty(),
            "{} valid after upgrade: {:?}",
            path.display(),
            f.errors
        );
        assert!(
            !wb.systems.is_empty(),
            "{} kept its systems",
            path.display()
        );
    }
    assert!(seen >= 1, "at least one fixture (workbook-v1.dxplan)");
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_and_left_unchanged() {
    let dir = tmp();
    let text = dir.path().join("memo.dxplan");
    std::fs::write(&text, "これはメモです").unwrap();
    let err = Store::open(&text).err().expect("refused");
    assert_eq!(err.code, ErrorCode::NotAWorkbook);
    assert!(
        err.message.contains("memo.dxplan") && err.message.contains("ブック"),
        "{}",
        err.message
    );

    // a real SQLite database of another program
    let other = dir.path().join("other.dxplan");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = bytes(&other);
    assert_eq!(
        Store::open(&other).err().unwrap().code,
        ErrorCode::NotAWorkbook
    );
    assert_eq!(
        bytes(&other),
        before,
        "another program's database is not touched"
    );
}

#[test]
fn a_workbook_from_a_newer_dxplan_is_refused_without_writing() {
    let dir = tmp();
    let f = demo_file(dir.path());
    {
        let c = rusqlite::Connection::open(&f).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
            .unwrap();
    }
    let before = bytes(&f);
    let err = Store::open(&f).err().expect("refused");
    assert_eq!(err.code, ErrorCode::NewerWorkbook);
    assert!(err.message.contains("新しい版"), "{}", err.message);
    assert_eq!(bytes(&f), before);
}

#[test]
fn a_truncated_workbook_is_reported_as_damaged_and_left_as_it_is() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let full = bytes(&f);
    for cut in [50usize, 4096, full.len() / 2, full.len() - 1] {
        std::fs::write(&f, &full[..cut]).unwrap();
        let err = Store::open(&f)
            .and_then(|s| s.load())
            .err()
            .unwrap_or_else(|| panic!("cut at {cut} refused"));
        assert!(
            matches!(err.code, ErrorCode::Corrupt | ErrorCode::NotAWorkbook),
            "cut at {cut}: {:?} {}",
            err.code,
            err.message
        );
        assert_eq!(bytes(&f), &full[..cut], "cut at {cut}: file unchanged");
    }
}

#[test]
fn a_refused_edit_changes_neither_the_file_nor_the_loaded_workbook() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let before_wb = wb.clone();
    let before = bytes(&f);
    let mut t = wb.tasks[0].clone();
    t.id = 0;
    t.name = wb.tasks[0].name.clone(); // duplicate name under the same initiative
    let err = store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Task(t),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate);
    assert_eq!(wb, before_wb);
    assert_eq!(bytes(&f), before);
}

#[test]
fn an_applied_edit_and_its_undo_are_both_persisted() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let sys = wb.system_by_name("就学").unwrap().id;
    let applied = store
        .apply(
            &mut wb,
            Edit::Delete {
                key: Key::System(sys),
            },
        )
        .unwrap();
    let reloaded = Store::open(&f).unwrap().load().unwrap();
    assert!(reloaded.system_by_name("就学").is_none(), "deleted on disk");
    assert!(
        reloaded.system_steps.iter().all(|s| s.system_id != sys),
        "its steps too"
    );
    store.apply(&mut wb, applied.inverse).unwrap();
    let restored = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(
        normalized(restored),
        normalized(wb),
        "undo restored the system and its 17 steps on disk"
    );
}

#[test]
fn a_backup_is_a_complete_workbook_and_never_overwrites() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let store = Store::open(&f).unwrap();
    let dest = dir.path().join("backup.dxplan");
    store.backup_to(&dest).unwrap();
    let copy = Store::open(&dest).unwrap();
    assert!(copy.integrity_problems().unwrap().is_empty());
    assert_eq!(
        normalized(copy.load().unwrap()),
        normalized(store.load().unwrap())
    );
    assert_eq!(store.backup_to(&dest).unwrap_err().code, ErrorCode::Exists);
}
