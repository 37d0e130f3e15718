//! 出力: the 工程表 preview and the PDF exports. The preview is the SAME `layout::Document` value the PDF is written
//! from, rendered by `render::svg`; the destination of a file always comes from a native dialog run in Rust.

use std::time::Instant;

use dxplan::documents::{self, DocumentOptions, View};
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::layout::{self, Column, DocHeader, Document, Part, Sheet};
use dxplan::query::review::Review;
use dxplan::render::{self, Font};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::args::Arg;

use crate::dialog::{self, Filter};
use crate::state::{AppState, Session};

/// An export the page can ask for.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportFormat {
    pub kind: String,
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
    let f = |kind: &str, label: &str, available: bool| ExportFormat {
        kind: kind.into(),
        label: label.into(),
        available,
    };
    vec![
        f("pdf", "工程表 PDF（A3横）", true),
        f("migration_pdf", "標準化の移行計画 PDF（A3横）", true),
        f("council_pdf", "議会報告用一式 PDF", true),
        f(
            "xlsx",
            "Excel（工程表・移行計画・オンライン化・研修計画・推進体制）",
            true,
        ),
    ]
}

fn export_error(e: render::ExportError) -> Error {
    match e {
        render::ExportError::Write { .. } => Error::new(ErrorCode::Io, e.to_string()),
        _ => Error::new(ErrorCode::Invalid, e.to_string()),
    }
}

fn font(state: &AppState) -> Result<&Font> {
    if let Some(f) = state.font.get() {
        return Ok(f);
    }
    let f = Font::load_with_resources(state.resource_dir.as_deref()).map_err(export_error)?;
    Ok(state.font.get_or_init(|| f))
}

/// A view's document as `dxplan export pdf` lays it out.
fn view_document(s: &Session, view: View, font: &Font) -> Result<Document> {
    documents::document(&s.wb, &DocumentOptions::new(view, s.as_of), &font.metrics)
        .map_err(|e| export_error(e.into()))
}

/// The 工程表 document: both the preview and the PDF are drawn from this value.
pub fn roadmap_document(s: &Session, font: &Font) -> Result<Document> {
    view_document(s, View::Roadmap, font)
}

/// The meeting handout: by owner, late, slipped and due rows as tables (A4 横).
pub fn review_document(s: &Session, review: &Review, font: &Font) -> Result<Document> {
    let m = &font.metrics;
    let sheet = Sheet::a4_landscape();
    let w = dxplan::calendar::wareki;
    let head = DocHeader {
        title: "会議資料 進捗の確認".into(),
        municipality: s.wb.meta.municipality.clone(),
        created: review.today,
        confidentiality: None,
    };
    let col = |h: &str, weight: f32| Column {
        header: h.into(),
        weight,
    };
    let area = |r: &dxplan::query::review::ScheduleRow| r.area.label().to_string();
    let plan_end =
        |r: &dxplan::query::review::ScheduleRow| r.plan.map(|p| w(p.end)).unwrap_or_default();
    let lay = |e: dxplan::layout::LayoutError| export_error(e.into());
    let mut parts = vec![];
    let owners: Vec<Vec<String>> = review
        .by_owner
        .iter()
        .map(|(o, c)| {
            vec![
                o.clone(),
                c.late.to_string(),
                c.slipped.to_string(),
                c.due.to_string(),
            ]
        })
        .collect();
    parts.push(Part {
        title: "担当課ごとの件数".into(),
        pages: layout::table_pages(
            &sheet,
            &head,
            "担当課ごとの件数",
            &[
                col("担当", 4.0),
                col("遅延", 1.0),
                col("ずれ", 1.0),
                col("期限", 1.0),
            ],
            &owners,
            m,
        )
        .map_err(lay)?,
    });
    let late: Vec<Vec<String>> = review
        .late
        .iter()
        .map(|l| {
            vec![
                area(&l.row),
                l.row.group.clone(),
                l.row.label.clone(),
                l.row.owner.clone(),
                plan_end(&l.row),
                format!("{}日", l.days_late),
            ]
        })
        .collect();
    let six = [
        col("区分", 1.2),
        col("業務・取組", 3.0),
        col("作業", 4.0),
        col("担当", 2.0),
        col("計画終了", 2.0),
        col("遅れ", 1.0),
    ];
    parts.push(Part {
        title: "遅延している行".into(),
        pages: layout::table_pages(&sheet, &head, "遅延している行", &six, &late, m).map_err(lay)?,
    });
    if let Some(b) = &review.baseline {
        let slipped: Vec<Vec<String>> = review
            .slipped
            .iter()
            .map(|x| {
                vec![
                    area(&x.row),
                    x.row.group.clone(),
                    x.row.label.clone(),
                    x.row.owner.clone(),
                    w(x.baseline.end),
                    plan_end(&x.row),
                    format!("{:+}日", x.variance.end_days),
                ]
            })
            .collect();
        let title = format!("基準計画「{b}」からずれた行");
        parts.push(Part {
            pages: layout::table_pages(
                &sheet,
                &head,
                &title,
                &[
                    col("区分", 1.2),
                    col("業務・取組", 3.0),
                    col("作業", 4.0),
                    col("担当", 2.0),
                    col("基準の終了", 2.0),
                    col("現在の終了", 2.0),
                    col("ずれ", 1.0),
                ],
                &slipped,
                m,
            )
            .map_err(lay)?,
            title,
        });
    }
    let due: Vec<Vec<String>> = review
        .due
        .iter()
        .map(|r| {
            vec![
                area(r),
                r.group.clone(),
                r.label.clone(),
                r.owner.clone(),
                plan_end(r),
                r.status.clone(),
            ]
        })
        .collect();
    let title = format!("次回会議（{}）までに期限が来る行", w(review.next_meeting));
    let mut due_cols = six.clone();
    due_cols[5] = col("状態", 1.0);
    parts.push(Part {
        pages: layout::table_pages(&sheet, &head, &title, &due_cols, &due, m).map_err(lay)?,
        title,
    });
    let subtitle = format!(
        "{}時点{}",
        w(review.today),
        review
            .baseline
            .as_ref()
            .map(|b| format!("・基準計画「{b}」"))
            .unwrap_or_default()
    );
    Ok(layout::bundle(&sheet, &head, Some(&subtitle), parts, m))
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

/// Writes the export of `kind` to a file chosen in the native dialog; `None` when cancelled. For `review_pdf`
/// the page passes the meeting's inputs (dates as typed, baseline name), which are parsed again here.
#[tauri::command]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: Arg<String>,
    review: Arg<Option<super::review::ReviewArgs>>,
) -> Result<Option<Exported>> {
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
        match kind.as_str() {
            "pdf" => pdf(
                roadmap_document(s, font(&state)?)?,
                format!("{city} 工程表.pdf"),
            ),
            "migration_pdf" => pdf(
                view_document(s, View::Migration, font(&state)?)?,
                format!("{city} 標準化移行計画.pdf"),
            ),
            "council_pdf" => pdf(
                view_document(s, View::Council, font(&state)?)?,
                format!("{city} 議会報告用一式.pdf"),
            ),
            "review_pdf" => {
                let args = review
                    .as_ref()
                    .ok_or_else(|| Error::invalid("会議の条件がありません。"))?;
                let r = super::review::compute(s, args)?;
                let name = format!("{city} 会議資料 {}.pdf", dxplan::calendar::wareki(r.today));
                pdf(review_document(s, &r, font(&state)?)?, name)
            }
            "xlsx" => {
                let opts = dxplan::xlsx::XlsxOptions::new(s.as_of);
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
            other => Err(Error::invalid(format!(
                "出力の種類「{other}」はありません。"
            ))),
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
