//! Training records (who took which course in which 年度) arrive from the personnel section or a course provider
//! as CSV (UTF-8 or Shift_JIS) or Excel; this module reads them and plans the enrolments to add or update,
//! keyed by (職員番号, 研修, 年度), refusing the whole file when any line is bad.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use chrono::{Datelike, NaiveDate};

use super::cells::{read_rows, serial_date};
use super::columns::{ColumnMap, Columns, Field, column_of, header_list, resolve};
use super::plan::{ImportPlan, PlanLine, other_lines};
use super::progress::{Progress, Ticker};
use super::staff::STAFF_NO;
use super::text::{Encoding, ascii_fold, widen_kana};
use crate::calendar::{FiscalYear, parse_fiscal_year};
use crate::error::{Error, Result};
use crate::model::edit::{Edit, Entity};
use crate::model::{Course, Enrolment, EnrolmentStatus, Id, Workbook};

const COURSE: &[&str] = &[
    "研修",
    "研修名",
    "研修コード",
    "研修ID",
    "研修番号",
    "講座",
    "講座名",
    "コース",
    "コース名",
    "科目名",
];
const PROVIDER: &[&str] = &["実施主体", "主催", "主催者", "実施機関"];
const YEAR: &[&str] = &["年度", "受講年度", "実施年度"];
const DATE: &[&str] = &["受講日", "実施日", "受講年月日", "研修日"];
const MONTH: &[&str] = &["受講月", "実施月", "月"];
const STATUS: &[&str] = &["状況", "受講状況", "状態", "ステータス", "受講区分"];
const COMPLETED: &[&str] = &["修了日", "完了日", "修了年月日"];

/// The fields training records give, in the order the preview lists them (年度 or 受講日 is needed: checked apart).
pub const FIELDS: &[Field] = &[
    Field {
        label: "職員番号",
        names: STAFF_NO,
        required: true,
    },
    Field {
        label: "研修",
        names: COURSE,
        required: true,
    },
    Field {
        label: "実施主体",
        names: PROVIDER,
        required: false,
    },
    Field {
        label: "年度",
        names: YEAR,
        required: false,
    },
    Field {
        label: "受講日",
        names: DATE,
        required: false,
    },
    Field {
        label: "受講月",
        names: MONTH,
        required: false,
    },
    Field {
        label: "状況",
        names: STATUS,
        required: false,
    },
    Field {
        label: "修了日",
        names: COMPLETED,
        required: false,
    },
];

/// A line read into an enrolment with its label for the report, or the reason it was refused.
type ReadLine = (usize, std::result::Result<(Enrolment, String), String>);

/// Options of a training import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrainingOptions {
    /// of a CSV file (an .xlsx is recognised by its content)
    pub encoding: Encoding,
}

/// A 状況 as written in training records: 予定・受講予定, 修了・受講済・完了, 取消・欠席・中止.
pub fn parse_status(s: &str) -> Result<EnrolmentStatus> {
    let t = s.trim();
    let t = match t {
        "受講予定" | "申込" | "申込済" | "未受講" => "予定",
        "受講済み" | "修了済" | "修了済み" | "済" | "受講" | "合格" => "修了",
        "欠席" | "不参加" | "キャンセル" | "辞退" => "取消",
        t => t,
    };
    EnrolmentStatus::parse(t).map_err(|_| {
        Error::field(
            "status",
            format!(
                "状況「{}」は使えません（予定・修了（受講済）・取消（欠席））。",
                s.trim()
            ),
        )
    })
}

/// Finds a course by name (with its 実施主体 when several share the name) or by its number in the catalogue.
fn find_course<'a>(
    by_name: &HashMap<String, Vec<&'a Course>>,
    by_id: &HashMap<Id, &'a Course>,
    name: &str,
    provider: Option<&str>,
) -> std::result::Result<&'a Course, String> {
    let key = ascii_fold(name).trim().to_string();
    if let Some(found) = by_name.get(&key) {
        let chosen: Vec<&&Course> = match provider.filter(|p| !p.is_empty()) {
            Some(p) => found.iter().filter(|c| c.provider == p).collect(),
            None => found.iter().collect(),
        };
        return match chosen.as_slice() {
            [one] => Ok(**one),
            [] => Err(format!(
                "研修「{key}」の実施主体「{}」が研修一覧と合いません（{}）。",
                provider.unwrap_or_default(),
                found
                    .iter()
                    .map(|c| c.provider.as_str())
                    .collect::<Vec<_>>()
                    .join("・")
            )),
            many => Err(format!(
                "研修「{key}」が研修一覧に{}件あります（実施主体: {}）。実施主体の列を加えてください。",
                many.len(),
                many.iter()
                    .map(|c| c.provider.as_str())
                    .collect::<Vec<_>>()
                    .join("・")
            )),
        };
    }
    if let Ok(id) = key.parse::<Id>()
        && let Some(c) = by_id.get(&id)
    {
        return Ok(c);
    }
    Err(format!(
        "研修「{key}」が研修一覧にありません。研修名を確認するか、先に人材育成の研修一覧に登録してください。"
    ))
}

/// `f(key)`, computed once per distinct key.
fn memo<T: Clone>(cache: &mut FxHashMap<String, T>, key: &str, f: impl FnOnce(&str) -> T) -> T {
    if let Some(v) = cache.get(key) {
        return v.clone();
    }
    let v = f(key);
    cache.insert(key.to_string(), v.clone());
    v
}

/// The day a completed course counts from when the file gives none: the end of its month, else the 年度's end.
fn default_completion(year: FiscalYear, month: Option<u32>) -> NaiveDate {
    month
        .and_then(|m| {
            let y = if m >= 4 { year.0 } else { year.0 + 1 };
            NaiveDate::from_ymd_opt(y, m, 1)?
                .checked_add_months(chrono::Months::new(1))?
                .pred_opt()
        })
        .unwrap_or_else(|| year.end())
}

/// A date as typed, or an Excel serial day (a date cell without a date format reads as a number).
fn read_date(s: &str) -> std::result::Result<NaiveDate, String> {
    if let Ok(n) = s.parse::<f64>()
        && (1.0..1_000_000.0).contains(&n)
    {
        return serial_date(n).ok_or_else(|| format!("「{s}」は日付として読み取れません。"));
    }
    crate::calendar::parse_date(s).map_err(|e| e.to_string())
}

fn show_date(d: Option<NaiveDate>) -> String {
    d.map(crate::calendar::wareki)
        .unwrap_or_else(|| "（空欄）".into())
}

fn show_month(m: Option<u32>) -> String {
    m.map(|m| format!("{m}月"))
        .unwrap_or_else(|| "（空欄）".into())
}

/// Plans a training import: one enrolment per (職員番号, 研修, 年度); a line that matches an existing enrolment
/// updates its 状況, 受講月 and 修了日, others are added; nothing is removed. Every bad line (unknown 職員番号 or
/// 研修, unreadable 年度 or 受講日, unknown 状況, the same enrolment twice …) is listed with its line number and
/// `ImportPlan::into_edit(false)` then refuses the whole file.
///
/// Checked here with indexes (linear in the file and the workbook), by the same rules as the model; the batch
/// is checked again when it is applied.
pub fn plan_training_import(
    wb: &Workbook,
    bytes: &[u8],
    opts: TrainingOptions,
) -> Result<ImportPlan> {
    plan_training_import_watched(wb, bytes, opts, &super::progress::silent)?
        .ok_or_else(|| Error::internal("研修の受講記録の照合が途中で止まりました。"))
}

/// [`plan_training_import`] reporting its rows to `progress`; `Ok(None)` when `progress` stops it (nothing
/// planned).
pub fn plan_training_import_watched(
    wb: &Workbook,
    bytes: &[u8],
    opts: TrainingOptions,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    plan_training_import_mapped(wb, bytes, opts, &ColumnMap::default(), progress)?
        .map(ImportPlan::require_columns)
        .transpose()
}

/// [`plan_training_import_watched`] with the columns the person chose in `map` (others guessed by their
/// header). When 職員番号, 研修 or both 年度 and 受講日 have no column the plan reads no row and says why in
/// `ImportPlan::unmapped`, listing the columns it found.
pub fn plan_training_import_mapped(
    wb: &Workbook,
    bytes: &[u8],
    opts: TrainingOptions,
    map: &ColumnMap,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    let (rows, broken) = read_rows(bytes, opts.encoding)?;
    let no_names: Vec<&str> = match map.get("職員番号") {
        Some(Some(h)) => vec![h],
        _ => STAFF_NO.to_vec(),
    };
    let needed = "見出し行に「職員番号」「研修」「年度（または受講日）」の列が必要です";
    // the header is the first row naming the 職員番号 column (an Excel sheet may have a title above it)
    let h = match rows
        .iter()
        .position(|(_, r)| Columns::new(r).find(&no_names).is_some())
    {
        Some(h) => h,
        None => {
            let Some((_, first)) = rows.first() else {
                return Err(Error::invalid("ファイルが空です（見出し行がありません）。"));
            };
            // the first row as the header, so the person can choose the 職員番号 column among its cells
            let uses = resolve(FIELDS, &first.iter().collect::<Vec<_>>(), map)?;
            let why = format!("{needed}（見出し: {}）。", header_list(first));
            return Ok(Some(ImportPlan::unmapped(first, uses, why)));
        }
    };
    let header = &rows[h].1;
    let uses = resolve(FIELDS, &header.iter().collect::<Vec<_>>(), map)?;
    let col = |label: &str| column_of(&uses, label);
    let (c_no, c_course) = (col("職員番号"), col("研修"));
    let (c_year, c_date) = (col("年度"), col("受講日"));
    let (Some(c_no), Some(c_course), true) = (c_no, c_course, c_year.is_some() || c_date.is_some())
    else {
        let why = format!("{needed}（見出し: {}）。", header_list(header));
        return Ok(Some(ImportPlan::unmapped(header, uses, why)));
    };
    let (c_provider, c_month, c_status, c_done) =
        (col("実施主体"), col("受講月"), col("状況"), col("修了日"));

    let person_of: FxHashMap<&str, Id> = wb
        .people
        .iter()
        .filter_map(|p| Some((p.staff_no.as_deref()?, p.id)))
        .collect();
    let mut by_name: HashMap<String, Vec<&Course>> = HashMap::new();
    for c in &wb.courses {
        by_name
            .entry(ascii_fold(&c.name).trim().to_string())
            .or_default()
            .push(c);
    }
    let by_id: HashMap<Id, &Course> = wb.courses.iter().map(|c| (c.id, c)).collect();
    let existing: FxHashMap<(Id, Id, FiscalYear), &Enrolment> = wb
        .enrolments
        .iter()
        .map(|e| ((e.person_id, e.course_id, e.year), e))
        .collect();

    let Some(mut ticker) = Ticker::start(progress, rows.len().saturating_sub(h + 1)) else {
        return Ok(None);
    };
    let mut plan = ImportPlan::empty();
    plan.rejected.extend(broken);
    // first pass: each line read into an enrolment (or a reason), so duplicates can name every copy
    let mut read: Vec<ReadLine> = Vec::with_capacity(rows.len().saturating_sub(h + 1));
    // how many lines name each enrolment (the lines of a duplicate are listed after this pass)
    let mut lines_of: FxHashMap<(Id, Id, FiscalYear), u32> = FxHashMap::default();
    lines_of.reserve(rows.len());
    // the same few course names, years, statuses and dates recur on every line: each is read once
    let mut courses_by_provider: FxHashMap<
        String,
        FxHashMap<String, std::result::Result<Id, String>>,
    > = FxHashMap::default();
    let mut years: FxHashMap<String, Option<FiscalYear>> = FxHashMap::default();
    let mut statuses: FxHashMap<String, std::result::Result<EnrolmentStatus, String>> =
        FxHashMap::default();
    let mut dates: FxHashMap<String, std::result::Result<NaiveDate, String>> = FxHashMap::default();
    for (done, (line, r)) in rows.iter().skip(h + 1).enumerate() {
        if !ticker.tick(done) {
            return Ok(None);
        }
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: Option<usize>| {
            c.and_then(|i| r.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let row = (|| -> std::result::Result<(Enrolment, String), String> {
            let raw_no = cell(Some(c_no)).unwrap_or_default();
            let person_id = match person_of.get(raw_no) {
                Some(id) => *id,
                None => {
                    let no = ascii_fold(raw_no);
                    if no.is_empty() {
                        return Err("職員番号が空欄です。".into());
                    }
                    *person_of.get(no.as_str()).ok_or_else(|| {
                        format!("職員番号「{no}」の職員がいません。先に職員一覧を取り込んでください（dxplan import staff）。")
                    })?
                }
            };
            let course_name = cell(Some(c_course)).ok_or("研修が空欄です。")?;
            let provider = cell(c_provider).unwrap_or_default();
            let of_provider = match courses_by_provider.get_mut(provider) {
                Some(m) => m,
                None => courses_by_provider.entry(provider.to_string()).or_default(),
            };
            let course_id = memo(of_provider, course_name, |name| {
                let p = (!provider.is_empty()).then(|| widen_kana(provider));
                find_course(&by_name, &by_id, &widen_kana(name), p.as_deref()).map(|c| c.id)
            })?;
            let course = by_id[&course_id];
            let date = match cell(c_date) {
                None => None,
                Some(d) => {
                    Some(memo(&mut dates, d, read_date).map_err(|e| format!("受講日: {e}"))?)
                }
            };
            let year = match (cell(c_year), date) {
                (Some(y), _) => {
                    let fy = memo(&mut years, y, parse_fiscal_year).ok_or_else(|| {
                        format!("年度「{y}」が読めません（例: 2025、2025年度、令和7年度、R7）。")
                    })?;
                    if let Some(d) = date
                        && FiscalYear::of(d) != fy
                    {
                        return Err(format!(
                            "受講日（{}）が{}に入りません。",
                            crate::calendar::wareki(d),
                            fy.label()
                        ));
                    }
                    fy
                }
                (None, Some(d)) => FiscalYear::of(d),
                (None, None) => return Err("年度（または受講日）が空欄です。".into()),
            };
            let old = existing.get(&(person_id, course.id, year)).copied();
            let month = match cell(c_month) {
                Some(m) => {
                    let m = ascii_fold(m);
                    let n: u32 = m
                        .trim_end_matches('月')
                        .parse()
                        .ok()
                        .filter(|n| (1..=12).contains(n))
                        .ok_or_else(|| format!("受講月「{m}」が読めません（1〜12）。"))?;
                    Some(n)
                }
                None => date
                    .map(|d| d.month())
                    .or_else(|| old.and_then(|o| o.month))
                    .or(course.month),
            };
            let done_on = match cell(c_done) {
                None => None,
                Some(d) => {
                    Some(memo(&mut dates, d, read_date).map_err(|e| format!("修了日: {e}"))?)
                }
            };
            let status = match cell(c_status) {
                Some(s) => memo(&mut statuses, s, |s| {
                    parse_status(&widen_kana(s)).map_err(|e| e.message)
                })?,
                None if done_on.is_some() => EnrolmentStatus::Completed,
                None => old.map(|o| o.status).unwrap_or_default(),
            };
            let completed_on = match status {
                EnrolmentStatus::Completed => Some(
                    done_on
                        .or(date)
                        .or_else(|| old.and_then(|o| o.completed_on))
                        .unwrap_or_else(|| default_completion(year, month)),
                ),
                _ => None,
            };
            let e = Enrolment {
                id: old.map(|o| o.id).unwrap_or(0),
                person_id,
                course_id: course.id,
                year,
                month,
                status,
                completed_on,
            };
            e.validate().map_err(|err| err.message)?;
            Ok((e, format!("{raw_no} {} {}", course.name, year.label())))
        })();
        if let Ok((e, _)) = &row {
            *lines_of
                .entry((e.person_id, e.course_id, e.year))
                .or_default() += 1;
        }
        read.push((*line, row));
    }

    // every line of each duplicated enrolment (rare: only those keys get a list)
    let mut dup_lines: FxHashMap<(Id, Id, FiscalYear), Vec<usize>> = FxHashMap::default();
    for (line, row) in &read {
        if let Ok((e, _)) = row {
            let key = (e.person_id, e.course_id, e.year);
            if lines_of.get(&key).is_some_and(|n| *n > 1) {
                dup_lines.entry(key).or_default().push(*line);
            }
        }
    }
    drop(lines_of);
    let mut edits = Vec::with_capacity(read.len());
    for (line, row) in read {
        let (e, label) = match row {
            Ok(x) => x,
            Err(reason) => {
                plan.rejected.push((line, reason));
                continue;
            }
        };
        if let Some(ls) = dup_lines.get(&(e.person_id, e.course_id, e.year)) {
            plan.rejected.push((
                line,
                format!(
                    "同じ職員・研修・年度（{label}）の行が{}にもあります。どの行が正しいか確認してください。",
                    other_lines(ls, line)
                ),
            ));
            continue;
        }
        match existing.get(&(e.person_id, e.course_id, e.year)) {
            Some(o) if **o == e => plan.unchanged += 1,
            Some(o) => {
                let mut changes = vec![];
                if o.status != e.status {
                    changes.push(format!("状況: {} → {}", o.status.label(), e.status.label()));
                }
                if o.month != e.month {
                    changes.push(format!(
                        "受講月: {} → {}",
                        show_month(o.month),
                        show_month(e.month)
                    ));
                }
                if o.completed_on != e.completed_on {
                    changes.push(format!(
                        "修了日: {} → {}",
                        show_date(o.completed_on),
                        show_date(e.completed_on)
                    ));
                }
                plan.changed.push(PlanLine {
                    line,
                    label,
                    changes,
                });
                edits.push(Edit::Put {
                    entity: Entity::Enrolment(e),
                });
            }
            None => {
                plan.added.push(PlanLine {
                    line,
                    label,
                    changes: vec![format!("状況: {}", e.status.label())],
                });
                edits.push(Edit::Put {
                    entity: Entity::Enrolment(e),
                });
            }
        }
    }
    plan.rejected.sort_by_key(|(n, _)| *n);
    plan.edits = Edit::Batch { edits };
    plan.headers = header.iter().map(|h| h.trim().to_string()).collect();
    plan.columns = uses;
    Ok(ticker.finish().then_some(plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_accept_the_words_of_training_records() {
        assert_eq!(parse_status("受講済").unwrap(), EnrolmentStatus::Completed);
        assert_eq!(parse_status("受講予定").unwrap(), EnrolmentStatus::Planned);
        assert_eq!(parse_status("欠席").unwrap(), EnrolmentStatus::Cancelled);
        let err = parse_status("保留").unwrap_err();
        assert!(err.message.contains("「保留」"), "{}", err.message);
    }

    #[test]
    fn a_completion_without_a_date_counts_from_the_end_of_its_month_or_year() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            default_completion(FiscalYear(2025), Some(7)),
            d("2025-07-31")
        );
        assert_eq!(
            default_completion(FiscalYear(2025), Some(2)),
            d("2026-02-28")
        );
        assert_eq!(default_completion(FiscalYear(2025), None), d("2026-03-31"));
    }
}
