//! The sheets of the Excel export (工程表, 移行計画, オンライン化, 研修計画, 推進体制, データ, 経費, 推移), one file each,
//! because the office hands the council one workbook with every schedule in it; this file builds the [`Book`]
//! from a `Workbook` and holds what the sheets share (options, title rows, headings).

mod cost;
mod data;
mod grid;
mod online;
mod org;
mod roadmap;
mod systems;
mod training;
mod trend;

use std::path::Path;

use chrono::NaiveDate;

use super::book::{Book, Sheet, SheetBuilder, Style};
use super::write::{render_book, write_book};
use crate::calendar::wareki;
use crate::error::{Error, Result};
use crate::model::{Baseline, Workbook};

pub use data::{DATA_HEADERS, KIND_PROCEDURE, KIND_STEP, KIND_TASK};
pub use grid::{MONTHS_PER_PAGE, month_grid_print};
pub use roadmap::month_range;
pub use systems::migration_months;

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
    /// 円 or 千円 for the 経費 sheet's amounts (the cells keep yen; 千円 is their number format)
    pub unit: crate::model::cost::Unit,
}

impl XlsxOptions {
    pub fn new(today: NaiveDate) -> XlsxOptions {
        XlsxOptions {
            from: None,
            to: None,
            today,
            baseline: None,
            include_personal: false,
            unit: crate::model::cost::Unit::Yen,
        }
    }
}

/// Sheet names, in order.
pub const SHEETS: [&str; 8] = [
    "工程表",
    "移行計画",
    "オンライン化",
    "研修計画",
    "推進体制",
    "データ",
    "経費",
    "推移",
];

/// Exports the workbook as an .xlsx file, written whole or not at all.
pub fn export_xlsx(wb: &Workbook, opts: &XlsxOptions, out: &Path) -> Result<()> {
    let book = build_book(wb, opts)?;
    write_book(&book, out)
}

/// The .xlsx bytes of an export (for tests and for a UI that saves through its own dialog).
pub fn export_xlsx_to_buffer(wb: &Workbook, opts: &XlsxOptions) -> Result<Vec<u8>> {
    let book = build_book(wb, opts)?;
    render_book(&book).map_err(|e| Error::internal(format!("Excelの組み立てに失敗: {e}")))
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
    Ok(build_sheets(wb, opts, baseline, &mut |_, build| build()))
}

/// Builds every sheet, each through `each(name, build)` (the benchmark times them there; an export just builds).
pub(crate) fn build_sheets(
    wb: &Workbook,
    opts: &XlsxOptions,
    baseline: Option<&Baseline>,
    each: &mut dyn FnMut(&'static str, &dyn Fn() -> Sheet) -> Sheet,
) -> Book {
    let months = month_range(wb, opts);
    let sheets = vec![
        each(SHEETS[0], &|| {
            roadmap::roadmap_sheet(wb, opts, &months, baseline)
        }),
        each(SHEETS[1], &|| {
            systems::migration_sheet(wb, opts, &migration_months(wb, opts))
        }),
        each(SHEETS[2], &|| online::online_sheet(wb)),
        each(SHEETS[3], &|| training::training_sheet(wb, opts)),
        each(SHEETS[4], &|| org::org_sheet(wb)),
        each(SHEETS[5], &|| data::data_sheet(wb)),
        each(SHEETS[6], &|| cost::cost_sheet(wb, opts.unit)),
        each(SHEETS[7], &|| trend::trend_sheet(wb, opts)),
    ];
    Book {
        title: format!("{} DX推進計画", wb.meta.municipality),
        municipality: wb.meta.municipality.clone(),
        created: opts.today,
        sheets,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::bare::generated_workbook;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn an_unknown_baseline_is_refused_by_name() {
        let wb = generated_workbook(1).unwrap();
        let mut o = XlsxOptions::new(d("2025-10-15"));
        o.baseline = Some("当初計画".into());
        let err = build_book(&wb, &o).unwrap_err();
        assert!(err.message.contains("当初計画"), "{}", err.message);
    }
}
