//! One editor at a time: the edit lock names its holder to a second user or program (「使用中: …（… から）」),
//! readers need no lock, a lock left by a dead process is taken over, one held from another computer never is;
//! and the journal is the rollback journal, never WAL (unsafe on network drives).

use std::io::BufRead;
use std::process::{Command, Stdio};

use dxplan::error::ErrorCode;
use dxplan::store::{LockHolder, Store, WorkbookLock, lock};

use crate::support::*;

#[test]
fn a_second_editor_is_told_who_holds_the_workbook_and_since_when() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let first = Store::open_for_edit(&f).expect("the first editor gets the lock");
    let err = Store::open_for_edit(&f)
        .err()
        .expect("the second editor is refused");
    assert_eq!(err.code, ErrorCode::Busy);
    let holder = WorkbookLock::holder(&f).expect("the lock file names its holder");
    assert_eq!(holder.pid, std::process::id(), "held by this process");
    let expected = format!(
        "使用中: {}（{} から）",
        holder.name(),
        holder.since.format("%Y-%m-%d %H:%M")
    );
    assert!(
        err.message.contains(&expected) && err.message.contains("demo.dxplan"),
        "the message names file, holder and time ({expected}): {}",
        err.message
    );
    let reader = Store::open(&f).expect("a reader needs no lock");
    assert!(reader.load().is_ok(), "and reads while someone edits");
    drop(first);
    assert!(
        !lock::lock_path(&f).exists(),
        "the lock is released on drop"
    );
    assert!(
        Store::open_for_edit(&f).is_ok(),
        "after the first editor closes, the next one gets it"
    );
}

#[test]
fn a_lock_left_by_a_killed_process_is_taken_over() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
        .arg(&f)
        .args(["--run", "1", "--seed", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l == "OPEN")),
        "the writer opened the file for editing"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let stale = WorkbookLock::holder(&f).expect("the dead writer's lock is still there");
    assert_eq!(stale.pid, child.id(), "left by the killed writer");
    let s = Store::open_for_edit(&f).expect("a dead process's lock is taken over");
    assert_eq!(
        WorkbookLock::holder(&f).map(|h: LockHolder| h.pid),
        Some(std::process::id()),
        "now held by us"
    );
    drop(s);
}

#[test]
fn a_lock_held_from_another_computer_is_never_taken_over() {
    let dir = tmp();
    let f = demo_file(dir.path());
    std::fs::write(
        lock::lock_path(&f),
        "dxplan-lock 1\nuser=sato\nhost=dx-pc-07\npid=1\nsince=2025-11-20T09:15:00\ntoken=0123\n",
    )
    .unwrap();
    let err = Store::open_for_edit(&f).err().expect("refused");
    assert_eq!(err.code, ErrorCode::Busy);
    assert!(
        err.message
            .contains("使用中: sato@dx-pc-07（2025-11-20 09:15 から）"),
        "{}",
        err.message
    );
    let r = dxplan(&["task", "set", path_str(&f), "--id", "1", "--progress", "50"]);
    assert_eq!(r.code, 1, "the CLI refuses too: {}", r.stderr);
    assert!(r.stderr.contains("使用中: sato@dx-pc-07"), "{}", r.stderr);
    let s = dxplan(&["summary", path_str(&f), "--today", "2025-11-20"]);
    assert_eq!(s.code, 0, "reading works while locked: {}", s.stderr);
    assert!(
        lock::lock_path(&f).exists(),
        "the other computer's lock is left alone"
    );
}

#[test]
fn a_lock_file_being_written_counts_as_held_not_as_stale() {
    let dir = tmp();
    let f = demo_file(dir.path());
    std::fs::write(lock::lock_path(&f), "").unwrap();
    let err = Store::open_for_edit(&f).err().expect("refused");
    assert_eq!(err.code, ErrorCode::Busy, "{}", err.message);
    assert!(err.message.contains("使用中"), "{}", err.message);
}

#[test]
fn the_journal_is_the_rollback_journal_never_wal_and_a_wal_file_is_converted_back() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut s = Store::open_for_edit(&f).unwrap();
    assert_eq!(s.journal_mode().unwrap(), "delete");
    assert_eq!(
        s.network_filesystem(),
        None,
        "a temporary folder is a local disk"
    );
    let mut wb = s.load().unwrap();
    let mut t = wb.tasks[0].clone();
    t.notes = "WALなし".into();
    s.apply(
        &mut wb,
        dxplan::model::edit::Edit::Put {
            entity: dxplan::model::edit::Entity::Task(t),
        },
    )
    .unwrap();
    assert_eq!(s.journal_mode().unwrap(), "delete", "still after an edit");
    drop(s);
    let head = bytes(&f);
    assert_eq!(
        (head[18], head[19]),
        (1, 1),
        "header: legacy (rollback journal) read/write versions"
    );
    // another program switched the file to WAL
    {
        let c = rusqlite::Connection::open(&f).unwrap();
        let m: String = c
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(m, "wal");
    }
    let s = Store::open_for_edit(&f).expect("a WAL file opens for editing");
    assert_eq!(s.journal_mode().unwrap(), "delete", "converted back");
    drop(s);
    let head = bytes(&f);
    assert_eq!((head[18], head[19]), (1, 1), "on disk too");
}
