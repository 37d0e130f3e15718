//! Excel out, because the office hands schedules to the council as .xlsx files.
//!
//! The work is split so that almost all of it is pure and testable: `sheets` builds a [`Book`] (sheets of typed
//! cells, merges, print setup; the model is in `book`) from a `Workbook`, and `write` is the thin shell that turns
//! that model into an .xlsx file with rust_xlsxwriter. `bare` is the benchmark that measures the export against
//! rust_xlsxwriter alone. `rollup` is the prefecture's roll-up of many workbooks. Reading Excel files back is `crate::import`'s work; it takes the データ sheet's headers
//! and 種別 labels from here.
//!
//! Invariant: user text only ever becomes a text cell ([`Value::Text`], written with `write_string`);
//! formulas are built by this crate from cell references alone ([`Value::Formula`]).

mod bare;
mod book;
mod inquiry;
mod national;
mod rollup;
mod sheets;
mod write;

pub use bare::{XlsxBench, bench_export, bench_xlsx, generated_workbook};
pub use book::{
    Align, Book, CELL_MAX_CHARS, Cell, Merge, NumFmt, PRINTABLE_PX, Paper, PrintFit, Rule, Sheet,
    SheetBuilder, Style, Validation, Value, cell_ref, col_name, column_px, fit_cell, is_wide,
    looks_like_formula, text_width,
};
pub use inquiry::{form_book, form_file_names, office_name, round_token, write_forms};
pub use national::{NATIONAL_HEADERS, export_national, national_book, national_csv};
pub use rollup::{REFUSED_SHEET, SUMMARY_SHEET, export_rollup_xlsx, heat_fill, rollup_book};
pub use sheets::{
    DATA_HEADERS, KIND_PROCEDURE, KIND_STEP, KIND_TASK, MONTHS_PER_PAGE, SHEETS, XlsxOptions,
    build_book, export_xlsx, export_xlsx_to_buffer, migration_months, month_grid_print,
    month_range,
};
pub use write::{
    FONT, Formats, ISO_DATE_FORMAT, WAREKI_DATE_FORMAT, WAREKI_SHORT_FORMAT, render_book,
    write_atomically, write_book, write_with,
};
