//! The 運用経費（平成30年度比） page of the council bundle: the total 削減率 with the 3割削減 target's state, and a
//! pair of bars per system (平成30年度 and the year, with the target drawn as a tick), because the council asks
//! which systems are cheaper and which are not. A system without a figure is written as 不明, never drawn as 0.

use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Page, Painter, Rgb, Stroke};
use super::frame::{self, DocHeader, INK, MUTED, RULE, Sheet};
use super::text::FitRule;

/// An amount: its value (for the bar's length) and how it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub value: f64,
    pub text: String,
}

/// Where a system or the total stands against the target, for colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Met,
    NotMet,
    /// 不明 or 比較対象外: no rate
    NoRate,
}

/// One system's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostBar {
    pub name: String,
    /// the 平成30年度 amount; None when not entered (no bar is drawn)
    pub baseline: Option<Amount>,
    /// the year's amount; None when not entered
    pub amount: Option<Amount>,
    /// "34.0%", "不明（平成30年度の経費が未入力）"
    pub label: String,
    /// "達成", "未達成", "不明", "比較対象外"
    pub status: String,
    pub standing: Standing,
}

/// The page's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostBars {
    /// page heading
    pub heading: String,
    /// "平成30年度"
    pub baseline_label: String,
    /// "令和8年度"
    pub year_label: String,
    /// the total's 削減率 label ("23.7%", "不明（2業務の経費が未入力）")
    pub total: String,
    /// the total's state ("未達成")
    pub status: String,
    pub standing: Standing,
    /// lines under the total (the target, a partial rate, the unit)
    pub notes: Vec<String>,
    /// share of the baseline the target allows (0.7 for 3割削減); drawn as a tick on each pair of bars
    pub target_share: f64,
    pub rows: Vec<CostBar>,
}

const BASELINE_FILL: Rgb = Rgb(0xb4, 0xb4, 0xb4);
const MET_FILL: Rgb = Rgb(0x54, 0x82, 0x35);
const NOT_MET_FILL: Rgb = Rgb(0xc5, 0x5a, 0x11);
const NO_RATE_FILL: Rgb = Rgb(0x2f, 0x55, 0x97);
const TARGET: Rgb = Rgb(0xc0, 0x00, 0x00);

fn fill_of(s: Standing) -> Rgb {
    match s {
        Standing::Met => MET_FILL,
        Standing::NotMet => NOT_MET_FILL,
        Standing::NoRate => NO_RATE_FILL,
    }
}

/// Height of one system's row (two bars).
pub const COST_ROW_H: f32 = 9.0;
const BAR_H: f32 = 2.8;

fn one_line(size: f32) -> FitRule {
    FitRule {
        size_pt: size,
        min_size_pt: (size - 2.5).max(5.5),
        max_lines: 1,
    }
}

/// The pages: the total and the legend on the first, the systems' rows tiled over as many pages as they need.
pub fn cost_pages(
    sheet: &Sheet,
    head: &DocHeader,
    bars: &CostBars,
    metrics: &super::FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    sheet.validate()?;
    let max = bars
        .rows
        .iter()
        .flat_map(|r| [&r.baseline, &r.amount])
        .flatten()
        .map(|a| a.value)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let mut pages = vec![];
    let mut i = 0;
    loop {
        let mut p = Painter::new(metrics);
        let content = frame::header(&mut p, sheet, head, "");
        let [cx, cy, cw, ch] = content;
        let first = pages.is_empty();
        let title = if first {
            bars.heading.clone()
        } else {
            format!("{}（続き）", bars.heading)
        };
        p.label(cx, cy + 6.0, 12.0, &title, Anchor::Start, INK, Some(cw));
        let mut y = cy + 9.0;
        if first {
            y = total_box(&mut p, bars, [cx, y, cw]);
        }
        // column heads
        let name_w = cw * 0.17;
        let bar_x = cx + name_w + 2.0;
        let bar_w = cw * 0.50;
        let fig_x = bar_x + bar_w + 2.0;
        let fig_w = cw * 0.19;
        let rate_x = fig_x + fig_w + 1.0;
        let rate_w = cx + cw - rate_x;
        let heads = [
            (cx, name_w, "業務".to_string()),
            (
                bar_x,
                bar_w,
                format!("{}（上）と{}（下）", bars.baseline_label, bars.year_label),
            ),
            (
                fig_x,
                fig_w,
                format!("{} → {}", bars.baseline_label, bars.year_label),
            ),
            (rate_x, rate_w, "削減率・3割削減目標".to_string()),
        ];
        for (x, w, h) in &heads {
            p.boxed(
                [*x, y, *w, 6.0],
                [0.5, 0.5],
                h,
                one_line(8.0),
                Anchor::Start,
                MUTED,
            );
        }
        y += 6.0;
        p.line(cx, y, cx + cw, y, Stroke::solid(RULE, 0.25));
        let bottom = cy + ch;
        let start = i;
        while i < bars.rows.len() {
            if y + COST_ROW_H > bottom && i > start {
                break;
            }
            let r = &bars.rows[i];
            let row = [cx, y, cw, COST_ROW_H];
            p.boxed(
                [cx, y, name_w, COST_ROW_H],
                [0.5, 0.5],
                &r.name,
                one_line(8.5),
                Anchor::Start,
                INK,
            );
            let len = |a: &Amount| -> f32 {
                if max > 0.0 && a.value.is_finite() {
                    ((a.value / max).clamp(0.0, 1.0) as f32) * bar_w
                } else {
                    0.0
                }
            };
            if let Some(b) = &r.baseline {
                p.rect(bar_x, y + 1.3, len(b), BAR_H, Some(BASELINE_FILL), None);
            }
            if let Some(a) = &r.amount {
                p.rect(
                    bar_x,
                    y + 1.6 + BAR_H,
                    len(a),
                    BAR_H,
                    Some(fill_of(r.standing)),
                    None,
                );
            }
            if let (Some(b), true) = (&r.baseline, bars.target_share > 0.0) {
                let tx = bar_x
                    + len(&Amount {
                        value: b.value * bars.target_share,
                        text: String::new(),
                    });
                p.line(
                    tx,
                    y + 0.8,
                    tx,
                    y + COST_ROW_H - 0.8,
                    Stroke::dashed(TARGET, 0.3, 0.8, 0.5),
                );
            }
            let figures = match (&r.baseline, &r.amount) {
                (Some(b), Some(a)) => format!("{} → {}", b.text, a.text),
                (Some(b), None) => format!("{} → 未入力", b.text),
                (None, Some(a)) => format!("未入力 → {}", a.text),
                (None, None) => "未入力".to_string(),
            };
            p.boxed(
                [fig_x, y, fig_w, COST_ROW_H],
                [0.5, 0.5],
                &figures,
                one_line(7.5),
                Anchor::End,
                INK,
            );
            let color = if r.standing == Standing::NoRate {
                MUTED
            } else {
                INK
            };
            p.boxed(
                [rate_x, y, rate_w, COST_ROW_H],
                [0.5, 0.5],
                &format!("{}　{}", r.label, r.status),
                one_line(8.5),
                Anchor::Start,
                color,
            );
            p.line(
                row[0],
                y + COST_ROW_H,
                row[0] + row[2],
                y + COST_ROW_H,
                Stroke::solid(Rgb(0xd0, 0xd0, 0xd0), 0.15),
            );
            y += row[3];
            i += 1;
        }
        if bars.rows.is_empty() {
            p.boxed(
                [cx, y, cw, 12.0],
                [2.0, 2.0],
                "業務がありません",
                one_line(9.0),
                Anchor::Middle,
                MUTED,
            );
        }
        pages.push(frame::page_of(sheet, p));
        if i >= bars.rows.len() {
            break;
        }
    }
    Ok(pages)
}

/// The total, its state and the notes, with the legend; returns the y under it.
fn total_box(p: &mut Painter, bars: &CostBars, [x, y, w]: [f32; 3]) -> f32 {
    let h = 24.0;
    p.rect(
        x,
        y,
        w,
        h,
        Some(Rgb(0xf4, 0xf6, 0xf9)),
        Some(Stroke::solid(RULE, 0.25)),
    );
    let left = w * 0.30;
    p.boxed(
        [x, y, left, h * 0.62],
        [2.0, 1.0],
        &bars.total,
        one_line(22.0),
        Anchor::Middle,
        INK,
    );
    let sx = x + left * 0.25;
    let sw = left * 0.5;
    p.rect(
        sx,
        y + h * 0.62,
        sw,
        h * 0.30,
        Some(match bars.standing {
            Standing::Met => Rgb(0xc6, 0xe0, 0xb4),
            Standing::NotMet => Rgb(0xf8, 0xcb, 0xad),
            Standing::NoRate => Rgb(0xe7, 0xe6, 0xe6),
        }),
        None,
    );
    p.boxed(
        [sx, y + h * 0.62, sw, h * 0.30],
        [1.0, 0.3],
        &bars.status,
        one_line(10.0),
        Anchor::Middle,
        INK,
    );
    let nx = x + left + 2.0;
    let nw = w * 0.45;
    for (k, n) in bars.notes.iter().take(4).enumerate() {
        p.boxed(
            [nx, y + 1.0 + k as f32 * 5.5, nw, 5.5],
            [0.5, 0.3],
            n,
            one_line(9.0),
            Anchor::Start,
            INK,
        );
    }
    // legend
    let lx = nx + nw + 2.0;
    let lw = x + w - lx - 2.0;
    let items = [
        (Some(BASELINE_FILL), bars.baseline_label.clone()),
        (Some(MET_FILL), format!("{}（達成）", bars.year_label)),
        (Some(NOT_MET_FILL), format!("{}（未達成）", bars.year_label)),
        (None, "目標（3割減）".to_string()),
    ];
    for (k, (fill, text)) in items.iter().enumerate() {
        let ly = y + 2.0 + k as f32 * 5.2;
        match fill {
            Some(f) => p.rect(lx, ly + 1.0, 6.0, BAR_H, Some(*f), None),
            None => p.line(
                lx + 3.0,
                ly,
                lx + 3.0,
                ly + 4.8,
                Stroke::dashed(TARGET, 0.3, 0.8, 0.5),
            ),
        }
        p.boxed(
            [lx + 7.0, ly, (lw - 7.0).max(1.0), 4.8],
            [0.3, 0.2],
            text,
            one_line(8.0),
            Anchor::Start,
            INK,
        );
    }
    y + h + 3.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{
        Document, Item, assert_no_text_overlaps, assert_texts_inside, real_metrics,
    };
    use chrono::NaiveDate;

    fn head() -> DocHeader {
        DocHeader {
            title: "議会報告".into(),
            municipality: "テスト市".into(),
            created: NaiveDate::from_ymd_opt(2025, 11, 20).expect("date"),
            confidentiality: None,
        }
    }

    fn amount(v: f64) -> Option<Amount> {
        Some(Amount {
            value: v,
            text: format!("{v}円"),
        })
    }

    fn bars(n: usize) -> CostBars {
        let rows = (0..n)
            .map(|k| {
                if k % 5 == 3 {
                    CostBar {
                        name: format!("業務{k}"),
                        baseline: None,
                        amount: amount(1000.0),
                        label: "不明（平成30年度の経費が未入力）".into(),
                        status: "不明".into(),
                        standing: Standing::NoRate,
                    }
                } else {
                    CostBar {
                        name: format!("とても長い名前の基幹業務システム{k}"),
                        baseline: amount(10_000.0 * (k + 1) as f64),
                        // one dearer than its baseline, one far dearer than anyone's baseline
                        amount: amount(if k == 1 {
                            1e9
                        } else {
                            6_000.0 * (k + 1) as f64
                        }),
                        label: "40.0%".into(),
                        status: "達成".into(),
                        standing: Standing::Met,
                    }
                }
            })
            .collect();
        CostBars {
            heading: "経費と補助金　運用経費（平成30年度比）".into(),
            baseline_label: "平成30年度".into(),
            year_label: "令和8年度".into(),
            total: "23.7%".into(),
            status: "未達成".into(),
            standing: Standing::NotMet,
            notes: vec!["3割削減目標（令和8年度）: 未達成".into()],
            target_share: 0.7,
            rows,
        }
    }

    fn rects(page: &Page) -> Vec<[f32; 4]> {
        page.items
            .iter()
            .filter_map(|it| match it {
                Item::Rect { x, y, w, h, .. } => Some([*x, *y, *w, *h]),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn no_bar_or_text_leaves_the_page_and_rows_tile_over_pages() {
        let m = real_metrics();
        for sheet in [Sheet::a3_landscape(), Sheet::a4_portrait()] {
            let b = bars(60);
            let pages = cost_pages(&sheet, &head(), &b, &m).unwrap();
            assert!(pages.len() > 1, "60 systems do not fit one page");
            let (pw, ph) = sheet.size_mm();
            let mg = sheet.margins_mm;
            for page in &pages {
                for [x, y, w, h] in rects(page) {
                    assert!(
                        x >= mg - 0.01
                            && y >= mg - 0.01
                            && x + w <= pw - mg + 0.01
                            && y + h <= ph - mg + 0.01,
                        "rect {x},{y},{w},{h} stays inside the margins"
                    );
                    assert!(w >= 0.0 && h >= 0.0, "no negative size");
                }
                assert_no_text_overlaps(page, &m);
            }
            let doc = Document {
                title: "t".into(),
                created: head().created,
                pages: pages.clone(),
            };
            assert_texts_inside(&doc, mg, &m);
            let names: usize = pages
                .iter()
                .flat_map(|p| &p.items)
                .filter(|it| matches!(it, Item::Text { text, .. } if text.starts_with("業務") && text != "業務"))
                .count();
            assert_eq!(
                names,
                b.rows.iter().filter(|r| r.name.starts_with("業務")).count(),
                "every short-named row is drawn once"
            );
        }
    }

    #[test]
    fn a_system_without_a_baseline_gets_no_baseline_bar_and_reads_unknown() {
        let m = real_metrics();
        let mut b = bars(4);
        b.rows[3].amount = None;
        let pages = cost_pages(&Sheet::a3_landscape(), &head(), &b, &m).unwrap();
        let page = &pages[0];
        let base_bars = page
            .items
            .iter()
            .filter(|it| matches!(it, Item::Rect { fill: Some(f), .. } if *f == BASELINE_FILL))
            .count();
        // three rows with a baseline, one legend swatch
        assert_eq!(
            base_bars,
            3 + 1,
            "the row without a baseline has no baseline bar"
        );
        let texts: Vec<&str> = page
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.iter().any(|t| t.starts_with("不明")), "{texts:?}");
        assert!(
            !texts.iter().any(|t| t.starts_with("0.0%")),
            "never 0 %: {texts:?}"
        );
        assert!(
            texts.contains(&"未入力"),
            "a row with neither figure says so: {texts:?}"
        );
    }

    #[test]
    fn bars_are_proportional_to_the_largest_amount() {
        let m = real_metrics();
        let mut b = bars(3);
        b.rows[1].amount = amount(12_000.0);
        let pages = cost_pages(&Sheet::a3_landscape(), &head(), &b, &m).unwrap();
        let widths: Vec<f32> = pages[0]
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Rect {
                    w,
                    fill: Some(f),
                    h,
                    ..
                } if *f == BASELINE_FILL && (*h - BAR_H).abs() < 1e-3 && *w > 6.5 => Some(*w),
                _ => None,
            })
            .collect();
        // baselines 10,000 / 20,000 / 30,000, the largest amount: a third, two thirds and the whole bar area
        assert_eq!(widths.len(), 3, "{widths:?}");
        assert!((widths[0] * 3.0 - widths[2]).abs() < 0.01, "{widths:?}");
        assert!((widths[1] * 1.5 - widths[2]).abs() < 0.01, "{widths:?}");
        let all_zero = CostBars {
            rows: vec![CostBar {
                baseline: amount(0.0),
                amount: amount(0.0),
                ..b.rows[0].clone()
            }],
            ..b
        };
        let pages = cost_pages(&Sheet::a3_landscape(), &head(), &all_zero, &m).unwrap();
        assert!(
            rects(&pages[0]).iter().all(|r| r[2].is_finite()),
            "no NaN width when every amount is 0"
        );
    }
}
