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
