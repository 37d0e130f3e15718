//! Which cells of an .xlsx are painted, because most municipal 工程表 draw their bars as filled cells with no value
//! in them and calamine reads values only: a cell's style (`<c s="…">`) → `cellXfs` → `fills` in `styles.xml`.
//! A white fill is no fill (whole grids are often painted white); any other solid colour or pattern is a mark.

use std::collections::HashSet;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::error::{Error, Result};

/// Painted cells of one sheet: (row as Excel shows it, 1-based; column, 0-based).
pub type Painted = HashSet<(usize, usize)>;

/// No part of a real 工程表 comes near this; a larger part is refused rather than read into memory.
const MAX_PART: u64 = 256 * 1024 * 1024;

/// The painted cells of the `index`-th sheet, in workbook order (the order `cells::read_xlsx` returns sheets in).
pub fn painted_cells(bytes: &[u8], index: usize) -> Result<Painted> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let workbook =
        part(&mut zip, "xl/workbook.xml")?.ok_or_else(|| bad(&"workbook.xml がありません"))?;
    let rels = part(&mut zip, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let Some(path) = sheet_path(&workbook, &rels, index)? else {
        return Ok(Painted::new());
    };
    let painted_styles = match part(&mut zip, "xl/styles.xml")? {
        Some(styles) => painted_styles(&styles)?,
        None => vec![],
    };
    if !painted_styles.contains(&true) {
        return Ok(Painted::new());
    }
    match part(&mut zip, &path)? {
        Some(sheet) => painted_in_sheet(&sheet, &painted_styles),
        None => Ok(Painted::new()),
    }
}

fn bad(e: &dyn std::fmt::Display) -> Error {
    Error::invalid(format!("Excelファイル（.xlsx）として読めません（{e}）。"))
}

/// A part of the archive as text, `None` when absent.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(&e)),
    };
    let mut text = String::new();
    let read = file
        .take(MAX_PART + 1)
        .read_to_string(&mut text)
        .map_err(|e| bad(&e))?;
    if read as u64 > MAX_PART {
        return Err(bad(&format!("{name} が大きすぎます")));
    }
    Ok(Some(text))
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.clone().into_owned())
    })
}

fn xml_error(e: &dyn std::fmt::Display) -> Error {
    bad(&format!("XMLが壊れています: {e}"))
}

/// The archive path of the `index`-th `<sheet>` of workbook.xml, through its relationship.
fn sheet_path(workbook: &str, rels: &str, index: usize) -> Result<Option<String>> {
    let mut r = Reader::from_str(workbook);
    let mut n = 0;
    let mut rid = None;
    loop {
        match r.read_event().map_err(|e| xml_error(&e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                if n == index {
                    rid = attr(&e, "r:id").or_else(|| {
                        e.attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "id")
                            .map(|a| a.value.into_owned())
                    });
                    break;
                }
                n += 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(rid) = rid else { return Ok(None) };
    let mut r = Reader::from_str(rels);
    loop {
        match r.read_event().map_err(|e| xml_error(&e))? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Id").as_deref() == Some(rid.as_str()) =>
            {
                let target = attr(&e, "Target").unwrap_or_default();
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("xl/{}", target.trim_start_matches("./")),
                };
                return Ok(Some(path));
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// For each cell format (`cellXfs`, by index), whether it paints the cell.
fn painted_styles(styles: &str) -> Result<Vec<bool>> {
    let mut r = Reader::from_str(styles);
    let mut fills: Vec<bool> = vec![];
    let mut xfs: Vec<bool> = vec![];
    let (mut in_fills, mut in_xfs) = (false, false);
    // the fill being read: its pattern, and whether its colour is white
    let mut pattern: Option<String> = None;
    let mut white = false;
    loop {
        let ev = r.read_event().map_err(|e| xml_error(&e))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.local_name().as_ref() {
                "fills" if !empty => in_fills = true,
                "cellXfs" if !empty => in_xfs = true,
                "fill" if in_fills => {
                    pattern = None;
                    white = false;
                    if empty {
                        fills.push(false);
                    }
                }
                "patternFill" if in_fills => {
                    pattern = Some(attr(e, "patternType").unwrap_or_else(|| "none".into()))
                }
                "fgColor" if in_fills => white = is_white(e),
                "gradientFill" if in_fills => pattern = Some("gradient".into()),
                "xf" if in_xfs => {
                    let fill: usize = attr(e, "fillId").and_then(|v| v.parse().ok()).unwrap_or(0);
                    xfs.push(fills.get(fill).copied().unwrap_or(false));
                }
                _ => {}
            }
        }
        match &ev {
            Event::End(e) => match e.local_name().as_ref() {
                "fills" => in_fills = false,
                "cellXfs" => in_xfs = false,
                "fill" if in_fills => {
                    let painted = match pattern.as_deref() {
                        None | Some("none") => false,
                        Some("solid") => !white,
                        Some(_) => true,
                    };
                    fills.push(painted);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(xfs)
}

/// White as spreadsheets write it: rgb FFFFFF (any alpha), theme 0 (the background colour) not darkened,
/// indexed 9 (white) or 65 (the system background).
fn is_white(e: &BytesStart) -> bool {
    if let Some(rgb) = attr(e, "rgb") {
        return rgb.len() >= 6 && rgb[rgb.len() - 6..].eq_ignore_ascii_case("FFFFFF");
    }
    if let Some(theme) = attr(e, "theme") {
        let tint: f64 = attr(e, "tint").and_then(|t| t.parse().ok()).unwrap_or(0.0);
        return theme == "0" && tint >= 0.0;
    }
    matches!(attr(e, "indexed").as_deref(), Some("9") | Some("65"))
}

/// "AB12" → (12, 27); `None` for anything else.
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let letters = r.chars().take_while(char::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].chars().fold(0usize, |acc, c| {
        acc * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1)
    });
    let row: usize = r[letters..].parse().ok()?;
    (row >= 1).then_some((row, col - 1))
}

fn painted_in_sheet(sheet: &str, styles: &[bool]) -> Result<Painted> {
    let mut r = Reader::from_str(sheet);
    let mut out = Painted::new();
    let (mut row, mut next_col) = (0usize, 0usize);
    loop {
        match r.read_event().map_err(|e| xml_error(&e))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "row" => {
                    row = attr(&e, "r")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(row + 1);
                    next_col = 0;
                }
                "c" => {
                    let (rr, col) = attr(&e, "r")
                        .and_then(|v| cell_ref(&v))
                        .unwrap_or((row, next_col));
                    next_col = col + 1;
                    let style: usize = attr(&e, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                    if styles.get(style).copied().unwrap_or(false) {
                        out.insert((rr, col));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_as_excel_rows_and_zero_based_columns() {
        assert_eq!(cell_ref("A1"), Some((1, 0)));
        assert_eq!(cell_ref("AB12"), Some((12, 27)));
        assert_eq!(cell_ref("12"), None);
        assert_eq!(cell_ref("A0"), None);
    }

    #[test]
    fn white_and_empty_fills_do_not_paint_a_cell_but_colours_and_patterns_do() {
        let styles = r#"<styleSheet><fills count="6">
            <fill><patternFill patternType="none"/></fill>
            <fill><patternFill patternType="gray125"/></fill>
            <fill><patternFill patternType="solid"><fgColor rgb="FF4472C4"/><bgColor indexed="64"/></patternFill></fill>
            <fill><patternFill patternType="solid"><fgColor rgb="FFFFFFFF"/></patternFill></fill>
            <fill><patternFill patternType="solid"><fgColor theme="0" tint="-0.249977111117893"/></patternFill></fill>
            <fill><patternFill patternType="solid"><fgColor theme="0"/></patternFill></fill>
          </fills>
          <cellStyleXfs count="1"><xf fillId="2"/></cellStyleXfs>
          <cellXfs count="6"><xf fillId="0"/><xf fillId="2"/><xf fillId="3"/><xf fillId="4"/><xf fillId="5"/><xf fillId="1"/></cellXfs>
          <dxfs count="1"><dxf><fill><patternFill><bgColor rgb="FFFF0000"/></patternFill></fill></dxf></dxfs>
          </styleSheet>"#;
        assert_eq!(
            painted_styles(styles).unwrap(),
            vec![false, true, false, true, false, true],
            "none, blue, white, darkened background, plain background, the gray125 pattern"
        );
    }

    #[test]
    fn cells_are_found_by_reference_or_by_position_when_the_reference_is_left_out() {
        let sheet = r#"<worksheet><sheetData>
            <row r="5"><c r="A5" t="s"><v>0</v></c><c r="E5" s="1"/><c s="1"/><c r="H5" s="0"/></row>
            <row><c s="1"/></row>
          </sheetData></worksheet>"#;
        let got = painted_in_sheet(sheet, &[false, true]).unwrap();
        let mut v: Vec<_> = got.into_iter().collect();
        v.sort();
        assert_eq!(v, vec![(5, 4), (5, 5), (6, 0)]);
    }
}
