//! The national report as a file the office uploads or pastes into the national survey: an .xlsx sheet (A4
//! landscape, one line per 業務 and a total) or a .csv (UTF-8 with BOM and CRLF, which Excel opens as Japanese
//! text). The figures are `query::national`'s; no text from the workbook can become a formula in either.

use std::path::Path;

use super::book::{Book, NumFmt, SheetBuilder, Style, looks_like_formula};
use super::write::{write_atomically, write_book};
use crate::calendar::wareki;
use crate::error::{Error, Result};
use crate::query::national::{NationalLine, NationalReport};

/// The columns, in the order of both files.
pub const NATIONAL_HEADERS: [&str; 14] = [
    "団体コード",
    "団体名",
    "業務",
    "グループ",
    "所管課",
    "完了済み",
    "作業中",
    "未着手",
    "対象外",
    "作業項目数（手順書）",
    "完了率",
    "特定移行支援",
    "事由の区分",
    "事由",
];

const DEADLINE: &str = "移行期限";

fn cause_label(l: &NationalLine) -> &'static str {
    l.cause.map(|c| c.label()).unwrap_or("")
}

/// The report as one sheet 「進捗状況報告」.
pub fn national_book(r: &NationalReport) -> Book {
    let mut b = SheetBuilder::new("進捗状況報告");
    b.text(
        0,
        0,
        &format!(
            "{}　標準化・共通化の進捗状況（国の進捗調査用）",
            r.municipality
        ),
        Style::title(),
    );
    b.text(
        1,
        0,
        &format!(
            "{}現在・{}（作業項目{}）・完了率 =（完了済み＋対象外）÷ 作業項目数",
            wareki(r.as_of),
            r.template,
            r.template_steps
        ),
        Style::default(),
    );
    let head = 3u32;
    let mut cols: Vec<&str> = NATIONAL_HEADERS.to_vec();
    cols.push(DEADLINE);
    for (i, h) in cols.iter().enumerate() {
        b.text(head, i as u16, h, Style::header());
    }
    b.measure_from(head + 1);
    let num = Style::cell().right();
    let pct = Style::cell().with_num(NumFmt::Percent1).right();
    let date = Style::cell().with_num(NumFmt::Wareki).centered();
    let code = r.code.clone().unwrap_or_default();
    let mut row = head + 1;
    for l in &r.lines {
        b.text(row, 0, &code, Style::cell().centered());
        b.text(row, 1, &r.municipality, Style::cell());
        b.text(row, 2, &l.system, Style::cell());
        b.text(row, 3, &l.group, Style::cell());
        b.text(row, 4, &l.owner, Style::cell());
        for (c, n) in [l.done, l.in_progress, l.not_started, l.not_applicable]
            .into_iter()
            .enumerate()
        {
            b.number(row, 5 + c as u16, n as f64, num);
        }
        b.number(row, 9, r.template_steps as f64, num);
        b.number(row, 10, l.completion, pct);
        b.text(
            row,
            11,
            if l.specified { "○" } else { "" },
            Style::cell().centered(),
        );
        b.text(row, 12, cause_label(l), Style::cell());
        b.text(
            row,
            13,
            &l.reason,
            Style {
                wrap: true,
                ..Style::cell()
            },
        );
        b.date(row, 14, l.deadline, date);
        row += 1;
    }
    let total = Style::cell().bold();
    b.text(row, 2, "合計", total);
    let sum = |f: fn(&NationalLine) -> usize| r.lines.iter().map(f).sum::<usize>() as f64;
    for (c, n) in [
        sum(|l| l.done),
        sum(|l| l.in_progress),
        sum(|l| l.not_started),
        sum(|l| l.not_applicable),
    ]
    .into_iter()
    .enumerate()
    {
        b.number(row, 5 + c as u16, n, Style { bold: true, ..num });
    }
    b.number(
        row,
        9,
        (r.template_steps * r.lines.len()) as f64,
        Style { bold: true, ..num },
    );
    b.number(row, 10, r.completion, Style { bold: true, ..pct });
    b.fixed_width(13, 40.0);
    b.sheet.row_heights.push((head, 30.0));
    b.sheet.freeze = Some((head + 1, 3));
    b.sheet.repeat_rows = Some((head, head));
    b.sheet.autofilter = Some((head, 0, row - 1, cols.len() as u16 - 1));
    Book {
        title: format!("{} 標準化・共通化の進捗状況", r.municipality),
        municipality: r.municipality.clone(),
        created: r.as_of,
        sheets: vec![b.finish(6.0, 40.0)],
    }
}

/// A CSV field: quoted when it holds a comma, quote or line break; text that a spreadsheet would read as a
/// formula gets a leading apostrophe (shown by Excel as plain text).
fn field(s: &str) -> String {
    let s = if looks_like_formula(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The report as CSV text: a BOM, the header line, one line per 業務 (no total line: the survey sums itself),
/// CRLF line ends; the 完了率 as a percentage with one decimal, the 移行期限 as YYYY/MM/DD.
pub fn national_csv(r: &NationalReport) -> String {
    let mut out = String::from("\u{feff}");
    let mut head: Vec<&str> = NATIONAL_HEADERS.to_vec();
    head.push(DEADLINE);
    out.push_str(&head.iter().map(|h| field(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    let code = r.code.clone().unwrap_or_default();
    for l in &r.lines {
        let cells = [
            code.clone(),
            r.municipality.clone(),
            l.system.clone(),
            l.group.clone(),
            l.owner.clone(),
            l.done.to_string(),
            l.in_progress.to_string(),
            l.not_started.to_string(),
            l.not_applicable.to_string(),
            r.template_steps.to_string(),
            format!("{:.1}%", l.completion * 100.0),
            if l.specified { "○" } else { "" }.to_string(),
            cause_label(l).to_string(),
            l.reason.clone(),
            l.deadline.format("%Y/%m/%d").to_string(),
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Writes the report to `out`: .xlsx or .csv by its extension, whole or not at all.
pub fn export_national(r: &NationalReport, out: &Path) -> Result<()> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" => write_book(&national_book(r), out),
        "csv" => write_atomically(out, national_csv(r).as_bytes()),
        _ => Err(Error::field(
            "out",
            "出力ファイルの拡張子は .xlsx か .csv にしてください。",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_field_is_quoted_when_needed_and_never_a_formula() {
        assert_eq!(field("住民基本台帳"), "住民基本台帳");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(
            field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
    }
}
