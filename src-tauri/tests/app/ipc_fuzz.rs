//! Every command the page can call, fed empty, malformed, hostile and oversized payloads through Tauri's own IPC
//! path — the app's real handler, capabilities and page context on Tauri's mock runtime, so each payload passes
//! Tauri's routing, its ACL check and its argument deserialisation before it reaches a command — answers a view
//! or `{code, message}`: never a panic, never a poisoned state, never a change to the open workbook (compared in
//! memory after every call, and on disk with `integrity_check` and a full reload at the end).
//!
//! The commands are enumerated from one list, `COMMANDS` in `commands/names.rs` (which `build.rs` declares to the
//! ACL manifest and `with_commands` registers with `generate_handler!`), and that list is checked against what the
//! handler routes, the permission set in `permissions/dxplan.toml` and the payloads below: a new command without
//! an accepted payload here fails `every_command_has_a_fuzz_payload`.
//!
//! Who answers what: a payload whose arguments do not deserialise is answered by `dxplan_app::args::Arg` (every
//! command argument is an `Arg<T>`) with `{code: "invalid", message}`; a call the capability does not allow
//! (another plugin's command, an unknown command, a remote origin) is refused by Tauri itself with a plain string
//! before any of our code runs — `ui/src/lib/errors.ts` turns that string into a Japanese message.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use dxplan::model::Workbook;
use dxplan::store::Store;
use serde_json::{Value, json};
use tauri::Manager;
use tauri::ipc::InvokeBody;
use tauri::test::{MockRuntime, get_ipc_response};

use dxplan_app::state::AppState;

use crate::support::{mock_app, request};

/// The page's origin (Linux, macOS: the `tauri://` custom protocol).
const LOCAL_ORIGIN: &str = "tauri://localhost";

/// 10 MiB: far above anything the page sends.
const HUGE: usize = 10 << 20;

/// An app on the mock runtime over a copy of the demo workbook, opened for editing as the real app opens it.
struct Fixture {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
    /// the workbook open in the state (the demo, where `open_demo` looks for it)
    path: PathBuf,
    /// its content as loaded before any call
    original: Workbook,
    /// `original` with its tables as sets of rows
    original_normalized: Value,
    /// the last in-memory workbook found equal to the original (rows may have moved: a cheap first comparison)
    last_seen: std::cell::RefCell<Workbook>,
}

/// What one call answered.
#[derive(Debug)]
enum Outcome {
    #[allow(dead_code)] // shown in failure messages
    Ok(Value),
    Err(Value),
    Panic(String),
}

/// The snapshot the fixture puts in the demo's backups folder (a copy of the demo as created).
const FIXTURE_SNAPSHOT: &str = "demo-みなと川市-20251120-090000-manual.dxplan";

impl Fixture {
    fn new() -> Fixture {
        // in memory where there is /dev/shm: an accepted edit and its undo are two synced commits, and this test
        // is about the IPC, not durability (the crash tests in tests/it/ are)
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("a temp folder");
        let dialog_dir = dir.path().join("dialog");
        std::fs::create_dir_all(&dialog_dir).expect("the dialog folder");
        let path = dialog_dir.join("demo-みなと川市.dxplan");
        let demo = dxplan::data::demo::demo_workbook().expect("the demo workbook");
        drop(Store::create(&path, &demo, false).expect("writing the demo workbook"));
        // a snapshot of the demo as it is, for `restore_backup` to restore
        let backups = dxplan::store::snapshots::folder(&path);
        std::fs::create_dir_all(&backups).expect("the backups folder");
        std::fs::copy(&path, backups.join(FIXTURE_SNAPSHOT)).expect("the fixture's snapshot");
        // a staff list for `import_preview`, newer than any file an export writes during the test (the test hook
        // answers the open dialog with the newest file of the type asked for)
        let staff = dialog_dir.join("職員一覧.csv");
        std::fs::write(
            &staff,
            "職員番号,氏名,ふりがな,所属,職位\n990001,ファズ 太郎,ふぁず たろう,DX推進課,主事\n",
        )
        .expect("the staff list");
        std::fs::File::options()
            .write(true)
            .open(&staff)
            .and_then(|f| {
                f.set_modified(
                    std::time::SystemTime::now() + std::time::Duration::from_secs(86_400),
                )
            })
            .expect("the staff list's time");
        let original = load(&path);
        let state = AppState::new(
            Some(dir.path().join("config")),
            Some(dialog_dir),
            dxplan::data::demo::as_of(),
        );
        state.open(&path).expect("the app opens the demo workbook");
        let (app, webview) = mock_app(state);
        Fixture {
            _dir: dir,
            _app: app,
            webview,
            path,
            original_normalized: normalized(&original),
            last_seen: std::cell::RefCell::new(original.clone()),
            original,
        }
    }

    fn state(&self) -> tauri::State<'_, AppState> {
        self.webview.state::<AppState>()
    }

    fn call_from(&self, origin: &str, cmd: &str, body: InvokeBody) -> Outcome {
        let request = request(origin, cmd, body);
        match catch_unwind(AssertUnwindSafe(|| {
            get_ipc_response(&self.webview, request)
        })) {
            Ok(Ok(body)) => match body.deserialize::<Value>() {
                Ok(v) => Outcome::Ok(v),
                Err(e) => Outcome::Panic(format!("an answer that is not JSON: {e}")),
            },
            Ok(Err(v)) => Outcome::Err(v),
            Err(p) => Outcome::Panic(
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".into()),
            ),
        }
    }

    fn call(&self, cmd: &str, body: InvokeBody) -> Outcome {
        self.call_from(LOCAL_ORIGIN, cmd, body)
    }

    /// Puts the state back to "the demo open, nothing to undo or redo" after a call that succeeded (an edit is
    /// undone through the IPC like the page does; another workbook opened is replaced by the demo again), and
    /// says what differs from the original, if anything.
    fn restore_and_compare(&self, cmd: &str, outcome: &Outcome) -> Result<(), String> {
        if self.state().session.is_poisoned() {
            return Err("the state's lock is poisoned (a command panicked holding it)".into());
        }
        if matches!(outcome, Outcome::Ok(_))
            && matches!(
                cmd,
                "apply_edit"
                    | "update_step"
                    | "update_procedure"
                    | "redo"
                    | "take_baseline"
                    | "import_apply"
                    | "set_running_cost"
                    | "move_bar"
                    | "paste_apply"
                    | "roadmap_apply_shift"
                    | "add_grant"
                    | "inquiry_new"
                    | "inquiry_apply"
                    | "add_action"
                    | "set_grant"
                    | "delete_grant"
                    | "set_programme"
                    | "delete_programme"
                    | "set_budget"
                    | "delete_budget"
            )
        {
            match self.call("undo", InvokeBody::Json(json!({}))) {
                Outcome::Ok(_) => {}
                other => return Err(format!("undoing an accepted edit failed: {other:?}")),
            }
        }
        let state = self.state();
        state
            .open(&self.path)
            .map_err(|e| format!("the demo cannot be opened again: {}", e.message))?;
        let mut g = state.session().map_err(|e| e.message)?;
        let s = g
            .as_mut()
            .ok_or("no workbook open after re-opening the demo")?;
        s.undo.clear();
        s.redo.clear();
        if *s.wb == *self.last_seen.borrow() {
            return Ok(());
        }
        if normalized(&s.wb) != self.original_normalized {
            return Err(first_difference(&self.original, &s.wb));
        }
        *self.last_seen.borrow_mut() = Workbook::clone(&s.wb);
        Ok(())
    }

    /// The file as a new reader sees it: sound, and the same workbook as before the calls.
    fn check_file(&self) {
        let store = Store::open(&self.path).expect("the workbook opens for reading");
        let problems = store.integrity_problems().expect("integrity_check runs");
        assert!(
            problems.is_empty(),
            "integrity_check after the calls: {problems:?}"
        );
        let wb = store.load().expect("the workbook loads after the calls");
        assert!(
            same_content(&wb, &self.original),
            "the workbook on disk changed: {}",
            first_difference(&self.original, &wb)
        );
    }
}

fn load(path: &Path) -> Workbook {
    Store::open(path)
        .and_then(|s| s.load())
        .expect("the workbook loads")
}

/// A workbook as a value whose tables are compared as sets of rows: the order of rows in memory carries no
/// meaning (an undone delete puts the row back at the end; loading sorts by id).
fn normalized(wb: &Workbook) -> Value {
    let mut v = serde_json::to_value(wb).unwrap_or_default();
    fn sort_tables(v: &mut Value) {
        if let Value::Object(o) = v {
            for table in o.values_mut() {
                if let Value::Array(rows) = table {
                    rows.sort_by_cached_key(|r| r.to_string());
                }
            }
        }
    }
    sort_tables(&mut v);
    // the money tables sit one level down (`money.running_costs` …)
    sort_tables(&mut v["money"]);
    v
}

fn same_content(a: &Workbook, b: &Workbook) -> bool {
    a == b || normalized(a) == normalized(b)
}

/// The first table that differs between two workbooks (for a readable failure).
fn first_difference(a: &Workbook, b: &Workbook) -> String {
    let (a, b) = (normalized(a), normalized(b));
    if let (Value::Object(a), Value::Object(b)) = (&a, &b) {
        for (k, v) in a {
            if b.get(k) != Some(v) {
                return format!("the workbook's `{k}` changed");
            }
        }
    }
    "the workbook changed".into()
}

/// The error codes the page knows (`ui/src/api/bindings/ErrorCode.ts`, generated from `ErrorCode`).
fn error_codes() -> BTreeSet<String> {
    let ts = include_str!("../../../ui/src/api/bindings/ErrorCode.ts");
    let union = ts
        .split("export type ErrorCode =")
        .nth(1)
        .expect("ErrorCode.ts declares the union");
    union
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Why an error value is not `{code, message[, field]}` with a known code and a short Japanese message.
fn untyped(err: &Value, codes: &BTreeSet<String>) -> Option<String> {
    let Value::Object(o) = err else {
        return Some(format!("not an object: {}", clip(&err.to_string())));
    };
    if let Some(k) = o
        .keys()
        .find(|k| !matches!(k.as_str(), "code" | "message" | "field"))
    {
        return Some(format!("unexpected key `{k}`"));
    }
    match o.get("code") {
        Some(Value::String(c)) if codes.contains(c) => {}
        other => return Some(format!("code is not a known ErrorCode: {other:?}")),
    }
    let Some(Value::String(m)) = o.get("message") else {
        return Some("message is not a string".into());
    };
    if m.trim().is_empty() {
        return Some("empty message".into());
    }
    if m.chars().count() > dxplan::error::MESSAGE_MAX_CHARS + 10 {
        return Some(format!(
            "a message of {} characters (the payload echoed back?)",
            m.chars().count()
        ));
    }
    if !m.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)) {
        return Some(format!("a message without Japanese: {}", clip(m)));
    }
    match o.get("field") {
        None | Some(Value::String(_)) => None,
        Some(other) => Some(format!("field is not a string: {other:?}")),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(200).collect()
}

fn nested_arrays(depth: usize) -> Value {
    (0..depth).fold(json!(0), |v, _| Value::Array(vec![v]))
}

fn nested_objects(depth: usize) -> Value {
    (0..depth).fold(json!(0), |v, _| json!({ "a": v }))
}

/// Values that replace one argument or one field: every JSON type, out-of-range numbers, ids that do not exist,
/// impossible dates, hostile text, deep nesting. (Serde's JSON parser refuses nesting deeper than 128, so the IPC
/// body can never be deeper than that; 120 levels is the deepest that arrives.)
fn hostile_values() -> Vec<(&'static str, Value)> {
    vec![
        ("null", Value::Null),
        ("true", json!(true)),
        ("0", json!(0)),
        ("-1", json!(-1)),
        ("an id that does not exist", json!(987_654_321)),
        ("i64::MIN", json!(i64::MIN)),
        ("u64::MAX", json!(u64::MAX)),
        ("1.5", json!(1.5)),
        ("1e308", json!(1e308)),
        ("empty string", json!("")),
        ("a number as a string", json!("42")),
        (
            "NUL and control characters",
            json!("a\u{0}b\u{1}\u{7}\u{1b}[31m\r\n\t\u{7f}"),
        ),
        ("right-to-left override", json!("\u{202e}fdp.exe\u{202c}")),
        (
            "HTML and script",
            json!("<script>alert(1)</script><img src=x onerror=alert(1)>"),
        ),
        (
            "a spreadsheet formula",
            json!("=HYPERLINK(\"http://example.com\",\"x\")"),
        ),
        ("a DDE formula", json!("+cmd|' /C calc'!A0")),
        ("2025-02-30", json!("2025-02-30")),
        ("令和7年2月30日", json!("令和7年2月30日")),
        ("year 0", json!("0000-01-01")),
        ("the last NaiveDate", json!("+262142-12-31")),
        ("a date with a time", json!("2025-04-01T00:00:00Z")),
        ("40,000 characters", json!("長".repeat(40_000))),
        ("empty array", json!([])),
        ("an array of strings", json!(["a", "b"])),
        ("empty object", json!({})),
        (
            "an object with unknown keys",
            json!({ "unexpected": 1, "__proto__": { "polluted": true } }),
        ),
        ("120 nested arrays", nested_arrays(120)),
        ("120 nested objects", nested_objects(120)),
    ]
}

/// The JSON type of a value, for "a value of another type must be refused".
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether putting `bad` where `good` is accepted must be refused whatever the command does with it: the JSON
/// types differ. Not when either is null (optional values), and not an array for an object (serde reads a struct
/// from a sequence of its fields).
fn must_refuse(good: &Value, bad: &Value) -> bool {
    let (g, b) = (json_type(good), json_type(bad));
    g != b && g != "null" && b != "null" && !(g == "object" && b == "array")
}

/// One accepted row of each table the demo has, as the `Put` edit that writes it back unchanged, plus the other
/// kinds of edit with values the demo accepts.
fn accepted_edits(wb: &Workbook) -> Vec<Value> {
    let v = serde_json::to_value(wb).expect("the workbook serialises");
    let tables = [
        ("initiatives", "initiative"),
        ("tasks", "task"),
        ("kpis", "kpi"),
        ("units", "unit"),
        ("people", "person"),
        ("roles", "role"),
        ("skills", "skill"),
        ("skill_targets", "skill_target"),
        ("courses", "course"),
        ("enrolments", "enrolment"),
        ("systems", "system"),
        ("system_steps", "step"),
        ("procedures", "procedure"),
        ("baselines", "baseline"),
        ("progress", "progress"),
    ];
    let mut edits = vec![];
    for (table, kind) in tables {
        let row = v[table]
            .get(0)
            .unwrap_or_else(|| panic!("the demo has no row in `{table}`"));
        edits.push(json!({ "op": "put", "entity": { "kind": kind, "row": row } }));
    }
    // the money tables the demo fills (it has no 稼働開始年度)
    for (table, kind) in [
        ("running_costs", "running_cost"),
        ("programmes", "programme"),
        ("grants", "grant"),
        ("budgets", "budget"),
    ] {
        let row = v["money"][table]
            .get(0)
            .unwrap_or_else(|| panic!("the demo has no row in `money.{table}`"));
        edits.push(json!({ "op": "put", "entity": { "kind": kind, "row": row } }));
    }
    let task = &wb.tasks[0];
    edits.extend([
        json!({ "op": "set_meta", "meta": v["meta"] }),
        json!({ "op": "set_vision", "vision": v["vision"] }),
        json!({ "op": "delete", "key": { "kind": "kpi", "id": wb.kpis[0].id } }),
        json!({ "op": "take_baseline", "name": "ファズ基準", "taken_on": "2025-11-20" }),
        json!({ "op": "batch", "edits": [
            { "op": "put", "entity": { "kind": "task", "row": serde_json::to_value(task).expect("a task") } }
        ] }),
        json!({ "op": "set_running_costs", "rows": [v["money"]["running_costs"][0]] }),
        json!({ "op": "dated", "on": "2025-11-20", "edit":
            { "op": "put", "entity": { "kind": "task", "row": serde_json::to_value(task).expect("a task") } }
        }),
        json!({ "op": "set_plan", "key": { "kind": "task", "id": task.id }, "plan": task.plan }),
        json!({ "op": "set_lag", "dependency": {
            "predecessor": wb.dependencies[0].predecessor, "successor": wb.dependencies[0].successor, "lag": 3
        } }),
    ]);
    edits
}

/// Every command the page may call, with payloads it accepts; the mutations of these payloads are the fuzz cases.
/// A command missing here fails `every_command_has_a_fuzz_payload`.
fn accepted_payloads(wb: &Workbook) -> Vec<(&'static str, Value)> {
    let unit = wb.units[0].id;
    let course = wb.enrolments[0].course_id;
    let year = wb.enrolments[0].year.0;
    let step = wb.system_steps[0].id;
    let procedure = wb.procedures[0].id;
    let review = json!({ "today": "2025-11-20", "next_meeting": "2025-12-18", "baseline": null });
    let mut v = vec![
        ("home", json!({})),
        ("open_dialog", json!({})),
        ("open_recent", json!({ "index": 0 })),
        (
            "new_from_template",
            json!({ "municipality": "ファズ市", "code": "" }),
        ),
        ("open_demo", json!({})),
        ("close_workbook", json!({})),
        ("workbook_info", json!({})),
        ("undo", json!({})),
        ("redo", json!({})),
        ("summary", json!({})),
        ("roadmap_view", json!({})),
        ("org_view", json!({})),
        (
            "unit_people",
            json!({ "unitId": unit, "offset": 0, "limit": 50 }),
        ),
        ("training_view", json!({ "year": year })),
        (
            "course_enrolments",
            json!({ "courseId": course, "year": year }),
        ),
        ("systems_view", json!({})),
        (
            "update_step",
            json!({ "form": {
                "step_id": step, "status": "in_progress", "plan_start": "令和7年4月1日",
                "plan_end": "2026-03-31", "actual_start": "", "actual_end": ""
            } }),
        ),
        (
            "update_procedure",
            json!({ "form": {
                "procedure_id": procedure, "owner_unit": unit, "link_method": "rpa",
                "status": "in_progress", "excluded_reason": "", "target_date": "R8.3.31"
            } }),
        ),
        ("kpi_view", json!({})),
        ("review_defaults", json!({})),
        ("run_review", json!({ "args": review })),
        ("export_formats", json!({})),
        ("gantt_preview", json!({})),
        (
            "export_file",
            json!({ "kind": "xlsx", "review": review, "unit": "thousand" }),
        ),
        ("workload_preview", json!({})),
        ("trend_preview", json!({})),
        ("data_view", json!({})),
        (
            "take_baseline",
            json!({ "name": "ファズ基準", "date": "令和7年11月20日" }),
        ),
        ("baseline_diff", json!({ "id": wb.baselines[0].id })),
        ("check_report", json!({})),
        ("restore_backup", json!({ "fileName": FIXTURE_SNAPSHOT })),
        ("save_copy", json!({})),
        (
            "import_preview",
            json!({ "kind": "staff", "encoding": "", "unit": "thousand" }),
        ),
        (
            "import_apply",
            json!({ "token": 1, "acceptPartial": false }),
        ),
        ("import_discard", json!({ "token": 1 })),
        ("import_cancel", json!({})),
        ("rollup_open", json!({})),
        ("rollup_export", json!({ "format": "xlsx" })),
        ("cost_view", json!({})),
        (
            "set_running_cost",
            json!({ "form": {
                "system_id": wb.systems[0].id, "year": "令和８年度", "category": "standard_system",
                "basis": "planned", "unit": "thousand", "amount": "１２,３４５"
            } }),
        ),
        ("import_progress", json!({})),
        (
            "roadmap_plan_shift",
            json!({ "taskId": wb.dependencies[0].predecessor, "start": "2025-04-01", "end": "令和8年3月31日" }),
        ),
        (
            "roadmap_apply_shift",
            json!({ "taskId": wb.dependencies[0].predecessor, "start": "2025-04-01", "end": "2026-03-31",
                    "successors": true, "label": "日程" }),
        ),
        (
            "roadmap_critical_path",
            json!({ "target": wb.dependencies[0].successor }),
        ),
        ("org_chart_view", json!({})),
        (
            "export_roadmap_critical",
            json!({ "target": wb.dependencies[0].successor }),
        ),
        (
            "import_remap",
            json!({ "token": 1, "columns": [{ "field": "職員番号", "header": "社員コード" }] }),
        ),
        (
            "add_grant",
            json!({ "form": {
                "programme_id": wb.money.programmes[0].id, "system_id": wb.systems[0].id, "year": "令和７年度",
                "unit": "thousand", "applied": "１,０００", "decided": "", "spent": ""
            } }),
        ),
        ("inquiry_view", json!({})),
        (
            "inquiry_new",
            json!({ "name": "令和7年12月 進捗照会", "asOf": "令和7年12月1日", "due": "R7.12.12" }),
        ),
        ("inquiry_read", json!({ "prefer": "" })),
        ("inquiry_apply", json!({})),
        (
            "add_action",
            json!({ "form": { "raised_on": "令和7年11月20日", "text": "ベンダに確認", "owner": "",
                              "due": "R7.12.12", "about": null } }),
        ),
        (
            "close_action",
            json!({ "id": 1, "on": "R7.12.18", "note": "" }),
        ),
        ("money_view", json!({})),
        (
            "set_grant",
            json!({ "form": {
                "id": 0, "programme_id": wb.money.programmes[0].id,
                "funded": { "kind": "initiative", "id": wb.initiatives[0].id }, "year": "令和８年度",
                "unit": "thousand", "applied": "１,０００", "decided": "", "spent": ""
            } }),
        ),
        ("delete_grant", json!({ "id": wb.money.grants[0].id })),
        (
            "set_programme",
            json!({ "form": {
                "id": 0, "name": "ファズ補助金", "kind": "subsidy", "rate": "1/2", "unit": "thousand",
                "cap": "10,000", "last_year": "令和8年度"
            } }),
        ),
        (
            "delete_programme",
            json!({ "id": wb.money.programmes.iter()
                .find(|p| !wb.money.grants.iter().any(|g| g.programme_id == p.id))
                .expect("a programme no claim uses").id }),
        ),
        (
            "set_budget",
            json!({ "form": {
                "id": 0, "budgeted": { "kind": "task", "id": wb.tasks[0].id }, "year": "R8",
                "unit": "thousand", "planned": "1,200", "executed": ""
            } }),
        ),
        ("delete_budget", json!({ "id": wb.money.budgets[0].id })),
    ];
    // a bar dropped where it is (accepted, an edit to undo), for a task and a step with a plan
    let task = wb
        .tasks
        .iter()
        .find(|t| t.plan.is_some())
        .expect("a task with a plan");
    let tp = task.plan.expect("a plan");
    v.push((
        "move_bar",
        json!({ "form": { "kind": "task", "id": task.id, "start": tp.start.to_string(),
            "end": tp.end.to_string(), "force": false } }),
    ));
    let paste = "ファズ貼付\t2025/4/1\t令和7年9月30日\t\t作業中\r\n";
    v.push(("paste_preview", json!({ "text": paste })));
    v.push((
        "paste_apply",
        json!({ "text": paste, "initiativeId": wb.initiatives[0].id }),
    ));
    let st = wb
        .system_steps
        .iter()
        .find(|s| s.plan.is_some())
        .expect("a step with a plan");
    let sp = st.plan.expect("a plan");
    v.push((
        "move_bar",
        json!({ "form": { "kind": "step", "id": st.id, "start": "令和7年4月1日",
            "end": sp.end.max("2025-04-01".parse().expect("a date")).to_string(), "force": true } }),
    ));
    for edit in accepted_edits(wb) {
        v.push(("apply_edit", json!({ "edit": edit, "label": "編集" })));
    }
    v
}

/// Every path into a value (object keys and the first array element), the value itself first.
fn paths(v: &Value) -> Vec<Vec<PathStep>> {
    let mut out = vec![vec![]];
    let mut stack = vec![(vec![], v)];
    while let Some((prefix, v)) = stack.pop() {
        let children: Vec<(PathStep, &Value)> = match v {
            Value::Object(o) => o
                .iter()
                .map(|(k, v)| (PathStep::Key(k.clone()), v))
                .collect(),
            Value::Array(a) => a
                .first()
                .map(|x| (PathStep::Index(0), x))
                .into_iter()
                .collect(),
            _ => vec![],
        };
        for (step, child) in children {
            let mut p: Vec<PathStep> = prefix.clone();
            p.push(step);
            out.push(p.clone());
            stack.push((p, child));
        }
    }
    out
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'a>(v: &'a Value, path: &[PathStep]) -> &'a Value {
    path.iter().fold(v, |v, s| match s {
        PathStep::Key(k) => &v[k.as_str()],
        PathStep::Index(i) => &v[*i],
    })
}

fn replaced(v: &Value, path: &[PathStep], with: Value) -> Value {
    let mut out = v.clone();
    let slot = path.iter().fold(&mut out, |v, s| match s {
        PathStep::Key(k) => &mut v[k.as_str()],
        PathStep::Index(i) => &mut v[*i],
    });
    *slot = with;
    out
}

fn removed(v: &Value, path: &[PathStep]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    let PathStep::Key(k) = last else { return None };
    let mut out = v.clone();
    let p = parent.iter().fold(&mut out, |v, s| match s {
        PathStep::Key(k) => &mut v[k.as_str()],
        PathStep::Index(i) => &mut v[*i],
    });
    p.as_object_mut()?.remove(k);
    Some(out)
}

fn show(path: &[PathStep]) -> String {
    if path.is_empty() {
        return "the payload".into();
    }
    path.iter()
        .map(|s| match s {
            PathStep::Key(k) => k.clone(),
            PathStep::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A replacement value: small ones are kept, the 10 MB ones are made when the case runs (hundreds of cases
/// would otherwise hold gigabytes).
#[derive(Clone)]
enum Bad {
    Value(Value),
    HugeString,
    HugeHostileString,
}

impl Bad {
    fn make(&self) -> Value {
        match self {
            Bad::Value(v) => v.clone(),
            Bad::HugeString => json!("x".repeat(HUGE)),
            Bad::HugeHostileString => {
                json!(format!("\u{202e}\u{0}<script>{}", "長".repeat(HUGE / 3)))
            }
        }
    }
}

/// The body of one case.
enum Body {
    Json(Value),
    HugeRaw,
    Replaced {
        good: std::rc::Rc<Value>,
        path: Vec<PathStep>,
        bad: Bad,
    },
}

impl Body {
    fn make(&self) -> InvokeBody {
        match self {
            Body::Json(v) => InvokeBody::Json(v.clone()),
            Body::HugeRaw => InvokeBody::Raw(vec![0xff; HUGE]),
            Body::Replaced { good, path, bad } => {
                InvokeBody::Json(replaced(good, path, bad.make()))
            }
        }
    }
}

/// One fuzz case: a command, a body, a description, and whether the command must refuse it.
struct Case {
    cmd: &'static str,
    body: Body,
    what: String,
    must_refuse: bool,
}

/// Arguments a command may leave out (`Option`).
const OPTIONAL_ARGS: &[(&str, &str)] = &[
    ("apply_edit", "label"),
    ("training_view", "year"),
    ("export_file", "review"),
    ("roadmap_apply_shift", "label"),
    ("roadmap_critical_path", "target"),
    ("export_roadmap_critical", "target"),
    ("export_file", "unit"),
    ("import_preview", "unit"),
];

/// In the normal suite a field inside an argument gets every SAMPLE-th hostile value; `DXPLAN_IPC_FUZZ_FULL=1`
/// (set by `scripts/long-tests`) gives every field every value.
const SAMPLE: usize = 4;

fn cases(wb: &Workbook) -> Vec<Case> {
    let full = std::env::var_os("DXPLAN_IPC_FUZZ_FULL").is_some_and(|v| !v.is_empty() && v != "0");
    let mut out = vec![];
    let mut huge_done = BTreeSet::new();
    for (cmd, good) in accepted_payloads(wb) {
        // the 10 MB values once per command (apply_edit has a payload per kind of edit, the arguments are the same)
        let huge = huge_done.insert(cmd);
        let required: BTreeSet<String> = good
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|k| !OPTIONAL_ARGS.contains(&(cmd, k.as_str())))
            .collect();
        let good = std::rc::Rc::new(good);
        // the payload as a whole: empty, not an object, 10 MB of raw bytes
        for (what, body) in [
            ("an empty payload {}", Body::Json(json!({}))),
            ("a null payload", Body::Json(Value::Null)),
            ("an array payload", Body::Json(json!([*good]))),
            ("a number payload", Body::Json(json!(42))),
            ("10 MB of raw bytes", Body::HugeRaw),
        ]
        .into_iter()
        .filter(|(_, b)| huge || !matches!(b, Body::HugeRaw))
        {
            out.push(Case {
                cmd,
                body,
                what: what.into(),
                must_refuse: !required.is_empty(),
            });
        }
        for (n, path) in paths(&good).into_iter().enumerate().skip(1) {
            let slot = at(&good, &path);
            // a command's own arguments get every value; a field inside one (a row of an edit, the review's
            // dates) every SAMPLE-th, shifted per field so that each value reaches fields of every kind
            let sample = if path.len() == 1 || full { 1 } else { SAMPLE };
            let mut values: Vec<(&str, Bad)> = hostile_values()
                .into_iter()
                .enumerate()
                .filter(|(i, _)| (i + n) % sample == 0)
                .map(|(_, (w, v))| (w, Bad::Value(v)))
                .collect();
            // 10 MB strings for the command's own arguments (a row field gets the 40,000 characters)
            if path.len() == 1 && huge {
                values.push(("a 10 MB string", Bad::HugeString));
                values.push(("a 10 MB hostile string", Bad::HugeHostileString));
            }
            for (what, bad) in values {
                let must = match &bad {
                    Bad::Value(v) => must_refuse(slot, v),
                    _ => must_refuse(slot, &json!("")),
                };
                out.push(Case {
                    cmd,
                    must_refuse: must,
                    body: Body::Replaced {
                        good: good.clone(),
                        path: path.clone(),
                        bad,
                    },
                    what: format!("{} = {what}", show(&path)),
                });
            }
            if let Some(body) = removed(&good, &path) {
                out.push(Case {
                    cmd,
                    body: Body::Json(body),
                    what: format!("{} missing", show(&path)),
                    must_refuse: path.len() == 1 && required.contains(&show(&path)),
                });
            }
        }
        // unknown extra arguments are ignored
        let mut extra = (*good).clone();
        if let Some(o) = extra.as_object_mut() {
            o.insert("path".into(), json!("/etc/passwd"));
            o.insert("__proto__".into(), json!({ "admin": true }));
        }
        out.push(Case {
            cmd,
            body: Body::Json(extra),
            what: "extra arguments (a path, __proto__)".into(),
            must_refuse: false,
        });
    }
    out
}

/// Tally of the outcomes, printed by the test.
#[derive(Default)]
struct Tally {
    ok: usize,
    by_code: std::collections::BTreeMap<String, usize>,
}

#[test]
fn every_command_answers_malformed_hostile_and_oversized_payloads_with_a_typed_error_and_leaves_the_workbook_as_it_was()
 {
    let started = Instant::now();
    let fx = Fixture::new();
    let codes = error_codes();
    // each accepted payload really is accepted, so each mutation below differs from a success by that mutation
    for (cmd, payload) in accepted_payloads(&fx.original) {
        let outcome = fx.call(cmd, InvokeBody::Json(payload.clone()));
        let accepted = match (&outcome, cmd) {
            (Outcome::Ok(_), _) => true,
            // nothing to undo or redo in a fresh state: the typed refusal is the accepted answer
            (Outcome::Err(e), "undo" | "redo") => untyped(e, &codes).is_none(),
            // no preview under that token in a fresh state: likewise
            (Outcome::Err(e), "import_apply" | "import_remap") => e["code"] == "not_found",
            // no round to read returns for, and no returns read, in a fresh state: likewise
            (Outcome::Err(e), "inquiry_read" | "inquiry_apply") => e["code"] == "invalid",
            // no 宿題 to close in a fresh state: likewise
            (Outcome::Err(e), "close_action") => e["code"] == "not_found",
            _ => false,
        };
        assert!(
            accepted,
            "`{cmd}` refuses the payload it should accept {}: {outcome:?}",
            clip(&payload.to_string())
        );
        if let Err(e) = fx.restore_and_compare(cmd, &outcome) {
            panic!("`{cmd}` with its accepted payload: {e}");
        }
    }
    let cases = cases(&fx.original);
    let mut tally = Tally::default();
    let mut failures = vec![];
    for case in &cases {
        let outcome = fx.call(case.cmd, case.body.make());
        let problem = match &outcome {
            Outcome::Panic(p) => Some(format!("panicked: {}", clip(p))),
            Outcome::Ok(_) if case.must_refuse => Some("accepted a value of the wrong type".into()),
            Outcome::Ok(_) => {
                tally.ok += 1;
                None
            }
            Outcome::Err(e) => match untyped(e, &codes) {
                Some(why) => Some(format!("an untyped error ({why})")),
                None => {
                    let code = e["code"].as_str().unwrap_or_default().to_string();
                    if case.must_refuse && code != "invalid" {
                        Some(format!("refused a value of the wrong type with `{code}`"))
                    } else {
                        *tally.by_code.entry(code).or_default() += 1;
                        None
                    }
                }
            },
        };
        if let Some(p) = problem {
            failures.push(format!("`{}` with {}: {p}", case.cmd, case.what));
        }
        if let Err(e) = fx.restore_and_compare(case.cmd, &outcome) {
            failures.push(format!("`{}` with {}: {e}", case.cmd, case.what));
        }
        if failures.len() >= 40 {
            break;
        }
    }
    fx.check_file();
    println!(
        "ipc fuzz: {} cases over {} commands in {:.1} s: {} accepted, refused by code {:?}",
        cases.len(),
        accepted_payloads(&fx.original)
            .iter()
            .map(|p| p.0)
            .collect::<BTreeSet<_>>()
            .len(),
        started.elapsed().as_secs_f64(),
        tally.ok,
        tally.by_code
    );
    assert!(
        failures.is_empty(),
        "{} calls went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_command_has_a_fuzz_payload_and_the_handler_the_manifest_and_the_permissions_agree() {
    let manifest: BTreeSet<String> = crate::security_config::own_commands();
    assert!(
        manifest.len() >= 20,
        "COMMANDS in build.rs lists only {manifest:?}"
    );
    // the handler is generated from the same list (`commands::names::command_list!`); checked here: it routes
    // each one. Called with `{}`, every command is answered by dxplan's own code (a view or `{code, message}`),
    // never by Tauri's refusal of a command it has no handler for (a plain string).
    let fx = Fixture::new();
    let unrouted: Vec<String> = manifest
        .iter()
        .filter_map(|cmd| {
            let outcome = fx.call(cmd, InvokeBody::Json(json!({})));
            if let Err(e) = fx.restore_and_compare(cmd, &outcome) {
                panic!("`{cmd}` with {{}}: {e}");
            }
            matches!(outcome, Outcome::Err(Value::String(_)) | Outcome::Panic(_))
                .then(|| format!("{cmd}: {outcome:?}"))
        })
        .collect();
    assert!(
        unrouted.is_empty(),
        "generate_handler! in lib.rs does not route these commands of COMMANDS: {unrouted:?}"
    );
    let granted: BTreeSet<String> = include_str!("../../permissions/dxplan.toml")
        .split('"')
        .filter_map(|w| w.strip_prefix("allow-"))
        .map(|w| w.replace('-', "_"))
        .collect();
    assert_eq!(
        granted, manifest,
        "permissions/dxplan.toml grants a different set of commands than build.rs declares"
    );
    let wb = dxplan::data::demo::demo_workbook().expect("the demo workbook");
    let fuzzed: BTreeSet<String> = accepted_payloads(&wb)
        .into_iter()
        .map(|(c, _)| c.to_string())
        .collect();
    let missing: Vec<&String> = manifest.difference(&fuzzed).collect();
    assert!(
        missing.is_empty(),
        "commands without a fuzz payload (add them to accepted_payloads in ipc_fuzz.rs): {missing:?}"
    );
    let stale: Vec<&String> = fuzzed.difference(&manifest).collect();
    assert!(
        stale.is_empty(),
        "fuzz payloads for commands the app no longer has: {stale:?}"
    );
}

#[test]
fn calls_outside_the_capability_are_refused_by_tauri_before_any_command_runs() {
    let fx = Fixture::new();
    let refused = |origin: &str, cmd: &str, body: Value| {
        let outcome = fx.call_from(origin, cmd, InvokeBody::Json(body));
        assert!(
            matches!(outcome, Outcome::Err(Value::String(_))),
            "`{cmd}` from {origin} was not refused by Tauri's ACL: {outcome:?}"
        );
        fx.restore_and_compare(cmd, &outcome)
            .unwrap_or_else(|e| panic!("`{cmd}` from {origin}: {e}"));
    };
    for cmd in [
        "plugin:dialog|open",
        "plugin:dialog|save",
        "plugin:dialog|message",
        "plugin:fs|read_text_file",
        "plugin:shell|execute",
        "plugin:http|fetch",
        "plugin:opener|open_url",
        "plugin:webview|create_webview_window",
        "plugin:window|close",
        "plugin:app|version",
        "plugin:path|resolve_directory",
        "plugin:event|emit",
        "no_such_command",
        "",
    ] {
        refused(LOCAL_ORIGIN, cmd, json!({ "path": "/etc/passwd" }));
    }
    // a page from anywhere but the app's own assets reaches none of dxplan's commands
    for (cmd, payload) in accepted_payloads(&fx.original) {
        for origin in [
            "https://example.com/",
            "http://localhost:1420/",
            "http://ipc.localhost/",
        ] {
            refused(origin, cmd, payload.clone());
        }
    }
    fx.check_file();
}
