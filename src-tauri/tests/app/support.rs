//! The app on Tauri's mock runtime as every test here drives it: the real command list and compiled context
//! around a given state, one window, and IPC requests carrying the real invoke key.

use serde_json::Value;
use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;

use dxplan_app::state::AppState;

/// Builds the app with `state`, as `main` does with the real runtime; the app (keep it alive) and its window.
pub fn mock_app(state: AppState) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    let app = dxplan_app::with_commands(mock_builder())
        .manage(state)
        .build(dxplan_app::context())
        .expect("the app builds on the mock runtime");
    let webview = match app.get_webview_window("main") {
        Some(w) => w,
        None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the main window"),
    };
    (app, webview)
}

/// A request for `cmd` from `origin` with `body`.
pub fn request(origin: &str, cmd: &str, body: InvokeBody) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: origin.parse().expect("an origin URL"),
        body,
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

/// Calls `cmd` from the app's own page; the answer or the `{code, message}` error as JSON.
pub fn call(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        request("tauri://localhost", cmd, InvokeBody::Json(args)),
    )
    .map(|b| b.deserialize::<Value>().expect("a JSON answer"))
}

/// A workbook (the demo unless given) written to a temp folder and opened by the app on the mock runtime, as the
/// demo is shown: on 令和7年11月20日. Keep it alive for the test; files here add their own helpers in `impl DemoApp`.
pub struct DemoApp {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    pub webview: tauri::WebviewWindow<MockRuntime>,
}

impl DemoApp {
    pub fn new() -> DemoApp {
        DemoApp::with(&dxplan::data::demo::demo_workbook().expect("the demo workbook"))
    }

    pub fn with(wb: &dxplan::model::Workbook) -> DemoApp {
        let dir = tempfile::tempdir().expect("a temp folder");
        let path = dir.path().join("demo.dxplan");
        drop(dxplan::store::Store::create(&path, wb, false).expect("writing the workbook"));
        let state = AppState::new(None, None, dxplan::data::demo::as_of());
        state.open(&path).expect("the app opens the workbook");
        let (app, webview) = mock_app(state);
        DemoApp {
            _dir: dir,
            _app: app,
            webview,
        }
    }

    /// Calls `cmd` from the app's own page.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.webview, cmd, args)
    }

    /// The session's workbook as it stands.
    pub fn wb(&self) -> dxplan::model::Workbook {
        let state = self.webview.state::<AppState>();
        state
            .with(|s| Ok(dxplan::model::Workbook::clone(&s.wb)))
            .expect("a workbook is open")
    }
}
