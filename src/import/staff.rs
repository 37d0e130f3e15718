//! Staff lists from the personnel system (人事給与システム) arrive as CSV, often in Shift_JIS with half-width
//! kana; this module reads them and plans the updates by 職員番号, refusing the whole file when any line is bad.

use std::collections::HashMap;

use super::cells::csv_rows;
use super::columns::{ColumnMap, Field, column_of, header_list, resolve};
use super::plan::{ImportPlan, Planner, other_lines, quoted};
use super::progress::{Progress, Ticker};
use super::text::{Encoding, ascii_fold, decode, widen_kana};
use crate::error::{Error, Result};
use crate::model::edit::{Edit, Entity};
use crate::model::{Employment, Id, Person, Workbook};

/// A personnel-system field: trimmed, half-width kana widened.
fn clean(s: &str) -> String {
    widen_kana(s.trim())
}

pub(crate) const STAFF_NO: &[&str] = &["職員番号", "職員ID", "職員コード", "職員NO", "職員No"];
const NAME: &[&str] = &["氏名", "名前", "職員名", "氏名(漢字)", "漢字氏名"];
const KANA: &[&str] = &[
    "かな",
    "ふりがな",
    "フリガナ",
    "カナ",
    "氏名カナ",
    "カナ氏名",
    "よみ",
    "氏名(カナ)",
    "氏名かな",
];
const UNIT: &[&str] = &["所属", "所属名", "課名", "所属課", "所属部署", "部署"];
const POSITION: &[&str] = &["職位", "役職", "職名", "役職名"];
const EMPLOYMENT: &[&str] = &["任用形態", "雇用形態"];

/// The fields a staff list gives, in the order the preview lists them.
pub const FIELDS: &[Field] = &[
    Field {
        label: "職員番号",
        names: STAFF_NO,
        required: true,
    },
    Field {
        label: "氏名",
        names: NAME,
        required: true,
    },
    Field {
        label: "かな",
        names: KANA,
        required: false,
    },
    Field {
        label: "所属",
        names: UNIT,
        required: false,
    },
    Field {
        label: "職位",
        names: POSITION,
        required: false,
    },
    Field {
        label: "任用形態",
        names: EMPLOYMENT,
        required: false,
    },
];

/// Options of a staff import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffOptions {
    pub encoding: Encoding,
}

/// Plans a staff import: people matched by 職員番号 are updated, others added; nobody is removed.
/// Every bad line (broken, duplicate 職員番号, unknown 所属, empty 氏名 …) is listed with its line number;
/// `ImportPlan::into_edit(false)` then refuses the whole file.
pub fn plan_staff_import(wb: &Workbook, bytes: &[u8], opts: StaffOptions) -> Result<ImportPlan> {
    plan_staff_import_watched(wb, bytes, opts, &super::progress::silent)?
        .ok_or_else(|| Error::internal("職員名簿の照合が途中で止まりました。"))
}

/// [`plan_staff_import`] reporting its rows to `progress`; `Ok(None)` when `progress` stops it (nothing planned).
pub fn plan_staff_import_watched(
    wb: &Workbook,
    bytes: &[u8],
    opts: StaffOptions,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    plan_staff_import_mapped(wb, bytes, opts, &ColumnMap::default(), progress)?
        .map(ImportPlan::require_columns)
        .transpose()
}

/// [`plan_staff_import_watched`] with the columns the person chose in `map` (others guessed by their header).
/// When 職員番号 or 氏名 has no column the plan reads no row and says why in `ImportPlan::unmapped`, listing the
/// columns it found, so the window can offer the header's columns to choose from.
pub fn plan_staff_import_mapped(
    wb: &Workbook,
    bytes: &[u8],
    opts: StaffOptions,
    map: &ColumnMap,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    let text = decode(bytes, opts.encoding)?;
    let (rows, broken) = csv_rows(&text);
    let Some((_, header)) = rows.first() else {
        return Err(Error::invalid("CSVが空です（見出し行がありません）。"));
    };
    let uses = resolve(FIELDS, &header.iter().collect::<Vec<_>>(), map)?;
    let col = |label: &str| column_of(&uses, label);
    let (c_no, c_name) = match (col("職員番号"), col("氏名")) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            let why = format!(
                "見出し行に「職員番号」と「氏名」の列が必要です（見出し: {}）。",
                header_list(header)
            );
            return Ok(Some(ImportPlan::unmapped(header, uses, why)));
        }
    };
    let (c_kana, c_unit, c_pos, c_emp) = (col("かな"), col("所属"), col("職位"), col("任用形態"));

    let Some(mut ticker) = Ticker::start(progress, rows.len().saturating_sub(1)) else {
        return Ok(None);
    };
    let mut p = Planner::new(wb);
    for (line, reason) in broken {
        p.reject(line, reason);
    }
    // lines per 職員番号, to refuse every copy of a duplicate
    let mut lines_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (line, r) in rows.iter().skip(1) {
        let no = ascii_fold(r.get(c_no).unwrap_or("")).trim().to_string();
        if !no.is_empty() {
            lines_of.entry(no).or_default().push(*line);
        }
    }
    let by_no: HashMap<&str, &Person> = wb
        .people
        .iter()
        .filter_map(|p| Some((p.staff_no.as_deref()?, p)))
        .collect();
    for (done, (line, r)) in rows.iter().skip(1).enumerate() {
        if !ticker.tick(done) {
            return Ok(None);
        }
        let line = *line;
        let cell = |c: Option<usize>| c.and_then(|i| r.get(i)).map(clean);
        let no = ascii_fold(r.get(c_no).unwrap_or("")).trim().to_string();
        if no.is_empty() {
            p.reject(line, "職員番号が空欄です。");
            continue;
        }
        if let Some(ls) = lines_of.get(&no)
            && ls.len() > 1
        {
            p.reject(
                line,
                format!(
                    "職員番号「{no}」が{}にもあります。どの行が正しいか確認してください。",
                    other_lines(ls, line)
                ),
            );
            continue;
        }
        let name = cell(Some(c_name)).unwrap_or_default();
        if name.is_empty() {
            p.reject(line, format!("職員番号「{no}」の氏名が空欄です。"));
            continue;
        }
        let old = by_no.get(no.as_str()).copied();
        let unit_id = match cell(c_unit) {
            None => old.and_then(|o| o.unit_id),
            Some(u) if u.is_empty() => None,
            Some(u) => match find_unit(wb, &u, old.and_then(|o| o.unit_id)) {
                Ok(id) => Some(id),
                Err(reason) => {
                    p.reject(line, reason);
                    continue;
                }
            },
        };
        let employment = match cell(c_emp) {
            None => old.map(|o| o.employment).unwrap_or_default(),
            Some(e) => match Employment::parse(&e) {
                Ok(v) => v,
                Err(err) => {
                    p.reject(line, err.message);
                    continue;
                }
            },
        };
        let person = Person {
            id: old.map(|o| o.id).unwrap_or(0),
            staff_no: Some(no.clone()),
            name: name.clone(),
            kana: cell(c_kana).unwrap_or_else(|| old.map(|o| o.kana.clone()).unwrap_or_default()),
            position: cell(c_pos)
                .unwrap_or_else(|| old.map(|o| o.position.clone()).unwrap_or_default()),
            unit_id,
            employment,
        };
        // the model's rules for a person: its own fields here; its 所属 exists (found above); its 職員番号 is
        // unique (one line per 職員番号, and an existing holder is this very person)
        if let Err(e) = person.validate() {
            p.reject(line, e.message);
            continue;
        }
        match old {
            Some(o) if *o == person => p.unchanged(),
            Some(o) => {
                let mut ch = vec![];
                let mut diff = |label: &str, a: &str, b: &str| {
                    if a != b {
                        ch.push(format!("{label}: {} → {}", show(a), show(b)));
                    }
                };
                diff("氏名", &o.name, &person.name);
                diff("かな", &o.kana, &person.kana);
                diff("職位", &o.position, &person.position);
                diff(
                    "所属",
                    wb.unit_name(o.unit_id),
                    wb.unit_name(person.unit_id),
                );
                diff("任用形態", o.employment.label(), person.employment.label());
                p.accept(
                    line,
                    format!("{no} {name}"),
                    Edit::Put {
                        entity: Entity::Person(person),
                    },
                    ch,
                    false,
                );
            }
            None => {
                let ch = vec![format!("所属: {}", show(wb.unit_name(person.unit_id)))];
                p.accept(
                    line,
                    format!("{no} {name}"),
                    Edit::Put {
                        entity: Entity::Person(person),
                    },
                    ch,
                    true,
                );
            }
        }
    }
    Ok(ticker.finish().then(|| {
        let mut plan = p.finish();
        plan.headers = header.iter().map(|h| h.trim().to_string()).collect();
        plan.columns = uses;
        plan
    }))
}

fn show(s: &str) -> String {
    quoted(s, usize::MAX)
}

/// Finds a 所属 by name; a name shared by several units may be written with its parent ("市民部 市民課",
/// "市民部／市民課"); the person's current unit wins a tie.
fn find_unit(wb: &Workbook, name: &str, current: Option<Id>) -> std::result::Result<Id, String> {
    let n = name.replace('\u{3000}', " ");
    let parts: Vec<&str> = n
        .split(['/', '／', ' ', '>', '＞'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return Err("所属が空欄です。".into());
    };
    let whole = name.trim();
    let mut found: Vec<Id> = wb
        .units
        .iter()
        .filter(|u| u.name == whole)
        .map(|u| u.id)
        .collect();
    if found.is_empty() {
        found = wb
            .units
            .iter()
            .filter(|u| u.name == *last)
            .map(|u| u.id)
            .collect();
        if parts.len() > 1 {
            // keep the units whose ancestors include every named part
            found.retain(|id| {
                let path = crate::model::org::unit_path(&wb.units, *id);
                parts[..parts.len() - 1]
                    .iter()
                    .all(|p| path.split(" / ").any(|x| x == *p))
            });
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "所属「{whole}」が組織にありません。先に推進体制に登録するか、名前を確認してください。"
        )),
        many => match current.filter(|c| many.contains(c)) {
            Some(c) => Ok(c),
            None => Err(format!(
                "所属「{whole}」が組織に{}つあります。「部名 課名」のように上位組織も書いてください。",
                many.len()
            )),
        },
    }
}
