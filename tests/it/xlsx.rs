//! Excel export and import, staff CSV and step templates: round trips, encodings, refusals, formula injection.

use std::io::Read;

use chrono::{Datelike, NaiveDate};
use dxplan::error::ErrorCode;
use dxplan::import::Encoding;
use dxplan::import::plan_xlsx_import;
use dxplan::import::staff::{StaffOptions, plan_staff_import};
use dxplan::model::Workbook;
use dxplan::store::Store;
use dxplan::xlsx::{XlsxOptions, export_xlsx, export_xlsx_to_buffer};

use crate::support::{dxplan, normalized, path_str, tmp};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn demo() -> Workbook {
    dxplan::data::demo::demo_workbook().expect("demo workbook builds")
}

fn opts() -> XlsxOptions {
    XlsxOptions::new(d("2025-11-20"))
}

/// Every sheet XML of an .xlsx, by part name.
fn sheet_xml(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut out = vec![];
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("zip entry");
        let name = f.name().expect("entry name").to_string();
        if name.starts_with("xl/worksheets/sheet") {
            let mut s = String::new();
            f.read_to_string(&mut s).expect("utf-8 xml");
            out.push((name, s));
        }
    }
    out
}

/// Contents of every `<f>` element (formulas) of the file.
fn formulas(bytes: &[u8]) -> Vec<String> {
    let mut v = vec![];
    for (_, xml) in sheet_xml(bytes) {
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("<f>") {
            let after = &rest[i + 3..];
            let end = after.find("</f>").expect("closed <f>");
            v.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    v
}

#[test]
fn exporting_the_demo_and_importing_it_back_plans_no_change() {
    let wb = demo();
    let bytes = export_xlsx_to_buffer(&wb, &opts()).expect("export");
    let plan = plan_xlsx_import(&wb, &bytes).expect("our own file is readable");
    assert!(
        plan.rejected.is_empty(),
        "no row refused: {:?}",
        plan.rejected
    );
    assert!(
        plan.added.is_empty() && plan.changed.is_empty(),
        "nothing to do: {}",
        plan.report()
    );
    assert_eq!(plan.edit_count(), 0, "an empty batch");
    let rows = wb.tasks.len() + wb.system_steps.len() + wb.procedures.len();
    assert_eq!(
        plan.unchanged, rows,
        "every task, step and procedure was read back as equal"
    );
}

#[test]
fn the_file_has_the_eight_sheets_a_japanese_font_and_a3_landscape_print_setup() {
    let bytes = export_xlsx_to_buffer(&demo(), &opts()).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut book = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut book)
        .unwrap();
    for name in [
        "工程表",
        "移行計画",
        "オンライン化",
        "研修計画",
        "推進体制",
        "データ",
        "経費",
        "推移",
    ] {
        assert!(
            book.contains(&format!("name=\"{name}\"")),
            "sheet {name} exists"
        );
    }
    assert!(
        book.contains("_xlnm.Print_Titles"),
        "repeated header rows/columns are defined"
    );
    let mut styles = String::new();
    z.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("IPAexゴシック"), "Japanese font");
    assert!(styles.contains("[$-411]ggge"), "和暦 date format");
    let mut core = String::new();
    z.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(
        core.contains("<dc:title>みなと川市 DX推進計画</dc:title>"),
        "title set: {core}"
    );
    assert!(
        !core.contains("<dc:creator>") || core.contains("<dc:creator></dc:creator>"),
        "no user name in the metadata: {core}"
    );
    for (name, xml) in sheet_xml(&bytes) {
        assert!(
            xml.contains("orientation=\"landscape\""),
            "{name} landscape"
        );
        assert!(xml.contains("paperSize=\"8\""), "{name} A3");
        assert!(
            xml.contains("fitToPage=\"1\"")
                || (xml.contains("<colBreaks") && xml.contains(" scale=\"")),
            "{name} fits one page wide, or prints a long month grid in slices at a fixed scale"
        );
        assert!(
            xml.contains("<oddHeader>") && xml.contains("&amp;P / &amp;N"),
            "{name} header and page x / y"
        );
        assert!(xml.contains("<pane "), "{name} has frozen panes");
    }
}

/// The `id`s of the `<brk>` elements inside `<colBreaks>` of a sheet's XML.
fn col_breaks(xml: &str) -> Vec<u16> {
    let Some(start) = xml.find("<colBreaks") else {
        return vec![];
    };
    let end = xml[start..].find("</colBreaks>").expect("closed colBreaks") + start;
    xml[start..end]
        .split("<brk id=\"")
        .skip(1)
        .map(|s| {
            s[..s.find('"').expect("quoted id")]
                .parse()
                .expect("numeric id")
        })
        .collect()
}

#[test]
fn a_long_month_grid_prints_in_fiscal_year_slices_with_the_title_columns_on_every_page() {
    let wb = demo();
    let months = dxplan::xlsx::month_range(&wb, &opts());
    assert!(
        months.len() > 24,
        "the demo's plan period is long: {} months",
        months.len()
    );
    let bytes = export_xlsx_to_buffer(&wb, &opts()).unwrap();
    let sheets = sheet_xml(&bytes);
    let roadmap = &sheets
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .expect("工程表 is the first sheet")
        .1;
    assert!(
        !roadmap.contains("fitToPage=\"1\""),
        "no fit-to-width: Excel would ignore the breaks"
    );
    let scale: u32 = roadmap
        .split(" scale=\"")
        .nth(1)
        .and_then(|s| s[..s.find('"')?].parse().ok())
        .expect("a fixed print scale");
    assert!((50..=100).contains(&scale), "readable scale, got {scale}%");
    let first_month = 4u16; // 取組事項, 担当課, 目標時期, 状況
    let breaks = col_breaks(roadmap);
    assert!(breaks.len() >= 2, "several pages across: {breaks:?}");
    let mut page_start = 0usize;
    for b in &breaks {
        let k = usize::from(b - first_month);
        assert_eq!(
            months[k].month(),
            4,
            "column {b} starts a 年度 (April), not {}",
            months[k]
        );
        assert!(
            k - page_start <= 24,
            "at most two 年度 a page: months {page_start}..{k}"
        );
        page_start = k;
    }
    assert!(
        months.len() - page_start <= 24,
        "the last page holds at most two 年度 too"
    );
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut book = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut book)
        .unwrap();
    assert!(
        book.contains("工程表!$A:$D"),
        "the title columns repeat at the left of every page: {book}"
    );
    // the sheet keeps every month
    let model = dxplan::xlsx::build_book(&wb, &opts()).unwrap();
    let month_heads = model.sheets[0]
        .cells
        .iter()
        .filter(|c| c.row == 4 && c.col >= first_month)
        .count();
    assert_eq!(
        month_heads,
        months.len(),
        "one column per month of the plan period"
    );

    // one 年度 fits one page wide as before
    let mut short = opts();
    short.from = Some(d("2025-04-01"));
    short.to = Some(d("2026-03-31"));
    let bytes = export_xlsx_to_buffer(&wb, &short).unwrap();
    let sheets = sheet_xml(&bytes);
    let (_, roadmap) = sheets
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .expect("工程表");
    assert!(
        roadmap.contains("fitToPage=\"1\""),
        "a short grid fits one page wide"
    );
    assert!(col_breaks(roadmap).is_empty(), "and has no breaks");
}

#[test]
fn text_that_looks_like_a_formula_stays_text_in_every_field_and_survives_a_round_trip() {
    let mut wb = demo();
    let evil = [
        "=HYPERLINK(\"http://x\",\"a\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "＝１＋１",
        "＋cmd",
        "－1",
        "＠A1",
    ];
    let pick = |i: usize| evil[i % evil.len()].to_string();
    for (i, t) in wb.tasks.iter_mut().enumerate() {
        t.name = format!("{}{i}", pick(i));
        t.notes = format!("\t{}", pick(i + 1));
    }
    for (i, s) in wb.system_steps.iter_mut().enumerate() {
        s.notes = format!("\r{}", pick(i));
    }
    for (i, p) in wb.procedures.iter_mut().enumerate() {
        p.name = format!("{}手続{i}", pick(i));
        p.notes = pick(i + 2);
        p.excluded_reason = format!("{}理由", pick(i + 3));
    }
    for (i, s) in wb.systems.iter_mut().enumerate() {
        s.vendor = pick(i);
        s.name = format!("{}業務{i}", pick(i + 1));
    }
    for (i, u) in wb.units.iter_mut().enumerate() {
        u.name = format!("{}{}", pick(i), u.name);
    }
    for (i, p) in wb.people.iter_mut().enumerate() {
        p.name = format!("{}{}", pick(i), p.name);
    }
    for (i, init) in wb.initiatives.iter_mut().enumerate() {
        init.name = format!("{}{}", pick(i), init.name);
    }
    wb.meta.municipality = "=cmd|'/c calc'!A1".into();
    let mut o = opts();
    o.include_personal = true;
    let bytes = export_xlsx_to_buffer(&wb, &o).unwrap();
    let fs = formulas(&bytes);
    assert!(
        !fs.is_empty(),
        "our own formulas (完了率, 計, 件数) are there"
    );
    for f in &fs {
        assert!(
            f.starts_with("(COUNTIF(") || f.starts_with("COUNTIF(") || f.starts_with("SUM("),
            "only formulas built by dxplan: {f}"
        );
        for e in evil {
            let e = e.trim_start_matches(['=', '+', '-', '@']);
            assert!(
                e.is_empty() || !f.contains(e),
                "user text {e:?} is not inside a formula: {f}"
            );
        }
    }
    let plan = plan_xlsx_import(&wb, &bytes).unwrap();
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!(
        plan.edit_count(),
        0,
        "formula-like text reads back as the same text: {}",
        plan.report()
    );
}

#[test]
fn an_edited_data_sheet_changes_exactly_the_edited_rows_in_one_transaction() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XWorkbook};
    let dir = tmp();
    let file = dir.path().join("w.dxplan");
    let wb = demo();
    let mut store = Store::create(&file, &wb, false).unwrap();
    let mut wb = store.load().unwrap();
    let t = wb.tasks[0].clone();
    let p = wb.procedures[0].clone();
    // a user's own sheet with our headers in another order, one task moved, one procedure marked 遅延
    let mut x = XWorkbook::new();
    let ws = x.add_worksheet();
    ws.set_name("データ").unwrap();
    let date = Format::new().set_num_format("yyyy/mm/dd");
    for (c, h) in ["ID", "種別", "名称", "計画開始", "計画終了", "状況", "備考"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, t.id as f64).unwrap();
    ws.write_string(1, 1, "工程表").unwrap();
    ws.write_string(1, 2, &t.name).unwrap();
    ws.write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2025, 4, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 4, "令和8年3月31日").unwrap();
    ws.write_string(1, 5, t.status.label()).unwrap();
    ws.write_string(1, 6, &t.notes).unwrap();
    ws.write_number(2, 0, p.id as f64).unwrap();
    ws.write_string(2, 1, "オンライン化").unwrap();
    ws.write_string(2, 2, &p.name).unwrap();
    ws.write_string(2, 5, "遅延").unwrap();
    ws.write_string(2, 6, "システム改修の遅れ").unwrap();
    // a row pointing at a task that does not exist
    ws.write_number(3, 0, 99_999.0).unwrap();
    ws.write_string(3, 1, "工程表").unwrap();
    ws.write_string(3, 2, "存在しない行").unwrap();
    let bytes = x.save_to_buffer().unwrap();

    let plan = plan_xlsx_import(&wb, &bytes).unwrap();
    assert_eq!(plan.rejected.len(), 1, "{:?}", plan.rejected);
    assert_eq!(
        plan.rejected[0].0, 4,
        "the bad row is named by its Excel row number"
    );
    assert!(
        plan.rejected[0].1.contains("99999"),
        "{}",
        plan.rejected[0].1
    );
    assert_eq!(plan.changed.len(), 2, "{}", plan.report());
    assert!(
        plan.report().contains("計画:"),
        "the dry-run lists what changes: {}",
        plan.report()
    );

    // all or nothing by default: the file stays as it was
    let before = normalized(store.load().unwrap());
    let err = plan.clone().apply(&mut store, &mut wb, false).unwrap_err();
    assert!(err.message.contains("4行目"), "{}", err.message);
    assert_eq!(
        normalized(store.load().unwrap()),
        before,
        "nothing was written"
    );

    // accepting a partial import applies the two good rows
    plan.apply(&mut store, &mut wb, true).unwrap();
    let after = store.load().unwrap();
    let t2 = after.task(t.id).unwrap();
    assert_eq!(
        t2.plan.map(|s| (s.start, s.end)),
        Some((d("2025-04-01"), d("2026-03-31"))),
        "和暦 text read as a date"
    );
    let p2 = after.procedures.iter().find(|x| x.id == p.id).unwrap();
    assert_eq!(p2.status, dxplan::model::Status::Delayed);
    assert_eq!(p2.notes, "システム改修の遅れ");
    assert_eq!(p2.plan, None, "a blank date in a present column clears it");
    assert_eq!(
        p2.target_date, p.target_date,
        "columns absent from the sheet keep their values"
    );
}

#[test]
fn a_plain_roadmap_sheet_updates_tasks_by_name_and_adds_new_ones_under_group_rows() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as XWorkbook};
    let wb = demo();
    let t = wb.tasks.iter().find(|t| t.plan.is_some()).unwrap().clone();
    let init = wb.initiative(t.initiative_id).unwrap().clone();
    let mut x = XWorkbook::new();
    let ws = x.add_worksheet();
    ws.write_string(0, 0, "令和7年度 DX工程表").unwrap();
    for (c, h) in ["項目", "担当", "開始日", "終了日", "進捗", "状態"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.write_string(3, 0, &init.name).unwrap();
    ws.write_string(4, 0, format!("  {}", t.name)).unwrap();
    ws.write_datetime_with_format(4, 2, ExcelDateTime::from_ymd(2025, 5, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(4, 3, "2025年12月").unwrap();
    ws.write_number(4, 4, 0.4).unwrap();
    ws.write_string(4, 5, "進行中").unwrap();
    ws.write_string(5, 0, "新しい取組").unwrap();
    ws.write_string(5, 2, "R7.10.1").unwrap();
    ws.write_string(5, 3, "R8.3.31").unwrap();
    ws.write_string(6, 0, "別の新しい取組事項").unwrap();
    ws.write_string(7, 0, "期間が半分").unwrap();
    ws.write_string(7, 2, "2025/4/1").unwrap();
    let plan = plan_xlsx_import(&wb, &x.save_to_buffer().unwrap()).unwrap();
    assert_eq!(plan.changed.len(), 1, "{}", plan.report());
    assert_eq!(
        plan.added.len(),
        2,
        "a task and an initiative: {}",
        plan.report()
    );
    assert_eq!(plan.rejected.len(), 1, "{:?}", plan.rejected);
    assert_eq!(plan.rejected[0].0, 8);
    assert!(
        plan.rejected[0].1.contains("終了日がありません"),
        "{}",
        plan.rejected[0].1
    );
    let mut w2 = wb.clone();
    dxplan::model::edit::apply(&mut w2, plan.into_edit(true).unwrap()).unwrap();
    let t2 = w2.task(t.id).unwrap();
    assert_eq!(
        t2.plan.map(|s| s.end),
        Some(d("2025-12-31")),
        "month-only end is the month's last day"
    );
    assert_eq!(t2.progress, 40, "a percent cell 0.4 is 40%");
    assert_eq!(t2.status, dxplan::model::Status::InProgress);
    let added = w2
        .tasks
        .iter()
        .find(|x| x.name == "新しい取組")
        .expect("added");
    assert_eq!(
        added.initiative_id, init.id,
        "added under the group row's initiative"
    );
}

/// A 工程表 drawn as offices draw it (bars as painted cells under 4月…3月, 年度 headers merged over the months,
/// 計画/実績 row pairs, ◆, a merged 区分, a white grid), written by openpyxl and re-saved by LibreOffice
/// (tests/fixtures/third-party/make_koteihyo.py).
fn drawn_roadmap(made_by: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/third-party/koteihyo-{made_by}.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).expect("fixture present")
}

#[test]
fn a_roadmap_drawn_with_painted_cells_reads_the_same_from_openpyxl_and_from_libreoffice() {
    let wb = demo();
    for made_by in ["openpyxl", "libreoffice"] {
        let plan = plan_xlsx_import(&wb, &drawn_roadmap(made_by))
            .unwrap_or_else(|e| panic!("{made_by}: the drawn layout is understood: {e}"));
        let report = plan.report();
        assert_eq!(plan.added.len(), 1, "{made_by}: one new item: {report}");
        assert_eq!(plan.added[0].line, 9, "{made_by}: {report}");
        assert_eq!(plan.changed.len(), 1, "{made_by}: {report}");
        assert_eq!(
            plan.unchanged, 2,
            "{made_by}: the ◆ in its month and the bar cut by the sheet's edges change nothing: {report}"
        );
        assert_eq!(plan.rejected.len(), 1, "{made_by}: {report}");
        assert_eq!(
            plan.rejected[0].0, 13,
            "{made_by}: the Excel row of the bad item"
        );
        assert!(
            plan.rejected[0].1.contains("担当課「存在しない課」"),
            "{made_by}: {}",
            plan.rejected[0].1
        );
        let mut w2 = wb.clone();
        dxplan::model::edit::apply(&mut w2, plan.into_edit(true).unwrap()).unwrap();
        let flow = w2
            .tasks
            .iter()
            .find(|t| t.name == "窓口業務の業務フロー見直し（市民課・保険年金課）")
            .expect("the demo's task");
        assert_eq!(
            flow.plan.map(|p| (p.start, p.end)),
            Some((d("2024-04-01"), d("2025-12-31"))),
            "{made_by}: a bar from the sheet's first month keeps the earlier start; the last painted month is the end"
        );
        assert_eq!(
            flow.actual_start,
            Some(d("2025-05-01")),
            "{made_by}: the 実績 row's first painted month is the actual start"
        );
        let new = w2
            .tasks
            .iter()
            .find(|t| t.name == "窓口の混雑状況の公開")
            .expect("added");
        assert_eq!(
            new.plan.map(|p| (p.start, p.end)),
            Some((d("2026-04-01"), d("2026-09-30"))),
            "{made_by}: the 2026年度 columns are dated from their merged 年度 header"
        );
        let bpr = w2
            .initiatives
            .iter()
            .find(|i| i.name == "BPRの取組みの徹底")
            .unwrap();
        assert_eq!(
            new.initiative_id, bpr.id,
            "{made_by}: added under the merged 区分 above it"
        );
        assert!(
            !w2.tasks.iter().any(|t| t.name.contains("凡例")),
            "{made_by}: the legend under the table is not an item"
        );
        let ms = w2
            .tasks
            .iter()
            .find(|t| t.name == "書かない窓口の試行開始")
            .unwrap();
        assert!(
            ms.milestone && ms.plan.map(|p| p.end) == Some(d("2026-01-05")),
            "{made_by}: the ◆ keeps the milestone and its day in that month: {:?}",
            ms.plan
        );
    }
}

#[test]
fn month_columns_without_a_fiscal_year_are_refused_with_what_was_looked_for() {
    use rust_xlsxwriter::{Color, Format, Workbook as XWorkbook};
    let mut x = XWorkbook::new();
    let ws = x.add_worksheet().set_name("R7工程表").unwrap();
    ws.write_string(0, 0, "取組事項").unwrap();
    for (i, m) in ["4月", "5月", "6月", "7月"].iter().enumerate() {
        ws.write_string(0, 1 + i as u16, *m).unwrap();
    }
    ws.write_string(1, 0, "窓口の混雑状況の公開").unwrap();
    let fill = Format::new().set_background_color(Color::RGB(0x4472C4));
    ws.write_blank(1, 2, &fill).unwrap();
    let wb = demo();
    let e = plan_xlsx_import(&wb, &x.save_to_buffer().unwrap()).unwrap_err();
    assert!(
        e.message.contains("シート「R7工程表」") && e.message.contains("年度の見出し"),
        "{}",
        e.message
    );
    let mut x = XWorkbook::new();
    x.add_worksheet().write_string(0, 0, "メモ").unwrap();
    let e = plan_xlsx_import(&wb, &x.save_to_buffer().unwrap()).unwrap_err();
    assert!(
        e.message.contains("4月") && e.message.contains("塗りつぶし"),
        "a file with no table says every layout it looked for: {}",
        e.message
    );
}

fn staff_csv(text: &str) -> Vec<u8> {
    let (b, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "the test text is Shift_JIS (CP932)");
    b.into_owned()
}

#[test]
fn a_shift_jis_staff_list_with_cp932_kanji_and_half_width_kana_is_imported() {
    let dir = tmp();
    let file = dir.path().join("w.dxplan");
    let mut store = Store::create(&file, &demo(), false).unwrap();
    let mut wb = store.load().unwrap();
    let existing = wb
        .people
        .iter()
        .find(|p| p.staff_no.is_some() && p.unit_id.is_some())
        .unwrap()
        .clone();
    let unit = wb.unit_name(existing.unit_id).to_string();
    let csv = format!(
        "職員ＩＤ,名前,ﾌﾘｶﾞﾅ,所属名,役職\r\n900001,髙﨑　一郎,ﾀｶｻｷ ｲﾁﾛｳ,{unit},主事\r\n{},{},{},{unit},課長補佐\r\n",
        existing.staff_no.clone().unwrap(),
        existing.name,
        existing.kana
    );
    let plan = plan_staff_import(&wb, &staff_csv(&csv), StaffOptions::default()).unwrap();
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!(
        (plan.added.len(), plan.changed.len()),
        (1, 1),
        "{}",
        plan.report()
    );
    assert!(
        plan.report().contains("職位"),
        "the change names the field: {}",
        plan.report()
    );
    plan.apply(&mut store, &mut wb, false).unwrap();
    let back = store.load().unwrap();
    let p = back
        .people
        .iter()
        .find(|p| p.staff_no.as_deref() == Some("900001"))
        .expect("added");
    assert_eq!(p.name, "髙﨑　一郎", "CP932 kanji decoded");
    assert_eq!(p.kana, "タカサキ イチロウ", "half-width kana widened");
    assert_eq!(back.unit_name(p.unit_id), unit);
    let e = back.people.iter().find(|p| p.id == existing.id).unwrap();
    assert_eq!(e.position, "課長補佐", "updated by 職員番号");
    // the same file forced as UTF-8 is refused with its line
    let err = plan_staff_import(
        &wb,
        &staff_csv(&csv),
        StaffOptions {
            encoding: Encoding::Utf8,
        },
    )
    .unwrap_err();
    assert!(err.message.contains("行目"), "{}", err.message);
}

#[test]
fn a_staff_list_with_bad_lines_is_refused_whole_with_a_reason_per_line() {
    let dir = tmp();
    let file = dir.path().join("w.dxplan");
    let mut store = Store::create(&file, &demo(), false).unwrap();
    let mut wb = store.load().unwrap();
    let unit = wb
        .units
        .iter()
        .find(|u| u.name.ends_with('課'))
        .unwrap()
        .name
        .clone();
    let csv = format!(
        "\u{FEFF}職員番号,氏名,かな,所属,職位\n\
         800001,正しい　行,ただしい　ぎょう,{unit},主事\n\
         800002,途中で,切れた\n\
         800003,重複　一,じゅうふく,{unit},主事\n\
         800003,重複　二,じゅうふく,{unit},主事\n\
         800004,所属　不明,しょぞく,存在しない課,主事\n\
         800005,,なまえなし,{unit},主事\n"
    );
    let before = normalized(store.load().unwrap());
    let plan = plan_staff_import(&wb, csv.as_bytes(), StaffOptions::default()).unwrap();
    let lines: Vec<usize> = plan.rejected.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        lines,
        vec![3, 4, 5, 6, 7],
        "every bad line, by its line number: {:?}",
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
    assert!(reason(3).contains("列の数"), "{}", reason(3));
    assert!(
        reason(4).contains("800003") && reason(4).contains("5行目"),
        "{}",
        reason(4)
    );
    assert!(reason(5).contains("4行目"), "{}", reason(5));
    assert!(reason(6).contains("存在しない課"), "{}", reason(6));
    assert!(reason(7).contains("氏名が空欄"), "{}", reason(7));
    assert_eq!(plan.added.len(), 1, "the good line is planned");
    let err = plan.apply(&mut store, &mut wb, false).unwrap_err();
    assert!(
        err.message.contains("取り込めない行が5行"),
        "{}",
        err.message
    );
    assert_eq!(normalized(store.load().unwrap()), before, "nothing applied");
}

#[test]
fn a_new_step_template_keeps_matching_steps_and_adds_new_ones_as_not_started() {
    let dir = tmp();
    let file = dir.path().join("w.dxplan");
    let mut store = Store::create(&file, &demo(), false).unwrap();
    let mut wb = store.load().unwrap();
    let template = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/templates/steps_v1.csv"
    ))
    .unwrap();
    // drop ⑰, add a step 18
    let mut lines: Vec<String> = template
        .lines()
        .filter(|l| !l.starts_with("17,"))
        .map(str::to_string)
        .collect();
    lines.push("18,⑱,移行フェーズ,文字の標準化,,false,6".into());
    let path = dir.path().join("steps_v2.csv");
    std::fs::write(&path, lines.join("\r\n")).unwrap();
    let rows = dxplan::import::read_steps_file(&path).unwrap();
    let plan = dxplan::import::plan_steps_import(&wb, &rows, "steps_v2").unwrap();
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!(plan.added.len(), 1, "{}", plan.report());
    assert!(
        plan.report().contains("削除: ⑰条例・規則等改正"),
        "{}",
        plan.report()
    );
    let kept_before: Vec<_> = wb
        .system_steps
        .iter()
        .filter(|s| {
            wb.template_step(s.template_step_id)
                .is_some_and(|t| t.no == 14)
        })
        .cloned()
        .collect();
    plan.apply(&mut store, &mut wb, false).unwrap();
    let back = store.load().unwrap();
    assert!(
        store.integrity_problems().unwrap().is_empty(),
        "foreign keys hold"
    );
    assert_eq!(back.template.name, "steps_v2");
    assert_eq!(back.template.steps.len(), 17);
    for s in &back.systems {
        assert_eq!(
            back.steps_of(s.id).len(),
            17,
            "{} has one step per template step",
            s.name
        );
    }
    let new = back
        .template
        .steps
        .iter()
        .find(|t| t.name == "文字の標準化")
        .unwrap();
    assert!(
        back.system_steps
            .iter()
            .filter(|s| s.template_step_id == new.id)
            .all(|s| s.status == dxplan::model::StepStatus::NotStarted)
    );
    for k in kept_before {
        assert_eq!(
            back.system_steps.iter().find(|s| s.id == k.id),
            Some(&k),
            "a matched step keeps its plan, actual and status"
        );
    }
    // the same template again plans nothing
    let again = dxplan::import::plan_steps_import(&back, &rows, "steps_v2").unwrap();
    assert_eq!(again.edit_count(), 0, "{}", again.report());
}

#[test]
fn a_step_template_with_a_bad_row_plans_no_edit_at_all() {
    let wb = demo();
    let rows = vec![
        (
            1,
            [
                "番号",
                "記号",
                "フェーズ",
                "作業項目",
                "細目",
                "Aパターンのみ",
                "標準期間月",
            ]
            .map(String::from)
            .to_vec(),
        ),
        (
            2,
            ["1", "①", "計画", "推進体制の立ち上げ", "", "false", ""]
                .map(String::from)
                .to_vec(),
        ),
        (
            3,
            ["1", "②", "計画", "重複番号", "", "false", ""]
                .map(String::from)
                .to_vec(),
        ),
    ];
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(n, r)| (n, csv::StringRecord::from(r)))
        .collect();
    let plan = dxplan::import::plan_steps_import(&wb, &rows, "bad").unwrap();
    assert_eq!(plan.rejected.len(), 1);
    assert!(
        plan.rejected[0].1.contains("番号1"),
        "{}",
        plan.rejected[0].1
    );
    assert_eq!(
        plan.edit_count(),
        0,
        "not even a partial import can apply half a template"
    );
}

#[test]
fn exporting_into_a_missing_folder_fails_in_japanese_and_leaves_no_file() {
    let dir = tmp();
    let out = dir.path().join("ない").join("out.xlsx");
    let err = export_xlsx(&demo(), &opts(), &out).unwrap_err();
    assert!(
        matches!(
            err.code,
            ErrorCode::NotFound | ErrorCode::ReadOnly | ErrorCode::Io
        ),
        "{err:?}"
    );
    assert!(err.message.contains("ない"), "{}", err.message);
    let ok = dir.path().join("out.xlsx");
    export_xlsx(&demo(), &opts(), &ok).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "only the finished file, no temp file left: {names:?}"
    );
}

#[test]
fn the_cli_exports_and_dry_runs_an_import_without_changing_the_workbook() {
    let dir = tmp();
    let file = crate::support::demo_file(dir.path());
    let out = dir.path().join("計画.xlsx");
    let r = dxplan(&[
        "export",
        "xlsx",
        path_str(&file),
        "-o",
        path_str(&out),
        "--today",
        "2025-11-20",
        "--personal",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.exists());
    let before = crate::support::bytes(&file);
    let r = dxplan(&[
        "import",
        "xlsx",
        path_str(&file),
        path_str(&out),
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("追加 0件、変更 0件"), "{}", r.stdout);
    assert_eq!(
        crate::support::bytes(&file),
        before,
        "a dry run writes nothing"
    );
    let csv = dir.path().join("staff.csv");
    std::fs::write(&csv, staff_csv("職員番号,氏名\r\n1,\r\n")).unwrap();
    let r = dxplan(&[
        "import",
        "staff",
        path_str(&file),
        path_str(&csv),
        "--encoding",
        "sjis",
    ]);
    assert_ne!(r.code, 0, "a bad line refuses the import");
    assert!(r.stderr.contains("2行目"), "{}", r.stderr);
}

#[test]
fn the_trend_sheet_holds_the_month_by_month_completion_of_the_history_and_draws_it_as_a_chart() {
    use calamine::{Data, Reader, Xlsx};
    let wb = demo();
    let today = d("2025-11-20");
    let bytes = export_xlsx_to_buffer(&wb, &opts()).expect("export");
    let t = dxplan::query::trend::history_trend(&wb, today).expect("the demo has a history");
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("calamine reads it");
    let sheet = x.worksheet_range("推移").expect("a 推移 sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let head = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("月".into())))
        .expect("a heading row starting with 月");
    assert_eq!(
        rows[head][2],
        Data::String("完了率（実績）".into()),
        "actual completion is the third column"
    );
    let first = &rows[head + 1];
    assert_eq!(
        first[0],
        Data::String("令和4年4月".into()),
        "the history starts in 令和4年4月"
    );
    for (i, m) in t.months.iter().enumerate() {
        let r = &rows[head + 1 + i];
        let actual = match r[2] {
            Data::Float(v) => v,
            ref other => panic!("month {i}: a number, not {other:?}"),
        };
        assert!(
            (actual - m.actual).abs() < 1e-9,
            "month {}: the sheet says {actual}, the trend {}",
            m.month,
            m.actual
        );
    }
    let last = &rows[head + t.months.len()];
    assert_eq!(
        last[0],
        Data::String("令和7年11月".into()),
        "the last month is the one of today"
    );
    // the S-curve is a native chart over those cells: a chart part whose series read the sheet's columns
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut chart = String::new();
    z.by_name("xl/charts/chart1.xml")
        .expect("a chart part")
        .read_to_string(&mut chart)
        .unwrap();
    let last_row = head + t.months.len() + 1;
    assert!(
        chart.contains(&format!("推移!$C${}:$C${last_row}", head + 2)),
        "the actual line reads column C of the month rows: {}",
        &chart[..chart.len().min(600)]
    );
    assert!(chart.contains("完了率（実績）") && chart.contains("計画（完了予定の割合）"));
}

#[test]
fn a_workbook_without_history_gets_a_trend_sheet_that_says_so() {
    use calamine::{Data, Reader, Xlsx};
    let mut wb = demo();
    wb.progress.clear();
    let bytes = export_xlsx_to_buffer(&wb, &opts()).expect("export");
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine reads it");
    let sheet = x.worksheet_range("推移").expect("a 推移 sheet");
    let text: Vec<String> = sheet
        .rows()
        .flat_map(|r| {
            r.iter().filter_map(|c| match c {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
        })
        .collect();
    assert!(
        text.iter()
            .any(|s| s.contains("進捗の記録が2か月分たまると")),
        "an explanation instead of an empty table: {text:?}"
    );
}
