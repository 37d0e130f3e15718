//! The thin shell around rust_xlsxwriter, because the book model stays pure and testable: formats made once per
//! distinct style, one writer call per cell, merge and setting, and the file written whole or not at all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::book::{Align, Book, LineChart, NumFmt, PrintFit, Style, Value};
use crate::error::{Error, ErrorCode, Result};

/// Font of every cell. IPAexゴシック is what the office's LibreOffice (fonts-ipaexfont) renders; Excel on
/// Windows substitutes its own Japanese gothic for it when the font is absent.
pub const FONT: &str = "IPAexゴシック";

/// Excel number format of a date shown to people: 和暦 (令和7年4月1日). The `[$-ja-JP-x-gannen]` form (令和元年)
/// shows a bare serial number in LibreOffice 7.4, so the plain Japanese-locale form is used (令和1年 in both).
pub const WAREKI_DATE_FORMAT: &str = "[$-411]ggge\"年\"m\"月\"d\"日\"";
/// Short date format for dense tables (2025/04/01): sorts and filters well, reads in any locale.
pub const ISO_DATE_FORMAT: &str = "yyyy/mm/dd";
/// Short 和暦 for dense tables: R7.4.1.
pub const WAREKI_SHORT_FORMAT: &str = "[$-411]ge.m.d";

fn xlsx_error(out: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    match e {
        rust_xlsxwriter::XlsxError::IoError(io) => crate::fsx::io_error(out, &io),
        e => Error::new(
            ErrorCode::Io,
            format!(
                "Excelファイル「{}」を作れませんでした（{e}）。",
                display(out)
            ),
        ),
    }
}

fn display(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn excel_date(d: NaiveDate) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
}

/// `&` starts a code in Excel page headers; a literal one is doubled.
fn header_text(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    t.replace('&', "&&")
}

fn format_of(style: Style) -> rust_xlsxwriter::Format {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut f = Format::new().set_font_name(FONT).set_font_charset(128);
    f = f.set_font_size(if style.size10 == 0 {
        10.0
    } else {
        f64::from(style.size10) / 10.0
    });
    if let Some(c) = style.fill {
        f = f.set_background_color(c);
    }
    if let Some(c) = style.font_color {
        f = f.set_font_color(c);
    }
    if style.bold {
        f = f.set_bold();
    }
    f = match style.num {
        NumFmt::General => f,
        NumFmt::Wareki => f.set_num_format(WAREKI_DATE_FORMAT),
        NumFmt::WarekiShort => f.set_num_format(WAREKI_SHORT_FORMAT),
        NumFmt::IsoDate => f.set_num_format(ISO_DATE_FORMAT),
        NumFmt::Percent => f.set_num_format("0%"),
        NumFmt::Yen => f.set_num_format("#,##0;\"▲\"#,##0"),
        NumFmt::Percent1 => f.set_num_format("0.0%"),
        NumFmt::Thousand => f.set_num_format("#,##0,;\"▲\"#,##0,"),
    };
    f = match style.align {
        Align::Left => f,
        Align::Center => f.set_align(FormatAlign::Center),
        Align::Right => f.set_align(FormatAlign::Right),
    };
    if style.vcenter {
        f = f.set_align(FormatAlign::VerticalCenter);
    }
    if style.indent > 0 {
        f = f.set_indent(style.indent);
    }
    if style.border {
        f = f.set_border(FormatBorder::Thin).set_border_color(0xA6A6A6);
    }
    if style.wrap {
        f = f.set_text_wrap();
    }
    if style.unlocked {
        f = f.set_unlocked();
    }
    f
}

fn validation_of(
    v: &super::book::Validation,
) -> std::result::Result<rust_xlsxwriter::DataValidation, rust_xlsxwriter::XlsxError> {
    use super::book::Rule;
    use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule};
    let dv = DataValidation::new();
    let dv = match &v.rule {
        Rule::List(items) => dv.allow_list_strings(items)?,
        Rule::Decimal(lo, hi) => dv.allow_decimal_number(DataValidationRule::Between(*lo, *hi)),
        Rule::Date(lo, hi) => match (excel_date(*lo), excel_date(*hi)) {
            (Some(a), Some(b)) => dv.allow_date(DataValidationRule::Between(a, b)),
            _ => dv,
        },
    };
    dv.set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title(v.title.chars().take(32).collect::<String>())?
        .set_error_message(v.message.chars().take(255).collect::<String>())
}

/// The Excel formats of a book, made once: one rust_xlsxwriter `Format` per distinct [`Style`], and for every
/// cell and merge of every sheet the index of its format.
pub struct Formats {
    list: Vec<rust_xlsxwriter::Format>,
    cells: Vec<Vec<u16>>,
    merges: Vec<Vec<u16>>,
}

impl Formats {
    pub fn of(book: &Book) -> Formats {
        let mut index: HashMap<Style, u16> = HashMap::new();
        let mut list = vec![];
        let mut last: Option<(Style, u16)> = None;
        let mut resolve = |style: Style| -> u16 {
            // neighbouring cells mostly share a style: skip the hash then
            if let Some((s, i)) = last
                && s == style
            {
                return i;
            }
            let i = *index.entry(style).or_insert_with(|| {
                list.push(format_of(style));
                (list.len() - 1) as u16
            });
            last = Some((style, i));
            i
        };
        let mut cells = Vec::with_capacity(book.sheets.len());
        let mut merges = Vec::with_capacity(book.sheets.len());
        for sheet in &book.sheets {
            cells.push(sheet.cells.iter().map(|c| resolve(c.style)).collect());
            merges.push(sheet.merges.iter().map(|m| resolve(m.style)).collect());
        }
        Formats {
            list,
            cells,
            merges,
        }
    }
}

/// Turns the book model into .xlsx bytes (the only place that talks to rust_xlsxwriter).
pub fn render_book(book: &Book) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    write_with(book, &Formats::of(book))
}

/// Writes a book whose formats are made: one rust_xlsxwriter call per cell, merge and setting, nothing else
/// (also the benchmark's bare loop, see `bare::bench_export`).
pub fn write_with(
    book: &Book,
    formats: &Formats,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, Format, Workbook as XWorkbook};
    let mut xb = XWorkbook::new();
    xb.set_default_format(
        &Format::new()
            .set_font_name(FONT)
            .set_font_size(10)
            .set_font_charset(128),
        18,
        64,
    )?;
    // title only: no author, no company, no path; the creation date is the export date
    let mut props = DocProperties::new().set_title(book.title.clone());
    if let Some(d) = excel_date(book.created) {
        props = props.set_creation_datetime(&d);
    }
    xb.set_properties(&props);
    let created = crate::calendar::wareki(book.created);
    for (k, sheet) in book.sheets.iter().enumerate() {
        let ws = xb.add_worksheet();
        ws.set_name(&sheet.name)?;
        ws.set_landscape();
        ws.set_paper_size(match sheet.paper {
            super::book::Paper::A3 => 8,
            super::book::Paper::A4 => 9,
        });
        ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        match &sheet.print {
            PrintFit::OnePageWide => {
                ws.set_print_fit_to_pages(1, 0);
            }
            PrintFit::Sliced {
                percent,
                col_breaks,
            } => {
                ws.set_print_scale(*percent);
                let breaks: Vec<u32> = col_breaks.iter().map(|c| u32::from(*c)).collect();
                ws.set_vertical_page_breaks(&breaks)?;
            }
        }
        ws.set_header(format!(
            "&L{}&C&A&R作成日 {}",
            header_text(&book.municipality),
            created
        ));
        ws.set_footer("&C&P / &N ページ");
        if let Some((r1, r2)) = sheet.repeat_rows {
            ws.set_repeat_rows(r1, r2)?;
        }
        if let Some((c1, c2)) = sheet.repeat_cols {
            ws.set_repeat_columns(c1, c2)?;
        }
        if let Some((r, c)) = sheet.freeze {
            ws.set_freeze_panes(r, c)?;
        }
        for (c, w) in &sheet.widths {
            ws.set_column_width(*c, *w)?;
        }
        for (r, h) in &sheet.row_heights {
            ws.set_row_height(*r, *h)?;
        }
        for (cell, fi) in sheet.cells.iter().zip(&formats.cells[k]) {
            let f = &formats.list[usize::from(*fi)];
            match &cell.value {
                Value::Text(s) if s.is_empty() => {
                    ws.write_blank(cell.row, cell.col, f)?;
                }
                Value::Text(s) => {
                    ws.write_string_with_format(cell.row, cell.col, s, f)?;
                }
                Value::Number(n) => {
                    ws.write_number_with_format(cell.row, cell.col, *n, f)?;
                }
                Value::Date(d) => match excel_date(*d) {
                    Some(x) => {
                        ws.write_datetime_with_format(cell.row, cell.col, x, f)?;
                    }
                    None => {
                        ws.write_string_with_format(cell.row, cell.col, d.to_string(), f)?;
                    }
                },
                Value::Formula { formula, cached } => {
                    let fm = rust_xlsxwriter::Formula::new(formula).set_result(cached.to_string());
                    ws.write_formula_with_format(cell.row, cell.col, fm, f)?;
                }
            }
        }
        for (m, fi) in sheet.merges.iter().zip(&formats.merges[k]) {
            let f = &formats.list[usize::from(*fi)];
            ws.merge_range(m.first_row, m.first_col, m.last_row, m.last_col, &m.text, f)?;
        }
        if let Some((r1, c1, r2, c2)) = sheet.autofilter {
            ws.autofilter(r1, c1, r2, c2)?;
        }
        for chart in &sheet.charts {
            ws.insert_chart(chart.at.0, chart.at.1, &line_chart(&sheet.name, chart))?;
        }
        for v in &sheet.validations {
            ws.add_data_validation(
                v.first_row,
                v.first_col,
                v.last_row,
                v.last_col,
                &validation_of(v)?,
            )?;
        }
        if sheet.protect {
            ws.protect();
        }
        if sheet.hidden {
            ws.set_hidden(true);
        }
    }
    if let Some(first) = xb.worksheets_mut().first_mut() {
        first.set_active(true);
    }
    xb.save_to_buffer()
}

/// A rust_xlsxwriter line chart from our description of it (lines are columns of `sheet`).
fn line_chart(sheet: &str, c: &LineChart) -> rust_xlsxwriter::Chart {
    use rust_xlsxwriter::{
        Chart, ChartFont, ChartLegendPosition, ChartLine as XLine, ChartLineDashType,
    };
    let font = ChartFont::new().set_name(FONT).clone();
    let mut chart = Chart::new_line();
    chart
        .title()
        .set_name(&c.title)
        .set_font(&font.clone().set_size(12).set_bold().clone());
    chart.set_width(c.width).set_height(c.height);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    chart.x_axis().set_font(&font);
    if c.percent {
        chart
            .y_axis()
            .set_min(0.0)
            .set_max(1.0)
            .set_major_unit(0.2)
            .set_num_format("0%")
            .set_font(&font);
    } else {
        chart.y_axis().set_font(&font);
    }
    let (r1, r2) = c.rows;
    for l in &c.lines {
        let mut line = XLine::new();
        line.set_color(l.color)
            .set_width(if l.dashed { 1.5 } else { 2.25 });
        if l.dashed {
            line.set_dash_type(ChartLineDashType::Dash);
        }
        chart
            .add_series()
            .set_name(l.name.as_str())
            .set_categories((sheet, r1, c.category_col, r2, c.category_col))
            .set_values((sheet, r1, l.col, r2, l.col))
            .set_format(&mut line);
    }
    chart
}

/// Writes bytes to `out` whole or not at all: a temp file in the same folder, then a rename.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::new(
            ErrorCode::NotFound,
            format!("保存先のフォルダ「{}」がありません。", dir.display()),
        ));
    }
    crate::fsx::write_atomically(out, bytes).map_err(|e| crate::fsx::io_error(out, &e))
}

/// Writes a book to `out` atomically.
pub fn write_book(book: &Book, out: &Path) -> Result<()> {
    let bytes = render_book(book).map_err(|e| xlsx_error(out, e))?;
    write_atomically(out, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_header_text_doubles_ampersands() {
        assert_eq!(header_text("A&B市"), "A&&B市");
    }
}
