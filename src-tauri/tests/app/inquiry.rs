//! 照会・回答 through the app's real handler on Tauri's mock runtime: a round is recorded and its forms written to
//! the folder the (test hook) dialog answers, a return edited by openpyxl is read back with its preview, applied,
//! and undone in one step.

use std::path::PathBuf;

use serde_json::{Value, json};
use tauri::test::MockRuntime;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

struct App {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
    dialog_dir: PathBuf,
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.webview, cmd, args)
    }
}

fn app() -> App {
    let dir = tempfile::tempdir().expect("a temp folder");
    let dialog_dir = dir.path().join("dialog");
    std::fs::create_dir_all(&dialog_dir).expect("the dialog folder");
    let state = AppState::new(None, Some(dialog_dir.clone()), dxplan::data::demo::as_of());
    let (app, webview) = mock_app(state);
    App {
        _dir: dir,
        _app: app,
        webview,
        dialog_dir,
    }
}

/// A subfolder the folder dialog answers with next (the newest one).
fn next_folder(app: &App, name: &str) -> PathBuf {
    std::thread::sleep(std::time::Duration::from_millis(20));
    let p = app.dialog_dir.join(name);
    std::fs::create_dir_all(&p).expect("a folder");
    p
}

#[test]
fn a_round_is_written_read_back_applied_and_undone_from_the_data_screen() {
    let app = app();
    app.call("open_demo", json!({})).expect("the demo opens");
    let bad = app
        .call(
            "inquiry_new",
            json!({ "name": "照会", "asOf": "令和7年12月12日", "due": "R7.12.1" }),
        )
        .expect_err("due before as_of");
    assert!(
        bad["message"].as_str().unwrap().contains("回答期限"),
        "{bad}"
    );
    let forms = next_folder(&app, "照会");
    let written = app
        .call(
            "inquiry_new",
            json!({ "name": "令和7年12月 進捗照会", "asOf": "令和7年12月1日", "due": "R7.12.12" }),
        )
        .expect("the forms are written");
    let files = written["files"].as_array().expect("files");
    assert!(
        files.iter().any(|f| f == "R7.12進捗照会_介護保険課.xlsx"),
        "{written}"
    );
    assert_eq!(
        written["outcome"]["info"]["undo_label"], "照会の作成",
        "{written}"
    );
    let view = app.call("inquiry_view", json!({})).expect("the rounds");
    assert_eq!(view["rounds"][0]["answered"], 0, "{view}");

    let returns = next_folder(&app, "回答");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/third-party/inquiry.py"
    );
    let out = std::process::Command::new("python3")
        .args([
            script,
            "answer",
            forms
                .join("R7.12進捗照会_介護保険課.xlsx")
                .to_str()
                .unwrap(),
            returns.join("介護保険課.xlsx").to_str().unwrap(),
            r#"{"標準化": {"K5": "回答した課題"}, "記入のしかた": {"C15": "山田 内線1234"}}"#,
        ])
        .output()
        .expect("python3 with openpyxl runs (needed by this test)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let preview = app
        .call("inquiry_read", json!({ "prefer": "" }))
        .expect("the returns are read");
    assert_eq!(preview["files"], 1, "{preview}");
    assert_eq!(preview["changes"], 1, "{preview}");
    assert!(
        preview["lines"].to_string().contains("回答した課題"),
        "before → after shown: {preview}"
    );
    let applied = app.call("inquiry_apply", json!({})).expect("applied");
    assert_eq!(applied["info"]["undo_label"], "回答の取り込み", "{applied}");
    let view = app.call("inquiry_view", json!({})).expect("the rounds");
    assert_eq!(view["rounds"][0]["answered"], 1, "{view}");
    app.call("undo", json!({})).expect("one undo");
    let view = app.call("inquiry_view", json!({})).expect("the rounds");
    assert_eq!(
        view["rounds"][0]["answered"], 0,
        "undo takes the answer back: {view}"
    );
    let again = app
        .call("inquiry_apply", json!({}))
        .expect_err("a preview is applied once");
    assert_eq!(again["code"], "invalid", "{again}");
}
