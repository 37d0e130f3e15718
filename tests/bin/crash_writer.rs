//! `crash_writer`: a test helper (not part of the product) that edits a workbook in a loop through
//! `Store::apply`, printing `TRY` before and `ACK` after each commit returns, until it is killed. The crash tests
//! (`tests/it/crash.rs`) SIGKILL it at random moments and check that every acknowledged edit survived.
//!
//! `crash_writer FILE --run N --seed S [--snapshot-every K]` edits; `crash_writer FILE --migrate-test` opens
//! FILE with a test-only second migration (`tests/fixtures/migration-test-0002.sql`) and prints `MIGRATED`.
//!
//! Output lines: `TRY id k=v;k=v`, `ACK id k=v;k=v` where keys are `task:NAME` (its notes, `-` when absent),
//! `step:ID` (its notes) and `baseline:NAME` (`+` present, `-` absent); `SNAP file`; `ERROR code message`.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::model::*;
use dxplan::store::{MIGRATIONS, Mode, OpenOptions, Reason, Store};

/// The production migrations plus the slow test-only one.
static MIGRATE_TEST: [&str; 2] = [
    MIGRATIONS[0],
    include_str!("../fixtures/migration-test-0002.sql"),
];

/// splitmix64: small, deterministic, good enough to pick edits.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Prints a line and flushes it; stops the process when nobody reads the output any more.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
        std::process::exit(4);
    }
}

fn fail(e: dxplan::error::Error) -> ExitCode {
    say(&format!("ERROR {:?} {}", e.code, e.message));
    ExitCode::from(3)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first().map(std::path::PathBuf::from) else {
        eprintln!(
            "usage: crash_writer FILE --run N --seed S [--snapshot-every K] | FILE --migrate-test"
        );
        return ExitCode::from(2);
    };
    let opt = |name: &str| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    say("START");
    if args.iter().any(|a| a == "--migrate-test") {
        let opts = OpenOptions::new(Mode::Edit).migrations_for_test(&MIGRATE_TEST);
        return match Store::open_with(&file, &opts) {
            Ok(_) => {
                say("MIGRATED");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    let (run, seed, snapshot_every) = (opt("--run"), opt("--seed"), opt("--snapshot-every"));
    let mut store = match Store::open_for_edit(&file) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut wb = match store.load() {
        Ok(w) => w,
        Err(e) => return fail(e),
    };
    say("OPEN");
    let mut rng = Rng(seed ^ (run << 32));
    for n in 1.. {
        let id = format!("{run}-{n}");
        let (edit, writes) = pick(&wb, &mut rng, &id);
        say(&format!("TRY {id} {writes}"));
        if let Err(e) = store.apply(&mut wb, edit) {
            return fail(e);
        }
        say(&format!("ACK {id} {writes}"));
        if snapshot_every > 0 && n % snapshot_every == 0 {
            match store.snapshot(Reason::Manual) {
                Ok(s) => say(&format!("SNAP {}", s.file_name())),
                Err(e) => return fail(e),
            }
        }
    }
    ExitCode::SUCCESS
}

/// A random valid edit and what it writes (`key=value;…`).
fn pick(wb: &Workbook, rng: &mut Rng, id: &str) -> (Edit, String) {
    let value = format!("v{id}");
    let ours: Vec<&Task> = wb
        .tasks
        .iter()
        .filter(|t| t.name.starts_with("crash-"))
        .collect();
    let baselines: Vec<&Baseline> = wb
        .baselines
        .iter()
        .filter(|b| b.name.starts_with("crash-"))
        .collect();
    let mut choice = rng.below(10);
    if ours.is_empty() && (4..=6).contains(&choice) {
        choice = 0;
    }
    if ours.len() > 30 && choice <= 3 {
        choice = 6;
    }
    match choice {
        0..=3 => {
            let inits: Vec<&Initiative> = wb.initiatives.iter().filter(|i| !i.reference).collect();
            let init = inits[rng.below(inits.len())];
            let name = format!("crash-{id}");
            let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).expect("valid date");
            let task = Task {
                id: 0,
                initiative_id: init.id,
                name: name.clone(),
                owner_unit: None,
                plan: Some(Span::new(d(4, 1), d(6, 30)).expect("valid span")),
                actual_start: None,
                actual_end: None,
                progress: (rng.below(101)) as u8,
                status: Status::NotStarted,
                milestone: false,
                notes: value.clone(),
                sort: wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0) + 10,
            };
            (
                Edit::Put {
                    entity: Entity::Task(task),
                },
                format!("task:{name}={value}"),
            )
        }
        4 | 5 => {
            let mut t = ours[rng.below(ours.len())].clone();
            t.notes = value.clone();
            t.progress = rng.below(101) as u8;
            let name = t.name.clone();
            (
                Edit::Put {
                    entity: Entity::Task(t),
                },
                format!("task:{name}={value}"),
            )
        }
        6 => {
            let t = ours[rng.below(ours.len())];
            (
                Edit::Delete {
                    key: Key::Task(t.id),
                },
                format!("task:{}=-", t.name),
            )
        }
        7 | 8 => {
            // several rows in one transaction: all or none must survive
            let mut edits = vec![];
            let mut writes = vec![];
            for _ in 0..3 {
                let mut s = wb.system_steps[rng.below(wb.system_steps.len())].clone();
                if writes
                    .iter()
                    .any(|w: &String| w.starts_with(&format!("step:{}=", s.id)))
                {
                    continue;
                }
                s.notes = value.clone();
                writes.push(format!("step:{}={value}", s.id));
                edits.push(Edit::Put {
                    entity: Entity::Step(s),
                });
            }
            (Edit::Batch { edits }, writes.join(";"))
        }
        _ => {
            if baselines.len() >= 3 {
                let b = baselines[0];
                (
                    Edit::Delete {
                        key: Key::Baseline(b.id),
                    },
                    format!("baseline:{}=-", b.name),
                )
            } else {
                let name = format!("crash-{id}");
                (
                    Edit::TakeBaseline {
                        name: name.clone(),
                        taken_on: NaiveDate::from_ymd_opt(2025, 11, 20).expect("valid date"),
                    },
                    format!("baseline:{name}=+"),
                )
            }
        }
    }
}
