use super::*;
use crate::data::demo::demo_workbook;
use crate::model::InquiryUnit;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn round() -> Inquiry {
    Inquiry {
        id: 1,
        name: "令和7年12月 進捗照会".into(),
        as_of: d(2025, 12, 1),
        due: d(2025, 12, 12),
        created: d(2025, 12, 1),
        token: crate::model::inquiry::token_from([9; 16]),
        units: vec![InquiryUnit::asked("介護保険課")],
    }
}

#[test]
fn every_row_is_asked_of_each_of_its_owner_units() {
    let wb = demo_workbook().expect("demo");
    let forms = plan_forms(&wb, d(2025, 12, 1), None).expect("forms");
    assert!(forms.len() > 3, "the demo has several 課: {}", forms.len());
    // a system owned by two 課 puts its steps on both forms
    let shared = wb
        .systems
        .iter()
        .find(|s| s.owner_units.len() > 1)
        .expect("the demo has a system owned by two 課");
    let step = wb.steps_of(shared.id)[0].id;
    for u in &shared.owner_units {
        let name = wb.unit_name(Some(*u));
        let f = forms
            .iter()
            .find(|f| f.unit == name)
            .unwrap_or_else(|| panic!("a form for {name}"));
        assert!(
            f.rows
                .iter()
                .any(|r| r.kind == AskKind::Step && r.id == step),
            "{name} is asked about step {step} of {}",
            shared.name
        );
    }
    // no 【参考】 row is asked
    let reference: Vec<Id> = wb
        .initiatives
        .iter()
        .filter(|i| i.reference)
        .flat_map(|i| wb.tasks_of(i.id))
        .map(|t| t.id)
        .collect();
    assert!(
        forms
            .iter()
            .flat_map(|f| &f.rows)
            .all(|r| r.kind != AskKind::Task || !reference.contains(&r.id)),
        "【参考】 rows are never asked"
    );
}

#[test]
fn a_unit_named_that_owns_nothing_is_refused_by_name() {
    let wb = demo_workbook().expect("demo");
    let e = plan_forms(&wb, d(2025, 12, 1), Some(&["存在しない課".to_string()])).unwrap_err();
    assert!(e.message.contains("存在しない課"), "{}", e.message);
}

#[test]
fn file_names_read_as_the_round_and_unit_and_take_no_path_characters() {
    let r = round();
    assert_eq!(file_name(&r, "介護保険課"), "R7.12進捗照会_介護保険課.xlsx");
    assert_eq!(file_name(&r, "../a/b:c*"), "R7.12進捗照会__a_b_c_.xlsx");
}

#[test]
fn metadata_reads_back_and_notices_an_edited_value() {
    let wb = demo_workbook().expect("demo");
    let forms = plan_forms(&wb, d(2025, 12, 1), None).expect("forms");
    let meta = FormMeta::of(&wb, &round(), &forms[0]);
    let mut cells = meta.cells();
    let sig = digest(&meta.token, &cells);
    cells.push(vec!["digest".into(), sig]);
    assert_eq!(FormMeta::parse(&cells).expect("reads back"), meta);
    let mut edited = cells.clone();
    edited[9][3] = "中止（書き換え）".into();
    assert!(
        FormMeta::parse(&edited).unwrap_err().contains("書き換え"),
        "an edited sent value is noticed"
    );
    let mut foreign = cells;
    foreign[0][0] = "something".into();
    assert!(FormMeta::parse(&foreign).is_err(), "not our format");
}

#[test]
fn keys_read_back_with_full_width_letters_and_spaces() {
    assert_eq!(AskKind::parse_key(" Ｔ１２ "), Some((AskKind::Task, 12)));
    assert_eq!(AskKind::parse_key("s345"), Some((AskKind::Step, 345)));
    assert_eq!(AskKind::parse_key("X1"), None);
    assert_eq!(AskKind::parse_key("T0"), None);
}

#[test]
fn an_answer_is_put_in_the_row_under_the_rows_own_rules() {
    let wb = demo_workbook().expect("demo");
    let t = &wb.tasks[0];
    let mut a = current(&wb, AskKind::Task, t.id).expect("task");
    a.actual_start = Some(d(2025, 12, 1));
    a.actual_end = Some(d(2025, 11, 1));
    let e = answered_row(&wb, AskKind::Task, t.id, &a).unwrap_err();
    assert!(e.message.contains("終了日"), "{}", e.message);
    a.actual_end = None;
    a.status = "作業中".into();
    a.progress = Some(40);
    match answered_row(&wb, AskKind::Task, t.id, &a).expect("valid") {
        Entity::Task(n) => {
            assert_eq!(n.progress, 40);
            assert_eq!(n.status, Status::InProgress);
        }
        other => panic!("a task: {other:?}"),
    }
}
