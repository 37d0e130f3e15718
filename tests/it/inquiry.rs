//! 照会・回答: rounds recorded in the workbook (with undo), the forms written per 課 and checked with openpyxl, and
//! the returns read back together.

use chrono::NaiveDate;
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::model::*;
use dxplan::store::Store;

use crate::support::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn round(name: &str, token: u8) -> Inquiry {
    Inquiry {
        id: 0,
        name: name.into(),
        as_of: d("2025-12-01"),
        due: d("2025-12-12"),
        created: d("2025-12-01"),
        token: dxplan::model::inquiry::token_from([token; 16]),
        units: vec![
            InquiryUnit::asked("介護保険課"),
            InquiryUnit::asked("市民課"),
        ],
    }
}

#[test]
fn a_round_is_stored_with_its_units_and_undo_removes_it_from_the_file() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let applied = store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Inquiry(round("令和7年12月 進捗照会", 1)),
            },
        )
        .unwrap();
    let id = applied.new_id.expect("the round gets an id");
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(on_disk.inquiries.len(), 1, "one round on disk");
    assert_eq!(
        on_disk.inquiries[0].units,
        round("x", 1).units,
        "the units asked, in order, none answered"
    );
    assert_eq!(on_disk.inquiries[0].id, id);
    store.apply(&mut wb, applied.inverse).unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    assert!(on_disk.inquiries.is_empty(), "undo removed the round");
    let _ = Key::Inquiry(id);
}

#[test]
fn a_second_round_with_the_same_name_is_refused_and_nothing_changes() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let put = |r: Inquiry| Edit::Put {
        entity: Entity::Inquiry(r),
    };
    store
        .apply(&mut wb, put(round("令和7年12月 進捗照会", 1)))
        .unwrap();
    let before = normalized(wb.clone());
    let e = store
        .apply(&mut wb, put(round(" 令和7年12月 進捗照会 ", 2)))
        .unwrap_err();
    assert!(e.message.contains("既にあります"), "{}", e.message);
    assert_eq!(normalized(wb.clone()), before, "the workbook is unchanged");
    let mut late = round("令和8年1月 進捗照会", 3);
    late.due = d("2025-11-30");
    let e = store.apply(&mut wb, put(late)).unwrap_err();
    assert!(
        e.message.contains("回答期限")
            && e.message.contains("基準日")
            && e.message.contains("より前"),
        "{}",
        e.message
    );
    let on_disk = normalized(Store::open(&f).unwrap().load().unwrap());
    assert_eq!(on_disk.inquiries, before.inquiries, "the file is unchanged");
}

/// Runs the openpyxl helper (python3 with openpyxl is required: the test fails without it, it never skips).
pub fn openpyxl(args: &[&str]) -> String {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/third-party/inquiry.py"
    );
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (python3 and openpyxl are needed by this test)");
    assert!(
        out.status.success(),
        "openpyxl helper failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A demo workbook with a round written to `forms/`: (workbook file, forms folder).
pub fn round_written(
    dir: &std::path::Path,
    extra: &[&str],
) -> (std::path::PathBuf, std::path::PathBuf) {
    let f = demo_file(dir);
    let forms = dir.join("forms");
    std::fs::create_dir_all(&forms).unwrap();
    let mut args = vec![
        "inquiry",
        "new",
        path_str(&f),
        "--name",
        "令和7年12月 進捗照会",
        "--as-of",
        "令和7年12月1日",
        "--due",
        "R7.12.12",
        "-o",
        path_str(&forms),
    ];
    args.extend_from_slice(extra);
    let r = dxplan(&args);
    assert_eq!(r.code, 0, "round written: {}", r.stderr);
    (f, forms)
}

#[test]
fn a_form_read_by_openpyxl_has_drop_downs_dates_locked_cells_and_hidden_metadata() {
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    let wb = Store::open(&f).unwrap().load().unwrap();
    assert_eq!(wb.inquiries.len(), 1, "the round is recorded");
    let form = forms.join("R7.12進捗照会_介護保険課.xlsx");
    assert!(form.exists(), "the 介護保険課 form is named for people");
    let json: serde_json::Value =
        serde_json::from_str(&openpyxl(&["inspect", path_str(&form)])).unwrap();
    let sheets = json["sheets"].as_array().unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "記入のしかた", "the guide comes first: {names:?}");
    assert!(names.contains(&"標準化"), "介護保険 steps: {names:?}");
    let meta = sheets
        .iter()
        .find(|s| s["name"] == "_dxplan")
        .expect("metadata sheet");
    assert_eq!(meta["state"], "hidden", "the metadata is hidden");
    assert_eq!(
        meta["cells"]["B5"].as_str(),
        Some(wb.inquiries[0].token.as_str()),
        "the round token is in the metadata"
    );
    let step = sheets.iter().find(|s| s["name"] == "標準化").unwrap();
    assert_eq!(step["protected"], true, "the sheet is protected");
    assert_eq!(step["insert_rows_blocked"], true, "rows cannot be inserted");
    assert_eq!(step["paper"], 9, "A4");
    assert_eq!(step["orientation"], "landscape");
    assert_eq!(
        step["print_title_rows"], "$4:$4",
        "the header repeats on every page"
    );
    let vals = step["validations"].as_array().unwrap();
    assert!(
        vals.iter()
            .any(|v| v["type"] == "list" && v["formula1"] == "\"未着手,作業中,完了済み,対象外\""),
        "a drop-down of the workbook's own step labels: {vals:?}"
    );
    assert!(
        vals.iter().any(|v| v["type"] == "date"),
        "actual dates are validated as dates: {vals:?}"
    );
    let unlocked: Vec<&str> = step["unlocked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        unlocked.contains(&"G5") && unlocked.contains(&"J5") && unlocked.contains(&"K5"),
        "status, actual end and notes are editable: {unlocked:?}"
    );
    assert!(
        !unlocked
            .iter()
            .any(|c| c.starts_with('A') || c.starts_with('E') || c.starts_with('H')),
        "keys, plans and a step's (unasked) progress stay locked: {unlocked:?}"
    );
    let guide = &sheets[0];
    assert!(
        guide["unlocked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "C15"),
        "回答者・連絡先 is answered once, on the guide"
    );
    let text = guide["cells"].to_string();
    assert!(
        text.contains("令和7年12月12日") && text.contains("DX推進課"),
        "by when, to whom: {text}"
    );
}

#[test]
fn a_task_named_like_a_formula_stays_text_in_the_form() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let mut t = wb
        .tasks
        .iter()
        .find(|t| t.owner_unit.is_some())
        .unwrap()
        .clone();
    t.name = "=HYPERLINK(\"http://example.com\",\"x\")".into();
    let owner = wb.unit_name(t.owner_unit).to_string();
    store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Task(t),
            },
        )
        .unwrap();
    drop(store);
    let forms = dir.path().join("forms");
    std::fs::create_dir_all(&forms).unwrap();
    let r = dxplan(&[
        "inquiry",
        "new",
        path_str(&f),
        "--name",
        "照会",
        "--as-of",
        "2025-12-01",
        "--due",
        "2025-12-12",
        "--units",
        &owner,
        "-o",
        path_str(&forms),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let form = std::fs::read_dir(&forms)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let json: serde_json::Value =
        serde_json::from_str(&openpyxl(&["inspect", path_str(&form)])).unwrap();
    let tasks = json["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "工程表")
        .expect("a 工程表 sheet");
    assert!(
        tasks["cells"].to_string().contains("=HYPERLINK"),
        "the name is written as typed: {}",
        tasks["cells"]
    );
    assert_eq!(
        tasks["formulas"].as_array().unwrap().len(),
        0,
        "no cell of the form is a formula"
    );
}
