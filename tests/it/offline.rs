//! Offline: the whole CLI workflow runs inside an empty network namespace (`unshare -n`: no interface but a
//! downed loopback), so nothing in it needs a network. Skipped, with the reason printed, where unshare is not
//! permitted (not root).

use std::process::Command;

use crate::support::*;

fn offline(args: &[&str]) -> Run {
    let out = Command::new("unshare")
        .arg("-n")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_dxplan"))
        .args(args)
        .output()
        .expect("unshare runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_whole_cli_workflow_runs_without_any_network() {
    let probe = Command::new("unshare")
        .args(["-n", "--", "cat", "/proc/net/dev"])
        .output();
    let probe = match probe {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => {
            note(&format!(
                "SKIPPED offline::the_whole_cli_workflow_runs_without_any_network: `unshare -n` is not permitted here ({})",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
            return;
        }
        Err(e) => {
            note(&format!(
                "SKIPPED offline::the_whole_cli_workflow_runs_without_any_network: no unshare ({e})"
            ));
            return;
        }
    };
    let interfaces: Vec<&str> = probe
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(str::trim)
        .collect();
    assert_eq!(interfaces, vec!["lo"], "only a loopback inside: {probe}");
    let dir = tmp();
    let f = dir.path().join("offline.dxplan");
    let fs = path_str(&f);
    let edits = dir.path().join("edits.json");
    std::fs::write(&edits, "[]").unwrap();
    let copy = dir.path().join("copy.dxplan");
    let steps: Vec<Vec<&str>> = vec![
        vec!["new", fs, "--name", "オフライン町"],
        vec!["demo", fs, "--force"],
        vec![
            "task",
            "add",
            fs,
            "--initiative",
            "①",
            "--name",
            "オフライン確認",
            "--start",
            "2025-12-01",
            "--end",
            "2026-02-27",
        ],
        vec![
            "step",
            fs,
            "--system",
            "生活保護",
            "--step",
            "13",
            "--status",
            "完了済み",
            "--actual-end",
            "2025-11-19",
        ],
        vec![
            "procedure",
            fs,
            "--no",
            "8",
            "--status",
            "対象外",
            "--reason",
            "公会計化されていないため",
        ],
        vec![
            "baseline",
            fs,
            "--name",
            "オフライン基準",
            "--date",
            "2025-12-01",
        ],
        vec!["apply", fs, path_str(&edits)],
        vec!["summary", fs, "--today", "2025-11-20"],
        vec![
            "review",
            fs,
            "--today",
            "2025-11-20",
            "--next-meeting",
            "2025-12-18",
            "--baseline",
            "オフライン基準",
        ],
        vec!["check", fs],
        vec!["backup", fs, path_str(&copy)],
        vec!["backups", fs],
    ];
    for args in &steps {
        let r = offline(args);
        assert_eq!(
            r.code,
            0,
            "`dxplan {}` works offline: {}{}",
            args.join(" "),
            r.stdout,
            r.stderr
        );
    }
    assert!(copy.exists(), "the backup was written");
    note(&format!(
        "offline: {} CLI commands ran in an empty network namespace",
        steps.len()
    ));
}
