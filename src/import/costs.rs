//! 運用経費 from a finance system's export (CSV in UTF-8 or Shift_JIS, or .xlsx): one row per 業務, 年度 and 区分
//! with 計画額 and/or 実績額 in 円 or 千円 as finance writes them (commas, full-width digits, ▲). The plan is ONE
//! `Edit::SetRunningCosts`, so the import is all or nothing and one undo step.

use std::collections::HashMap;

use super::cells::read_rows;
use super::columns::{Columns, header_list};
use super::plan::{ImportPlan, PlanLine, other_lines, quoted};
use super::text::{Encoding, widen_kana};
use crate::calendar::FiscalYear;
use crate::error::{Error, Result};
use crate::model::cost::{
    CostCategory, RunningCost, Unit, Yen, format_yen, parse_amount, parse_year,
};
use crate::model::edit::Edit;
use crate::model::{Id, Workbook};

const SYSTEM: &[&str] = &["業務", "業務名", "対象業務", "システム", "システム名"];
const YEAR: &[&str] = &["年度", "会計年度"];
const CATEGORY: &[&str] = &["区分", "経費区分", "費目"];
const PLANNED: &[&str] = &["計画額", "予算額", "計画", "見込額"];
const ACTUAL: &[&str] = &["実績額", "決算額", "実績"];

/// Options of a cost import: the file's encoding (CSV) and the unit its amounts are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CostsOptions {
    pub encoding: Encoding,
    pub unit: Unit,
}

/// Where a row goes: its (system, 年度, 区分).
type Key = (Id, FiscalYear, CostCategory);
/// A line read without a fault: its number, key, the row it makes and the workbook's row it replaces.
type Read = (usize, Key, RunningCost, Option<RunningCost>);

/// An amount cell: empty = none (an existing row keeps its amount), else `parse_amount` in the file's unit, not
/// negative, at most 1兆円.
fn amount(cell: &str, unit: Unit, label: &str) -> std::result::Result<Option<Yen>, String> {
    if cell.trim().is_empty() {
        return Ok(None);
    }
    let y = parse_amount(cell, unit).map_err(|e| format!("{label}: {}", e.message))?;
    y.check("amount", label).map_err(|e| e.message)?;
    Ok(Some(y))
}

/// Plans a cost import: a row with the same (業務, 年度, 区分) as the workbook's is updated (an empty amount cell
/// keeps the amount there), others are added. Every bad line (unknown 業務, unreadable 年度 or 金額, a
/// (業務, 年度, 区分) twice in the file …) is listed with its line; `into_edit(false)` then refuses the file.
pub fn plan_costs_import(wb: &Workbook, bytes: &[u8], opts: CostsOptions) -> Result<ImportPlan> {
    let (rows, broken) = read_rows(bytes, opts.encoding)?;
    let Some((_, header)) = rows.first() else {
        return Err(Error::invalid("ファイルが空です（見出し行がありません）。"));
    };
    let columns = Columns::new(header.iter());
    let col = |names: &[&str]| columns.find(names);
    let (Some(c_sys), Some(c_year), Some(c_cat)) = (col(SYSTEM), col(YEAR), col(CATEGORY)) else {
        return Err(Error::invalid(format!(
            "見出し行に「業務」「年度」「区分」の列が必要です（見出し: {}）。",
            header_list(header.iter())
        )));
    };
    let (c_plan, c_act) = (col(PLANNED), col(ACTUAL));
    if c_plan.is_none() && c_act.is_none() {
        return Err(Error::invalid(format!(
            "見出し行に「計画額」か「実績額」の列が必要です（見出し: {}）。",
            header_list(header.iter())
        )));
    }

    let mut plan = ImportPlan::empty();
    plan.rejected.extend(broken);
    let mut keyed: Vec<Read> = vec![];
    for (line, r) in rows.iter().skip(1) {
        let line = *line;
        let cell = |c: Option<usize>| {
            c.and_then(|i| r.get(i))
                .map(|s| widen_kana(s.trim()))
                .unwrap_or_default()
        };
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name = cell(Some(c_sys));
        let Some(system) = wb.system_by_name(&name) else {
            plan.rejected.push((
                line,
                format!("業務{}がブックにありません。", quoted(&name, 40)),
            ));
            continue;
        };
        let year = match parse_year(&cell(Some(c_year))) {
            Ok(y) => y,
            Err(e) => {
                plan.rejected.push((line, e.message));
                continue;
            }
        };
        let category = match CostCategory::parse(&cell(Some(c_cat))) {
            Ok(c) => c,
            Err(e) => {
                plan.rejected.push((line, e.message));
                continue;
            }
        };
        let (planned, actual) = match (
            amount(&cell(c_plan), opts.unit, "計画額"),
            amount(&cell(c_act), opts.unit, "実績額"),
        ) {
            (Ok(p), Ok(a)) => (p, a),
            (Err(e), _) | (_, Err(e)) => {
                plan.rejected.push((line, e));
                continue;
            }
        };
        let old = wb
            .money
            .running_costs
            .iter()
            .find(|x| x.system_id == system.id && x.year == year && x.category == category);
        let row = RunningCost {
            id: old.map_or(0, |o| o.id),
            system_id: system.id,
            year,
            category,
            planned: planned.or(old.and_then(|o| o.planned)),
            actual: actual.or(old.and_then(|o| o.actual)),
            note: old.map(|o| o.note.clone()).unwrap_or_default(),
        };
        if let Err(e) = wb.money.check_running_cost(&row, wb) {
            plan.rejected.push((line, e.message));
            continue;
        }
        keyed.push((line, (system.id, year, category), row, old.cloned()));
    }
    // a (業務, 年度, 区分) twice in the file: every copy is refused, naming the others
    let mut lines_of: HashMap<Key, Vec<usize>> = HashMap::new();
    for (line, key, _, _) in &keyed {
        lines_of.entry(*key).or_default().push(*line);
    }
    let mut out = vec![];
    for (line, key, row, old) in keyed {
        let ls = &lines_of[&key];
        let label = format!(
            "{} {} {}",
            wb.system(row.system_id).map_or("", |s| s.name.as_str()),
            row.year.label(),
            row.category.label()
        );
        if ls.len() > 1 {
            plan.rejected.push((
                line,
                format!(
                    "{label}が{}にもあります。どの行が正しいか確認してください。",
                    other_lines(ls, line)
                ),
            ));
            continue;
        }
        let show = |y: Option<Yen>| y.map_or("なし".to_string(), |y| format_yen(y, Unit::Yen));
        match &old {
            Some(o) if *o == row => plan.unchanged += 1,
            Some(o) => {
                let mut changes = vec![];
                if o.planned != row.planned {
                    changes.push(format!(
                        "計画額: {} → {}",
                        show(o.planned),
                        show(row.planned)
                    ));
                }
                if o.actual != row.actual {
                    changes.push(format!("実績額: {} → {}", show(o.actual), show(row.actual)));
                }
                plan.changed.push(PlanLine {
                    line,
                    label,
                    changes,
                });
                out.push(row);
            }
            None => {
                let mut changes = vec![];
                if row.planned.is_some() {
                    changes.push(format!("計画額: {}", show(row.planned)));
                }
                if row.actual.is_some() {
                    changes.push(format!("実績額: {}", show(row.actual)));
                }
                plan.added.push(PlanLine {
                    line,
                    label,
                    changes,
                });
                out.push(row);
            }
        }
    }
    plan.rejected.sort_by_key(|(l, _)| *l);
    if !out.is_empty() {
        plan.edits = Edit::SetRunningCosts { rows: out };
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Workbook {
        crate::data::demo::demo_workbook().expect("the demo")
    }

    #[test]
    fn an_empty_amount_keeps_the_one_there_and_a_csv_in_yen_is_read() {
        let wb = demo();
        let csv = "業務,年度,区分,計画額,実績額\n健康管理,平成30年度,現行システム保守・使用料,12000000,\n";
        let plan = plan_costs_import(&wb, csv.as_bytes(), CostsOptions::default()).expect("read");
        assert_eq!(plan.changed.len(), 1, "{plan:?}");
        let Edit::SetRunningCosts { rows } = plan.edits else {
            panic!("one SetRunningCosts");
        };
        assert_eq!(
            (rows[0].planned, rows[0].actual),
            (Some(Yen(12_000_000)), Some(Yen(12_400_000))),
            "the planned amount is set, the 実績 already there is kept"
        );
    }

    #[test]
    fn a_file_without_the_needed_columns_is_refused_naming_its_header() {
        let e = plan_costs_import(
            &demo(),
            "業務,金額\n健康管理,1\n".as_bytes(),
            CostsOptions::default(),
        )
        .expect_err("no 年度 and 区分");
        assert!(
            e.message.contains("「業務」「年度」「区分」") && e.message.contains("業務、金額"),
            "{}",
            e.message
        );
        let e = plan_costs_import(
            &demo(),
            "業務,年度,区分\n".as_bytes(),
            CostsOptions::default(),
        )
        .expect_err("no amount column");
        assert!(
            e.message.contains("「計画額」か「実績額」"),
            "{}",
            e.message
        );
    }
}
