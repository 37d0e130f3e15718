//! Pasting rows from Excel: the clipboard's cells, a header or none, every date form clerks use, per-cell errors,
//! hostile text kept as text, and one batch to add the rows.

use super::*;
use crate::model::edit::apply;
use crate::model::roadmap::InitiativeGroup;
use crate::model::{Initiative, OrgUnit, UnitKind, WorkbookMeta};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn wb() -> Workbook {
    let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
    w.initiatives.push(Initiative {
        id: 1,
        group: InitiativeGroup::Targeted,
        code: "①".into(),
        name: "標準化".into(),
        priority: true,
        reference: false,
        target_label: String::new(),
        target_date: None,
        owner_unit: None,
        sort: 1,
    });
    w.units.push(OrgUnit {
        id: 5,
        name: "DX推進課".into(),
        kind: UnitKind::Section,
        parent_id: None,
        linked_units: vec![],
        sort: 1,
        step_capacity: None,
    });
    w
}

#[test]
fn excel_cells_split_on_tabs_and_crlf_with_quoted_newlines_tabs_and_quotes() {
    let text = "a\tb\r\n\"two\r\nlines\"\t\"x\ty\"\t\"say \"\"hi\"\"\"\r\n\r\n";
    let rows = split_cells(text);
    assert_eq!(
        rows,
        vec![
            (1, vec!["a".to_string(), "b".to_string()]),
            (
                2,
                vec![
                    "two\r\nlines".to_string(),
                    "x\ty".into(),
                    "say \"hi\"".into()
                ]
            ),
        ],
        "Excel's trailing CRLF adds no row; a quoted cell keeps its newline, tab and quotes"
    );
}

#[test]
fn two_rows_without_a_header_in_every_date_form_are_planned() {
    let text = "現行調査\t2026/4/1\t2026-09-30\tDX推進課\t作業中\r\n移行計画\tR8.4.1\t令和8年９月３０日\t\t\r\n";
    let p = plan_paste(&wb(), text).expect("a plan");
    assert!(!p.header);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(
        (
            p.rows[0].start,
            p.rows[0].end,
            p.rows[0].owner_unit,
            p.rows[0].status
        ),
        (
            Some(d("2026-04-01")),
            Some(d("2026-09-30")),
            Some(5),
            Status::InProgress
        )
    );
    assert_eq!(
        (
            p.rows[1].start,
            p.rows[1].end,
            p.rows[1].owner_unit,
            p.rows[1].status
        ),
        (
            Some(d("2026-04-01")),
            Some(d("2026-09-30")),
            None,
            Status::NotStarted
        ),
        "和暦 and full-width digits read the same; an empty status is 未着手"
    );
}

#[test]
fn a_header_row_is_skipped_and_may_order_the_columns() {
    let text = "開始日\t取組内容\t終了日\n２０２６／４／１\t調査\t2026/6/30\n";
    let p = plan_paste(&wb(), text).expect("a plan");
    assert!(p.header, "the first line names the columns");
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].line, 2, "lines count in the pasted text");
    assert_eq!(
        (p.rows[0].name.as_str(), p.rows[0].start, p.rows[0].end),
        ("調査", Some(d("2026-04-01")), Some(d("2026-06-30")))
    );
}

#[test]
fn every_bad_cell_is_listed_with_its_line_column_and_reason() {
    let text = "\t2026/4/1\t2026/3/1\n調査\t2026/2/30\t2026/5/1\t総務課\t進んでる\n検討\t\t\t\t\n";
    let p = plan_paste(&wb(), text).expect("a plan with errors");
    let got: Vec<(usize, &str)> = p
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "取組内容"),
            (1, "終了"),
            (2, "開始"),
            (2, "担当課"),
            (2, "状態"),
        ],
        "{:?}",
        p.errors
    );
    assert!(
        p.errors[1].reason.contains("より前"),
        "{}",
        p.errors[1].reason
    );
    assert!(
        p.errors[2].reason.contains("存在しない日付"),
        "{}",
        p.errors[2].reason
    );
    assert!(
        p.errors[3].reason.contains("総務課"),
        "{}",
        p.errors[3].reason
    );
    let e = paste_edit(&wb(), &p, 1).unwrap_err();
    assert!(e.message.starts_with("1行目「取組内容」"), "{}", e.message);
}

#[test]
fn a_name_pasted_twice_is_an_error_on_its_second_line() {
    let p = plan_paste(
        &wb(),
        "調査\t2026/4/1\t2026/5/1\n調査\t2026/4/1\t2026/5/1\n",
    )
    .unwrap();
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].line, 2);
}

#[test]
fn nothing_to_paste_and_too_much_are_refused_as_a_whole() {
    assert!(plan_paste(&wb(), "\r\n\t\t\r\n").is_err());
    assert!(
        plan_paste(&wb(), "取組内容\t開始\t終了\r\n").is_err(),
        "a header alone adds nothing"
    );
    let many = "調査\t\t\n".repeat(MAX_ROWS + 1);
    let e = plan_paste(&wb(), &many).unwrap_err();
    assert!(e.message.contains("2000行まで"), "{}", e.message);
    let huge = "あ".repeat(MAX_BYTES);
    assert!(plan_paste(&wb(), &huge).is_err());
}

#[test]
fn hostile_text_stays_text_and_the_rows_are_added_as_one_undoable_batch() {
    let text =
        "<script>alert(1)</script>\t2026/4/1\t2026/5/1\n=HYPERLINK(\"http://x\",\"y\")\t\t\n";
    let mut w = wb();
    let before = w.clone();
    let p = plan_paste(&w, text).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let edit = paste_edit(&w, &p, 1).unwrap();
    let a = apply(&mut w, edit).expect("the batch applies");
    let names: Vec<&str> = w.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "<script>alert(1)</script>",
            "=HYPERLINK(\"http://x\",\"y\")"
        ],
        "stored exactly as pasted"
    );
    assert_eq!(w.tasks[1].plan, None, "a row without dates has no plan");
    apply(&mut w, a.inverse).unwrap();
    assert_eq!(w, before, "one inverse removes both rows");
}

#[test]
fn header_names_are_recognised_in_any_width() {
    assert!(is_header("取組内容"));
    assert!(is_header(" 開始日 "));
    assert!(!is_header("2026/4/1"));
}
