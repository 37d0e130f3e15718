//! PDF export through the real CLI, read back with poppler's pdftotext/pdfinfo (installed by scripts/setup).

use std::path::Path;
use std::process::Command;

use crate::support::*;

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} must be installed (scripts/setup installs poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn export(file: &Path, out: &Path, view: &str, paper: &str) {
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(file),
        "-o",
        path_str(out),
        "--view",
        view,
        "--paper",
        paper,
        "--today",
        "2025-11-20",
        "--confidential",
        "機密性2",
    ]);
    assert_eq!(r.code, 0, "{view} {paper}: {}", r.stderr);
}

fn pages(pdf: &Path) -> (usize, String) {
    let info = poppler("pdfinfo", &[path_str(pdf)]);
    let n = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|v| v.trim().parse().unwrap())
        .expect("page count");
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or("")
        .trim()
        .to_string();
    (n, size)
}

#[test]
fn the_council_bundle_of_the_demo_has_every_system_initiative_and_page_number_and_stays_small() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let pdf = dir.path().join("council.pdf");
    export(&f, &pdf, "council", "A3");
    let (n, size) = pages(&pdf);
    assert!(size.contains("(A3)"), "A3: {size}");
    assert!(n >= 10, "bundle pages: {n}");
    let bytes = std::fs::metadata(&pdf).unwrap().len();
    assert!(
        bytes < 1_000_000,
        "well under 1 MB with a subset font: {bytes}"
    );
    let text =
        poppler("pdftotext", &["-layout", path_str(&pdf), "-"]).replace([' ', '\u{3000}'], "");
    let wb = dxplan::data::demo::demo_workbook().unwrap();
    for s in &wb.systems {
        assert!(
            text.contains(&s.name.replace([' ', '\u{3000}'], "")),
            "system {} printed",
            s.name
        );
    }
    for i in wb.initiatives.iter().filter(|i| !i.reference) {
        assert!(
            text.contains(&i.name.replace([' ', '\u{3000}'], "")),
            "initiative {} printed",
            i.name
        );
    }
    for needle in [
        "みなと川市",
        "令和7年11月20日",
        "機密性2",
        "目次",
        "ビジョン",
        "推進体制図",
        &format!("1/{n}"),
        &format!("{n}/{n}"),
    ] {
        assert!(text.contains(needle), "'{needle}' printed");
    }
    let raw = std::fs::read(&pdf).unwrap();
    let dir_s = dir.path().to_string_lossy().to_string();
    assert!(
        !raw.windows(dir_s.len()).any(|w| w == dir_s.as_bytes()),
        "no machine path in the PDF"
    );
}

#[test]
fn each_view_exports_on_a3_and_a4_with_its_rows_readable() {
    let dir = tmp();
    let f = demo_file(dir.path());
    for (view, must) in [
        ("roadmap", "工程表"),
        ("migration", "住民基本台帳"),
        ("training", "研修"),
        ("org", "DX推進本部"),
    ] {
        for paper in ["A3", "A4"] {
            let pdf = dir.path().join(format!("{view}-{paper}.pdf"));
            export(&f, &pdf, view, paper);
            let (n, size) = pages(&pdf);
            assert!(
                n >= 1 && size.contains(&format!("({paper})")),
                "{view} {paper}: {n} pages, {size}"
            );
            let text = poppler("pdftotext", &[path_str(&pdf), "-"]);
            assert!(text.contains(must), "{view} {paper} shows {must}");
        }
    }
}

#[test]
fn the_meeting_handout_prints_from_the_cli_with_the_meetings_inputs() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let pdf = dir.path().join("meeting.pdf");
    let base = [
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&pdf),
        "--view",
        "meeting",
        "--today",
        "2025-11-20",
        "--paper",
        "A4",
    ];
    let r = dxplan(&base);
    assert_eq!(r.code, 2, "no next meeting: {}", r.stderr);
    assert!(r.stderr.contains("次回会議"), "{}", r.stderr);
    assert!(!pdf.exists());
    let mut a = base.to_vec();
    a.extend(["--next-meeting", "2025-12-18", "--baseline", "当初計画"]);
    let r = dxplan(&a);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (n, size) = pages(&pdf);
    assert!(n >= 6 && size.contains("(A4)"), "{n} pages, {size}");
    let text = poppler("pdftotext", &[path_str(&pdf), "-"]);
    for must in [
        "会議資料 進捗の確認",
        "遅延している行",
        "基準計画「当初計画」からずれた行",
    ] {
        assert!(text.contains(must), "the handout shows {must}");
    }
}

#[test]
fn an_unwritable_output_path_gets_a_japanese_message_and_no_file() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let out = dir.path().join("no-such-folder").join("x.pdf");
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&out),
        "--view",
        "roadmap",
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("フォルダがありません"), "{}", r.stderr);
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "only the workbook, no temp file: {leftovers:?}"
    );
}

#[test]
fn bad_export_options_are_refused_in_japanese() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let out = dir.path().join("x.pdf");
    for (args, needle) in [
        (vec!["--view", "gantt"], "出力の種類"),
        (vec!["--paper", "B4"], "用紙"),
        (vec!["--from", "2026-04-01", "--to", "2025-04-01"], "終了日"),
        (vec!["--baseline", "ない計画"], "基準計画"),
    ] {
        let mut a = vec!["export", "pdf", path_str(&f), "-o", path_str(&out)];
        a.extend(args.iter());
        let r = dxplan(&a);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
        assert!(!out.exists());
    }
}

#[test]
fn a_thirty_year_range_and_hostile_names_still_export() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let r = dxplan(&[
        "task",
        "add",
        path_str(&f),
        "--initiative",
        "①",
        "--name",
        "<script>alert(1)</script>=HYPERLINK(\"x\")",
        "--start",
        "2025-04-01",
        "--end",
        "2026-03-31",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = dir.path().join("long.pdf");
    let r = dxplan(&[
        "export",
        "pdf",
        path_str(&f),
        "-o",
        path_str(&pdf),
        "--view",
        "roadmap",
        "--from",
        "2010-04-01",
        "--to",
        "2040-03-31",
        "--today",
        "2025-11-20",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = poppler("pdftotext", &[path_str(&pdf), "-"]);
    assert!(text.contains("<script>"), "hostile text printed as text");
}

#[test]
fn names_of_people_reach_a_pdf_only_when_asked_for() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let wb = dxplan::data::demo::demo_workbook().unwrap();
    let holders: Vec<String> = wb
        .roles
        .iter()
        .filter_map(|r| wb.person(r.person_id))
        .map(|p| p.name.replace([' ', '\u{3000}'], ""))
        .collect();
    assert!(!holders.is_empty());
    let text_of = |extra: &[&str]| {
        let pdf = dir.path().join("org.pdf");
        let mut args = vec![
            "export",
            "pdf",
            path_str(&f),
            "-o",
            path_str(&pdf),
            "--view",
            "council",
            "--today",
            "2025-11-20",
        ];
        args.extend_from_slice(extra);
        let r = dxplan(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        poppler("pdftotext", &[path_str(&pdf), "-"]).replace([' ', '\u{3000}', '\n'], "")
    };
    let plain = text_of(&[]);
    for n in &holders {
        assert!(
            !plain.contains(n.as_str()),
            "{n} printed without --personal"
        );
    }
    assert!(plain.contains("DX推進本部長"), "titles are still printed");
    let personal = text_of(&["--personal"]);
    assert!(
        holders.iter().any(|n| personal.contains(n.as_str())),
        "names printed with --personal"
    );
}
