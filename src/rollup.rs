//! Reading many municipalities' workbooks into one roll-up, because a prefecture follows all of its 市区町村 from
//! their own `.dxplan` files: every file read-only (`store::peek`: no lock, nothing written, older files upgraded
//! in memory), on every core, one workbook in memory per core (each is reduced to its `Entry` at once); a file
//! that cannot be read is listed with its reason and the rest goes on.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::fsx::{display, io_error};
use crate::query::rollup::{Entry, Refused, Rollup, entry, rollup};
use crate::store::{EXTENSION, Scope, peek::peek};

/// The workbook files named: folders are searched (not recursively) for `*.dxplan`; files are taken as given
/// (a file of another kind is then refused with its reason, not skipped).
pub fn workbook_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = vec![];
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| io_error(p, &e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == EXTENSION))
                .collect();
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Error::new(
                crate::error::ErrorCode::NotFound,
                format!("「{}」が見つかりません。", display(p)),
            ));
        }
    }
    Ok(out)
}

/// Reads one file into its entry, or the reason it cannot be read.
pub fn read_entry(path: &Path, today: NaiveDate) -> std::result::Result<Entry, Refused> {
    let name = display(path);
    match peek(path, Scope::Overview) {
        Ok(p) => Ok(entry(&name, &p.workbook, p.modified, today)),
        Err(e) => Err(Refused {
            file: name,
            reason: e.message,
        }),
    }
}

/// Reads every file on `threads` threads (at least one) and rolls them up; `national` is the heat-map's 業務
/// order (the template's 20 業務).
pub fn read_rollup(
    files: &[PathBuf],
    national: &[String],
    today: NaiveDate,
    threads: usize,
) -> Rollup {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, std::result::Result<Entry, Refused>)>> =
        Mutex::new(Vec::with_capacity(files.len()));
    std::thread::scope(|s| {
        for _ in 0..threads.max(1).min(files.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let r = read_entry(path, today);
                    if let Ok(mut v) = results.lock() {
                        v.push((i, r));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    let (mut entries, mut refused) = (vec![], vec![]);
    for (_, r) in results {
        match r {
            Ok(e) => entries.push(e),
            Err(r) => refused.push(r),
        }
    }
    rollup(entries, refused, national, today)
}

/// The cores to use: all the machine has.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
