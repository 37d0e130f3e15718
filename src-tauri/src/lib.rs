//! dxplan's desktop app: a Japanese Tauri 2 window over one workbook file. The Rust side owns the file, the
//! undo stack and every dialog; the page (ui/) only renders views and sends edits.
//!
//! Environment (read once at start):
//! - `DXPLAN_WORKBOOK` (or the first argument): a workbook to open at start.
//! - `DXPLAN_TODAY`: the date to treat as today (tests, screenshots); else the local date.
//! - `DXPLAN_DIALOG_DIR`: tests only — native file dialogs are answered with files in this folder.
//! - `DXPLAN_GPU`: keep WebKitGTK's hardware acceleration (off by default on Linux, see `tune_webview` and
//!   `webkit_env`).
//! - `DXPLAN_TIMING`: benchmarks — print to stderr the wall-clock time (epoch ms) when the page first asks for a
//!   screen's data, i.e. when the window has become interactive.

pub mod args;
pub mod bindings;
pub mod commands;
pub mod dialog;
pub mod labels;
pub mod state;

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

/// WebKit settings that can only be given through the environment, before WebKit starts its processes (they inherit
/// the app's environment): the variables to set, given the current environment (`get`); a variable the user has
/// already set is left alone. `WEBKIT_DISABLE_DMABUF_RENDERER=1`, unless `DXPLAN_GPU` is set: the page is painted on
/// the CPU anyway (`tune_webview`), and without the DMA-BUF renderer the web process keeps 7 MB and the app 3 MB less
/// (scripts/bench-app on the demo workbook under Xvfb, PSS of the app and WebKit's processes: 267 → 257–258 MB;
/// start-up unchanged; an X screenshot of the window differs from one without the variable in 7 of 1.6 M pixels).
///
/// Measured and not kept (same benchmark, 267 MB before):
/// - `JSC_useDFGJIT=false` (JavaScriptCore without its optimising compilers): −10 MB at start, but no less memory
///   after 5 rounds over the eight screens on the large-city workbook (364–371 vs 365–380 MB) and those screen
///   switches took 15–40 % longer (median click-to-last-DOM-change: 標準化 146–197 vs 131–149 ms, 出力 123–138 vs
///   95–96 ms). `JSC_useJIT=false`: −20 MB at start, screen switches twice as long.
/// - No effect (±2 MB): `WEBKIT_DISABLE_COMPOSITING_MODE` (the policy below already does it),
///   `WEBKIT_SKIA_ENABLE_CPU_RENDERING`, `WEBKIT_SKIA_CPU_PAINTING_THREADS=0`, `GDK_GL=disable`, `MALLOC_ARENA_MAX=2`,
///   `Malloc=1`, `JSC_forceRAMSize` (512 MB), `JSC_useConcurrentJIT=false`, `JSC_useConcurrentGC=false`,
///   `JSC_useWebAssembly=false`; and in `tune_webview`: cache model DocumentViewer, page cache off, media off
///   (developer extras are already off in a release build).
/// - Without an EGL driver WebKit aborts ("Could not create default EGL display"), so Mesa's software renderer and
///   the libLLVM it links (~20 MB PSS in each of the app and the web process) stay.
pub fn webkit_env(
    get: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Vec<(&'static str, &'static str)> {
    let mut vars = vec![];
    if get("DXPLAN_GPU").is_none() {
        vars.push(("WEBKIT_DISABLE_DMABUF_RENDERER", "1"));
    }
    vars.retain(|(name, _)| get(name).is_none());
    vars
}

/// Sets [`webkit_env`]'s variables. Called first thing in `run`, while the process has one thread: nothing reads
/// the environment concurrently (what makes `set_var` unsafe).
#[cfg(target_os = "linux")]
fn set_webkit_env() {
    for (name, value) in webkit_env(|n| std::env::var_os(n)) {
        // SAFETY: the app's first statement (see `run`): no other thread exists yet that could read the environment
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(not(target_os = "linux"))]
fn set_webkit_env() {}

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

/// `generate_handler!` over a command list of `commands::names` (`module::function` pairs).
macro_rules! handler {
    ($($module:ident :: $command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$module::$command),*]
    };
}

/// The app's plugin and commands, on any runtime: `run` builds the real window from it, and the IPC tests
/// (`tests/app/ipc_fuzz.rs`) run the very same handler on Tauri's mock runtime, so a payload goes through Tauri's own
/// routing, ACL check and argument deserialisation before it reaches a command. The commands are the one list in
/// `commands/names.rs`, which `build.rs` also declares to the ACL manifest.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::rollup::LastRollup::default())
        .manage(commands::inquiry::LastInquiry::default())
        .invoke_handler(commands::names::command_list!(handler))
}

/// The compiled configuration (`tauri.conf.json`), capabilities, permissions and page (`ui/dist`).
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    set_webkit_env();
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

#[cfg(test)]
mod tests {
    use super::webkit_env;
    use std::ffi::OsString;

    fn env(set: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        let set = set.to_vec();
        move |name| {
            set.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn by_default_the_dma_buf_renderer_is_off() {
        assert_eq!(
            webkit_env(env(&[])),
            vec![("WEBKIT_DISABLE_DMABUF_RENDERER", "1")],
            "the measured memory saving"
        );
    }

    #[test]
    fn with_the_gpu_kept_the_dma_buf_renderer_stays() {
        assert_eq!(
            webkit_env(env(&[("DXPLAN_GPU", "1")])),
            vec![],
            "hardware acceleration renders through DMA-BUF"
        );
    }

    #[test]
    fn a_variable_the_user_set_is_left_alone() {
        assert_eq!(
            webkit_env(env(&[("WEBKIT_DISABLE_DMABUF_RENDERER", "0")])),
            vec![],
            "the user's own WebKit setting wins"
        );
    }
}
