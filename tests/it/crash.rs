//! Crash safety: a writer process editing a workbook is SIGKILLed at random moments, again and again; after each
//! kill the file must pass `integrity_check`, hold every edit the writer acknowledged, and hold the edit in flight
//! either whole or not at all. `DXPLAN_CRASH_KILLS=1000` (see `scripts/long-tests`) runs the long form.

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dxplan::model::Workbook;
use dxplan::store::{Store, snapshots};

use crate::support::*;

/// What the file says about a key the writer writes (`-` for an absent row).
fn observe(wb: &Workbook, key: &str) -> String {
    let (kind, name) = key.split_once(':').expect("key kind:name");
    match kind {
        "task" => wb
            .tasks
            .iter()
            .find(|t| t.name == name)
            .map_or("-".to_string(), |t| t.notes.clone()),
        "step" => {
            let id: i64 = name.parse().expect("step id");
            wb.system_steps
                .iter()
                .find(|s| s.id == id)
                .map_or("-".to_string(), |s| s.notes.clone())
        }
        "baseline" => {
            if wb.baselines.iter().any(|b| b.name == name) {
                "+".into()
            } else {
                "-".into()
            }
        }
        _ => panic!("unknown key {key}"),
    }
}

fn writes(s: &str) -> Vec<(String, String)> {
    s.split(';')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let (k, v) = w.split_once('=').expect("key=value");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn every_acknowledged_edit_survives_a_kill_at_a_random_moment_and_the_file_stays_sound() {
    let kills = env_count("DXPLAN_CRASH_KILLS", 30);
    let seed = env_count("DXPLAN_CRASH_SEED", 20251120) as u64;
    let dir = tmp();
    let f = demo_file(dir.path());
    let original = Store::open(&f).unwrap().load().unwrap();
    let mut expected: HashMap<String, String> = HashMap::new();
    let prior = |expected: &HashMap<String, String>, k: &str| -> String {
        expected
            .get(k)
            .cloned()
            .unwrap_or_else(|| observe(&original, k))
    };
    let mut rng = Rng(seed);
    let started = Instant::now();
    let (mut acked, mut committed_in_flight, mut lost_in_flight, mut hot, mut snaps) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for k in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
            .arg(&f)
            .args(["--run", &k.to_string(), "--seed", &seed.to_string()])
            .args(["--snapshot-every", "9"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("crash_writer starts");
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut b = vec![];
            let _ = stdout.read_to_end(&mut b);
            b
        });
        std::thread::sleep(Duration::from_micros(rng.below(150_000) as u64));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let out = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
        // only whole lines count: a line cut by the kill was never acknowledged
        let whole = &out[..out.rfind('\n').map_or(0, |i| i + 1)];
        let mut pending: Option<Vec<(String, String)>> = None;
        for line in whole.lines() {
            let mut parts = line.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("TRY"), Some(_), Some(w)) => pending = Some(writes(w)),
                (Some("ACK"), Some(_), Some(w)) => {
                    for (key, v) in writes(w) {
                        expected.insert(key, v);
                    }
                    acked += 1;
                    pending = None;
                }
                (Some("SNAP"), ..) => snaps += 1,
                (Some("ERROR"), ..) => panic!("kill {k}: the writer failed: {line}"),
                _ => {}
            }
        }
        if hot_journal(&f) {
            hot += 1;
        }
        let store = Store::open(&f)
            .unwrap_or_else(|e| panic!("kill {k}: the file reopens after the kill: {}", e.message));
        assert_eq!(
            store.integrity_problems().unwrap(),
            Vec::<String>::new(),
            "kill {k}: integrity_check and foreign_key_check pass"
        );
        assert_eq!(
            store.journal_mode().unwrap(),
            "delete",
            "kill {k}: never WAL"
        );
        let wb = store
            .load()
            .unwrap_or_else(|e| panic!("kill {k}: loads: {}", e.message));
        if let Some(p) = pending {
            let all_new = p.iter().all(|(key, v)| observe(&wb, key) == *v);
            let all_old = p
                .iter()
                .all(|(key, _)| observe(&wb, key) == prior(&expected, key));
            assert!(
                all_new || all_old,
                "kill {k}: the edit in flight {p:?} is whole or absent, never half"
            );
            if all_new {
                committed_in_flight += 1;
                for (key, v) in p {
                    expected.insert(key, v);
                }
            } else {
                lost_in_flight += 1;
            }
        }
        for (key, v) in &expected {
            assert_eq!(
                observe(&wb, key),
                *v,
                "kill {k}: acknowledged write {key}={v} is in the file"
            );
        }
        for t in wb.tasks.iter().filter(|t| t.name.starts_with("crash-")) {
            assert!(
                expected.contains_key(&format!("task:{}", t.name)),
                "kill {k}: no task that was never written ({})",
                t.name
            );
        }
        if let Some(newest) = snapshots::list(&f).unwrap().first() {
            snapshots::verify(&newest.path)
                .unwrap_or_else(|e| panic!("kill {k}: newest snapshot is sound: {}", e.message));
        }
    }
    let all = snapshots::list(&f).unwrap();
    for s in &all {
        snapshots::verify(&s.path)
            .unwrap_or_else(|e| panic!("snapshot {} is sound: {}", s.file_name(), e.message));
    }
    let mut last = Store::open_for_edit(&f).expect("the last writer's stale lock is taken over");
    assert!(last.snapshot(dxplan::store::Reason::Manual).is_ok());
    assert!(acked > 0, "the writer got edits through between kills");
    note(&format!(
        "crash: {kills} kills in {:.1} s, {acked} acknowledged edits all present, edit in flight found \
         committed {committed_in_flight}× / absent {lost_in_flight}×, {hot} hot journals rolled back, \
         {snaps} snapshots written ({} kept, all sound)",
        started.elapsed().as_secs_f64(),
        all.len()
    ));
}
