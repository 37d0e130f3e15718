//! The pure model of an .xlsx file (sheets of typed, styled cells, merges, widths, print setup), because every
//! sheet is built and tested as plain data; only `write` turns it into a file.
//!
//! Invariant: user text only ever becomes a text cell ([`Value::Text`], through [`SheetBuilder::text`]);
//! formulas are built from cell references alone ([`Value::Formula`]).

use chrono::NaiveDate;

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
    /// 1,234,567 and ▲1,234 (amounts in yen)
    Yen,
    /// 78.5%
    Percent1,
    /// a yen amount shown in 千円, rounded half up by the format (1,400 → 1; the cell keeps the yen, so a sum is
    /// exact and rounded once)
    Thousand,
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
    /// left editable when the sheet is protected (a 照会 form's answer cells)
    pub unlocked: bool,
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
    /// line charts drawn over the sheet from its own cells
    pub charts: Vec<LineChart>,
    /// the paper it prints on (landscape)
    pub paper: Paper,
    /// hidden from the sheet tabs (a 照会 form's metadata)
    pub hidden: bool,
    /// sheet protection on, without a password: only `Style::unlocked` cells can be edited
    pub protect: bool,
    /// data validation of ranges (drop-down lists, number and date ranges)
    pub validations: Vec<Validation>,
}

/// A native Excel line chart whose lines are columns of the same sheet, so the chart follows the cells when the
/// office corrects a figure in Excel.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    /// the rows of the data (first, last) and the column of the category labels (the months)
    pub rows: (u32, u32),
    pub category_col: u16,
    pub lines: Vec<ChartLine>,
    /// the top-left cell the chart is placed at
    pub at: (u32, u16),
    /// size in pixels
    pub width: u32,
    pub height: u32,
    /// a 0–100 % value axis
    pub percent: bool,
}

/// One line of a [`LineChart`]: a column of values.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLine {
    pub name: String,
    pub col: u16,
    /// 0xRRGGBB
    pub color: u32,
    pub dashed: bool,
}

/// Landscape paper of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A3,
    A4,
}

/// What a validated range accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// one of these texts, offered as a drop-down list
    List(Vec<String>),
    /// a number between the two (inclusive)
    Decimal(f64, f64),
    /// a date between the two (inclusive)
    Date(NaiveDate, NaiveDate),
}

/// Data validation of a range: typed input outside the rule gets a warning with `message` (it can still be kept,
/// as pasted values always can: the reader of the file checks again).
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub first_row: u32,
    pub first_col: u16,
    pub last_row: u32,
    pub last_col: u16,
    pub rule: Rule,
    pub title: String,
    pub message: String,
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

/// Printable width of an A3 landscape page with the margins of [`render_book`](super::render_book), in screen
/// pixels at 100 % (96 per inch): 420 mm less 2 × 0.4 in, less 3 % for the renderers' rounding.
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
            NumFmt::Yen => {
                let d = digits(n.abs());
                d + ((d - 1.0) / 3.0).floor() + if n < 0.0 { 2.0 } else { 0.0 }
            }
            NumFmt::Thousand => {
                let d = digits((n.abs() / 1000.0).round());
                d + ((d - 1.0) / 3.0).floor() + if n < 0.0 { 2.0 } else { 0.0 }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
