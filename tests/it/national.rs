//! `dxplan export national`: the national report read back by programs we did not write — the .xlsx by calamine,
//! the .csv by the csv crate — with the counts per status, the 完了率 over the template's step count, the
//! 特定移行支援 category, words and deadline, and a hostile 事由 kept as text in both.

use calamine::{Data, Reader, Xlsx};
use dxplan::model::SpecifiedCause;
use dxplan::store::Store;

use crate::support::{dxplan, path_str, tmp};

/// The demo with 介護保険 made 特定移行支援 for a cause written as a formula.
fn workbook(dir: &std::path::Path) -> std::path::PathBuf {
    let mut wb = dxplan::data::demo::demo_workbook().expect("the demo");
    let s = wb
        .systems
        .iter_mut()
        .find(|s| s.name == "介護保険")
        .expect("介護保険");
    s.specified = true;
    s.specified_cause = Some(SpecifiedCause::Mainframe);
    s.specified_reason = "=HYPERLINK(\"http://example.invalid\",\"x\"), 汎用機".into();
    s.specified_deadline = "2031-03-31".parse().ok();
    let path = dir.join("demo.dxplan");
    drop(Store::create(&path, &wb, false).expect("written"));
    path
}

#[test]
fn the_excel_report_has_one_line_per_business_and_a_total_that_calamine_reads() {
    let dir = tmp();
    let f = workbook(dir.path());
    let out = dir.path().join("国報告.xlsx");
    let r = dxplan(&[
        "export",
        "national",
        path_str(&f),
        "-o",
        path_str(&out),
        "--today",
        "2025-11-20",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("20業務"), "{}", r.stdout);
    let mut x: Xlsx<_> = calamine::open_workbook(&out).expect("calamine opens it");
    assert_eq!(x.sheet_names(), ["進捗状況報告"]);
    let sheet = x.worksheet_range("進捗状況報告").expect("the sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let head = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("団体コード".into())))
        .expect("a heading row");
    let text = |r: &[Data], c: usize| match &r[c] {
        Data::String(s) => s.clone(),
        other => panic!("text in column {c}, not {other:?}"),
    };
    let num = |r: &[Data], c: usize| match r[c] {
        Data::Float(v) => v,
        ref other => panic!("a number in column {c}, not {other:?}"),
    };
    let lines: Vec<&Vec<Data>> = rows[head + 1..head + 21].iter().collect();
    assert_eq!(text(lines[0], 2), "住民基本台帳", "national order");
    for l in &lines {
        let counts: f64 = (5..=8).map(|c| num(l, c)).sum();
        assert_eq!(
            counts,
            17.0,
            "{}: four statuses add up to the 17 steps",
            text(l, 2)
        );
        let completion = (num(l, 5) + num(l, 8)) / 17.0;
        assert!(
            (num(l, 10) - completion).abs() < 1e-9,
            "{}: 完了率",
            text(l, 2)
        );
    }
    let kaigo = lines
        .iter()
        .find(|l| text(l, 2) == "介護保険")
        .expect("介護保険");
    assert_eq!(text(kaigo, 11), "○");
    assert_eq!(text(kaigo, 12), "メインフレーム");
    assert!(
        text(kaigo, 13).starts_with("=HYPERLINK"),
        "the 事由 stays text, never a formula"
    );
    let total = &rows[head + 21];
    assert_eq!(text(total, 2), "合計");
    assert_eq!(num(total, 9), 340.0, "20 業務 × 17");
}

#[test]
fn the_csv_report_is_excel_ready_and_reads_back_field_by_field() {
    let dir = tmp();
    let f = workbook(dir.path());
    let out = dir.path().join("国報告.csv");
    let r = dxplan(&[
        "export",
        "national",
        path_str(&f),
        "-o",
        path_str(&out),
        "--today",
        "2025-11-20",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&out).expect("written");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM, so Excel reads UTF-8"
    );
    let text = String::from_utf8(bytes).expect("utf-8");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "CRLF line ends"
    );
    assert_eq!(text.matches("\r\n").count(), 21, "the header and 20 lines");
    let mut rdr =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().expect("headers").clone();
    assert_eq!(&headers[0], "団体コード");
    assert_eq!(&headers[14], "移行期限");
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("a record")).collect();
    assert_eq!(records.len(), 20, "one line per 業務, no total");
    let kaigo = records
        .iter()
        .find(|r| &r[2] == "介護保険")
        .expect("介護保険");
    assert_eq!(&kaigo[0], "992054");
    assert_eq!(&kaigo[12], "メインフレーム");
    assert!(
        kaigo[13].starts_with("'=HYPERLINK"),
        "a formula-looking 事由 gets an apostrophe: {}",
        &kaigo[13]
    );
    assert_eq!(&kaigo[14], "2031/03/31", "its own deadline, 令和12年度末");
    let kenko = records
        .iter()
        .find(|r| &r[2] == "健康管理")
        .expect("健康管理");
    assert_eq!(&kenko[12], "標準準拠システム未提供");
    assert!(kenko[10].ends_with('%'), "a percentage: {}", &kenko[10]);
}

#[test]
fn an_unknown_extension_is_refused_and_nothing_is_written() {
    let dir = tmp();
    let f = workbook(dir.path());
    let out = dir.path().join("国報告.pdf");
    let r = dxplan(&["export", "national", path_str(&f), "-o", path_str(&out)]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains(".xlsx か .csv"), "{}", r.stderr);
    assert!(!out.exists(), "no file");
}
