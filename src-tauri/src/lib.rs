//! dxplan's desktop app: a Japanese Tauri 2 window over one workbook file. The Rust side owns the file, the
//! undo stack and every dialog; the page (ui/) only renders views and sends edits.
//!
//! Environment (read once at start):
//! - `DXPLAN_WORKBOOK` (or the first argument): a workbook to open at start.
//! - `DXPLAN_TODAY`: the date to treat as today (tests, screenshots); else the local date.
//! - `DXPLAN_DIALOG_DIR`: tests only — native file dialogs are answered with files in this folder.
//! - `DXPLAN_GPU`: keep WebKitGTK's hardware acceleration (off by default on Linux, see `tune_webview`).
//! - `DXPLAN_TIMING`: benchmarks — print to stderr the wall-clock time (epoch ms) when the page first asks for a
//!   screen's data, i.e. when the window has become interactive.

pub mod args;
pub mod bench;
pub mod bindings;
mod bundle_config;
pub mod commands;
pub mod dialog;
pub mod state;

#[cfg(test)]
mod config_check;
#[cfg(test)]
mod ipc_fuzz;

use std::path::PathBuf;

use state::AppState;
use tauri::Manager;

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Prints, once, when the page first asks for a screen's view (`DXPLAN_TIMING` set): the benchmark's "interactive".
pub fn mark_interactive() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("DXPLAN_TIMING").is_some() {
        ONCE.call_once(|| {
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0);
            eprintln!(
                "dxplan-timing: interactive at {ms} (pid {})",
                std::process::id()
            );
        });
    }
}

/// The date the app treats as today.
pub fn today_from_env() -> chrono::NaiveDate {
    std::env::var("DXPLAN_TODAY")
        .ok()
        .and_then(|s| dxplan::calendar::parse_date(&s).ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The workbook named at start: `DXPLAN_WORKBOOK`, else the first argument that is not an option.
fn startup_workbook() -> Option<PathBuf> {
    env_path("DXPLAN_WORKBOOK").or_else(|| {
        std::env::args_os()
            .skip(1)
            .find(|a| !a.to_string_lossy().starts_with('-'))
            .map(PathBuf::from)
    })
}

/// WebKitGTK renders without hardware acceleration (no accelerated compositing) unless `DXPLAN_GPU` is set.
/// Measured with scripts/bench-app on the demo workbook under Xvfb: WebKit's web process 250 → 143 MB PSS, the
/// app with WebKit's processes 365–390 → 260 MB PSS; start-up is unchanged. The screens are tables, forms and one
/// SVG: nothing that needs GPU compositing, and without it the window also does not depend on the PC's GL driver.
/// (Also measured and not kept, no effect at start: cache model DocumentViewer, page cache off, WebGL off.)
/// WebDriver's screenshot command does not answer in this mode: scripts/screenshots sets `DXPLAN_GPU`.
#[cfg(target_os = "linux")]
fn tune_webview(window: &tauri::WebviewWindow) {
    if std::env::var_os("DXPLAN_GPU").is_some() {
        return;
    }
    let tuned = window.with_webview(|wv| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&wv.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(e) = tuned {
        eprintln!("dxplan: 表示の設定を変更できませんでした（既定のまま続けます）: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn tune_webview(_window: &tauri::WebviewWindow) {}

/// The app's plugin and commands, on any runtime: `run` builds the real window from it, and the IPC tests
/// (`ipc_fuzz`) run the very same handler on Tauri's mock runtime, so a payload goes through Tauri's own routing,
/// ACL check and argument deserialisation before it reaches a command.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::workbook::home,
            commands::workbook::open_dialog,
            commands::workbook::open_recent,
            commands::workbook::new_from_template,
            commands::workbook::open_demo,
            commands::workbook::close_workbook,
            commands::workbook::workbook_info,
            commands::workbook::apply_edit,
            commands::workbook::undo,
            commands::workbook::redo,
            commands::workbook::summary,
            commands::roadmap::roadmap_view,
            commands::org::org_view,
            commands::org::unit_people,
            commands::training::training_view,
            commands::training::course_enrolments,
            commands::migration::migration_view,
            commands::migration::update_step,
            commands::migration::update_procedure,
            commands::kpi::kpi_view,
            commands::review::review_defaults,
            commands::review::run_review,
            commands::export::export_formats,
            commands::export::gantt_preview,
            commands::export::export_file,
        ])
}

/// The compiled configuration (`tauri.conf.json`), capabilities, permissions and page (`ui/dist`).
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    let result = with_commands(tauri::Builder::default())
        .setup(|app| {
            let config_dir =
                env_path("DXPLAN_CONFIG_DIR").or_else(|| app.path().app_config_dir().ok());
            let mut state =
                AppState::new(config_dir, env_path("DXPLAN_DIALOG_DIR"), today_from_env());
            state.resource_dir = app.path().resource_dir().ok();
            if let Some(path) = startup_workbook()
                && let Err(e) = state.open(&path)
                && let Ok(mut slot) = state.startup_error.lock()
            {
                *slot = Some(e);
            }
            app.manage(state);
            if let Some(window) = app.get_webview_window("main") {
                tune_webview(&window);
            }
            Ok(())
        })
        .run(context());
    if let Err(e) = result {
        eprintln!("dxplan: 画面を起動できませんでした: {e}");
        std::process::exit(1);
    }
}
