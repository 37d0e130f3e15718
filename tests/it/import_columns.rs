//! The header mapping of 取り込み (issue #15): when the guess by header names is wrong, the columns are named by
//! hand (the window's drop-downs, the CLI's `--map`) and the same planner reads the file with them; a required
//! field without a column reads no row and says why, listing the header's columns to choose from.

use dxplan::import::columns::ColumnMap;
use dxplan::import::staff::{self, StaffOptions, plan_staff_import_mapped};
use dxplan::import::training::{self, TrainingOptions, plan_training_import_mapped};
use dxplan::model::Workbook;

use crate::support::{dxplan, path_str, tmp};

fn demo() -> Workbook {
    dxplan::data::demo::demo_workbook().expect("the demo workbook")
}

/// A personnel export whose headers the guesser gets wrong: the number is under 社員コード (no known name), and
/// 職名 (a job type the guesser takes for 職位, being the first of its names in the row) stands before the real
/// 職位.
fn export(unit: &str) -> String {
    format!(
        "社員コード,名前,所属,職名,職位\n\
         A-0101,髙橋　一郎,{unit},事務,主事\n\
         A-0102,山﨑　花子,{unit},技術,主任\n"
    )
}

fn plan(wb: &Workbook, csv: &str, map: &ColumnMap) -> dxplan::import::ImportPlan {
    plan_staff_import_mapped(
        wb,
        csv.as_bytes(),
        StaffOptions::default(),
        map,
        &dxplan::import::progress::silent,
    )
    .expect("the file is read")
    .expect("never stopped")
}

#[test]
fn a_staff_list_the_guesser_misreads_reads_no_row_and_names_its_columns_until_they_are_chosen() {
    let wb = demo();
    let unit = wb.units[0].name.clone();
    let csv = export(&unit);
    let guessed = plan(&wb, &csv, &ColumnMap::default());
    assert!(
        guessed
            .unmapped
            .as_deref()
            .is_some_and(|m| m.contains("「職員番号」と「氏名」の列が必要です")),
        "without 職員番号 nothing is read, with the reason: {:?}",
        guessed.unmapped
    );
    assert!(!guessed.has_changes(), "no row is planned");
    assert_eq!(
        guessed.headers,
        ["社員コード", "名前", "所属", "職名", "職位"],
        "the header's columns, to choose from"
    );
    let col = |p: &dxplan::import::ImportPlan, f: &str| {
        p.columns
            .iter()
            .find(|u| u.field == f)
            .and_then(|u| u.column)
    };
    assert_eq!(
        col(&guessed, "職員番号"),
        None,
        "no column guessed for 職員番号"
    );
    assert_eq!(col(&guessed, "氏名"), Some(1), "氏名 guessed from 名前");
    assert_eq!(
        col(&guessed, "職位"),
        Some(3),
        "the guess takes 職名 for 職位"
    );

    let map = ColumnMap::parse("職員番号=社員コード,職位=職位", staff::FIELDS).expect("the map");
    let mapped = plan(&wb, &csv, &map);
    assert_eq!(mapped.unmapped, None, "every required field has its column");
    assert_eq!(
        (mapped.added.len(), mapped.rejected.len()),
        (2, 0),
        "both rows added: {:?}",
        mapped.rejected
    );
    assert_eq!(col(&mapped, "職員番号"), Some(0));
    assert_eq!(col(&mapped, "職位"), Some(4), "the chosen 職位 column");
    let mut after = wb.clone();
    dxplan::model::edit::apply(&mut after, mapped.into_edit(false).expect("the batch"))
        .expect("the batch applies");
    let hanako = after
        .people
        .iter()
        .find(|p| p.staff_no.as_deref() == Some("A-0102"))
        .expect("山﨑 added under her 社員コード");
    assert_eq!(
        (hanako.name.as_str(), hanako.position.as_str()),
        ("山﨑　花子", "主任"),
        "name and 職位 read from the chosen columns, 﨑 kept"
    );

    let none = ColumnMap::parse("職員番号=社員コード,職位=", staff::FIELDS).expect("the map");
    let without = plan(&wb, &csv, &none);
    assert_eq!(col(&without, "職位"), None, "「なし」 leaves 職位 unread");
    assert!(
        without
            .added
            .iter()
            .all(|l| !l.changes.iter().any(|c| c.contains("事務"))),
        "{:?}",
        without.added
    );
}

#[test]
fn training_records_with_an_unknown_number_column_are_read_once_it_is_chosen() {
    let wb = demo();
    let person = wb
        .people
        .iter()
        .find(|p| p.staff_no.is_some())
        .expect("a person with a 職員番号");
    let e = &wb.enrolments[0];
    let course = wb.course(e.course_id).expect("its course");
    let csv = format!(
        "社員コード,講座名,実施主体,受講年度\n{},{},{},令和8年度\n",
        person.staff_no.as_deref().unwrap_or_default(),
        course.name,
        course.provider
    );
    let read = |map: &ColumnMap| {
        plan_training_import_mapped(
            &wb,
            csv.as_bytes(),
            TrainingOptions::default(),
            map,
            &dxplan::import::progress::silent,
        )
        .expect("the file is read")
        .expect("never stopped")
    };
    let guessed = read(&ColumnMap::default());
    assert!(
        guessed.unmapped.is_some(),
        "no 職員番号 column: nothing read"
    );
    let map = ColumnMap::parse("職員番号=社員コード", training::FIELDS).expect("the map");
    let mapped = read(&map);
    assert_eq!(mapped.unmapped, None, "{:?}", mapped.unmapped);
    assert_eq!(
        mapped.headers,
        ["社員コード", "講座名", "実施主体", "受講年度"],
        "the header found once 職員番号 names its column"
    );
    assert_eq!(
        mapped.added.len() + mapped.changed.len() + mapped.unchanged,
        1,
        "the line is read: {:?}",
        mapped.rejected
    );
}

#[test]
fn the_cli_takes_the_same_map_and_refuses_a_header_not_in_the_file() {
    let dir = tmp();
    let file = dir.path().join("book.dxplan");
    let r = dxplan(&["demo", path_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let unit = demo().units[0].name.clone();
    let csv = dir.path().join("社員.csv");
    std::fs::write(&csv, export(&unit)).expect("the file");
    let r = dxplan(&["import", "staff", path_str(&file), path_str(&csv)]);
    assert_eq!(r.code, 2, "refused without the map: {}", r.stdout);
    assert!(
        r.stderr.contains("「職員番号」と「氏名」の列が必要です"),
        "{}",
        r.stderr
    );
    let r = dxplan(&[
        "import",
        "staff",
        path_str(&file),
        path_str(&csv),
        "--map",
        "職員番号=社員番号",
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("見出し「社員番号」が見出し行にありません"),
        "{}",
        r.stderr
    );
    let r = dxplan(&[
        "import",
        "staff",
        path_str(&file),
        path_str(&csv),
        "--map",
        "職員番号=社員コード,職位=職位",
    ]);
    assert_eq!(r.code, 0, "imported with the map: {}", r.stderr);
    let wb = dxplan::store::Store::open(&file)
        .and_then(|s| s.load())
        .expect("the workbook");
    assert!(
        wb.people
            .iter()
            .any(|p| p.staff_no.as_deref() == Some("A-0101") && p.position == "主事"),
        "髙橋 imported with the chosen columns"
    );
}
