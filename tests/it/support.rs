//! Shared helpers: temporary workbooks, running the real `dxplan` binary, comparing workbooks.

use std::path::{Path, PathBuf};
use std::process::Command;

use dxplan::model::Workbook;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real CLI binary.
pub fn dxplan(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dxplan"))
        .args(args)
        .output()
        .expect("the dxplan binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// A demo workbook file in `dir`.
pub fn demo_file(dir: &Path) -> PathBuf {
    let f = dir.join("demo.dxplan");
    let r = dxplan(&["demo", path_str(&f)]);
    assert_eq!(r.code, 0, "demo created: {}", r.stderr);
    f
}

pub fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("file readable")
}

/// The workbook with every table in id order, so two workbooks compare by content.
pub fn normalized(mut wb: Workbook) -> Workbook {
    wb.initiatives.sort_by_key(|r| r.id);
    wb.tasks.sort_by_key(|r| r.id);
    wb.dependencies
        .sort_by_key(|d| (d.predecessor, d.successor));
    wb.kpis.sort_by_key(|r| r.id);
    wb.progress.sort_by_key(|r| r.id);
    wb.inquiries.sort_by_key(|r| r.id);
    wb.units.sort_by_key(|r| r.id);
    wb.people.sort_by_key(|r| r.id);
    wb.roles.sort_by_key(|r| r.id);
    wb.skills.sort_by_key(|r| r.id);
    wb.skill_targets.sort_by_key(|r| r.id);
    wb.courses.sort_by_key(|r| r.id);
    for c in &mut wb.courses {
        c.skills.sort_by_key(|s| s.skill_id);
    }
    wb.enrolments.sort_by_key(|r| r.id);
    wb.template.steps.sort_by_key(|s| s.no);
    wb.systems.sort_by_key(|r| r.id);
    wb.system_steps.sort_by_key(|r| r.id);
    wb.procedures.sort_by_key(|r| r.id);
    wb.baselines.sort_by_key(|r| r.id);
    for b in &mut wb.baselines {
        b.entries.sort_by_key(|e| e.row);
    }
    let m = &mut wb.money;
    m.running_costs.sort_by_key(|r| r.id);
    m.service_starts.sort_by_key(|r| r.id);
    m.programmes.sort_by_key(|r| r.id);
    m.grants.sort_by_key(|r| r.id);
    m.budgets.sort_by_key(|r| r.id);
    wb
}

/// splitmix64: deterministic pseudo-random numbers for seeded test cases.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A count from the environment (long runs: `scripts/long-tests`), else the short default of the normal suite.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Prints to the real stderr, past the test harness's capture: figures and skip reasons are always seen.
pub fn note(msg: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{msg}");
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A mount made by a test, undone (lazily) when dropped.
pub struct Mount(pub PathBuf);
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn run_mount(args: &[&str]) {
    let out = Command::new("mount")
        .args(args)
        .output()
        .expect("mount runs");
    assert!(
        out.status.success(),
        "mount {args:?} failed as root: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Mounts a tmpfs of `kib` KiB on `dir`; `None` (with the reason printed) when not root.
pub fn tmpfs(dir: &Path, kib: u64, test: &str) -> Option<Mount> {
    if !is_root() {
        note(&format!(
            "SKIPPED {test}: mounting a small tmpfs needs root (CI runs as root)"
        ));
        return None;
    }
    std::fs::create_dir_all(dir).unwrap();
    run_mount(&[
        "-t",
        "tmpfs",
        "-o",
        &format!("size={kib}k"),
        "tmpfs",
        path_str(dir),
    ]);
    Some(Mount(dir.to_path_buf()))
}

/// Makes `path` (a file or a folder) read-only even for root: a read-only bind mount over itself.
pub fn read_only_bind(path: &Path) -> Mount {
    run_mount(&["--bind", path_str(path), path_str(path)]);
    let m = Mount(path.to_path_buf());
    run_mount(&["-o", "remount,ro,bind", path_str(path)]);
    m
}

/// Fills the filesystem of `dir` until a write fails; returns the filler file.
pub fn fill_disk(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler.bin");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0xA5u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    for _ in 0..64 {
        let _ = f.write_all(&[0u8; 64]);
    }
    let _ = f.sync_all();
    filler
}

/// Everything SQLite says about a file: schema version, schema text, and a hash of every row of every table.
/// Opens read-write, so a crashed writer's journal is rolled back first (as the next open would).
#[derive(Debug, PartialEq, Eq)]
pub struct Dump {
    pub version: i32,
    pub schema: Vec<String>,
    pub rows: u64,
    pub data_hash: u64,
}

pub fn dump(path: &Path) -> Dump {
    use std::hash::{Hash, Hasher};
    let c = rusqlite::Connection::open(path).expect("opens with SQLite");
    let version: i32 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let schema: Vec<String> = {
        let mut st = c
            .prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let tables: Vec<String> = {
        let mut st = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut rows = 0;
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            rows += 1;
            t.hash(&mut h);
            for i in 0..n {
                format!("{:?}", r.get_ref(i).unwrap()).hash(&mut h);
            }
        }
    }
    Dump {
        version,
        schema,
        rows,
        data_hash: h.finish(),
    }
}

/// `FILE-journal` exists and is not empty: a writer died inside a transaction.
pub fn hot_journal(path: &Path) -> bool {
    let mut s = path.as_os_str().to_owned();
    s.push("-journal");
    std::fs::metadata(PathBuf::from(s)).is_ok_and(|m| m.len() > 0)
}

/// Whether text contains Japanese (kana or kanji).
pub fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}
