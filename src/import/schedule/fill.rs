//! The 工程表 most offices draw rather than type: bars are painted cells (or marks such as ■ ━ ◆) under month
//! columns 「4月」…「3月」 with 年度 header rows above them (「令和7年度」「2025年度」, often merged over the twelve
//! months), a 計画/実績 row pair per item, merged cells for the 区分. A bar's first and last marked month give its
//! dates; the rows are then read as a plain 工程表 (`plain`), so matching, checks and the preview are the same.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use super::{month_only, plain};
use crate::calendar::parse_fiscal_year;
use crate::import::cells::{In, SheetIn};
use crate::import::columns::Columns;
use crate::import::fills::Painted;
use crate::import::plan::ImportPlan;
use crate::import::progress::Progress;
use crate::import::text::ascii_fold;
use crate::model::Workbook;

/// Marks that make a single-month entry a milestone.
const MILESTONE_MARKS: &[&str] = &["◆", "◇", "★", "☆", "▲", "△", "●"];
const PLAN_KINDS: &[&str] = &["計画", "予定"];
const ACTUAL_KINDS: &[&str] = &["実績"];

/// The month columns of a drawn 工程表: the header row (index in the sheet's rows) and each month's columns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Timeline {
    pub header: usize,
    /// (first column, last column, the month's first day), left to right
    pub months: Vec<(usize, usize, NaiveDate)>,
}

impl Timeline {
    fn first_column(&self) -> usize {
        self.months.first().map_or(0, |m| m.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    /// 「4月」: the year comes from a 年度 header
    Month(u32),
    /// 「2025年4月」「R7.4」 or a date cell
    Dated(NaiveDate),
}

impl Label {
    fn follows(self, prev: Label) -> bool {
        match (prev, self) {
            (Label::Month(a), Label::Month(b)) => b == a % 12 + 1,
            (Label::Dated(a), Label::Dated(b)) => a.checked_add_months(Months::new(1)) == Some(b),
            _ => false,
        }
    }
    fn text(self) -> String {
        match self {
            Label::Month(m) => format!("{m}月"),
            Label::Dated(d) => format!("{}年{}月", d.year(), d.month()),
        }
    }
}

fn month_label(c: &In) -> Option<Label> {
    match c {
        In::Date(d) => d.with_day(1).map(Label::Dated),
        In::Num(n) if n.fract() == 0.0 && (1.0..=12.0).contains(n) => Some(Label::Month(*n as u32)),
        In::Text(s) => {
            let t = ascii_fold(s.trim());
            let bare = t
                .strip_suffix('月')
                .and_then(|m| m.trim().parse::<u32>().ok())
                .filter(|m| (1..=12).contains(m));
            match bare {
                Some(m) => Some(Label::Month(m)),
                None => month_only(&t, false).map(Label::Dated),
            }
        }
        _ => None,
    }
}

/// A 年度 header as offices write it: 「令和7年度」「R7年度」「2025年度」「令和7年度（2025年度）」「R7」.
fn fiscal_year_label(c: &In) -> Option<i32> {
    let In::Text(s) = c else { return None };
    let t = ascii_fold(s.trim());
    if let Some(i) = t.find("年度") {
        return parse_fiscal_year(&t[..i + "年度".len()]).map(|fy| fy.0);
    }
    let short = t.len() <= 4 && t.starts_with(['R', 'H', 'r', 'h']);
    if short {
        parse_fiscal_year(&t).map(|fy| fy.0)
    } else {
        None
    }
}

/// Finds the row of month headers (the longest run of consecutive months in the first 30 rows, at least three;
/// empty cells between two months widen the first) and dates every month column. `Err(None)`: no such row;
/// `Err(Some(reason))`: month headers without a year to place them in.
pub(super) fn find_timeline(s: &SheetIn) -> Result<Timeline, Option<String>> {
    let mut best: Option<(usize, Vec<(usize, Label)>)> = None;
    for (i, (_, cells)) in s.rows.iter().enumerate().take(30) {
        let mut run: Vec<(usize, Label)> = vec![];
        let mut consider = |run: &mut Vec<(usize, Label)>| {
            if run.len() >= 3 && best.as_ref().is_none_or(|(_, b)| run.len() > b.len()) {
                best = Some((i, std::mem::take(run)));
            }
            run.clear();
        };
        for (c, cell) in cells.iter().enumerate() {
            match month_label(cell) {
                Some(l) if run.last().is_none_or(|(_, prev)| l.follows(*prev)) => run.push((c, l)),
                Some(l) => {
                    consider(&mut run);
                    run.push((c, l));
                }
                None if cell.is_empty() => {}
                None => consider(&mut run),
            }
        }
        consider(&mut run);
    }
    let Some((header, labels)) = best else {
        return Err(None);
    };
    // each month spans to the column before the next; the last as wide as the one before it
    let mut spans: Vec<(usize, usize, Label)> = vec![];
    for (k, (c, l)) in labels.iter().enumerate() {
        let last = match labels.get(k + 1) {
            Some((next, _)) => next - 1,
            None => c + (k.checked_sub(1).map_or(1, |p| c - labels[p].0)) - 1,
        };
        spans.push((*c, last, *l));
    }
    // a run holds one kind of label (`follows` never links a bare month to a dated one)
    let dated: Option<Vec<NaiveDate>> = spans
        .iter()
        .map(|(_, _, l)| match l {
            Label::Dated(d) => Some(*d),
            Label::Month(_) => None,
        })
        .collect();
    let dates = match dated {
        Some(dates) => dates,
        None => month_dates(s, header, &spans)?,
    };
    Ok(Timeline {
        header,
        months: spans
            .iter()
            .zip(dates)
            .map(|((a, b, _), d)| (*a, *b, d))
            .collect(),
    })
}

/// Dates bare months from the 年度 headers in the rows above (or left of the months in the header row): the run
/// splits into fiscal years at each 4月; one labelled year fixes the others, and every label must agree.
fn month_dates(
    s: &SheetIn,
    header: usize,
    spans: &[(usize, usize, Label)],
) -> Result<Vec<NaiveDate>, Option<String>> {
    let month = |l: &Label| match l {
        Label::Month(m) => *m,
        Label::Dated(d) => d.month(),
    };
    // fiscal-year block of each month
    let mut block = vec![0usize; spans.len()];
    for k in 1..spans.len() {
        block[k] = block[k - 1] + usize::from(month(&spans[k].2) == 4);
    }
    let blocks = block.last().map_or(1, |b| b + 1);
    let range = |b: usize| {
        let cols: Vec<_> = spans
            .iter()
            .zip(&block)
            .filter(|(_, x)| **x == b)
            .map(|(s, _)| s)
            .collect();
        (
            cols.first().map_or(0, |s| s.0),
            cols.last().map_or(0, |s| s.1),
        )
    };
    let candidates = (header.saturating_sub(3)..header)
        .rev()
        .chain(std::iter::once(header));
    let mut labels: Vec<(usize, i32)> = vec![];
    for r in candidates {
        let found: Vec<(usize, i32)> = s.rows[r]
            .1
            .iter()
            .enumerate()
            .filter(|(c, _)| r != header || *c < spans[0].0)
            .filter_map(|(c, cell)| fiscal_year_label(cell).map(|y| (c, y)))
            .collect();
        if !found.is_empty() {
            labels = found;
            break;
        }
    }
    let first = spans.first().map(|s| s.2.text()).unwrap_or_default();
    let last = spans.last().map(|s| s.2.text()).unwrap_or_default();
    // the fiscal year each labelled block claims: a label inside its columns, or left of the first block
    let mut claims: Vec<(usize, i32)> = vec![];
    for b in 0..blocks {
        let (from, to) = range(b);
        let label = labels
            .iter()
            .find(|(c, _)| (from..=to).contains(c) || (b == 0 && *c < from));
        if let Some((_, y)) = label {
            claims.push((b, *y));
        }
    }
    let Some(&(b0, y0)) = claims.first() else {
        return Err(Some(format!(
            "月の見出し（{first}〜{last}）の上に年度の見出し（例:「令和7年度」「2025年度」）が見つかりません。どの年の月か分からないため取り込めません。"
        )));
    };
    let year_of = |b: usize| y0 + b as i32 - b0 as i32;
    if let Some((b, y)) = claims.iter().find(|(b, y)| year_of(*b) != *y) {
        return Err(Some(format!(
            "年度の見出しが月の並びと合いません（{}年度の列に{}年度の見出しがあります）。",
            year_of(*b),
            y
        )));
    }
    spans
        .iter()
        .zip(&block)
        .map(|(s, b)| {
            let m = month(&s.2);
            let y = year_of(*b) + i32::from(m < 4);
            NaiveDate::from_ymd_opt(y, m, 1)
                .ok_or_else(|| Some(format!("{y}年{m}月は日付として扱えません。")))
        })
        .collect()
}

/// Reads a drawn 工程表 into an import plan: each item's first and last marked month (a painted cell or any mark)
/// become its planned start and end, a ◆ alone its milestone month, a following 実績 row its actual start.
pub(super) fn plan_fill(
    wb: &Workbook,
    s: &SheetIn,
    tl: &Timeline,
    painted: &Painted,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>, String> {
    let left = tl.first_column();
    let data = &s.rows[tl.header + 1..];
    // header names of the columns left of the months (the text nearest above the data, merged headers included)
    let header_texts: Vec<String> = (0..left)
        .map(|c| {
            (tl.header.saturating_sub(3)..=tl.header)
                .rev()
                .map(|r| s.rows[r].1.get(c).map(In::text).unwrap_or_default())
                .find(|t| !t.trim().is_empty())
                .unwrap_or_default()
        })
        .collect();
    let columns = Columns::new(header_texts.iter().map(String::as_str));
    let mut cols: HashMap<&'static str, usize> = HashMap::new();
    for (key, names) in plain::ALIASES {
        if let Some(c) = columns.find(names) {
            cols.entry(*key).or_insert(c);
        }
    }
    for key in ["start", "end", "actual_start", "actual_end", "progress"] {
        cols.remove(key);
    }
    let text_at = |cells: &[In], c: usize| {
        cells
            .get(c)
            .map(In::text)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    // the 計画/実績 column: every value one of those words
    let kind_col = (0..left).find(|c| {
        let values: Vec<String> = data
            .iter()
            .map(|(_, cells)| text_at(cells, *c))
            .filter(|t| !t.is_empty())
            .collect();
        !values.is_empty()
            && values
                .iter()
                .all(|v| PLAN_KINDS.contains(&v.as_str()) || ACTUAL_KINDS.contains(&v.as_str()))
    });
    if let Some(k) = kind_col {
        cols.retain(|_, c| *c != k);
    }
    let name_col = match cols.get("name") {
        Some(c) => *c,
        None => {
            // the column with the most text among the unnamed ones (the 区分 is merged, the items are not)
            let taken: Vec<usize> = cols.values().copied().chain(kind_col).collect();
            let count = |c: usize| {
                data.iter()
                    .filter(|(_, cells)| matches!(cells.get(c), Some(In::Text(t)) if !t.trim().is_empty()))
                    .count()
            };
            let best = (0..left)
                .filter(|c| !taken.contains(c))
                .map(|c| (count(c), c))
                .max();
            match best {
                Some((n, c)) if n > 0 => c,
                _ => {
                    return Err(
                        "月の列の左に、取組事項（項目）の名前の列が見つかりません。「取組事項」の見出しを付けてください。".into(),
                    );
                }
            }
        }
    };
    cols.insert("name", name_col);
    let width = s
        .rows
        .iter()
        .map(|(_, c)| c.len())
        .max()
        .unwrap_or(0)
        .max(left);
    for (i, key) in ["start", "end", "milestone"].iter().enumerate() {
        cols.insert(key, width + i);
    }
    if kind_col.is_some() {
        cols.insert("actual_start", width + 3);
    }
    // a bar touching the sheet's first (last) month may have started earlier (go on later): 以前 (以降) keeps the
    // workbook's earlier start (later end) instead of cutting it to the sheet
    let window = (
        tl.months.first().map(|m| m.2).unwrap_or_default(),
        tl.months.last().map(|m| m.2).unwrap_or_default(),
    );
    let month_text = |d: NaiveDate, open: bool| {
        let edge = match (open, d == window.0) {
            (false, _) => "",
            (true, true) => "以前",
            (true, false) => "以降",
        };
        In::Text(format!("{}年{}月{edge}", d.year(), d.month()))
    };
    let mut rows: Vec<(usize, Vec<In>)> = vec![(s.rows[tl.header].0, vec![])];
    for (line, cells) in data {
        let marked: Vec<NaiveDate> = tl
            .months
            .iter()
            .filter(|(a, b, _)| {
                (*a..=*b).any(|c| {
                    painted.contains(&(*line, c)) || cells.get(c).is_some_and(|x| !x.is_empty())
                })
            })
            .map(|m| m.2)
            .collect();
        let milestone = tl.months.iter().any(|(a, b, _)| {
            (*a..=*b).any(|c| MILESTONE_MARKS.contains(&text_at(cells, c).as_str()))
        });
        let left_texts: Vec<String> = (0..left)
            .map(|c| text_at(cells, c))
            .filter(|t| !t.is_empty())
            .collect();
        if marked.is_empty() && left_texts.is_empty() {
            continue;
        }
        // notes under the table (※凡例 …) are not items
        if marked.is_empty()
            && left_texts
                .iter()
                .all(|t| t.starts_with('※') || t.contains("凡例"))
        {
            continue;
        }
        let kind = kind_col.map(|k| text_at(cells, k)).unwrap_or_default();
        if ACTUAL_KINDS.contains(&kind.as_str()) {
            // the 実績 row of the item above: its first marked month is the actual start
            if rows.len() > 1
                && let Some((_, prev)) = rows.last_mut()
                && let Some(first) = marked.first()
            {
                prev[width + 3] = month_text(*first, *first == window.0);
            }
            continue;
        }
        let mut row: Vec<In> = cells.clone();
        row.resize(width + 4, In::Empty);
        if let (Some(first), Some(last)) = (marked.first(), marked.last()) {
            row[width] = month_text(*first, *first == window.0);
            row[width + 1] = month_text(*last, *last == window.1);
        }
        row[width + 2] = if milestone {
            In::Text("◆".into())
        } else {
            In::Empty
        };
        rows.push((*line, row));
    }
    let synthetic = SheetIn {
        name: s.name.clone(),
        rows,
    };
    Ok(plain::plan_plain(wb, &synthetic, 0, &cols, progress))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> In {
        if s.is_empty() {
            In::Empty
        } else {
            In::Text(s.into())
        }
    }
    fn sheet(rows: &[&[&str]]) -> SheetIn {
        SheetIn {
            name: "工程表".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r.iter().map(|c| t(c)).collect()))
                .collect(),
        }
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_under_merged_fiscal_year_headers_are_dated_across_the_year_end() {
        let s = sheet(&[
            &["工程表"],
            &[
                "",
                "",
                "令和7年度",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "2026年度",
            ],
            &[
                "区分",
                "取組事項",
                "4月",
                "5月",
                "6月",
                "7月",
                "8月",
                "9月",
                "10月",
                "11月",
                "12月",
                "1月",
                "2月",
                "3月",
                "4月",
                "5月",
            ],
        ]);
        let tl = find_timeline(&s).expect("a timeline");
        assert_eq!(tl.header, 2);
        assert_eq!(tl.months.len(), 14);
        assert_eq!(tl.months[0], (2, 2, d("2025-04-01")));
        assert_eq!(
            tl.months[11].2,
            d("2026-03-01"),
            "1〜3月 belong to the next calendar year"
        );
        assert_eq!(
            tl.months[12].2,
            d("2026-04-01"),
            "the next fiscal year's April"
        );
    }

    #[test]
    fn a_label_in_the_middle_of_its_year_and_wide_months_still_date_every_column() {
        // 年度 written over 9月 (not merged), each month two columns wide (上旬・下旬), the run starting in 10月
        let s = sheet(&[
            &["", "", "", "", "", "", "", "令和6年度"],
            &[
                "項目", "10月", "", "11月", "", "12月", "", "1月", "", "2月", "", "3月", "", "4月",
                "",
            ],
        ]);
        let tl = find_timeline(&s).expect("a timeline");
        assert_eq!(tl.months[0], (1, 2, d("2024-10-01")));
        assert_eq!(tl.months[3], (7, 8, d("2025-01-01")));
        assert_eq!(
            tl.months[6],
            (13, 14, d("2025-04-01")),
            "the last month as wide as the one before"
        );
    }

    #[test]
    fn dated_month_headers_need_no_fiscal_year_row() {
        let s = sheet(&[&["取組事項", "R7.10", "R7.11", "R7.12", "R8.1"]]);
        let tl = find_timeline(&s).expect("a timeline");
        assert_eq!(
            tl.months.iter().map(|m| m.2).collect::<Vec<_>>()[3],
            d("2026-01-01")
        );
    }

    #[test]
    fn bare_months_without_a_year_and_disagreeing_labels_are_explained() {
        let s = sheet(&[&["項目", "4月", "5月", "6月", "7月"]]);
        let e = find_timeline(&s).unwrap_err().expect("a reason");
        assert!(e.contains("年度の見出し") && e.contains("4月〜7月"), "{e}");
        let s = sheet(&[
            &["", "令和7年度", "", "", "令和7年度"],
            &["項目", "2月", "3月", "4月", "5月"],
        ]);
        let e = find_timeline(&s).unwrap_err().expect("a reason");
        assert!(e.contains("合いません"), "{e}");
        assert_eq!(
            find_timeline(&sheet(&[&["項目", "開始", "終了"]])),
            Err(None),
            "no months at all"
        );
    }

    #[test]
    fn fiscal_year_headers_are_read_in_the_forms_offices_use() {
        assert_eq!(fiscal_year_label(&t("令和7年度")), Some(2025));
        assert_eq!(fiscal_year_label(&t("令和7年度（2025年度）")), Some(2025));
        assert_eq!(fiscal_year_label(&t("２０２６年度")), Some(2026));
        assert_eq!(fiscal_year_label(&t("R8")), Some(2026));
        assert_eq!(fiscal_year_label(&t("Rで始まる項目")), None);
        assert_eq!(fiscal_year_label(&In::Num(2025.0)), None);
    }
}
