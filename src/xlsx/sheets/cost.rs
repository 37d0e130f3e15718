//! The 経費 sheet: 運用経費 per system against 平成30年度 with the 3割削減 target's state, the 補助金 claims and
//! balances, and 予算 per 年度, because the council is shown the figures dxplan computed (amounts are numbers in
//! yen with 3-digit grouping; rates and states are dxplan's own labels, never a formula of the sheet).

use super::{headings, titled};
use crate::calendar::FiscalYear;
use crate::error::Result;
use crate::model::Workbook;
use crate::model::cost::{BASELINE_YEAR, Funded, TARGET_YEAR, Unit, Yen};
use crate::query::cost::{
    CostReport, TargetStatus, balances, budget_by_year, grant_warnings, reductions,
};
use crate::xlsx::book::{NumFmt, Sheet, SheetBuilder, Style};

/// Fill of a 達成 / 未達成 state cell.
const MET: u32 = 0xC6E0B4;
const NOT_MET: u32 = 0xF8CBAD;
const UNKNOWN: u32 = 0xE7E6E6;
/// Fill of a block's title and total rows.
const TOTAL: u32 = 0xF2F2F2;

pub(super) fn cost_sheet(wb: &Workbook, unit: Unit) -> Sheet {
    let mut b = titled("経費", wb, "運用経費・補助金・予算", None);
    if let Err(e) = write_blocks(&mut b, wb, unit) {
        // an overflow of a sum (a file edited by hand past 1兆円): say so instead of a wrong figure
        b.text(
            3,
            0,
            &format!("経費を集計できません: {}", e.message),
            Style::default(),
        );
    }
    b.finish(6.0, 60.0)
}

fn yen_cell(unit: Unit) -> Style {
    Style::cell().with_num(fmt(unit))
}

/// The number format of an amount in `unit`.
fn fmt(unit: Unit) -> NumFmt {
    match unit {
        Unit::Yen => NumFmt::Yen,
        Unit::Thousand => NumFmt::Thousand,
    }
}

fn amount(b: &mut SheetBuilder, row: u32, col: u16, y: Option<Yen>, style: Style) {
    match y {
        Some(y) => b.number(row, col, y.0 as f64, style),
        None => b.blank(row, col, style),
    }
}

fn state_style(s: TargetStatus) -> Style {
    let st = Style::cell().centered();
    match s {
        TargetStatus::Met => st.with_fill(MET),
        TargetStatus::NotYetMet => st.with_fill(NOT_MET),
        TargetStatus::Unknown => st.with_fill(UNKNOWN),
        TargetStatus::NotComparable => st,
    }
}

/// The 年度 after 平成30年度 shown as columns: every 年度 with a row, and always the target 年度.
pub fn cost_years(wb: &Workbook) -> Vec<FiscalYear> {
    let mut years: Vec<FiscalYear> = wb
        .money
        .running_costs
        .iter()
        .map(|r| r.year)
        .filter(|y| *y > BASELINE_YEAR)
        .chain([TARGET_YEAR])
        .collect();
    years.sort();
    years.dedup();
    years
}

fn write_blocks(b: &mut SheetBuilder, wb: &Workbook, unit: Unit) -> Result<()> {
    let report = reductions(wb, &wb.money, TARGET_YEAR)?;
    let note = match unit {
        Unit::Yen => "金額の単位: 円（実績額があれば実績額、なければ計画額）".to_string(),
        Unit::Thousand => "金額の単位: 千円（千円未満を四捨五入して表示。セルの値は円のままで、合計は円で合計してから丸めるため、各行の和と合わないことがあります。実績額があれば実績額、なければ計画額）".to_string(),
    };
    b.text_unmeasured(1, 0, &note, Style::default());
    let mut row = running_block(b, wb, &report, 3, unit)?;
    row = grant_block(b, wb, row + 1, unit)?;
    budget_block(b, wb, row + 1, unit)?;
    Ok(())
}

/// Block 1: 業務 | 平成30年度 | each 年度's 計画/実績 | 削減率 | 3割削減目標, a 合計 row and the target line.
fn running_block(
    b: &mut SheetBuilder,
    wb: &Workbook,
    report: &CostReport,
    top: u32,
    unit: Unit,
) -> Result<u32> {
    let u = unit.label();
    let years = cost_years(wb);
    b.text(top, 0, "運用経費（平成30年度比）", Style::default().bold());
    let head = top + 1;
    b.merge(head, 0, head + 1, 0, "業務", Style::header());
    b.merge(
        head,
        1,
        head + 1,
        1,
        &format!("{}（{u}）", BASELINE_YEAR.label()),
        Style::header(),
    );
    for (i, y) in years.iter().enumerate() {
        let c = 2 + 2 * i as u16;
        b.merge(head, c, head, c + 1, &y.label(), Style::header());
        b.text(head + 1, c, &format!("計画額（{u}）"), Style::header());
        b.text(head + 1, c + 1, &format!("実績額（{u}）"), Style::header());
    }
    let rate_col = 2 + 2 * years.len() as u16;
    b.merge(
        head,
        rate_col,
        head + 1,
        rate_col,
        &format!("削減率（{}）", report.year.label()),
        Style::header(),
    );
    b.merge(
        head,
        rate_col + 1,
        head + 1,
        rate_col + 1,
        "3割削減目標",
        Style::header(),
    );
    b.measure_from(head + 1);
    let sum = |system: Option<crate::model::Id>, y: FiscalYear, actual: bool| {
        let rows = wb
            .money
            .running_costs
            .iter()
            .filter(|r| r.year == y && system.is_none_or(|s| r.system_id == s));
        let picked: Vec<Yen> = rows
            .filter_map(|r| if actual { r.actual } else { r.planned })
            .collect();
        if picked.is_empty() {
            Ok(None)
        } else {
            Yen::sum(picked).map(Some)
        }
    };
    let mut row = head + 2;
    for s in &report.systems {
        b.text(row, 0, &s.name, Style::cell());
        amount(
            b,
            row,
            1,
            s.baseline.as_ref().map(|x| x.amount),
            yen_cell(unit),
        );
        for (i, y) in years.iter().enumerate() {
            let c = 2 + 2 * i as u16;
            amount(
                b,
                row,
                c,
                sum(Some(s.system_id), *y, false)?,
                yen_cell(unit),
            );
            amount(
                b,
                row,
                c + 1,
                sum(Some(s.system_id), *y, true)?,
                yen_cell(unit),
            );
        }
        b.text(row, rate_col, &s.label, Style::cell().right());
        b.text(row, rate_col + 1, s.status.label(), state_style(s.status));
        row += 1;
    }
    let total = Style::cell().bold().with_fill(TOTAL);
    b.text(row, 0, "合計", total);
    let baselines: Vec<Yen> = report
        .systems
        .iter()
        .filter_map(|s| s.baseline.as_ref().map(|x| x.amount))
        .collect();
    let base_total = if baselines.is_empty() {
        None
    } else {
        Some(Yen::sum(baselines)?)
    };
    amount(b, row, 1, base_total, total.with_num(fmt(unit)));
    for (i, y) in years.iter().enumerate() {
        let c = 2 + 2 * i as u16;
        amount(b, row, c, sum(None, *y, false)?, total.with_num(fmt(unit)));
        amount(
            b,
            row,
            c + 1,
            sum(None, *y, true)?,
            total.with_num(fmt(unit)),
        );
    }
    b.text(row, rate_col, &report.total.label, total.right());
    b.text(
        row,
        rate_col + 1,
        report.total.status.label(),
        state_style(report.total.status).bold(),
    );
    b.sheet.freeze = Some((head + 2, 1));
    row += 1;
    let mut line = format!(
        "3割削減目標（{}）: {}（{}）",
        report.year.label(),
        report.total.status.label(),
        report.total.label
    );
    if let Some(p) = report.total.partial {
        line.push_str(&format!("。入力済みの業務で{}", p.label()));
    }
    b.text_unmeasured(row, 0, &line, Style::default().bold());
    Ok(row + 1)
}

/// Block 2: the claims one per line, then each programme's sums and what is left, then the warnings.
fn grant_block(b: &mut SheetBuilder, wb: &Workbook, top: u32, unit: Unit) -> Result<u32> {
    let money = &wb.money;
    let u = unit.label();
    b.text(top, 0, "補助金・財政措置の申請", Style::default().bold());
    let head = top + 1;
    for (c, h) in [
        "制度・対象".to_string(),
        "年度".to_string(),
        format!("申請額（{u}）"),
        format!("交付決定額（{u}）"),
        format!("実績額（{u}）"),
    ]
    .iter()
    .enumerate()
    {
        b.text(head, c as u16, h, Style::header());
    }
    let mut row = head + 1;
    for p in &money.programmes {
        let mut grants: Vec<_> = money
            .grants
            .iter()
            .filter(|g| g.programme_id == p.id)
            .collect();
        if grants.is_empty() {
            continue;
        }
        grants.sort_by_key(|g| (g.year, g.funded, g.id));
        let group = Style::cell().bold().with_fill(TOTAL);
        b.text(row, 0, &p.name, group);
        for c in 1..5 {
            b.blank(row, c, group);
        }
        row += 1;
        for g in grants {
            let target = match g.funded {
                Funded::System(id) => wb.system(id).map(|s| s.name.clone()),
                Funded::Initiative(id) => wb.initiative(id).map(|i| i.name.clone()),
            }
            .unwrap_or_default();
            b.text(row, 0, &target, Style::cell().indented(1));
            b.text(row, 1, &g.year.label(), Style::cell().centered());
            amount(b, row, 2, g.applied, yen_cell(unit));
            amount(b, row, 3, g.decided, yen_cell(unit));
            amount(b, row, 4, g.spent, yen_cell(unit));
            row += 1;
        }
    }
    if money.grants.is_empty() {
        b.text(row, 0, "（申請がありません）", Style::default());
        row += 1;
    }
    row += 1;
    b.text(row, 0, "制度ごとの残り", Style::default().bold());
    row += 1;
    for (c, h) in [
        "制度".to_string(),
        "補助率".to_string(),
        format!("上限額（{u}）"),
        format!("交付決定額計（{u}）"),
        format!("実績額計（{u}）"),
        format!("残り（{u}）"),
    ]
    .iter()
    .enumerate()
    {
        b.text(row, c as u16, h, Style::header());
    }
    row += 1;
    for p in balances(wb, money)? {
        b.text(row, 0, &p.name, Style::cell());
        b.text(row, 1, &p.rate, Style::cell().centered());
        match p.cap {
            Some(c) => b.number(row, 2, c.0 as f64, yen_cell(unit)),
            None => b.text(row, 2, "上限なし", Style::cell().right()),
        }
        b.number(row, 3, p.decided.0 as f64, yen_cell(unit));
        b.number(row, 4, p.spent.0 as f64, yen_cell(unit));
        amount(b, row, 5, p.left_to_claim, yen_cell(unit));
        row += 1;
    }
    let warnings = grant_warnings(wb, money)?;
    if !warnings.is_empty() {
        row += 1;
        b.text(row, 0, "確認が必要な申請", Style::default().bold());
        row += 1;
        for w in warnings {
            b.text_unmeasured(row, 0, &format!("・{w}"), Style::default());
            row += 1;
        }
    }
    Ok(row)
}

/// Block 3: 予算 per 年度, its lines and a 計 row per 年度.
fn budget_block(b: &mut SheetBuilder, wb: &Workbook, top: u32, unit: Unit) -> Result<u32> {
    b.text(top, 0, "予算（年度別）", Style::default().bold());
    let head = top + 1;
    let (planned, executed) = (
        format!("予算額（{}）", unit.label()),
        format!("執行額（{}）", unit.label()),
    );
    headings(b, head, &["対象", "年度", &planned, &executed], false);
    let mut row = head + 1;
    let years = budget_by_year(wb, &wb.money)?;
    if years.is_empty() {
        b.text(row, 0, "（予算がありません）", Style::default());
        return Ok(row + 1);
    }
    let total = Style::cell().bold().with_fill(TOTAL);
    for y in years {
        for l in &y.lines {
            b.text(row, 0, &l.name, Style::cell());
            b.text(row, 1, &y.year.label(), Style::cell().centered());
            b.number(row, 2, l.planned.0 as f64, yen_cell(unit));
            amount(b, row, 3, l.executed, yen_cell(unit));
            row += 1;
        }
        b.text(row, 0, "計", total);
        b.text(row, 1, &y.year.label(), total.centered());
        b.number(row, 2, y.planned.0 as f64, total.with_num(fmt(unit)));
        // nothing executed yet reads empty, not 0円
        let executed = (y.unexecuted_lines < y.lines.len()).then_some(y.executed);
        amount(b, row, 3, executed, total.with_num(fmt(unit)));
        row += 1;
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::book::Value;

    fn demo() -> Workbook {
        crate::data::demo::demo_workbook().expect("demo builds")
    }

    fn text_at(sheet: &Sheet, row: u32, col: u16) -> Option<String> {
        sheet
            .cells
            .iter()
            .find(|c| c.row == row && c.col == col)
            .and_then(|c| match &c.value {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })
            .or_else(|| {
                sheet
                    .merges
                    .iter()
                    .find(|m| m.first_row == row && m.first_col == col)
                    .map(|m| m.text.clone())
            })
    }

    fn row_of(sheet: &Sheet, col: u16, text: &str) -> u32 {
        sheet
            .cells
            .iter()
            .find(|c| c.col == col && c.value == Value::Text(text.into()))
            .unwrap_or_else(|| panic!("a cell 「{text}」 in column {col}"))
            .row
    }

    #[test]
    fn every_system_has_a_row_with_its_baseline_rate_and_state_and_the_total_matches_the_report() {
        let wb = demo();
        let sheet = cost_sheet(&wb, Unit::Yen);
        let report = reductions(&wb, &wb.money, TARGET_YEAR).unwrap();
        let rate_col = 2 + 2 * cost_years(&wb).len() as u16;
        for s in &report.systems {
            let r = row_of(&sheet, 0, &s.name);
            let base = sheet.cells.iter().find(|c| c.row == r && c.col == 1);
            assert_eq!(
                base.map(|c| c.value.clone()),
                Some(Value::Number(s.baseline.as_ref().unwrap().amount.0 as f64)),
                "{}: the 平成30年度 cell is the baseline in yen",
                s.name
            );
            assert_eq!(
                text_at(&sheet, r, rate_col),
                Some(s.label.clone()),
                "{}",
                s.name
            );
            assert_eq!(
                text_at(&sheet, r, rate_col + 1).as_deref(),
                Some(s.status.label()),
                "{}",
                s.name
            );
        }
        let total = row_of(&sheet, 0, "合計");
        assert_eq!(
            text_at(&sheet, total, rate_col),
            Some(report.total.label.clone())
        );
        assert!(
            sheet
                .cells
                .iter()
                .filter(|c| matches!(c.value, Value::Number(_)))
                .all(|c| c.style.num == NumFmt::Yen),
            "every number on the sheet is an amount shown with 3-digit grouping"
        );
    }

    #[test]
    fn a_system_without_a_baseline_reads_unknown_never_zero_percent() {
        let mut wb = demo();
        let first = wb.systems[0].id;
        wb.money
            .running_costs
            .retain(|r| !(r.system_id == first && r.year == BASELINE_YEAR));
        let sheet = cost_sheet(&wb, Unit::Yen);
        let name = wb.systems[0].name.clone();
        let r = row_of(&sheet, 0, &name);
        let rate_col = 2 + 2 * cost_years(&wb).len() as u16;
        let label = text_at(&sheet, r, rate_col).unwrap();
        assert!(label.starts_with("不明"), "{label}");
        assert_eq!(text_at(&sheet, r, rate_col + 1).as_deref(), Some("不明"));
        assert!(
            !sheet
                .cells
                .iter()
                .any(|c| c.row == r && c.col == 1 && matches!(c.value, Value::Number(_))),
            "no 0 in the 平成30年度 column"
        );
        let total = row_of(&sheet, 0, "合計");
        assert_eq!(
            text_at(&sheet, total, rate_col + 1).as_deref(),
            Some("不明")
        );
    }

    #[test]
    fn every_claim_and_every_budget_line_is_on_the_sheet_with_its_amounts() {
        let wb = demo();
        let sheet = cost_sheet(&wb, Unit::Yen);
        let numbers = |v: i64| {
            sheet
                .cells
                .iter()
                .filter(|c| c.value == Value::Number(v as f64))
                .count()
        };
        assert!(!wb.money.grants.is_empty(), "the demo has claims");
        for g in &wb.money.grants {
            for a in [g.applied, g.decided, g.spent].into_iter().flatten() {
                assert!(
                    numbers(a.0) >= 1,
                    "claim {} amount {} is on the sheet",
                    g.id,
                    a.0
                );
            }
        }
        let top = row_of(&sheet, 0, "予算（年度別）");
        let totals = sheet
            .cells
            .iter()
            .filter(|c| c.row > top && c.col == 0 && c.value == Value::Text("計".into()))
            .count();
        let years = budget_by_year(&wb, &wb.money).unwrap();
        assert_eq!(totals, years.len(), "one 計 row per 年度");
        let unexecuted = years.iter().find(|y| y.unexecuted_lines == y.lines.len());
        if let Some(y) = unexecuted {
            let r = sheet
                .cells
                .iter()
                .find(|c| {
                    c.row > top
                        && c.col == 1
                        && c.value == Value::Text(y.year.label())
                        && c.style.bold
                })
                .expect("the 計 row of a 年度 with nothing executed")
                .row;
            assert!(
                !sheet
                    .cells
                    .iter()
                    .any(|c| c.row == r && c.col == 3 && matches!(c.value, Value::Number(_))),
                "nothing executed reads empty, not 0"
            );
        }
    }

    #[test]
    fn an_empty_workbook_gets_a_sheet_that_says_there_is_nothing() {
        let wb = Workbook::empty(crate::model::WorkbookMeta::new("テスト町").expect("valid meta"));
        let sheet = cost_sheet(&wb, Unit::Yen);
        row_of(&sheet, 0, "（申請がありません）");
        row_of(&sheet, 0, "（予算がありません）");
    }

    #[test]
    fn in_thousands_the_cells_keep_the_yen_and_show_them_rounded_by_their_format() {
        let wb = demo();
        let (yen, thousand) = (cost_sheet(&wb, Unit::Yen), cost_sheet(&wb, Unit::Thousand));
        let numbers = |s: &Sheet| -> Vec<(u32, u16, f64)> {
            s.cells
                .iter()
                .filter_map(|c| match c.value {
                    Value::Number(n) => Some((c.row, c.col, n)),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            numbers(&yen),
            numbers(&thousand),
            "the same yen in the same cells: a sum in Excel stays exact and is rounded once when shown"
        );
        assert!(
            thousand
                .cells
                .iter()
                .filter(|c| matches!(c.value, Value::Number(_)))
                .all(|c| c.style.num == NumFmt::Thousand),
            "every amount shown in 千円"
        );
        let texts: Vec<String> = thousand
            .cells
            .iter()
            .filter_map(|c| match &c.value {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        assert!(
            texts.iter().any(|t| t.contains("千円未満を四捨五入")),
            "the rounding rule is stated"
        );
        assert!(
            texts.iter().any(|t| t == "計画額（千円）"),
            "headers in 千円"
        );
        assert!(
            !texts.iter().any(|t| t.contains("（円）")),
            "no header left in 円"
        );
    }
}
