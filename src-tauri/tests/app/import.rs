//! 取り込み through the app's real handler on Tauri's mock runtime: the preview changes nothing, rejected lines
//! refuse the apply until they are accepted, the apply is one undo step, a file or workbook changed after the
//! preview is refused, the window's other calls answer while a large file is being planned, the count
//! (`import_progress`) grows to the file's rows, and やめる stops the planning early.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use dxplan::store::Store;
use serde_json::{Value, json};
use tauri::Manager;
use tauri::test::MockRuntime;

use dxplan_app::state::AppState;

use crate::support::{call, mock_app};

/// The CP932 staff list the e2e test imports too: 髙﨑　一郎 and 山﨑　花子, and line 3 without a name.
fn fixture_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/e2e/fixtures/staff-cp932.csv")
}

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
        let path = dir.path().join("demo.dxplan");
        let demo = dxplan::data::demo::demo_workbook().expect("the demo workbook");
        drop(Store::create(&path, &demo, false).expect("writing the demo workbook"));
        let state = AppState::new(None, Some(dialog_dir.clone()), dxplan::data::demo::as_of());
        state.open(&path).expect("the app opens the demo workbook");
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

    fn people_named(&self, name: &str) -> usize {
        let state = self.webview.state::<AppState>();
        state
            .with(|s| Ok(s.wb.people.iter().filter(|p| p.name == name).count()))
            .expect("a workbook is open")
    }

    fn preview(&self) -> Value {
        self.call("import_preview", json!({ "kind": "staff", "encoding": "" }))
            .expect("the preview answers")
    }
}

fn message(e: &Value) -> String {
    e["message"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_cp932_staff_list_is_previewed_refused_for_its_bad_line_then_accepted_and_undone_in_one_step() {
    let app = App::new();
    std::fs::copy(fixture_csv(), app.dialog_dir.join("職員一覧.csv")).expect("the fixture");
    let p = app.preview();
    assert_eq!(p["file_name"], "職員一覧.csv", "{p}");
    assert_eq!(
        (p["added_count"].as_u64(), p["rejected_count"].as_u64()),
        (Some(2), Some(1)),
        "{p}"
    );
    assert_eq!(
        p["added"][0]["label"]
            .as_str()
            .map(|l| l.contains("髙﨑　一郎")),
        Some(true),
        "CP932 decoded: {p}"
    );
    assert_eq!(p["rejected"][0]["line"], 3, "{p}");
    assert!(
        p["rejected"][0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("氏名が空欄"),
        "{p}"
    );
    assert_eq!(
        app.people_named("髙﨑　一郎"),
        0,
        "the preview changes nothing"
    );

    let token = p["token"].clone();
    let refused = app
        .call(
            "import_apply",
            json!({ "token": token, "acceptPartial": false }),
        )
        .expect_err("a rejected line refuses the apply");
    assert!(
        message(&refused).contains("取り込めない行が1行"),
        "{refused}"
    );
    assert_eq!(
        app.people_named("髙﨑　一郎"),
        0,
        "the refusal changes nothing"
    );

    let done = app
        .call(
            "import_apply",
            json!({ "token": token, "acceptPartial": true }),
        )
        .expect("accepted without the bad line");
    assert_eq!(done["rows"], 2, "{done}");
    assert_eq!(app.people_named("髙﨑　一郎"), 1, "imported");
    assert_eq!(app.people_named("山﨑　花子"), 1, "imported");
    assert!(
        app.call(
            "import_apply",
            json!({ "token": token, "acceptPartial": true })
        )
        .is_err(),
        "a plan is applied once"
    );

    app.call("undo", json!({})).expect("undo");
    assert_eq!(
        (
            app.people_named("髙﨑　一郎"),
            app.people_named("山﨑　花子")
        ),
        (0, 0),
        "one undo removes the whole import"
    );
}

#[test]
fn a_file_that_vanished_or_changed_after_the_preview_or_a_workbook_edited_meanwhile_is_refused() {
    let app = App::new();
    let file = app.dialog_dir.join("職員一覧.csv");
    std::fs::copy(fixture_csv(), &file).expect("the fixture");
    let apply = |p: &Value| {
        app.call(
            "import_apply",
            json!({ "token": p["token"], "acceptPartial": true }),
        )
    };

    let p = app.preview();
    std::fs::remove_file(&file).expect("remove");
    let e = apply(&p).expect_err("vanished");
    assert!(message(&e).contains("見つかりません"), "{e}");

    std::fs::copy(fixture_csv(), &file).expect("the fixture");
    let p = app.preview();
    let mut bytes = std::fs::read(&file).expect("read");
    bytes.extend_from_slice(b"900104,x,x,DX\x90\x84\x90i\x89\xdb,x\r\n");
    std::fs::write(&file, bytes).expect("write");
    let e = apply(&p).expect_err("changed");
    assert!(message(&e).contains("変わりました"), "{e}");

    std::fs::copy(fixture_csv(), &file).expect("the fixture");
    let p = app.preview();
    app.call("take_baseline", json!({ "name": "途中の編集", "date": "" }))
        .expect("an edit");
    let e = apply(&p).expect_err("workbook edited");
    assert!(message(&e).contains("ブックが変更された"), "{e}");
    assert_eq!(
        app.people_named("髙﨑　一郎"),
        0,
        "none of the refusals changed anything"
    );
}

#[test]
fn the_window_answers_other_calls_while_a_large_file_is_planned() {
    let app = App::new();
    let mut csv = String::from("職員ＩＤ,名前,ﾌﾘｶﾞﾅ,所属名,役職\r\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "{},職員{i},ｼｮｸｲﾝ,DX推進課,主事\r\n",
            9_000_000 + i
        ));
    }
    std::fs::write(app.dialog_dir.join("大きい名簿.csv"), csv).expect("a large file");
    let done = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let planning = {
        let (webview, done) = (app.webview.clone(), done.clone());
        std::thread::spawn(move || {
            let r = call(
                &webview,
                "import_preview",
                json!({ "kind": "staff", "encoding": "utf8" }),
            );
            done.store(true, Ordering::SeqCst);
            r
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let asked = Instant::now();
    app.call("workbook_info", json!({}))
        .expect("workbook_info answers");
    let answered = asked.elapsed();
    let finished_first = done.load(Ordering::SeqCst);
    let p = planning
        .join()
        .expect("the planning thread")
        .expect("the preview");
    let total = started.elapsed();
    eprintln!("preview of 20,000 lines: {total:?}; workbook_info meanwhile: {answered:?}");
    assert_eq!(p["added_count"], 20_000, "every line planned");
    assert!(
        !finished_first,
        "workbook_info answered ({answered:?}) only after the preview ({total:?}) finished"
    );
}

#[test]
fn the_workbooks_own_excel_export_previews_as_unchanged_and_the_shipped_step_template_as_the_clis_dry_run()
 {
    let app = App::new();
    let review = json!({ "today": "2025-11-20", "next_meeting": "2025-12-18", "baseline": null });
    app.call("export_file", json!({ "kind": "xlsx", "review": review }))
        .expect("the Excel export, written where the save dialog says");
    let p = app
        .call("import_preview", json!({ "kind": "xlsx", "encoding": "" }))
        .expect("the Excel 工程表 previews");
    assert!(
        p["file_name"]
            .as_str()
            .is_some_and(|n| n.ends_with(".xlsx")),
        "{p}"
    );
    assert_eq!(
        (
            p["added_count"].as_u64(),
            p["changed_count"].as_u64(),
            p["rejected_count"].as_u64()
        ),
        (Some(0), Some(0), Some(0)),
        "the workbook's own export changes nothing: {p}"
    );
    assert!(
        p["unchanged"].as_u64().unwrap_or(0) > 0,
        "its rows are read: {p}"
    );

    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/templates/steps_v1.csv");
    std::fs::copy(template, app.dialog_dir.join("steps_v1.csv")).expect("the template");
    let p = app
        .call("import_preview", json!({ "kind": "steps", "encoding": "" }))
        .expect("the step template previews");
    assert_eq!(p["file_name"], "steps_v1.csv", "{p}");
    // as `dxplan import steps --dry-run` lists it: the 17 steps unchanged, only the template's name taken
    // from the file's
    assert_eq!(
        (
            p["added_count"].as_u64(),
            p["changed_count"].as_u64(),
            p["unchanged"].as_u64(),
            p["rejected_count"].as_u64()
        ),
        (Some(0), Some(1), Some(17), Some(0)),
        "{p}"
    );
    assert!(
        p["changed"][0]["changes"][0]
            .as_str()
            .is_some_and(|c| c.contains("steps_v1")),
        "{p}"
    );
}

#[test]
fn cancelling_while_a_large_file_is_read_leaves_no_preview_and_changes_nothing() {
    let app = App::new();
    let mut csv = String::from("職員ＩＤ,名前,ﾌﾘｶﾞﾅ,所属名,役職\r\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "{},職員{i},ｼｮｸｲﾝ,DX推進課,主事\r\n",
            9_000_000 + i
        ));
    }
    std::fs::write(app.dialog_dir.join("大きい名簿.csv"), csv).expect("a large file");
    let planning = {
        let webview = app.webview.clone();
        std::thread::spawn(move || {
            call(
                &webview,
                "import_preview",
                json!({ "kind": "staff", "encoding": "" }),
            )
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    app.call("import_cancel", json!({}))
        .expect("やめる answers");
    let p = planning
        .join()
        .expect("the planning thread")
        .expect("the preview answers");
    assert_eq!(p, Value::Null, "a cancelled preview is thrown away");
    let state = app.webview.state::<AppState>();
    let (pending, undo) = state
        .with(|s| Ok((s.pending_import.is_some(), s.undo.len())))
        .expect("a workbook is open");
    assert!(!pending && undo == 0, "nothing waits and nothing changed");
    assert_eq!(app.people_named("職員0"), 0, "nothing imported");
}

/// A staff list of `n` rows, all new to the demo.
fn large_staff_list(n: usize) -> String {
    let mut csv = String::from("職員ＩＤ,名前,ﾌﾘｶﾞﾅ,所属名,役職\r\n");
    for i in 0..n {
        csv.push_str(&format!(
            "{},職員{i},ｼｮｸｲﾝ,DX推進課,主事\r\n",
            9_000_000 + i
        ));
    }
    csv
}

#[test]
fn the_count_grows_while_a_large_file_is_planned_and_ends_at_its_rows() {
    let app = App::new();
    std::fs::write(app.dialog_dir.join("名簿.csv"), large_staff_list(30_000))
        .expect("a large file");
    let planning = {
        let webview = app.webview.clone();
        std::thread::spawn(move || {
            call(
                &webview,
                "import_preview",
                json!({ "kind": "staff", "encoding": "utf8" }),
            )
        })
    };
    let mut seen = vec![];
    while !planning.is_finished() {
        let p = app
            .call("import_progress", json!({}))
            .expect("import_progress answers");
        if p["planning"] == true {
            seen.push(p["done"].as_u64().expect("a count"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let p = planning
        .join()
        .expect("the planning thread")
        .expect("the preview");
    assert_eq!(p["added_count"], 30_000, "every line planned");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "the count only grows: {seen:?}"
    );
    assert!(
        seen.iter().any(|d| (1..30_000).contains(d)),
        "a count between the start and the end was seen: {seen:?}"
    );
    let last = app
        .call("import_progress", json!({}))
        .expect("import_progress answers");
    assert_eq!(
        last,
        json!({ "planning": false, "done": 30_000, "total": 30_000 }),
        "after the preview the count rests at the file's rows"
    );
}

#[test]
fn cancelling_stops_the_planning_early_and_changes_nothing() {
    let app = App::new();
    std::fs::write(app.dialog_dir.join("名簿.csv"), large_staff_list(50_000))
        .expect("a large file");
    let planning = {
        let webview = app.webview.clone();
        std::thread::spawn(move || {
            call(
                &webview,
                "import_preview",
                json!({ "kind": "staff", "encoding": "utf8" }),
            )
        })
    };
    // やめる once the count passes 2,000 rows
    let started = Instant::now();
    let at_cancel = loop {
        let p = app
            .call("import_progress", json!({}))
            .expect("import_progress answers");
        let done = p["done"].as_u64().unwrap_or(0);
        if p["planning"] == true && done >= 2_000 {
            break done;
        }
        assert!(
            !planning.is_finished() && started.elapsed() < Duration::from_secs(60),
            "the planning was seen before it ended: {p}"
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    app.call("import_cancel", json!({}))
        .expect("やめる answers");
    let p = planning
        .join()
        .expect("the planning thread")
        .expect("the preview answers");
    assert_eq!(p, Value::Null, "a cancelled preview is thrown away");
    let last = app
        .call("import_progress", json!({}))
        .expect("import_progress answers");
    let stopped_at = last["done"].as_u64().expect("a count");
    assert_eq!(
        last["planning"], false,
        "nothing is planned any more: {last}"
    );
    assert_eq!(last["total"], 50_000, "{last}");
    assert!(
        stopped_at < 50_000 && stopped_at <= at_cancel + 2 * dxplan::import::progress::STEP as u64,
        "the planning stopped within a step or two of やめる ({at_cancel}), not at the end: {last}"
    );
    let state = app.webview.state::<AppState>();
    let (pending, undo) = state
        .with(|s| Ok((s.pending_import.is_some(), s.undo.len())))
        .expect("a workbook is open");
    assert!(!pending && undo == 0, "nothing waits and nothing changed");
    assert_eq!(app.people_named("職員0"), 0, "nothing imported");
}

#[test]
fn while_an_import_is_written_reads_answer_from_the_workbook_as_it_was_and_edits_are_refused_as_busy()
 {
    let app = App::new();
    let state = app.webview.state::<AppState>();
    let before = app.call("workbook_info", json!({})).expect("workbook_info");
    // what `import_apply` does while it writes: the store is out of the session, the lock is free
    let loan = state
        .with(|s| s.lend_store())
        .expect("the store is lent for the write");
    let during = app
        .call("workbook_info", json!({}))
        .expect("workbook_info answers while the store is lent");
    assert_eq!(
        during, before,
        "reads answer from the workbook as it was before the write"
    );
    app.call("data_view", json!({}))
        .expect("the データ screen's view answers from the workbook as it was");
    let baseline = json!({ "edit": { "op": "take_baseline", "name": "書き込み中", "taken_on": "2025-11-20" }, "label": null });
    for (cmd, args) in [
        ("apply_edit", baseline.clone()),
        ("undo", json!({})),
        ("close_workbook", json!({})),
        ("check_report", json!({})),
    ] {
        let e = app
            .call(cmd, args)
            .expect_err("refused while the import is written");
        assert_eq!(e["code"], "busy", "{cmd} is refused as busy: {e}");
        assert!(
            message(&e).contains("書き込んでいます"),
            "{cmd} says the import is being written: {e}"
        );
    }
    state
        .with(|s| {
            loan.finish(s, None);
            Ok(())
        })
        .expect("the store given back");
    app.call("apply_edit", baseline)
        .expect("edits are saved again once the write ended");
    app.call("undo", json!({})).expect("and undone");
}

#[test]
fn a_staff_list_the_guesser_misreads_is_refused_until_its_columns_are_chosen_then_applied_in_one_step()
 {
    let app = App::new();
    std::fs::write(
        app.dialog_dir.join("人事システム出力.csv"),
        "社員コード,名前,所属,職名,職位\nA-0101,髙橋　一郎,DX推進課,事務,主事\n",
    )
    .expect("the file");
    let p = app.preview();
    assert!(
        p["unmapped"]
            .as_str()
            .is_some_and(|m| m.contains("「職員番号」と「氏名」の列が必要です")),
        "why nothing was read: {p}"
    );
    assert_eq!(
        p["headers"],
        json!(["社員コード", "名前", "所属", "職名", "職位"]),
        "the file's headers to choose from"
    );
    let column = |p: &Value, f: &str| {
        p["columns"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["field"] == f).cloned())
            .unwrap_or_default()
    };
    assert_eq!(column(&p, "職員番号")["header"], Value::Null, "{p}");
    assert_eq!(column(&p, "職員番号")["required"], true);
    assert_eq!(column(&p, "職位")["header"], "職名", "the guess takes 職名");
    let e = app
        .call(
            "import_apply",
            json!({ "token": p["token"], "acceptPartial": true }),
        )
        .expect_err("nothing to apply while 職員番号 has no column");
    assert!(message(&e).contains("取り込む列を選んで"), "{e}");

    let bad = app
        .call(
            "import_remap",
            json!({ "token": p["token"], "columns": [{ "field": "<b>社員</b>", "header": "社員コード" }] }),
        )
        .expect_err("an unknown field is refused");
    assert_eq!(bad["code"], "invalid", "{bad}");
    let bad = app
        .call(
            "import_remap",
            json!({ "token": p["token"], "columns": [{ "field": "職員番号", "header": "社員番号" }] }),
        )
        .expect_err("a header not in the file is refused");
    assert!(
        message(&bad).contains("見出し「社員番号」が見出し行にありません"),
        "{bad}"
    );

    let q = app
        .call(
            "import_remap",
            json!({ "token": p["token"], "columns": [
                { "field": "職員番号", "header": "社員コード" },
                { "field": "職位", "header": "職位" },
            ] }),
        )
        .expect("read again with the chosen columns");
    assert_eq!(q["unmapped"], Value::Null, "{q}");
    assert_eq!(q["added_count"], 1, "{q}");
    assert_eq!(column(&q, "職員番号")["header"], "社員コード");
    assert_eq!(column(&q, "職員番号")["chosen"], true);
    assert_eq!(column(&q, "職位")["header"], "職位");
    let stale = app
        .call(
            "import_apply",
            json!({ "token": p["token"], "acceptPartial": false }),
        )
        .expect_err("the first preview's token is gone");
    assert_eq!(stale["code"], "not_found", "{stale}");
    app.call(
        "import_apply",
        json!({ "token": q["token"], "acceptPartial": false }),
    )
    .expect("applied with the chosen columns");
    let state = app.webview.state::<AppState>();
    let position = state
        .with(|s| {
            Ok(s.wb
                .people
                .iter()
                .find(|p| p.staff_no.as_deref() == Some("A-0101"))
                .map(|p| p.position.clone()))
        })
        .expect("a workbook is open");
    assert_eq!(
        position.as_deref(),
        Some("主事"),
        "職位 read from the chosen column"
    );
    app.call("undo", json!({})).expect("one undo");
    assert_eq!(
        app.people_named("髙橋　一郎"),
        0,
        "one undo removes the import"
    );
}

#[test]
fn a_running_cost_file_in_thousand_yen_is_previewed_applied_as_one_step_and_refused_whole_with_a_bad_line()
 {
    let app = App::new();
    let bad = app.dialog_dir.join("経費.csv");
    std::fs::write(
        &bad,
        "業務,年度,区分,計画額,実績額\n健康管理,令和8年度,標準準拠システム利用料,\"８，０００\",\n戸籍,令和8年度,標準準拠システム利用料,たくさん,\n",
    )
    .expect("the file");
    let p = app
        .call(
            "import_preview",
            json!({ "kind": "costs", "encoding": "", "unit": "thousand" }),
        )
        .expect("the preview");
    assert_eq!(p["rejected_count"], 1, "the text amount refused: {p}");
    let e = app
        .call(
            "import_apply",
            json!({ "token": p["token"], "acceptPartial": true }),
        )
        .expect_err("a 運用経費 file is all or nothing, as the CLI");
    assert!(message(&e).contains("すべて取り込むか何も変えない"), "{e}");
    std::fs::write(
        &bad,
        "業務,年度,区分,計画額,実績額\n健康管理,令和8年度,標準準拠システム利用料,\"８，０００\",\n",
    )
    .expect("the corrected file");
    let p = app
        .call(
            "import_preview",
            json!({ "kind": "costs", "encoding": "", "unit": "thousand" }),
        )
        .expect("the preview");
    assert_eq!(
        p["added_count"].as_u64().unwrap_or(0) + p["changed_count"].as_u64().unwrap_or(0),
        1,
        "{p}"
    );
    let state = app.webview.state::<AppState>();
    let amount = || {
        state
            .with(|s| {
                let id = s.wb.system_by_name("健康管理").map(|x| x.id);
                Ok(s.wb
                    .money
                    .running_costs
                    .iter()
                    .find(|r| {
                        Some(r.system_id) == id
                            && r.year == dxplan::model::cost::TARGET_YEAR
                            && r.category == dxplan::model::cost::CostCategory::StandardSystem
                    })
                    .and_then(|r| r.planned))
            })
            .expect("a workbook is open")
    };
    let before = amount();
    app.call(
        "import_apply",
        json!({ "token": p["token"], "acceptPartial": false }),
    )
    .expect("applied");
    assert_eq!(
        amount(),
        Some(dxplan::model::cost::Yen(8_000_000)),
        "８，０００千円 read as 8,000,000円"
    );
    let info = app.call("workbook_info", json!({})).expect("info");
    assert_eq!(info["undo_label"], "運用経費の取り込み", "{info}");
    app.call("undo", json!({})).expect("one undo");
    assert_eq!(amount(), before, "one undo puts the amount back");
}
