//! Fitting user text into boxes: sanitise, wrap with Japanese line-breaking rules
//! (禁則処理), shrink to a minimum size, and only then ellipsize with a visible "…".

use super::metrics::{FontMetrics, MISSING_GLYPH, MM_PER_PT};

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.2;

/// Characters that must not start a line (行頭禁則).
const NO_BREAK_BEFORE: &str = "、。，．,.:;：；!?！？)]}）］｝〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～…‥・/％%";
/// Characters that must not end a line (行末禁則).
const NO_BREAK_AFTER: &str = "([{（［｛〔〈《「『【〘〖〝‘“｟«";

/// Makes a user string safe to draw: control and bidi/format characters removed
/// (line breaks and tabs become spaces), characters the font lacks replaced by 〓.
pub fn sanitize(s: &str, metrics: &FontMetrics) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\n' || c == '\r' || c == '\t' {
            out.push(' ');
        } else if c.is_control() || is_format_char(c) {
            continue;
        } else if !metrics.has_glyph(c) {
            out.push(MISSING_GLYPH);
        } else {
            out.push(c);
        }
    }
    out
}

/// Zero-width and bidi-control characters that would make drawn text lie about its content.
fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-+#@&'.,:;!?%/=<>\"()[]$*".contains(c) && c.is_ascii()
}

/// Splits sanitised text into unbreakable units (a Latin word, a CJK character with
/// its attached punctuation, or a space).
fn units(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending_open = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            if !pending_open.is_empty() {
                out.push(std::mem::take(&mut pending_open));
            }
            out.push(" ".into());
            i += 1;
            continue;
        }
        let mut unit = String::new();
        if c.is_ascii_alphanumeric() {
            while i < chars.len() && is_word_char(chars[i]) && chars[i] != ' ' {
                unit.push(chars[i]);
                i += 1;
            }
        } else {
            unit.push(c);
            i += 1;
        }
        if unit.chars().count() == 1 && NO_BREAK_AFTER.contains(c) {
            pending_open.push_str(&unit);
            continue;
        }
        let unit = format!("{}{unit}", std::mem::take(&mut pending_open));
        match out.last_mut() {
            Some(prev)
                if prev != " " && unit.starts_with(|ch: char| NO_BREAK_BEFORE.contains(ch)) =>
            {
                prev.push_str(&unit)
            }
            _ => out.push(unit),
        }
    }
    if !pending_open.is_empty() {
        out.push(pending_open);
    }
    out
}

/// Characters after which a break reads naturally (a phrase ends there).
const PREFERRED_BREAK_AFTER: &str = "】）」』〕、。・ ）)";

/// Wraps `s` greedily into lines no wider than `width_mm` at `size_pt`, moving the
/// break back to the end of a phrase (after 】、。・ or a space) when one is in the
/// second half of the line. A unit wider than a whole line is broken between characters.
pub fn wrap(s: &str, metrics: &FontMetrics, size_pt: f32, width_mm: f32) -> Vec<String> {
    wrap_with(s, metrics, size_pt, width_mm, true)
}

/// Wraps running text (paragraphs): lines are filled to the width, breaking between
/// any characters the 禁則 rules allow, without moving breaks back to phrase ends.
pub fn wrap_paragraph(s: &str, metrics: &FontMetrics, size_pt: f32, width_mm: f32) -> Vec<String> {
    wrap_with(s, metrics, size_pt, width_mm, false)
}

fn wrap_with(
    s: &str,
    metrics: &FontMetrics,
    size_pt: f32,
    width_mm: f32,
    phrases: bool,
) -> Vec<String> {
    let eps = 1e-4;
    let mut lines: Vec<String> = Vec::new();
    let mut line: Vec<(String, f32)> = Vec::new();
    let width_of = |l: &[(String, f32)]| l.iter().map(|u| u.1).sum::<f32>();
    let flush = |l: &mut Vec<(String, f32)>, lines: &mut Vec<String>| {
        let text: String = l.drain(..).map(|u| u.0).collect();
        let text = text.trim().to_string();
        if !text.is_empty() {
            lines.push(text);
        }
    };
    for unit in units(s) {
        if unit == " " && line.is_empty() {
            continue;
        }
        let w = metrics.text_width_mm(&unit, size_pt);
        let line_w = width_of(&line);
        if line_w + w <= width_mm + eps {
            line.push((unit, w));
            continue;
        }
        if unit == " " {
            flush(&mut line, &mut lines);
            continue;
        }
        // Prefer a phrase end in the second half of the line, if the tail then fits.
        let mut split = None;
        for k in (1..if phrases { line.len() } else { 1 }).rev() {
            let head_w = width_of(&line[..k]);
            if head_w < width_mm * 0.5 {
                break;
            }
            let ends_phrase = line[k - 1]
                .0
                .chars()
                .last()
                .is_some_and(|c| PREFERRED_BREAK_AFTER.contains(c));
            if ends_phrase && line_w - head_w + w <= width_mm + eps {
                split = Some(k);
                break;
            }
        }
        if let Some(k) = split {
            let tail = line.split_off(k);
            flush(&mut line, &mut lines);
            line = tail.into_iter().skip_while(|u| u.0 == " ").collect();
            line.push((unit, w));
            continue;
        }
        flush(&mut line, &mut lines);
        if w <= width_mm + eps {
            line.push((unit, w));
        } else {
            let mut cur = String::new();
            let mut cur_w = 0.0;
            for c in unit.chars() {
                let cw = metrics.char_width_mm(c, size_pt);
                if cur_w + cw > width_mm + eps && !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0.0;
                }
                cur.push(c);
                cur_w += cw;
            }
            line.push((cur, cur_w));
        }
    }
    flush(&mut line, &mut lines);
    lines
}

/// Cuts `s` so that `s + "…"` fits `width_mm`; returns the string with the "…".
pub fn ellipsize(s: &str, metrics: &FontMetrics, size_pt: f32, width_mm: f32) -> String {
    if metrics.text_width_mm(s, size_pt) <= width_mm + 1e-4 {
        return s.to_string();
    }
    let budget = width_mm - metrics.char_width_mm('…', size_pt);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = metrics.char_width_mm(c, size_pt);
        if w + cw > budget + 1e-4 {
            break;
        }
        out.push(c);
        w += cw;
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Text fitted into a box: size chosen and lines broken.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size_pt: f32,
    pub lines: Vec<String>,
    /// True when text had to be cut (the last line ends with "…").
    pub truncated: bool,
}

/// How to fit text into a box.
#[derive(Debug, Clone, Copy)]
pub struct FitRule {
    pub size_pt: f32,
    pub min_size_pt: f32,
    /// Upper bound on lines (also limited by the box height).
    pub max_lines: usize,
}

/// Fits `text` (already sanitised) into `width_mm` × `height_mm`: wrap, then shrink in
/// 0.5 pt steps down to the minimum, then ellipsize the last line that fits.
pub fn fit(
    text: &str,
    metrics: &FontMetrics,
    width_mm: f32,
    height_mm: f32,
    rule: FitRule,
) -> Fitted {
    let lines_for = |size: f32| -> usize {
        let lh = size * MM_PER_PT * LINE_HEIGHT;
        // The last line needs only its glyph height, not the full leading.
        let glyph_h = size * MM_PER_PT * (metrics.ascent_em() + metrics.descent_em());
        if height_mm < glyph_h {
            0
        } else {
            (1 + ((height_mm - glyph_h) / lh + 1e-4) as usize).min(rule.max_lines)
        }
    };
    let text = text.trim();
    if text.is_empty() || width_mm <= 0.0 {
        return Fitted {
            size_pt: rule.size_pt,
            lines: Vec::new(),
            truncated: false,
        };
    }
    let mut size = rule.size_pt;
    loop {
        let max = lines_for(size);
        if max > 0 {
            let lines = wrap(text, metrics, size, width_mm);
            if lines.len() <= max {
                return Fitted {
                    size_pt: size,
                    lines,
                    truncated: false,
                };
            }
        }
        if size - 0.5 < rule.min_size_pt - 1e-4 {
            break;
        }
        size -= 0.5;
    }
    let size = rule.min_size_pt;
    let max = lines_for(size).max(1);
    let mut lines = wrap(text, metrics, size, width_mm);
    if lines.len() > max {
        let rest: String = lines[max - 1..].concat();
        lines.truncate(max - 1);
        lines.push(ellipsize(&rest, metrics, size, width_mm));
    } else if let Some(last) = lines.last_mut() {
        // Only reachable when even one line at min size is taller than the box.
        *last = ellipsize(last, metrics, size, width_mm);
    }
    Fitted {
        size_pt: size,
        lines,
        truncated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> FontMetrics {
        FontMetrics::approximate()
    }

    #[test]
    fn sanitize_strips_control_and_bidi_characters_but_keeps_markup_as_text() {
        let s = sanitize("<script>\u{0007}alert(1)\u{202E}</script>\nx", &m());
        assert_eq!(
            s, "<script>alert(1)</script> x",
            "controls stripped, markup kept verbatim"
        );
    }

    #[test]
    fn japanese_wrap_never_starts_a_line_with_closing_punctuation() {
        let lines = wrap(
            "標準化・共通化（ガバメントクラウド）の推進。",
            &m(),
            10.0,
            10.0 * MM_PER_PT * 4.0,
        );
        for l in &lines[1..] {
            let first = l.chars().next().expect("non-empty line");
            assert!(
                !NO_BREAK_BEFORE.contains(first),
                "line {l:?} starts with a no-break-before character"
            );
        }
        for l in &lines[..lines.len() - 1] {
            let last = l.chars().last().expect("non-empty line");
            assert!(
                !NO_BREAK_AFTER.contains(last),
                "line {l:?} ends with an opening bracket"
            );
        }
        assert_eq!(
            lines.concat(),
            "標準化・共通化（ガバメントクラウド）の推進。",
            "wrapping loses no text"
        );
    }

    #[test]
    fn latin_words_are_kept_whole_when_they_fit() {
        let lines = wrap("Gov Cloud migration", &m(), 10.0, 10.0 * MM_PER_PT * 5.0);
        assert_eq!(
            lines,
            vec!["Gov Cloud", "migration"],
            "breaks at spaces, never inside a word that fits"
        );
        let lines = wrap("Government", &m(), 10.0, 10.0 * MM_PER_PT * 3.0);
        assert_eq!(
            lines,
            vec!["Govern", "ment"],
            "a word wider than the line is broken between letters"
        );
    }

    #[test]
    fn a_break_moves_back_to_the_end_of_a_phrase() {
        let lines = wrap("【参考】目標時期", &m(), 10.0, 10.0 * MM_PER_PT * 6.0);
        assert_eq!(
            lines,
            vec!["【参考】", "目標時期"],
            "breaks after 】, not inside 目標時期"
        );
    }

    #[test]
    fn fit_shrinks_before_it_ellipsizes_and_marks_the_cut_visibly() {
        let rule = FitRule {
            size_pt: 9.0,
            min_size_pt: 6.0,
            max_lines: 2,
        };
        let w = 20.0;
        let short = fit("住民基本台帳", &m(), w, 8.0, rule);
        assert_eq!(short.size_pt, 9.0, "short text keeps the preferred size");
        assert!(!short.truncated);
        let long: String = "あ".repeat(2000);
        let f = fit(&long, &m(), w, 8.0, rule);
        assert!(f.truncated, "2,000 characters cannot fit");
        assert_eq!(f.size_pt, 6.0, "shrunk to the minimum first");
        assert!(
            f.lines.last().is_some_and(|l| l.ends_with('…')),
            "cut is visible: {:?}",
            f.lines
        );
        for l in &f.lines {
            assert!(
                m().text_width_mm(l, f.size_pt) <= w + 1e-3,
                "line {l:?} wider than the box"
            );
        }
    }
}
