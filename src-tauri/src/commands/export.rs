//! 出力: the 工程表 preview and the PDF exports. The preview is the SAME `layout::Document` value the PDF is written
//! from, rendered by `render::svg`; the destination of a file always comes from a native dialog run in Rust.

use std::time::Instant;

use dxplan::documents::{self, DocumentOptions, ExportKind};
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::layout::Document;
use dxplan::render::{self, Font};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::args::Arg;

use crate::dialog::{self, Filter};
use crate::state::{AppState, Session};

/// An export the page can ask for.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportFormat {
    pub kind: ExportKind,
    pub label: String,
    pub available: bool,
}

/// A written file.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Exported {
    pub path: String,
    pub bytes: u32,
    pub millis: u32,
}

/// The preview: one SVG document per page of the PDF.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Preview {
    pub pages: Vec<String>,
    pub title: String,
}

#[tauri::command]
pub fn export_formats() -> Vec<ExportFormat> {
    let f = |kind: ExportKind, label: &str, available: bool| ExportFormat {
        kind,
        label: label.into(),
        available,
    };
    vec![
        f(ExportKind::Roadmap, "工程表 PDF（A3横）", true),
        f(ExportKind::Migration, "標準化の移行計画 PDF（A3横）", true),
        f(ExportKind::Council, "議会報告用一式 PDF", true),
        f(
            ExportKind::Xlsx,
            "Excel（工程表・移行計画・オンライン化・研修計画・推進体制）",
            true,
        ),
        f(
            ExportKind::National,
            "国の進捗調査 Excel（業務ごとの完了率・特定移行支援）",
            true,
        ),
    ]
}

pub(crate) fn export_error(e: render::ExportError) -> Error {
    match e {
        render::ExportError::Write { .. } => Error::new(ErrorCode::Io, e.to_string()),
        _ => Error::new(ErrorCode::Invalid, e.to_string()),
    }
}

pub(crate) fn font(state: &AppState) -> Result<&Font> {
    if let Some(f) = state.font.get() {
        return Ok(f);
    }
    let f = Font::load_with_resources(state.resource_dir.as_deref()).map_err(export_error)?;
    Ok(state.font.get_or_init(|| f))
}

/// A document as `dxplan export pdf` lays it out.
fn lay_out(s: &Session, o: &DocumentOptions, font: &Font) -> Result<Document> {
    documents::document(&s.wb, o, &font.metrics).map_err(|e| export_error(e.into()))
}

/// A view's document on the session's 基準日.
fn view_document(s: &Session, view: ExportKind, font: &Font) -> Result<Document> {
    lay_out(s, &DocumentOptions::new(view, s.as_of), font)
}

/// The 工程表 document: both the preview and the PDF are drawn from this value.
pub fn roadmap_document(s: &Session, font: &Font) -> Result<Document> {
    view_document(s, ExportKind::Roadmap, font)
}

/// The 工程表 as SVG pages, drawn from the same layout value as the PDF.
#[tauri::command]
pub fn gantt_preview(state: State<'_, AppState>) -> Result<Preview> {
    let font = font(&state)?;
    state.with(|s| {
        let doc = roadmap_document(s, font)?;
        Ok(Preview {
            pages: render::document_svg(&doc),
            title: doc.title.clone(),
        })
    })
}

/// The 山積み (standardisation steps in progress per month by 所管課) as an SVG page, drawn from the same layout
/// value as the page that follows the migration Gantt in the PDF.
#[tauri::command]
pub fn workload_preview(state: State<'_, AppState>) -> Result<Preview> {
    let font = font(&state)?;
    state.with(|s| {
        let o = DocumentOptions::new(ExportKind::Migration, s.as_of);
        let doc = documents::workload::workload_document(&s.wb, &o, &font.metrics)
            .map_err(|e| export_error(e.into()))?;
        Ok(Preview {
            pages: render::document_svg(&doc),
            title: doc.title.clone(),
        })
    })
}

/// 完了率の推移 (the S-curve from the progress history) as an SVG page: the same layout value as the council
/// bundle's page; no pages when the workbook has no history to draw yet.
#[tauri::command]
pub fn trend_preview(state: State<'_, AppState>) -> Result<Preview> {
    let font = font(&state)?;
    state.with(|s| {
        let o = DocumentOptions::new(ExportKind::Council, s.as_of);
        let doc = documents::trend::trend_document(&s.wb, &o, &font.metrics)
            .map_err(|e| export_error(e.into()))?;
        Ok(match doc {
            Some(doc) => Preview {
                pages: render::document_svg(&doc),
                title: doc.title.clone(),
            },
            None => Preview {
                pages: vec![],
                title: "完了率の推移".into(),
            },
        })
    })
}

/// Writes the export of `kind` to a file chosen in the native dialog; `None` when cancelled. For `meeting`
/// the page passes the meeting's inputs (dates as typed, baseline name), which are parsed again here; `unit`
/// (円 or 千円, 書き出す's 「金額の単位」) is for the amounts of the council PDF and the Excel 経費 sheet.
#[tauri::command]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: Arg<ExportKind>,
    review: Arg<Option<super::review::ReviewArgs>>,
    unit: Arg<Option<dxplan::model::cost::Unit>>,
) -> Result<Option<Exported>> {
    // 円 or 千円 for the council's 経費と補助金 pages and the Excel 経費 sheet (omitted: 円)
    let unit = unit.into_inner().unwrap_or_default();
    let started = Instant::now();
    // make the file's bytes first (under the state lock), then ask where to save (without holding it)
    let (bytes, name, filter) = state.with(|s| {
        let city = s.wb.meta.municipality.clone();
        let pdf = |doc: Document, name: String| -> Result<(Vec<u8>, String, Filter)> {
            let font = font(&state)?;
            let bytes = render::pdf_bytes(&doc, font).map_err(export_error)?;
            Ok((
                bytes,
                name,
                Filter {
                    name: "PDF",
                    ext: "pdf",
                },
            ))
        };
        match *kind {
            ExportKind::Roadmap => pdf(
                roadmap_document(s, font(&state)?)?,
                format!("{city} 工程表.pdf"),
            ),
            ExportKind::Migration => pdf(
                view_document(s, ExportKind::Migration, font(&state)?)?,
                format!("{city} 標準化移行計画.pdf"),
            ),
            ExportKind::Council => pdf(
                {
                    let mut o = DocumentOptions::new(ExportKind::Council, s.as_of);
                    o.view_options.unit = unit;
                    lay_out(s, &o, font(&state)?)?
                },
                format!("{city} 議会報告用一式.pdf"),
            ),
            ExportKind::Training => pdf(
                view_document(s, ExportKind::Training, font(&state)?)?,
                format!("{city} 研修計画.pdf"),
            ),
            ExportKind::Org => pdf(
                view_document(s, ExportKind::Org, font(&state)?)?,
                format!("{city} 推進体制図.pdf"),
            ),
            ExportKind::Meeting => {
                let args = review
                    .as_ref()
                    .ok_or_else(|| Error::invalid("会議の条件がありません。"))?;
                let r = super::review::compute(s, args)?;
                let name = format!("{city} 会議資料 {}.pdf", dxplan::calendar::wareki(r.today));
                pdf(
                    lay_out(s, &DocumentOptions::meeting(r), font(&state)?)?,
                    name,
                )
            }
            ExportKind::Xlsx => {
                let opts = dxplan::xlsx::XlsxOptions {
                    unit,
                    ..dxplan::xlsx::XlsxOptions::new(s.as_of)
                };
                let bytes = dxplan::xlsx::export_xlsx_to_buffer(&s.wb, &opts)?;
                Ok((
                    bytes,
                    format!("{city} 工程表.xlsx"),
                    Filter {
                        name: "Excel ブック",
                        ext: "xlsx",
                    },
                ))
            }
            ExportKind::National => {
                let report = dxplan::query::national::national_report(&s.wb, s.as_of);
                let bytes = dxplan::xlsx::render_book(&dxplan::xlsx::national_book(&report))
                    .map_err(|e| Error::internal(format!("Excelの組み立てに失敗: {e}")))?;
                Ok((
                    bytes,
                    format!("{city} 国の進捗調査.xlsx"),
                    Filter {
                        name: "Excel ブック",
                        ext: "xlsx",
                    },
                ))
            }
        }
    })?;
    let Some(path) = dialog::save(&app, &state, "保存先を選んでください", &name, filter)?
    else {
        return Ok(None);
    };
    dxplan::xlsx::write_atomically(&path, &bytes)?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(Some(Exported {
        path: path.display().to_string(),
        bytes: bytes.min(u64::from(u32::MAX)) as u32,
        millis: started.elapsed().as_millis().min(u128::from(u32::MAX)) as u32,
    }))
}
