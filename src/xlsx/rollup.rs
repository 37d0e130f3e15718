//! The roll-up as an Excel workbook, because the prefecture forwards it and works on in Excel: a summary sheet
//! (A3 landscape) with the 団体 × 業務 heat-map as cell fills, one sheet of details per 団体, and the files that
//! could not be read. Pure: builds a [`Book`]; `write` makes the file.

use std::collections::HashSet;
use std::path::Path;

use super::book::{Book, Sheet, SheetBuilder, Style};
use super::write::write_book;
use crate::calendar::wareki;
use crate::error::Result;
use crate::query::rollup::{Entry, Rollup};

/// The summary sheet's name.
pub const SUMMARY_SHEET: &str = "集計";
/// The sheet listing unreadable files.
pub const REFUSED_SHEET: &str = "読めなかったファイル";

/// Fill of a heat-map cell by 完了率 (the scale the PDF uses too).
pub fn heat_fill(percent: f64) -> u32 {
    crate::query::rollup::heat(percent)
}

fn mark(b: bool) -> &'static str {
    if b { "○" } else { "×" }
}

/// A sheet name Excel accepts: no []:*?/\ , at most 31 characters, unique in the book.
fn sheet_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String = clean.chars().take(28).collect();
    let mut name = clean.chars().take(31).collect::<String>();
    let mut n = 2;
    while name.is_empty() || taken.contains(&name) {
        name = format!("{base}({n})");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The whole book: summary, one sheet per 団体, refused files.
pub fn rollup_book(r: &Rollup) -> Book {
    let mut taken: HashSet<String> = [SUMMARY_SHEET, REFUSED_SHEET]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut sheets = vec![summary_sheet(r)];
    for e in &r.entries {
        let name = sheet_name(
            format!("{} {}", e.code.as_deref().unwrap_or(""), e.municipality).trim(),
            &mut taken,
        );
        sheets.push(detail_sheet(&name, e, r));
    }
    sheets.push(refused_sheet(r));
    Book {
        title: "市区町村DX進捗 集計".into(),
        municipality: format!("{}団体", r.entries.len()),
        created: r.today,
        sheets,
    }
}

/// Writes the roll-up's .xlsx, whole or not at all.
pub fn export_rollup_xlsx(r: &Rollup, out: &Path) -> Result<()> {
    write_book(&rollup_book(r), out)
}

const FIXED: [&str; 4] = ["団体コード", "団体名", "手順書", "全体\n完了率"];
const AFTER: [&str; 10] = [
    "前月比\n（ポイント）",
    "オンライン化\n完了/対象",
    "CIO任命",
    "CIO補佐官等",
    "全体方針",
    "推進本部",
    "外部人材",
    "特定移行支援",
    "遅延",
    "最終更新",
];

fn summary_sheet(r: &Rollup) -> Sheet {
    let mut b = SheetBuilder::new(SUMMARY_SHEET);
    b.measure_from(3);
    b.text(
        0,
        0,
        &format!(
            "市区町村DX進捗 集計（{}団体、基準日 {}）",
            r.entries.len(),
            wareki(r.today)
        ),
        Style::title(),
    );
    b.sheet.row_heights.push((0, 22.0));
    let templates: Vec<String> = r
        .templates
        .iter()
        .map(|(t, n)| format!("{t}: {n}団体"))
        .collect();
    b.text(
        1,
        0,
        &format!(
            "完了率は各団体の手順書の作業項目に対する割合（{}）",
            templates.join("、")
        ),
        Style::default(),
    );
    b.measure_from(3);
    let head = 2u32;
    let mut col = 0u16;
    for h in FIXED {
        b.text(head, col, h, Style::header());
        col += 1;
    }
    let first_system = col;
    for s in &r.systems {
        b.text_unmeasured(head, col, s, Style::header());
        b.fixed_width(col, 7.5);
        col += 1;
    }
    for h in AFTER {
        b.text_unmeasured(head, col, h, Style::header());
        b.fixed_width(col, 8.0);
        col += 1;
    }
    b.sheet.row_heights.push((head, 62.0));
    for (i, e) in r.entries.iter().enumerate() {
        let row = head + 1 + i as u32;
        b.text(
            row,
            0,
            e.code.as_deref().unwrap_or("（なし）"),
            Style::cell(),
        );
        b.text(row, 1, &e.municipality, Style::cell());
        b.text(
            row,
            2,
            &format!("{}工程", e.template_steps),
            Style::cell().centered(),
        );
        b.number(
            row,
            3,
            e.completion_percent,
            Style::cell()
                .right()
                .with_fill(heat_fill(e.completion_percent)),
        );
        for (k, s) in r.systems.iter().enumerate() {
            let c = first_system + k as u16;
            match e.completion_by_system.get(s) {
                Some(p) => b.number(row, c, *p, Style::cell().right().with_fill(heat_fill(*p))),
                None => b.text(row, c, "－", Style::cell().centered()),
            }
        }
        let g = &e.governance;
        let c = first_system + r.systems.len() as u16;
        let cells = [
            crate::query::rollup::change_text(e.change_since_last_month),
            format!("{}/{}", e.online_required_done, e.online_required),
            mark(g.cio).into(),
            mark(g.cio_adviser).into(),
            mark(g.policy).into(),
            mark(g.body).into(),
            mark(g.external).into(),
            if e.specified.is_empty() {
                "－".into()
            } else {
                format!("{}件", e.specified.len())
            },
            format!("{}件", e.late),
            stale_text(e.stale_days),
        ];
        for (k, t) in cells.iter().enumerate() {
            let mut style = Style::cell().centered();
            if k == cells.len() - 1 && e.stale_days.is_some_and(|d| d > 60) {
                style = style.with_fill(0xFCE4D6);
            }
            b.text_unmeasured(row, c + k as u16, t, style);
        }
    }
    b.sheet.freeze = Some((head + 1, 2));
    b.sheet.repeat_rows = Some((head, head));
    b.sheet.repeat_cols = Some((0, 1));
    b.sheet.autofilter =
        (!r.entries.is_empty()).then(|| (head, 0, head + r.entries.len() as u32, col - 1));
    b.finish(6.0, 40.0)
}

fn stale_text(days: Option<i64>) -> String {
    match days {
        Some(d) if d < 0 => "基準日より後".into(),
        Some(d) => format!("{d}日前"),
        None => "不明".into(),
    }
}

fn detail_sheet(name: &str, e: &Entry, r: &Rollup) -> Sheet {
    let mut b = SheetBuilder::new(name);
    b.text(
        0,
        0,
        &format!("{}　DX進捗（基準日 {}）", e.municipality, wareki(r.today)),
        Style::title(),
    );
    b.sheet.row_heights.push((0, 22.0));
    b.measure_from(2);
    let g = &e.governance;
    let facts: [(&str, String); 9] = [
        (
            "団体コード",
            e.code.clone().unwrap_or_else(|| "（なし）".into()),
        ),
        ("ファイル", e.file.clone()),
        (
            "手順書",
            format!("{}（{}工程）", e.template, e.template_steps),
        ),
        ("標準化 全体完了率", format!("{:.1}%", e.completion_percent)),
        (
            "オンライン化 完了/対象",
            format!("{}/{}", e.online_required_done, e.online_required),
        ),
        (
            "推進体制",
            format!(
                "CIO任命 {}　CIO補佐官等 {}　全体方針 {}　推進本部 {}　外部人材 {}",
                mark(g.cio),
                mark(g.cio_adviser),
                mark(g.policy),
                mark(g.body),
                mark(g.external)
            ),
        ),
        ("遅延", format!("{}件", e.late)),
        ("最終更新", stale_text(e.stale_days)),
        ("特定移行支援", format!("{}件", e.specified.len())),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        let row = 2 + i as u32;
        b.text(row, 0, k, Style::header());
        b.merge(row, 1, row, 3, v, Style::cell());
    }
    let mut row = 3 + facts.len() as u32;
    for (c, h) in [
        "業務",
        "完了率",
        "特定移行支援の事由",
        "移行期限",
        "事由の区分",
    ]
    .iter()
    .enumerate()
    {
        b.text(row, c as u16, h, Style::header());
    }
    for s in &r.systems {
        let Some(p) = e.completion_by_system.get(s) else {
            continue;
        };
        row += 1;
        b.text(row, 0, s, Style::cell());
        b.number(row, 1, *p, Style::cell().right().with_fill(heat_fill(*p)));
        if let Some(x) = e.specified.iter().find(|x| &x.system == s) {
            b.text_unmeasured(
                row,
                2,
                &x.reason,
                Style {
                    wrap: true,
                    ..Style::cell()
                },
            );
            // about 30 full-width characters a line in the 60-wide column
            let lines = x.reason.chars().count().div_ceil(30).max(1);
            b.sheet.row_heights.push((row, 14.0 * lines as f64));
            b.date(
                row,
                3,
                x.deadline,
                Style::cell().with_num(super::book::NumFmt::Wareki),
            );
            b.text(row, 4, &x.cause_label, Style::cell());
        } else {
            b.blank(row, 2, Style::cell());
            b.blank(row, 3, Style::cell());
            b.blank(row, 4, Style::cell());
        }
    }
    b.fixed_width(1, 10.0);
    b.fixed_width(2, 60.0);
    b.fixed_width(3, 18.0);
    b.fixed_width(4, 24.0);
    b.finish(8.0, 70.0)
}

fn refused_sheet(r: &Rollup) -> Sheet {
    let mut b = SheetBuilder::new(REFUSED_SHEET);
    b.text(
        0,
        0,
        &format!("読めなかったファイル（{}件）", r.refused.len()),
        Style::title(),
    );
    b.measure_from(2);
    b.text(2, 0, "ファイル", Style::header());
    b.text(2, 1, "理由", Style::header());
    for (i, x) in r.refused.iter().enumerate() {
        b.text(3 + i as u32, 0, &x.file, Style::cell());
        b.text(3 + i as u32, 1, &x.reason, Style::cell());
    }
    b.finish(10.0, 90.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_acceptable_to_excel_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(
            sheet_name("131016 東京都[千代田]区?", &mut taken),
            "131016 東京都_千代田_区_"
        );
        let long = "あ".repeat(40);
        let a = sheet_name(&long, &mut taken);
        let b = sheet_name(&long, &mut taken);
        assert_eq!(a.chars().count(), 31);
        assert_ne!(a, b, "a second sheet of the same name gets a number");
        assert!(b.chars().count() <= 31, "{b}");
    }

    #[test]
    fn the_heat_scale_runs_from_red_to_green() {
        assert_eq!(heat_fill(0.0), 0xF8CBAD);
        assert_eq!(heat_fill(49.9), 0xFFEB84);
        assert_eq!(heat_fill(100.0), 0x63BE7B);
    }
}
