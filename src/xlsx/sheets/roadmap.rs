//! The 工程表 sheet: every 取組事項 and its 取組内容 by group, over a month grid with plan and actual bars, the way
//! the office shows the council how each line of the plan stands.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::grid::*;
use super::{XlsxOptions, headings, titled};
use crate::model::baseline::variance;
use crate::model::{Baseline, InitiativeGroup, RowRef, Status, Workbook};
use crate::xlsx::book::{NumFmt, Sheet, Style};

/// First days of the 工程表's months: the options' range, else the plan period widened to every task
/// (at most 20 years, so a typo like 2205 does not make thousands of columns).
pub fn month_range(wb: &Workbook, opts: &XlsxOptions) -> Vec<NaiveDate> {
    let dates = wb
        .tasks
        .iter()
        .filter_map(|t| t.plan)
        .flat_map(|p| [p.start, p.end]);
    months_over(
        opts,
        [wb.meta.plan_start, wb.meta.plan_end]
            .into_iter()
            .chain(dates),
    )
}

pub(super) fn roadmap_sheet(
    wb: &Workbook,
    opts: &XlsxOptions,
    months: &[NaiveDate],
    baseline: Option<&Baseline>,
) -> Sheet {
    let mut b = titled("工程表", wb, "DX推進計画 工程表", Some(opts.today));
    let mut cols: Vec<&str> = vec!["取組事項", "担当課", "目標時期", "状況"];
    if let Some(bl) = baseline {
        let _ = bl;
        cols.push("基準比");
    }
    let first_month = cols.len() as u16;
    legend(&mut b, 1, first_month, months.len() as u16);
    let head = 3u32;
    headings(&mut b, head, &cols, true);
    if let Some(bl) = baseline {
        b.text(
            2,
            first_month - 1,
            &format!("基準: {}", bl.name),
            Style::default().right(),
        );
    }
    month_header(&mut b, head, first_month, months, opts.today);
    let mut row = head + 2;
    let last_col = first_month + months.len().max(1) as u16 - 1;
    let rows = crate::query::review::schedule_rows(wb);
    let late_of: HashMap<RowRef, bool> = rows
        .iter()
        .map(|r| {
            (
                r.row,
                crate::query::review::days_late(r, opts.today).is_some(),
            )
        })
        .collect();
    let order = wb.roadmap_order();
    for group in InitiativeGroup::ALL {
        let inits: Vec<_> = order.iter().filter(|i| i.group == group).collect();
        if inits.is_empty() {
            continue;
        }
        let gst = Style {
            fill: Some(GROUP),
            bold: true,
            border: true,
            vcenter: true,
            ..Style::default()
        };
        b.text(row, 0, group.label(), gst);
        for c in 1..=last_col {
            b.blank(row, c, gst);
        }
        row += 1;
        for i in inits {
            let ist = Style {
                fill: Some(INITIATIVE),
                bold: true,
                border: true,
                vcenter: true,
                indent: 1,
                ..Style::default()
            };
            let name = format!("{}{}{}", i.reference_prefix(), i.code, i.name);
            b.text(row, 0, &name, ist);
            b.text(
                row,
                1,
                wb.unit_name(i.owner_unit),
                Style { indent: 0, ..ist },
            );
            b.text(row, 2, &i.target_label, Style { indent: 0, ..ist });
            b.blank(row, 3, Style { indent: 0, ..ist });
            if baseline.is_some() {
                b.blank(row, 4, Style { indent: 0, ..ist });
            }
            bar_cells(
                &mut b,
                row,
                first_month,
                months,
                opts.today,
                None,
                None,
                Tone::Open,
                i.target_date,
                Some(INITIATIVE),
            );
            row += 1;
            for t in wb.tasks_of(i.id) {
                let st = Style::cell().indented(2);
                b.text(row, 0, &t.name, st);
                b.text(
                    row,
                    1,
                    wb.unit_name(t.owner_unit.or(i.owner_unit)),
                    Style::cell(),
                );
                b.opt_date(
                    row,
                    2,
                    t.plan.map(|p| p.end),
                    Style::cell().with_num(NumFmt::Wareki),
                );
                let status = if t.status == Status::InProgress && t.progress > 0 {
                    format!("{} {}%", t.status.label(), t.progress)
                } else {
                    t.status.label().to_string()
                };
                let late = late_of.get(&RowRef::Task(t.id)).copied().unwrap_or(false);
                let mut sst = Style::cell().centered();
                if late {
                    sst.font_color = Some(ACTUAL_LATE);
                    sst.bold = true;
                }
                b.text(row, 3, &status, sst);
                if let Some(bl) = baseline {
                    let v = match (bl.plan_of(RowRef::Task(t.id)), t.plan) {
                        (Some(base), Some(cur)) => Some(variance(base, cur).end_days),
                        _ => None,
                    };
                    match v {
                        Some(d) if d > 0 => b.text(
                            row,
                            4,
                            &format!("+{d}日"),
                            Style {
                                font_color: Some(ACTUAL_LATE),
                                ..Style::cell().right()
                            },
                        ),
                        Some(d) if d < 0 => {
                            b.text(row, 4, &format!("▲{}日", -d), Style::cell().right())
                        }
                        Some(_) => b.text(row, 4, "±0", Style::cell().right()),
                        None => b.blank(row, 4, Style::cell()),
                    }
                }
                let tone = tone_of(t.status.is_closed(), t.status == Status::Done, late);
                let actual = actual_span(
                    t.actual_start,
                    t.actual_end,
                    t.status.is_closed(),
                    opts.today,
                );
                let ms = if t.milestone {
                    t.plan.map(|p| p.end)
                } else {
                    None
                };
                bar_cells(
                    &mut b,
                    row,
                    first_month,
                    months,
                    opts.today,
                    t.plan,
                    actual,
                    tone,
                    ms,
                    None,
                );
                row += 1;
            }
        }
    }
    if row == head + 2 {
        b.text(row, 0, "（工程表の行がありません）", Style::default());
    }
    b.sheet.freeze = Some((head + 2, first_month));
    b.sheet.repeat_rows = Some((head, head + 1));
    b.sheet.repeat_cols = Some((0, first_month - 1));
    let mut s = b.finish(8.0, 60.0);
    s.row_heights.push((head, 18.0));
    s.print = month_grid_print(&s, first_month, months);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::Value;
    use crate::xlsx::bare::generated_workbook;
    use crate::xlsx::sheets::build_book;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn the_month_range_defaults_to_the_plan_period_and_honours_options() {
        let wb = generated_workbook(3).unwrap();
        let mut o = XlsxOptions::new(d("2025-10-01"));
        let m = month_range(&wb, &o);
        assert_eq!(m.first().copied(), Some(d("2021-01-01")), "plan start");
        assert_eq!(m.last().copied(), Some(d("2026-03-01")), "plan end");
        o.from = Some(d("2025-04-15"));
        o.to = Some(d("2026-03-31"));
        assert_eq!(month_range(&wb, &o).len(), 12, "one fiscal year");
    }

    #[test]
    fn the_roadmap_has_merged_fiscal_year_headers_and_highlights_this_month() {
        let wb = generated_workbook(5).unwrap();
        let mut o = XlsxOptions::new(d("2025-10-15"));
        o.from = Some(d("2025-04-01"));
        o.to = Some(d("2027-03-31"));
        let book = build_book(&wb, &o).unwrap();
        let s = &book.sheets[0];
        assert_eq!(s.name, "工程表");
        let fy: Vec<&str> = s
            .merges
            .iter()
            .filter(|m| m.text.contains("年度 ("))
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            fy,
            vec!["2025年度 (令和7年度)", "2026年度 (令和8年度)"],
            "one merged header per fiscal year"
        );
        let oct = s
            .cells
            .iter()
            .find(|c| c.value == Value::Text("10月".into()))
            .unwrap();
        assert_eq!(
            oct.style.fill,
            Some(TODAY_HEAD),
            "today's month header is highlighted"
        );
    }
}
