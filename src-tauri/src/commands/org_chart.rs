//! 推進体制 drawn on screen: the same layout value the PDF's 推進体制図 is written from (`layout::org`), rendered
//! to SVG pages by `render::svg`, with where each box went, so the page can put a clickable area over each unit
//! and open its edit form.

use dxplan::documents::{DocumentOptions, ExportKind, org_chart};
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::layout::{Document, Sheet, org_pages_with_boxes};
use dxplan::render;
use serde::Serialize;
use tauri::State;

use super::export::font;
use crate::state::AppState;

/// One box of the chart: the unit it stands for (none for the 首長・CIO box) and where it is, in mm of its page.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OrgBox {
    pub unit_id: Option<i64>,
    pub name: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One page of the chart (A3 landscape, as printed).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OrgChartPage {
    /// the page as an SVG document (shown as an image: inert whatever the unit names say)
    pub svg: String,
    pub width_mm: f32,
    pub height_mm: f32,
    pub boxes: Vec<OrgBox>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OrgChartView {
    pub pages: Vec<OrgChartPage>,
}

/// The 推進体制図 of the open workbook as the PDF draws it (titles only, no names of people).
#[tauri::command]
pub fn org_chart_view(state: State<'_, AppState>) -> Result<OrgChartView> {
    let font = font(&state)?;
    state.with(|s| {
        let o = DocumentOptions::new(ExportKind::Org, s.as_of);
        let chart = org_chart(&s.wb, &o.view_options);
        let sheet = Sheet::a3_landscape();
        let (pages, boxes) = org_pages_with_boxes(&chart, &sheet, &font.metrics)
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
        let doc = Document {
            title: chart.header.title.clone(),
            created: chart.header.created,
            pages,
        };
        let svgs = render::document_svg(&doc);
        let name_of = |id: &str| {
            chart
                .nodes
                .iter()
                .find(|n| n.id == id)
                .map(|n| n.name.clone())
                .unwrap_or_default()
        };
        Ok(OrgChartView {
            pages: doc
                .pages
                .iter()
                .zip(svgs)
                .enumerate()
                .map(|(i, (p, svg))| OrgChartPage {
                    svg,
                    width_mm: p.width_mm,
                    height_mm: p.height_mm,
                    boxes: boxes
                        .iter()
                        .filter(|b| b.page == i)
                        .map(|b| OrgBox {
                            unit_id: b.id.strip_prefix('u').and_then(|n| n.parse().ok()),
                            name: name_of(&b.id),
                            x: b.rect[0],
                            y: b.rect[1],
                            w: b.rect[2],
                            h: b.rect[3],
                        })
                        .collect(),
                })
                .collect(),
        })
    })
}
