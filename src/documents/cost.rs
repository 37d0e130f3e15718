//! The 経費と補助金 part of the council bundle: 運用経費（平成30年度比） with its bars per system, then what each
//! 補助金 has given and what is left, and the claims to look at again; the figures are `query::cost`'s, so the
//! council reads what `dxplan cost` and the Excel 経費 sheet say.

use crate::layout::{
    self, Amount, Column, CostBar, CostBars, DocHeader, FontMetrics, LayoutError, Part, Sheet,
    Standing,
};
use crate::model::Workbook;
use crate::model::cost::Budgeted;
use crate::model::cost::{BASELINE_YEAR, TARGET_YEAR, Unit, Yen, format_yen};
use crate::query::cost::{
    BudgetYear, CostReport, TargetStatus, balances, budget_by_year, grant_warnings, reductions,
};

fn standing(s: TargetStatus) -> Standing {
    match s {
        TargetStatus::Met => Standing::Met,
        TargetStatus::NotYetMet => Standing::NotMet,
        TargetStatus::Unknown | TargetStatus::NotComparable => Standing::NoRate,
    }
}

fn amount(y: Yen, unit: Unit) -> Amount {
    Amount {
        value: y.0 as f64,
        text: format_yen(y, unit),
    }
}

/// The footnote of a page whose amounts are in `unit`: how 千円 is rounded.
pub fn unit_note(unit: Unit) -> String {
    match unit {
        Unit::Yen => "金額の単位: 円".into(),
        Unit::Thousand => "金額の単位: 千円（千円未満を四捨五入。合計は円で合計してから丸めるため、各行の和と合わないことがあります）".into(),
    }
}

/// The bars page's content from a report, amounts in `unit`.
pub fn cost_bars(report: &CostReport, unit: Unit) -> CostBars {
    let year = report.year.label();
    let mut notes = vec![format!(
        "3割削減目標（{year}）: {}",
        report.total.status.label()
    )];
    if let Some(p) = report.total.partial {
        notes.push(format!("入力済みの業務で{}", p.label()));
    }
    if report.total.reduction.is_some() {
        notes.push(format!(
            "{} {} → {year} {}",
            BASELINE_YEAR.label(),
            format_yen(report.total.baseline, unit),
            format_yen(report.total.amount, unit)
        ));
    }
    notes.push("実績額があれば実績額、なければ計画額".into());
    if unit == Unit::Thousand {
        notes.push(unit_note(unit));
    }
    CostBars {
        heading: "経費と補助金　運用経費（平成30年度比）".into(),
        baseline_label: BASELINE_YEAR.label(),
        year_label: year,
        total: report.total.label.clone(),
        status: report.total.status.label().into(),
        standing: standing(report.total.status),
        notes,
        target_share: 0.7,
        rows: report
            .systems
            .iter()
            .map(|s| CostBar {
                name: s.name.clone(),
                baseline: s.baseline.as_ref().map(|b| amount(b.amount, unit)),
                amount: s.amount.as_ref().map(|a| amount(a.amount, unit)),
                label: s.label.clone(),
                status: s.status.label().into(),
                standing: standing(s.status),
            })
            .collect(),
    }
}

fn request(e: crate::error::Error) -> LayoutError {
    LayoutError::Request(e.message)
}

/// The part: the bars page(s), the 補助金 table and, when there are any, the claims to look at again.
pub(super) fn cost_part(
    wb: &Workbook,
    sheet: &Sheet,
    head: &DocHeader,
    m: &FontMetrics,
    unit: Unit,
) -> Result<Part, LayoutError> {
    let report = reductions(wb, &wb.money, TARGET_YEAR).map_err(request)?;
    let mut pages = layout::cost_pages(sheet, head, &cost_bars(&report, unit), m)?;
    let cols: Vec<Column> = [
        ("制度", 3.0),
        ("補助率", 0.6),
        ("上限額", 1.1),
        ("交付決定額計", 1.1),
        ("実績額計", 1.1),
        ("残り", 1.1),
    ]
    .iter()
    .map(|(h, w)| Column {
        header: (*h).into(),
        weight: *w,
    })
    .collect();
    let yen = |y: Yen| format_yen(y, unit);
    let rows: Vec<Vec<String>> = balances(wb, &wb.money)
        .map_err(request)?
        .into_iter()
        .map(|b| {
            vec![
                b.name,
                b.rate,
                b.cap.map_or_else(|| "上限なし".into(), yen),
                yen(b.decided),
                yen(b.spent),
                b.left_to_claim.map_or_else(String::new, yen),
            ]
        })
        .collect();
    pages.extend(layout::table_pages(
        sheet,
        head,
        "経費と補助金　補助金・財政措置（制度ごとの残り）",
        &cols,
        &rows,
        m,
    )?);
    let warnings = grant_warnings(wb, &wb.money).map_err(request)?;
    if !warnings.is_empty() {
        pages.extend(layout::text_pages(
            sheet,
            head,
            "経費と補助金　確認が必要な申請",
            &warnings,
            m,
        ));
    }
    let years = budget_by_year(wb, &wb.money).map_err(request)?;
    if !years.is_empty() {
        let cols: Vec<Column> = [
            ("年度", 0.8),
            ("取組事項・取組内容", 3.4),
            ("予算額", 1.1),
            ("執行額", 1.1),
        ]
        .iter()
        .map(|(h, w)| Column {
            header: (*h).into(),
            weight: *w,
        })
        .collect();
        let rows = budget_rows(&years, unit);
        // each 年度's 計 row shaded, as the 予算書 sets its totals apart
        let shade = |r: usize, _| {
            rows[r][1]
                .starts_with("計")
                .then_some(layout::Rgb(0xee, 0xf2, 0xf7))
        };
        pages.extend(layout::shaded_table_pages(
            sheet,
            head,
            "経費と補助金　予算（年度別）",
            &cols,
            &rows,
            &shade,
            m,
        )?);
    }
    Ok(Part {
        title: "経費と補助金".into(),
        pages,
    })
}

/// The 予算 table: each 年度's lines, then its 計 (with how many lines have no 執行額 yet).
fn budget_rows(years: &[BudgetYear], unit: Unit) -> Vec<Vec<String>> {
    let yen = |y: Yen| format_yen(y, unit);
    let mut rows = vec![];
    for y in years {
        for l in &y.lines {
            let kind = match l.budgeted {
                Budgeted::Initiative(_) => "取組事項",
                Budgeted::Task(_) => "取組内容",
            };
            rows.push(vec![
                y.year.label(),
                format!("{}（{kind}）", l.name),
                yen(l.planned),
                l.executed.map_or_else(|| "—".into(), yen),
            ]);
        }
        let open = match y.unexecuted_lines {
            0 => String::new(),
            n => format!("（執行額未入力 {n}行）"),
        };
        // nothing executed yet reads —, not 0円
        let executed = if y.unexecuted_lines < y.lines.len() {
            yen(y.executed)
        } else {
            "—".into()
        };
        rows.push(vec![
            y.year.label(),
            format!("計{open}"),
            yen(y.planned),
            executed,
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_without_a_baseline_is_unknown_in_the_bars_never_zero() {
        let mut wb = crate::data::demo::demo_workbook().expect("demo");
        let first = wb
            .systems
            .iter()
            .min_by_key(|s| (s.sort, s.id))
            .expect("a system")
            .id;
        wb.money
            .running_costs
            .retain(|r| !(r.system_id == first && r.year == BASELINE_YEAR));
        let report = reductions(&wb, &wb.money, TARGET_YEAR).unwrap();
        let bars = cost_bars(&report, Unit::Yen);
        let row = &bars.rows[0];
        assert_eq!(row.baseline, None, "no baseline amount, so no bar");
        assert!(row.label.starts_with("不明"), "{}", row.label);
        assert_eq!(row.standing, Standing::NoRate);
        assert!(
            bars.total.starts_with("不明"),
            "the total is 不明 too: {}",
            bars.total
        );
        assert!(
            bars.notes.iter().any(|n| n.starts_with("入力済みの業務で")),
            "{:?}",
            bars.notes
        );
    }

    #[test]
    fn the_budget_table_lists_each_line_then_the_year_total_in_the_chosen_unit() {
        let wb = crate::data::demo::demo_workbook().expect("demo");
        let years = budget_by_year(&wb, &wb.money).unwrap();
        assert!(!years.is_empty(), "the demo city has budgets");
        let rows = budget_rows(&years, Unit::Thousand);
        let lines: usize = years.iter().map(|y| y.lines.len()).sum();
        assert_eq!(
            rows.len(),
            lines + years.len(),
            "a row per line and a 計 per 年度"
        );
        let first = &years[0];
        let total = &rows[first.lines.len()];
        assert_eq!(total[0], first.year.label());
        assert!(total[1].starts_with("計"), "{:?}", total);
        assert_eq!(total[2], format_yen(first.planned, Unit::Thousand));
        assert!(total[2].ends_with("千円"), "{:?}", total);
        // a year whose lines have no 執行額 reads — in its total, never 0千円
        for (y, r) in years
            .iter()
            .zip(rows.iter().filter(|r| r[1].starts_with("計")))
        {
            if y.unexecuted_lines == y.lines.len() {
                assert_eq!(r[3], "—", "{:?}", r);
                assert!(r[1].contains("執行額未入力"), "{:?}", r);
            }
        }
    }

    #[test]
    fn the_demo_bars_carry_the_report_figures() {
        let wb = crate::data::demo::demo_workbook().expect("demo");
        let report = reductions(&wb, &wb.money, TARGET_YEAR).unwrap();
        let bars = cost_bars(&report, Unit::Yen);
        assert_eq!(bars.total, "23.7%");
        assert_eq!(bars.status, "未達成");
        assert_eq!(bars.rows.len(), wb.systems.len());
        for (r, s) in bars.rows.iter().zip(&report.systems) {
            assert_eq!(
                r.baseline.as_ref().map(|a| a.value),
                s.baseline.as_ref().map(|b| b.amount.0 as f64),
                "{}",
                s.name
            );
        }
    }

    /// Two systems of 1,400円 each: in 千円 each row reads 1千円, the total 3千円 (2,800円 rounded once), not the
    /// 2千円 the rounded rows would add up to.
    #[test]
    fn in_thousands_each_figure_is_rounded_once_and_the_total_from_the_yen() {
        use crate::model::cost::{CostCategory, RunningCost};
        let mut wb = crate::data::demo::demo_workbook().expect("demo");
        let ids: Vec<crate::model::Id> = wb.systems.iter().take(2).map(|s| s.id).collect();
        wb.systems.retain(|s| ids.contains(&s.id));
        wb.money.running_costs = ids
            .iter()
            .flat_map(|id| [BASELINE_YEAR, TARGET_YEAR].map(|year| (*id, year)))
            .enumerate()
            .map(|(i, (system_id, year))| RunningCost {
                id: i as crate::model::Id + 1,
                system_id,
                year,
                category: CostCategory::CurrentSystem,
                planned: Some(Yen(1_400)),
                actual: None,
                note: String::new(),
            })
            .collect();
        let report = reductions(&wb, &wb.money, TARGET_YEAR).unwrap();
        let bars = cost_bars(&report, Unit::Thousand);
        let texts: Vec<&str> = bars
            .rows
            .iter()
            .filter_map(|r| r.baseline.as_ref().map(|a| a.text.as_str()))
            .collect();
        assert_eq!(texts, ["1千円", "1千円"], "each row rounded half up once");
        assert!(
            bars.notes.iter().any(|n| n.contains("3千円 → ")),
            "the total is 2,800円 rounded once, not the sum of the rounded rows: {:?}",
            bars.notes
        );
        assert!(
            bars.notes
                .iter()
                .any(|n| n.contains("千円未満を四捨五入") && n.contains("円で合計してから丸める")),
            "the rounding rule is stated: {:?}",
            bars.notes
        );
        let yen = cost_bars(&report, Unit::Yen);
        assert!(
            yen.notes.iter().any(|n| n.contains("2,800円 → ")),
            "{:?}",
            yen.notes
        );
    }
}
