//! PDF writer (printpdf 0.12): draws a layout `Document` as is, one ops list per
//! page, with the font subset and honest metadata (no machine path, no user name).
//!
//! Speed: text is handed to printpdf as glyph ids looked up in our own table (printpdf's
//! lookup scans the font's cmap ranges one by one, thousands of them in IPAex, for every
//! character, twice), the font is parsed once per loaded [`Font`](super::Font), and streams
//! are compressed at a fast zlib level rather than lopdf's slowest one.

use std::collections::HashMap;
use std::path::Path;

use printpdf::{
    Codepoint, Color, Date, DateTime, Line, LineDashPattern, LinePoint, Mm, Offset, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, TextItem, Time, WindingOrder,
};

use chrono::Datelike;

use crate::layout::{Anchor, Document, Item, Rgb, Stroke, hatch_segments};

use super::{ExportError, Font};

/// zlib level for the page and font streams. The large-city council bundle (1.9 MB of streams)
/// measured 409 KB at level 6, 418 KB at 4, 424 KB at 3, 440 KB at 2 and 574 KB at 1 (zlib-rs's
/// quick mode); 2 took about a third less time than 6 and still beats the 461 KB the file had
/// at lopdf's level 9 before the writer sent fewer operations.
const DEFLATE_LEVEL: u32 = 2;

/// The font as the PDF writer needs it: printpdf's parsed face (embedding, subsetting,
/// widths) and a constant-time character → glyph id table.
#[derive(Debug, Clone)]
pub struct PdfFace {
    face: ParsedFont,
    /// glyph id per BMP character (0: the font has none)
    bmp: Vec<u16>,
    /// characters beyond the BMP
    astral: HashMap<char, u16>,
}

impl PdfFace {
    /// Parses a TrueType/OpenType font (face 0) for the PDF writer.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ExportError> {
        let unreadable = || ExportError::Pdf("フォントを読み込めません".into());
        let mut warnings = Vec::new();
        let face = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(unreadable)?;
        let parsed = ttf_parser::Face::parse(bytes, 0).map_err(|_| unreadable())?;
        let mut bmp = vec![0u16; 0x1_0000];
        let mut astral = HashMap::new();
        if let Some(cmap) = parsed.tables().cmap {
            // the first Unicode subtable that maps a character wins, as in the layout's metrics
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    let Some(gid) = sub.glyph_index(cp).map(|g| g.0).filter(|g| *g != 0) else {
                        return;
                    };
                    match (usize::try_from(cp).ok(), char::from_u32(cp)) {
                        (Some(i), _) if i < bmp.len() && bmp[i] == 0 => bmp[i] = gid,
                        (Some(i), _) if i < bmp.len() => {}
                        (_, Some(c)) => {
                            astral.entry(c).or_insert(gid);
                        }
                        _ => {}
                    }
                });
            }
        }
        Ok(Self { face, bmp, astral })
    }

    /// The glyph that draws `c` (0, the font's .notdef, when there is none).
    fn glyph(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some(g) => *g,
            None => self.astral.get(&c).copied().unwrap_or(0),
        }
    }

    /// `text` as glyph ids, each carrying its character for text extraction (ToUnicode).
    fn glyphs(&self, text: &str) -> Vec<Codepoint> {
        text.chars()
            .map(|c| Codepoint::with_cid(self.glyph(c), 0.0, c.to_string()))
            .collect()
    }
}

const PT_PER_MM: f32 = 72.0 / 25.4;

fn pt(mm: f32) -> Pt {
    Pt(mm * PT_PER_MM)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.0) / 255.0,
        g: f32::from(c.1) / 255.0,
        b: f32::from(c.2) / 255.0,
        icc_profile: None,
    })
}

/// One page's operations. Colours, line width, dash and font size are set only when
/// they change: they are graphics state, which lasts across paths and text objects.
struct Ops {
    ops: Vec<Op>,
    page_h: f32,
    fill: Option<Rgb>,
    outline: Option<Rgb>,
    width_mm: Option<f32>,
    dash_mm: Option<Vec<f32>>,
    font_size: Option<f32>,
}

impl Ops {
    fn new(page_h: f32) -> Self {
        Ops {
            ops: Vec::new(),
            page_h,
            fill: None,
            outline: None,
            width_mm: None,
            dash_mm: None,
            font_size: None,
        }
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: pt(x),
            y: pt(self.page_h - y),
        }
    }

    fn fill_color(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.ops.push(Op::SetFillColor { col: color(c) });
        }
    }

    fn stroke_style(&mut self, s: &Stroke) {
        if self.outline != Some(s.color) {
            self.outline = Some(s.color);
            self.ops.push(Op::SetOutlineColor {
                col: color(s.color),
            });
        }
        if self.width_mm != Some(s.width_mm) {
            self.width_mm = Some(s.width_mm);
            self.ops
                .push(Op::SetOutlineThickness { pt: pt(s.width_mm) });
        }
        if self.dash_mm.as_ref() != Some(&s.dash_mm) {
            self.dash_mm = Some(s.dash_mm.clone());
            let pattern: Vec<f32> = s.dash_mm.iter().map(|d| d * PT_PER_MM).collect();
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &pattern),
            });
        }
    }

    fn paint_mode(&mut self, fill: Option<Rgb>, stroke: Option<&Stroke>) -> Option<PaintMode> {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return None,
        };
        if let Some(f) = fill {
            self.fill_color(f);
        }
        if let Some(s) = stroke {
            self.stroke_style(s);
        }
        Some(mode)
    }

    /// An axis-parallel rectangle as one `re`, drawn from its top-left corner clockwise
    /// (negative height) like the four-point path it replaces, so dashes start where they did.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<&Stroke>) {
        let Some(mode) = self.paint_mode(fill, stroke) else {
            return;
        };
        let p = self.point(x, y);
        self.ops.push(Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: p.x,
                y: p.y,
                width: pt(w),
                height: pt(-h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn ring(&self, points: &[[f32; 2]]) -> PolygonRing {
        PolygonRing {
            points: points
                .iter()
                .map(|p| LinePoint {
                    p: self.point(p[0], p[1]),
                    bezier: false,
                })
                .collect(),
        }
    }

    fn shape(&mut self, points: &[[f32; 2]], fill: Option<Rgb>, stroke: Option<&Stroke>) {
        let Some(mode) = self.paint_mode(fill, stroke) else {
            return;
        };
        let ring = self.ring(points);
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![ring],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    fn polyline(&mut self, points: &[[f32; 2]], s: &Stroke) {
        self.stroke_style(s);
        let pts = points
            .iter()
            .map(|p| LinePoint {
                p: self.point(p[0], p[1]),
                bezier: false,
            })
            .collect();
        self.ops.push(Op::DrawLine {
            line: Line {
                points: pts,
                is_closed: false,
            },
        });
    }
}

/// Renders the document to PDF bytes with the given font (subset on save).
pub fn pdf_bytes(doc: &Document, font: &Font) -> Result<Vec<u8>, ExportError> {
    let face = font.pdf_face()?;
    let mut pdf = PdfDocument::new(&doc.title);
    let font_id = pdf.add_font(&face.face);
    let handle = PdfFontHandle::External(font_id);

    let created = DateTime {
        date: Date {
            year: doc.created.year(),
            month: u8::try_from(doc.created.month()).unwrap_or(1),
            day: u8::try_from(doc.created.day()).unwrap_or(1),
        },
        time: Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: Offset {
            hours: 9,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    };
    let info = &mut pdf.metadata.info;
    info.creation_date = created;
    info.modification_date = created;
    info.metadata_date = created;
    info.producer = "dxplan".into();
    info.creator = "dxplan".into();
    info.author = String::new();
    info.document_title = doc.title.clone();

    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut o = Ops::new(page.height_mm);
        for item in &page.items {
            match item {
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                    hatch,
                } => match hatch {
                    None => o.rect(*x, *y, *w, *h, *fill, stroke.as_ref()),
                    Some(hh) => {
                        // fill, then the hatch lines over it, then the outline over both
                        o.rect(*x, *y, *w, *h, *fill, None);
                        let s = Stroke::solid(hh.color, hh.width_mm);
                        for seg in hatch_segments(*x, *y, *w, *h, hh) {
                            o.polyline(&[[seg[0], seg[1]], [seg[2], seg[3]]], &s);
                        }
                        o.rect(*x, *y, *w, *h, None, stroke.as_ref());
                    }
                },
                Item::Line { points, stroke } => o.polyline(points, stroke),
                Item::Polygon {
                    points,
                    fill,
                    stroke,
                } => o.shape(points, *fill, stroke.as_ref()),
                Item::Text {
                    x,
                    y,
                    size_pt,
                    text,
                    anchor,
                    color: c,
                    w,
                    ..
                } => {
                    let x0 = match anchor {
                        Anchor::Start => *x,
                        Anchor::Middle => x - w / 2.0,
                        Anchor::End => x - w,
                    };
                    let pos = o.point(x0, *y);
                    o.ops.push(Op::StartTextSection);
                    o.fill_color(*c);
                    if o.font_size != Some(*size_pt) {
                        o.font_size = Some(*size_pt);
                        o.ops.push(Op::SetFont {
                            font: handle.clone(),
                            size: Pt(*size_pt),
                        });
                    }
                    o.ops.extend([
                        Op::SetTextCursor { pos },
                        Op::ShowText {
                            items: vec![TextItem::GlyphIds(face.glyphs(text))],
                        },
                        Op::EndTextSection,
                    ]);
                }
            }
        }
        pages.push(PdfPage::new(Mm(page.width_mm), Mm(page.height_mm), o.ops));
    }
    // printpdf builds the document (and subsets the font); we compress and write it
    let opts = PdfSaveOptions {
        subset_fonts: true,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut save_warnings = Vec::new();
    let mut lo = pdf
        .with_pages(pages)
        .to_lopdf_document(&opts, &mut save_warnings);
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            deflate(stream)?;
        }
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| ExportError::Pdf(format!("PDFを書き出せません: {e}")))?;
    Ok(bytes)
}

/// Compresses a stream as lopdf's `Stream::compress` does, at [`DEFLATE_LEVEL`].
fn deflate(stream: &mut lopdf::Stream) -> Result<(), ExportError> {
    use std::io::Write;
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
        return Ok(());
    }
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 4),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    let compressed = z
        .write_all(&stream.content)
        .and_then(|()| z.finish())
        .map_err(|e| ExportError::Pdf(format!("圧縮できません: {e}")))?;
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
    Ok(())
}

/// Renders and writes the PDF atomically (temporary file + rename).
pub fn write_pdf(doc: &Document, font: &Font, path: &Path) -> Result<(), ExportError> {
    let bytes = pdf_bytes(doc, font)?;
    super::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{PageSpec, Scale, layout_gantt, sample::sample_roadmap};
    use crate::render::Font;

    fn font() -> Font {
        Font::load().expect("IPAex ゴシック (fonts-ipaexfont) is needed; set DXPLAN_FONT otherwise")
    }

    #[test]
    fn the_sample_roadmap_becomes_a_small_pdf_with_a_subset_font_and_honest_metadata() {
        let f = font();
        let doc = layout_gantt(
            &sample_roadmap(),
            &PageSpec::a3_fiscal_years(2021, 2025, Scale::Month),
            &f.metrics,
        )
        .expect("layout");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("工程表.pdf");
        write_pdf(&doc, &f, &path).expect("written");
        let bytes = std::fs::read(&path).expect("read back");
        assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
        assert!(
            bytes.len() < 400_000,
            "font is subset: {} bytes (the whole font is 6 MB)",
            bytes.len()
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("/Producer<FEFF006400780070006C0061006E>"),
            "producer is dxplan (UTF-16)"
        );
        assert!(
            text.contains("/CreationDate(D:20251120"),
            "creation date comes from `created`"
        );
        assert!(
            !text.contains("/usr/share") && !text.contains("/root") && !text.contains("/home/"),
            "no machine path in the file"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left behind");
    }

    #[test]
    fn an_unwritable_path_is_a_typed_error_in_japanese_and_leaves_nothing() {
        let f = font();
        let doc = layout_gantt(
            &sample_roadmap(),
            &PageSpec::a3_fiscal_years(2021, 2025, Scale::FiscalYear),
            &f.metrics,
        )
        .expect("layout");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("存在しないフォルダ").join("out.pdf");
        let err = write_pdf(&doc, &f, &path).expect_err("folder does not exist");
        assert!(matches!(err, ExportError::Write { .. }), "{err:?}");
        assert!(
            err.to_string().contains("保存先のフォルダがありません"),
            "Japanese reason: {err}"
        );
        assert!(!path.exists(), "no file");
    }

    #[test]
    fn a_font_that_is_not_a_font_is_refused_with_an_error() {
        assert!(
            PdfFace::from_bytes(b"not a font").is_err(),
            "garbage font bytes are an error, not a panic"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("not-a-font.ttf");
        std::fs::write(&path, b"not a font").expect("written");
        assert!(
            Font::load_from(&path).is_err(),
            "a file that is not a font is refused when loaded"
        );
    }

    #[test]
    fn our_glyph_table_draws_every_character_with_the_glyph_printpdf_would_pick() {
        let f = font();
        let face = f.pdf_face().expect("IPAex parses");
        let mut mapped = 0;
        for cp in (0..0x3_0000u32).filter(|cp| !(0xD800..0xE000).contains(cp)) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let theirs = face.face.lookup_glyph_index(cp).unwrap_or(0);
            assert_eq!(face.glyph(c), theirs, "glyph of U+{cp:04X}");
            mapped += usize::from(theirs != 0);
        }
        assert!(mapped > 10_000, "IPAex maps Japanese: {mapped} characters");
    }
}
