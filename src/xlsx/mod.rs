//! Excel in and out, because the office hands schedules to the council and receives them back as .xlsx files.
//!
//! The work is split so that almost all of it is pure and testable: `export` builds a [`Book`] (sheets of
//! typed cells, merges, print setup) from a `Workbook`, and [`write_book`] is the thin shell that turns that
//! model into an .xlsx file with rust_xlsxwriter. `import` reads cells with calamine and turns rows into an
//! [`ImportPlan`]: one `Edit::Batch` plus a per-row account (added / changed / unchanged / rejected) that a
//! `--dry-run` can list and that is applied as one `Store::apply` (one transaction).
//!
//! Invariant: user text only ever becomes a text cell ([`Value::Text`], written with `write_string`);
//! formulas are built by this module from cell references alone ([`Value::Formula`]).

pub mod export;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::model::Workbook;
use crate::model::edit::{Applied, Edit};

pub use export::{XlsxOptions, bench_xlsx, build_book, export_xlsx, export_xlsx_to_buffer};
pub use crate::import::schedule::{plan_steps_import, plan_xlsx_import, read_steps_file};

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

/// A cell value. Text is always written as a text cell, never interpreted.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A formula built by this module (cell references only) with its value as computed now.
    Formula {
        formula: String,
        cached: f64,
    },
}

/// How a number or date is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumFmt {
    #[default]
    General,
    /// 令和7年4月1日
    Wareki,
    /// R7.4.1 (dense tables)
    WarekiShort,
    /// 2025/04/01
    IsoDate,
    /// 50%
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// The look of a cell; equal styles share one Excel format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Style {
    /// background fill, 0xRRGGBB
    pub fill: Option<u32>,
    pub font_color: Option<u32>,
    pub bold: bool,
    /// font size in points ×10 (0 = default 10pt)
    pub size10: u16,
    pub num: NumFmt,
    pub align: Align,
    pub indent: u8,
    /// thin grey border on all sides
    pub border: bool,
    pub wrap: bool,
    /// vertical centre
    pub vcenter: bool,
}

impl Style {
    pub fn header() -> Style {
        Style {
            fill: Some(0xD9E1F2),
            bold: true,
            border: true,
            align: Align::Center,
            vcenter: true,
            wrap: true,
            ..Style::default()
        }
    }
    pub fn cell() -> Style {
        Style {
            border: true,
            vcenter: true,
            ..Style::default()
        }
    }
    pub fn title() -> Style {
        Style {
            bold: true,
            size10: 140,
            ..Style::default()
        }
    }
    pub fn with_fill(mut self, fill: u32) -> Style {
        self.fill = Some(fill);
        self
    }
    pub fn with_num(mut self, num: NumFmt) -> Style {
        self.num = num;
        self
    }
    pub fn bold(mut self) -> Style {
        self.bold = true;
        self
    }
    pub fn centered(mut self) -> Style {
        self.align = Align::Center;
        self
    }
    pub fn right(mut self) -> Style {
        self.align = Align::Right;
        self
    }
    pub fn indented(mut self, n: u8) -> Style {
        self.indent = n;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u16,
    pub value: Value,
    pub style: Style,
}

/// A merged range with its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u16,
    pub last_row: u32,
    pub last_col: u16,
    pub text: String,
    pub style: Style,
}

/// One worksheet, as data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
    /// column widths in Excel character units
    pub widths: Vec<(u16, f64)>,
    pub row_heights: Vec<(u32, f64)>,
    /// first unfrozen (row, col)
    pub freeze: Option<(u32, u16)>,
    pub autofilter: Option<(u32, u16, u32, u16)>,
    /// rows repeated at the top of every printed page
    pub repeat_rows: Option<(u32, u32)>,
    /// columns repeated at the left of every printed page
    pub repeat_cols: Option<(u16, u16)>,
    /// how the sheet is fitted to the A3 landscape page
    pub print: PrintFit,
}

/// How a sheet is fitted to the page across. Excel ignores manual page breaks when "fit to N pages wide" is on,
/// so a long month grid is printed at a fixed scale with a break before each page's first 年度 instead.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PrintFit {
    /// scaled to one page wide (and as many tall as needed)
    #[default]
    OnePageWide,
    /// printed at `percent`, a new page starting at each column of `col_breaks` (the repeated title columns
    /// are printed again at the left of every page)
    Sliced { percent: u16, col_breaks: Vec<u16> },
}

/// Printable width of an A3 landscape page with the margins of [`render_book`], in screen pixels at 100 %
/// (96 per inch): 420 mm less 2 × 0.4 in, less 3 % for the renderers' rounding.
pub const PRINTABLE_PX: f64 = (420.0 / 25.4 - 0.8) * 96.0 * 0.97;

/// Printed width of a column set `w` characters wide, in pixels at 100 %. rust_xlsxwriter stores
/// (⌊7w + 5⌋ ÷ 7) characters; a renderer multiplies that by its default font's digit width, which for a Japanese
/// gothic is about 8.4 px (measured on LibreOffice's PDF of our file), not Calibri's 7.
pub fn column_px(w: f64) -> f64 {
    (w * 7.0 + 5.0).floor() / 7.0 * 8.4
}

/// A whole .xlsx file, as data.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub title: String,
    /// 団体名 for the page header
    pub municipality: String,
    pub created: NaiveDate,
    pub sheets: Vec<Sheet>,
}

/// Display width of text in Excel column units: full-width characters count 2, others 1 (longest line).
pub fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if is_wide(c) { 2.0 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// East Asian wide, full-width, and the ambiguous symbols Japanese fonts draw full-width (① ◆ ■ 〇 …).
pub fn is_wide(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1100..=0x115F | 0x2460..=0x24FF | 0x2500..=0x257F | 0x25A0..=0x25FF | 0x2600..=0x26FF | 0x2E80..=0x303E
        | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Text a spreadsheet could read as a formula if it were typed in: = + - @ TAB CR, or their full-width forms.
/// Such text is still written as a text cell (as all text is); this names the risk for tests and checks.
pub fn looks_like_formula(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// Most characters an Excel cell holds.
pub const CELL_MAX_CHARS: usize = 32_767;

/// Text as a cell can hold it: longer text (a very long 課題 note) is cut with a visible note of its full length,
/// never silently and never as an unwritable file.
pub fn fit_cell(s: &str) -> String {
    if s.len() <= CELL_MAX_CHARS {
        return s.to_string(); // no more characters than bytes
    }
    let n = s.chars().count();
    if n <= CELL_MAX_CHARS {
        return s.to_string();
    }
    let tail = format!("…（以下省略、全{n}文字）");
    let keep = CELL_MAX_CHARS - tail.chars().count();
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(&tail);
    out
}

/// Builds a sheet cell by cell, tracking the widest text per column.
pub struct SheetBuilder {
    pub sheet: Sheet,
    /// widest text per column (0 = nothing measured), by column
    auto: Vec<f64>,
    /// fixed widths, by column
    fixed: Vec<Option<f64>>,
    /// rows at or above this are not measured (titles that may overflow)
    measure_from: u32,
}

impl SheetBuilder {
    pub fn new(name: &str) -> SheetBuilder {
        SheetBuilder {
            sheet: Sheet {
                name: name.to_string(),
                ..Sheet::default()
            },
            auto: vec![],
            fixed: vec![],
            measure_from: 0,
        }
    }
    /// Rows before `row` (titles) do not widen their columns.
    pub fn measure_from(&mut self, row: u32) {
        self.measure_from = row;
    }
    fn measure(&mut self, row: u32, col: u16, w: f64, style: Style) {
        let c = usize::from(col);
        if row >= self.measure_from && self.fixed.get(c).is_none_or(Option::is_none) {
            let w = w + f64::from(style.indent) * 2.0;
            if self.auto.len() <= c {
                self.auto.resize(c + 1, 0.0);
            }
            // a measured cell counts even when empty (its column gets the minimum width)
            self.auto[c] = self.auto[c].max(w.max(f64::MIN_POSITIVE));
        }
    }
    /// A text cell (user text goes only through here).
    pub fn text(&mut self, row: u32, col: u16, s: &str, style: Style) {
        self.measure(row, col, text_width(s), style);
        self.sheet.cells.push(Cell {
            row,
            col,
            value: Value::Text(fit_cell(s)),
            style,
        });
    }
    /// A text cell that does not widen its column (a long remark that may overflow or wrap).
    pub fn text_unmeasured(&mut self, row: u32, col: u16, s: &str, style: Style) {
        self.sheet.cells.push(Cell {
            row,
            col,
            value: Value::Text(fit_cell(s)),
            style,
        });
    }
    pub fn number(&mut self, row: u32, col: u16, n: f64, style: Style) {
        let w = match style.num {
            NumFmt::Percent => digits((n * 100.0).round()) + 1.0,
            _ => digits(n),
        };
        self.measure(row, col, w, style);
        self.sheet.cells.push(Cell {
            row,
            col,
            value: Value::Number(n),
            style,
        });
    }
    pub fn date(&mut self, row: u32, col: u16, d: NaiveDate, style: Style) {
        let w = match style.num {
            NumFmt::Wareki => text_width(&crate::calendar::wareki(d)),
            NumFmt::WarekiShort => text_width(&crate::calendar::wareki_short(d)),
            _ => 10.0,
        };
        self.measure(row, col, w, style);
        self.sheet.cells.push(Cell {
            row,
            col,
            value: Value::Date(d),
            style,
        });
    }
    /// A date, or a styled empty cell.
    pub fn opt_date(&mut self, row: u32, col: u16, d: Option<NaiveDate>, style: Style) {
        match d {
            Some(d) => self.date(row, col, d, style),
            None => self.blank(row, col, style),
        }
    }
    pub fn formula(&mut self, row: u32, col: u16, formula: String, cached: f64, style: Style) {
        self.measure(row, col, 6.0, style);
        self.sheet.cells.push(Cell {
            row,
            col,
            value: Value::Formula { formula, cached },
            style,
        });
    }
    /// An empty cell that still carries a style (fill, border).
    pub fn blank(&mut self, row: u32, col: u16, style: Style) {
        self.sheet.cells.push(Cell {
            row,
            col,
            value: Value::Text(String::new()),
            style,
        });
    }
    pub fn merge(
        &mut self,
        first_row: u32,
        first_col: u16,
        last_row: u32,
        last_col: u16,
        text: &str,
        style: Style,
    ) {
        if first_row == last_row && first_col == last_col {
            self.text(first_row, first_col, text, style);
            return;
        }
        self.sheet.merges.push(Merge {
            first_row,
            first_col,
            last_row,
            last_col,
            text: text.to_string(),
            style,
        });
    }
    /// Fixes a column's width (month grid columns).
    pub fn fixed_width(&mut self, col: u16, w: f64) {
        let c = usize::from(col);
        if self.fixed.len() <= c {
            self.fixed.resize(c + 1, None);
        }
        self.fixed[c] = Some(w);
    }
    pub fn finish(mut self, min: f64, max: f64) -> Sheet {
        let n = self.auto.len().max(self.fixed.len());
        self.sheet.widths = (0..n)
            .filter_map(|c| {
                let w = match (self.fixed.get(c).copied().flatten(), self.auto.get(c)) {
                    (Some(w), _) => w,
                    (None, Some(w)) if *w > 0.0 => (w + 2.0).clamp(min, max),
                    _ => return None,
                };
                Some((c as u16, w))
            })
            .collect();
        self.sheet
    }
}

/// Characters a number takes as General shows it (no allocation for whole numbers).
fn digits(n: f64) -> f64 {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        let mut v = n.abs() as u64;
        let mut d = 1.0;
        while v >= 10 {
            v /= 10;
            d += 1.0;
        }
        d + if n < 0.0 { 1.0 } else { 0.0 }
    } else {
        text_width(&format!("{n}"))
    }
}

/// Column letters of a 0-based column (0 → A, 26 → AA).
pub fn col_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// An A1 reference of a 0-based (row, col).
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

fn xlsx_error(out: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    match e {
        rust_xlsxwriter::XlsxError::IoError(io) => crate::store::io_error(out, &io),
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
    f
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
/// (also the benchmark's bare loop, see `export::bench_export`).
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
        ws.set_paper_size(8); // A3
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
    }
    if let Some(first) = xb.worksheets_mut().first_mut() {
        first.set_active(true);
    }
    xb.save_to_buffer()
}

/// Writes bytes to `out` whole or not at all: a temp file in the same folder, then a rename.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
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
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, out)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(crate::store::io_error(out, &e));
    }
    Ok(())
}

/// Writes a book to `out` atomically.
pub fn write_book(book: &Book, out: &Path) -> Result<()> {
    let bytes = render_book(book).map_err(|e| xlsx_error(out, e))?;
    write_atomically(out, &bytes)
}

/// One row of an import as the user will see it in a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLine {
    /// row number in the sheet (1-based, as Excel shows it) or line number in the CSV
    pub line: usize,
    /// what the row is (task name, 氏名 …)
    pub label: String,
    /// what changes, e.g. "計画終了: 2025/09/30 → 2025/12/31"
    pub changes: Vec<String>,
}

/// What an import would do: every edit in one batch, and an account of each row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPlan {
    /// one `Edit::Batch` holding the edits of every accepted row
    pub edits: Edit,
    pub added: Vec<PlanLine>,
    pub changed: Vec<PlanLine>,
    /// rows equal to the workbook already
    pub unchanged: usize,
    /// rows refused, with their row/line number and a Japanese reason
    pub rejected: Vec<(usize, String)>,
}

impl ImportPlan {
    pub fn empty() -> ImportPlan {
        ImportPlan {
            edits: Edit::Batch { edits: vec![] },
            added: vec![],
            changed: vec![],
            unchanged: 0,
            rejected: vec![],
        }
    }
    /// Number of edits in the batch.
    pub fn edit_count(&self) -> usize {
        match &self.edits {
            Edit::Batch { edits } => edits.len(),
            _ => 1,
        }
    }
    pub fn has_changes(&self) -> bool {
        self.edit_count() > 0
    }
    /// The batch to apply. By default an import is all or nothing: any rejected row refuses the whole file,
    /// with every rejected row listed. `accept_partial` applies the accepted rows and leaves the rejected ones out.
    pub fn into_edit(self, accept_partial: bool) -> Result<Edit> {
        if !self.rejected.is_empty() && !accept_partial {
            return Err(Error::invalid(format!(
                "取り込めない行が{}行あるため、何も取り込んでいません。\n{}",
                self.rejected.len(),
                self.rejected_lines().join("\n")
            )));
        }
        Ok(self.edits)
    }
    /// "12行目: 理由" for each rejected row.
    pub fn rejected_lines(&self) -> Vec<String> {
        self.rejected
            .iter()
            .map(|(n, r)| format!("{n}行目: {r}"))
            .collect()
    }
    /// A listing for `--dry-run`.
    pub fn report(&self) -> String {
        let mut s = format!(
            "追加 {}件、変更 {}件、変更なし {}件、取り込めない行 {}件\n",
            self.added.len(),
            self.changed.len(),
            self.unchanged,
            self.rejected.len()
        );
        for l in &self.added {
            s.push_str(&format!(
                "  追加 {}行目: {}{}\n",
                l.line,
                l.label,
                detail(&l.changes)
            ));
        }
        for l in &self.changed {
            s.push_str(&format!(
                "  変更 {}行目: {}{}\n",
                l.line,
                l.label,
                detail(&l.changes)
            ));
        }
        for r in self.rejected_lines() {
            s.push_str(&format!("  × {r}\n"));
        }
        s
    }
    /// Applies the plan through the store as ONE transaction (a failure changes nothing).
    pub fn apply(
        self,
        store: &mut crate::store::Store,
        wb: &mut Workbook,
        accept_partial: bool,
    ) -> Result<Applied> {
        let edit = self.into_edit(accept_partial)?;
        store.apply(wb, edit)
    }
}

fn detail(changes: &[String]) -> String {
    if changes.is_empty() {
        String::new()
    } else {
        format!("（{}）", changes.join("、"))
    }
}

/// Keeps the plan's bookkeeping while rows are read: each row's edit is tried on a scratch copy of the
/// workbook (made at the first row that needs it), so a row that breaks a model rule is rejected with that
/// rule's Japanese message and its line; a row the caller has checked itself is accepted without the trial.
pub(crate) struct Planner<'a> {
    source: &'a Workbook,
    scratch: Option<Workbook>,
    pub edits: Vec<Edit>,
    pub plan: ImportPlan,
}

impl<'a> Planner<'a> {
    pub fn new(wb: &'a Workbook) -> Planner<'a> {
        Planner {
            source: wb,
            scratch: None,
            edits: vec![],
            plan: ImportPlan::empty(),
        }
    }
    /// Tries a row's edit; on success records it as added or changed.
    pub fn row(
        &mut self,
        line: usize,
        label: String,
        edit: Edit,
        changes: Vec<String>,
        added: bool,
    ) -> bool {
        let scratch = self.scratch.get_or_insert_with(|| self.source.clone());
        match crate::model::edit::apply(scratch, edit.clone()) {
            Ok(_) => {
                self.accept(line, label, edit, changes, added);
                true
            }
            Err(e) => {
                self.plan.rejected.push((line, e.message));
                false
            }
        }
    }
    /// Records a row whose edit the caller has checked by the model's rules (the whole batch is checked
    /// again when it is applied).
    pub fn accept(
        &mut self,
        line: usize,
        label: String,
        edit: Edit,
        changes: Vec<String>,
        added: bool,
    ) {
        self.edits.push(edit);
        let pl = PlanLine {
            line,
            label,
            changes,
        };
        if added {
            self.plan.added.push(pl);
        } else {
            self.plan.changed.push(pl);
        }
    }
    pub fn reject(&mut self, line: usize, reason: impl Into<String>) {
        self.plan.rejected.push((line, reason.into()));
    }
    pub fn unchanged(&mut self) {
        self.plan.unchanged += 1;
    }
    pub fn finish(mut self) -> ImportPlan {
        self.plan.rejected.sort_by_key(|(n, _)| *n);
        self.plan.edits = Edit::Batch { edits: self.edits };
        self.plan
    }
}

/// Full-width ASCII (Ａ１＠) to half-width, ideographic space to a plain space; for keys and header names.
pub fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A header name reduced for matching: folded, without spaces, brackets' content kept.
pub fn header_key(s: &str) -> String {
    ascii_fold(s.trim_start_matches('\u{FEFF}'))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// The column names of a header row, folded as [`header_key`] does after widening half-width kana, so a column is
/// found by any of the names clerks give it (職員番号 / 職員ID / ｼｮｸｲﾝﾊﾞﾝｺﾞｳ …) whatever the spacing and width.
pub struct Columns(Vec<String>);

impl Columns {
    pub fn new<'a>(cells: impl IntoIterator<Item = &'a str>) -> Columns {
        Columns(
            cells
                .into_iter()
                .map(|c| header_key(&crate::import::staff::widen_kana(c)))
                .collect(),
        )
    }

    /// The first column named by any of `names`.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| header_key(n)).collect();
        self.0.iter().position(|k| wanted.contains(k))
    }
}

/// A header row as an error message shows it: the cells trimmed and joined with 、.
pub fn header_list<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    cells
        .into_iter()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_found_by_any_of_its_names_whatever_the_width_and_spacing() {
        let columns = Columns::new(["\u{FEFF}職員 番号", "ｼﾒｲ", "ＳＴＡＴＵＳ", "年度"]);
        assert_eq!(
            columns.find(&["職員ID", "職員番号"]),
            Some(0),
            "BOM and a space"
        );
        assert_eq!(columns.find(&["シメイ"]), Some(1), "half-width kana");
        assert_eq!(columns.find(&["status"]), Some(2), "full-width, any case");
        assert_eq!(columns.find(&["受講日"]), None);
        assert_eq!(header_list([" 職員番号 ", "氏名"]), "職員番号、氏名");
    }

    #[test]
    fn text_longer_than_an_excel_cell_is_cut_with_its_full_length_shown() {
        let long = "長".repeat(40_000);
        let cut = fit_cell(&long);
        assert_eq!(
            cut.chars().count(),
            CELL_MAX_CHARS,
            "fills the cell exactly"
        );
        assert!(
            cut.ends_with("…（以下省略、全40000文字）"),
            "says what was cut"
        );
        assert_eq!(fit_cell("短い"), "短い");
    }

    #[test]
    fn full_width_characters_count_two_columns() {
        assert_eq!(text_width("DX"), 2.0);
        assert_eq!(text_width("住民基本台帳"), 12.0);
        assert_eq!(
            text_width("①ＲＦＩ"),
            8.0,
            "circled numbers and full-width letters are wide"
        );
        assert_eq!(text_width("ｶﾅ"), 2.0, "half-width kana stay narrow");
        assert_eq!(
            text_width("一行目\nとても長い二行目"),
            16.0,
            "the longest line counts"
        );
    }

    #[test]
    fn column_names_follow_excel() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
        assert_eq!(cell_ref(4, 2), "C5");
    }

    #[test]
    fn formula_like_text_is_recognised_in_half_and_full_width() {
        for s in [
            "=1+1", "+SUM(A1)", "-2", "@A1", "\tx", "\rx", "＝1", "＋1", "－1", "＠A",
        ] {
            assert!(looks_like_formula(s), "{s:?} starts like a formula");
        }
        assert!(!looks_like_formula("住民基本台帳"));
        assert!(!looks_like_formula(""));
    }

    #[test]
    fn a_plan_with_a_rejected_row_is_refused_whole_unless_partial_is_accepted() {
        let mut p = ImportPlan::empty();
        p.rejected.push((3, "氏名がありません。".into()));
        let err = p.clone().into_edit(false).unwrap_err();
        assert!(
            err.message.contains("3行目: 氏名がありません。"),
            "lists the line: {}",
            err.message
        );
        assert!(
            err.message.contains("何も取り込んでいません"),
            "says nothing was imported: {}",
            err.message
        );
        assert!(p.into_edit(true).is_ok(), "partial import on request");
    }

    #[test]
    fn header_keys_ignore_width_and_spaces() {
        assert_eq!(header_key("\u{FEFF}職員ＩＤ"), "職員ID");
        assert_eq!(header_key(" 開始 日 "), "開始日");
    }

    #[test]
    fn page_header_text_doubles_ampersands() {
        assert_eq!(header_text("A&B市"), "A&&B市");
    }
}
