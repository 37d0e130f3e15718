//! The edit lock of a workbook: a sibling file `NAME.dxplan.lock` naming who edits it (user, host, pid, since when),
//! so a second user or program is told 「使用中: 名前（時刻 から）」 instead of meeting an error or a damaged file.
//!
//! SQLite's own locks protect single transactions; this lock protects a whole editing session (a user's in-memory
//! workbook must not be overwritten by another session's edits). It is a plain file so it works the same on a
//! local disk, NFS and SMB shares: it is created atomically (written beside, then `hard_link`ed into place, which
//! fails if the lock exists; `create_new` where links are unsupported), released on drop, and a lock left by a
//! process that died on this same host is taken over. Read-only uses (summary, review, check, backup) take no lock.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::{display, io_error, sibling};
use crate::error::{Error, ErrorCode, Result};

/// Who holds a lock, as written in the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: NaiveDateTime,
    token: String,
}

/// A held edit lock; dropping it removes the lock file (only if it is still ours).
#[derive(Debug)]
pub struct WorkbookLock {
    path: PathBuf,
    token: String,
}

/// The lock file of a workbook.
pub fn lock_path(workbook: &Path) -> PathBuf {
    sibling(workbook, "lock")
}

/// Seconds after which a lock file that cannot be read (a writer died between creating and filling it on a
/// filesystem without hard links) is considered abandoned.
const UNREADABLE_LOCK_STALE_SECS: u64 = 30;

impl LockHolder {
    fn current(now: NaiveDateTime) -> LockHolder {
        LockHolder {
            user: user_name(),
            host: host_name(),
            pid: std::process::id(),
            since: now,
            token: token(),
        }
    }

    fn render(&self) -> String {
        format!(
            "dxplan-lock 1\nuser={}\nhost={}\npid={}\nsince={}\ntoken={}\n",
            one_line(&self.user),
            one_line(&self.host),
            self.pid,
            self.since.format("%Y-%m-%dT%H:%M:%S"),
            self.token
        )
    }

    fn parse(text: &str) -> Option<LockHolder> {
        let mut lines = text.lines();
        if lines.next()? != "dxplan-lock 1" {
            return None;
        }
        let (mut user, mut host, mut pid, mut since, mut token) = (None, None, None, None, None);
        for l in lines {
            let (k, v) = l.split_once('=')?;
            match k {
                "user" => user = Some(v.to_string()),
                "host" => host = Some(v.to_string()),
                "pid" => pid = v.parse().ok(),
                "since" => since = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S").ok(),
                "token" => token = Some(v.to_string()),
                _ => {}
            }
        }
        Some(LockHolder {
            user: user?,
            host: host?,
            pid: pid?,
            since: since?,
            token: token?,
        })
    }

    /// `user@host`, as shown to the other user.
    pub fn name(&self) -> String {
        if self.host.is_empty() {
            self.user.clone()
        } else {
            format!("{}@{}", self.user, self.host)
        }
    }

    /// A lock is stale when its process is known to be gone: same host, pid no longer running.
    fn is_stale(&self) -> bool {
        self.host == host_name() && !process_alive(self.pid)
    }
}

fn one_line(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

fn busy(workbook: &Path, holder: Option<&LockHolder>) -> Error {
    let lock = lock_path(workbook);
    match holder {
        Some(h) => Error::new(
            ErrorCode::Busy,
            format!(
                "「{}」は使用中: {}（{} から）。閉じられるまで待つか、閲覧だけにしてください。そのPCでdxplanが終了しているのにこの表示が続く場合は「{}」を削除してください。",
                display(workbook),
                h.name(),
                h.since.format("%Y-%m-%d %H:%M"),
                display(&lock)
            ),
        ),
        None => Error::new(
            ErrorCode::Busy,
            format!(
                "「{}」は使用中: 不明（作成中のロック）。しばらくしてからやり直してください。",
                display(workbook)
            ),
        ),
    }
}

impl WorkbookLock {
    /// Takes the edit lock of `workbook`, or says who holds it (`ErrorCode::Busy`). A lock of a dead process on
    /// this host is taken over.
    pub fn acquire(workbook: &Path, now: NaiveDateTime) -> Result<WorkbookLock> {
        let path = lock_path(workbook);
        let me = LockHolder::current(now);
        for _ in 0..5 {
            match create_exclusive(&path, &me.render()) {
                Ok(()) => {
                    clean_leftovers(&path);
                    return Ok(WorkbookLock {
                        path,
                        token: me.token,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(lock_io_error(workbook, &e)),
            }
            let text = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue, // released meanwhile
                Err(e) => return Err(lock_io_error(workbook, &e)),
            };
            match LockHolder::parse(&String::from_utf8_lossy(&text)) {
                Some(h) if h.is_stale() => take_over(&path, &text),
                Some(h) => return Err(busy(workbook, Some(&h))),
                None => {
                    let age = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .map(|d| d.as_secs())
                        .unwrap_or(0);
                    if age < UNREADABLE_LOCK_STALE_SECS {
                        return Err(busy(workbook, None));
                    }
                    take_over(&path, &text);
                }
            }
        }
        Err(busy(workbook, None))
    }

    /// Who holds the lock of `workbook` now, if anyone (and the file is readable).
    pub fn holder(workbook: &Path) -> Option<LockHolder> {
        let text = std::fs::read(lock_path(workbook)).ok()?;
        LockHolder::parse(&String::from_utf8_lossy(&text))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WorkbookLock {
    fn drop(&mut self) {
        // remove it only if it is still ours (a user may have deleted it and another session taken it)
        if let Ok(b) = std::fs::read(&self.path)
            && LockHolder::parse(&String::from_utf8_lossy(&b))
                .is_some_and(|h| h.token == self.token)
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn lock_io_error(workbook: &Path, e: &std::io::Error) -> Error {
    let base = io_error(workbook, e);
    match base.code {
        ErrorCode::ReadOnly => Error::new(
            ErrorCode::ReadOnly,
            format!(
                "「{}」のフォルダに書き込めないため、編集用に開けません（閲覧はできます）。",
                display(workbook)
            ),
        ),
        _ => base,
    }
}

/// Creates `path` with `content`, failing with `AlreadyExists` if it exists. The file appears with its content
/// (written beside, then hard-linked: atomic also on NFS); where hard links are unsupported, `create_new`.
fn create_exclusive(path: &Path, content: &str) -> std::io::Result<()> {
    let tmp = sibling(
        path,
        &format!("{}.{}.tmp", one_line(&host_name()), std::process::id()),
    );
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(content.as_bytes()).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(content.as_bytes())?;
            f.sync_all()
        }
    }
}

/// Moves a stale lock aside and removes it, unless what was moved is not the stale lock that was read (then
/// another process took it over meanwhile and it is put back).
fn take_over(path: &Path, stale: &[u8]) {
    let aside = sibling(path, &format!("{}.stale", token()));
    if std::fs::rename(path, &aside).is_err() {
        return;
    }
    match std::fs::read(&aside) {
        Ok(b) if b == stale => {
            let _ = std::fs::remove_file(&aside);
        }
        _ => {
            let _ = std::fs::hard_link(&aside, path);
            let _ = std::fs::remove_file(&aside);
        }
    }
}

/// Removes temporary files of lock attempts by processes of this host that are gone.
fn clean_leftovers(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.{}.", name.to_string_lossy(), one_line(&host_name()));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = n
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
            .and_then(|p| p.parse::<u32>().ok())
            && !process_alive(pid)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    format!("{:016x}", h.finish())
}

/// The login name of this process's user.
pub fn user_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "不明なユーザー".to_string())
}

/// The name of this computer.
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that many bytes.
        let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if r == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return String::from_utf8_lossy(&buf[..end]).into_owned();
        }
    }
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default()
}

/// Whether a process of this host is running (an unknown answer counts as running: a lock is never taken from a
/// process that might be alive).
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 only checks for existence and permission.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_file_round_trips_and_names_its_holder() {
        let now = chrono::NaiveDate::from_ymd_opt(2025, 11, 20)
            .unwrap()
            .and_hms_opt(9, 15, 0)
            .unwrap();
        let h = LockHolder::current(now);
        let back = LockHolder::parse(&h.render()).expect("parses");
        assert_eq!(back, h, "what is written is read back");
        assert!(back.name().contains('@'), "user@host: {}", back.name());
        assert!(
            LockHolder::parse("garbage").is_none(),
            "a foreign file is not a lock"
        );
    }

    #[test]
    fn this_process_is_alive_and_a_huge_pid_is_not() {
        assert!(process_alive(std::process::id()), "we are running");
        #[cfg(unix)]
        assert!(!process_alive(2_000_000_000), "no such pid");
    }
}
