//! Rows pasted from Excel into the 工程表 table: the clipboard's tab-separated text (取組内容, 開始, 終了, 担当課,
//! 状態 in the order the table shows them, with or without a header row) read into new tasks, with an error per
//! cell (line, column, reason) so the page can show a preview before anything changes. Pure: the text comes in,
//! a plan and then one `Edit::Batch` (one undo step) come out.
//!
//! Excel puts a tab between cells and CRLF after each row (also after the last), and quotes a cell holding a tab,
//! a newline or a quote (`"a""b"`); dates may be 西暦 (`2026/4/1`, `2026-04-01`), 和暦 (`R8.4.1`, 「令和8年4月1日」)
//! or full-width, as `calendar::parse_date` reads them.

use chrono::NaiveDate;
use serde::Serialize;

use super::columns::{Columns, header_key};
use super::text::ascii_fold;
use crate::calendar::parse_date;
use crate::error::{Error, Result};
use crate::model::edit::{Edit, Entity};
use crate::model::{Id, MAX_NAME_CHARS, Span, Status, Task, Workbook, clean_name};

/// Most rows one paste may add (a whole year's 工程表 is a few hundred).
pub const MAX_ROWS: usize = 2_000;
/// Most text one paste may carry.
pub const MAX_BYTES: usize = 2_000_000;

/// The columns of a pasted row, in the order the table shows them.
pub const COLUMNS: [(&str, &[&str]); 5] = [
    ("取組内容", &["取組内容", "名称", "作業", "タスク", "件名"]),
    (
        "開始",
        &["開始", "開始日", "計画開始", "計画開始日", "着手"],
    ),
    (
        "終了",
        &["終了", "終了日", "計画終了", "計画終了日", "完了予定"],
    ),
    ("担当課", &["担当課", "所管課", "担当", "主管課"]),
    ("状態", &["状態", "ステータス", "進捗状況"]),
];

/// A cell that could not be read: its line in the pasted text (1 = first), its column's name, why.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellError {
    pub line: usize,
    pub column: String,
    pub reason: String,
}

/// A pasted row as it will be added.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastedRow {
    /// line in the pasted text (1 = first)
    pub line: usize,
    pub name: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// the 担当課 as pasted (empty: none)
    pub owner: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub owner_unit: Option<Id>,
    pub status: Status,
}

/// What a paste would add, and every cell that stops it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PastePlan {
    /// the first line was a header row (and was skipped)
    pub header: bool,
    pub rows: Vec<PastedRow>,
    pub errors: Vec<CellError>,
}

/// Splits clipboard text into rows of cells as Excel writes it: tabs between cells, CRLF (or LF) after rows,
/// quoted cells with doubled quotes, tabs and newlines inside. Trailing empty lines are dropped. Each row keeps
/// the line it starts on.
pub fn split_cells(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut rows = vec![];
    let mut row: Vec<String> = vec![];
    let mut cell = String::new();
    let mut line = 1usize;
    let mut row_line = 1usize;
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_cell_start => {
                // a quoted cell: up to the quote not doubled
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') | None => break,
                        Some(ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            cell.push(ch);
                        }
                    }
                }
                at_cell_start = false;
            }
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
                at_cell_start = true;
            }
            ch => {
                cell.push(ch);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push((row_line, row));
    }
    rows.retain(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// The column of each field (name, start, end, owner, status) when `cells` is a header row naming at least the
/// name column; None for a row of data.
fn header_columns(cells: &[String]) -> Option<[Option<usize>; 5]> {
    let cols = Columns::new(cells.iter().map(String::as_str));
    let name = cols.find(COLUMNS[0].1)?;
    let mut out = [Some(name), None, None, None, None];
    for (i, (_, names)) in COLUMNS.iter().enumerate().skip(1) {
        out[i] = cols.find(names);
    }
    Some(out)
}

fn date_cell(s: &str) -> std::result::Result<Option<NaiveDate>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_date(t).map(Some).map_err(|e| e.to_string())
}

/// The unit named `name` (exactly, after trimming); an error when there is none or more than one.
fn unit_named(wb: &Workbook, name: &str) -> std::result::Result<Option<Id>, String> {
    let n = name.trim();
    if n.is_empty() {
        return Ok(None);
    }
    let found: Vec<Id> = wb
        .units
        .iter()
        .filter(|u| u.name == n)
        .map(|u| u.id)
        .collect();
    match found.as_slice() {
        [one] => Ok(Some(*one)),
        [] => Err(format!("担当課「{n}」が推進体制の組織にありません。")),
        _ => Err(format!(
            "担当課「{n}」が組織に複数あります。推進体制で名前を区別してください。"
        )),
    }
}

/// Reads pasted text into the rows it would add (nothing changes). A paste with no row, too many rows or too much
/// text is refused as a whole; a cell that cannot be read is listed with its line and column, and the rows are
/// still previewed.
pub fn plan_paste(wb: &Workbook, text: &str) -> Result<PastePlan> {
    if text.len() > MAX_BYTES {
        return Err(Error::field(
            "text",
            format!(
                "貼り付けた内容が大きすぎます（{} KB）。{} KB以内に分けて貼り付けてください。",
                text.len() / 1000,
                MAX_BYTES / 1000
            ),
        ));
    }
    let mut rows = split_cells(text);
    let mut cols = [Some(0), Some(1), Some(2), Some(3), Some(4)];
    let mut header = false;
    if let Some((_, first)) = rows.first()
        && let Some(h) = header_columns(first)
    {
        cols = h;
        header = true;
        rows.remove(0);
    }
    if rows.is_empty() {
        return Err(Error::field(
            "text",
            "貼り付ける行がありません。Excelで行（取組内容・開始・終了・担当課・状態）を選んでコピーしてください。",
        ));
    }
    if rows.len() > MAX_ROWS {
        return Err(Error::field(
            "text",
            format!(
                "一度に貼り付けられるのは{MAX_ROWS}行までです（{}行）。",
                rows.len()
            ),
        ));
    }
    let mut plan = PastePlan {
        header,
        rows: vec![],
        errors: vec![],
    };
    for (line, cells) in rows {
        let cell = |i: usize| -> &str {
            cols[i]
                .and_then(|c| cells.get(c))
                .map_or("", String::as_str)
        };
        let mut err = |col: usize, reason: String| {
            plan.errors.push(CellError {
                line,
                column: COLUMNS[col].0.to_string(),
                reason,
            })
        };
        let name = match clean_name("name", "取組内容", cell(0)) {
            Ok(n) => n,
            Err(e) => {
                err(0, e.message);
                cell(0).chars().take(MAX_NAME_CHARS).collect()
            }
        };
        let start = date_cell(cell(1)).unwrap_or_else(|e| {
            err(1, e);
            None
        });
        let end = date_cell(cell(2)).unwrap_or_else(|e| {
            err(2, e);
            None
        });
        match (start, end) {
            (Some(s), Some(e)) if e < s => err(2, Span::new(s, e).map(|_| ()).unwrap_err().message),
            (Some(_), None) if cell(2).trim().is_empty() => err(
                2,
                "終了日を入れてください（開始日と終了日の両方が要ります）。".into(),
            ),
            (None, Some(_)) if cell(1).trim().is_empty() => err(
                1,
                "開始日を入れてください（開始日と終了日の両方が要ります）。".into(),
            ),
            _ => {}
        }
        let owner = cell(3).trim().to_string();
        let owner_unit = unit_named(wb, &owner).unwrap_or_else(|e| {
            err(3, e);
            None
        });
        let st = ascii_fold(cell(4).trim());
        let status = if st.is_empty() {
            Status::NotStarted
        } else {
            Status::parse(&st).unwrap_or_else(|e| {
                err(4, e.message);
                Status::NotStarted
            })
        };
        plan.rows.push(PastedRow {
            line,
            name,
            start,
            end,
            owner,
            owner_unit,
            status,
        });
    }
    // two pasted rows with one name would be refused by the model one at a time: say so per row
    let mut seen = std::collections::HashSet::new();
    for r in &plan.rows {
        if !r.name.is_empty() && !seen.insert(r.name.clone()) {
            plan.errors.push(CellError {
                line: r.line,
                column: COLUMNS[0].0.into(),
                reason: format!("取組内容「{}」が貼り付けた行の中で重複しています。", r.name),
            });
        }
    }
    plan.errors.sort_by_key(|e| e.line);
    Ok(plan)
}

/// The edit that adds the planned rows under the 取組事項 `initiative_id`, after its last task: one batch, so one
/// transaction and one undo step. Refused while the plan has errors.
pub fn paste_edit(wb: &Workbook, plan: &PastePlan, initiative_id: Id) -> Result<Edit> {
    if let Some(e) = plan.errors.first() {
        return Err(Error::field(
            "text",
            format!(
                "{}行目「{}」: {}（直してから貼り付けてください）",
                e.line, e.column, e.reason
            ),
        ));
    }
    if wb.initiative(initiative_id).is_none() {
        return Err(Error::not_found("取組事項", initiative_id).with_field("initiative_id"));
    }
    let last = wb
        .tasks
        .iter()
        .filter(|t| t.initiative_id == initiative_id)
        .map(|t| t.sort)
        .max()
        .unwrap_or(0);
    let edits = plan
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let plan = match (r.start, r.end) {
                (Some(s), Some(e)) => Some(Span::new(s, e)?),
                _ => None,
            };
            Ok(Edit::Put {
                entity: Entity::Task(Task {
                    id: 0,
                    initiative_id,
                    name: r.name.clone(),
                    owner_unit: r.owner_unit,
                    plan,
                    actual_start: None,
                    actual_end: None,
                    progress: if r.status == Status::Done { 100 } else { 0 },
                    status: r.status,
                    milestone: false,
                    notes: String::new(),
                    sort: last + 1 + i as i64,
                }),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Edit::Batch { edits })
}

/// Whether a header key names a paste column (for tests and the page's hint).
pub fn is_header(cell: &str) -> bool {
    let k = header_key(cell);
    COLUMNS
        .iter()
        .any(|(_, names)| names.iter().any(|n| header_key(n) == k))
}

#[cfg(test)]
#[path = "paste/tests.rs"]
mod tests;
