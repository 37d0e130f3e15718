//! Reads schedules back from Excel, because offices return the 工程表 as .xlsx: our own データ sheet (`data`), or
//! a plain 工程表 as offices keep them (`plain`), or one drawn with painted cells under month columns (`fill`),
//! turned into an [`ImportPlan`]; nothing here writes the workbook.
//! This file finds the table and reads its cells (dates in any form clerks use, 進捗率, flags, 担当課).

mod data;
mod fill;
mod plain;

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use super::cells::{In, SheetIn, read_xlsx, serial_date};
use super::columns::Columns;
use super::fills::painted_cells;
use super::plan::ImportPlan;
use super::progress::Progress;
use super::text::ascii_fold;
use crate::calendar::parse_date;
use crate::error::{Error, Result};
use crate::model::{Id, Span, Workbook};

/// Plans an import of an .xlsx file: our own データ sheet when present, else the first sheet laid out as a
/// plain 工程表 (a header row with 取組事項/項目, 開始, 終了 …). Only updates and additions: rows missing from
/// the file are left alone.
pub fn plan_xlsx_import(wb: &Workbook, bytes: &[u8]) -> Result<ImportPlan> {
    plan_xlsx_import_watched(wb, bytes, &super::progress::silent)?
        .ok_or_else(|| Error::internal("工程表の照合が途中で止まりました。"))
}

/// [`plan_xlsx_import`] reporting the rows of the sheet it plans to `progress` (once the file is read); `Ok(None)`
/// when `progress` stops it (nothing planned).
pub fn plan_xlsx_import_watched(
    wb: &Workbook,
    bytes: &[u8],
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    let sheets = read_xlsx(bytes)?;
    if let Some(s) = sheets.iter().find(|s| s.name == "データ")
        && let Some((hi, cols)) =
            find_header(s, &[&["種別"], &["ID"], &["名称"]], data::DATA_ALIASES)
    {
        return Ok(data::plan_data(wb, s, hi, &cols, progress));
    }
    for s in &sheets {
        if let Some((hi, cols)) =
            find_header(s, &[plain::NAME, plain::START, plain::END], plain::ALIASES)
        {
            return Ok(plain::plan_plain(wb, s, hi, &cols, progress));
        }
    }
    // a drawn 工程表: bars as painted cells under month columns
    let mut why = None;
    for (index, s) in sheets.iter().enumerate() {
        match fill::find_timeline(s) {
            Ok(tl) => {
                let painted = painted_cells(bytes, index)?;
                return fill::plan_fill(wb, s, &tl, &painted, progress)
                    .map_err(|e| Error::invalid(format!("シート「{}」: {e}", s.name)));
            }
            Err(Some(reason)) if why.is_none() => {
                why = Some(format!("シート「{}」: {reason}", s.name))
            }
            Err(_) => {}
        }
    }
    Err(Error::invalid(why.unwrap_or_else(|| {
        "取り込める表が見つかりません。次のどれかを用意してください: dxplanが出力した「データ」シート／「取組事項（項目）・開始・終了」の見出しがある表／月の見出し（「4月」…「3月」）の上に年度の見出し（「令和7年度」など）があり、セルの塗りつぶしや■で線を引いた工程表。".to_string()
    })))
}

type Aliases = &'static [(&'static str, &'static [&'static str])];

/// Finds the header row (within the first 30 rows) holding one name of each `required` group; returns its
/// index in `rows` and the column of each known header (by the alias table's first key).
fn find_header(
    s: &SheetIn,
    required: &[&[&str]],
    aliases: Aliases,
) -> Option<(usize, HashMap<&'static str, usize>)> {
    for (i, (_, cells)) in s.rows.iter().enumerate().take(30) {
        let texts: Vec<String> = cells.iter().map(In::text).collect();
        let columns = Columns::new(texts.iter().map(String::as_str));
        if !required.iter().all(|names| columns.find(names).is_some()) {
            continue;
        }
        let mut cols = HashMap::new();
        for (key, names) in aliases {
            if let Some(c) = columns.find(names) {
                cols.entry(*key).or_insert(c);
            }
        }
        return Some((i, cols));
    }
    None
}

fn get<'a>(cells: &'a [In], cols: &HashMap<&str, usize>, key: &str) -> Option<&'a In> {
    cols.get(key).map(|c| cells.get(*c).unwrap_or(&In::Empty))
}

/// Reads a date cell: a real date, a serial number, or text (西暦・和暦; "2025年4月" as the month's first day,
/// or its last day when `end`).
fn date_of(c: &In, end: bool, what: &str) -> std::result::Result<Option<NaiveDate>, String> {
    match c {
        In::Empty => Ok(None),
        In::Date(d) => Ok(Some(*d)),
        In::Num(n) => serial_date(*n)
            .map(Some)
            .ok_or_else(|| format!("{what}「{n}」は日付として読み取れません。")),
        In::Bool(b) => Err(format!("{what}「{b}」は日付ではありません。")),
        In::Text(s) if s.trim().is_empty() => Ok(None),
        In::Text(s) => match parse_date(s) {
            Ok(d) => Ok(Some(d)),
            Err(e) => month_only(s, end)
                .map(Some)
                .ok_or_else(|| format!("{what}: {e}")),
        },
    }
}

/// "2025年4月", "令和7年4月", "2025/4", "R7.4": the first (or last) day of that month.
fn month_only(s: &str, end: bool) -> Option<NaiveDate> {
    let t = ascii_fold(s.trim());
    let t = t.trim_end_matches('月').trim();
    let first = if t.contains('年') {
        parse_date(&format!("{t}月1日")).ok()?
    } else {
        let sep = if t.contains('/') {
            "/"
        } else if t.contains('.') {
            "."
        } else {
            "-"
        };
        parse_date(&format!("{t}{sep}1")).ok()?
    };
    if end {
        first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
    } else {
        Some(first)
    }
}

/// Reads a date cell against the date it replaces. A month written without a day (「2025年12月」) keeps the day
/// already planned in that month, so a sheet kept in months does not move 2025/12/26 to 2025/12/31 on every
/// import; 「2025年4月以前」/「2026年3月以降」 (a bar cut by the sheet's first or last month) keeps an earlier start
/// or a later end.
fn date_against(
    c: &In,
    end: bool,
    what: &str,
    before: Option<NaiveDate>,
) -> std::result::Result<Option<NaiveDate>, String> {
    let (cell, open) = match c {
        In::Text(s) => {
            let t = s.trim();
            match t.strip_suffix("以前").or_else(|| t.strip_suffix("以降")) {
                Some(rest) => (In::Text(rest.to_string()), Some(t.ends_with("以前"))),
                None => (c.clone(), None),
            }
        }
        _ => (c.clone(), None),
    };
    let read = date_of(&cell, end, what)?;
    let month_only = matches!(&cell, In::Text(s) if parse_date(s).is_err());
    Ok(match (read, before, open) {
        (Some(r), Some(b), Some(true)) if b <= r => Some(b),
        (Some(r), Some(b), Some(false)) if b >= r => Some(b),
        (Some(r), Some(b), _) if month_only && (r.year(), r.month()) == (b.year(), b.month()) => {
            Some(b)
        }
        _ => read,
    })
}

fn span_of(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    what: &str,
) -> std::result::Result<Option<Span>, String> {
    match (start, end) {
        (None, None) => Ok(None),
        (Some(s), Some(e)) => Span::new(s, e).map(Some).map_err(|e| e.message),
        (Some(_), None) => Err(format!(
            "{what}の終了日がありません（開始日だけでは期間になりません）。"
        )),
        (None, Some(_)) => Err(format!("{what}の開始日がありません。")),
    }
}

fn show_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y/%m/%d").to_string())
        .unwrap_or_else(|| "なし".into())
}
fn show_span(s: Option<Span>) -> String {
    match s {
        Some(s) => format!("{}〜{}", show_date(Some(s.start)), show_date(Some(s.end))),
        None => "なし".into(),
    }
}

/// Resolves a unit name; when several units share it, the current one (if it has that name) wins.
fn unit_of(
    wb: &Workbook,
    name: &str,
    current: Option<Id>,
) -> std::result::Result<Option<Id>, String> {
    let n = name.trim();
    if n.is_empty() {
        return Ok(None);
    }
    if let Some(c) = current
        && wb.unit(c).is_some_and(|u| u.name == n)
    {
        return Ok(Some(c));
    }
    let found: Vec<Id> = wb
        .units
        .iter()
        .filter(|u| u.name == n)
        .map(|u| u.id)
        .collect();
    match found.as_slice() {
        [one] => Ok(Some(*one)),
        [] => Err(format!("担当課「{n}」が組織にありません。")),
        _ => Err(format!(
            "担当課「{n}」が組織に複数あります。推進体制で名前を区別してください。"
        )),
    }
}

fn progress_of(c: &In) -> std::result::Result<u8, String> {
    let v = match c {
        In::Empty => return Ok(0),
        In::Num(n) => *n,
        In::Text(s) => {
            let t = ascii_fold(s.trim());
            t.trim_end_matches('%')
                .trim()
                .parse()
                .map_err(|_| format!("進捗率「{}」は数値ではありません。", s.trim()))?
        }
        _ => return Err("進捗率は0〜100の数値で入力してください。".into()),
    };
    if !(0.0..=100.0).contains(&v) {
        return Err(format!("進捗率は0〜100%です（{v}）。"));
    }
    Ok(v.round() as u8)
}

fn flag_of(c: &In) -> bool {
    match c {
        In::Bool(b) => *b,
        In::Num(n) => *n != 0.0,
        In::Text(s) => matches!(
            ascii_fold(s.trim()).as_str(),
            "◆" | "○" | "〇" | "●" | "true" | "TRUE" | "1" | "はい" | "有"
        ),
        _ => false,
    }
}

/// Month of a date as "2025年4月" (for messages).
pub fn month_label(d: NaiveDate) -> String {
    format!("{}年{}月", d.year(), d.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_only_text_reads_as_the_first_or_last_day() {
        assert_eq!(
            month_only("2025年4月", false),
            NaiveDate::from_ymd_opt(2025, 4, 1)
        );
        assert_eq!(
            month_only("令和7年2月", true),
            NaiveDate::from_ymd_opt(2025, 2, 28)
        );
        assert_eq!(
            month_only("2025/9", true),
            NaiveDate::from_ymd_opt(2025, 9, 30)
        );
        assert_eq!(
            month_only("R7.4", false),
            NaiveDate::from_ymd_opt(2025, 4, 1)
        );
        assert_eq!(month_only("いつか", false), None);
    }

    #[test]
    fn a_month_keeps_the_planned_day_and_an_open_edge_keeps_an_earlier_start_or_later_end() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let t = |s: &str| In::Text(s.into());
        assert_eq!(
            date_against(&t("2025年12月"), true, "終了", d("2025-12-26")),
            Ok(d("2025-12-26")),
            "same month: the day stays"
        );
        assert_eq!(
            date_against(&t("2026年1月"), true, "終了", d("2025-12-26")),
            Ok(d("2026-01-31")),
            "another month: its last day"
        );
        assert_eq!(
            date_against(&t("2025/12/31"), true, "終了", d("2025-12-26")),
            Ok(d("2025-12-31")),
            "a full date is taken as written"
        );
        assert_eq!(
            date_against(&t("2025年4月以前"), false, "開始", d("2023-04-01")),
            Ok(d("2023-04-01"))
        );
        assert_eq!(
            date_against(&t("2025年4月以前"), false, "開始", d("2025-09-01")),
            Ok(d("2025-04-01")),
            "a later start moves back to the sheet's first month"
        );
        assert_eq!(
            date_against(&t("2027年3月以降"), true, "終了", d("2028-03-31")),
            Ok(d("2028-03-31"))
        );
        assert_eq!(
            date_against(&t("2027年3月以降"), true, "終了", None),
            Ok(d("2027-03-31")),
            "nothing to keep: the month's last day"
        );
    }

    #[test]
    fn a_start_without_an_end_is_a_clear_error() {
        let e = span_of(NaiveDate::from_ymd_opt(2025, 4, 1), None, "計画").unwrap_err();
        assert!(e.contains("終了日がありません"), "{e}");
    }

    #[test]
    fn progress_accepts_numbers_and_percent_text_and_refuses_the_rest() {
        assert_eq!(progress_of(&In::Num(50.0)), Ok(50));
        assert_eq!(progress_of(&In::Text("７５％".into())), Ok(75));
        assert!(progress_of(&In::Text("半分".into())).is_err());
        assert!(progress_of(&In::Num(150.0)).is_err());
    }
}
