//! Organisation chart layout (推進体制図): the line organisation as a left-to-right
//! tree of boxes (部 → 課 → 係), the cross-cutting bodies (本部・部会・分科会) as a
//! second tree on the right, and dashed links from each body to its member units.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::LayoutError;
use super::doc::{Anchor, Document, Page, Painter, Rgb, Stroke};
use super::frame::{self, DocHeader, INK, MUTED, RULE, Sheet};
use super::metrics::FontMetrics;
use super::text::FitRule;

/// An organisation chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgChart {
    pub header: DocHeader,
    pub nodes: Vec<OrgNode>,
}

/// One box of the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: String,
    /// Parent in the same tree (line units under line units, bodies under bodies).
    pub parent: Option<String>,
    pub name: String,
    /// 部, 課, 本部, 分科会 … (printed small above the name).
    pub kind: String,
    /// People and roles ("課長 山田太郎", "事務局: IT推進課").
    #[serde(default)]
    pub lines: Vec<String>,
    /// A cross-cutting body (本部・部会・分科会・会議体・事務局).
    #[serde(default)]
    pub cross_cutting: bool,
    /// For a body: ids of the line units that take part in it (dashed links).
    #[serde(default)]
    pub members: Vec<String>,
}

const BOX_MAX_W: f32 = 58.0;
const COL_GAP: f32 = 7.0;
const SLOT_GAP: f32 = 2.5;
const NAME_H: f32 = 7.0;
const LINE_H: f32 = 3.6;
const MAX_DETAIL_LINES: usize = 4;
const LINE_FILL: Rgb = Rgb::WHITE;
const BODY_FILL: Rgb = Rgb(0xf1, 0xee, 0xe6);
const TOP_FILL: Rgb = Rgb(0xdd, 0xe3, 0xea);

/// A tree laid out in leaf slots: depth and slot range per node.
struct Forest {
    order: Vec<usize>,
    depth: HashMap<usize, usize>,
    /// First and last leaf slot of the node's subtree.
    span: HashMap<usize, (usize, usize)>,
    children: HashMap<usize, Vec<usize>>,
    leaves: usize,
    max_depth: usize,
}

fn forest(nodes: &[OrgNode], cross: bool) -> Forest {
    let ids: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.cross_cutting == cross)
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, n) in nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.cross_cutting == cross)
    {
        match n.parent.as_deref().and_then(|p| ids.get(p)) {
            Some(&p) if p != i => children.entry(p).or_default().push(i),
            _ => roots.push(i),
        }
    }
    let mut f = Forest {
        order: Vec::new(),
        depth: HashMap::new(),
        span: HashMap::new(),
        children: HashMap::new(),
        leaves: 0,
        max_depth: 0,
    };
    let mut seen = HashSet::new();
    fn walk(
        i: usize,
        d: usize,
        children: &HashMap<usize, Vec<usize>>,
        f: &mut Forest,
        seen: &mut HashSet<usize>,
    ) {
        if !seen.insert(i) {
            return;
        }
        f.order.push(i);
        f.depth.insert(i, d);
        f.max_depth = f.max_depth.max(d);
        let first = f.leaves;
        let kids: Vec<usize> = children
            .get(&i)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| !seen.contains(k))
            .collect();
        if kids.is_empty() {
            f.leaves += 1;
        }
        for &k in &kids {
            walk(k, d + 1, children, f, seen);
        }
        let last = f.leaves.max(first + 1) - 1;
        f.span.insert(i, (first, last));
        f.children.insert(i, kids);
    }
    for r in roots {
        walk(r, 0, &children, &mut f, &mut seen);
    }
    // Nodes only reachable through a cycle become roots of their own.
    for (i, n) in nodes.iter().enumerate() {
        if n.cross_cutting == cross && !seen.contains(&i) {
            walk(i, 0, &children, &mut f, &mut seen);
        }
    }
    f
}

/// Lays the chart out into numbered pages.
pub fn layout_org(
    chart: &OrgChart,
    sheet: &Sheet,
    metrics: &FontMetrics,
) -> Result<Document, LayoutError> {
    let pages = org_pages(chart, sheet, metrics)?;
    let mut doc = Document {
        title: chart.header.title.clone(),
        created: chart.header.created,
        pages,
    };
    frame::number_pages(&mut doc, sheet.margins_mm, metrics);
    Ok(doc)
}

/// Where one node's box was drawn: its page (0-based) and `[x, y, w, h]` in mm. The window lays the same chart
/// out and puts a clickable area over each box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeBox {
    pub page: usize,
    pub id: String,
    pub rect: [f32; 4],
}

/// Lays the chart out into pages without page numbers (for bundling).
pub fn org_pages(
    chart: &OrgChart,
    sheet: &Sheet,
    metrics: &FontMetrics,
) -> Result<Vec<Page>, LayoutError> {
    org_pages_with_boxes(chart, sheet, metrics).map(|(pages, _)| pages)
}

/// `org_pages`, with where each box went (`NodeBox`, in drawing order).
pub fn org_pages_with_boxes(
    chart: &OrgChart,
    sheet: &Sheet,
    metrics: &FontMetrics,
) -> Result<(Vec<Page>, Vec<NodeBox>), LayoutError> {
    let mut boxes = Vec::new();
    sheet.validate()?;
    let line = forest(&chart.nodes, false);
    let cross = forest(&chart.nodes, true);
    // Probe the content box once.
    let mut probe = Painter::new(metrics);
    let content = frame::header(&mut probe, sheet, &chart.header, "");
    let [cx, cy, cw, ch] = content;
    let avail = ch - 6.0;
    // Each tree gets its own box height (its own most detailed box) and slot pitch.
    let needed =
        |i: usize| NAME_H + LINE_H * chart.nodes[i].lines.len().min(MAX_DETAIL_LINES) as f32 + 1.0;
    // The slot pitch fits the tallest leaf; a parent spans several slots and may be taller.
    let geo = |f: &Forest| -> (f32, f32, usize) {
        let box_h = f
            .order
            .iter()
            .filter(|i| f.children[i].is_empty())
            .map(|&i| needed(i))
            .fold(NAME_H + 1.0, f32::max);
        let slot = box_h + SLOT_GAP;
        let per_page = (avail / slot).floor().max(1.0) as usize;
        let leaves = f.leaves.max(1);
        // One page: spread the slots over the height (up to 1.6× for air between boxes).
        let slot = if leaves <= per_page {
            (avail / leaves as f32).min(slot * 1.6)
        } else {
            slot
        };
        (box_h, slot, (avail / slot).floor().max(1.0) as usize)
    };
    let (line_geo, cross_geo) = (geo(&line), geo(&cross));
    let pages_n = line
        .leaves
        .div_ceil(line_geo.2)
        .max(cross.leaves.div_ceil(cross_geo.2))
        .max(1);

    let has_cross = !cross.order.is_empty();
    let gutter = if has_cross { 14.0 } else { 0.0 };
    // Width shared in proportion to each tree's number of columns.
    let (lc, xc) = ((line.max_depth + 1) as f32, (cross.max_depth + 1) as f32);
    let line_w = if has_cross {
        (cw - gutter) * (lc / (lc + xc)).clamp(0.4, 0.7)
    } else {
        cw
    };
    let cross_x = cx + line_w + gutter;
    let cross_w = cw - line_w - gutter;
    let col_w = |f: &Forest, w: f32| -> f32 {
        let cols = (f.max_depth + 1) as f32;
        ((w - COL_GAP * (cols - 1.0)) / cols).min(BOX_MAX_W)
    };
    let lw = col_w(&line, line_w);
    let xw = col_w(&cross, cross_w);

    let mut pages = Vec::new();
    for pi in 0..pages_n {
        let mut p = Painter::new(metrics);
        let subtitle = if pages_n > 1 {
            format!("（{} / {} 枚目）", pi + 1, pages_n)
        } else {
            String::new()
        };
        frame::header(&mut p, sheet, &chart.header, &subtitle);
        if chart.nodes.is_empty() {
            p.boxed(
                [cx, cy, cw, 30.0],
                [2.0, 2.0],
                "表示する組織がありません",
                FitRule {
                    size_pt: 12.0,
                    min_size_pt: 8.0,
                    max_lines: 1,
                },
                Anchor::Middle,
                MUTED,
            );
            pages.push(frame::page_of(sheet, p));
            continue;
        }
        if has_cross {
            p.label(cx, cy + 3.0, 7.5, "ライン組織", Anchor::Start, MUTED, None);
            p.label(
                cross_x,
                cy + 3.0,
                7.5,
                "横断的な推進体制（本部・部会・分科会等）",
                Anchor::Start,
                MUTED,
                Some(cross_w),
            );
        }
        let top = cy + 5.0;
        // Visible centre of each node on this page.
        // The bodies' tree is mirrored (root at the right) so the deepest bodies, which
        // usually hold the members, face the line organisation across the gutter.
        let place = |f: &Forest,
                     (_, slot, per_page): (f32, f32, usize),
                     x0: f32,
                     w: f32,
                     mirrored: bool,
                     region_w: f32|
         -> HashMap<usize, [f32; 4]> {
            let lo = pi * per_page;
            let hi = lo + per_page; // exclusive
            let mut out = HashMap::new();
            for &i in &f.order {
                let (a, b) = f.span[&i];
                if b < lo || a >= hi {
                    continue;
                }
                let (a, b) = (a.max(lo) - lo, b.min(hi - 1) - lo);
                let cyy = top + (a as f32 + b as f32 + 1.0) / 2.0 * slot;
                let step = f.depth[&i] as f32 * (w + COL_GAP);
                let x = if mirrored {
                    x0 + region_w - w - step
                } else {
                    x0 + step
                };
                let box_h = needed(i).min((b - a + 1) as f32 * slot - SLOT_GAP);
                out.insert(i, [x, cyy - box_h / 2.0, w, box_h]);
            }
            out
        };
        let lpos = place(&line, line_geo, cx, lw, false, line_w);
        let xpos = place(&cross, cross_geo, cross_x, xw, true, cross_w);
        // Dashed membership links first, so boxes sit on top of them.
        let mut bus = 0;
        for &b in &cross.order {
            let Some(bb) = xpos.get(&b) else { continue };
            let ids: HashMap<&str, usize> = chart
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.as_str(), i))
                .collect();
            let gx = cx + line_w + 2.0 + (bus % 8) as f32 * 1.3;
            let mut any = false;
            for m in &chart.nodes[b].members {
                let Some(mb) = ids.get(m.as_str()).and_then(|i| lpos.get(i)) else {
                    continue;
                };
                let (my, by) = (mb[1] + mb[3] / 2.0, bb[1] + bb[3] / 2.0 + 1.5);
                p.polyline(
                    vec![[mb[0] + mb[2], my], [gx, my], [gx, by], [bb[0], by]],
                    Stroke::dashed(MUTED, 0.2, 1.0, 0.7),
                );
                any = true;
            }
            if any {
                bus += 1;
            }
        }
        for (f, pos, cross_tree) in [(&line, &lpos, false), (&cross, &xpos, true)] {
            // Connectors: parent right edge → elbow → child left edge.
            for &i in &f.order {
                let Some(pb) = pos.get(&i) else { continue };
                let kids: Vec<&[f32; 4]> =
                    f.children[&i].iter().filter_map(|k| pos.get(k)).collect();
                if kids.is_empty() {
                    continue;
                }
                let s = Stroke::solid(RULE, 0.3);
                // Parent's outer edge towards its children, and the children's facing edge.
                let (from_x, ex) = if cross_tree {
                    (pb[0], pb[0] - COL_GAP / 2.0)
                } else {
                    (pb[0] + pb[2], pb[0] + pb[2] + COL_GAP / 2.0)
                };
                let py = pb[1] + pb[3] / 2.0;
                p.line(from_x, py, ex, py, s.clone());
                let ys: Vec<f32> = kids.iter().map(|k| k[1] + k[3] / 2.0).collect();
                let (y1, y2) = ys.iter().fold((py, py), |(a, b), y| (a.min(*y), b.max(*y)));
                p.line(ex, y1, ex, y2, s.clone());
                for (k, y) in kids.iter().zip(&ys) {
                    let kx = if cross_tree { k[0] + k[2] } else { k[0] };
                    p.line(ex, *y, kx, *y, s.clone());
                }
            }
            for &i in &f.order {
                let Some(b) = pos.get(&i) else { continue };
                draw_box(&mut p, &chart.nodes[i], *b, cross_tree, f.depth[&i] == 0);
                boxes.push(NodeBox {
                    page: pi,
                    id: chart.nodes[i].id.clone(),
                    rect: *b,
                });
            }
        }
        pages.push(frame::page_of(sheet, p));
    }
    Ok((pages, boxes))
}

fn draw_box(p: &mut Painter, n: &OrgNode, b: [f32; 4], cross: bool, root: bool) {
    let [x, y, w, h] = b;
    let fill = if cross {
        BODY_FILL
    } else if root {
        TOP_FILL
    } else {
        LINE_FILL
    };
    let stroke = Stroke::solid(INK, if root { 0.45 } else { 0.3 });
    p.rect(x, y, w, h, Some(fill), Some(stroke));
    let kind = n.kind.trim();
    let name_box = [x, y, w, NAME_H];
    if !kind.is_empty() && !n.name.trim_end().ends_with(kind) {
        p.boxed(
            [x, y, w, 2.8],
            [0.8, 0.2],
            kind,
            FitRule {
                size_pt: 5.5,
                min_size_pt: 5.0,
                max_lines: 1,
            },
            Anchor::Start,
            MUTED,
        );
        p.boxed(
            [x, y + 1.8, w, NAME_H - 1.8],
            [1.0, 0.3],
            &n.name,
            FitRule {
                size_pt: 9.5,
                min_size_pt: 5.5,
                max_lines: 1,
            },
            Anchor::Middle,
            INK,
        );
    } else {
        p.boxed(
            name_box,
            [1.0, 0.5],
            &n.name,
            FitRule {
                size_pt: 9.5,
                min_size_pt: 5.5,
                max_lines: 2,
            },
            Anchor::Middle,
            INK,
        );
    }
    let room =
        (((h - NAME_H - 0.5) / LINE_H + 1e-3).floor().max(0.0) as usize).min(MAX_DETAIL_LINES);
    let mut lines: Vec<String> = n.lines.iter().take(room).cloned().collect();
    if n.lines.len() > room
        && let Some(last) = lines.last_mut()
    {
        *last = format!("{last} ほか{}件", n.lines.len() - room);
    }
    if !lines.is_empty() {
        p.line(
            x + 0.8,
            y + NAME_H,
            x + w - 0.8,
            y + NAME_H,
            Stroke::solid(Rgb(0xbb, 0xbb, 0xbb), 0.15),
        );
    }
    for (k, l) in lines.iter().enumerate() {
        let ly = y + NAME_H + 0.3 + k as f32 * LINE_H;
        p.boxed(
            [x, ly, w, LINE_H],
            [1.0, 0.1],
            l,
            FitRule {
                size_pt: 7.5,
                min_size_pt: 5.0,
                max_lines: 1,
            },
            Anchor::Start,
            INK,
        );
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::layout::doc::Item;
    use crate::layout::gantt::tests::{assert_no_text_overlaps, assert_texts_inside, real_metrics};

    fn node(id: &str, parent: Option<&str>, name: &str, kind: &str, lines: &[&str]) -> OrgNode {
        OrgNode {
            id: id.into(),
            parent: parent.map(Into::into),
            name: name.into(),
            kind: kind.into(),
            lines: lines.iter().map(|s| s.to_string()).collect(),
            cross_cutting: false,
            members: Vec::new(),
        }
    }

    pub(crate) fn sample_org() -> OrgChart {
        let mut nodes = vec![
            node("mayor", None, "区長", "", &["CIO 副区長"]),
            node("seisaku", Some("mayor"), "政策経営部", "部", &["部長 佐藤"]),
            node(
                "it",
                Some("seisaku"),
                "IT推進課",
                "課",
                &["課長 鈴木", "DX推進担当 3名"],
            ),
            node("kikaku", Some("seisaku"), "企画課", "課", &["課長 高橋"]),
            node("kuminn", Some("mayor"), "区民部", "部", &["部長 田中"]),
            node(
                "kosekijumin",
                Some("kuminn"),
                "戸籍住民課",
                "課",
                &["課長 伊藤"],
            ),
            node("zei", Some("kuminn"), "税務課", "課", &["課長 渡辺"]),
            node("fukushi", Some("mayor"), "福祉部", "部", &[]),
            node("kaigo", Some("fukushi"), "介護保険課", "課", &["課長 山本"]),
        ];
        let mut hq = node(
            "hq",
            None,
            "ICT推進・活用本部",
            "本部",
            &["本部長 区長", "事務局 IT推進課"],
        );
        hq.cross_cutting = true;
        let mut bukai = node(
            "bukai",
            Some("hq"),
            "情報化推進部会",
            "部会",
            &["部会長 政策経営部長"],
        );
        bukai.cross_cutting = true;
        let mut std = node(
            "std",
            Some("bukai"),
            "標準化・共通化分科会",
            "分科会",
            &["分科会長 IT推進課長"],
        );
        std.cross_cutting = true;
        std.members = vec![
            "kosekijumin".into(),
            "zei".into(),
            "kaigo".into(),
            "it".into(),
        ];
        let mut online = node(
            "online",
            Some("bukai"),
            "行政手続のオンライン化分科会",
            "分科会",
            &["分科会長 IT推進課長"],
        );
        online.cross_cutting = true;
        online.members = vec!["kaigo".into(), "kikaku".into()];
        nodes.extend([hq, bukai, std, online]);
        OrgChart {
            header: DocHeader {
                title: "DX推進体制図".into(),
                municipality: "みどり市".into(),
                created: NaiveDate::from_ymd_opt(2025, 11, 20).expect("date"),
                confidentiality: None,
            },
            nodes,
        }
    }

    #[test]
    fn an_org_chart_draws_every_unit_once_with_texts_inside_their_boxes() {
        let m = real_metrics();
        let chart = sample_org();
        let doc = layout_org(&chart, &Sheet::a3_landscape(), &m).expect("layout");
        assert_eq!(doc.pages.len(), 1, "a small organisation fits one page");
        assert_texts_inside(&doc, 10.0, &m);
        assert_no_text_overlaps(&doc.pages[0], &m);
        let texts: Vec<&str> = doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for n in &chart.nodes {
            assert_eq!(
                texts.iter().filter(|t| **t == n.name).count(),
                1,
                "{} drawn exactly once",
                n.name
            );
        }
        let dashed = doc.pages[0]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line { stroke, .. } if !stroke.dash_mm.is_empty()))
            .count();
        assert_eq!(dashed, 6, "one dashed link per body membership");
    }

    #[test]
    fn a_large_organisation_tiles_over_pages_and_a_parent_cycle_does_not_hang() {
        let m = real_metrics();
        let mut chart = sample_org();
        for i in 0..80 {
            chart.nodes.push(node(
                &format!("k{i}"),
                Some("fukushi"),
                &format!("福祉第{i}係"),
                "係",
                &["係長"],
            ));
        }
        chart.nodes.push(node("a", Some("b"), "循環A", "課", &[]));
        chart.nodes.push(node("b", Some("a"), "循環B", "課", &[]));
        let doc = layout_org(&chart, &Sheet::a3_landscape(), &m).expect("layout");
        assert!(doc.pages.len() >= 2, "90 leaves need several pages");
        assert_texts_inside(&doc, 10.0, &m);
        for p in &doc.pages {
            assert_no_text_overlaps(p, &m);
        }
    }
}
