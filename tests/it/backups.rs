//! Automatic snapshots: at most one per hour of editing (clock passed in), before `dxplan apply`, before a
//! restore; every snapshot passes integrity_check and holds the workbook it copied; rotation bounds the folder;
//! `dxplan backups` lists them and `dxplan restore` brings one back, atomically, snapshotting the current file.

use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use dxplan::model::edit::{Edit, Entity};
use dxplan::store::{Clock, Mode, OpenOptions, Reason, Store, snapshots};

use crate::support::*;

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 11, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// A clock the test moves.
fn clock() -> (Arc<Mutex<NaiveDateTime>>, Clock) {
    let now = Arc::new(Mutex::new(t0()));
    let c = now.clone();
    (now, Arc::new(move || *c.lock().unwrap()))
}

fn note_edit(wb: &dxplan::model::Workbook, text: &str) -> Edit {
    let mut t = wb.tasks[0].clone();
    t.notes = text.into();
    Edit::Put {
        entity: Entity::Task(t),
    }
}

fn put_note(s: &mut Store, wb: &mut dxplan::model::Workbook, text: &str) {
    let e = note_edit(wb, text);
    s.apply(wb, e).expect("edit saved");
}

#[test]
fn editing_takes_at_most_one_snapshot_per_hour_and_each_holds_the_workbook_before_the_edit() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let (now, c) = clock();
    let opts = OpenOptions::new(Mode::Edit).clock(c);
    let mut s = Store::open_with(&f, &opts).unwrap();
    let mut wb = s.load().unwrap();
    let original = wb.clone();
    put_note(&mut s, &mut wb, "1");
    assert_eq!(
        snapshots::list(&f).unwrap().len(),
        1,
        "the first edit snapshots"
    );
    for minutes in [10, 30, 59] {
        *now.lock().unwrap() = t0() + Duration::minutes(minutes);
        put_note(&mut s, &mut wb, &format!("m{minutes}"));
    }
    assert_eq!(
        snapshots::list(&f).unwrap().len(),
        1,
        "no more within the hour"
    );
    *now.lock().unwrap() = t0() + Duration::minutes(61);
    put_note(&mut s, &mut wb, "61");
    let list = snapshots::list(&f).unwrap();
    assert_eq!(list.len(), 2, "one more after an hour");
    assert_eq!(list[0].taken_at, t0() + Duration::minutes(61));
    assert_eq!(list[1].reason, Reason::Auto);
    for snap in &list {
        snapshots::verify(&snap.path).expect("each snapshot passes integrity_check");
    }
    let first = Store::open(&list[1].path).unwrap().load().unwrap();
    assert_eq!(
        normalized(first),
        normalized(original),
        "the first snapshot is the workbook before the first edit"
    );
    let second = Store::open(&list[0].path).unwrap().load().unwrap();
    assert_eq!(
        second.tasks[0].notes, "m59",
        "the second one is before the 61st minute's edit"
    );
    drop(s);
    // a new session remembers the last snapshot from the folder
    *now.lock().unwrap() = t0() + Duration::minutes(90);
    let mut s = Store::open_with(&f, &opts).unwrap();
    assert_eq!(s.last_snapshot(), Some(t0() + Duration::minutes(61)));
    let mut wb = s.load().unwrap();
    put_note(&mut s, &mut wb, "90");
    assert_eq!(
        snapshots::list(&f).unwrap().len(),
        2,
        "still within the hour"
    );
}

#[test]
fn rotation_keeps_the_snapshot_folder_bounded_over_weeks_of_editing() {
    let dir = tmp();
    let f = dir.path().join("small.dxplan");
    let wb = dxplan::model::Workbook::empty(dxplan::model::WorkbookMeta::new("テスト町").unwrap());
    Store::create(&f, &wb, false).unwrap();
    let (now, c) = clock();
    let mut s = Store::open_with(&f, &OpenOptions::new(Mode::Edit).clock(c)).unwrap();
    // every 5 hours for 40 days
    for i in 0..(40 * 24 / 5) {
        *now.lock().unwrap() = t0() + Duration::hours(5 * i);
        s.snapshot(Reason::Auto).unwrap();
    }
    let list = snapshots::list(&f).unwrap();
    assert!(
        list.len()
            <= snapshots::RECENT
                + snapshots::HOURLY
                + snapshots::DAILY
                + snapshots::WEEKLY
                + snapshots::MONTHLY,
        "bounded: {}",
        list.len()
    );
    let newest = list.first().unwrap().taken_at;
    let oldest = list.last().unwrap().taken_at;
    assert!(
        newest - oldest >= Duration::days(35),
        "keeps weeks of history: {oldest} … {newest}"
    );
    let last_day = list
        .iter()
        .filter(|s| newest - s.taken_at < Duration::days(1))
        .count();
    assert!(
        last_day >= 4,
        "keeps every snapshot of the last day: {last_day}"
    );
    for snap in &list {
        snapshots::verify(&snap.path).unwrap();
    }
}

#[test]
fn the_cli_snapshots_before_apply_lists_snapshots_and_restores_one_atomically() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let before = normalized(Store::open(&f).unwrap().load().unwrap());
    let edits = dir.path().join("edits.json");
    let wb = Store::open(&f).unwrap().load().unwrap();
    std::fs::write(
        &edits,
        serde_json::to_string(&vec![note_edit(&wb, "一括で変更")]).unwrap(),
    )
    .unwrap();
    let r = dxplan(&["apply", path_str(&f), path_str(&edits)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("適用前の内容をバックアップしました"),
        "{}",
        r.stdout
    );
    let list = snapshots::list(&f).unwrap();
    let pre = list
        .iter()
        .find(|s| s.reason == Reason::BeforeApply)
        .expect("a snapshot before apply");
    let l = dxplan(&["backups", path_str(&f)]);
    assert_eq!(l.code, 0, "{}", l.stderr);
    assert!(
        l.stdout.contains(&pre.file_name()) && l.stdout.contains("一括適用の前"),
        "{}",
        l.stdout
    );
    let changed = normalized(Store::open(&f).unwrap().load().unwrap());
    assert_ne!(changed, before);
    let r = dxplan(&["restore", path_str(&f), &pre.file_name()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("復元前の内容をバックアップしました"),
        "{}",
        r.stdout
    );
    assert_eq!(
        normalized(Store::open(&f).unwrap().load().unwrap()),
        before,
        "the file is the snapshot again"
    );
    let undo = snapshots::list(&f)
        .unwrap()
        .into_iter()
        .find(|s| s.reason == Reason::BeforeRestore)
        .expect("the file as it was before the restore was kept");
    assert_eq!(
        normalized(Store::open(&undo.path).unwrap().load().unwrap()),
        changed,
        "and holds the changed workbook"
    );
    for leftover in [
        "demo.dxplan.restoring",
        "demo.dxplan.restored",
        "demo.dxplan.lock",
    ] {
        assert!(!dir.path().join(leftover).exists(), "no {leftover} left");
    }
    let bad = dxplan(&["restore", path_str(&f), "no-such-snapshot.dxplan"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("見つかりません"), "{}", bad.stderr);
}

#[test]
fn a_damaged_workbook_is_restored_from_a_snapshot_and_its_damaged_bytes_are_kept() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut s = Store::open_for_edit(&f).unwrap();
    let snap = s.snapshot(Reason::Manual).unwrap();
    drop(s);
    let good = normalized(Store::open(&f).unwrap().load().unwrap());
    let mut b = bytes(&f);
    let n = b.len();
    // eight pages around the middle: wide enough to hit tables the load reads whatever the schema adds
    b[n / 2 - 16384..n / 2 + 16384].fill(0xFF);
    std::fs::write(&f, &b).unwrap();
    assert!(Store::open(&f).and_then(|s| s.load()).is_err(), "damaged");
    let before = Store::restore(&f, &snap.path, &OpenOptions::new(Mode::Edit)).unwrap();
    assert!(
        before.is_none(),
        "a damaged file is kept as bytes, not as a snapshot"
    );
    assert_eq!(normalized(Store::open(&f).unwrap().load().unwrap()), good);
    let kept: Vec<_> = std::fs::read_dir(snapshots::folder(&f))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with("-damaged.bin"))
        .collect();
    assert_eq!(
        kept.len(),
        1,
        "the damaged file is kept beside the snapshots"
    );
    assert_eq!(bytes(&kept[0].path()), b, "byte for byte");
}

#[test]
fn a_damaged_snapshot_is_refused_and_the_workbook_is_left_alone() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let bad = dir.path().join("bad.dxplan");
    let mut b = bytes(&f);
    let n = b.len();
    b[n - 8192..].fill(0x55);
    std::fs::write(&bad, &b).unwrap();
    let before = bytes(&f);
    let err = Store::restore(&f, &bad, &OpenOptions::new(Mode::Edit)).unwrap_err();
    assert!(
        japanese(&err.message) && err.message.contains("bad.dxplan"),
        "{}",
        err.message
    );
    assert_eq!(bytes(&f), before, "the workbook is untouched");
}
