//! Training records import (`dxplan import training`): CSV in UTF-8 and Shift_JIS, Excel, updates by
//! (職員番号, 研修, 年度), per-line refusals that change nothing.

use dxplan::calendar::FiscalYear;
use dxplan::import::Encoding;
use dxplan::import::training::{TrainingOptions, plan_training_import};
use dxplan::model::{EnrolmentStatus, Workbook};
use dxplan::store::Store;

use crate::support::{dxplan, normalized, path_str, tmp};

fn demo() -> Workbook {
    dxplan::data::demo::demo_workbook().expect("demo workbook builds")
}

/// A course whose name no other course shares, and a person with a 職員番号 not enrolled on it in FY2027.
fn course_and_person(wb: &Workbook) -> (String, String, i64) {
    let course = wb
        .courses
        .iter()
        .find(|c| wb.courses.iter().filter(|o| o.name == c.name).count() == 1)
        .expect("a course with a unique name");
    let person = wb
        .people
        .iter()
        .find(|p| p.staff_no.is_some())
        .expect("a person with a 職員番号");
    (
        course.name.clone(),
        person.staff_no.clone().unwrap(),
        person.id,
    )
}

#[test]
fn a_training_file_adds_new_enrolments_and_updates_existing_ones_by_staff_number_course_and_year() {
    let dir = tmp();
    let file = dir.path().join("w.dxplan");
    let mut store = Store::create(&file, &demo(), false).unwrap();
    let mut wb = store.load().unwrap();
    let (course, staff_no, person_id) = course_and_person(&wb);
    // an existing planned enrolment, now reported as taken
    let planned = wb
        .enrolments
        .iter()
        .find(|e| e.status == EnrolmentStatus::Planned)
        .expect("the demo has planned enrolments")
        .clone();
    let p = wb
        .person(planned.person_id)
        .unwrap()
        .staff_no
        .clone()
        .unwrap();
    let c = wb.course(planned.course_id).unwrap();
    // an existing enrolment written exactly as it is
    let same = wb
        .enrolments
        .iter()
        .find(|e| e.status == EnrolmentStatus::Completed)
        .unwrap()
        .clone();
    let sp = wb.person(same.person_id).unwrap().staff_no.clone().unwrap();
    let sc = wb.course(same.course_id).unwrap();
    let csv = format!(
        "職員番号,実施主体,研修,年度,状況,受講月,修了日\n\
         {staff_no},,{course},令和9年度,予定,,\n\
         {p},{},{},{},受講済,,{}\n\
         {sp},{},{},{},修了,{},{}\n",
        c.provider,
        c.name,
        planned.year.0,
        planned.year.start() + chrono::Days::new(100),
        sc.provider,
        sc.name,
        same.year.label(),
        same.month.unwrap(),
        same.completed_on.unwrap(),
    );
    let plan = plan_training_import(&wb, csv.as_bytes(), TrainingOptions::default()).unwrap();
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!(
        (plan.added.len(), plan.changed.len(), plan.unchanged),
        (1, 1, 1),
        "{}",
        plan.report()
    );
    assert!(
        plan.report().contains("状況: 予定 → 修了"),
        "the change is named: {}",
        plan.report()
    );
    plan.apply(&mut store, &mut wb, false).unwrap();
    let back = store.load().unwrap();
    let added = back
        .enrolments
        .iter()
        .find(|e| e.person_id == person_id && e.year == FiscalYear(2027))
        .expect("added for 令和9年度");
    assert_eq!(added.status, EnrolmentStatus::Planned);
    let done = back.enrolments.iter().find(|e| e.id == planned.id).unwrap();
    assert_eq!(
        done.status,
        EnrolmentStatus::Completed,
        "updated by its key"
    );
    assert_eq!(
        done.completed_on,
        Some(planned.year.start() + chrono::Days::new(100)),
        "修了日 as given"
    );
    assert_eq!(
        back.enrolments.len(),
        wb.enrolments.len(),
        "the workbook in memory and the file agree"
    );
}

#[test]
fn a_shift_jis_file_with_other_header_names_and_japanese_years_is_read() {
    let wb = demo();
    let (course, staff_no, person_id) = course_and_person(&wb);
    let text =
        format!("職員ＩＤ,研修名,受講日,受講状況\r\n{staff_no},{course},令和9年7月1日,ｷｬﾝｾﾙ\r\n");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(
        !unmappable && std::str::from_utf8(&bytes).is_err(),
        "really Shift_JIS"
    );
    for encoding in [Encoding::Auto, Encoding::ShiftJis] {
        let plan = plan_training_import(&wb, &bytes, TrainingOptions { encoding }).unwrap();
        assert!(
            plan.rejected.is_empty(),
            "{encoding:?}: {:?}",
            plan.rejected
        );
    }
    let plan = plan_training_import(&wb, &bytes, TrainingOptions::default()).unwrap();
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!(plan.added.len(), 1, "{}", plan.report());
    let mut w = wb.clone();
    dxplan::model::edit::apply(&mut w, plan.edits).unwrap();
    let e = w
        .enrolments
        .iter()
        .find(|e| e.person_id == person_id && e.year == FiscalYear(2027))
        .unwrap();
    assert_eq!(
        (e.status, e.month),
        (EnrolmentStatus::Cancelled, Some(7)),
        "ｷｬﾝｾﾙ (half-width) is 取消; the 年度 and month come from 受講日"
    );
}

#[test]
fn a_training_file_with_bad_lines_changes_nothing_and_names_each_line_and_reason() {
    let dir = tmp();
    let file = dir.path().join("w.dxplan");
    let mut store = Store::create(&file, &demo(), false).unwrap();
    let mut wb = store.load().unwrap();
    let (course, staff_no, _) = course_and_person(&wb);
    let csv = format!(
        "\u{FEFF}職員番号,研修,年度,状況\n\
         {staff_no},{course},2027,予定\n\
         9999999,{course},2027,予定\n\
         {staff_no},存在しない研修,2027,予定\n\
         {staff_no},{course},来年度,予定\n\
         {staff_no},{course},2028,予定\n\
         {staff_no},{course},令和10年度,予定\n\
         {staff_no},{course}\n\
         {staff_no},{course},2029,保留\n"
    );
    let before = normalized(store.load().unwrap());
    let plan = plan_training_import(&wb, csv.as_bytes(), TrainingOptions::default()).unwrap();
    let lines: Vec<usize> = plan.rejected.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        lines,
        vec![3, 4, 5, 6, 7, 8, 9],
        "every bad line by its number: {:?}",
        plan.rejected
    );
    let reason = |l: usize| {
        plan.rejected
            .iter()
            .find(|(n, _)| *n == l)
            .unwrap()
            .1
            .clone()
    };
    assert!(reason(3).contains("職員番号「9999999」"), "{}", reason(3));
    assert!(reason(4).contains("存在しない研修"), "{}", reason(4));
    assert!(reason(5).contains("年度「来年度」"), "{}", reason(5));
    assert!(
        reason(6).contains("7行目") && reason(7).contains("6行目"),
        "2028 and 令和10年度 are the same enrolment: {} / {}",
        reason(6),
        reason(7)
    );
    assert!(reason(8).contains("列の数"), "{}", reason(8));
    assert!(reason(9).contains("「保留」"), "{}", reason(9));
    assert_eq!(plan.added.len(), 1, "the good line is planned");
    let err = plan.apply(&mut store, &mut wb, false).unwrap_err();
    assert!(
        err.message.contains("取り込めない行が7行"),
        "{}",
        err.message
    );
    assert_eq!(normalized(store.load().unwrap()), before, "nothing applied");
}

#[test]
fn the_cli_imports_an_excel_sheet_with_a_title_row_and_dry_runs_without_writing() {
    let dir = tmp();
    let file = crate::support::demo_file(dir.path());
    let wb = Store::open(&file).unwrap().load().unwrap();
    let (course, staff_no, person_id) = course_and_person(&wb);
    let xlsx = dir.path().join("研修記録.xlsx");
    {
        let mut x = rust_xlsxwriter::Workbook::new();
        let ws = x.add_worksheet();
        ws.write_string(0, 0, "令和9年度 研修受講記録").unwrap();
        for (c, h) in ["職員番号", "研修名", "受講日", "状況"].iter().enumerate() {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        ws.write_number(3, 0, staff_no.parse::<f64>().unwrap())
            .unwrap();
        ws.write_string(3, 1, &course).unwrap();
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2027, 9, 10).unwrap();
        ws.write_datetime(3, 2, day).unwrap();
        ws.write_string(3, 3, "受講済").unwrap();
        x.save(&xlsx).unwrap();
    }
    let before = crate::support::bytes(&file);
    let r = dxplan(&[
        "import",
        "training",
        path_str(&file),
        path_str(&xlsx),
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("追加 1件、変更 0件"), "{}", r.stdout);
    assert_eq!(
        crate::support::bytes(&file),
        before,
        "a dry run writes nothing"
    );
    let r = dxplan(&["import", "training", path_str(&file), path_str(&xlsx)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let back = Store::open(&file).unwrap().load().unwrap();
    let e = back
        .enrolments
        .iter()
        .find(|e| e.person_id == person_id && e.year == FiscalYear(2027))
        .expect("imported from the sheet");
    assert_eq!(e.status, EnrolmentStatus::Completed);
    assert_eq!(e.completed_on, chrono::NaiveDate::from_ymd_opt(2027, 9, 10));
    // a bad file through the CLI: exit code 2, the line in Japanese, nothing written
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        format!("職員番号,研修,年度\n{staff_no},{course},来年度\n"),
    )
    .unwrap();
    let before = crate::support::bytes(&file);
    let r = dxplan(&["import", "training", path_str(&file), path_str(&csv)]);
    assert_eq!(r.code, 2, "bad input: {}", r.stderr);
    assert!(
        r.stderr.contains("2行目") && r.stderr.contains("年度"),
        "{}",
        r.stderr
    );
    assert_eq!(crate::support::bytes(&file), before, "nothing written");
}
