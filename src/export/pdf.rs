//! PDF writer (printpdf 0.12): draws a layout `Document` as is, one ops list per
//! page, with the font subset and honest metadata (no machine path, no user name).

use std::path::Path;

use printpdf::{
    Color, Date, DateTime, Line, LineDashPattern, LinePoint, Mm, Offset, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem,
    Time, WindingOrder,
};

use chrono::Datelike;

use crate::layout::{Anchor, Document, Item, Rgb, Stroke, hatch_segments};

use super::ExportError;

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

struct Ops {
    ops: Vec<Op>,
    page_h: f32,
}

impl Ops {
    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: pt(x),
            y: pt(self.page_h - y),
        }
    }

    fn stroke_style(&mut self, s: &Stroke) {
        self.ops.push(Op::SetOutlineColor {
            col: color(s.color),
        });
        self.ops
            .push(Op::SetOutlineThickness { pt: pt(s.width_mm) });
        let pattern: Vec<f32> = s.dash_mm.iter().map(|d| d * PT_PER_MM).collect();
        self.ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &pattern),
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
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(f) = fill {
            self.ops.push(Op::SetFillColor { col: color(f) });
        }
        if let Some(s) = stroke {
            self.stroke_style(s);
        }
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

/// Renders the document to PDF bytes with the given TrueType font (subset on save).
pub fn pdf_bytes(doc: &Document, font_bytes: &[u8]) -> Result<Vec<u8>, ExportError> {
    let mut warnings = Vec::new();
    let font = ParsedFont::from_bytes(font_bytes, 0, &mut warnings)
        .ok_or_else(|| ExportError::Pdf("フォントを読み込めません".into()))?;
    let mut pdf = PdfDocument::new(&doc.title);
    let font_id = pdf.add_font(&font);
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
        let mut o = Ops {
            ops: Vec::new(),
            page_h: page.height_mm,
        };
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
                } => {
                    let pts = [[*x, *y], [x + w, *y], [x + w, y + h], [*x, y + h]];
                    o.shape(&pts, *fill, None);
                    if let Some(hh) = hatch {
                        let s = Stroke::solid(hh.color, hh.width_mm);
                        for seg in hatch_segments(*x, *y, *w, *h, hh) {
                            o.polyline(&[[seg[0], seg[1]], [seg[2], seg[3]]], &s);
                        }
                    }
                    if let Some(s) = stroke {
                        o.shape(&pts, None, Some(s));
                    }
                }
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
                    o.ops.extend([
                        Op::StartTextSection,
                        Op::SetFillColor { col: color(*c) },
                        Op::SetFont {
                            font: handle.clone(),
                            size: Pt(*size_pt),
                        },
                        Op::SetTextCursor { pos },
                        Op::ShowText {
                            items: vec![TextItem::Text(text.clone())],
                        },
                        Op::EndTextSection,
                    ]);
                }
            }
        }
        pages.push(PdfPage::new(Mm(page.width_mm), Mm(page.height_mm), o.ops));
    }
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut save_warnings = Vec::new();
    Ok(pdf.with_pages(pages).save(&opts, &mut save_warnings))
}

/// Renders and writes the PDF atomically (temporary file + rename).
pub fn write_pdf(doc: &Document, font_bytes: &[u8], path: &Path) -> Result<(), ExportError> {
    let bytes = pdf_bytes(doc, font_bytes)?;
    super::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Font;
    use crate::layout::{PageSpec, Scale, layout_gantt, sample::sample_roadmap};

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
        write_pdf(&doc, &f.bytes, &path).expect("written");
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
        let err = write_pdf(&doc, &f.bytes, &path).expect_err("folder does not exist");
        assert!(matches!(err, ExportError::Write { .. }), "{err:?}");
        assert!(
            err.to_string().contains("保存先のフォルダがありません"),
            "Japanese reason: {err}"
        );
        assert!(!path.exists(), "no file");
    }

    #[test]
    fn a_font_that_is_not_a_font_is_refused_with_an_error() {
        let f = font();
        let doc = layout_gantt(
            &sample_roadmap(),
            &PageSpec::a3_fiscal_years(2021, 2025, Scale::FiscalYear),
            &f.metrics,
        )
        .expect("layout");
        assert!(
            pdf_bytes(&doc, b"not a font").is_err(),
            "garbage font bytes are an error, not a panic"
        );
    }
}
