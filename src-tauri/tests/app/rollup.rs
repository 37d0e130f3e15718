//! 集計 through the app's real handler on Tauri's mock runtime, with NO workbook open: the folder dialog (test hook)
//! answers with a folder of workbooks, `rollup_open` rolls it up without touching the files, and `rollup_export`
//! writes what the screen shows as the CLI's Excel book and PDF; saving before anything was rolled up is refused.

use std::path::{Path, PathBuf};

use dxplan::store::Store;
use serde_json::{Value, json};
use tauri::Manager;
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
    fn new() -> App {
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

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.webview, cmd, args)
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the folder")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("a file"),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_folder_is_rolled_up_without_an_open_workbook_and_saved_as_the_clis_excel_and_pdf() {
    let app = App::new();
    let refused = app
        .call("rollup_export", json!({ "format": "xlsx" }))
        .expect_err("nothing rolled up yet");
    assert_eq!(refused["code"], "invalid", "{refused}");

    let folder = app.dialog_dir.join("県内");
    std::fs::create_dir_all(&folder).expect("the roll-up folder");
    let demo = dxplan::data::demo::demo_workbook().expect("the demo workbook");
    drop(Store::create(&folder.join("みなと川市.dxplan"), &demo, false).expect("the demo file"));
    std::fs::write(folder.join("壊れた.dxplan"), "ブックではない").expect("a damaged file");
    let before = files(&folder);

    let v = app
        .call("rollup_open", json!({}))
        .expect("the roll-up answers without an open workbook");
    assert_eq!(
        v["rollup"]["entries"][0]["municipality"], "みなと川市",
        "{v}"
    );
    assert_eq!(
        v["rollup"]["refused"].as_array().map(Vec::len),
        Some(1),
        "the damaged file is listed"
    );
    assert!(
        v["rows"][0]["overall_heat"]
            .as_str()
            .is_some_and(|c| c.starts_with('#') && c.len() == 7),
        "the colour comes from Rust: {}",
        v["rows"][0]
    );
    assert_eq!(files(&folder), before, "nothing in the folder changed");
    assert!(
        app.webview
            .state::<AppState>()
            .session()
            .expect("the state")
            .is_none(),
        "no workbook was opened"
    );

    for (format, magic) in [("xlsx", &b"PK"[..]), ("pdf", &b"%PDF"[..])] {
        let written = app
            .call("rollup_export", json!({ "format": format }))
            .unwrap_or_else(|e| panic!("saving as {format}: {e}"));
        let path = app.dialog_dir.join(format!("集計.{format}"));
        assert!(
            written.as_str().is_some_and(|w| w.contains("集計")),
            "{written}"
        );
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(bytes.starts_with(magic), "{format} is written as {format}");
    }
    let bad = app
        .call("rollup_export", json!({ "format": "docx" }))
        .expect_err("an unknown format");
    assert_eq!(bad["code"], "invalid", "{bad}");
}
