//! 集計: the CLI's `dxplan rollup` in the window, because a prefecture follows its municipalities' workbooks from
//! one folder. The folder comes from the native folder dialog only (the page cannot name a path); the files are
//! read without touching them by the same core as the CLI (`dxplan::rollup::read_rollup`, every core, in a
//! blocking task so the window keeps answering). Read-only: nothing here opens, locks or changes a workbook, and
//! the open workbook (if any) is left as it is.

use std::path::Path;

use chrono::NaiveDate;
use dxplan::error::{Error, Result};
use dxplan::query::rollup::{Rollup, governance_marks, heat};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialog;
use crate::state::AppState;

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
) -> Result<Option<RollupView>> {
    let Some(folder) = dialog::folder(&app, &state, "集計するブックのフォルダ")? else {
        return Ok(None);
    };
    let today = state.today;
    tauri::async_runtime::spawn_blocking(move || {
        view(&folder, today, dxplan::rollup::default_threads())
    })
    .await
    .map_err(|e| Error::internal(format!("集計が異常終了しました: {e}")))?
    .map(Some)
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
