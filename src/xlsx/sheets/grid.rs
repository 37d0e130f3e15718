//! The month grid the 工程表, 移行計画 and 研修計画 sheets share (年度 over month headers, plan and actual bars,
//! the colour key, slicing a long grid into printed pages), because all three must look and print alike.

use chrono::{Datelike, Months, NaiveDate};

use super::XlsxOptions;
use crate::calendar::FiscalYear;
use crate::model::Span;
use crate::xlsx::book::{
    Align, PRINTABLE_PX, PrintFit, Sheet, SheetBuilder, Style, column_px, text_width,
};

// Colours of the month grid (print well in colour and stay distinct in grey).
pub(super) const PLAN: u32 = 0xBDD7EE;
pub(super) const PLAN_LATE: u32 = 0xF8CBAD;
pub(super) const PLAN_DONE: u32 = 0xC6E0B4;
pub(super) const PLAN_CLOSED: u32 = 0xE7E6E6;
pub(super) const ACTUAL: u32 = 0x2F5597;
pub(super) const ACTUAL_LATE: u32 = 0xC00000;
pub(super) const ACTUAL_DONE: u32 = 0x548235;
pub(super) const TODAY: u32 = 0xFFF2CC;
pub(super) const TODAY_HEAD: u32 = 0xFFD966;
pub(super) const GROUP: u32 = 0xD9D9D9;
pub(super) const INITIATIVE: u32 = 0xF2F2F2;
pub(super) const MILESTONE: u32 = 0xC00000;

pub(super) fn months_over(
    opts: &XlsxOptions,
    dates: impl Iterator<Item = NaiveDate>,
) -> Vec<NaiveDate> {
    let (mut lo, mut hi) = (NaiveDate::MAX, NaiveDate::MIN);
    for d in dates {
        lo = lo.min(d);
        hi = hi.max(d);
    }
    if lo > hi {
        lo = first_of_month(opts.today);
        hi = lo;
    }
    let from = first_of_month(opts.from.unwrap_or(lo));
    let mut to = first_of_month(opts.to.unwrap_or(hi));
    if let Some(cap) = from.checked_add_months(Months::new(239))
        && to > cap
    {
        to = cap;
    }
    let mut v = vec![];
    let mut m = from;
    while m <= to {
        v.push(m);
        match m.checked_add_months(Months::new(1)) {
            Some(n) => m = n,
            None => break,
        }
    }
    v
}

/// Month grids up to this many months print on one page wide; longer ones are sliced at 年度 boundaries.
pub const MONTHS_PER_PAGE: usize = 24;

/// Print setup of a sheet with a month grid from `first_month`: one page wide when the grid is short, else a
/// fixed scale at which the repeated title columns and [`MONTHS_PER_PAGE`] months (and the first page's left
/// columns and twelve months) fit across an A3 page, with a page break before every 年度 that would not fit on
/// the current page. The sheet itself keeps every month.
pub fn month_grid_print(sheet: &Sheet, first_month: u16, months: &[NaiveDate]) -> PrintFit {
    if months.len() <= MONTHS_PER_PAGE {
        return PrintFit::OnePageWide;
    }
    let width = |c: u16| {
        let w = sheet
            .widths
            .iter()
            .find(|(col, _)| *col == c)
            .map(|(_, w)| *w)
            .unwrap_or(8.43);
        column_px(w)
    };
    let left: f64 = (0..first_month).map(width).sum();
    let repeated: f64 = match sheet.repeat_cols {
        Some((a, b)) => (a..=b).map(width).sum(),
        None => 0.0,
    };
    let month_px: Vec<f64> = (0..months.len())
        .map(|k| width(first_month + k as u16))
        .collect();
    // later pages: the repeated columns and two 年度; the first page: every left column and one 年度
    let months_px = |n: usize| month_px.iter().take(n).sum::<f64>();
    let wanted = (repeated + months_px(MONTHS_PER_PAGE)).max(left + months_px(12));
    let percent = ((PRINTABLE_PX * 100.0 / wanted).floor() as u16).clamp(10, 100);
    let capacity = PRINTABLE_PX * 100.0 / f64::from(percent);
    // whole 年度 blocks, placed page by page
    let mut col_breaks = vec![];
    let (mut used, mut on_page) = (left, 0usize);
    let mut i = 0;
    while i < months.len() {
        let fy = FiscalYear::of(months[i]);
        let mut j = i;
        while j + 1 < months.len() && FiscalYear::of(months[j + 1]) == fy {
            j += 1;
        }
        let block: f64 = month_px[i..=j].iter().sum();
        if on_page > 0 && used + block > capacity {
            col_breaks.push(first_month + i as u16);
            used = repeated;
            on_page = 0;
        }
        used += block;
        on_page += j - i + 1;
        i = j + 1;
    }
    PrintFit::Sliced {
        percent,
        col_breaks,
    }
}

pub(super) fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Writes the two header rows of a month grid: merged 年度 labels over month labels.
pub(super) fn month_header(
    b: &mut SheetBuilder,
    row: u32,
    first_col: u16,
    months: &[NaiveDate],
    today: NaiveDate,
) {
    let today_m = first_of_month(today);
    let mut i = 0;
    while i < months.len() {
        let fy = FiscalYear::of(months[i]);
        let mut j = i;
        while j + 1 < months.len() && FiscalYear::of(months[j + 1]) == fy {
            j += 1;
        }
        let c1 = first_col + i as u16;
        let c2 = first_col + j as u16;
        let label = if j - i + 1 >= 4 {
            fy.long_label()
        } else {
            fy.short_label()
        };
        b.merge(row, c1, row, c2, &label, Style::header());
        i = j + 1;
    }
    for (k, m) in months.iter().enumerate() {
        let c = first_col + k as u16;
        let mut st = Style::header();
        st.wrap = false;
        if *m == today_m {
            st.fill = Some(TODAY_HEAD);
        }
        b.text(row + 1, c, &format!("{}月", m.month()), st);
        b.fixed_width(c, 4.3);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tone {
    Open,
    Late,
    Done,
    Closed,
}

/// One row of month cells: plan months light, actual months dark, ◆ on the milestone month, today's column tinted.
#[allow(clippy::too_many_arguments)]
pub(super) fn bar_cells(
    b: &mut SheetBuilder,
    row: u32,
    first_col: u16,
    months: &[NaiveDate],
    today: NaiveDate,
    plan: Option<Span>,
    actual: Option<Span>,
    tone: Tone,
    milestone: Option<NaiveDate>,
    base_fill: Option<u32>,
) {
    let today_m = first_of_month(today);
    let ms = milestone.map(first_of_month);
    // the months a span reaches into: from its first month's first day to its end
    let months_of = |s: Option<Span>| {
        s.map(|s| Span {
            start: first_of_month(s.start),
            end: s.end,
        })
    };
    let (plan, actual) = (months_of(plan), months_of(actual));
    let within = |s: Option<Span>, m: NaiveDate| s.is_some_and(|s| s.start <= m && m <= s.end);
    for (k, m) in months.iter().enumerate() {
        let c = first_col + k as u16;
        let mut st = Style {
            border: true,
            align: Align::Center,
            vcenter: true,
            ..Style::default()
        };
        st.fill = base_fill;
        if *m == today_m {
            st.fill = Some(TODAY);
        }
        if within(plan, *m) {
            st.fill = Some(match tone {
                Tone::Open => PLAN,
                Tone::Late => PLAN_LATE,
                Tone::Done => PLAN_DONE,
                Tone::Closed => PLAN_CLOSED,
            });
        }
        if within(actual, *m) {
            st.fill = Some(match tone {
                Tone::Late => ACTUAL_LATE,
                Tone::Done | Tone::Closed => ACTUAL_DONE,
                Tone::Open => ACTUAL,
            });
        }
        if ms == Some(*m) {
            let dark = st
                .fill
                .is_some_and(|f| f == ACTUAL || f == ACTUAL_LATE || f == ACTUAL_DONE);
            st.font_color = Some(if dark { 0xFFFFFF } else { MILESTONE });
            st.bold = true;
            b.text(row, c, "◆", st);
        } else {
            b.blank(row, c, st);
        }
    }
}

/// The actual bar: start to end, or to today while the row is still open.
pub(super) fn actual_span(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    closed: bool,
    today: NaiveDate,
) -> Option<Span> {
    let s = start?;
    let e = match end {
        Some(e) => e,
        None if closed => s,
        None => today.max(s),
    };
    Span::new(s, e).ok()
}

pub(super) fn tone_of(closed: bool, done: bool, late: bool) -> Tone {
    if done {
        Tone::Done
    } else if closed {
        Tone::Closed
    } else if late {
        Tone::Late
    } else {
        Tone::Open
    }
}

/// The colour key, placed over the month grid and wrapped onto the next row so it never widens the page.
pub(super) fn legend(b: &mut SheetBuilder, row: u32, col: u16, max_cols: u16) {
    let items: [(Option<u32>, &str); 8] = [
        (Some(PLAN), "計画"),
        (Some(ACTUAL), "実績"),
        (Some(PLAN_LATE), "遅れ（計画）"),
        (Some(ACTUAL_LATE), "遅れ（実績）"),
        (Some(PLAN_DONE), "完了（計画）"),
        (Some(ACTUAL_DONE), "完了（実績）"),
        (Some(TODAY_HEAD), "今月"),
        (None, "目標時期・マイルストーン"),
    ];
    b.text_unmeasured(
        row,
        col.saturating_sub(1),
        "凡例",
        Style::default().bold().right(),
    );
    let end = col + max_cols.max(8);
    let (mut r, mut c) = (row, col);
    for (fill, label) in items {
        // a month column is 4.3 wide: the label overflows into as many empty cells as it needs
        let step = 1 + (text_width(label) / 4.3).ceil() as u16;
        if c + step > end && c > col {
            r += 1;
            c = col;
        }
        match fill {
            Some(f) => b.blank(
                r,
                c,
                Style {
                    fill: Some(f),
                    border: true,
                    ..Style::default()
                },
            ),
            None => b.text(
                r,
                c,
                "◆",
                Style {
                    font_color: Some(MILESTONE),
                    bold: true,
                    align: Align::Center,
                    ..Style::default()
                },
            ),
        }
        b.text_unmeasured(r, c + 1, label, Style::default());
        c += step;
    }
}
