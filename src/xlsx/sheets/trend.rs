//! The 推移 sheet: the 完了率 month by month from the progress history (actual against planned, the S-curve the
//! council asks for, drawn as a native Excel chart over the cells), オンライン化 completions per month, each
//! 業務's curve and training completions per 年度 — the same figures as `dxplan trend` and the council's page.

use super::titled;
use crate::calendar::wareki_month;
use crate::model::Workbook;
use crate::query::trend::history_trend;
use crate::xlsx::book::{ChartLine, LineChart, NumFmt, Sheet, Style};

use super::XlsxOptions;

/// Colours of the lines, the same as the council page's (`documents::trend`).
const ACTUAL: u32 = 0x2B4C7E;
const PLANNED: u32 = 0x9A5B13;
/// rows the chart covers (380 px at the default 18 pt row height, with room to spare)
const CHART_ROWS: u32 = 24;

pub(super) fn trend_sheet(wb: &Workbook, opts: &XlsxOptions) -> Sheet {
    let mut b = titled(
        "推移",
        wb,
        "標準化 完了率の推移（各月末時点）",
        Some(opts.today),
    );
    let Some(t) = history_trend(wb, opts.today) else {
        b.text(
            3,
            0,
            "（進捗の記録が2か月分たまると、ここに月ごとの推移が表示されます）",
            Style::default(),
        );
        return b.finish(5.0, 60.0);
    };
    let head = 3u32;
    let cols = [
        "月",
        "基準日",
        "完了率（実績）",
        "計画（完了予定の割合）",
        "差（実績−計画）",
        "オンライン化 当月完了",
        "オンライン化 完了累計",
    ];
    for (i, h) in cols.iter().enumerate() {
        b.text(head, i as u16, h, Style::header());
    }
    b.measure_from(head + 1);
    let pct = Style::cell().with_num(NumFmt::Percent1).right();
    let date = Style::cell().with_num(NumFmt::WarekiShort).centered();
    let first = head + 1;
    for (i, m) in t.months.iter().enumerate() {
        let r = first + i as u32;
        b.text(r, 0, &wareki_month(m.month), Style::cell());
        b.date(r, 1, m.as_of, date);
        b.number(r, 2, m.actual, pct);
        b.number(r, 3, m.planned, pct);
        b.number(r, 4, m.actual - m.planned, pct);
        b.number(r, 5, m.procedures_done as f64, Style::cell().right());
        b.number(r, 6, m.procedures_done_total as f64, Style::cell().right());
    }
    let last = first + t.months.len() as u32 - 1;
    for (c, w) in [
        (0u16, 14.0),
        (1, 10.0),
        (2, 12.0),
        (3, 14.0),
        (4, 12.0),
        (5, 12.0),
        (6, 12.0),
    ] {
        b.fixed_width(c, w);
    }
    b.sheet.row_heights.push((head, 30.0));
    b.sheet.charts.push(LineChart {
        title: "標準化 完了率の推移（実績と計画）".into(),
        rows: (first, last),
        category_col: 0,
        lines: vec![
            ChartLine {
                name: "完了率（実績）".into(),
                col: 2,
                color: ACTUAL,
                dashed: false,
            },
            ChartLine {
                name: "計画（完了予定の割合）".into(),
                col: 3,
                color: PLANNED,
                dashed: true,
            },
        ],
        at: (head, 8),
        width: 760,
        height: 380,
        percent: true,
    });

    // training completions per 年度, under the monthly table
    let mut r = last + 2;
    b.text(r, 0, "研修の修了者数（年度ごと）", Style::default().bold());
    r += 1;
    b.text(r, 0, "年度", Style::header());
    b.text(r, 1, "修了", Style::header());
    r += 1;
    for y in &t.training {
        b.text(r, 0, &y.label, Style::cell());
        b.number(r, 1, y.completed as f64, Style::cell().right());
        r += 1;
    }

    // each 業務's curve: months down, 業務 across; below the chart even when the history is short
    r = (r + 1).max(head + CHART_ROWS);
    b.text(r, 0, "業務ごとの完了率（実績）", Style::default().bold());
    r += 1;
    let sys_head = r;
    b.text(r, 0, "月", Style::header());
    for (j, s) in t.systems.iter().enumerate() {
        let c = 1 + j as u16;
        b.text(r, c, &s.name, Style::header());
        if c > 6 {
            b.fixed_width(c, 12.0);
        }
    }
    b.sheet.row_heights.push((sys_head, 42.0));
    for (i, m) in t.months.iter().enumerate() {
        let row = sys_head + 1 + i as u32;
        b.text(row, 0, &wareki_month(m.month), Style::cell());
        for (j, s) in t.systems.iter().enumerate() {
            if let Some(v) = s.actual.get(i) {
                b.number(row, 1 + j as u16, *v, pct);
            }
        }
    }
    b.sheet.freeze = Some((head + 1, 1));
    b.finish(5.0, 60.0)
}
