//! Font metrics, so the layout can measure text exactly as the PDF will draw it.
//!
//! Built from the font's bytes (ttf-parser); the layout never opens files itself.

use std::collections::HashMap;

use super::LayoutError;

/// Millimetres per typographic point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Character used in place of a character the font has no glyph for (下駄記号),
/// so a missing glyph is visible instead of an invisible box.
pub const MISSING_GLYPH: char = '〓';

/// Horizontal advances and vertical extents of one font.
#[derive(Debug, Clone)]
pub struct FontMetrics {
    units_per_em: f32,
    ascent: f32,
    descent: f32,
    advances: HashMap<char, u16>,
    /// `None`: every character is assumed present (the approximate metrics).
    coverage_known: bool,
}

impl FontMetrics {
    /// Reads the metrics of a TrueType/OpenType font (face 0).
    pub fn from_font_bytes(bytes: &[u8]) -> Result<Self, LayoutError> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| LayoutError::Font(format!("フォントを解析できません: {e}")))?;
        let units_per_em = f32::from(face.units_per_em());
        let mut advances = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if let (Some(ch), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp))
                        && let Some(adv) = face.glyph_hor_advance(gid)
                    {
                        advances.entry(ch).or_insert(adv);
                    }
                });
            }
        }
        if advances.is_empty() {
            return Err(LayoutError::Font(
                "フォントに文字の対応表 (cmap) がありません".into(),
            ));
        }
        Ok(Self {
            units_per_em,
            ascent: f32::from(face.ascender()) / units_per_em,
            descent: -f32::from(face.descender()) / units_per_em,
            advances,
            coverage_known: true,
        })
    }

    /// Deterministic stand-in metrics (ASCII half width, everything else full width),
    /// close to IPAex ゴシック; for previews without the font and for stable snapshots.
    pub fn approximate() -> Self {
        Self {
            units_per_em: 1000.0,
            ascent: 0.88,
            descent: 0.12,
            advances: HashMap::new(),
            coverage_known: false,
        }
    }

    /// Whether the font can draw `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        !self.coverage_known || c == ' ' || self.advances.contains_key(&c)
    }

    /// Ascent above the baseline, in em.
    pub fn ascent_em(&self) -> f32 {
        self.ascent
    }

    /// Descent below the baseline, in em (positive).
    pub fn descent_em(&self) -> f32 {
        self.descent
    }

    fn advance_em(&self, c: char) -> f32 {
        if !self.coverage_known {
            return if (c as u32) < 0x80 || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
                0.5
            } else {
                1.0
            };
        }
        match self.advances.get(&c) {
            Some(a) => f32::from(*a) / self.units_per_em,
            None => self
                .advances
                .get(&MISSING_GLYPH)
                .map_or(1.0, |a| f32::from(*a) / self.units_per_em),
        }
    }

    /// Width of `c` at `size_pt`, in mm.
    pub fn char_width_mm(&self, c: char, size_pt: f32) -> f32 {
        self.advance_em(c) * size_pt * MM_PER_PT
    }

    /// Width of `s` at `size_pt`, in mm (no kerning: printpdf draws without it).
    pub fn text_width_mm(&self, s: &str, size_pt: f32) -> f32 {
        s.chars().map(|c| self.advance_em(c)).sum::<f32>() * size_pt * MM_PER_PT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::sanitize;

    #[test]
    fn ipaex_draws_the_characters_of_japanese_names_and_missing_ones_become_visible() {
        let m = crate::render::Font::load()
            .expect("IPAex ゴシック is needed by this test")
            .metrics;
        for c in ['髙', '﨑', '①', '㈱', 'ア', 'ｱ', '〓', '…', '◆'] {
            assert!(m.has_glyph(c), "IPAex has {c}");
        }
        assert_eq!(
            sanitize("\u{1F600}太郎", &m),
            "〓太郎",
            "a character without a glyph is shown as 〓, never silently dropped"
        );
        let w1 = m.text_width_mm("あ", 10.0);
        assert!(
            (w1 - 10.0 * MM_PER_PT).abs() < 0.01,
            "kana is one em wide: {w1}"
        );
    }
}
