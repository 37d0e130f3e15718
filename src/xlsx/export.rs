//! Builds the Excel schedules the office hands out (工程表, 移行計画, オンライン化, 研修計画, 推進体制, データ)
//! as a pure [`Book`] model from a `Workbook`; only [`export_xlsx`] touches the file system.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, Months, NaiveDate};

use super::{
    Align, Book, NumFmt, PRINTABLE_PX, PrintFit, Sheet, SheetBuilder, Style, cell_ref, column_px,
    write_book,
};
use crate::calendar::{FiscalYear, wareki};
use crate::error::{Error, Result};
use crate::model::baseline::variance;
use crate::model::training::{SkillGap, SkillLevels};
use crate::model::{
    Baseline, EnrolmentStatus, Id, InitiativeGroup, RowRef, Span, Status, StepStatus, System,
    Workbook, org::unit_path,
};

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxOptions {
    /// first month shown in the month grids (default: the plan period, widened to every dated row)
    pub from: Option<NaiveDate>,
    /// last month shown
    pub to: Option<NaiveDate>,
    /// the day the file is made: highlights this month, decides what is late, dates the page header
    pub today: NaiveDate,
    /// name of a baseline to compare the 工程表 with (基準比 column)
    pub baseline: Option<String>,
    /// name people in 研修計画 (otherwise counts per 職位 only)
    pub include_personal: bool,
}

impl XlsxOptions {
    pub fn new(today: NaiveDate) -> XlsxOptions {
        XlsxOptions {
            from: None,
            to: None,
            today,
            baseline: None,
            include_personal: false,
        }
    }
}

// Colours of the month grid (print well in colour and stay distinct in grey).
const PLAN: u32 = 0xBDD7EE;
const PLAN_LATE: u32 = 0xF8CBAD;
const PLAN_DONE: u32 = 0xC6E0B4;
const PLAN_CLOSED: u32 = 0xE7E6E6;
const ACTUAL: u32 = 0x2F5597;
const ACTUAL_LATE: u32 = 0xC00000;
const ACTUAL_DONE: u32 = 0x548235;
const TODAY: u32 = 0xFFF2CC;
const TODAY_HEAD: u32 = 0xFFD966;
const GROUP: u32 = 0xD9D9D9;
const INITIATIVE: u32 = 0xF2F2F2;
const MILESTONE: u32 = 0xC00000;

/// Sheet names, in order.
pub const SHEETS: [&str; 6] = [
    "工程表",
    "移行計画",
    "オンライン化",
    "研修計画",
    "推進体制",
    "データ",
];

/// Headers of the データ sheet (the re-importable flat table).
pub const DATA_HEADERS: [&str; 17] = [
    "種別",
    "ID",
    "区分",
    "番号",
    "名称",
    "担当課",
    "計画開始",
    "計画終了",
    "実績開始",
    "実績終了",
    "状況",
    "進捗率",
    "マイルストーン",
    "目標日",
    "連携方式",
    "対象外理由",
    "備考",
];

/// 種別 labels of the データ sheet.
pub const KIND_TASK: &str = "工程表";
pub const KIND_STEP: &str = "標準化";
pub const KIND_PROCEDURE: &str = "オンライン化";

/// Exports the workbook as an .xlsx file, written whole or not at all.
pub fn export_xlsx(wb: &Workbook, opts: &XlsxOptions, out: &Path) -> Result<()> {
    let book = build_book(wb, opts)?;
    write_book(&book, out)
}

/// The .xlsx bytes of an export (for tests and for a UI that saves through its own dialog).
pub fn export_xlsx_to_buffer(wb: &Workbook, opts: &XlsxOptions) -> Result<Vec<u8>> {
    let book = build_book(wb, opts)?;
    super::render_book(&book).map_err(|e| Error::internal(format!("Excelの組み立てに失敗: {e}")))
}

/// Builds every sheet (pure).
pub fn build_book(wb: &Workbook, opts: &XlsxOptions) -> Result<Book> {
    let baseline = match &opts.baseline {
        Some(name) => Some(
            wb.baseline_by_name(name)
                .ok_or_else(|| Error::not_found("基準計画", name).with_field("baseline"))?,
        ),
        None => None,
    };
    if let (Some(f), Some(t)) = (opts.from, opts.to)
        && t < f
    {
        return Err(Error::field(
            "to",
            format!(
                "終了月（{}）が開始月（{}）より前です。",
                wareki(t),
                wareki(f)
            ),
        ));
    }
    Ok(build_sheets(wb, opts, baseline, &mut |_, _| {}))
}

/// Builds every sheet, telling `took` how long each one took (for the benchmark).
fn build_sheets(
    wb: &Workbook,
    opts: &XlsxOptions,
    baseline: Option<&Baseline>,
    took: &mut dyn FnMut(&'static str, std::time::Duration),
) -> Book {
    let mut timed = |name: &'static str, f: &dyn Fn() -> Sheet| {
        let t = Instant::now();
        let s = f();
        took(name, t.elapsed());
        s
    };
    let months = month_range(wb, opts);
    let sheets = vec![
        timed(SHEETS[0], &|| roadmap_sheet(wb, opts, &months, baseline)),
        timed(SHEETS[1], &|| {
            migration_sheet(wb, opts, &migration_months(wb, opts))
        }),
        timed(SHEETS[2], &|| online_sheet(wb)),
        timed(SHEETS[3], &|| training_sheet(wb, opts)),
        timed(SHEETS[4], &|| org_sheet(wb)),
        timed(SHEETS[5], &|| data_sheet(wb)),
    ];
    Book {
        title: format!("{} DX推進計画", wb.meta.municipality),
        municipality: wb.meta.municipality.clone(),
        created: opts.today,
        sheets,
    }
}

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

fn months_over(opts: &XlsxOptions, dates: impl Iterator<Item = NaiveDate>) -> Vec<NaiveDate> {
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

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Writes the two header rows of a month grid: merged 年度 labels over month labels.
fn month_header(
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
enum Tone {
    Open,
    Late,
    Done,
    Closed,
}

/// One row of month cells: plan months light, actual months dark, ◆ on the milestone month, today's column tinted.
#[allow(clippy::too_many_arguments)]
fn bar_cells(
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
fn actual_span(
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

fn tone_of(closed: bool, done: bool, late: bool) -> Tone {
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
fn legend(b: &mut SheetBuilder, row: u32, col: u16, max_cols: u16) {
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
        let step = 1 + (super::text_width(label) / 4.3).ceil() as u16;
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

/// A sheet whose first row is its title (団体名 and what it shows), with 「…現在」 under it when `as_of` is given.
fn titled(sheet: &str, wb: &Workbook, what: &str, as_of: Option<NaiveDate>) -> SheetBuilder {
    let mut b = SheetBuilder::new(sheet);
    b.text(
        0,
        0,
        &format!("{}　{}", wb.meta.municipality, what),
        Style::title(),
    );
    b.sheet.row_heights.push((0, 22.0));
    if let Some(d) = as_of {
        b.text(1, 0, &format!("{}現在", wareki(d)), Style::default());
    }
    b
}

/// Column headings in row `head`: each merged over two rows when `two_rows` (over a month grid's 年度 and
/// month rows), else one cell each. Rows from `head` on widen their columns.
fn headings(b: &mut SheetBuilder, head: u32, cols: &[&str], two_rows: bool) {
    for (i, h) in cols.iter().enumerate() {
        let c = i as u16;
        if two_rows {
            b.merge(head, c, head + 1, c, h, Style::header());
        } else {
            b.text(head, c, h, Style::header());
        }
    }
    b.measure_from(head);
}

fn roadmap_sheet(
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
    for group in InitiativeGroup::ALL {
        let mut inits: Vec<_> = wb.initiatives.iter().filter(|i| i.group == group).collect();
        if inits.is_empty() {
            continue;
        }
        inits.sort_by_key(|i| (i.sort, i.id));
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
            let name = format!(
                "{}{}{}",
                if i.reference && !i.name.starts_with("【参考】") {
                    "【参考】"
                } else {
                    ""
                },
                i.code,
                i.name
            );
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
            let mut tasks: Vec<_> = wb
                .tasks
                .iter()
                .filter(|t| t.initiative_id == i.id)
                .collect();
            tasks.sort_by_key(|t| (t.sort, t.id));
            for t in tasks {
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

fn system_owners(wb: &Workbook, s: &System) -> String {
    s.owner_units
        .iter()
        .map(|u| wb.unit_name(Some(*u)))
        .collect::<Vec<_>>()
        .join("・")
}

fn migration_sheet(wb: &Workbook, opts: &XlsxOptions, months: &[NaiveDate]) -> Sheet {
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
        b.text(row, 2, &system_owners(wb, s), Style { bold: false, ..sst });
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
            let late = !closed && st.plan.is_some_and(|p| p.end < opts.today);
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

fn online_sheet(wb: &Workbook) -> Sheet {
    let mut b = titled("オンライン化", wb, "行政手続のオンライン化", None);
    let cols = [
        "番号",
        "分類",
        "手続名",
        "必須",
        "所管課",
        "連携方式",
        "状況",
        "計画開始",
        "計画終了",
        "目標時期",
        "実績終了",
        "対象外理由",
        "備考",
    ];
    let head = 2u32;
    headings(&mut b, head, &cols, false);
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.no, p.id));
    let date = Style::cell().with_num(NumFmt::WarekiShort).centered();
    let mut row = head + 1;
    for p in procs {
        b.number(row, 0, f64::from(p.no), Style::cell().centered());
        b.text(row, 1, p.category.label(), Style::cell());
        b.text(row, 2, &p.name, Style::cell());
        b.text(
            row,
            3,
            if p.required { "○" } else { "" },
            Style::cell().centered(),
        );
        b.text(row, 4, wb.unit_name(p.owner_unit), Style::cell());
        b.text(
            row,
            5,
            p.link_method.map(|l| l.label()).unwrap_or(""),
            Style::cell(),
        );
        let mut sst = Style::cell().centered();
        sst.fill = match p.status {
            Status::Done => Some(PLAN_DONE),
            Status::Delayed => Some(PLAN_LATE),
            Status::NotApplicable | Status::Cancelled => Some(PLAN_CLOSED),
            _ => None,
        };
        b.text(row, 6, p.status.label(), sst);
        b.opt_date(row, 7, p.plan.map(|x| x.start), date);
        b.opt_date(row, 8, p.plan.map(|x| x.end), date);
        b.opt_date(row, 9, p.target_date, date);
        b.opt_date(row, 10, p.actual_end, date);
        b.text(row, 11, &p.excluded_reason, Style::cell());
        b.text(row, 12, &p.notes, Style::cell());
        row += 1;
    }
    if row > head + 1 {
        b.sheet.autofilter = Some((head, 0, row - 1, cols.len() as u16 - 1));
        // counts that follow the table when a status is edited in the sheet
        let r1 = cell_ref(head + 1, 6);
        let r2 = cell_ref(row - 1, 6);
        let mut r = row + 1;
        b.text(r, 2, "状況別の件数", Style::default().bold());
        r += 1;
        for s in Status::ALL {
            let n = wb.procedures.iter().filter(|p| p.status == s).count();
            b.text(r, 2, s.label(), Style::cell());
            b.formula(
                r,
                3,
                format!("=COUNTIF({r1}:{r2},\"{}\")", s.label()),
                n as f64,
                Style::cell().right(),
            );
            r += 1;
        }
    } else {
        b.text(row, 0, "（手続がありません）", Style::default());
    }
    b.sheet.freeze = Some((head + 1, 3));
    b.sheet.repeat_rows = Some((head, head));
    b.sheet.repeat_cols = Some((0, 2));
    b.finish(5.0, 60.0)
}

/// Seats taken (planned and completed enrolments) per course and month, for every fiscal year that has any:
/// counted in one pass over the enrolments, which also tells the years.
struct SeatCounts {
    /// per year: seats at `course index * 12 + month counted from April`
    years: Vec<(FiscalYear, Vec<u32>)>,
    /// where the last enrolment's year is in `years`
    last: usize,
    course_ix: crate::model::IdIndex,
    /// per course, the month it is held (for enrolments that give none)
    course_months: Vec<Option<u32>>,
}

impl SeatCounts {
    fn start(wb: &Workbook) -> SeatCounts {
        SeatCounts {
            years: vec![],
            last: 0,
            course_ix: crate::model::IdIndex::new(wb.courses.iter().map(|c| c.id)),
            course_months: wb.courses.iter().map(|c| c.month).collect(),
        }
    }

    #[inline]
    fn add(&mut self, e: &crate::model::Enrolment) {
        if e.status == EnrolmentStatus::Cancelled {
            return;
        }
        let Some(ci) = self.course_ix.get(e.course_id) else {
            return;
        };
        let Some(m) = e
            .month
            .or(self.course_months[ci])
            .filter(|m| (1..=12).contains(m))
        else {
            return;
        };
        // enrolments come in runs of one year: look there first
        if self.years.get(self.last).is_none_or(|(y, _)| *y != e.year) {
            self.last = match self.years.iter().position(|(y, _)| *y == e.year) {
                Some(i) => i,
                None => {
                    let courses = self.course_months.len();
                    self.years.push((e.year, vec![0; courses * 12]));
                    self.years.len() - 1
                }
            };
        }
        self.years[self.last].1[ci * 12 + ((m as usize) + 8) % 12] += 1;
    }

    fn finish(mut self) -> SeatCounts {
        self.years.sort_by_key(|(y, _)| *y);
        self.last = 0;
        self
    }

    fn get(&self, year: FiscalYear, course: usize, month_from_april: usize) -> u32 {
        self.years
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0, |(_, v)| v[course * 12 + month_from_april])
    }
}

/// Fiscal years shown in 研修計画: the options' range, else every year with enrolments, else this year.
fn training_years(seats: &SeatCounts, opts: &XlsxOptions) -> Vec<FiscalYear> {
    let mut years: BTreeSet<FiscalYear> = BTreeSet::new();
    match (opts.from, opts.to) {
        (Some(f), Some(t)) => {
            let mut y = FiscalYear::of(f);
            while y <= FiscalYear::of(t) && years.len() < 20 {
                years.insert(y);
                y = y.next();
            }
        }
        (Some(f), None) => {
            years.insert(FiscalYear::of(f));
        }
        (None, Some(t)) => {
            years.insert(FiscalYear::of(t));
        }
        (None, None) => years.extend(seats.years.iter().map(|(y, _)| *y)),
    }
    if years.is_empty() {
        years.insert(FiscalYear::of(opts.today));
    }
    years.into_iter().collect()
}

fn training_sheet(wb: &Workbook, opts: &XlsxOptions) -> Sheet {
    let mut b = titled("研修計画", wb, "人材育成 研修計画", Some(opts.today));
    // the month grid's seats and the skill levels of the coverage table, counted in one pass over the enrolments
    let mut seats = SeatCounts::start(wb);
    let mut levels = SkillLevels::start(&wb.people, &wb.skill_targets, &wb.courses);
    for e in &wb.enrolments {
        seats.add(e);
        levels.add(e);
    }
    let seats = seats.finish();
    let years = training_years(&seats, opts);
    let months: Vec<NaiveDate> = years
        .iter()
        .flat_map(|y| (0..12).filter_map(move |k| y.start().checked_add_months(Months::new(k))))
        .collect();
    let cols = ["実施主体", "研修名", "形式", "定員"];
    let first_month = cols.len() as u16;
    let head = 3u32;
    b.text(
        2,
        0,
        "研修ごとの受講予定人数（月別）",
        Style::default().bold(),
    );
    headings(&mut b, head, &cols, true);
    month_header(&mut b, head, first_month, &months, opts.today);
    let total_col = first_month + months.len() as u16;
    b.merge(head, total_col, head + 1, total_col, "計", Style::header());
    let mut row = head + 2;
    for (ci, c) in wb.courses.iter().enumerate() {
        b.text(row, 0, &c.provider, Style::cell());
        b.text(row, 1, &c.name, Style::cell());
        b.text(row, 2, c.format.label(), Style::cell());
        match c.seats {
            Some(s) => b.number(row, 3, f64::from(s), Style::cell().right()),
            None => b.text(row, 3, "制限なし", Style::cell().right()),
        }
        let mut total = 0u32;
        for (k, m) in months.iter().enumerate() {
            let n = seats.get(years[k / 12], ci, k % 12);
            let col = first_month + k as u16;
            let mut st = Style::cell().centered();
            if n > 0 {
                st.fill = Some(PLAN);
                b.number(row, col, f64::from(n), st);
                total += n;
            } else {
                if first_of_month(opts.today) == *m {
                    st.fill = Some(TODAY);
                }
                b.blank(row, col, st);
            }
        }
        // the total follows edits of the month cells
        let f = format!(
            "=SUM({}:{})",
            cell_ref(row, first_month),
            cell_ref(row, total_col - 1)
        );
        b.formula(
            row,
            total_col,
            f,
            f64::from(total),
            Style::cell().right().bold(),
        );
        row += 1;
    }
    if wb.courses.is_empty() {
        b.text(row, 0, "（研修がありません）", Style::default());
        row += 1;
    }

    // skill coverage
    row += 2;
    let skills = levels.skills();
    let skill_names: HashMap<Id, &str> =
        wb.skills.iter().map(|s| (s.id, s.name.as_str())).collect();
    let skill_name = |id: &Id| skill_names.get(id).copied().unwrap_or_default();
    if opts.include_personal {
        b.text(
            row,
            0,
            "職員ごとの必要スキルの充足（〇 達成・△ 受講予定で達成・× 不足）",
            Style::default().bold(),
        );
        row += 1;
        let mut hc = vec!["氏名", "所属", "職位"];
        hc.extend(skills.iter().map(skill_name));
        coverage_headings(&mut b, row, first_month, &hc);
        row += 1;
        for (pi, p) in wb.people.iter().enumerate() {
            let marks: Vec<Option<SkillGap>> =
                skills.iter().map(|s| levels.standing(pi, *s)).collect();
            if marks.iter().all(Option::is_none) {
                continue; // their 職位 has no targets
            }
            b.text(row, 0, &p.name, Style::cell());
            b.text(row, 1, wb.unit_name(p.unit_id), Style::cell());
            b.text(row, 2, &p.position, Style::cell());
            for (k, standing) in marks.iter().enumerate() {
                let (mark, fill) = match standing {
                    None => ("", None),
                    Some(g) if g.reached >= g.required => ("〇", Some(PLAN_DONE)),
                    Some(g) if g.planned >= g.required => ("△", Some(PLAN)),
                    Some(_) => ("×", Some(PLAN_LATE)),
                };
                b.text(
                    row,
                    3 + k as u16,
                    mark,
                    Style {
                        fill,
                        ..Style::cell().centered()
                    },
                );
            }
            row += 1;
        }
    } else {
        b.text(
            row,
            0,
            "職位ごとの必要スキルの充足（人数。氏名は --personal で出力）",
            Style::default().bold(),
        );
        row += 1;
        let mut hc = vec![
            "職位".to_string(),
            "人数".into(),
            "全目標達成".into(),
            "受講予定で達成".into(),
        ];
        hc.extend(skills.iter().map(|s| format!("{}不足", skill_name(s))));
        coverage_headings(&mut b, row, first_month, &hc);
        row += 1;
        for c in levels.coverage().positions {
            b.text(row, 0, &c.position, Style::cell());
            b.number(row, 1, c.people as f64, Style::cell().right());
            b.number(row, 2, c.fully_covered as f64, Style::cell().right());
            b.number(
                row,
                3,
                c.covered_when_plans_done as f64,
                Style::cell().right(),
            );
            for (k, s) in skills.iter().enumerate() {
                let col = 4 + k as u16;
                match c.lacking.iter().find(|l| l.skill_id == *s) {
                    Some(l) => b.number(
                        row,
                        col,
                        l.people as f64,
                        Style {
                            fill: (l.people > 0).then_some(PLAN_LATE),
                            ..Style::cell().right()
                        },
                    ),
                    None => b.text(row, col, "—", Style::cell().centered()),
                }
            }
            row += 1;
        }
    }
    b.sheet.freeze = Some((head + 2, first_month));
    b.sheet.repeat_cols = Some((0, 1));
    let mut s = b.finish(6.0, 40.0);
    s.print = month_grid_print(&s, first_month, &months);
    s
}

/// The heading row of a coverage table under the month grid: skill names that fall in the narrow month columns
/// wrap, so the row is made tall enough for the longest of them (neither Excel nor LibreOffice grows a row for
/// wrapped text the file did not size).
fn coverage_headings(
    b: &mut SheetBuilder,
    row: u32,
    first_month: u16,
    headings: &[impl AsRef<str>],
) {
    let mut lines = 1.0f64;
    for (i, h) in headings.iter().enumerate() {
        let col = i as u16;
        b.text(row, col, h.as_ref(), Style::header());
        if col >= first_month {
            // a month column (4.3 characters) holds two full-width characters a line
            lines = lines.max((super::text_width(h.as_ref()) / 4.0).ceil());
        }
    }
    if lines > 1.0 {
        b.sheet.row_heights.push((row, 15.0 * lines + 4.0));
    }
}

fn org_sheet(wb: &Workbook) -> Sheet {
    let mut b = titled("推進体制", wb, "DX推進体制", None);
    let cols = [
        "組織・役割",
        "種別",
        "役割",
        "氏名",
        "役職名",
        "関係課",
        "所属人数",
    ];
    let head = 2u32;
    headings(&mut b, head, &cols, false);
    let mut row = head + 1;
    let role_row = |b: &mut SheetBuilder, row: u32, depth: u8, r: &crate::model::RoleAssignment| {
        let name = wb
            .person(r.person_id)
            .map(|p| p.name.as_str())
            .unwrap_or("");
        b.text(row, 0, "", Style::cell().indented(depth));
        b.blank(row, 1, Style::cell());
        b.text(row, 2, r.role.label(), Style::cell());
        b.text(row, 3, name, Style::cell());
        b.text(row, 4, &r.title, Style::cell());
        b.blank(row, 5, Style::cell());
        b.blank(row, 6, Style::cell());
    };
    // roles outside any body first: 首長, CIO, CIO補佐官
    for r in wb.roles.iter().filter(|r| r.unit_id.is_none()) {
        role_row(&mut b, row, 0, r);
        row += 1;
    }
    let mut children: HashMap<Option<Id>, Vec<&crate::model::OrgUnit>> = HashMap::new();
    for u in &wb.units {
        let parent = u.parent_id.filter(|p| wb.unit(*p).is_some());
        children.entry(parent).or_default().push(u);
    }
    for v in children.values_mut() {
        v.sort_by_key(|u| (u.kind.is_cross_cutting(), u.sort, u.id));
    }
    // people per unit, by the unit's position (50,000 people: no hashing per person)
    let unit_ix = crate::model::IdIndex::new(wb.units.iter().map(|u| u.id));
    let mut people = vec![0usize; wb.units.len()];
    for p in &wb.people {
        if let Some(i) = p.unit_id.and_then(|u| unit_ix.get(u)) {
            people[i] += 1;
        }
    }
    // depth-first, iteratively (a deep tree must not overflow the stack)
    let mut stack: Vec<(&crate::model::OrgUnit, u8)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|u| (*u, 0u8)).collect())
        .unwrap_or_default();
    let mut seen: BTreeSet<Id> = BTreeSet::new();
    while let Some((u, depth)) = stack.pop() {
        if !seen.insert(u.id) {
            continue;
        }
        let fill = if u.kind.is_cross_cutting() {
            Some(0xFCE4D6)
        } else if u.parent_id.is_none() {
            Some(INITIATIVE)
        } else {
            None
        };
        let st = Style {
            fill,
            ..Style::cell()
        };
        b.text(
            row,
            0,
            &u.name,
            Style {
                bold: depth == 0,
                ..st.indented(depth.min(15))
            },
        );
        b.text(row, 1, u.kind.label(), st);
        b.blank(row, 2, st);
        b.blank(row, 3, st);
        b.blank(row, 4, st);
        let linked = u
            .linked_units
            .iter()
            .map(|l| wb.unit_name(Some(*l)))
            .collect::<Vec<_>>()
            .join("・");
        b.text(row, 5, &linked, st);
        match unit_ix.get(u.id).map(|i| people[i]).filter(|n| *n > 0) {
            Some(n) => b.number(
                row,
                6,
                n as f64,
                Style {
                    align: Align::Right,
                    ..st
                },
            ),
            None => b.blank(row, 6, st),
        }
        row += 1;
        for r in wb.roles.iter().filter(|r| r.unit_id == Some(u.id)) {
            role_row(&mut b, row, (depth + 1).min(15), r);
            row += 1;
        }
        if let Some(kids) = children.get(&Some(u.id)) {
            for k in kids.iter().rev() {
                stack.push((k, depth.saturating_add(1)));
            }
        }
    }
    if row == head + 1 {
        b.text(row, 0, "（組織がありません）", Style::default());
    }
    b.sheet.freeze = Some((head + 1, 1));
    b.sheet.repeat_rows = Some((head, head));
    b.finish(6.0, 50.0)
}

fn data_sheet(wb: &Workbook) -> Sheet {
    let mut b = SheetBuilder::new("データ");
    for (i, h) in DATA_HEADERS.iter().enumerate() {
        b.text(0, i as u16, h, Style::header());
    }
    let date = Style::default().with_num(NumFmt::IsoDate);
    let text = Style::default();
    let mut row = 1u32;
    let mut inits: Vec<_> = wb.initiatives.iter().collect();
    inits.sort_by_key(|i| (i.group, i.sort, i.id));
    for i in inits {
        let mut tasks: Vec<_> = wb
            .tasks
            .iter()
            .filter(|t| t.initiative_id == i.id)
            .collect();
        tasks.sort_by_key(|t| (t.sort, t.id));
        for t in tasks {
            b.text(row, 0, KIND_TASK, text);
            b.number(row, 1, t.id as f64, text);
            b.text(row, 2, &i.name, text);
            b.text(row, 3, &i.code, text);
            b.text(row, 4, &t.name, text);
            // the task's own 担当 (empty = the initiative's), so a re-import changes nothing
            b.text(row, 5, wb.unit_name(t.owner_unit), text);
            b.opt_date(row, 6, t.plan.map(|p| p.start), date);
            b.opt_date(row, 7, t.plan.map(|p| p.end), date);
            b.opt_date(row, 8, t.actual_start, date);
            b.opt_date(row, 9, t.actual_end, date);
            b.text(row, 10, t.status.label(), text);
            b.number(row, 11, f64::from(t.progress), text);
            b.text(row, 12, if t.milestone { "◆" } else { "" }, text);
            b.text(row, 16, &t.notes, text);
            row += 1;
        }
    }
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    for s in systems {
        let owners = system_owners(wb, s);
        for st in wb.steps_of(s.id) {
            let (code, name) = wb
                .template_step(st.template_step_id)
                .map(|t| (t.code.as_str(), t.name.as_str()))
                .unwrap_or(("", ""));
            b.text(row, 0, KIND_STEP, text);
            b.number(row, 1, st.id as f64, text);
            b.text(row, 2, &s.name, text);
            b.text(row, 3, code, text);
            b.text(row, 4, name, text);
            b.text(row, 5, &owners, text);
            b.opt_date(row, 6, st.plan.map(|p| p.start), date);
            b.opt_date(row, 7, st.plan.map(|p| p.end), date);
            b.opt_date(row, 8, st.actual_start, date);
            b.opt_date(row, 9, st.actual_end, date);
            b.text(row, 10, st.status.label(), text);
            b.opt_date(row, 13, Some(s.deadline()), date);
            b.text(row, 16, &st.notes, text);
            row += 1;
        }
    }
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.no, p.id));
    for p in procs {
        b.text(row, 0, KIND_PROCEDURE, text);
        b.number(row, 1, p.id as f64, text);
        b.text(row, 2, p.category.label(), text);
        b.number(row, 3, f64::from(p.no), text);
        b.text(row, 4, &p.name, text);
        b.text(row, 5, wb.unit_name(p.owner_unit), text);
        b.opt_date(row, 6, p.plan.map(|x| x.start), date);
        b.opt_date(row, 7, p.plan.map(|x| x.end), date);
        b.opt_date(row, 8, p.actual_start, date);
        b.opt_date(row, 9, p.actual_end, date);
        b.text(row, 10, p.status.label(), text);
        b.opt_date(row, 13, p.target_date, date);
        b.text(
            row,
            14,
            p.link_method.map(|l| l.label()).unwrap_or(""),
            text,
        );
        b.text(row, 15, &p.excluded_reason, text);
        b.text(row, 16, &p.notes, text);
        row += 1;
    }
    b.sheet.freeze = Some((1, 0));
    b.sheet.repeat_rows = Some((0, 0));
    b.sheet.autofilter = Some((
        0,
        0,
        row.saturating_sub(1).max(1),
        DATA_HEADERS.len() as u16 - 1,
    ));
    b.finish(6.0, 60.0)
}

/// Path of a unit for messages ("総務部 / 総務課").
pub fn unit_label(wb: &Workbook, id: Id) -> String {
    unit_path(&wb.units, id)
}

/// Figures of one XLSX export against the bare rust_xlsxwriter program that writes the same file.
#[derive(Debug, Clone)]
pub struct XlsxBench {
    /// cells and merges written
    pub cells: usize,
    /// building the sheet model (pure)
    pub model: std::time::Duration,
    /// of which each sheet
    pub sheets: Vec<(&'static str, std::time::Duration)>,
    /// making the Excel formats and writing the file with rust_xlsxwriter
    pub write: std::time::Duration,
    pub bytes: usize,
    /// the bare program: the same cells (values, types, formats), sheets and settings, its formats made before
    /// the clock starts and nothing else done; its file is the same bytes as ours
    pub bare: std::time::Duration,
    pub bare_bytes: usize,
}

impl XlsxBench {
    /// Export time over the bare program's.
    pub fn ratio(&self) -> f64 {
        (self.model + self.write).as_secs_f64() / self.bare.as_secs_f64().max(1e-9)
    }
}

/// Times the export of `wb` (model, formats, file) against the bare rust_xlsxwriter program that writes the
/// same file: every cell with its value, type and format, every merge, width and print setting, with the
/// formats made beforehand. The difference is what dxplan adds on top of rust_xlsxwriter.
pub fn bench_export(wb: &Workbook, opts: &XlsxOptions) -> Result<XlsxBench> {
    let t0 = Instant::now();
    let baseline = opts.baseline.as_ref().and_then(|n| wb.baseline_by_name(n));
    let mut sheets = vec![];
    let book = build_sheets(wb, opts, baseline, &mut |n, t| sheets.push((n, t)));
    let model = t0.elapsed();
    let cells: usize = book
        .sheets
        .iter()
        .map(|s| s.cells.len() + s.merges.len())
        .sum();
    let t1 = Instant::now();
    let bytes = super::render_book(&book).map_err(|e| Error::internal(e.to_string()))?;
    let write = t1.elapsed();

    let formats = super::Formats::of(&book);
    let t2 = Instant::now();
    let bare = super::write_with(&book, &formats).map_err(|e| Error::internal(e.to_string()))?;
    let bare_time = t2.elapsed();
    Ok(XlsxBench {
        cells,
        model,
        sheets,
        write,
        bytes: bytes.len(),
        bare: bare_time,
        bare_bytes: bare.len(),
    })
}

/// Times the export of a generated workbook with `tasks` 工程表 rows against the bare rust_xlsxwriter program
/// writing the same file, and returns the figures as text.
pub fn bench_xlsx(tasks: usize) -> Result<String> {
    let wb = generated_workbook(tasks)?;
    let today = NaiveDate::from_ymd_opt(2025, 10, 15).ok_or_else(|| Error::internal("date"))?;
    let b = bench_export(&wb, &XlsxOptions::new(today))?;
    Ok(format!(
        "tasks {tasks}, cells {}: model {:.3}s + write {:.3}s = {:.3}s, {} KB; bare rust_xlsxwriter program {:.3}s, {} KB (ratio {:.2})",
        b.cells,
        b.model.as_secs_f64(),
        b.write.as_secs_f64(),
        (b.model + b.write).as_secs_f64(),
        b.bytes / 1024,
        b.bare.as_secs_f64(),
        b.bare_bytes / 1024,
        b.ratio()
    ))
}

/// A large workbook for benchmarks: `tasks` rows spread over ten initiatives, bars across FY2021–FY2025.
pub fn generated_workbook(tasks: usize) -> Result<Workbook> {
    use crate::model::{Initiative, Task, WorkbookMeta};
    let mut wb = Workbook::empty(WorkbookMeta::new("ベンチ市")?);
    for i in 1..=10 {
        wb.initiatives.push(Initiative {
            id: i,
            group: InitiativeGroup::ALL[(i as usize) % 3],
            code: String::new(),
            name: format!("取組事項{i}"),
            priority: false,
            reference: false,
            target_label: "令和7年度".into(),
            target_date: NaiveDate::from_ymd_opt(2026, 3, 31),
            owner_unit: None,
            sort: i,
        });
    }
    let base = NaiveDate::from_ymd_opt(2021, 4, 1).ok_or_else(|| Error::internal("date"))?;
    for k in 0..tasks {
        let start = base
            .checked_add_months(Months::new((k % 48) as u32))
            .unwrap_or(base);
        let end = start
            .checked_add_months(Months::new(1 + (k % 9) as u32))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start);
        wb.tasks.push(Task {
            id: k as Id + 1,
            initiative_id: (k % 10) as Id + 1,
            name: format!("取組内容{:05}　現行システムの調査と移行計画", k + 1),
            owner_unit: None,
            plan: Some(Span { start, end }),
            actual_start: (k % 3 == 0).then_some(start),
            actual_end: None,
            progress: (k % 100) as u8,
            status: Status::InProgress,
            milestone: k % 7 == 0,
            notes: String::new(),
            sort: k as i64,
        });
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::Value;

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

    #[test]
    fn an_unknown_baseline_is_refused_by_name() {
        let wb = generated_workbook(1).unwrap();
        let mut o = XlsxOptions::new(d("2025-10-15"));
        o.baseline = Some("当初計画".into());
        let err = build_book(&wb, &o).unwrap_err();
        assert!(err.message.contains("当初計画"), "{}", err.message);
    }

    #[test]
    fn staff_names_appear_only_when_personal_output_is_asked_for() {
        use crate::model::{Person, SkillArea, SkillTarget};
        let mut wb = generated_workbook(1).unwrap();
        wb.skills.push(SkillArea {
            id: 1,
            name: "DX基礎".into(),
            description: String::new(),
        });
        wb.skill_targets.push(SkillTarget {
            id: 1,
            position: "課長".into(),
            skill_id: 1,
            level: 1,
        });
        wb.people.push(Person {
            id: 1,
            staff_no: Some("1".into()),
            name: "髙﨑　花子".into(),
            kana: String::new(),
            position: "課長".into(),
            unit_id: None,
            employment: Default::default(),
        });
        let mut o = XlsxOptions::new(d("2025-10-15"));
        let has_name = |o: &XlsxOptions| {
            build_book(&wb, o).unwrap().sheets[3]
                .cells
                .iter()
                .any(|c| c.value == Value::Text("髙﨑　花子".into()))
        };
        assert!(!has_name(&o), "no names by default");
        o.include_personal = true;
        assert!(has_name(&o), "names with --personal");
    }

    /// The month grid of 研修計画 counts planned and completed seats in the month they fall in, per 年度, and
    /// leaves out cancelled enrolments and 年度 with none.
    #[test]
    fn the_training_grid_counts_seats_per_month_and_year_without_cancelled_ones() {
        use crate::model::{Enrolment, EnrolmentStatus};
        let mut wb = crate::data::demo::demo_workbook().unwrap();
        let course = wb.courses[0].id;
        let person = wb.people[0].id;
        wb.enrolments.clear();
        let mut add = |year: i32, month: u32, status: EnrolmentStatus| {
            let id = wb.enrolments.len() as i64 + 1;
            wb.enrolments.push(Enrolment {
                id,
                person_id: person,
                course_id: course,
                year: FiscalYear(year),
                month: Some(month),
                status,
                completed_on: (status == EnrolmentStatus::Completed).then(|| d("2024-06-30")),
            });
        };
        add(2024, 6, EnrolmentStatus::Completed);
        add(2024, 6, EnrolmentStatus::Planned);
        add(2024, 2, EnrolmentStatus::Planned); // February: the end of 2024年度
        add(2024, 6, EnrolmentStatus::Cancelled);
        add(2026, 6, EnrolmentStatus::Cancelled); // a 年度 with only a cancelled enrolment
        let sheet = training_sheet(&wb, &XlsxOptions::new(d("2025-10-01")));
        let title_row = sheet
            .cells
            .iter()
            .find(|c| matches!(&c.value, Value::Text(t) if *t == wb.courses[0].name))
            .map(|c| c.row)
            .expect("the course has a row");
        let numbers: Vec<(u16, f64)> = sheet
            .cells
            .iter()
            .filter(|c| c.row == title_row && c.col >= 4)
            .filter_map(|c| match c.value {
                Value::Number(n) => Some((c.col, n)),
                Value::Formula { cached, .. } => Some((c.col, cached)),
                _ => None,
            })
            .collect();
        // columns: 4 title columns, then April 2024 … March 2025 (one 年度), then the total
        assert_eq!(
            numbers,
            vec![(4 + 2, 2.0), (4 + 10, 1.0), (4 + 12, 3.0)],
            "June 2024: 2 (one cancelled left out), February 2025: 1, total 3; no column for 2026年度"
        );
    }

    /// Skill names in the narrow month columns wrap: their heading row is tall enough for the longest one.
    #[test]
    fn the_coverage_heading_row_is_tall_enough_for_wrapped_skill_names() {
        let wb = crate::data::demo::demo_workbook().unwrap();
        let sheet = training_sheet(&wb, &XlsxOptions::new(d("2025-10-01")));
        let heads: Vec<&crate::xlsx::Cell> = sheet
            .cells
            .iter()
            .filter(|c| matches!(&c.value, Value::Text(t) if t.ends_with("不足")))
            .collect();
        assert!(!heads.is_empty(), "the coverage table has skill columns");
        let row = heads[0].row;
        let longest = heads
            .iter()
            .map(|c| match &c.value {
                Value::Text(t) => crate::xlsx::text_width(t),
                _ => 0.0,
            })
            .fold(0.0f64, f64::max);
        let height = sheet
            .row_heights
            .iter()
            .find(|(r, _)| *r == row)
            .map(|(_, h)| *h)
            .expect("the heading row has a height");
        let lines = (longest / 4.0).ceil();
        assert!(
            lines >= 3.0 && height >= 15.0 * lines,
            "{lines} lines of about 15 pt need {} pt, the row has {height}",
            15.0 * lines
        );
    }

    /// 推進体制 shows beside each unit how many people belong to it, and nothing for a unit without people.
    #[test]
    fn the_org_sheet_counts_the_people_of_each_unit() {
        let wb = crate::data::demo::demo_workbook().unwrap();
        let sheet = org_sheet(&wb);
        let mut checked = 0;
        for u in &wb.units {
            let n = wb.people.iter().filter(|p| p.unit_id == Some(u.id)).count();
            let Some(row) = sheet
                .cells
                .iter()
                .find(|c| c.col == 0 && matches!(&c.value, Value::Text(t) if t.trim() == u.name))
                .map(|c| c.row)
            else {
                continue; // a name shown twice or indented differently: the count is checked on the others
            };
            let shown = sheet
                .cells
                .iter()
                .find(|c| c.row == row && c.col == 6)
                .and_then(|c| match c.value {
                    Value::Number(v) => Some(v as usize),
                    _ => None,
                });
            assert_eq!(shown, (n > 0).then_some(n), "people of {}", u.name);
            checked += usize::from(n > 0);
        }
        assert!(
            checked >= 5,
            "the demo has units with people ({checked} checked)"
        );
    }
}
