//! The layout value: pages of positioned primitives in millimetres, origin top-left.
//! Writers (PDF, SVG) only draw this; the UI can receive it as JSON.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::metrics::{FontMetrics, MM_PER_PT};
use super::text::{self, FitRule, LINE_HEIGHT};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// "#rrggbb".
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A stroke: colour, width and optional dash pattern (mm on, mm off, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    pub color: Rgb,
    pub width_mm: f32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dash_mm: Vec<f32>,
}

impl Stroke {
    pub fn solid(color: Rgb, width_mm: f32) -> Self {
        Self {
            color,
            width_mm,
            dash_mm: Vec::new(),
        }
    }
    pub fn dashed(color: Rgb, width_mm: f32, on: f32, off: f32) -> Self {
        Self {
            color,
            width_mm,
            dash_mm: vec![on, off],
        }
    }
}

/// Fill pattern drawn over a rectangle's fill, so status reads in grey scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HatchKind {
    /// ／／／ lines.
    Diagonal,
    /// ╳ lines.
    Cross,
    /// ─── lines.
    Horizontal,
}

/// A hatch: kind, line colour, spacing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hatch {
    pub kind: HatchKind,
    pub color: Rgb,
    pub spacing_mm: f32,
    pub width_mm: f32,
}

/// Horizontal text anchor at `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One drawing primitive. Lengths in mm, y grows downwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
        hatch: Option<Hatch>,
    },
    /// A polyline.
    Line {
        points: Vec<[f32; 2]>,
        stroke: Stroke,
    },
    /// A closed polygon (◆ milestones, arrow heads).
    Polygon {
        points: Vec<[f32; 2]>,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// One line of text; `y` is the baseline. `w` is its measured advance width.
    Text {
        x: f32,
        y: f32,
        size_pt: f32,
        text: String,
        anchor: Anchor,
        color: Rgb,
        w: f32,
        /// The box this text was fitted into, `[x, y, w, h]`, when it belongs to one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bounds: Option<[f32; 4]>,
    },
}

/// One page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    pub items: Vec<Item>,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document title (PDF metadata).
    pub title: String,
    /// Creation date (PDF metadata; shown in 和暦 on pages).
    pub created: NaiveDate,
    pub pages: Vec<Page>,
}

/// Line segments `[x1, y1, x2, y2]` that draw `hatch` inside the rectangle, clipped to it.
pub fn hatch_segments(x: f32, y: f32, w: f32, h: f32, hatch: &Hatch) -> Vec<[f32; 4]> {
    let s = hatch.spacing_mm.max(0.3);
    let mut out = Vec::new();
    if w <= 0.0 || h <= 0.0 {
        return out;
    }
    match hatch.kind {
        HatchKind::Horizontal => {
            let mut yy = y + s / 2.0;
            while yy < y + h {
                out.push([x, yy, x + w, yy]);
                yy += s;
            }
        }
        HatchKind::Diagonal | HatchKind::Cross => {
            // Lines x' + y' = c (rising to the right), c over the rectangle's range.
            let mut c = s / 2.0;
            while c < w + h {
                let x1 = (c - h).max(0.0);
                let x2 = c.min(w);
                out.push([x + x1, y + (c - x1), x + x2, y + (c - x2)]);
                c += s;
            }
            if hatch.kind == HatchKind::Cross {
                // Lines x' - y' = c.
                let mut c = -h + s / 2.0;
                while c < w {
                    let x1 = c.max(0.0);
                    let x2 = (c + h).min(w);
                    out.push([x + x1, y + (x1 - c), x + x2, y + (x2 - c)]);
                    c += s;
                }
            }
        }
    }
    out
}

/// Helper that appends items to a page and fits text with one font's metrics.
pub(crate) struct Painter<'a> {
    pub metrics: &'a FontMetrics,
    pub items: Vec<Item>,
}

#[allow(clippy::too_many_arguments)]
impl<'a> Painter<'a> {
    pub fn new(metrics: &'a FontMetrics) -> Self {
        Self {
            metrics,
            items: Vec::new(),
        }
    }

    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    ) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            hatch: None,
        });
    }

    pub fn hatched(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
        hatch: Option<Hatch>,
    ) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            hatch,
        });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) {
        self.items.push(Item::Line {
            points: vec![[x1, y1], [x2, y2]],
            stroke,
        });
    }

    pub fn polyline(&mut self, points: Vec<[f32; 2]>, stroke: Stroke) {
        self.items.push(Item::Line { points, stroke });
    }

    pub fn polygon(&mut self, points: Vec<[f32; 2]>, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.items.push(Item::Polygon {
            points,
            fill,
            stroke,
        });
    }

    /// One line of text, sanitised and ellipsized to `max_w` (if given).
    pub fn label(
        &mut self,
        x: f32,
        baseline: f32,
        size_pt: f32,
        s: &str,
        anchor: Anchor,
        color: Rgb,
        max_w: Option<f32>,
    ) -> f32 {
        let mut s = text::sanitize(s, self.metrics);
        if let Some(mw) = max_w {
            s = text::ellipsize(&s, self.metrics, size_pt, mw);
        }
        let w = self.metrics.text_width_mm(&s, size_pt);
        if !s.is_empty() {
            self.items.push(Item::Text {
                x,
                y: baseline,
                size_pt,
                text: s,
                anchor,
                color,
                w,
                bounds: None,
            });
        }
        w
    }

    /// Text fitted into the box `[x, y, w, h]` after `pad` mm of padding on each side.
    pub fn boxed(
        &mut self,
        bx: [f32; 4],
        pad: [f32; 2],
        s: &str,
        rule: FitRule,
        anchor: Anchor,
        color: Rgb,
    ) -> text::Fitted {
        let [x, y, w, h] = bx;
        let inner = [
            x + pad[0],
            y + pad[1],
            (w - 2.0 * pad[0]).max(0.0),
            (h - 2.0 * pad[1]).max(0.0),
        ];
        let clean = text::sanitize(s, self.metrics);
        let fitted = text::fit(&clean, self.metrics, inner[2], inner[3], rule);
        let size = fitted.size_pt;
        let em = size * MM_PER_PT;
        let lh = em * LINE_HEIGHT;
        let n = fitted.lines.len() as f32;
        let block_h = if n > 0.0 {
            (n - 1.0) * lh + em * (self.metrics.ascent_em() + self.metrics.descent_em())
        } else {
            0.0
        };
        let top = inner[1] + (inner[3] - block_h) / 2.0;
        let tx = match anchor {
            Anchor::Start => inner[0],
            Anchor::Middle => inner[0] + inner[2] / 2.0,
            Anchor::End => inner[0] + inner[2],
        };
        for (i, line) in fitted.lines.iter().enumerate() {
            let baseline = top + em * self.metrics.ascent_em() + i as f32 * lh;
            let lw = self.metrics.text_width_mm(line, size);
            self.items.push(Item::Text {
                x: tx,
                y: baseline,
                size_pt: size,
                text: line.clone(),
                anchor,
                color,
                w: lw,
                bounds: Some(inner),
            });
        }
        fitted
    }
}

/// Horizontal extent `[left, right]` of a text item.
pub fn text_span_x(x: f32, w: f32, anchor: Anchor) -> [f32; 2] {
    match anchor {
        Anchor::Start => [x, x + w],
        Anchor::Middle => [x - w / 2.0, x + w / 2.0],
        Anchor::End => [x - w, x],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatch_segments_stay_inside_their_rectangle() {
        for kind in [HatchKind::Diagonal, HatchKind::Cross, HatchKind::Horizontal] {
            let h = Hatch {
                kind,
                color: Rgb::BLACK,
                spacing_mm: 0.7,
                width_mm: 0.1,
            };
            let segs = hatch_segments(10.0, 20.0, 13.3, 2.5, &h);
            assert!(!segs.is_empty(), "{kind:?} draws something");
            for s in segs {
                for (px, py) in [(s[0], s[1]), (s[2], s[3])] {
                    assert!(
                        (10.0 - 1e-3..=23.3 + 1e-3).contains(&px),
                        "{kind:?} x {px} outside"
                    );
                    assert!(
                        (20.0 - 1e-3..=22.5 + 1e-3).contains(&py),
                        "{kind:?} y {py} outside"
                    );
                }
            }
        }
    }
}
