//! 出力: the Gantt preview and the PDF/XLSX exports. The destination always comes from a native dialog run here.

use dxplan::error::{Error, ErrorCode, Result};
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::state::AppState;

/// An export format the build supports.
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

#[tauri::command]
pub fn export_formats() -> Vec<ExportFormat> {
    vec![
        ExportFormat {
            kind: "pdf".into(),
            label: "工程表 PDF（A3横）".into(),
            available: false,
        },
        ExportFormat {
            kind: "xlsx".into(),
            label: "工程表 Excel（.xlsx）".into(),
            available: false,
        },
    ]
}

fn not_yet() -> Error {
    Error::new(
        ErrorCode::Invalid,
        "この版のdxplanにはまだPDF・Excel出力がありません。",
    )
}

/// The Gantt as SVG, drawn from the same layout value as the PDF.
#[tauri::command]
pub fn gantt_preview(state: State<'_, AppState>) -> Result<String> {
    state.with(|_| Err(not_yet()))
}

/// Writes the export of `kind` to a file chosen in the native dialog; `None` when cancelled.
#[tauri::command]
pub async fn export_file(
    _app: AppHandle,
    state: State<'_, AppState>,
    kind: String,
) -> Result<Option<Exported>> {
    let _ = kind;
    state.with(|_| Err(not_yet()))
}
