//! 集計: the CLI's `dxplan rollup` in the window, because a prefecture follows its municipalities' workbooks from
//! one folder. The folder comes from the native folder dialog only (the page cannot name a path); the files are
//! read without touching them by the same core as the CLI (`dxplan::rollup::read_rollup`, every core, in a
//! blocking task so the window keeps answering). Read-only: nothing here opens, locks or changes a workbook, and
//! the open workbook (if any) is left as it is.

use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::query::rollup::{Rollup, governance_marks, heat};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::args::Arg;
use crate::dialog::{self, Filter};
use crate::state::AppState;

/// The roll-up the screen shows, kept so that 保存 writes exactly that (not a re-read of the folder).
#[derive(Default)]
pub struct LastRollup(pub Mutex<Option<Rollup>>);

/// The files the roll-up is saved as: the same as `dxplan rollup -o 集計.xlsx|集計.pdf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RollupFormat {
    Xlsx,
    Pdf,
}

/// A 団体 whose file was last changed more than this many days ago is shown as stale (as in the Excel roll-up).
pub const STALE_AFTER_DAYS: i64 = 60;

/// What the page shows of one entry besides its figures: the colours and marks, decided here so the page has
/// no thresholds of its own.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RollupRow {
    /// the heat-map colour (`#RRGGBB`, `query::rollup::heat`) of each 業務 of `Rollup::systems`, in that order;
    /// `null` where the 団体 has no such 業務
    pub heat: Vec<Option<String>>,
    /// the colour of the 全体完了率
    pub overall_heat: String,
    /// 推進体制 as five marks (CIO・CIO補佐官・全体方針・推進本部・外部人材)
    pub governance_marks: String,
    /// last changed more than `STALE_AFTER_DAYS` ago
    pub stale: bool,
    /// how 完了率 moved in the month (「+1.5」「▲1.0」「－」, `query::rollup::change_text`)
    pub change: String,
}

/// The roll-up of one folder, as the 集計 screen shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RollupView {
    /// the folder read, as the person chose it
    pub folder: String,
    pub rollup: Rollup,
    /// one per `rollup.entries`, in the same order
    pub rows: Vec<RollupRow>,
    /// the heat-map's legend: (from percent, colour), lowest first
    pub legend: Vec<(u32, String)>,
    #[ts(type = "number")]
    pub stale_after_days: i64,
}

fn colour(percent: f64) -> String {
    format!("#{:06X}", heat(percent))
}

/// Reads every workbook of `folder` and dresses the roll-up for the page.
pub fn view(folder: &Path, today: NaiveDate, threads: usize) -> Result<RollupView> {
    let files = dxplan::rollup::workbook_files(&[folder.to_path_buf()])?;
    if files.is_empty() {
        return Err(Error::invalid(format!(
            "「{}」には集計するブック（.dxplan）がありません。別のフォルダを選んでください。",
            dxplan::fsx::display(folder)
        )));
    }
    let national = dxplan::data::templates::national_system_names()?;
    let rollup = dxplan::rollup::read_rollup(&files, &national, today, threads);
    let rows = rollup
        .entries
        .iter()
        .map(|e| RollupRow {
            heat: rollup
                .systems
                .iter()
                .map(|s| e.completion_by_system.get(s).map(|p| colour(*p)))
                .collect(),
            overall_heat: colour(e.completion_percent),
            governance_marks: governance_marks(&e.governance),
            stale: e.stale_days.is_some_and(|d| d > STALE_AFTER_DAYS),
            change: dxplan::query::rollup::change_text(e.change_since_last_month),
        })
        .collect();
    let legend = [0, 25, 50, 75, 100]
        .into_iter()
        .map(|p| (p, colour(f64::from(p))))
        .collect();
    Ok(RollupView {
        folder: dxplan::fsx::display(folder),
        rollup,
        rows,
        legend,
        stale_after_days: STALE_AFTER_DAYS,
    })
}

/// Asks for a folder in the native dialog and rolls up its workbooks; `None` when the person cancelled. Works
/// with or without an open workbook, and changes nothing.
#[tauri::command]
pub async fn rollup_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    last: State<'_, LastRollup>,
) -> Result<Option<RollupView>> {
    let Some(folder) = dialog::folder(&app, &state, "集計するブックのフォルダ")? else {
        return Ok(None);
    };
    let today = state.today;
    let v = tauri::async_runtime::spawn_blocking(move || {
        view(&folder, today, dxplan::rollup::default_threads())
    })
    .await
    .map_err(|e| Error::internal(format!("集計が異常終了しました: {e}")))??;
    *last.0.lock().map_err(|_| lost())? = Some(v.rollup.clone());
    Ok(Some(v))
}

fn lost() -> Error {
    Error::internal("集計の結果を読めません（前の操作が異常終了しました）。")
}

/// Writes the roll-up on screen as an Excel book or a PDF (the CLI's `-o`) to a file chosen in the native save
/// dialog; the path written, or `None` when cancelled.
#[tauri::command]
pub async fn rollup_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    last: State<'_, LastRollup>,
    format: Arg<RollupFormat>,
) -> Result<Option<String>> {
    let format = *format;
    let r =
        last.0.lock().map_err(|_| lost())?.clone().ok_or_else(|| {
            Error::invalid("先に「フォルダを開く…」で集計してから保存してください。")
        })?;
    let filter = match format {
        RollupFormat::Xlsx => Filter {
            name: "Excel",
            ext: "xlsx",
        },
        RollupFormat::Pdf => Filter {
            name: "PDF",
            ext: "pdf",
        },
    };
    let suggested = format!("集計.{}", filter.ext);
    let Some(path) = dialog::save(&app, &state, "集計の保存先", &suggested, filter)? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || -> Result<Option<String>> {
        match format {
            RollupFormat::Xlsx => dxplan::xlsx::export_rollup_xlsx(&r, &path)?,
            RollupFormat::Pdf => {
                let state = app.state::<AppState>();
                let font = super::export::font(&state)?;
                let sheet = dxplan::layout::Sheet::a3_landscape();
                let doc = dxplan::documents::rollup::document(&r, &sheet, &font.metrics)
                    .map_err(|e| Error::new(ErrorCode::Invalid, e.to_string()))?;
                dxplan::render::write_pdf(&doc, font, &path)
                    .map_err(|e| Error::new(ErrorCode::Io, e.to_string()))?;
            }
        }
        Ok(Some(dxplan::fsx::display(&path)))
    })
    .await
    .map_err(|e| Error::internal(format!("集計の保存が異常終了しました: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_staleness_are_decided_here_not_in_the_page() {
        let dir = tempfile::tempdir().expect("a temp folder");
        let demo = dxplan::data::demo::demo_workbook().expect("the demo");
        drop(
            dxplan::store::Store::create(&dir.path().join("a.dxplan"), &demo, false)
                .expect("writing the demo"),
        );
        std::fs::write(dir.path().join("b.dxplan"), b"not a workbook").expect("a damaged file");
        let far = NaiveDate::from_ymd_opt(2099, 1, 1).expect("a date");
        let v = view(dir.path(), far, 2).expect("the roll-up");
        assert_eq!(v.rollup.entries.len(), 1, "the demo is read");
        assert_eq!(v.rollup.refused.len(), 1, "the damaged file is refused");
        assert_eq!(v.rows.len(), 1, "one row per entry");
        let e = &v.rollup.entries[0];
        assert_eq!(v.rows[0].heat.len(), v.rollup.systems.len());
        assert_eq!(v.rows[0].overall_heat, colour(e.completion_percent));
        assert!(v.rows[0].stale, "a file untouched until 2099 is stale");
        assert_eq!(v.legend[4], (100, "#63BE7B".to_string()));
    }

    #[test]
    fn a_folder_without_workbooks_is_refused_with_a_japanese_message() {
        let dir = tempfile::tempdir().expect("a temp folder");
        let today = NaiveDate::from_ymd_opt(2025, 11, 20).expect("a date");
        let err = view(dir.path(), today, 1).expect_err("nothing to roll up");
        assert!(err.message.contains("ブック"), "{}", err.message);
    }
}
