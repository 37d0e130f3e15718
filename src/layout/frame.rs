//! Page furniture shared by every document: paper sizes, the header band (title,
//! 団体名, 作成日 in 和暦, 機密性 label), and `x / y` page numbers across a bundle.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Document, Item, Page, Painter, Rgb, Stroke};
use super::fy;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Paper {
    A3,
    A4,
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Orientation {
    Landscape,
    Portrait,
}

/// A sheet of paper with its margins.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub paper: Paper,
    pub orientation: Orientation,
    pub margins_mm: f32,
}

impl Sheet {
    /// A3 landscape with 10 mm margins: the council format.
    pub fn a3_landscape() -> Self {
        Self {
            paper: Paper::A3,
            orientation: Orientation::Landscape,
            margins_mm: 10.0,
        }
    }

    /// A4 landscape with 10 mm margins.
    pub fn a4_landscape() -> Self {
        Self {
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            margins_mm: 10.0,
        }
    }

    /// A4 portrait with 15 mm margins (text pages).
    pub fn a4_portrait() -> Self {
        Self {
            paper: Paper::A4,
            orientation: Orientation::Portrait,
            margins_mm: 15.0,
        }
    }

    /// Width and height in mm.
    pub fn size_mm(&self) -> (f32, f32) {
        let (short, long) = match self.paper {
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
        };
        match self.orientation {
            Orientation::Landscape => (long, short),
            Orientation::Portrait => (short, long),
        }
    }

    /// Checks that the margins leave room for content.
    pub fn validate(&self) -> Result<(), LayoutError> {
        let (w, h) = self.size_mm();
        let m = self.margins_mm;
        if !m.is_finite() || m < 0.0 || w - 2.0 * m < 120.0 || h - 2.0 * m < 100.0 {
            return Err(LayoutError::PageTooSmall(format!(
                "余白 {m} mm では内容を配置できません"
            )));
        }
        Ok(())
    }
}

/// What every page of a document says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocHeader {
    pub title: String,
    /// 団体名.
    pub municipality: String,
    pub created: NaiveDate,
    /// e.g. "機密性2", printed boxed at the top right.
    pub confidentiality: Option<String>,
}

/// Height of the header band.
pub const HEADER_H: f32 = 16.0;
/// Height of the footer band (legend, notes, page number).
pub const FOOTER_H: f32 = 10.0;
/// Space kept free on the right of the footer for "x / y".
pub const PAGE_NO_W: f32 = 22.0;

pub(crate) const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
pub(crate) const MUTED: Rgb = Rgb(0x55, 0x55, 0x55);
pub(crate) const RULE: Rgb = Rgb(0x40, 0x40, 0x40);

/// Draws the header band; returns the content box `[x, y, w, h]` between header and footer.
pub(crate) fn header(p: &mut Painter, sheet: &Sheet, head: &DocHeader, subtitle: &str) -> [f32; 4] {
    let (pw, ph) = sheet.size_mm();
    let m = sheet.margins_mm;
    let right = pw - m;
    // 機密性 label, boxed, top right.
    let mut conf_w = 0.0;
    if let Some(c) = head
        .confidentiality
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        let size = 9.0;
        let tw = p
            .metrics
            .text_width_mm(&super::text::sanitize(c, p.metrics), size)
            .min(60.0);
        let bw = tw + 4.0;
        p.rect(
            right - bw,
            m,
            bw,
            6.0,
            Some(Rgb::WHITE),
            Some(Stroke::solid(INK, 0.35)),
        );
        p.label(
            right - bw / 2.0,
            m + 4.3,
            size,
            c,
            Anchor::Middle,
            INK,
            Some(60.0),
        );
        conf_w = bw + 4.0;
    }
    // Right line 2: 団体名 and 作成日.
    let created = format!("作成日 {}", fy::wareki(head.created));
    let cw = p.label(right, m + 12.2, 8.5, &created, Anchor::End, INK, None);
    let muni_max = (pw - 2.0 * m) * 0.3;
    let mw = p.label(
        right - cw - 4.0,
        m + 12.2,
        8.5,
        &head.municipality,
        Anchor::End,
        INK,
        Some(muni_max),
    );
    // Title, left, as large as fits.
    let title_w = pw - 2.0 * m - conf_w - 2.0;
    let size = fit_size(p, &head.title, title_w, 15.0, 10.0);
    p.label(
        m,
        m + 5.6,
        size,
        &head.title,
        Anchor::Start,
        INK,
        Some(title_w),
    );
    // Left line 2: subtitle.
    if !subtitle.is_empty() {
        let sub_w = pw - 2.0 * m - cw - mw - 10.0;
        p.label(
            m,
            m + 12.2,
            8.0,
            subtitle,
            Anchor::Start,
            MUTED,
            Some(sub_w.max(10.0)),
        );
    }
    p.line(m, m + 14.3, right, m + 14.3, Stroke::solid(RULE, 0.35));
    [
        m,
        m + HEADER_H,
        pw - 2.0 * m,
        ph - 2.0 * m - HEADER_H - FOOTER_H,
    ]
}

/// Largest size in 0.5 pt steps (≥ `min`) at which `s` fits `w` on one line.
pub(crate) fn fit_size(p: &Painter, s: &str, w: f32, max: f32, min: f32) -> f32 {
    let clean = super::text::sanitize(s, p.metrics);
    let mut size = max;
    while size > min && p.metrics.text_width_mm(&clean, size) > w {
        size -= 0.5;
    }
    size
}

/// Stamps "x / y" at the bottom right of every page (after all parts are assembled).
pub fn number_pages(doc: &mut Document, sheet_margin_mm: f32, metrics: &super::FontMetrics) {
    let total = doc.pages.len();
    for (i, page) in doc.pages.iter_mut().enumerate() {
        let s = format!("{} / {}", i + 1, total);
        let size = 8.5;
        let w = metrics.text_width_mm(&s, size);
        page.items.push(Item::Text {
            x: page.width_mm - sheet_margin_mm,
            y: page.height_mm - sheet_margin_mm - 1.0,
            size_pt: size,
            text: s,
            anchor: Anchor::End,
            color: INK,
            w,
            bounds: None,
        });
    }
}

/// A page with just the painter's items.
pub(crate) fn page_of(sheet: &Sheet, p: Painter) -> Page {
    let (w, h) = sheet.size_mm();
    Page {
        width_mm: w,
        height_mm: h,
        items: p.items,
    }
}
