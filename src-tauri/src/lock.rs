//! One app instance per workbook file: a lock file beside the workbook names who holds it, so a second open says
//! who has the file instead of two windows writing the same plan.
//!
//! The lock is advisory and local: `<file>.lock` holds the owner's user, host and process id. A lock left by a
//! process that no longer runs on this host is taken over. (Gap: on a shared network drive a lock left by a crashed
//! process on another PC must be removed by hand; the message says whose it is.)

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use dxplan::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    user: String,
    host: String,
    pid: u32,
    since: String,
}

/// Held while the workbook is open; removes the lock file when dropped.
#[derive(Debug)]
pub struct WorkbookLock {
    path: PathBuf,
}

fn lock_path(workbook: &Path) -> PathBuf {
    let mut s = workbook.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_default()
}

fn user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true // cannot tell: treat as held
    }
}

impl WorkbookLock {
    /// Takes the lock of `workbook`, or says who holds it (`ErrorCode::Busy`).
    pub fn acquire(workbook: &Path) -> Result<WorkbookLock> {
        let path = lock_path(workbook);
        let me = Holder {
            user: user(),
            host: host(),
            pid: std::process::id(),
            since: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        };
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let body =
                        serde_json::to_vec(&me).map_err(|e| Error::internal(e.to_string()))?;
                    f.write_all(&body)
                        .map_err(|e| dxplan::store::io_error(&path, &e))?;
                    return Ok(WorkbookLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let held: Option<Holder> = std::fs::read(&path)
                        .ok()
                        .and_then(|b| serde_json::from_slice(&b).ok());
                    match held {
                        Some(h) if h.host == me.host && (h.pid == me.pid || !alive(h.pid)) => {
                            // left behind by a process that ended (or by us): take it over
                            let _ = std::fs::remove_file(&path);
                        }
                        Some(h) => {
                            let name = workbook
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            return Err(Error::new(
                                ErrorCode::Busy,
                                format!(
                                    "「{name}」は {}（{}、プロセス {}）が {} から開いています。そちらの画面で作業するか、閉じてから開き直してください。",
                                    if h.user.is_empty() {
                                        "他の利用者"
                                    } else {
                                        &h.user
                                    },
                                    h.host,
                                    h.pid,
                                    h.since
                                ),
                            ));
                        }
                        None => {
                            // unreadable: written by something else or half-written; a lock we cannot read is stale
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(dxplan::store::io_error(&path, &e)),
            }
        }
        Err(Error::new(
            ErrorCode::Busy,
            "ブックのロックを取得できませんでした。もう一度開いてください。",
        ))
    }
}

impl Drop for WorkbookLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_names_the_holder_and_a_dropped_lock_frees_it() {
        let dir = tempfile::tempdir().unwrap();
        let wb = dir.path().join("a.dxplan");
        let first = WorkbookLock::acquire(&wb).unwrap();
        // same pid → treated as ours (re-open after a crash of the window); simulate another live process
        let other = Holder {
            user: "tanaka".into(),
            host: host(),
            pid: 1,
            since: "2025-11-20 09:00".into(),
        };
        std::fs::write(lock_path(&wb), serde_json::to_vec(&other).unwrap()).unwrap();
        let err = WorkbookLock::acquire(&wb).unwrap_err();
        assert_eq!(err.code, ErrorCode::Busy);
        assert!(err.message.contains("tanaka"), "{}", err.message);
        drop(first);
        assert!(!lock_path(&wb).exists());
        let _again = WorkbookLock::acquire(&wb).unwrap();
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let wb = dir.path().join("b.dxplan");
        let dead = Holder {
            user: "x".into(),
            host: host(),
            pid: u32::MAX - 7,
            since: String::new(),
        };
        std::fs::write(lock_path(&wb), serde_json::to_vec(&dead).unwrap()).unwrap();
        assert!(WorkbookLock::acquire(&wb).is_ok());
    }
}
