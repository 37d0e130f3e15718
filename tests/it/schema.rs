//! Schema migrations are all-or-nothing: a migration that fails halfway, or a process killed at a random moment
//! during one, leaves the file at the old version with the old schema and data, or at the new version complete,
//! never a mix; and a snapshot of the old version is taken first. Uses a test-only second migration
//! (`tests/fixtures/migration-test-0002*.sql`) over the v1 fixture (in place of production's own 0002); the
//! fixtures of every released version (`workbook-v1`, `workbook-v2`: money, `workbook-v4`: 特定移行支援 with its 事由
//! as text only) open upgraded.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dxplan::error::ErrorCode;
use dxplan::store::{MIGRATIONS, Mode, OpenOptions, Reason, Store, snapshots};

use crate::support::*;

static FAILING: [&str; 2] = [
    MIGRATIONS[0],
    include_str!("../fixtures/migration-test-0002-fails.sql"),
];
static SLOW: [&str; 2] = [
    MIGRATIONS[0],
    include_str!("../fixtures/migration-test-0002.sql"),
];

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
fn a_migration_that_fails_halfway_leaves_the_old_version_schema_and_data_untouched() {
    let dir = tmp();
    let f = v1_copy(dir.path());
    let before = dump(&f);
    assert_eq!(before.version, 1, "the fixture is version 1");
    let opts = OpenOptions::new(Mode::Edit).migrations_for_test(&FAILING);
    let err = Store::open_with(&f, &opts)
        .err()
        .expect("the failing migration is reported");
    assert!(
        japanese(&err.message) && err.message.contains("元の形式（第1版）のまま"),
        "a Japanese message saying the file stayed at version 1: {}",
        err.message
    );
    assert_ne!(err.code, ErrorCode::Internal, "{:?}", err.code);
    assert_eq!(
        dump(&f),
        before,
        "user_version, schema and every row are as before"
    );
    assert!(!hot_journal(&f), "no journal left behind");
    assert!(
        !dxplan::store::lock::lock_path(&f).exists(),
        "the lock was released"
    );
    let snaps = snapshots::list(&f).unwrap();
    assert_eq!(snaps.len(), 1, "one snapshot before the migration");
    assert_eq!(snaps[0].reason, Reason::BeforeMigration(1));
    snapshots::verify(&snaps[0].path).expect("the snapshot passes integrity_check");
    assert_eq!(
        dump(&snaps[0].path).data_hash,
        before.data_hash,
        "the snapshot holds the old data"
    );
    // the production build still opens it
    let s = Store::open(&f).expect("still a valid version 1 workbook");
    assert!(!s.load().unwrap().systems.is_empty());
}

#[test]
fn a_successful_migration_is_preceded_by_a_snapshot_of_the_old_version() {
    let dir = tmp();
    let f = v1_copy(dir.path());
    let before = dump(&f);
    let opts = OpenOptions::new(Mode::Read).migrations_for_test(&SLOW);
    let store = Store::open_with(&f, &opts).expect("migrates");
    assert_eq!(store.schema_version().unwrap(), 2);
    assert!(
        store.integrity_problems().unwrap().is_empty(),
        "sound after migration"
    );
    drop(store);
    let after = dump(&f);
    assert!(after.schema.iter().any(|s| s.contains("migration_probe")));
    let snaps = snapshots::list(&f).unwrap();
    assert_eq!(snaps.len(), 1, "{snaps:?}");
    assert_eq!(snaps[0].reason, Reason::BeforeMigration(1));
    assert_eq!(
        dump(&snaps[0].path),
        before,
        "the snapshot is the old version, whole"
    );
    assert!(
        !dxplan::store::lock::lock_path(&f).exists(),
        "a reader's migration lock is released"
    );
}

#[test]
fn a_process_killed_during_a_migration_leaves_the_old_or_the_new_version_never_a_mix() {
    let kills = env_count("DXPLAN_MIGRATION_KILLS", 8);
    let mut rng = Rng(env_count("DXPLAN_CRASH_SEED", 20251120) as u64);
    let writer = env!("CARGO_BIN_EXE_crash_writer");
    // the outcome of an uninterrupted migration, and how long it takes
    let dir = tmp();
    let reference = v1_copy(dir.path());
    let old = dump(&reference);
    let t = Instant::now();
    let out = Command::new(writer)
        .arg(&reference)
        .arg("--migrate-test")
        .output()
        .unwrap();
    let full = t.elapsed();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("MIGRATED"),
        "an uninterrupted migration completes: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let new = dump(&reference);
    assert_eq!(new.version, 2);
    let started = Instant::now();
    let (mut stayed_old, mut became_new, mut mid) = (0, 0, 0);
    for k in 0..kills {
        let d = tmp();
        let f = v1_copy(d.path());
        let mut child = Command::new(writer)
            .arg(&f)
            .arg("--migrate-test")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wait = full.as_micros() as usize * 13 / 10;
        std::thread::sleep(Duration::from_micros(rng.below(wait) as u64));
        child.kill().unwrap();
        child.wait().unwrap();
        if hot_journal(&f) {
            mid += 1;
        }
        let now = dump(&f);
        if now.version == 1 {
            assert_eq!(
                now, old,
                "kill {k}: version 1 with exactly the old schema and rows"
            );
            stayed_old += 1;
        } else {
            assert_eq!(now.version, 2, "kill {k}: version 1 or 2");
            assert_eq!(now.schema, new.schema, "kill {k}: the whole new schema");
            assert_eq!(now.rows, new.rows, "kill {k}: every migrated row");
            became_new += 1;
        }
        let c = rusqlite::Connection::open(&f).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "kill {k}: integrity_check");
    }
    if kills >= 5 {
        assert!(
            mid >= 1,
            "at least one kill landed inside the migration transaction (journal left)"
        );
    }
    note(&format!(
        "migration: {kills} kills in {:.1} s (one migration takes {} ms): {stayed_old} stayed version 1, \
         {became_new} became version 2, {mid} killed inside the transaction",
        started.elapsed().as_secs_f64(),
        full.as_millis()
    ));
}

#[test]
fn the_v1_fixture_upgrades_to_the_money_tables_holding_the_shipped_programmes() {
    let dir = tmp();
    let f = v1_copy(dir.path());
    let store = Store::open(&f).expect("the v1 fixture opens");
    assert_eq!(
        store.schema_version().unwrap(),
        MIGRATIONS.len() as i32,
        "migrated to the latest version"
    );
    let wb = store.load().expect("loads after the upgrade");
    assert_eq!(
        wb.money.programmes,
        dxplan::data::subsidies::national_programmes().unwrap(),
        "0002 inserts exactly the programmes of assets/templates/subsidies.csv"
    );
    assert!(
        wb.money.running_costs.is_empty()
            && wb.money.grants.is_empty()
            && wb.money.budgets.is_empty(),
        "an old file has no money rows yet"
    );
    let f = dxplan::query::check::findings(&wb);
    assert!(
        f.errors.is_empty(),
        "valid after the upgrade: {:?}",
        f.errors
    );
}

#[test]
fn the_v2_fixture_keeps_its_money_rows_through_every_later_migration() {
    let dir = tmp();
    let f = dir.path().join("v2.dxplan");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workbook-v2.dxplan"
        ),
        &f,
    )
    .expect("fixture copied");
    let wb = Store::open(&f).expect("opens").load().expect("loads");
    let m = &wb.money;
    assert_eq!(
        (
            m.running_costs.len(),
            m.service_starts.len(),
            m.programmes.len(),
            m.grants.len(),
            m.budgets.len()
        ),
        (3, 1, 4, 2, 2),
        "every money row of the version 2 file: {m:?}"
    );
    let base = m
        .running_costs
        .iter()
        .find(|r| r.year.0 == 2018)
        .expect("the 平成30年度 row");
    assert_eq!(
        base.actual.map(|y| y.0),
        Some(24_000_000),
        "amounts to the yen"
    );
    assert_eq!(base.note, "平成30年度決算");
}

#[test]
fn the_v4_fixture_files_each_specified_system_under_the_category_its_reason_mentions() {
    use dxplan::model::SpecifiedCause;
    let dir = tmp();
    let f = dir.path().join("v4.dxplan");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workbook-v4.dxplan"
        ),
        &f,
    )
    .expect("fixture copied");
    let wb = Store::open(&f).expect("opens").load().expect("loads");
    let cause = |name: &str| {
        wb.system_by_name(name)
            .unwrap_or_else(|| panic!("{name} in the fixture"))
            .specified_cause
    };
    assert_eq!(
        cause("住民基本台帳"),
        Some(SpecifiedCause::Mainframe),
        "「汎用機（メインフレーム）で稼働」"
    );
    assert_eq!(
        cause("戸籍"),
        Some(SpecifiedCause::VendorCapacity),
        "「事業者の要員が確保できない」"
    );
    assert_eq!(
        cause("介護保険"),
        Some(SpecifiedCause::Other),
        "a reason naming no category is その他"
    );
    assert_eq!(cause("国民年金"), None, "not 特定移行支援, no category");
    for s in &wb.systems {
        s.validate()
            .unwrap_or_else(|e| panic!("{} valid after the upgrade: {}", s.name, e.message));
    }
}
