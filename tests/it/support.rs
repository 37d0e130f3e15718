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
    wb
}
