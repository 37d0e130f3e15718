//! Rows out of the files the office receives, because every importer starts from rows of cells with the line
//! number a clerk sees: .xlsx sheets read with calamine (typed cells, Excel serial dates), CSV split into records
//! with their line numbers, and a file read whole with a Japanese error.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::text::{Encoding, decode};
use crate::calendar::parse_date;
use crate::error::{Error, Result};

/// A cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum In {
    Empty,
    Text(String),
    Num(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl In {
    pub(crate) fn text(&self) -> String {
        match self {
            In::Empty => String::new(),
            In::Text(s) => s.clone(),
            In::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            In::Num(n) => n.to_string(),
            In::Date(d) => d.format("%Y-%m-%d").to_string(),
            In::Bool(b) => b.to_string(),
        }
    }
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            In::Empty => true,
            In::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Excel serial day (1900 date system) to a date.
pub(crate) fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

fn to_in(d: &Data) -> In {
    match d {
        Data::Empty => In::Empty,
        Data::String(s) => In::Text(s.clone()),
        Data::Float(f) => In::Num(*f),
        Data::Int(i) => In::Num(*i as f64),
        Data::Bool(b) => In::Bool(*b),
        Data::DateTime(x) => serial_date(x.as_f64())
            .map(In::Date)
            .unwrap_or(In::Num(x.as_f64())),
        Data::DateTimeIso(s) => parse_date(s.get(..10).unwrap_or(s))
            .map(In::Date)
            .unwrap_or(In::Text(s.clone())),
        Data::DurationIso(s) => In::Text(s.clone()),
        Data::Error(_) => In::Empty,
    }
}

/// A sheet as read: its name and rows of cells, with the 1-based row number Excel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIn {
    pub name: String,
    pub rows: Vec<(usize, Vec<In>)>,
}

/// Reads every sheet of an .xlsx file's bytes.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<SheetIn>> {
    let bad = |e: &dyn std::fmt::Display| {
        Error::invalid(format!("Excelファイル（.xlsx）として読めません（{e}）。"))
    };
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut out = vec![];
    for name in x.sheet_names() {
        let range = x.worksheet_range(&name).map_err(|e| bad(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows = vec![];
        for (i, r) in range.rows().enumerate() {
            let mut cells: Vec<In> = vec![In::Empty; c0 as usize];
            cells.extend(r.iter().map(to_in));
            rows.push((r0 as usize + i + 1, cells));
        }
        out.push(SheetIn { name, rows });
    }
    Ok(out)
}

/// Reads a file into memory with a Japanese error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| crate::fsx::io_error(path, &e))
}

/// A record and the line it starts on. A `StringRecord` keeps a row's fields in one buffer: two allocations a row
/// instead of one per field (half a million training lines have 3.5 million fields).
pub type NumberedRow = (usize, csv::StringRecord);

/// Splits CSV text into records with the line each starts on. Records whose field count differs from the
/// header's are returned apart as broken, with a Japanese reason.
pub fn csv_rows(text: &str) -> (Vec<NumberedRow>, Vec<(usize, String)>) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = vec![];
    let mut broken = vec![];
    let mut width: Option<usize> = None;
    let mut rec = csv::StringRecord::new();
    // line numbers from byte offsets: the csv crate's own line count does not advance on CRLF
    // (the reader's offset may sit on the line break that ended the previous record: skip breaks first)
    let bytes = text.as_bytes();
    // positions only move forward: count newlines from the last position, not from the start (linear overall)
    let mut counted = (0usize, 1usize); // (byte, line at that byte)
    let mut line_at = |byte: u64| {
        let mut b = (byte as usize).min(bytes.len());
        while b < bytes.len() && (bytes[b] == b'\n' || bytes[b] == b'\r') {
            b += 1;
        }
        let (from, line) = counted;
        if b < from {
            return bytes[..b].iter().filter(|c| **c == b'\n').count() + 1;
        }
        let line = line + bytes[from..b].iter().filter(|c| **c == b'\n').count();
        counted = (b, line);
        line
    };
    loop {
        let line = line_at(rdr.position().byte());
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map(|p| line_at(p.byte())).unwrap_or(line);
                if rec.len() == 1 && rec[0].trim().is_empty() {
                    continue;
                }
                let fields = rec.clone();
                match width {
                    None => {
                        width = Some(fields.len());
                        rows.push((line, fields));
                    }
                    Some(w) if w != fields.len() => broken.push((
                        line,
                        format!(
                            "列の数が見出しと合いません（見出し{w}列、この行{}列）。行が途中で切れているか、引用符（\"）やカンマが崩れています。",
                            fields.len()
                        ),
                    )),
                    Some(_) => rows.push((line, fields)),
                }
            }
            Err(e) => {
                broken.push((line.max(1), format!("CSVとして読めません（{e}）。")));
                break;
            }
        }
    }
    (rows, broken)
}

/// Whether the bytes are an .xlsx file (a zip archive), whatever the file is called.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A refused line: its number and the Japanese reason.
pub type Rejected = (usize, String);

/// Rows of a file that may be an .xlsx (first sheet; recognised by its content) or a CSV, each with its line
/// number, and the lines of the CSV that could not be split into the header's columns.
pub fn read_rows(bytes: &[u8], enc: Encoding) -> Result<(Vec<NumberedRow>, Vec<Rejected>)> {
    if is_xlsx(bytes) {
        let sheets = read_xlsx(bytes)?;
        let first = sheets
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid("Excelファイルにシートがありません。"))?;
        let rows = first
            .rows
            .into_iter()
            .map(|(n, cells)| (n, cells.iter().map(In::text).collect()))
            .collect();
        return Ok((rows, vec![]));
    }
    let text = decode(bytes, enc)?;
    Ok(csv_rows(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_days_map_to_dates() {
        assert_eq!(
            serial_date(45748.0),
            NaiveDate::from_ymd_opt(2025, 4, 1),
            "45748 is 2025-04-01 in Excel"
        );
        assert_eq!(serial_date(-3.0), None);
    }

    #[test]
    fn a_record_with_the_wrong_number_of_fields_is_reported_with_its_line() {
        let (rows, broken) = csv_rows("a,b,c\r\n1,2,3\r\n4,5\r\n6,7,8\r\n");
        assert_eq!(rows.len(), 3, "header and two good rows");
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].0, 3, "line 3 is broken");
        assert!(
            broken[0].1.contains("見出し3列、この行2列"),
            "{}",
            broken[0].1
        );
    }
}
