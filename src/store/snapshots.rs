//! Automatic snapshots of a workbook in the sibling folder `NAME.backups/`: before every migration, before an
//! edits file is applied, before a restore, and at most once per hour while edits happen. Each is written with
//! SQLite's backup API beside its final name, checked with `integrity_check`, synced and renamed into place, so
//! the folder only ever holds whole, sound snapshots. Old ones are rotated away (`keep`).

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime, Timelike};
use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, display, io_error, sql_error};
use crate::error::{Error, ErrorCode, Result};

/// Why a snapshot was taken (its key is part of the file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// on the hourly schedule while editing
    Auto,
    /// before `dxplan apply` of an edits file
    BeforeApply,
    /// before migrating a file of this schema version
    BeforeMigration(i32),
    /// before `dxplan restore` replaced the file
    BeforeRestore,
    /// asked for explicitly
    Manual,
}

impl Reason {
    fn key(self) -> String {
        match self {
            Reason::Auto => "auto".into(),
            Reason::BeforeApply => "apply".into(),
            Reason::BeforeMigration(v) => format!("migrate-v{v}"),
            Reason::BeforeRestore => "restore".into(),
            Reason::Manual => "manual".into(),
        }
    }
    fn parse(s: &str) -> Option<Reason> {
        Some(match s {
            "auto" => Reason::Auto,
            "apply" => Reason::BeforeApply,
            "restore" => Reason::BeforeRestore,
            "manual" => Reason::Manual,
            _ => Reason::BeforeMigration(s.strip_prefix("migrate-v")?.parse().ok()?),
        })
    }
    /// Japanese label for listings.
    pub fn label(self) -> String {
        match self {
            Reason::Auto => "定時".into(),
            Reason::BeforeApply => "一括適用の前".into(),
            Reason::BeforeMigration(v) => format!("形式更新の前（第{v}版）"),
            Reason::BeforeRestore => "復元の前".into(),
            Reason::Manual => "手動".into(),
        }
    }
}

/// One snapshot file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    pub taken_at: NaiveDateTime,
    pub reason: Reason,
    pub size: u64,
}

impl Snapshot {
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// How many snapshots rotation keeps: the newest `RECENT` always, then the newest of each of the last 24 hours,
/// 14 days, 8 ISO weeks and 12 months that have one.
pub const RECENT: usize = 10;
pub const HOURLY: usize = 24;
pub const DAILY: usize = 14;
pub const WEEKLY: usize = 8;
pub const MONTHLY: usize = 12;

/// The snapshot folder of a workbook: `NAME.backups` beside `NAME.dxplan`.
pub fn folder(workbook: &Path) -> PathBuf {
    let stem = stem(workbook);
    workbook.with_file_name(format!("{stem}.backups"))
}

fn stem(workbook: &Path) -> String {
    workbook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into())
}

/// Snapshots of a workbook, newest first. Files that are not snapshots (or are being written) are ignored.
pub fn list(workbook: &Path) -> Result<Vec<Snapshot>> {
    let dir = folder(workbook);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(io_error(&dir, &e)),
    };
    let prefix = format!("{}-", stem(workbook));
    let mut out = vec![];
    for e in entries {
        let e = e.map_err(|e| io_error(&dir, &e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((taken_at, reason)) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(&format!(".{}", super::EXTENSION)))
            .and_then(parse_name)
        else {
            continue;
        };
        let size = e.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(Snapshot {
            path: e.path(),
            taken_at,
            reason,
            size,
        });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(out)
}

/// `20251120-091530-auto` or `20251120-091530-auto-2` → (time, reason).
fn parse_name(rest: &str) -> Option<(NaiveDateTime, Reason)> {
    if rest.len() < 17 || !rest.is_char_boundary(15) {
        return None;
    }
    let at = NaiveDateTime::parse_from_str(&rest[..15], "%Y%m%d-%H%M%S").ok()?;
    let reason = rest[15..].strip_prefix('-')?;
    let reason = match reason.rsplit_once('-') {
        Some((r, n)) if n.chars().all(|c| c.is_ascii_digit()) && Reason::parse(r).is_some() => r,
        _ => reason,
    };
    Some((at, Reason::parse(reason)?))
}

/// Writes a snapshot of the database behind `conn` (the workbook `workbook`) and rotates old ones.
pub(crate) fn take(
    conn: &Connection,
    workbook: &Path,
    reason: Reason,
    now: NaiveDateTime,
) -> Result<Snapshot> {
    let dir = folder(workbook);
    let wrap = |e: Error| {
        Error::new(
            e.code,
            format!(
                "バックアップ（{}）を作成できませんでした: {}",
                display(&dir),
                e.message
            ),
        )
    };
    std::fs::create_dir_all(&dir).map_err(|e| wrap(io_error(&dir, &e)))?;
    clean_partial(&dir);
    let base = format!(
        "{}-{}-{}",
        stem(workbook),
        now.format("%Y%m%d-%H%M%S"),
        reason.key()
    );
    let mut dest = dir.join(format!("{base}.{}", super::EXTENSION));
    let mut n = 2;
    while dest.exists() {
        dest = dir.join(format!("{base}-{n}.{}", super::EXTENSION));
        n += 1;
    }
    let tmp = dir.join(format!(".{}.partial", display(&dest)));
    let written = write_checked(conn, &tmp, &dest);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(journal_of(&tmp));
        return Err(wrap(e));
    }
    let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
    rotate(workbook);
    Ok(Snapshot {
        path: dest,
        taken_at: now,
        reason,
        size,
    })
}

fn journal_of(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

/// Copies the database into `tmp`, checks it, syncs it and renames it to `dest`.
pub(crate) fn write_checked(conn: &Connection, tmp: &Path, dest: &Path) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    let mut out = Connection::open(tmp).map_err(|e| sql_error(dest, e))?;
    out.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;")
        .map_err(|e| sql_error(dest, e))?;
    {
        let b = rusqlite::backup::Backup::new(conn, &mut out).map_err(|e| sql_error(dest, e))?;
        b.run_to_completion(1024, std::time::Duration::from_millis(0), None)
            .map_err(|e| sql_error(dest, e))?;
    }
    out.close().map_err(|(_, e)| sql_error(dest, e))?;
    verify(tmp).map_err(|_| {
        Error::new(
            ErrorCode::Corrupt,
            format!(
                "「{}」の検査（integrity_check）に失敗したため作成をやめました。",
                display(dest)
            ),
        )
    })?;
    crate::fsx::place(tmp, dest)
}

/// `integrity_check` of a workbook file, read-only; `Ok` when sound and ours.
pub fn verify(path: &Path) -> Result<()> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sql_error(path, e))?;
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| sql_error(path, e))?;
    let app: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| sql_error(path, e))?;
    if ok != "ok" || app != APPLICATION_ID {
        return Err(super::corrupt(path));
    }
    Ok(())
}

/// Removes snapshots being written when their writer died (only the lock holder writes snapshots).
fn clean_partial(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with('.') && (n.ends_with(".partial") || n.ends_with(".partial-journal")) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Deletes the snapshots rotation does not keep (failures to delete are ignored: they are retried next time).
fn rotate(workbook: &Path) {
    let Ok(snaps) = list(workbook) else { return };
    let times: Vec<NaiveDateTime> = snaps.iter().map(|s| s.taken_at).collect();
    for (s, k) in snaps.iter().zip(keep(&times)) {
        if !k {
            let _ = std::fs::remove_file(&s.path);
        }
    }
}

/// The period a snapshot falls in (hour, day, ISO week or month), as a comparable tuple.
type Bucket = fn(&NaiveDateTime) -> (i32, u32, u32, u32);

/// Which snapshots to keep, given their times newest first: the `RECENT` newest, and the newest of each of the
/// last `HOURLY` hours, `DAILY` days, `WEEKLY` ISO weeks and `MONTHLY` months that have snapshots. Pure.
pub fn keep(newest_first: &[NaiveDateTime]) -> Vec<bool> {
    let mut keep = vec![false; newest_first.len()];
    for k in keep.iter_mut().take(RECENT) {
        *k = true;
    }
    let buckets: [(usize, Bucket); 4] = [
        (HOURLY, |t| (t.year(), t.month(), t.day(), t.hour())),
        (DAILY, |t| (t.year(), t.month(), t.day(), 0)),
        (WEEKLY, |t| {
            let w = t.date().iso_week();
            (w.year(), w.week(), 0, 0)
        }),
        (MONTHLY, |t| (t.year(), t.month(), 0, 0)),
    ];
    for (count, bucket) in buckets {
        let mut seen: Vec<(i32, u32, u32, u32)> = vec![];
        for (i, t) in newest_first.iter().enumerate() {
            let b = bucket(t);
            if seen.last() == Some(&b) || seen.contains(&b) {
                continue;
            }
            if seen.len() == count {
                break;
            }
            seen.push(b);
            keep[i] = true;
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn t0() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 11, 20)
            .unwrap()
            .and_hms_opt(9, 15, 30)
            .unwrap()
    }

    #[test]
    fn a_snapshot_name_carries_its_time_and_reason() {
        assert_eq!(
            parse_name("20251120-091530-auto"),
            Some((t0(), Reason::Auto))
        );
        assert_eq!(
            parse_name("20251120-091530-migrate-v1-3"),
            Some((t0(), Reason::BeforeMigration(1)))
        );
        assert_eq!(parse_name("20251120-091530-what"), None);
        assert_eq!(parse_name("2025"), None);
    }

    #[test]
    fn rotation_keeps_one_per_hour_day_week_and_month_and_the_newest_ten() {
        // one snapshot every 20 minutes for 400 days, newest first
        let times: Vec<NaiveDateTime> = (0..400 * 72)
            .map(|i| t0() - Duration::minutes(20 * i))
            .collect();
        let k = keep(&times);
        let kept: Vec<NaiveDateTime> = times
            .iter()
            .zip(&k)
            .filter(|(_, k)| **k)
            .map(|(t, _)| *t)
            .collect();
        assert!(k[..RECENT].iter().all(|k| *k), "the ten newest are kept");
        assert!(
            kept.len() <= RECENT + HOURLY + DAILY + WEEKLY + MONTHLY,
            "bounded: {}",
            kept.len()
        );
        assert!(kept.len() >= HOURLY + DAILY, "not too few: {}", kept.len());
        let oldest = *kept.last().unwrap();
        assert!(
            t0() - oldest > Duration::days(300) && t0() - oldest < Duration::days(380),
            "the oldest kept is about a year old: {oldest}"
        );
        assert_eq!(keep(&[]), Vec::<bool>::new(), "nothing to keep");
    }
}
