//! Storage faults, made real even for root (tests run as root in CI): a full disk (a tiny tmpfs) and read-only
//! storage (read-only bind mounts) during an edit, a snapshot, a backup or a new file. Each gives a Japanese
//! message, leaves no partial file, leaves the workbook file as it was and the in-memory workbook exactly as it
//! was, and the same edit succeeds once the fault is gone; an export (PDF …) says why and leaves no partial file.
//! Skipped, with the reason printed, only when not root.

use chrono::Duration;
use dxplan::error::ErrorCode;
use dxplan::model::Workbook;
use dxplan::model::edit::{Edit, Entity};
use dxplan::store::{Mode, OpenOptions, Reason, Store, snapshots};

use crate::support::*;

fn edit(wb: &Workbook) -> Edit {
    let mut t = wb.tasks[0].clone();
    t.notes = "ディスク障害のあとで再試行".repeat(20);
    Edit::Put {
        entity: Entity::Task(t),
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A clock fixed an hour-and-a-bit after `snapshot` was taken with the system clock, or right after it.
fn opts_after_snapshot(s: &dxplan::store::Snapshot, later: Duration) -> OpenOptions {
    let at = s.taken_at + later;
    OpenOptions::new(Mode::Edit).clock(std::sync::Arc::new(move || at))
}

#[test]
fn a_full_disk_during_an_edit_keeps_file_and_workbook_and_the_edit_succeeds_once_space_is_freed() {
    let base = tmp();
    let mnt = base.path().join("disk");
    let Some(_m) = tmpfs(&mnt, 1024, "faults::a_full_disk_during_an_edit…") else {
        return;
    };
    let f = mnt.join("demo.dxplan");
    Store::create(&f, &dxplan::data::demo::demo_workbook().unwrap(), false).unwrap();
    let snap = Store::open_for_edit(&f)
        .unwrap()
        .snapshot(Reason::Manual)
        .unwrap();
    let mut s = Store::open_with(&f, &opts_after_snapshot(&snap, Duration::minutes(1))).unwrap();
    let mut wb = s.load().unwrap();
    let wb_before = wb.clone();
    let file_before = bytes(&f);
    let filler = fill_disk(&mnt);
    let e = edit(&wb);
    let err = s.apply(&mut wb, e.clone()).unwrap_err();
    assert_eq!(err.code, ErrorCode::DiskFull, "{}", err.message);
    assert!(
        err.message.contains("空き容量") && err.message.contains("保存されていません"),
        "{}",
        err.message
    );
    assert_eq!(wb, wb_before, "the in-memory workbook is exactly as before");
    assert_eq!(bytes(&f), file_before, "the file is exactly as before");
    assert!(!hot_journal(&f), "no journal left");
    std::fs::remove_file(filler).unwrap();
    s.apply(&mut wb, e)
        .expect("the same edit succeeds once there is space");
    drop(s);
    assert_eq!(
        normalized(Store::open(&f).unwrap().load().unwrap()),
        normalized(wb),
        "and is on disk"
    );
}

#[test]
fn a_full_disk_during_a_snapshot_backup_or_new_file_leaves_no_partial_file_and_refuses_the_edit() {
    let base = tmp();
    let mnt = base.path().join("disk");
    // room for the demo (≈ 360 KB with its progress history) and two snapshots once the filler is gone
    let Some(_m) = tmpfs(&mnt, 2048, "faults::a_full_disk_during_a_snapshot…") else {
        return;
    };
    let f = mnt.join("demo.dxplan");
    Store::create(&f, &dxplan::data::demo::demo_workbook().unwrap(), false).unwrap();
    let snap = Store::open_for_edit(&f)
        .unwrap()
        .snapshot(Reason::Manual)
        .unwrap();
    // the scheduled snapshot is due
    let mut s = Store::open_with(&f, &opts_after_snapshot(&snap, Duration::hours(2))).unwrap();
    let mut wb = s.load().unwrap();
    let wb_before = wb.clone();
    let file_before = bytes(&f);
    let folder_before = files_in(&snapshots::folder(&f));
    let filler = fill_disk(&mnt);
    let e = edit(&wb);
    let err = s.apply(&mut wb, e).unwrap_err();
    assert_eq!(err.code, ErrorCode::DiskFull, "{}", err.message);
    assert!(
        err.message.contains("バックアップ") && err.message.contains("保存していません"),
        "{}",
        err.message
    );
    assert_eq!(wb, wb_before, "the in-memory workbook is as before");
    assert_eq!(bytes(&f), file_before, "the file is as before");
    assert_eq!(
        files_in(&snapshots::folder(&f)),
        folder_before,
        "no partial snapshot"
    );
    let dest = mnt.join("copy.dxplan");
    let err = s.backup_to(&dest).unwrap_err();
    assert_eq!(err.code, ErrorCode::DiskFull, "{}", err.message);
    assert!(japanese(&err.message), "{}", err.message);
    let made = mnt.join("new.dxplan");
    let err = Store::create(&made, &wb, false).err().expect("no space");
    assert_eq!(err.code, ErrorCode::DiskFull, "{}", err.message);
    let mut left = files_in(&mnt);
    left.retain(|n| n != "filler.bin");
    assert_eq!(
        left,
        vec!["demo.backups", "demo.dxplan", "demo.dxplan.lock"],
        "no partial copy or new file"
    );
    std::fs::remove_file(filler).unwrap();
    let e = edit(&wb);
    s.apply(&mut wb, e).expect("works once there is space");
    assert_eq!(snapshots::list(&f).unwrap().len(), 2, "with its snapshot");
}

#[test]
fn a_read_only_folder_during_an_edit_keeps_file_and_workbook_and_the_edit_succeeds_afterwards() {
    if !is_root() {
        note("SKIPPED faults::a_read_only_folder_during_an_edit…: read-only bind mounts need root");
        return;
    }
    let base = tmp();
    let d = base.path().join("share");
    std::fs::create_dir(&d).unwrap();
    let f = demo_file(&d);
    let snap = Store::open_for_edit(&f)
        .unwrap()
        .snapshot(Reason::Manual)
        .unwrap();
    let now = std::sync::Arc::new(std::sync::Mutex::new(snap.taken_at + Duration::minutes(1)));
    let c = now.clone();
    let opts = OpenOptions::new(Mode::Edit).clock(std::sync::Arc::new(move || *c.lock().unwrap()));
    let mut s = Store::open_with(&f, &opts).unwrap();
    let mut wb = s.load().unwrap();
    let wb_before = wb.clone();
    let file_before = bytes(&f);
    let folder_before = files_in(&snapshots::folder(&f));
    let ro = read_only_bind(&d);
    let e = edit(&wb);
    let err = s.apply(&mut wb, e.clone()).unwrap_err();
    assert_eq!(err.code, ErrorCode::ReadOnly, "{}", err.message);
    assert!(
        err.message.contains("保存できませんでした") && err.message.contains("やり直して"),
        "{}",
        err.message
    );
    assert_eq!(wb, wb_before, "the in-memory workbook is as before");
    assert_eq!(bytes(&f), file_before, "the file is as before");
    // two hours later a snapshot is due, and the read-only folder refuses it the same way
    *now.lock().unwrap() = snap.taken_at + Duration::hours(2);
    let err = s.apply(&mut wb, e.clone()).unwrap_err();
    assert_eq!(err.code, ErrorCode::ReadOnly, "{}", err.message);
    assert!(err.message.contains("バックアップ"), "{}", err.message);
    assert_eq!(wb, wb_before, "the in-memory workbook is as before");
    assert_eq!(bytes(&f), file_before, "the file is as before");
    assert_eq!(
        files_in(&snapshots::folder(&f)),
        folder_before,
        "no partial snapshot"
    );
    drop(ro);
    s.apply(&mut wb, e)
        .expect("the same edit succeeds once the folder is writable");
    assert_eq!(
        snapshots::list(&f).unwrap().len(),
        2,
        "with the snapshot that was due"
    );
}

#[test]
fn a_read_only_file_opens_for_reading_but_not_for_editing() {
    if !is_root() {
        note(
            "SKIPPED faults::a_read_only_file_opens_for_reading…: read-only bind mounts need root",
        );
        return;
    }
    let d = tmp();
    let f = demo_file(d.path());
    let before = bytes(&f);
    let _ro = read_only_bind(&f);
    let err = Store::open_for_edit(&f).err().expect("refused for editing");
    assert_eq!(err.code, ErrorCode::ReadOnly, "{}", err.message);
    assert!(
        err.message.contains("読み取り専用") && err.message.contains("demo.dxplan"),
        "{}",
        err.message
    );
    assert!(
        !dxplan::store::lock::lock_path(&f).exists(),
        "the lock taken for the attempt is released"
    );
    let wb = Store::open(&f).unwrap().load().expect("reading works");
    assert!(!wb.systems.is_empty());
    let r = dxplan(&["summary", path_str(&f), "--today", "2025-11-20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = dxplan(&["task", "set", path_str(&f), "--id", "1", "--progress", "10"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("読み取り専用"), "{}", r.stderr);
    assert_eq!(bytes(&f), before, "unchanged");
}

#[test]
fn an_export_to_a_full_disk_or_a_read_only_folder_says_why_and_leaves_no_partial_file() {
    let base = tmp();
    let mnt = base.path().join("disk");
    let Some(_m) = tmpfs(&mnt, 256, "faults::an_export_to_a_full_disk…") else {
        return;
    };
    let pdf = mnt.join("工程表.pdf");
    let err = dxplan::render::write_atomically(&pdf, &vec![0x25; 400 * 1024])
        .expect_err("400 KB do not fit in 256 KB");
    assert!(
        err.to_string().contains("空き容量"),
        "a Japanese reason: {err}"
    );
    assert_eq!(files_in(&mnt), Vec::<String>::new(), "no partial file");
    let ro = read_only_bind(&mnt);
    let err = dxplan::render::write_atomically(&pdf, b"%PDF-1.7").expect_err("read-only");
    assert!(err.to_string().contains("読み取り専用"), "{err}");
    drop(ro);
    assert_eq!(files_in(&mnt), Vec::<String>::new(), "still nothing");
}
