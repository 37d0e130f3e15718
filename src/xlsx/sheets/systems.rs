//! The 移行計画 sheet: each 基幹業務システム with its standard steps over a month grid, and its 完了率 as a formula
//! that follows edits made in the sheet, because that is the schedule the 標準化 deadline is tracked on.

use chrono::NaiveDate;

use super::grid::*;
use super::{XlsxOptions, headings, titled};
use crate::model::{StepStatus, System, Workbook};
use crate::xlsx::book::{Align, NumFmt, Sheet, Style, cell_ref};

/// Months of the 移行計画: the options' range, else every step's plan and every system's deadline.
pub fn migration_months(wb: &Workbook, opts: &XlsxOptions) -> Vec<NaiveDate> {
    let steps = wb
        .system_steps
        .iter()
        .filter_map(|s| s.plan)
        .flat_map(|p| [p.start, p.end]);
    let deadlines = wb.systems.iter().map(|s| s.deadline());
    let mut all: Vec<NaiveDate> = steps.chain(deadlines).collect();
    if all.is_empty() {
        all = vec![wb.meta.plan_start, wb.meta.plan_end];
    }
    months_over(opts, all.into_iter())
}

pub(super) fn migration_sheet(wb: &Workbook, opts: &XlsxOptions, months: &[NaiveDate]) -> Sheet {
    let mut b = titled(
        "移行計画",
        wb,
        "基幹業務システムの標準化・共通化 移行計画",
        Some(opts.today),
    );
    let cols = [
        "業務",
        "作業項目",
        "所管課",
        "計画開始",
        "計画終了",
        "実績開始",
        "実績終了",
        "状況",
        "完了率",
        "目標日・移行期限",
        "特定移行支援",
        "特定移行支援の理由",
    ];
    let first_month = cols.len() as u16;
    legend(&mut b, 1, first_month, months.len() as u16);
    let head = 3u32;
    headings(&mut b, head, &cols, true);
    month_header(&mut b, head, first_month, months, opts.today);
    let mut row = head + 2;
    let date = Style::cell().with_num(NumFmt::WarekiShort).centered();
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    let status_col = 7u16;
    for s in systems {
        let steps = wb.steps_of(s.id);
        let sst = Style {
            fill: Some(INITIATIVE),
            bold: true,
            border: true,
            vcenter: true,
            ..Style::default()
        };
        b.text(row, 0, &s.name, sst);
        let pattern = s
            .pattern
            .map(|p| format!("パターン{}", p.label()))
            .unwrap_or_default();
        let what = [s.group.label(), pattern.as_str(), s.vendor.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("／");
        b.text_unmeasured(row, 1, &what, Style { bold: false, ..sst });
        b.text(row, 2, &wb.owner_names(s), Style { bold: false, ..sst });
        for c in 3..=6 {
            b.blank(row, c, sst);
        }
        b.blank(row, 7, sst);
        if steps.is_empty() {
            b.blank(row, 8, sst);
        } else {
            // 完了率 recalculates when someone changes a status in the sheet: (完了済み + 対象外) ÷ steps
            let r1 = cell_ref(row + 1, status_col);
            let r2 = cell_ref(row + steps.len() as u32, status_col);
            let formula = format!(
                "=(COUNTIF({r1}:{r2},\"{}\")+COUNTIF({r1}:{r2},\"{}\"))/ROWS({r1}:{r2})",
                StepStatus::Done.label(),
                StepStatus::NotApplicable.label()
            );
            let cached = wb.completion_rate(s.id).unwrap_or(0.0);
            b.formula(
                row,
                8,
                formula,
                cached,
                Style {
                    align: Align::Right,
                    ..sst.with_num(NumFmt::Percent)
                },
            );
        }
        b.date(
            row,
            9,
            s.deadline(),
            Style {
                align: Align::Center,
                ..sst.with_num(NumFmt::WarekiShort)
            },
        );
        b.text(
            row,
            10,
            if s.specified { "○" } else { "" },
            Style {
                align: Align::Center,
                ..sst
            },
        );
        b.text_unmeasured(
            row,
            11,
            &s.specified_reason,
            Style {
                bold: false,
                wrap: true,
                ..sst
            },
        );
        bar_cells(
            &mut b,
            row,
            first_month,
            months,
            opts.today,
            None,
            None,
            Tone::Open,
            Some(s.deadline()),
            Some(INITIATIVE),
        );
        row += 1;
        for st in steps {
            let (code, name) = wb
                .template_step(st.template_step_id)
                .map(|t| (t.code.as_str(), t.name.as_str()))
                .unwrap_or(("", ""));
            b.text(
                row,
                0,
                &s.name,
                Style {
                    font_color: Some(0x808080),
                    ..Style::cell()
                },
            );
            b.text(row, 1, &format!("{code}{name}"), Style::cell().indented(1));
            b.text(row, 2, "", Style::cell());
            b.opt_date(row, 3, st.plan.map(|p| p.start), date);
            b.opt_date(row, 4, st.plan.map(|p| p.end), date);
            b.opt_date(row, 5, st.actual_start, date);
            b.opt_date(row, 6, st.actual_end, date);
            let closed = st.status.is_complete();
            let late = crate::model::schedule::is_overdue(closed, st.plan, opts.today);
            let mut stst = Style::cell().centered();
            if late {
                stst.font_color = Some(ACTUAL_LATE);
                stst.bold = true;
            }
            b.text(row, 7, st.status.label(), stst);
            for c in 8..=11 {
                b.blank(row, c, Style::cell());
            }
            let tone = tone_of(closed, st.status == StepStatus::Done, late);
            let actual = actual_span(st.actual_start, st.actual_end, closed, opts.today);
            bar_cells(
                &mut b,
                row,
                first_month,
                months,
                opts.today,
                st.plan,
                actual,
                tone,
                None,
                None,
            );
            row += 1;
        }
    }
    if row == head + 2 {
        b.text(row, 0, "（業務システムがありません）", Style::default());
    }
    b.sheet.freeze = Some((head + 2, 2));
    b.sheet.repeat_rows = Some((head, head + 1));
    b.sheet.repeat_cols = Some((0, 1));
    if row > head + 2 {
        b.sheet.autofilter = Some((head + 1, 0, row - 1, first_month - 1));
    }
    let mut s = b.finish(6.0, 40.0);
    s.print = month_grid_print(&s, first_month, months);
    s
}
