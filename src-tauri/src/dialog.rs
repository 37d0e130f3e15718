//! Native file dialogs, run in Rust: the page never names a path. It asks for "a place to save the PDF" and Rust
//! asks the person through the system dialog.
//!
//! Test hook `DXPLAN_DIALOG_DIR`: when the app is started with it, every dialog is answered without a window by a
//! file of the suggested name in that folder (an open dialog by its newest file of the type asked for, the folder
//! dialog by its newest subfolder, else the folder itself). It is read once from the process environment at start,
//! so it gives the page no new power (the page still cannot choose a path); it exists so e2e tests and benchmarks
//! are not blocked by a modal dialog.

use std::path::PathBuf;

use dxplan::error::{Error, Result};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

/// A file type offered in the dialog.
pub struct Filter {
    pub name: &'static str,
    pub ext: &'static str,
}

/// Asks where to save a new file. `None` when the person cancelled.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
    suggested: &str,
    filter: Filter,
) -> Result<Option<PathBuf>> {
    if let Some(dir) = &state.dialog_dir {
        std::fs::create_dir_all(dir).map_err(|e| dxplan::fsx::io_error(dir, &e))?;
        return Ok(Some(dir.join(safe_file_name(suggested))));
    }
    let picked = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(safe_file_name(suggested))
        .add_filter(filter.name, &[filter.ext])
        .blocking_save_file();
    let Some(p) = picked else { return Ok(None) };
    let mut path = p
        .into_path()
        .map_err(|e| Error::internal(format!("保存先を読み取れません: {e}")))?;
    if path.extension().is_none() {
        path.set_extension(filter.ext);
    }
    Ok(Some(path))
}

/// Asks which existing file to open. `None` when the person cancelled.
pub fn open<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
    filter: Filter,
) -> Result<Option<PathBuf>> {
    open_any(app, state, title, filter.name, &[filter.ext])
}

/// Asks which existing file to open, of any of the types `exts` (e.g. a staff list as .csv or .xlsx).
pub fn open_any<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
    name: &str,
    exts: &[&str],
) -> Result<Option<PathBuf>> {
    if let Some(dir) = &state.dialog_dir {
        // tests: the newest file of those types in the folder
        let newest = std::fs::read_dir(dir)
            .map_err(|e| dxplan::fsx::io_error(dir, &e))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
            })
            .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok());
        return Ok(newest);
    }
    let picked = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(name, exts)
        .blocking_pick_file();
    let Some(p) = picked else { return Ok(None) };
    p.into_path()
        .map(Some)
        .map_err(|e| Error::internal(format!("ファイルの場所を読み取れません: {e}")))
}

/// Asks which folder to open (the roll-up's folder of workbooks). `None` when the person cancelled.
/// Under the test hook the answer is the newest subfolder of `DXPLAN_DIALOG_DIR`, else that folder itself.
pub fn folder<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
) -> Result<Option<PathBuf>> {
    if let Some(dir) = &state.dialog_dir {
        let newest = std::fs::read_dir(dir)
            .map_err(|e| dxplan::fsx::io_error(dir, &e))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok());
        return Ok(Some(newest.unwrap_or_else(|| dir.clone())));
    }
    let picked = app.dialog().file().set_title(title).blocking_pick_folder();
    let Some(p) = picked else { return Ok(None) };
    p.into_path()
        .map(Some)
        .map_err(|e| Error::internal(format!("フォルダの場所を読み取れません: {e}")))
}

/// A file name made of the workbook's text: no path separators or control characters.
pub fn safe_file_name(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() || c == ':' {
                '_'
            } else {
                c
            }
        })
        .collect();
    let t = t.trim().trim_start_matches('.').to_string();
    if t.is_empty() {
        "dxplan".to_string()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_cannot_climb_out_of_the_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(
            safe_file_name("みなと川市 工程表.pdf"),
            "みなと川市 工程表.pdf"
        );
        assert_eq!(safe_file_name(" . "), "dxplan");
    }
}
