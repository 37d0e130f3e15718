//! Damaged files: seeded copies of the demo workbook with bytes flipped, pages zeroed or copied over others, or
//! the file cut short. Opening, loading, checking, summarising and reviewing each one gives a clear Japanese error
//! or works, never panics, and never changes a byte of the file (nor leaves a journal or lock beside it).
//! `DXPLAN_CORRUPT_COPIES=1000` (see `scripts/long-tests`) runs the long form; a tenth go through the CLI too.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use chrono::NaiveDate;
use dxplan::error::ErrorCode;
use dxplan::store::Store;

use crate::support::*;

const KINDS: [&str; 6] = [
    "bytes flipped anywhere",
    "header bytes flipped",
    "b-tree page headers flipped",
    "cut short",
    "a page zeroed",
    "a page copied over another",
];

/// A damaged copy of `good`, deterministic in `seed`.
fn damage(good: &[u8], seed: u64) -> (usize, Vec<u8>) {
    let mut rng = Rng(seed);
    let kind = (seed % KINDS.len() as u64) as usize;
    let mut b = good.to_vec();
    let page = 4096;
    let pages = b.len() / page;
    let flip = |b: &mut Vec<u8>, at: usize, rng: &mut Rng| {
        b[at] ^= (rng.below(255) + 1) as u8;
    };
    match kind {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(b.len());
                flip(&mut b, at, &mut rng);
            }
        }
        1 => {
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(100);
                flip(&mut b, at, &mut rng);
            }
        }
        2 => {
            for _ in 0..1 + rng.below(4) {
                let p = rng.below(pages);
                let at = p * page + if p == 0 { 100 } else { 0 } + rng.below(12);
                flip(&mut b, at, &mut rng);
            }
        }
        3 => b.truncate(rng.below(b.len())),
        4 => {
            let p = rng.below(pages);
            b[p * page..(p + 1) * page].fill(0);
        }
        _ => {
            let (from, to) = (rng.below(pages), 1 + rng.below(pages - 1));
            let src = b[from * page..(from + 1) * page].to_vec();
            b[to * page..(to + 1) * page].copy_from_slice(&src);
        }
    }
    (kind, b)
}

/// Everything a reader does with a file; Err is the user-facing error.
fn read_everything(path: &std::path::Path) -> Result<usize, dxplan::error::Error> {
    let store = Store::open(path)?;
    let wb = store.load()?;
    let mut problems = store.integrity_problems()?;
    problems.extend(dxplan::query::check::findings(&wb).errors);
    let today = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let next = NaiveDate::from_ymd_opt(2025, 12, 18).unwrap();
    let _ = dxplan::query::summary::summarize(&wb, today);
    let _ = dxplan::query::review::review(&wb, today, next, wb.baselines.first());
    Ok(problems.len())
}

#[test]
fn damaged_copies_give_a_clear_japanese_error_or_work_never_panic_and_are_never_written() {
    let copies = env_count("DXPLAN_CORRUPT_COPIES", 100);
    let dir = tmp();
    let good = bytes(&demo_file(dir.path()));
    let started = Instant::now();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = vec![];
    for seed in 0..copies as u64 {
        let (kind, damaged) = damage(&good, seed);
        let f = dir.path().join(format!("copy-{seed}.dxplan"));
        std::fs::write(&f, &damaged).unwrap();
        let what = format!("copy {seed} ({})", KINDS[kind]);
        match catch_unwind(AssertUnwindSafe(|| read_everything(&f))) {
            Err(p) => failures.push(format!(
                "{what}: panicked: {}",
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )),
            Ok(Ok(problems)) => {
                *outcomes
                    .entry(if problems == 0 {
                        "works, no problem found".into()
                    } else {
                        "works, check lists problems".into()
                    })
                    .or_default() += 1
            }
            Ok(Err(e)) => {
                *outcomes.entry(format!("{:?}", e.code)).or_default() += 1;
                if !japanese(&e.message) || !e.message.contains(&format!("copy-{seed}.dxplan")) {
                    failures.push(format!(
                        "{what}: unclear message naming no file: {}",
                        e.message
                    ));
                }
                if !matches!(
                    e.code,
                    ErrorCode::Corrupt | ErrorCode::NotAWorkbook | ErrorCode::NewerWorkbook
                ) {
                    failures.push(format!(
                        "{what}: {:?} is not a damaged-file code: {}",
                        e.code, e.message
                    ));
                }
            }
        }
        if seed % 5 == 0 {
            // an editor refuses it the same way, and releases its lock
            match catch_unwind(AssertUnwindSafe(|| {
                Store::open_for_edit(&f).and_then(|s| s.load().map(|_| ()))
            })) {
                Err(_) => failures.push(format!("{what}: open_for_edit panicked")),
                Ok(Err(e)) if !japanese(&e.message) => {
                    failures.push(format!("{what}: open_for_edit: {}", e.message))
                }
                Ok(_) => {}
            }
        }
        if seed % 10 == 0 {
            for args in [
                vec!["check", path_str(&f)],
                vec!["summary", path_str(&f), "--today", "2025-11-20"],
            ] {
                let r = dxplan(&args);
                if !matches!(r.code, 0..=2)
                    || r.stderr.contains("panicked")
                    || (r.code != 0 && !japanese(&r.stderr))
                {
                    failures.push(format!(
                        "{what}: `dxplan {}` exit {}: {}",
                        args[0], r.code, r.stderr
                    ));
                }
            }
        }
        if bytes(&f) != damaged {
            failures.push(format!("{what}: the file was changed"));
        }
        for leftover in ["dxplan-journal", "dxplan.lock"] {
            if f.with_extension(leftover).exists() {
                failures.push(format!("{what}: left a {leftover}"));
            }
        }
        std::fs::remove_file(&f).unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} of {copies} damaged copies mishandled:\n{}",
        failures.len(),
        failures.join("\n")
    );
    note(&format!(
        "corrupt: {copies} damaged copies in {:.1} s, outcomes {outcomes:?}",
        started.elapsed().as_secs_f64()
    ));
}
