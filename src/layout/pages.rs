//! Plain document pages for a report bundle: cover, wrapped text (vision), tiled
//! tables, a table of contents, and the assembly of parts with `x / y` numbering.

use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Document, Page, Painter, Rgb, Stroke};
use super::frame::{self, DocHeader, INK, MUTED, RULE, Sheet};
use super::fy;
use super::metrics::{FontMetrics, MM_PER_PT};
use super::text::{self, FitRule, LINE_HEIGHT};

/// A column of a table page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub header: String,
    /// Relative width (columns share the page width in these proportions).
    pub weight: f32,
}

/// One part of a bundle: its title (for the contents) and its pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub title: String,
    pub pages: Vec<Page>,
}

/// Cover page: 団体名, title, 作成日 in 和暦, optional subtitle.
pub fn cover_page(
    sheet: &Sheet,
    head: &DocHeader,
    subtitle: Option<&str>,
    metrics: &FontMetrics,
) -> Page {
    let (pw, ph) = sheet.size_mm();
    let m = sheet.margins_mm;
    let mut p = Painter::new(metrics);
    if let Some(c) = head
        .confidentiality
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        let tw = metrics
            .text_width_mm(&text::sanitize(c, metrics), 10.0)
            .min(60.0);
        p.rect(
            pw - m - tw - 4.0,
            m,
            tw + 4.0,
            6.5,
            Some(Rgb::WHITE),
            Some(Stroke::solid(INK, 0.35)),
        );
        p.label(
            pw - m - (tw + 4.0) / 2.0,
            m + 4.6,
            10.0,
            c,
            Anchor::Middle,
            INK,
            Some(60.0),
        );
    }
    let w = pw - 2.0 * m - 20.0;
    let x = m + 10.0;
    let title_top = ph * 0.33;
    p.boxed(
        [x, title_top, w, 34.0],
        [0.0, 0.0],
        &head.title,
        FitRule {
            size_pt: 26.0,
            min_size_pt: 14.0,
            max_lines: 2,
        },
        Anchor::Middle,
        INK,
    );
    p.line(
        x + w * 0.15,
        title_top + 37.0,
        x + w * 0.85,
        title_top + 37.0,
        Stroke::solid(RULE, 0.5),
    );
    if let Some(s) = subtitle.filter(|s| !s.trim().is_empty()) {
        p.boxed(
            [x, title_top + 40.0, w, 14.0],
            [0.0, 0.0],
            s,
            FitRule {
                size_pt: 14.0,
                min_size_pt: 9.0,
                max_lines: 2,
            },
            Anchor::Middle,
            INK,
        );
    }
    p.boxed(
        [x, ph * 0.70, w, 8.0],
        [0.0, 0.0],
        &fy::wareki(head.created),
        FitRule {
            size_pt: 13.0,
            min_size_pt: 9.0,
            max_lines: 1,
        },
        Anchor::Middle,
        INK,
    );
    p.boxed(
        [x, ph * 0.70 + 10.0, w, 10.0],
        [0.0, 0.0],
        &head.municipality,
        FitRule {
            size_pt: 16.0,
            min_size_pt: 9.0,
            max_lines: 1,
        },
        Anchor::Middle,
        INK,
    );
    frame::page_of(sheet, p)
}

/// Wrapped paragraphs under a heading, tiled over as many pages as needed.
pub fn text_pages(
    sheet: &Sheet,
    head: &DocHeader,
    heading: &str,
    paragraphs: &[String],
    metrics: &FontMetrics,
) -> Vec<Page> {
    let size = 10.5;
    let em = size * MM_PER_PT;
    let lh = em * 1.7;
    let new_page = |cont: bool| -> (Painter, [f32; 4]) {
        let mut p = Painter::new(metrics);
        let content = frame::header(&mut p, sheet, head, "");
        let h = if cont {
            format!("{heading}（続き）")
        } else {
            heading.to_string()
        };
        p.label(
            content[0],
            content[1] + 7.0,
            13.0,
            &h,
            Anchor::Start,
            INK,
            Some(content[2]),
        );
        p.line(
            content[0],
            content[1] + 9.5,
            content[0] + content[2],
            content[1] + 9.5,
            Stroke::solid(RULE, 0.3),
        );
        (p, content)
    };
    let mut pages = Vec::new();
    let (mut p, mut content) = new_page(false);
    let mut y = content[1] + 16.0;
    for para in paragraphs {
        let clean = text::sanitize(para, metrics);
        let clean = clean.trim();
        if clean.is_empty() {
            y += lh * 0.5;
            continue;
        }
        let lines = text::wrap_paragraph(&format!("\u{3000}{clean}"), metrics, size, content[2]);
        for line in lines {
            if y + em * metrics.descent_em() > content[1] + content[3] {
                pages.push(frame::page_of(sheet, p));
                (p, content) = new_page(true);
                y = content[1] + 16.0;
            }
            let w = metrics.text_width_mm(&line, size);
            p.items.push(super::Item::Text {
                x: content[0],
                y,
                size_pt: size,
                text: line,
                anchor: Anchor::Start,
                color: INK,
                w,
                bounds: Some([content[0], content[1], content[2], content[3]]),
            });
            y += lh;
        }
        y += lh * 0.4;
    }
    pages.push(frame::page_of(sheet, p));
    pages
}

/// A table under a heading; rows grow to fit wrapped text (up to 4 lines) and tile
/// over pages with the header row repeated.
pub fn table_pages(
    sheet: &Sheet,
    head: &DocHeader,
    heading: &str,
    columns: &[Column],
    rows: &[Vec<String>],
    metrics: &FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    shaded_table_pages(sheet, head, heading, columns, rows, &|_, _| None, metrics)
}

/// [`table_pages`] with a background per cell (`shade(row, column)`), e.g. the roll-up's heat-map.
pub fn shaded_table_pages(
    sheet: &Sheet,
    head: &DocHeader,
    heading: &str,
    columns: &[Column],
    rows: &[Vec<String>],
    shade: &dyn Fn(usize, usize) -> Option<Rgb>,
    metrics: &FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    sheet.validate()?;
    let (pw, _) = sheet.size_mm();
    let m = sheet.margins_mm;
    let cw = pw - 2.0 * m;
    let total: f32 = columns.iter().map(|c| c.weight.max(0.1)).sum();
    let widths: Vec<f32> = columns
        .iter()
        .map(|c| c.weight.max(0.1) / total * cw)
        .collect();
    let rule = FitRule {
        size_pt: 8.0,
        min_size_pt: 6.0,
        max_lines: 4,
    };
    let pad = [1.2, 0.8];
    let row_h = |cells: &[String]| -> f32 {
        let mut lines = 1usize;
        for (i, w) in widths.iter().enumerate() {
            let s = text::sanitize(cells.get(i).map(String::as_str).unwrap_or(""), metrics);
            let n = text::wrap(s.trim(), metrics, rule.size_pt, w - 2.0 * pad[0]).len();
            lines = lines.max(n.min(rule.max_lines));
        }
        let em = rule.size_pt * MM_PER_PT;
        ((lines as f32 - 1.0) * em * LINE_HEIGHT
            + em * (metrics.ascent_em() + metrics.descent_em())
            + 2.0 * pad[1]
            + 0.6)
            .max(6.5)
    };
    let header_h = 7.5;
    let figures: Vec<bool> = (0..columns.len())
        .map(|c| figure_column(rows.iter().map(|r| r.get(c).map_or("", String::as_str))))
        .collect();
    let mut pages = Vec::new();
    let mut i = 0;
    let mut part = 0;
    loop {
        let mut p = Painter::new(metrics);
        let content = frame::header(&mut p, sheet, head, "");
        let title = if part == 0 {
            heading.to_string()
        } else {
            format!("{heading}（続き）")
        };
        p.label(
            content[0],
            content[1] + 6.0,
            12.0,
            &title,
            Anchor::Start,
            INK,
            Some(content[2]),
        );
        let top = content[1] + 9.0;
        let bottom = content[1] + content[3];
        let mut x = content[0];
        for (c, w) in columns.iter().zip(&widths) {
            p.rect(
                x,
                top,
                *w,
                header_h,
                Some(Rgb(0xdd, 0xe3, 0xea)),
                Some(Stroke::solid(RULE, 0.25)),
            );
            p.boxed(
                [x, top, *w, header_h],
                pad,
                &c.header,
                FitRule {
                    size_pt: 8.0,
                    min_size_pt: 5.5,
                    max_lines: 2,
                },
                Anchor::Middle,
                INK,
            );
            x += w;
        }
        let mut y = top + header_h;
        if rows.is_empty() {
            p.boxed(
                [content[0], y, cw, 12.0],
                [2.0, 2.0],
                "該当する行がありません",
                FitRule {
                    size_pt: 9.0,
                    min_size_pt: 7.0,
                    max_lines: 1,
                },
                Anchor::Middle,
                MUTED,
            );
        }
        let start = i;
        while i < rows.len() {
            let h = row_h(&rows[i]);
            if y + h > bottom && i > start {
                break;
            }
            let h = h.min(bottom - y);
            let mut x = content[0];
            for (ci, w) in widths.iter().enumerate() {
                p.rect(
                    x,
                    y,
                    *w,
                    h,
                    shade(i, ci),
                    Some(Stroke::solid(Rgb(0xa0, 0xa0, 0xa0), 0.15)),
                );
                let cell = rows[i].get(ci).map(String::as_str).unwrap_or("");
                let anchor = if figures[ci] {
                    Anchor::End
                } else {
                    Anchor::Start
                };
                p.boxed([x, y, *w, h], pad, cell, rule, anchor, INK);
                x += w;
            }
            y += h;
            i += 1;
        }
        pages.push(frame::page_of(sheet, p));
        part += 1;
        if i >= rows.len() {
            break;
        }
    }
    Ok(pages)
}

/// Whether a table cell is a figure: an amount, a count or a rate — digits (half- or full-width) with 3-digit
/// commas or a decimal point, perhaps a sign (▲, −, +) and one unit after them (円, 千円, %, 件, 団体, 人, 日, 時間).
fn is_figure(cell: &str) -> bool {
    let s = cell.trim();
    let s = s.strip_prefix(['▲', '-', '−', '+']).unwrap_or(s);
    let s = ["千円", "円", "%", "％", "件", "団体", "人", "日", "時間"]
        .iter()
        .find_map(|u| s.strip_suffix(u))
        .unwrap_or(s);
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && s.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, ',' | '.' | '，' | '．')
        })
}

/// Whether a column's cells stand to the right, as in Excel and in every 予算書 (their digits line up): at least
/// half of its filled cells are figures and the others are short words such as 「—」「なし」「上限なし」.
fn figure_column<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    let (mut figures, mut filled) = (0, 0);
    for c in cells.map(str::trim).filter(|c| !c.is_empty()) {
        filled += 1;
        if is_figure(c) {
            figures += 1;
        } else if c.chars().count() > 4 {
            return false;
        }
    }
    figures > 0 && 2 * figures >= filled
}

/// Contents page(s): part titles with their first page number.
pub fn toc_pages(
    sheet: &Sheet,
    head: &DocHeader,
    entries: &[(String, usize)],
    metrics: &FontMetrics,
) -> Vec<Page> {
    let per_page = toc_per_page(sheet);
    let mut pages = Vec::new();
    for (k, chunk) in entries.chunks(per_page.max(1)).enumerate() {
        let mut p = Painter::new(metrics);
        let content = frame::header(&mut p, sheet, head, "");
        p.label(
            content[0],
            content[1] + 8.0,
            14.0,
            if k == 0 {
                "目次"
            } else {
                "目次（続き）"
            },
            Anchor::Start,
            INK,
            None,
        );
        let mut y = content[1] + 20.0;
        for (title, page) in chunk {
            let num = page.to_string();
            let nw = metrics.text_width_mm(&num, 10.5);
            let right = content[0] + content[2];
            let tw = p.label(
                content[0] + 4.0,
                y,
                10.5,
                title,
                Anchor::Start,
                INK,
                Some(content[2] - nw - 16.0),
            );
            p.line(
                content[0] + 6.0 + tw,
                y - 0.8,
                right - nw - 2.0,
                y - 0.8,
                Stroke::dashed(MUTED, 0.2, 0.4, 0.8),
            );
            p.label(right, y, 10.5, &num, Anchor::End, INK, None);
            y += 9.0;
        }
        pages.push(frame::page_of(sheet, p));
    }
    if pages.is_empty() {
        let mut p = Painter::new(metrics);
        let content = frame::header(&mut p, sheet, head, "");
        p.label(
            content[0],
            content[1] + 8.0,
            14.0,
            "目次",
            Anchor::Start,
            INK,
            None,
        );
        pages.push(frame::page_of(sheet, p));
    }
    pages
}

fn toc_per_page(sheet: &Sheet) -> usize {
    let (_, ph) = sheet.size_mm();
    let ch = ph - 2.0 * sheet.margins_mm - frame::HEADER_H - frame::FOOTER_H - 22.0;
    (ch / 9.0).floor().max(1.0) as usize
}

/// Assembles cover, contents and parts into one document numbered `x / y` throughout.
pub fn bundle(
    sheet: &Sheet,
    head: &DocHeader,
    subtitle: Option<&str>,
    parts: Vec<Part>,
    metrics: &FontMetrics,
) -> Document {
    let toc_n = parts.len().div_ceil(toc_per_page(sheet)).max(1);
    let mut next = 1 + toc_n + 1; // cover, contents, then the first part
    let mut entries = Vec::new();
    for part in &parts {
        entries.push((part.title.clone(), next));
        next += part.pages.len();
    }
    let mut pages = vec![cover_page(sheet, head, subtitle, metrics)];
    pages.extend(toc_pages(sheet, head, &entries, metrics));
    for part in parts {
        pages.extend(part.pages);
    }
    let mut doc = Document {
        title: head.title.clone(),
        created: head.created,
        pages,
    };
    frame::number_pages(&mut doc, sheet.margins_mm, metrics);
    doc
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_column_of_amounts_with_a_few_dashes_stands_right_and_a_column_of_words_does_not() {
        use super::figure_column;
        assert!(figure_column(["1,000円", "—", "2,000円", ""].into_iter()));
        assert!(figure_column(["上限なし", "268,540千円"].into_iter()));
        assert!(
            !figure_column(["令和8年度", "令和9年度"].into_iter()),
            "years are words"
        );
        assert!(
            !figure_column(["12件", "業務の一部を対象外"].into_iter()),
            "a long word keeps the column left"
        );
        assert!(
            !figure_column(["—", "なし", "3件"].into_iter()),
            "fewer than half are figures"
        );
        assert!(!figure_column(["", ""].into_iter()), "an empty column");
    }

    #[test]
    fn amounts_counts_and_rates_are_figures_and_words_are_not() {
        for f in [
            "268,540千円",
            "0円",
            "▲4.0%",
            "12件",
            "３０人",
            "1,234",
            "-5",
            "98.5％",
        ] {
            assert!(super::is_figure(f), "{f} is a figure");
        }
        for w in [
            "",
            "上限なし",
            "令和8年度",
            "10/10",
            "1/2",
            "R8",
            "千円",
            "計",
            "3割",
            "2026-04-01",
            "—",
        ] {
            assert!(!super::is_figure(w), "{w} is not a figure");
        }
    }

    use chrono::NaiveDate;

    use super::*;
    use crate::layout::doc::Item;
    use crate::layout::gantt::tests::{assert_no_text_overlaps, assert_texts_inside, real_metrics};

    fn head() -> DocHeader {
        DocHeader {
            title: "自治体DX推進計画".into(),
            municipality: "みどり市".into(),
            created: NaiveDate::from_ymd_opt(2025, 11, 20).expect("date"),
            confidentiality: Some("機密性2".into()),
        }
    }

    fn texts(p: &Page) -> Vec<String> {
        p.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_bundle_numbers_every_page_x_of_y_and_its_contents_point_at_the_right_pages() {
        let m = real_metrics();
        let sheet = Sheet::a4_portrait();
        let h = head();
        let vision: Vec<String> = (0..30).map(|i| format!("第{i}段落。デジタル技術を活用し、住民の利便性を向上させるとともに、業務の効率化を図る。").repeat(3)).collect();
        let text = text_pages(&sheet, &h, "ビジョン", &vision, &m);
        let rows: Vec<Vec<String>> = (0..120)
            .map(|i| {
                vec![
                    format!("手続{i}"),
                    "子育て".into(),
                    "こども家庭課".into(),
                    "方式3 入力画面に取込機能".into(),
                ]
            })
            .collect();
        let cols = vec![
            Column {
                header: "手続名".into(),
                weight: 3.0,
            },
            Column {
                header: "分類".into(),
                weight: 1.0,
            },
            Column {
                header: "担当課".into(),
                weight: 1.5,
            },
            Column {
                header: "連携方式".into(),
                weight: 2.0,
            },
        ];
        let table =
            table_pages(&sheet, &h, "オンライン化手続一覧", &cols, &rows, &m).expect("table");
        let (tn, bn) = (text.len(), table.len());
        assert!(tn >= 2 && bn >= 2, "long text and table tile: {tn} {bn}");
        let doc = bundle(
            &sheet,
            &h,
            Some("令和7年度版"),
            vec![
                Part {
                    title: "ビジョン".into(),
                    pages: text,
                },
                Part {
                    title: "手続一覧".into(),
                    pages: table,
                },
            ],
            &m,
        );
        let total = doc.pages.len();
        assert_eq!(total, 2 + tn + bn, "cover + contents + parts");
        for (i, p) in doc.pages.iter().enumerate() {
            assert!(
                texts(p).contains(&format!("{} / {total}", i + 1)),
                "page {} numbered",
                i + 1
            );
            assert_no_text_overlaps(p, &m);
        }
        assert_texts_inside(&doc, sheet.margins_mm, &m);
        let toc = texts(&doc.pages[1]);
        assert!(
            toc.contains(&"3".to_string()) && toc.contains(&(3 + tn).to_string()),
            "contents list first pages 3 and {}: {toc:?}",
            3 + tn
        );
        let cover = texts(&doc.pages[0]);
        assert!(
            cover.contains(&"令和7年11月20日".to_string())
                && cover.contains(&"みどり市".to_string()),
            "cover: {cover:?}"
        );
        let second_table_page = texts(&doc.pages[2 + tn + 1]);
        assert!(
            second_table_page.contains(&"手続名".to_string()),
            "table header repeated"
        );
    }
}
