//! Reads schedules back from Excel (our own データ sheet, or a plain 工程表 as offices keep them) and step
//! templates from CSV/XLSX, turning rows into an [`ImportPlan`]; nothing here writes the workbook.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Months, NaiveDate};

use crate::calendar::parse_date;
use crate::error::{Error, ErrorCode, Result};
use crate::model::edit::{Edit, Entity, Key};
use crate::model::{
    Id, Initiative, InitiativeGroup, LinkMethod, Span, Status, StepStatus, StepTemplate,
    SystemStep, TemplateStep, Workbook,
};
use crate::xlsx::export::{KIND_PROCEDURE, KIND_STEP, KIND_TASK};
use crate::xlsx::{Columns, ImportPlan, PlanLine, Planner, ascii_fold};

/// A cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum In {
    Empty,
    Text(String),
    Num(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl In {
    pub(crate) fn text(&self) -> String {
        match self {
            In::Empty => String::new(),
            In::Text(s) => s.clone(),
            In::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            In::Num(n) => n.to_string(),
            In::Date(d) => d.format("%Y-%m-%d").to_string(),
            In::Bool(b) => b.to_string(),
        }
    }
    fn is_empty(&self) -> bool {
        match self {
            In::Empty => true,
            In::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Excel serial day (1900 date system) to a date.
pub(crate) fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

fn to_in(d: &Data) -> In {
    match d {
        Data::Empty => In::Empty,
        Data::String(s) => In::Text(s.clone()),
        Data::Float(f) => In::Num(*f),
        Data::Int(i) => In::Num(*i as f64),
        Data::Bool(b) => In::Bool(*b),
        Data::DateTime(x) => serial_date(x.as_f64())
            .map(In::Date)
            .unwrap_or(In::Num(x.as_f64())),
        Data::DateTimeIso(s) => parse_date(s.get(..10).unwrap_or(s))
            .map(In::Date)
            .unwrap_or(In::Text(s.clone())),
        Data::DurationIso(s) => In::Text(s.clone()),
        Data::Error(_) => In::Empty,
    }
}

/// A sheet as read: its name and rows of cells, with the 1-based row number Excel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIn {
    pub name: String,
    pub rows: Vec<(usize, Vec<In>)>,
}

/// Reads every sheet of an .xlsx file's bytes.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<SheetIn>> {
    let bad = |e: &dyn std::fmt::Display| {
        Error::invalid(format!("Excelファイル（.xlsx）として読めません（{e}）。"))
    };
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut out = vec![];
    for name in x.sheet_names() {
        let range = x.worksheet_range(&name).map_err(|e| bad(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows = vec![];
        for (i, r) in range.rows().enumerate() {
            let mut cells: Vec<In> = vec![In::Empty; c0 as usize];
            cells.extend(r.iter().map(to_in));
            rows.push((r0 as usize + i + 1, cells));
        }
        out.push(SheetIn { name, rows });
    }
    Ok(out)
}

/// Reads a file into memory with a Japanese error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| crate::store::io_error(path, &e))
}

/// Plans an import of an .xlsx file: our own データ sheet when present, else the first sheet laid out as a
/// plain 工程表 (a header row with 取組事項/項目, 開始, 終了 …). Only updates and additions: rows missing from
/// the file are left alone.
pub fn plan_xlsx_import(wb: &Workbook, bytes: &[u8]) -> Result<ImportPlan> {
    let sheets = read_xlsx(bytes)?;
    if let Some(s) = sheets.iter().find(|s| s.name == "データ")
        && let Some((hi, cols)) = find_header(s, &[&["種別"], &["ID"], &["名称"]], DATA_ALIASES)
    {
        return Ok(plan_data(wb, s, hi, &cols));
    }
    for s in &sheets {
        if let Some((hi, cols)) =
            find_header(s, &[PLAIN_NAME, PLAIN_START, PLAIN_END], PLAIN_ALIASES)
        {
            return Ok(plan_plain(wb, s, hi, &cols));
        }
    }
    Err(Error::invalid(
        "取り込める表が見つかりません。dxplanが出力した「データ」シート、または「取組事項（項目）・開始・終了」の見出しがある表を用意してください。",
    ))
}

type Aliases = &'static [(&'static str, &'static [&'static str])];

const DATA_ALIASES: Aliases = &[
    ("種別", &["種別"]),
    ("ID", &["ID"]),
    ("区分", &["区分"]),
    ("番号", &["番号"]),
    ("名称", &["名称"]),
    ("担当課", &["担当課"]),
    ("計画開始", &["計画開始"]),
    ("計画終了", &["計画終了"]),
    ("実績開始", &["実績開始"]),
    ("実績終了", &["実績終了"]),
    ("状況", &["状況"]),
    ("進捗率", &["進捗率"]),
    ("マイルストーン", &["マイルストーン"]),
    ("目標日", &["目標日"]),
    ("連携方式", &["連携方式"]),
    ("対象外理由", &["対象外理由"]),
    ("備考", &["備考"]),
];

const PLAIN_NAME: &[&str] = &[
    "取組事項",
    "項目",
    "取組内容",
    "作業項目",
    "タスク",
    "件名",
    "作業",
];
const PLAIN_START: &[&str] = &[
    "開始",
    "開始日",
    "開始予定",
    "開始予定日",
    "計画開始",
    "着手",
    "着手日",
    "開始年月",
];
const PLAIN_END: &[&str] = &[
    "終了",
    "終了日",
    "終了予定",
    "終了予定日",
    "計画終了",
    "完了予定",
    "完了予定日",
    "期限",
    "終了年月",
];
const PLAIN_ALIASES: Aliases = &[
    ("name", PLAIN_NAME),
    ("start", PLAIN_START),
    ("end", PLAIN_END),
    ("group", &["区分", "大項目", "分類", "取組", "カテゴリ"]),
    (
        "owner",
        &["担当", "担当課", "所管課", "担当部署", "担当所属"],
    ),
    ("status", &["状況", "状態", "ステータス"]),
    ("progress", &["進捗", "進捗率", "進捗(%)", "進捗率(%)"]),
    ("actual_start", &["実績開始", "開始実績", "実績開始日"]),
    (
        "actual_end",
        &["実績終了", "終了実績", "実績終了日", "完了日"],
    ),
    ("notes", &["備考", "課題", "課題・遅延理由", "メモ"]),
];

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
fn note<T: PartialEq>(
    out: &mut Vec<String>,
    label: &str,
    old: &T,
    new: &T,
    show: impl Fn(&T) -> String,
) {
    if old != new {
        out.push(format!("{label}: {} → {}", show(old), show(new)));
    }
}
#[allow(clippy::ptr_arg)] // used as `Fn(&String)` by `note`
fn quote(s: &String) -> String {
    if s.is_empty() {
        "（空欄）".into()
    } else {
        format!("「{}」", s.chars().take(30).collect::<String>())
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

fn plan_data(
    wb: &Workbook,
    s: &SheetIn,
    hi: usize,
    cols: &HashMap<&'static str, usize>,
) -> ImportPlan {
    let mut p = Planner::new(wb);
    let mut seen: HashMap<(String, Id), usize> = HashMap::new();
    let next_sort = wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0);
    let mut added_sort = next_sort;
    for (line, cells) in s.rows.iter().skip(hi + 1) {
        let line = *line;
        if cells.iter().all(In::is_empty) {
            continue;
        }
        let kind = get(cells, cols, "種別")
            .map(In::text)
            .unwrap_or_default()
            .trim()
            .to_string();
        let id_cell = get(cells, cols, "ID").cloned().unwrap_or(In::Empty);
        let id: Option<Id> = match &id_cell {
            In::Empty => None,
            In::Num(n) if n.fract() == 0.0 && *n > 0.0 => Some(*n as Id),
            In::Text(t) if t.trim().is_empty() => None,
            In::Text(t) => match ascii_fold(t.trim()).parse::<Id>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    p.reject(
                        line,
                        format!("ID「{}」は正の整数ではありません。", t.trim()),
                    );
                    continue;
                }
            },
            other => {
                p.reject(
                    line,
                    format!("ID「{}」は正の整数ではありません。", other.text()),
                );
                continue;
            }
        };
        if let Some(i) = id
            && let Some(first) = seen.insert((kind.clone(), i), line)
        {
            p.reject(
                line,
                format!("{kind} ID {i} が{first}行目と重複しています。"),
            );
            continue;
        }
        let cell = |k: &str| get(cells, cols, k);
        let text = |k: &str| cell(k).map(In::text);
        let result = match kind.as_str() {
            KIND_TASK => data_task(wb, &mut p, line, id, &cell, &text, &mut added_sort),
            KIND_STEP => data_step(wb, &mut p, line, id, &cell, &text),
            KIND_PROCEDURE => data_procedure(wb, &mut p, line, id, &cell, &text),
            "" => Err("種別が空欄です（工程表・標準化・オンライン化）。".to_string()),
            k => Err(format!(
                "種別「{k}」は使えません（工程表・標準化・オンライン化）。"
            )),
        };
        if let Err(reason) = result {
            p.reject(line, reason);
        }
    }
    p.finish()
}

type CellFn<'a> = dyn Fn(&str) -> Option<&'a In> + 'a;
type TextFn<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A row's plan, actual start and actual end.
type Dates = (Option<Span>, Option<NaiveDate>, Option<NaiveDate>);

/// Plan and actual dates of a row; a column that is absent keeps the current value.
fn dates(
    cell: &CellFn<'_>,
    plan: Option<Span>,
    astart: Option<NaiveDate>,
    aend: Option<NaiveDate>,
) -> std::result::Result<Dates, String> {
    let ps = match cell("計画開始") {
        Some(c) => date_of(c, false, "計画開始")?,
        None => plan.map(|p| p.start),
    };
    let pe = match cell("計画終了") {
        Some(c) => date_of(c, true, "計画終了")?,
        None => plan.map(|p| p.end),
    };
    let a1 = match cell("実績開始") {
        Some(c) => date_of(c, false, "実績開始")?,
        None => astart,
    };
    let a2 = match cell("実績終了") {
        Some(c) => date_of(c, true, "実績終了")?,
        None => aend,
    };
    Ok((span_of(ps, pe, "計画")?, a1, a2))
}

fn data_task(
    wb: &Workbook,
    p: &mut Planner,
    line: usize,
    id: Option<Id>,
    cell: &CellFn<'_>,
    text: &TextFn<'_>,
    added_sort: &mut i64,
) -> std::result::Result<(), String> {
    let old = match id {
        Some(i) => wb.task(i).cloned().ok_or_else(|| {
            format!("工程表 ID {i} の取組内容がありません（削除されたか、別のブックの表です）。")
        })?,
        None => {
            let group = text("区分").unwrap_or_default();
            let init = wb
                .initiatives
                .iter()
                .find(|i| i.name == group.trim())
                .ok_or_else(|| {
                    format!(
                        "IDのない行は追加になりますが、区分「{}」の取組事項がありません。",
                        group.trim()
                    )
                })?;
            *added_sort += 1;
            crate::model::Task {
                id: 0,
                initiative_id: init.id,
                name: String::new(),
                owner_unit: None,
                plan: None,
                actual_start: None,
                actual_end: None,
                progress: 0,
                status: Status::NotStarted,
                milestone: false,
                notes: String::new(),
                sort: *added_sort,
            }
        }
    };
    let mut t = old.clone();
    if let Some(n) = text("名称") {
        t.name = n.trim().to_string();
    }
    if let Some(o) = text("担当課") {
        t.owner_unit = unit_of(wb, &o, old.owner_unit)?;
    }
    (t.plan, t.actual_start, t.actual_end) =
        dates(cell, old.plan, old.actual_start, old.actual_end)?;
    if let Some(s) = text("状況") {
        t.status = Status::parse(&s).map_err(|e| e.message)?;
    }
    if let Some(c) = cell("進捗率") {
        t.progress = progress_of(c)?;
    }
    if let Some(c) = cell("マイルストーン") {
        t.milestone = flag_of(c);
    }
    if let Some(n) = text("備考") {
        t.notes = n;
    }
    if id.is_some() && t == old {
        p.unchanged();
        return Ok(());
    }
    let mut ch = vec![];
    note(&mut ch, "名称", &old.name, &t.name, quote);
    note(&mut ch, "担当課", &old.owner_unit, &t.owner_unit, |u| {
        quote(&wb.unit_name(*u).to_string())
    });
    note(&mut ch, "計画", &old.plan, &t.plan, |s| show_span(*s));
    note(
        &mut ch,
        "実績開始",
        &old.actual_start,
        &t.actual_start,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "実績終了",
        &old.actual_end,
        &t.actual_end,
        |d| show_date(*d),
    );
    note(&mut ch, "状況", &old.status, &t.status, |s| {
        s.label().to_string()
    });
    note(&mut ch, "進捗率", &old.progress, &t.progress, |v| {
        format!("{v}%")
    });
    note(
        &mut ch,
        "マイルストーン",
        &old.milestone,
        &t.milestone,
        |v| if *v { "◆".into() } else { "なし".into() },
    );
    note(&mut ch, "備考", &old.notes, &t.notes, quote);
    let label = t.name.clone();
    p.row(
        line,
        label,
        Edit::Put {
            entity: Entity::Task(t),
        },
        ch,
        id.is_none(),
    );
    Ok(())
}

fn data_step(
    wb: &Workbook,
    p: &mut Planner,
    line: usize,
    id: Option<Id>,
    cell: &CellFn<'_>,
    text: &TextFn<'_>,
) -> std::result::Result<(), String> {
    let Some(i) = id else {
        return Err(
            "標準化の行にはIDが必要です（作業項目の追加は手順テンプレートの取込で行います）。"
                .into(),
        );
    };
    let old = wb
        .system_steps
        .iter()
        .find(|s| s.id == i)
        .cloned()
        .ok_or_else(|| format!("標準化 ID {i} の作業がありません。"))?;
    let mut s = old.clone();
    (s.plan, s.actual_start, s.actual_end) =
        dates(cell, old.plan, old.actual_start, old.actual_end)?;
    if let Some(t) = text("状況") {
        s.status = StepStatus::parse(&t).map_err(|e| e.message)?;
    }
    if let Some(n) = text("備考") {
        s.notes = n;
    }
    if s == old {
        p.unchanged();
        return Ok(());
    }
    let mut ch = vec![];
    note(&mut ch, "計画", &old.plan, &s.plan, |x| show_span(*x));
    note(
        &mut ch,
        "実績開始",
        &old.actual_start,
        &s.actual_start,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "実績終了",
        &old.actual_end,
        &s.actual_end,
        |d| show_date(*d),
    );
    note(&mut ch, "状況", &old.status, &s.status, |x| {
        x.label().to_string()
    });
    note(&mut ch, "備考", &old.notes, &s.notes, quote);
    let sys = wb
        .system(s.system_id)
        .map(|x| x.name.clone())
        .unwrap_or_default();
    let step = wb
        .template_step(s.template_step_id)
        .map(|x| format!("{}{}", x.code, x.name))
        .unwrap_or_default();
    p.row(
        line,
        format!("{sys} {step}"),
        Edit::Put {
            entity: Entity::Step(s),
        },
        ch,
        false,
    );
    Ok(())
}

fn data_procedure(
    wb: &Workbook,
    p: &mut Planner,
    line: usize,
    id: Option<Id>,
    cell: &CellFn<'_>,
    text: &TextFn<'_>,
) -> std::result::Result<(), String> {
    let Some(i) = id else {
        return Err("オンライン化の行にはIDが必要です。".into());
    };
    let old = wb
        .procedures
        .iter()
        .find(|x| x.id == i)
        .cloned()
        .ok_or_else(|| format!("オンライン化 ID {i} の手続がありません。"))?;
    let mut r = old.clone();
    if let Some(n) = text("名称") {
        r.name = n.trim().to_string();
    }
    if let Some(o) = text("担当課") {
        r.owner_unit = unit_of(wb, &o, old.owner_unit)?;
    }
    (r.plan, r.actual_start, r.actual_end) =
        dates(cell, old.plan, old.actual_start, old.actual_end)?;
    if let Some(c) = cell("目標日") {
        r.target_date = date_of(c, true, "目標日")?;
    }
    if let Some(t) = text("状況") {
        r.status = Status::parse(&t).map_err(|e| e.message)?;
    }
    if let Some(t) = text("連携方式") {
        r.link_method = LinkMethod::parse(&t).map_err(|e| e.message)?;
    }
    if let Some(t) = text("対象外理由") {
        r.excluded_reason = t;
    }
    if let Some(t) = text("備考") {
        r.notes = t;
    }
    if r == old {
        p.unchanged();
        return Ok(());
    }
    let mut ch = vec![];
    note(&mut ch, "名称", &old.name, &r.name, quote);
    note(&mut ch, "担当課", &old.owner_unit, &r.owner_unit, |u| {
        quote(&wb.unit_name(*u).to_string())
    });
    note(&mut ch, "計画", &old.plan, &r.plan, |x| show_span(*x));
    note(
        &mut ch,
        "実績開始",
        &old.actual_start,
        &r.actual_start,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "実績終了",
        &old.actual_end,
        &r.actual_end,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "目標日",
        &old.target_date,
        &r.target_date,
        |d| show_date(*d),
    );
    note(&mut ch, "状況", &old.status, &r.status, |x| {
        x.label().to_string()
    });
    note(
        &mut ch,
        "連携方式",
        &old.link_method,
        &r.link_method,
        |x| x.map(|l| l.label()).unwrap_or("なし").to_string(),
    );
    note(
        &mut ch,
        "対象外理由",
        &old.excluded_reason,
        &r.excluded_reason,
        quote,
    );
    note(&mut ch, "備考", &old.notes, &r.notes, quote);
    let label = r.name.clone();
    p.row(
        line,
        label,
        Edit::Put {
            entity: Entity::Procedure(r),
        },
        ch,
        false,
    );
    Ok(())
}

/// A plain 工程表: group rows (a name, no dates) name the 取組事項; dated rows are its 取組内容, matched by name.
fn plan_plain(
    wb: &Workbook,
    s: &SheetIn,
    hi: usize,
    cols: &HashMap<&'static str, usize>,
) -> ImportPlan {
    let mut p = Planner::new(wb);
    let mut next_init = Workbook::next_id(wb.initiatives.iter().map(|i| &i.id));
    let mut next_init_sort = wb.initiatives.iter().map(|i| i.sort).max().unwrap_or(0);
    let mut next_sort = wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0);
    let mut current: Option<Id> = None;
    let mut made: HashMap<String, Id> = HashMap::new();
    let mut seen: HashSet<(Option<Id>, String)> = HashSet::new();
    let has_dates = |cells: &[In]| {
        ["start", "end"]
            .iter()
            .any(|k| get(cells, cols, k).is_some_and(|c| !c.is_empty()))
    };
    for (line, cells) in s.rows.iter().skip(hi + 1) {
        let line = *line;
        if cells.iter().all(In::is_empty) {
            continue;
        }
        let text = |k: &str| {
            get(cells, cols, k)
                .map(In::text)
                .map(|t| t.trim().to_string())
        };
        let name = text("name").unwrap_or_default();
        // an initiative named by a group column, or by a group row
        let group_name = text("group").filter(|g| !g.is_empty());
        let is_group_row = group_name.is_none()
            && !name.is_empty()
            && !has_dates(cells)
            && text("owner").unwrap_or_default().is_empty();
        let gname = if is_group_row {
            Some(name.clone())
        } else {
            group_name
        };
        if let Some(g) = gname {
            let found = wb
                .initiatives
                .iter()
                .find(|i| {
                    i.name == g
                        || format!("{}{}", i.code, i.name) == g
                        || format!("【参考】{}", i.name) == g
                })
                .map(|i| i.id)
                .or_else(|| made.get(&g).copied());
            current = Some(match found {
                Some(id) => id,
                None => {
                    next_init_sort += 1;
                    let init = imported_initiative(next_init, &g, next_init_sort);
                    if !p.row(
                        line,
                        g.clone(),
                        Edit::Put {
                            entity: Entity::Initiative(init),
                        },
                        vec!["取組事項を追加".into()],
                        true,
                    ) {
                        continue;
                    }
                    made.insert(g.clone(), next_init);
                    next_init += 1;
                    next_init - 1
                }
            });
            if is_group_row {
                continue;
            }
        }
        if name.is_empty() {
            p.reject(line, "取組事項（項目）の名前が空欄です。");
            continue;
        }
        if !seen.insert((current, name.clone())) {
            p.reject(line, format!("「{name}」が表の中で重複しています。"));
            continue;
        }
        // the task to update: same name under the current initiative, or the only task of that name
        let existing = match current {
            Some(i) => wb
                .tasks
                .iter()
                .find(|t| t.initiative_id == i && t.name == name),
            None => {
                let v: Vec<_> = wb.tasks.iter().filter(|t| t.name == name).collect();
                if v.len() > 1 {
                    p.reject(line, format!("「{name}」という取組内容が複数の取組事項にあります。区分の列か見出し行で取組事項を示してください。"));
                    continue;
                }
                v.first().copied()
            }
        };
        let init_id = match (existing, current) {
            (Some(t), _) => t.initiative_id,
            (None, Some(i)) => i,
            (None, None) => {
                let g = format!("取り込んだ取組（{}）", s.name);
                match made
                    .get(&g)
                    .copied()
                    .or_else(|| wb.initiatives.iter().find(|i| i.name == g).map(|i| i.id))
                {
                    Some(i) => i,
                    None => {
                        next_init_sort += 1;
                        let init = imported_initiative(next_init, &g, next_init_sort);
                        if !p.row(
                            line,
                            g.clone(),
                            Edit::Put {
                                entity: Entity::Initiative(init),
                            },
                            vec!["取組事項を追加".into()],
                            true,
                        ) {
                            continue;
                        }
                        made.insert(g, next_init);
                        next_init += 1;
                        next_init - 1
                    }
                }
            }
        };
        let old = existing.cloned();
        let mut t = old.clone().unwrap_or_else(|| {
            next_sort += 1;
            crate::model::Task {
                id: 0,
                initiative_id: init_id,
                name: name.clone(),
                owner_unit: None,
                plan: None,
                actual_start: None,
                actual_end: None,
                progress: 0,
                status: Status::NotStarted,
                milestone: false,
                notes: String::new(),
                sort: next_sort,
            }
        });
        let read = (|| -> std::result::Result<(), String> {
            let c = |k: &str| get(cells, cols, k).cloned().unwrap_or(In::Empty);
            let start = date_of(&c("start"), false, "開始")?;
            let end = date_of(&c("end"), true, "終了")?;
            t.plan = span_of(start, end, "計画")?;
            if cols.contains_key("actual_start") {
                t.actual_start = date_of(&c("actual_start"), false, "実績開始")?;
            }
            if cols.contains_key("actual_end") {
                t.actual_end = date_of(&c("actual_end"), true, "実績終了")?;
            }
            if let Some(o) = text("owner").filter(|o| !o.is_empty()) {
                t.owner_unit = unit_of(wb, &o, t.owner_unit)?;
            }
            if let Some(st) = text("status").filter(|o| !o.is_empty()) {
                t.status = Status::parse(&st).map_err(|e| e.message)?;
            }
            if cols.contains_key("progress") {
                let pc = c("progress");
                t.progress = match pc {
                    In::Num(n) if n > 0.0 && n <= 1.0 => (n * 100.0).round() as u8,
                    other => progress_of(&other)?,
                };
            }
            if t.status == Status::Done {
                t.progress = 100;
            }
            if let Some(n) = text("notes") {
                t.notes = n;
            }
            Ok(())
        })();
        if let Err(reason) = read {
            p.reject(line, reason);
            continue;
        }
        match old {
            Some(o) if o == t => p.unchanged(),
            Some(o) => {
                let mut ch = vec![];
                note(&mut ch, "計画", &o.plan, &t.plan, |x| show_span(*x));
                note(&mut ch, "担当課", &o.owner_unit, &t.owner_unit, |u| {
                    quote(&wb.unit_name(*u).to_string())
                });
                note(&mut ch, "状況", &o.status, &t.status, |x| {
                    x.label().to_string()
                });
                note(&mut ch, "進捗率", &o.progress, &t.progress, |v| {
                    format!("{v}%")
                });
                note(
                    &mut ch,
                    "実績開始",
                    &o.actual_start,
                    &t.actual_start,
                    |d| show_date(*d),
                );
                note(&mut ch, "実績終了", &o.actual_end, &t.actual_end, |d| {
                    show_date(*d)
                });
                note(&mut ch, "備考", &o.notes, &t.notes, quote);
                p.row(
                    line,
                    name,
                    Edit::Put {
                        entity: Entity::Task(t),
                    },
                    ch,
                    false,
                );
            }
            None => {
                let ch = vec![format!("計画: {}", show_span(t.plan))];
                p.row(
                    line,
                    name,
                    Edit::Put {
                        entity: Entity::Task(t),
                    },
                    ch,
                    true,
                );
            }
        }
    }
    p.finish()
}

/// Rows of a step template file (CSV in UTF-8 or Shift_JIS, or the first sheet of an .xlsx), as text cells
/// with their line/row numbers.
pub fn read_steps_file(path: &Path) -> Result<Vec<crate::import::staff::NumberedRow>> {
    let bytes = read_file(path)?;
    let is_xlsx = bytes.starts_with(b"PK\x03\x04");
    if is_xlsx {
        let sheets = read_xlsx(&bytes)?;
        let first = sheets
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid("Excelファイルにシートがありません。"))?;
        return Ok(first
            .rows
            .into_iter()
            .map(|(n, cells)| (n, cells.iter().map(In::text).collect()))
            .collect());
    }
    let text = crate::import::staff::decode(&bytes, crate::import::staff::Encoding::Auto)?;
    let (rows, broken) = crate::import::staff::csv_rows(&text);
    if let Some((line, reason)) = broken.first() {
        return Err(Error::invalid(format!("{line}行目: {reason}")));
    }
    Ok(rows)
}

/// Plans replacing the step template with the one in `rows` (same columns as assets/templates/steps_v1.csv:
/// 番号,記号,フェーズ,作業項目,細目,Aパターンのみ,標準期間月) and mapping every system onto it: a step whose
/// 作業項目 name is in both keeps its plan, actual and status; new steps start 未着手 (対象外 for A-only steps of
/// a B-pattern system); steps the new template lacks are removed. Any bad row refuses the whole template.
pub fn plan_steps_import(
    wb: &Workbook,
    rows: &[crate::import::staff::NumberedRow],
    template_name: &str,
) -> Result<ImportPlan> {
    let header = rows
        .iter()
        .position(|(_, r)| {
            let columns = Columns::new(r);
            columns.find(&["作業項目"]).is_some() && columns.find(&["番号"]).is_some()
        })
        .ok_or_else(|| Error::invalid("見出し行（番号・記号・フェーズ・作業項目・細目・Aパターンのみ・標準期間月）が見つかりません。"))?;
    let columns = Columns::new(&rows[header].1);
    let col = |name: &str| columns.find(&[name]);
    let (c_no, c_name) = (col("番号"), col("作業項目"));
    let (c_code, c_phase, c_details, c_a, c_months) = (
        col("記号"),
        col("フェーズ"),
        col("細目"),
        col("Aパターンのみ"),
        col("標準期間月"),
    );
    let mut plan = ImportPlan::empty();
    let old_by_name: HashMap<&str, &TemplateStep> = wb
        .template
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut next_id = Workbook::next_id(wb.template.steps.iter().map(|s| &s.id));
    let mut steps: Vec<(usize, TemplateStep)> = vec![];
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut nos: HashMap<u32, usize> = HashMap::new();
    for (line, r) in rows.iter().skip(header + 1) {
        let cell = |c: Option<usize>| {
            c.and_then(|i| r.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name = cell(c_name);
        let phase = cell(c_phase);
        let no = match ascii_fold(&cell(c_no)).parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                plan.rejected.push((
                    *line,
                    format!("番号「{}」は1以上の整数ではありません。", cell(c_no)),
                ));
                continue;
            }
        };
        if name.is_empty() {
            plan.rejected.push((*line, "作業項目が空欄です。".into()));
            continue;
        }
        if phase.is_empty() && c_phase.is_some() {
            plan.rejected
                .push((*line, format!("「{name}」のフェーズが空欄です。")));
            continue;
        }
        if let Some(first) = names.insert(name.clone(), *line) {
            plan.rejected.push((
                *line,
                format!("作業項目「{name}」が{first}行目と重複しています。"),
            ));
            continue;
        }
        if let Some(first) = nos.insert(no, *line) {
            plan.rejected
                .push((*line, format!("番号{no}が{first}行目と重複しています。")));
            continue;
        }
        let a_only = match ascii_fold(&cell(c_a)).to_lowercase().as_str() {
            "" | "false" | "0" | "いいえ" | "×" => false,
            "true" | "1" | "はい" | "○" | "〇" => true,
            other => {
                plan.rejected.push((
                    *line,
                    format!("Aパターンのみ「{other}」は true か false で入力してください。"),
                ));
                continue;
            }
        };
        let months = match cell(c_months).as_str() {
            "" => None,
            m => match ascii_fold(m).parse::<u32>() {
                Ok(v) => Some(v),
                Err(_) => {
                    plan.rejected
                        .push((*line, format!("標準期間月「{m}」は整数ではありません。")));
                    continue;
                }
            },
        };
        let id = match old_by_name.get(name.as_str()) {
            Some(o) => o.id,
            None => {
                next_id += 1;
                next_id - 1
            }
        };
        let phase = if phase.is_empty() {
            old_by_name
                .get(name.as_str())
                .map(|o| o.phase.clone())
                .unwrap_or_default()
        } else {
            phase
        };
        steps.push((
            *line,
            TemplateStep {
                id,
                no,
                code: cell(c_code),
                phase,
                name,
                details: cell(c_details),
                a_pattern_only: a_only,
                typical_months: months,
            },
        ));
    }
    if !plan.rejected.is_empty() {
        // a template is all or nothing: no edits at all, so not even a partial import can apply half of it
        plan.rejected.sort_by_key(|(n, _)| *n);
        return Ok(plan);
    }
    let template = StepTemplate {
        name: template_name.trim().to_string(),
        steps: steps.iter().map(|(_, s)| s.clone()).collect(),
    };
    template.validate()?;
    let new_ids: HashSet<Id> = template.steps.iter().map(|s| s.id).collect();
    let mut edits: Vec<Edit> = vec![];
    // steps the new template lacks go first, so the template can be replaced
    for old in &wb.template.steps {
        if new_ids.contains(&old.id) {
            continue;
        }
        let gone: Vec<&SystemStep> = wb
            .system_steps
            .iter()
            .filter(|s| s.template_step_id == old.id)
            .collect();
        let with_data = gone
            .iter()
            .filter(|s| {
                s.plan.is_some() || s.actual_start.is_some() || s.status != StepStatus::NotStarted
            })
            .count();
        edits.extend(gone.iter().map(|s| Edit::Delete {
            key: Key::Step(s.id),
        }));
        plan.changed.push(PlanLine {
            line: 0,
            label: format!("削除: {}{}", old.code, old.name),
            changes: vec![format!(
                "{}業務の作業を削除（うち計画・実績のあるもの{}件）",
                gone.len(),
                with_data
            )],
        });
    }
    edits.push(Edit::SetTemplate {
        template: template.clone(),
    });
    let mut systems: Vec<_> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    for (line, st) in &steps {
        match wb.template.steps.iter().find(|o| o.id == st.id) {
            Some(o) if o == st => plan.unchanged += 1,
            Some(o) => {
                let mut ch = vec![];
                note(&mut ch, "番号", &o.no, &st.no, |v| v.to_string());
                note(&mut ch, "記号", &o.code, &st.code, quote);
                note(&mut ch, "フェーズ", &o.phase, &st.phase, quote);
                note(&mut ch, "細目", &o.details, &st.details, quote);
                note(
                    &mut ch,
                    "Aパターンのみ",
                    &o.a_pattern_only,
                    &st.a_pattern_only,
                    |v| v.to_string(),
                );
                note(
                    &mut ch,
                    "標準期間月",
                    &o.typical_months,
                    &st.typical_months,
                    |v| v.map(|m| m.to_string()).unwrap_or("なし".into()),
                );
                plan.changed.push(PlanLine {
                    line: *line,
                    label: st.name.clone(),
                    changes: ch,
                });
            }
            None => {
                for s in &systems {
                    let status = if st.a_pattern_only && s.pattern == Some(crate::model::Pattern::B)
                    {
                        StepStatus::NotApplicable
                    } else {
                        StepStatus::NotStarted
                    };
                    edits.push(Edit::Put {
                        entity: Entity::Step(SystemStep {
                            id: 0,
                            system_id: s.id,
                            template_step_id: st.id,
                            plan: None,
                            actual_start: None,
                            actual_end: None,
                            status,
                            notes: String::new(),
                        }),
                    });
                }
                plan.added.push(PlanLine {
                    line: *line,
                    label: st.name.clone(),
                    changes: vec![format!("{}業務に追加（未着手）", systems.len())],
                });
            }
        }
    }
    if template.name != wb.template.name && plan.added.is_empty() && plan.changed.is_empty() {
        plan.changed.push(PlanLine {
            line: 0,
            label: "手順テンプレート名".into(),
            changes: vec![format!(
                "{} → {}",
                quote(&wb.template.name),
                quote(&template.name)
            )],
        });
    }
    // a template equal to the current one plans nothing
    if plan.added.is_empty() && plan.changed.is_empty() {
        return Ok(plan);
    }
    // check the whole batch now, so a problem is reported before anything is written
    let mut scratch = wb.clone();
    let batch = Edit::Batch { edits };
    crate::model::edit::apply(&mut scratch, batch.clone())
        .map_err(|e| Error::new(ErrorCode::Invalid, e.message))?;
    plan.edits = batch;
    Ok(plan)
}

/// Month of a date as "2025年4月" (for messages).
pub fn month_label(d: NaiveDate) -> String {
    format!("{}年{}月", d.year(), d.month())
}

/// An initiative the imported sheet names but the workbook lacks: added under その他の取組み.
fn imported_initiative(id: Id, name: &str, sort: i64) -> Initiative {
    Initiative {
        id,
        group: InitiativeGroup::Other,
        code: String::new(),
        name: name.to_string(),
        priority: false,
        reference: false,
        target_label: String::new(),
        target_date: None,
        owner_unit: None,
        sort,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::export::DATA_HEADERS;

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
    fn excel_serial_days_map_to_dates() {
        assert_eq!(
            serial_date(45748.0),
            NaiveDate::from_ymd_opt(2025, 4, 1),
            "45748 is 2025-04-01 in Excel"
        );
        assert_eq!(serial_date(-3.0), None);
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

    #[test]
    fn data_headers_are_all_known_to_the_importer() {
        for h in DATA_HEADERS {
            assert!(
                DATA_ALIASES.iter().any(|(k, _)| *k == h),
                "{h} is read back"
            );
        }
    }
}
