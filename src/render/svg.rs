//! SVG writer: the same layout value as the PDF, as SVG text for the app's preview.
//! All user text is escaped; nothing in it can become markup.

use std::fmt::Write;

use crate::layout::{Anchor, Document, Item, Page, Stroke, hatch_segments};

/// Escapes text for SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn n(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn stroke_attrs(s: &Stroke) -> String {
    let mut a = format!(
        r#" stroke="{}" stroke-width="{}""#,
        s.color.hex(),
        n(s.width_mm)
    );
    if !s.dash_mm.is_empty() {
        let d: Vec<String> = s.dash_mm.iter().map(|v| n(*v)).collect();
        let _ = write!(a, r#" stroke-dasharray="{}""#, d.join(" "));
    }
    a
}

fn points(pts: &[[f32; 2]]) -> String {
    pts.iter()
        .map(|p| format!("{},{}", n(p[0]), n(p[1])))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One page as a standalone SVG document (user units = mm).
pub fn page_svg(page: &Page) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" font-family="'IPAexGothic', 'IPAexゴシック', sans-serif">"#,
        w = n(page.width_mm),
        h = n(page.height_mm)
    );
    let _ = write!(
        s,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        n(page.width_mm),
        n(page.height_mm)
    );
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
                let fill_attr = fill.map_or("none".to_string(), |f| f.hex());
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                    n(*x),
                    n(*y),
                    n(*w),
                    n(*h),
                    fill_attr
                );
                if let Some(hh) = hatch {
                    let st = stroke_attrs(&Stroke::solid(hh.color, hh.width_mm));
                    for seg in hatch_segments(*x, *y, *w, *h, hh) {
                        let _ = write!(
                            s,
                            r#"<line x1="{}" y1="{}" x2="{}" y2="{}"{st}/>"#,
                            n(seg[0]),
                            n(seg[1]),
                            n(seg[2]),
                            n(seg[3])
                        );
                    }
                }
                if let Some(st) = stroke {
                    let _ = write!(
                        s,
                        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none"{}/>"#,
                        n(*x),
                        n(*y),
                        n(*w),
                        n(*h),
                        stroke_attrs(st)
                    );
                }
            }
            Item::Line {
                points: pts,
                stroke,
            } => {
                let _ = write!(
                    s,
                    r#"<polyline points="{}" fill="none"{}/>"#,
                    points(pts),
                    stroke_attrs(stroke)
                );
            }
            Item::Polygon {
                points: pts,
                fill,
                stroke,
            } => {
                let fill_attr = fill.map_or("none".to_string(), |f| f.hex());
                let st = stroke.as_ref().map(stroke_attrs).unwrap_or_default();
                let _ = write!(
                    s,
                    r#"<polygon points="{}" fill="{}"{st}/>"#,
                    points(pts),
                    fill_attr
                );
            }
            Item::Text {
                x,
                y,
                size_pt,
                text,
                anchor,
                color,
                ..
            } => {
                let a = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" font-size="{}" text-anchor="{a}" fill="{}" xml:space="preserve">{}</text>"#,
                    n(*x),
                    n(*y),
                    n(size_pt * 25.4 / 72.0),
                    color.hex(),
                    escape(text)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// Every page of the document as its own SVG.
pub fn document_svg(doc: &Document) -> Vec<String> {
    doc.pages.iter().map(page_svg).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Item, Rgb};

    #[test]
    fn hostile_text_is_escaped_and_cannot_become_markup() {
        let page = Page {
            width_mm: 100.0,
            height_mm: 50.0,
            items: vec![Item::Text {
                x: 1.0,
                y: 10.0,
                size_pt: 8.0,
                text: r#"<script>alert("x")</script> & 'q' =HYPERLINK("http://e")"#.into(),
                anchor: Anchor::Start,
                color: Rgb::BLACK,
                w: 10.0,
                bounds: None,
            }],
        };
        let svg = page_svg(&page);
        assert!(!svg.contains("<script"), "script tag escaped: {svg}");
        assert!(
            svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"),
            "text kept verbatim, escaped: {svg}"
        );
    }
}
