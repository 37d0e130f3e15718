//! 照会 forms as plain data, because the rows each 課 is asked about, the layout of its form and the values as sent
//! are decided once, here, for the writer (`xlsx::inquiry`) and the reader of returns (`import::inquiry`) alike.
//!
//! A 課 is asked about every row it owns (each owner unit of a row, `model::owners::owner_units`): the 工程表
//! tasks (not 【参考】 rows), the 標準化 steps of its systems, the オンライン化 procedures and the training
//! enrolments of its staff still 予定 in the 年度 of the 基準日 (a completion or cancellation already recorded needs
//! no answer; a large city has tens of thousands of them). The form format's invariants:
//! - one sheet per kind that has rows ([`AskKind::sheet`]), the same eleven columns on each ([`COLS`]), the header
//!   on Excel row 4 and the rows from row 5, each with its 整理番号 (`T12`, `S345`, `P8`, `E1234`) in column A;
//! - the answerable cells are status, 進捗率, 実績開始, 実績終了 and 課題・遅延理由 (as the kind asks them), and
//!   回答者・連絡先 once on 「記入のしかた」; everything else is locked;
//! - a hidden sheet [`META_SHEET`] holds, as text cells, the workbook's 団体名・団体コード, the round's name and
//!   token, the 課, and per row its 整理番号, sheet, Excel row and values as sent, closed by a SHA-256 digest of
//!   all of it with the round token ([`digest`]). No secret key is involved: the digest notices an accidental or
//!   casual edit of the metadata, not a determined forger (who could recompute it); the token, 128 random bits,
//!   ties a file to its round.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calendar::FiscalYear;
use crate::error::{Error, Result};
use crate::model::edit::Entity;
use crate::model::owners::owner_units;
use crate::model::{EnrolmentStatus, Id, Inquiry, Span, Status, StepStatus, Workbook};

/// The hidden sheet of every form.
pub const META_SHEET: &str = "_dxplan";
/// The first sheet of every form.
pub const GUIDE_SHEET: &str = "記入のしかた";
/// The format's name and version, first cell of the metadata.
pub const FORMAT: &str = "dxplan-inquiry/1";
/// Header row of a kind sheet (0-based; Excel row 4) and the first answer row.
pub const HEADER_ROW: u32 = 3;
pub const FIRST_ROW: u32 = 4;
/// Columns of a kind sheet (0-based).
pub const COLS: u16 = 11;
pub const COL_KEY: u16 = 0;
pub const COL_STATUS: u16 = 6;
pub const COL_PROGRESS: u16 = 7;
pub const COL_START: u16 = 8;
pub const COL_END: u16 = 9;
pub const COL_NOTES: u16 = 10;
/// Where 回答者・連絡先 is answered on 「記入のしかた」 (0-based row, col).
pub const RESPONDENT_CELL: (u32, u16) = (14, 2);

/// What kind of row is asked about.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AskKind {
    Task,
    Step,
    Procedure,
    Enrolment,
}

impl AskKind {
    pub const ALL: [AskKind; 4] = [
        AskKind::Task,
        AskKind::Step,
        AskKind::Procedure,
        AskKind::Enrolment,
    ];
    /// Sheet name in the form.
    pub fn sheet(self) -> &'static str {
        match self {
            AskKind::Task => "工程表",
            AskKind::Step => "標準化",
            AskKind::Procedure => "オンライン化",
            AskKind::Enrolment => "研修",
        }
    }
    pub fn from_sheet(name: &str) -> Option<AskKind> {
        AskKind::ALL.into_iter().find(|k| k.sheet() == name.trim())
    }
    fn prefix(self) -> char {
        match self {
            AskKind::Task => 'T',
            AskKind::Step => 'S',
            AskKind::Procedure => 'P',
            AskKind::Enrolment => 'E',
        }
    }
    /// The 整理番号 of a row (T12).
    pub fn key(self, id: Id) -> String {
        format!("{}{id}", self.prefix())
    }
    /// Reads a 整理番号 back (trimmed, full-width letters and digits accepted).
    pub fn parse_key(s: &str) -> Option<(AskKind, Id)> {
        let t: String = s.trim().chars().map(fold_width).collect();
        let mut cs = t.chars();
        let p = cs.next()?.to_ascii_uppercase();
        let kind = AskKind::ALL.into_iter().find(|k| k.prefix() == p)?;
        let id: Id = cs.as_str().parse().ok()?;
        (id > 0).then_some((kind, id))
    }
    /// The status labels offered in the drop-down (the workbook's own labels).
    pub fn status_labels(self) -> Vec<&'static str> {
        match self {
            AskKind::Task | AskKind::Procedure => Status::ALL.iter().map(|s| s.label()).collect(),
            AskKind::Step => StepStatus::ALL.iter().map(|s| s.label()).collect(),
            AskKind::Enrolment => [
                EnrolmentStatus::Planned,
                EnrolmentStatus::Completed,
                EnrolmentStatus::Cancelled,
            ]
            .iter()
            .map(|s| s.label())
            .collect(),
        }
    }
    /// Whether the kind answers 進捗率, 実績開始 and 課題・遅延理由 (all answer status and 実績終了/修了日).
    pub fn asks_progress(self) -> bool {
        self == AskKind::Task
    }
    pub fn asks_start(self) -> bool {
        self != AskKind::Enrolment
    }
    pub fn asks_notes(self) -> bool {
        self != AskKind::Enrolment
    }
    /// The column headers of the kind's sheet.
    pub fn headers(self) -> [&'static str; COLS as usize] {
        match self {
            AskKind::Enrolment => [
                "整理番号",
                "研修",
                "氏名（職員番号）",
                "所属",
                "年度",
                "受講月",
                "受講状況",
                "—",
                "—",
                "修了日",
                "—",
            ],
            k => [
                "整理番号",
                match k {
                    AskKind::Task => "取組事項",
                    AskKind::Step => "業務",
                    _ => "分類",
                },
                match k {
                    AskKind::Task => "取組内容",
                    AskKind::Step => "作業項目",
                    _ => "手続",
                },
                "所管課",
                "計画開始",
                "計画終了",
                "状態",
                "進捗率（%）",
                "実績開始",
                "実績終了",
                "課題・遅延理由",
            ],
        }
    }
}

/// Full-width ASCII (Ａ１２) as ASCII.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// The answerable values of a row: as sent, as answered, or as the workbook now has them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Answer {
    /// the status label (the kind's own labels)
    pub status: String,
    /// 進捗率 (tasks only)
    pub progress: Option<u8>,
    pub actual_start: Option<NaiveDate>,
    /// 実績終了 (修了日 of an enrolment)
    pub actual_end: Option<NaiveDate>,
    /// 課題・遅延理由
    pub notes: String,
}

/// A planned column of a form row: dates for work, text for an enrolment (年度, 受講月).
#[derive(Debug, Clone, PartialEq)]
pub enum PlanCell {
    None,
    Date(NaiveDate),
    Text(String),
}

/// One row a 課 is asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedRow {
    pub kind: AskKind,
    pub id: Id,
    /// 取組事項 / 業務 / 分類 / 研修
    pub group: String,
    /// 取組内容 / 作業項目 / 手続 / 氏名（職員番号）
    pub label: String,
    /// the row's 所管課 as shown (several joined with ・)
    pub owner: String,
    pub plan_start: PlanCell,
    pub plan_end: PlanCell,
    pub sent: Answer,
}

/// The form of one 課.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub unit: String,
    /// rows in sheet order: tasks, steps, procedures, enrolments
    pub rows: Vec<AskedRow>,
}

impl Form {
    pub fn rows_of(&self, kind: AskKind) -> impl Iterator<Item = &AskedRow> {
        self.rows.iter().filter(move |r| r.kind == kind)
    }
}

/// The row's answerable values as the workbook has them now (none if the row is gone).
pub fn current(wb: &Workbook, kind: AskKind, id: Id) -> Option<Answer> {
    use crate::model::edit::find;
    match kind {
        AskKind::Task => wb.task(id).map(|t| Answer {
            status: t.status.label().into(),
            progress: Some(t.progress),
            actual_start: t.actual_start,
            actual_end: t.actual_end,
            notes: t.notes.clone(),
        }),
        AskKind::Step => find(&wb.system_steps, id).map(|s| Answer {
            status: s.status.label().into(),
            progress: None,
            actual_start: s.actual_start,
            actual_end: s.actual_end,
            notes: s.notes.clone(),
        }),
        AskKind::Procedure => find(&wb.procedures, id).map(|p| Answer {
            status: p.status.label().into(),
            progress: None,
            actual_start: p.actual_start,
            actual_end: p.actual_end,
            notes: p.notes.clone(),
        }),
        AskKind::Enrolment => find(&wb.enrolments, id).map(|e| Answer {
            status: e.status.label().into(),
            progress: None,
            actual_start: None,
            actual_end: e.completed_on,
            notes: String::new(),
        }),
    }
}

/// The row with the answer put in, validated by the row's own rules (the edit checks the rest).
pub fn answered_row(wb: &Workbook, kind: AskKind, id: Id, a: &Answer) -> Result<Entity> {
    use crate::model::edit::find;
    let gone = || Error::not_found(kind.sheet(), id);
    let e = match kind {
        AskKind::Task => {
            let mut t = wb.task(id).ok_or_else(gone)?.clone();
            t.status = Status::parse(&a.status)?;
            t.progress = a.progress.unwrap_or(t.progress);
            t.actual_start = a.actual_start;
            t.actual_end = a.actual_end;
            t.notes = a.notes.clone();
            t.validate()?;
            Entity::Task(t)
        }
        AskKind::Step => {
            let mut s = find(&wb.system_steps, id).ok_or_else(gone)?.clone();
            s.status = StepStatus::parse(&a.status)?;
            s.actual_start = a.actual_start;
            s.actual_end = a.actual_end;
            s.notes = a.notes.clone();
            s.validate()?;
            Entity::Step(s)
        }
        AskKind::Procedure => {
            let mut p = find(&wb.procedures, id).ok_or_else(gone)?.clone();
            p.status = Status::parse(&a.status)?;
            p.actual_start = a.actual_start;
            p.actual_end = a.actual_end;
            p.notes = a.notes.clone();
            p.validate()?;
            Entity::Procedure(p)
        }
        AskKind::Enrolment => {
            let mut e = find(&wb.enrolments, id).ok_or_else(gone)?.clone();
            e.status = EnrolmentStatus::parse(&a.status)?;
            e.completed_on = a.actual_end;
            e.validate()?;
            Entity::Enrolment(e)
        }
    };
    Ok(e)
}

fn span_cells(plan: Option<Span>) -> (PlanCell, PlanCell) {
    match plan {
        Some(p) => (PlanCell::Date(p.start), PlanCell::Date(p.end)),
        None => (PlanCell::None, PlanCell::None),
    }
}

/// Every row of the workbook that can be asked about, with its owner field, in form order.
fn askable(wb: &Workbook, as_of: NaiveDate) -> Vec<AskedRow> {
    let mut rows = vec![];
    let mut push = |kind: AskKind, id: Id, group: String, label: String, owner: String, plan| {
        if let Some(sent) = current(wb, kind, id) {
            let (plan_start, plan_end) = plan;
            rows.push(AskedRow {
                kind,
                id,
                group,
                label,
                owner,
                plan_start,
                plan_end,
                sent,
            });
        }
    };
    for i in wb.roadmap_order() {
        if i.reference {
            continue;
        }
        for t in wb.tasks_of(i.id) {
            let owner = wb.unit_name(t.owner_unit.or(i.owner_unit)).to_string();
            push(
                AskKind::Task,
                t.id,
                i.name.clone(),
                t.name.clone(),
                owner,
                span_cells(t.plan),
            );
        }
    }
    let mut systems: Vec<_> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    for s in systems {
        let owner = wb.owner_names(s);
        for st in wb.steps_of(s.id) {
            let label = wb
                .template_step(st.template_step_id)
                .map(|t| format!("{}{}", t.code, t.name))
                .unwrap_or_default();
            push(
                AskKind::Step,
                st.id,
                s.name.clone(),
                label,
                owner.clone(),
                span_cells(st.plan),
            );
        }
    }
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.no, p.id));
    for p in procs {
        push(
            AskKind::Procedure,
            p.id,
            p.category.label().to_string(),
            format!("{}. {}", p.no, p.name),
            wb.unit_name(p.owner_unit).to_string(),
            span_cells(p.plan),
        );
    }
    let year = FiscalYear::of(as_of);
    let people: rustc_hash::FxHashMap<Id, &crate::model::Person> =
        wb.people.iter().map(|p| (p.id, p)).collect();
    let courses: rustc_hash::FxHashMap<Id, &str> =
        wb.courses.iter().map(|c| (c.id, c.name.as_str())).collect();
    for e in wb
        .enrolments
        .iter()
        .filter(|e| e.year == year && e.status == EnrolmentStatus::Planned)
    {
        let Some(person) = people.get(&e.person_id) else {
            continue;
        };
        let label = match &person.staff_no {
            Some(no) => format!("{}（{no}）", person.name),
            None => person.name.clone(),
        };
        push(
            AskKind::Enrolment,
            e.id,
            courses.get(&e.course_id).copied().unwrap_or("").to_string(),
            label,
            wb.unit_name(person.unit_id).to_string(),
            (
                PlanCell::Text(e.year.label()),
                e.month
                    .map(|m| PlanCell::Text(format!("{m}月")))
                    .unwrap_or(PlanCell::None),
            ),
        );
    }
    rows
}

/// The forms of a round: one per 課 that owns a row (or per 課 of `only`, in that order), each with every row
/// listed under each of its owner units. A 課 named in `only` that owns no row is refused by name.
pub fn plan_forms(wb: &Workbook, as_of: NaiveDate, only: Option<&[String]>) -> Result<Vec<Form>> {
    let mut forms: Vec<Form> = vec![];
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    for row in askable(wb, as_of) {
        for u in owner_units(&row.owner) {
            let i = *index.entry(u.to_string()).or_insert_with(|| {
                forms.push(Form {
                    unit: u.to_string(),
                    rows: vec![],
                });
                forms.len() - 1
            });
            forms[i].rows.push(row.clone());
        }
    }
    match only {
        None => Ok(forms),
        Some(names) => {
            let mut out = vec![];
            let mut missing = vec![];
            for n in names {
                let n = n.trim();
                if n.is_empty() || out.iter().any(|f: &Form| f.unit == n) {
                    continue;
                }
                match index.get(n) {
                    Some(&i) => out.push(forms[i].clone()),
                    None => missing.push(n.to_string()),
                }
            }
            if !missing.is_empty() {
                return Err(Error::field(
                    "units",
                    format!(
                        "照会先の課「{}」が担当する行がありません（課の名前を確かめてください）。",
                        missing.join("」「")
                    ),
                ));
            }
            Ok(out)
        }
    }
}

/// A new round (id 0, to be put as an edit) and its forms: one per 課 that owns a row, or per 課 of `only`.
pub fn new_round(
    wb: &Workbook,
    name: &str,
    as_of: NaiveDate,
    due: NaiveDate,
    created: NaiveDate,
    token: String,
    only: Option<&[String]>,
) -> Result<(Inquiry, Vec<Form>)> {
    let forms = plan_forms(wb, as_of, only)?;
    let round = Inquiry {
        id: 0,
        name: name.trim().to_string(),
        as_of,
        due,
        created,
        token,
        units: forms
            .iter()
            .map(|f| crate::model::InquiryUnit::asked(&f.unit))
            .collect(),
    };
    round.validate()?;
    Ok((round, forms))
}

/// The round's file name for a 課: R7.12進捗照会_介護保険課.xlsx (characters no file system takes become _).
pub fn file_name(round: &Inquiry, unit: &str) -> String {
    let era = crate::calendar::wareki_short(round.as_of);
    let ym = era.rsplit_once('.').map_or(era.as_str(), |(ym, _)| ym);
    let safe: String = unit
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(60)
        .collect();
    let safe = safe.trim_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{ym}進捗照会_{safe}.xlsx")
}

/// One asked row as recorded in the metadata: its 整理番号, sheet, Excel row (1-based) and the values as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct SentRow {
    pub kind: AskKind,
    pub id: Id,
    pub excel_row: u32,
    pub sent: Answer,
}

/// A form's hidden metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct FormMeta {
    pub municipality: String,
    pub code: String,
    pub round: String,
    pub token: String,
    pub unit: String,
    pub as_of: NaiveDate,
    pub due: NaiveDate,
    pub rows: Vec<SentRow>,
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl FormMeta {
    pub fn of(wb: &Workbook, round: &Inquiry, form: &Form) -> FormMeta {
        let mut rows = vec![];
        for kind in AskKind::ALL {
            for (i, r) in form.rows_of(kind).enumerate() {
                rows.push(SentRow {
                    kind,
                    id: r.id,
                    excel_row: FIRST_ROW + i as u32 + 1,
                    sent: r.sent.clone(),
                });
            }
        }
        FormMeta {
            municipality: wb.meta.municipality.clone(),
            code: wb
                .meta
                .code
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            round: round.name.clone(),
            token: round.token.clone(),
            unit: form.unit.clone(),
            as_of: round.as_of,
            due: round.due,
            rows,
        }
    }

    /// The metadata as rows of text cells, without the digest row.
    pub fn cells(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = vec![
            vec![FORMAT.into()],
            vec!["団体名".into(), self.municipality.clone()],
            vec!["団体コード".into(), self.code.clone()],
            vec!["照会名".into(), self.round.clone()],
            vec!["識別子".into(), self.token.clone()],
            vec!["課".into(), self.unit.clone()],
            vec!["基準日".into(), date_text(Some(self.as_of))],
            vec!["回答期限".into(), date_text(Some(self.due))],
            vec![
                "整理番号".into(),
                "シート".into(),
                "行".into(),
                "状態".into(),
                "進捗率".into(),
                "実績開始".into(),
                "実績終了".into(),
                "課題・遅延理由".into(),
            ],
        ];
        for r in &self.rows {
            out.push(vec![
                r.kind.key(r.id),
                r.kind.sheet().into(),
                r.excel_row.to_string(),
                r.sent.status.clone(),
                r.sent.progress.map(|p| p.to_string()).unwrap_or_default(),
                date_text(r.sent.actual_start),
                date_text(r.sent.actual_end),
                r.sent.notes.clone(),
            ]);
        }
        out
    }

    /// Reads the metadata back from its text cells (the last row is the digest), checking the digest.
    pub fn parse(cells: &[Vec<String>]) -> std::result::Result<FormMeta, String> {
        let get = |r: usize, c: usize| -> &str {
            cells
                .get(r)
                .and_then(|row| row.get(c))
                .map_or("", |s| s.as_str())
        };
        if get(0, 0) != FORMAT {
            return Err("dxplanの照会様式ではありません（識別情報のシートがありません）".into());
        }
        let Some((last, body)) = cells.split_last() else {
            return Err("識別情報が空です".into());
        };
        if last.first().map(String::as_str) != Some("digest") {
            return Err("識別情報の終わりがありません（書き換えられています）".into());
        }
        let token = get(4, 1).to_string();
        let want = digest(&token, body);
        if last.get(1).map(String::as_str) != Some(want.as_str()) {
            return Err("識別情報が書き換えられています（照合値が合いません）".into());
        }
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let bad = || "識別情報が読めません".to_string();
        let mut rows = vec![];
        for r in body.iter().skip(9) {
            let f = |c: usize| r.get(c).map_or("", |s| s.as_str());
            let (kind, id) = AskKind::parse_key(f(0)).ok_or_else(bad)?;
            rows.push(SentRow {
                kind,
                id,
                excel_row: f(2).parse().map_err(|_| bad())?,
                sent: Answer {
                    status: f(3).into(),
                    progress: if f(4).is_empty() {
                        None
                    } else {
                        Some(f(4).parse().map_err(|_| bad())?)
                    },
                    actual_start: date(f(5)),
                    actual_end: date(f(6)),
                    notes: f(7).into(),
                },
            });
        }
        Ok(FormMeta {
            municipality: get(1, 1).into(),
            code: get(2, 1).into(),
            round: get(3, 1).into(),
            token,
            unit: get(5, 1).into(),
            as_of: date(get(6, 1)).ok_or_else(bad)?,
            due: date(get(7, 1)).ok_or_else(bad)?,
            rows,
        })
    }
}

/// SHA-256 (hex) of the round token and the metadata's text cells, each cell and row delimited so that moving
/// text between cells changes it.
pub fn digest(token: &str, cells: &[Vec<String>]) -> String {
    let mut h = Sha256::new();
    h.update(token.as_bytes());
    for row in cells {
        h.update([0x1e]);
        // a reader returns no trailing empty cells: they do not count
        let n = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        for c in &row[..n] {
            h.update((c.len() as u64).to_le_bytes());
            h.update(c.as_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
