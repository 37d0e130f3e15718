//! The roll-up of many municipalities' workbooks: good, old, damaged, foreign, newer and locked files in one
//! folder; nothing is written to any of them, the refused ones are listed with their reason, and every figure
//! equals the workbook's own summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dxplan::query::summary::summarize;
use dxplan::store::Store;

use crate::support::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 20).expect("date")
}

/// Every file of the folder (the workbooks, the lock, the backups folder's files) with its bytes.
fn every_file(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(every_file(&p));
        } else {
            out.insert(p.clone(), bytes(&p));
        }
    }
    out
}

/// A folder of workbooks as a prefecture receives them.
fn prefecture(dir: &Path) -> PathBuf {
    let demo = demo_file(dir);
    let north = dir.join("北町.dxplan");
    let r = dxplan(&[
        "new",
        path_str(&north),
        "--name",
        "北町",
        "--code",
        "011002",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let old = dir.join("旧版市.dxplan");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workbook-v1.dxplan"),
        &old,
    )
    .expect("fixture copied");
    let good = bytes(&demo);
    std::fs::write(dir.join("壊れた市.dxplan"), &good[..good.len() / 3]).expect("write");
    std::fs::write(dir.join("別の形式.dxplan"), "団体名,完了率\n南村,50\n").expect("write");
    let mut newer = good.clone();
    newer[60..64].copy_from_slice(&99i32.to_be_bytes());
    std::fs::write(dir.join("新しい版.dxplan"), newer).expect("write");
    std::fs::write(dir.join("メモ.txt"), "集計対象外").expect("write");
    demo
}

#[test]
fn a_folder_of_workbooks_is_rolled_up_without_changing_a_byte_even_while_one_is_being_edited() {
    let dir = tmp();
    let demo = prefecture(dir.path());
    // みなと川市 has its file open for editing right now
    let _editing = Store::open_for_edit(&demo).expect("the owner edits it");
    let before = every_file(dir.path());
    let files = dxplan::rollup::workbook_files(&[dir.path().to_path_buf()]).expect("listed");
    assert_eq!(
        files.len(),
        6,
        "only .dxplan files are taken from a folder: {files:?}"
    );
    let national = dxplan::data::templates::national_system_names().expect("template");
    let r = dxplan::rollup::read_rollup(&files, &national, today(), 2);
    assert_eq!(
        every_file(dir.path()),
        before,
        "no file, lock or backup changed, none added"
    );
    let names: Vec<&str> = r.entries.iter().map(|e| e.municipality.as_str()).collect();
    assert_eq!(
        names,
        ["北町", "旧版市", "みなと川市"],
        "in 団体コード order"
    );
    let refused: Vec<(&str, &str)> = r
        .refused
        .iter()
        .map(|x| (x.file.rsplit('/').next().unwrap_or(""), x.reason.as_str()))
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    let reason = |name: &str| {
        refused
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{name} listed: {refused:?}"))
    };
    assert!(
        reason("壊れた市.dxplan").contains("壊れている"),
        "{}",
        reason("壊れた市.dxplan")
    );
    assert!(reason("別の形式.dxplan").contains("ではありません"));
    assert!(reason("新しい版.dxplan").contains("新しい版のdxplan"));
    assert_eq!(
        r.entries[1].template_steps, 17,
        "the version-1 file is upgraded in memory and read"
    );
}

#[test]
fn the_heat_map_and_every_figure_equal_each_workbooks_own_summary() {
    let dir = tmp();
    let demo = prefecture(dir.path());
    let r = dxplan::rollup::read_rollup(
        std::slice::from_ref(&demo),
        &dxplan::data::templates::national_system_names().expect("template"),
        today(),
        1,
    );
    let wb = Store::open(&demo)
        .and_then(|s| s.load())
        .expect("demo loads");
    let s = summarize(&wb, today());
    let e = &r.entries[0];
    assert_eq!(e.completion_percent, s.migration.completion_percent);
    for f in &s.migration.systems {
        assert_eq!(
            e.completion_by_system.get(&f.name),
            Some(&f.completion_percent),
            "heat-map cell of {}",
            f.name
        );
    }
    assert_eq!(
        r.systems.len(),
        s.migration.systems.len(),
        "one column per 業務"
    );
    assert_eq!(
        r.systems[0], "住民基本台帳",
        "columns in the national order"
    );
    assert_eq!(
        (e.online_required_done, e.online_required),
        (s.online.required_done, s.online.required)
    );
    assert_eq!(e.late, s.late.len());
}

#[test]
fn the_cli_lists_every_municipality_and_every_refused_file_and_answers_json() {
    let dir = tmp();
    prefecture(dir.path());
    let r = dxplan(&["rollup", path_str(dir.path()), "--today", "2025-11-20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for want in [
        "集計 3団体（読めなかったファイル 3件）",
        "992054 みなと川市",
        "特定移行支援システム",
        "壊れた市.dxplan",
    ] {
        assert!(r.stdout.contains(want), "{want} in:\n{}", r.stdout);
    }
    let r = dxplan(&[
        "rollup",
        path_str(dir.path()),
        "--today",
        "2025-11-20",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["entries"].as_array().map(Vec::len), Some(3));
    let r = dxplan(&["rollup", path_str(&dir.path().join("ない"))]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("見つかりません"), "{}", r.stderr);
}

#[test]
fn the_excel_roll_up_has_a_summary_a_sheet_per_municipality_and_the_refused_files() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tmp();
    prefecture(dir.path());
    let out = dir.path().join("集計.xlsx");
    let r = dxplan(&[
        "rollup",
        path_str(dir.path()),
        "--today",
        "2025-11-20",
        "-o",
        path_str(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut x: Xlsx<_> = calamine::open_workbook(&out).expect("an xlsx calamine reads");
    assert_eq!(
        x.sheet_names(),
        [
            "集計",
            "011002 北町",
            "131016 旧版市",
            "992054 みなと川市",
            "読めなかったファイル"
        ]
    );
    let summary = x.worksheet_range("集計").expect("summary");
    let row: Vec<&Data> = summary
        .rows()
        .nth(5)
        .expect("third municipality")
        .iter()
        .collect();
    assert_eq!(row[1], &Data::String("みなと川市".into()));
    let wb = Store::open(&dir.path().join("demo.dxplan"))
        .and_then(|s| s.load())
        .expect("demo");
    let s = summarize(&wb, today());
    assert_eq!(
        row[3],
        &Data::Float(s.migration.completion_percent),
        "全体完了率 as in the summary"
    );
    let health = wb
        .systems
        .iter()
        .find(|x| x.specified)
        .expect("the demo has a 特定移行支援システム");
    let sheet = x
        .worksheet_range("992054 みなと川市")
        .expect("the demo's sheet");
    let line = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String(health.name.clone())))
        .expect("the specified system's row");
    assert_eq!(
        line.get(4),
        Some(&Data::String(
            health
                .specified_cause
                .map_or("未分類", |c| c.label())
                .into()
        )),
        "事由の区分 beside the 事由 and the 移行期限"
    );
    let refused = x
        .worksheet_range("読めなかったファイル")
        .expect("refused sheet");
    assert_eq!(
        refused.rows().count(),
        6,
        "title, blank, header and three files"
    );
    let r = dxplan(&[
        "rollup",
        path_str(dir.path()),
        "-o",
        path_str(&dir.path().join("集計.csv")),
    ]);
    assert_eq!(r.code, 2, "only .xlsx and .pdf are written: {}", r.stderr);
    assert!(
        r.stderr.contains(".xlsx") && r.stderr.contains(".pdf"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_pdf_roll_up_reads_back_with_every_municipality_and_refused_file() {
    let dir = tmp();
    prefecture(dir.path());
    let out = dir.path().join("集計.pdf");
    let r = dxplan(&[
        "rollup",
        path_str(dir.path()),
        "--today",
        "2025-11-20",
        "-o",
        path_str(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::process::Command::new("pdftotext")
        .args([path_str(&out), "-"])
        .output()
        .expect("pdftotext installed");
    let text = String::from_utf8_lossy(&text.stdout).replace([' ', '\u{3000}', '\n'], "");
    for want in [
        "市区町村DX進捗集計",
        "みなと川市（992054）",
        "北町（011002）",
        "特定移行支援システム",
        "事由の区分ごとの件数",
        "メインフレーム",
        "標準準拠システム未提供",
        "壊れた市.dxplan",
    ] {
        assert!(text.contains(want), "{want} in the PDF text");
    }
}
