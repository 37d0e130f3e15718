//! One returned 照会 form read back, because what Excel and LibreOffice really write is looser than what we sent:
//! dates as serials, text or 和暦, full-width digits, `100%` stored as `1`, trailing spaces, a status typed
//! instead of picked. Each cell is read on its own and a refused cell is named with its file, sheet and address.

use chrono::NaiveDate;

use super::super::cells::{In, SheetIn, is_xlsx, read_xlsx, serial_date};
use crate::calendar::parse_date;
use crate::model::{EnrolmentStatus, Id, Status, StepStatus, Workbook};
use crate::query::inquiry::{
    Answer, AskKind, COL_END, COL_KEY, COL_NOTES, COL_PROGRESS, COL_START, COL_STATUS, FIRST_ROW,
    FormMeta, GUIDE_SHEET, META_SHEET, RESPONDENT_CELL, answered_row, fold_width,
};
use crate::xlsx::cell_ref;

/// Largest return accepted (a form of a few thousand rows is well under 1 MB).
pub const MAX_RETURN_BYTES: usize = 20 * 1024 * 1024;

/// A row of a return whose answer differs from what was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct RowAnswer {
    pub kind: AskKind,
    pub id: Id,
    /// 区分 and 項目 as the file shows them (for the preview)
    pub label: String,
    pub sent: Answer,
    pub answer: Answer,
}

/// A return read back: its metadata, who answered, the changed rows, the refused cells and the rows added,
/// deleted or moved.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReturn {
    pub meta: FormMeta,
    pub respondent: String,
    /// rows read (with a known 整理番号)
    pub rows: usize,
    pub answers: Vec<RowAnswer>,
    /// per-cell and per-row refusals: 「介護保険課.xlsx 標準化!J12: …」 (the row is not taken)
    pub problems: Vec<String>,
    /// rows added, deleted, reordered; sheets renamed (reported, never silently lost)
    pub structure: Vec<String>,
}

/// Why a whole file is not taken.
pub type Refusal = String;

fn text(c: &In) -> String {
    match c {
        In::Text(s) => s.trim().to_string(),
        other => other.text().trim().to_string(),
    }
}

fn folded(c: &In) -> String {
    text(c)
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A date cell: a real date, a serial number, or text in any form people type.
fn date_cell(c: &In) -> Result<Option<NaiveDate>, String> {
    match c {
        In::Empty => Ok(None),
        In::Date(d) => Ok(Some(*d)),
        In::Num(n) => serial_date(*n)
            .map(Some)
            .ok_or_else(|| format!("「{}」は日付として読み取れません。", c.text())),
        In::Bool(_) => Err(format!("「{}」は日付として読み取れません。", c.text())),
        In::Text(s) if s.trim().is_empty() => Ok(None),
        In::Text(s) => parse_date(s.trim()).map(Some).map_err(|e| e.to_string()),
    }
}

/// A 進捗率 cell: 0–100, or a fraction as Excel stores a percentage (0.5 for 50%; 1 for 100% when the row is
/// answered as done). Empty keeps the value sent.
fn progress_cell(c: &In, done: bool) -> Result<Option<u8>, String> {
    let bad = || format!("進捗率「{}」は0〜100の数字で入力してください。", text(c));
    let (n, percent_sign) = match c {
        In::Empty => return Ok(None),
        In::Num(n) => (*n, false),
        In::Text(_) => {
            let t = folded(c);
            if t.is_empty() {
                return Ok(None);
            }
            let sign = t.ends_with('%');
            let v: f64 = t.trim_end_matches('%').parse().map_err(|_| bad())?;
            (v, sign)
        }
        _ => return Err(bad()),
    };
    let v = if !percent_sign && (n > 0.0 && n < 1.0 || n == 1.0 && done) {
        n * 100.0
    } else {
        n
    };
    if !(0.0..=100.0).contains(&v) || !v.is_finite() {
        return Err(bad());
    }
    Ok(Some(v.round() as u8))
}

/// A status cell in the kind's labels (national synonyms and full-width text accepted), as the kind's label.
fn status_cell(kind: AskKind, c: &In) -> Result<String, String> {
    let t = folded(c);
    if t.is_empty() {
        return Err("状態が空です。▼から選んでください。".into());
    }
    let label = match kind {
        AskKind::Task | AskKind::Procedure => Status::parse(&t).map(|s| s.label()),
        AskKind::Step => StepStatus::parse(&t).map(|s| s.label()),
        AskKind::Enrolment => EnrolmentStatus::parse(&t).map(|s| s.label()),
    };
    label.map(str::to_string).map_err(|e| e.message)
}

fn cell(row: &[In], col: u16) -> &In {
    row.get(usize::from(col)).unwrap_or(&In::Empty)
}

/// Column of the cell a row rule names (the field of its error).
fn column_of(field: Option<&str>) -> u16 {
    match field {
        Some("progress") => COL_PROGRESS,
        Some("actual_start") => COL_START,
        Some("status") => COL_STATUS,
        Some("excluded_reason" | "notes") => COL_NOTES,
        _ => COL_END,
    }
}

/// Reads one returned file. A file that is not a form of ours, or cannot be read at all, is refused whole.
pub fn read_return(wb: &Workbook, file: &str, bytes: &[u8]) -> Result<ReadReturn, Refusal> {
    if bytes.len() > MAX_RETURN_BYTES {
        return Err(format!(
            "ファイルが大きすぎます（{:.1}MB、上限{}MB）。",
            bytes.len() as f64 / 1_048_576.0,
            MAX_RETURN_BYTES / 1_048_576
        ));
    }
    if !is_xlsx(bytes) {
        return Err("Excelファイル（.xlsx）ではありません。".into());
    }
    let sheets = std::panic::catch_unwind(|| read_xlsx(bytes))
        .map_err(|_| "ファイルが壊れていて読めません。".to_string())?
        .map_err(|e| format!("ファイルが壊れています。{}", e.message))?;
    let meta_sheet = sheets
        .iter()
        .find(|s| s.name == META_SHEET)
        .ok_or("dxplanの照会様式ではありません（識別情報のシートがありません）。")?;
    let mut cells: Vec<Vec<String>> = vec![];
    for (n, row) in &meta_sheet.rows {
        while cells.len() + 1 < *n {
            cells.push(vec![]);
        }
        cells.push(row.iter().map(|c| c.text()).collect());
    }
    let meta = FormMeta::parse(&cells).map_err(|e| format!("{e}。"))?;
    let respondent = sheets
        .iter()
        .find(|s| s.name == GUIDE_SHEET)
        .and_then(|s| {
            s.rows
                .iter()
                .find(|(n, _)| *n == RESPONDENT_CELL.0 as usize + 1)
        })
        .map(|(_, r)| text(cell(r, RESPONDENT_CELL.1)))
        .unwrap_or_default();
    Ok(read_rows(wb, file, &sheets, meta, respondent))
}

fn read_rows(
    wb: &Workbook,
    file: &str,
    sheets: &[SheetIn],
    meta: FormMeta,
    respondent: String,
) -> ReadReturn {
    let mut out = ReadReturn {
        meta,
        respondent,
        rows: 0,
        answers: vec![],
        problems: vec![],
        structure: vec![],
    };
    let sent: rustc_hash::FxHashMap<(AskKind, Id), usize> = out
        .meta
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.kind, r.id), i))
        .collect();
    let mut seen = vec![false; out.meta.rows.len()];
    let mut moved = 0usize;
    for sheet in sheets {
        if sheet.name == META_SHEET || sheet.name == GUIDE_SHEET {
            continue;
        }
        let expected = AskKind::from_sheet(&sheet.name);
        let mut keyed = 0usize;
        for (n, row) in &sheet.rows {
            if *n <= FIRST_ROW as usize {
                continue;
            }
            let at = |col: u16| format!("{file} {}!{}", sheet.name, cell_ref(*n as u32 - 1, col));
            let key = text(cell(row, COL_KEY));
            let Some((kind, id)) = AskKind::parse_key(&key) else {
                let has_content = row.iter().any(|c| !c.is_empty());
                if has_content {
                    out.structure.push(format!(
                        "{}: 整理番号のない行が追加されています。この行は取り込みません。",
                        at(COL_KEY)
                    ));
                }
                continue;
            };
            keyed += 1;
            let Some(&i) = sent.get(&(kind, id)) else {
                out.structure.push(format!(
                    "{}: 整理番号「{key}」はこの様式で送った行にありません（追加された行）。取り込みません。",
                    at(COL_KEY)
                ));
                continue;
            };
            if seen[i] {
                out.problems.push(format!(
                    "{}: 整理番号「{key}」の行が二つあります。二つ目は取り込みません。",
                    at(COL_KEY)
                ));
                continue;
            }
            seen[i] = true;
            out.rows += 1;
            let s = &out.meta.rows[i];
            if s.excel_row as usize != *n || expected != Some(kind) {
                moved += 1;
            }
            let sent_answer = s.sent.clone();
            match read_answer(wb, kind, id, row, &sent_answer) {
                Ok(answer) if answer == sent_answer => {}
                Ok(answer) => out.answers.push(RowAnswer {
                    kind,
                    id,
                    label: format!("{} {}", text(cell(row, 1)), text(cell(row, 2)))
                        .trim()
                        .to_string(),
                    sent: sent_answer,
                    answer,
                }),
                Err(errs) => {
                    for (col, msg) in errs {
                        out.problems.push(format!("{}: {msg}", at(col)));
                    }
                }
            }
        }
        if expected.is_none() && keyed > 0 {
            out.structure.push(format!(
                "{file}: シート「{}」は送った様式にない名前です（名前が変えられた可能性があります）。整理番号で照合して読みました。",
                sheet.name
            ));
        }
    }
    if moved > 0 {
        out.structure.push(format!(
            "{file}: {moved}行が送ったときと違う位置にあります（並べ替えまたは行の挿入）。整理番号で照合して読みました。"
        ));
    }
    let missing: Vec<String> = out
        .meta
        .rows
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(r, _)| r.kind.key(r.id))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(20).map(String::as_str).collect();
        out.structure.push(format!(
            "{file}: 送った{}行がありません（削除された行・シート）: {}{}。これらの行は回答なしとして扱います。",
            missing.len(),
            shown.join("、"),
            if missing.len() > shown.len() { " ほか" } else { "" }
        ));
    }
    out
}

/// The answer of one row, or the refused cells (column, message).
fn read_answer(
    wb: &Workbook,
    kind: AskKind,
    id: Id,
    row: &[In],
    sent: &Answer,
) -> Result<Answer, Vec<(u16, String)>> {
    let mut errs = vec![];
    let status = status_cell(kind, cell(row, COL_STATUS)).unwrap_or_else(|e| {
        errs.push((COL_STATUS, e));
        sent.status.clone()
    });
    let done = matches!(status.as_str(), "完了" | "完了済み" | "修了");
    let progress = if kind.asks_progress() {
        match progress_cell(cell(row, COL_PROGRESS), done) {
            Ok(p) => p.or(sent.progress),
            Err(e) => {
                errs.push((COL_PROGRESS, e));
                sent.progress
            }
        }
    } else {
        sent.progress
    };
    let mut date_at = |col: u16| {
        date_cell(cell(row, col)).unwrap_or_else(|e| {
            errs.push((col, e));
            None
        })
    };
    let actual_start = if kind.asks_start() {
        date_at(COL_START)
    } else {
        sent.actual_start
    };
    let actual_end = date_at(COL_END);
    let notes = if kind.asks_notes() {
        text(cell(row, COL_NOTES))
    } else {
        sent.notes.clone()
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let answer = Answer {
        status,
        progress,
        actual_start,
        actual_end,
        notes,
    };
    if answer != *sent
        && let Err(e) = answered_row(wb, kind, id, &answer)
    {
        return Err(vec![(column_of(e.field.as_deref()), e.message)]);
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_from_serials_text_and_wareki_with_full_width_digits() {
        let want = NaiveDate::from_ymd_opt(2025, 12, 1);
        for c in [
            In::Num(45_992.0),
            In::Text("令和7年12月1日".into()),
            In::Text("R7.12.1 ".into()),
            In::Text("２０２５／１２／１".into()),
            In::Date(want.unwrap()),
        ] {
            assert_eq!(date_cell(&c), Ok(want), "{c:?}");
        }
        assert_eq!(date_cell(&In::Empty), Ok(None));
        assert!(date_cell(&In::Text("そのうち".into())).is_err());
    }

    #[test]
    fn progress_reads_percent_fractions_and_refuses_what_is_out_of_range() {
        assert_eq!(progress_cell(&In::Num(0.5), false), Ok(Some(50)));
        assert_eq!(progress_cell(&In::Num(1.0), true), Ok(Some(100)));
        assert_eq!(progress_cell(&In::Num(1.0), false), Ok(Some(1)));
        assert_eq!(
            progress_cell(&In::Text("８０％".into()), false),
            Ok(Some(80))
        );
        assert_eq!(
            progress_cell(&In::Text("100% ".into()), false),
            Ok(Some(100))
        );
        assert_eq!(progress_cell(&In::Empty, false), Ok(None));
        assert!(progress_cell(&In::Num(150.0), false).is_err());
        assert!(progress_cell(&In::Text("半分".into()), false).is_err());
    }

    #[test]
    fn a_status_typed_with_spaces_or_a_synonym_reads_as_the_label() {
        assert_eq!(
            status_cell(AskKind::Step, &In::Text(" 完了 ".into())),
            Ok("完了済み".into())
        );
        assert_eq!(
            status_cell(AskKind::Task, &In::Text("進行中".into())),
            Ok("作業中".into())
        );
        assert!(status_cell(AskKind::Task, &In::Text("たぶん".into())).is_err());
        assert!(status_cell(AskKind::Task, &In::Empty).is_err());
    }
}
