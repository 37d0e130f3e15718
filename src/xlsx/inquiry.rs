//! The 照会 forms as .xlsx, because each 課 answers in Excel or LibreOffice: one book per 課 with 「記入のしかた」,
//! one protected sheet per kind of row (answer cells unlocked, drop-down lists and date checks), and the hidden
//! metadata sheet (`query::inquiry::FormMeta`). The rows, columns and metadata are decided in `query::inquiry`;
//! here they become a [`Book`], and `write` the file.
//!
//! Sheet protection has no password (「シートの保護の解除」 needs none): it keeps rows from being inserted and keys
//! from being changed by accident, not by intent; the reader of the returns checks every file anyway.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::book::{Align, Book, NumFmt, Paper, Rule, Sheet, SheetBuilder, Style, Validation};
use crate::calendar::wareki;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Inquiry, Workbook};
use crate::query::inquiry::{
    AskKind, AskedRow, COL_END, COL_KEY, COL_NOTES, COL_PROGRESS, COL_START, COL_STATUS, COLS,
    FIRST_ROW, Form, FormMeta, GUIDE_SHEET, HEADER_ROW, META_SHEET, PlanCell, RESPONDENT_CELL,
    digest, file_name,
};

/// Fill of the cells a 課 answers in (pale yellow) and of cells not asked for this kind (grey).
const ANSWER_FILL: u32 = 0xFFF2CC;
const NOT_ASKED_FILL: u32 = 0xE7E6E6;
/// Column widths of a kind sheet.
const WIDTHS: [f64; COLS as usize] = [
    9.0, 24.0, 40.0, 16.0, 15.0, 15.0, 11.0, 9.0, 15.0, 15.0, 40.0,
];

fn answer(num: NumFmt) -> Style {
    Style {
        fill: Some(ANSWER_FILL),
        unlocked: true,
        num,
        ..Style::cell()
    }
}

/// The 「記入のしかた」 sheet: what to fill, by when, to whom; 回答者・連絡先 once per file.
fn guide_sheet(round: &Inquiry, form: &Form, office: &str, municipality: &str) -> Sheet {
    let mut b = SheetBuilder::new(GUIDE_SHEET);
    b.fixed_width(0, 3.0);
    b.fixed_width(1, 22.0);
    b.fixed_width(2, 70.0);
    let label = Style::cell().bold().with_fill(0xD9E1F2);
    b.text(
        0,
        1,
        &format!("{}（{}）", round.name, form.unit),
        Style::title(),
    );
    let lines: [(&str, String); 5] = [
        ("団体", municipality.to_string()),
        ("回答する課", form.unit.clone()),
        (
            "基準日",
            format!("{}時点の状況を記入してください", wareki(round.as_of)),
        ),
        ("回答期限", wareki(round.due)),
        ("提出先", office.to_string()),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        b.text(2 + i as u32, 1, k, label);
        b.text(2 + i as u32, 2, v, Style::cell());
    }
    let steps = [
        "1. 各シート（工程表・標準化・オンライン化・研修）の黄色のセルだけを記入してください。ほかのセルは変更できません。",
        "2. 状態はセルの▼から選んでください。進捗率は0〜100の数字、日付は 2025/12/1 や 令和7年12月1日 の形で入力できます。",
        "3. 行の追加・削除・並べ替えはしないでください。該当しない行は、状態を「対象外」「中止」にして理由を記入してください。",
        "4. この下の「回答者・連絡先」に、課名・氏名・内線番号を記入してください。",
        "5. ファイル名を変えずに保存し、回答期限までに提出先へ返送してください。",
    ];
    for (i, s) in steps.iter().enumerate() {
        b.text_unmeasured(8 + i as u32, 1, s, Style::default());
    }
    let (r, c) = RESPONDENT_CELL;
    b.text(r, c - 1, "回答者・連絡先", label);
    b.blank(r, c, answer(NumFmt::General));
    let mut sheet = b.finish(3.0, 80.0);
    sheet.paper = Paper::A4;
    sheet.protect = true;
    sheet
}

fn plan_cell(b: &mut SheetBuilder, row: u32, col: u16, p: &PlanCell) {
    let st = Style::cell();
    match p {
        PlanCell::None => b.blank(row, col, st),
        PlanCell::Date(d) => b.date(row, col, *d, st.with_num(NumFmt::Wareki)),
        PlanCell::Text(t) => b.text(row, col, t, st),
    }
}

/// One kind's sheet: the rows with their answer cells unlocked and validated.
fn kind_sheet(kind: AskKind, rows: &[&AskedRow], round: &Inquiry, unit: &str) -> Sheet {
    let mut b = SheetBuilder::new(kind.sheet());
    for (c, w) in WIDTHS.iter().enumerate() {
        b.fixed_width(c as u16, *w);
    }
    b.text(0, 0, &format!("{}（{unit}）", round.name), Style::title());
    b.text(
        1,
        0,
        &format!(
            "{}時点の状況を黄色のセルに記入してください（回答期限 {}）。",
            wareki(round.as_of),
            wareki(round.due)
        ),
        Style::default(),
    );
    for (c, h) in kind.headers().iter().enumerate() {
        b.text(HEADER_ROW, c as u16, h, Style::header());
    }
    let not_asked = Style::cell().with_fill(NOT_ASKED_FILL);
    let locked = Style::cell();
    for (i, r) in rows.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        b.text(row, COL_KEY, &kind.key(r.id), locked.centered());
        b.text(row, 1, &r.group, locked);
        b.text(row, 2, &r.label, locked);
        b.text(row, 3, &r.owner, locked);
        plan_cell(&mut b, row, 4, &r.plan_start);
        plan_cell(&mut b, row, 5, &r.plan_end);
        b.text(row, COL_STATUS, &r.sent.status, answer(NumFmt::General));
        match r.sent.progress {
            Some(p) if kind.asks_progress() => {
                let mut st = answer(NumFmt::General);
                st.align = Align::Right;
                b.number(row, COL_PROGRESS, f64::from(p), st);
            }
            _ => b.blank(row, COL_PROGRESS, not_asked),
        }
        if kind.asks_start() {
            b.opt_date(row, COL_START, r.sent.actual_start, answer(NumFmt::Wareki));
        } else {
            b.blank(row, COL_START, not_asked);
        }
        b.opt_date(row, COL_END, r.sent.actual_end, answer(NumFmt::Wareki));
        if kind.asks_notes() {
            b.text_unmeasured(row, COL_NOTES, &r.sent.notes, answer(NumFmt::General));
        } else {
            b.blank(row, COL_NOTES, not_asked);
        }
    }
    let mut sheet = b.finish(3.0, 60.0);
    let last = FIRST_ROW + rows.len().max(1) as u32 - 1;
    let range = |c1: u16, c2: u16, rule: Rule, title: &str, message: &str| Validation {
        first_row: FIRST_ROW,
        first_col: c1,
        last_row: last,
        last_col: c2,
        rule,
        title: title.into(),
        message: message.into(),
    };
    let labels: Vec<String> = kind.status_labels().iter().map(|s| s.to_string()).collect();
    let status_msg = format!("{}のいずれかを選んでください。", labels.join("・"));
    let first = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default();
    sheet.validations.push(range(
        COL_STATUS,
        COL_STATUS,
        Rule::List(labels),
        "状態",
        &status_msg,
    ));
    if kind.asks_progress() {
        sheet.validations.push(range(
            COL_PROGRESS,
            COL_PROGRESS,
            Rule::Decimal(0.0, 100.0),
            "進捗率",
            "進捗率は0〜100の数字で入力してください。",
        ));
    }
    let c1 = if kind.asks_start() {
        COL_START
    } else {
        COL_END
    };
    sheet.validations.push(range(
        c1,
        COL_END,
        Rule::Date(first, end),
        "日付",
        "日付は 2025/12/1 や 令和7年12月1日 の形で入力してください。",
    ));
    sheet.freeze = Some((FIRST_ROW, 1));
    sheet.repeat_rows = Some((HEADER_ROW, HEADER_ROW));
    sheet.paper = Paper::A4;
    sheet.protect = true;
    sheet
}

/// The hidden metadata sheet: every value as text, closed by the digest row.
fn meta_sheet(meta: &FormMeta) -> Sheet {
    let mut b = SheetBuilder::new(META_SHEET);
    let cells = meta.cells();
    let sig = digest(&meta.token, &cells);
    for (r, row) in cells.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                b.text_unmeasured(r as u32, c as u16, v, Style::default());
            }
        }
    }
    let last = cells.len() as u32;
    b.text_unmeasured(last, 0, "digest", Style::default());
    b.text_unmeasured(last, 1, &sig, Style::default());
    let mut sheet = b.finish(8.0, 20.0);
    sheet.hidden = true;
    sheet.protect = true;
    sheet.paper = Paper::A4;
    sheet
}

/// A new round's token: 128 random bits from the operating system.
pub fn round_token() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|e| Error::internal(format!("乱数を得られませんでした（{e}）。")))?;
    Ok(crate::model::inquiry::token_from(b))
}

/// The office the forms go back to: the workbook's DX推進 unit (a 課 named …DX…, else …情報…).
pub fn office_name(wb: &Workbook) -> String {
    let by = |needle: &str| {
        wb.units
            .iter()
            .filter(|u| u.name.contains(needle))
            .min_by_key(|u| (u.parent_id.is_none(), u.sort, u.id))
            .map(|u| u.name.clone())
    };
    let unit = by("DX")
        .or_else(|| by("情報"))
        .unwrap_or_else(|| "DX推進担当".into());
    format!("{} {unit}", wb.meta.municipality)
}

/// The form of one 課 as a book: 「記入のしかた」, a sheet per kind that has rows, the hidden metadata.
pub fn form_book(wb: &Workbook, round: &Inquiry, form: &Form, created: NaiveDate) -> Book {
    let office = office_name(wb);
    let mut sheets = vec![guide_sheet(round, form, &office, &wb.meta.municipality)];
    for kind in AskKind::ALL {
        let rows: Vec<&AskedRow> = form.rows_of(kind).collect();
        if !rows.is_empty() {
            sheets.push(kind_sheet(kind, &rows, round, &form.unit));
        }
    }
    sheets.push(meta_sheet(&FormMeta::of(wb, round, form)));
    Book {
        title: format!("{}（{}）", round.name, form.unit),
        municipality: wb.meta.municipality.clone(),
        created,
        sheets,
    }
}

/// The file names of a round's forms, made unique (a second 課 whose name gives the same file gets （2）).
pub fn form_file_names(round: &Inquiry, forms: &[Form]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for f in forms {
        let base = file_name(round, &f.unit);
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            name = base.replace(".xlsx", &format!("（{n}）.xlsx"));
            n += 1;
        }
        out.push(name);
    }
    out
}

/// Writes every form of a round into `dir` (each file whole or not at all); returns the paths written.
pub fn write_forms(
    wb: &Workbook,
    round: &Inquiry,
    forms: &[Form],
    dir: &Path,
    created: NaiveDate,
) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::new(
            ErrorCode::NotFound,
            format!("保存先のフォルダ「{}」がありません。", dir.display()),
        ));
    }
    let names = form_file_names(round, forms);
    let mut out = vec![];
    for (f, name) in forms.iter().zip(names) {
        let path = dir.join(name);
        super::write::write_book(&form_book(wb, round, f, created), &path)?;
        out.push(path);
    }
    Ok(out)
}
