//! 回答: returned forms edited by a third-party library (openpyxl) and re-saved by LibreOffice, read back together;
//! damaged, foreign, stale, oversized and conflicting returns; a few hundred mutated returns without a panic.

use std::path::{Path, PathBuf};

use dxplan::import::inquiry::{
    Choices, MAX_RETURN_BYTES, Prefer, ReturnFile, plan_inquiry_import, round_of,
};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::*;
use dxplan::store::Store;

use crate::inquiry::{openpyxl, round_written};
use crate::support::*;

fn form(forms: &Path, unit: &str) -> PathBuf {
    forms.join(format!("R7.12進捗照会_{unit}.xlsx"))
}

fn answer(src: &Path, dst: &Path, edits: &str) {
    openpyxl(&["answer", path_str(src), path_str(dst), edits]);
}

/// Re-saves an .xlsx with LibreOffice headless (its own profile), as a 課 using LibreOffice would.
fn libreoffice_resave(file: &Path) {
    let out = file.parent().unwrap().join("lo-out");
    std::fs::create_dir_all(&out).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        file.parent().unwrap().join("lo-profile").display()
    );
    let r = std::process::Command::new("libreoffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            path_str(&out),
            path_str(file),
        ])
        .output()
        .expect("libreoffice runs (LibreOffice is needed by this test)");
    let saved = out.join(file.file_name().unwrap());
    assert!(
        saved.exists(),
        "LibreOffice re-saved the file: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    std::fs::rename(saved, file).unwrap();
}

fn returns(paths: &[&Path]) -> Vec<ReturnFile> {
    paths
        .iter()
        .map(|p| ReturnFile {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: bytes(p),
        })
        .collect()
}

/// The step of `system` numbered `no` in the template, and its Excel row on the 標準化 sheet of `unit`'s form.
fn step_row(wb: &Workbook, system: &str, no: u32, unit: &str) -> (SystemStep, u32) {
    let forms = dxplan::query::inquiry::plan_forms(wb, wb.inquiries[0].as_of, None).unwrap();
    let f = forms.iter().find(|f| f.unit == unit).expect("form of unit");
    let sys = wb.system_by_name(system).unwrap().id;
    let st = wb
        .steps_of(sys)
        .into_iter()
        .find(|s| wb.template_step(s.template_step_id).unwrap().no == no)
        .unwrap()
        .clone();
    let i = f
        .rows_of(dxplan::query::inquiry::AskKind::Step)
        .position(|r| r.id == st.id)
        .expect("the step is on the form");
    (st, 5 + i as u32)
}

#[test]
fn returns_edited_by_openpyxl_and_resaved_by_libreoffice_are_applied_as_one_undo_step_at_the_as_of_date()
 {
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    let wb = Store::open(&f).unwrap().load().unwrap();
    let (st, row) = step_row(&wb, "介護保険", 15, "介護保険課");
    let ret = dir.path().join("介護保険課.xlsx");
    // a 和暦 text date, a full-width date, trailing spaces, a status typed instead of picked
    answer(
        &form(&forms, "介護保険課"),
        &ret,
        &format!(
            r#"{{"標準化": {{"G{row}": " 完了 ", "I{row}": "R7.10.1", "J{row}": "２０２５／１１／１９", "K{row}": "テスト環境で確認済み  "}},
                "記入のしかた": {{"C15": "介護保険課 山田 内線1234"}}}}"#
        ),
    );
    libreoffice_resave(&ret);
    let unchanged = dir.path().join("納税課.xlsx");
    std::fs::copy(form(&forms, "納税課"), &unchanged).unwrap();
    libreoffice_resave(&unchanged);

    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let before = normalized(wb.clone());
    let round = round_of(&wb, None).unwrap().clone();
    let plan = plan_inquiry_import(
        &wb,
        &round,
        &returns(&[&ret, &unchanged]),
        &Choices::default(),
    );
    assert!(
        plan.refused.is_empty(),
        "both files taken: {:?}",
        plan.refused
    );
    assert_eq!(plan.changes.len(), 1, "one changed row: {}", plan.report());
    let c = &plan.changes[0];
    assert_eq!(c.unit, "介護保険課");
    assert_eq!(
        c.after.status, "完了済み",
        "the typed status is the step label"
    );
    assert_eq!(c.after.actual_start, Some(d(2025, 10, 1)), "R7.10.1");
    assert_eq!(c.after.actual_end, Some(d(2025, 11, 19)), "full-width date");
    assert_eq!(
        c.after.notes, "テスト環境で確認済み",
        "trailing spaces dropped"
    );
    let report = plan.report();
    assert!(
        report.contains("介護保険課 山田 内線1234"),
        "who answered: {report}"
    );
    assert!(
        report.contains("未回答の課（督促）") && report.contains("市民課"),
        "the 督促 list: {report}"
    );
    assert!(
        !plan.unanswered.contains(&"納税課".to_string()),
        "an unchanged return is an answer"
    );

    let edit = plan.edit(&wb, d(2025, 12, 8)).unwrap();
    let applied = store.apply(&mut wb, edit).unwrap();
    let on_disk = Store::open(&f).unwrap().load().unwrap();
    let s = on_disk.system_steps.iter().find(|s| s.id == st.id).unwrap();
    assert_eq!(s.status, StepStatus::Done, "the step is done in the file");
    let entry = on_disk
        .progress
        .iter()
        .filter(|e| e.row == RowRef::Step(st.id))
        .max_by_key(|e| e.id)
        .unwrap();
    assert_eq!(
        entry.on,
        d(2025, 12, 1),
        "the progress is dated at the round's 基準日"
    );
    let q = &on_disk.inquiries[0];
    let kaigo = q.unit("介護保険課").unwrap();
    assert_eq!(kaigo.answered_by, "介護保険課 山田 内線1234");
    assert_eq!(
        kaigo.answered_on,
        Some(d(2025, 12, 8)),
        "answered when applied"
    );
    assert!(q.unit("納税課").unwrap().answered_on.is_some());
    // one undo step takes all of it back
    store.apply(&mut wb, applied.inverse).unwrap();
    let undone = normalized(Store::open(&f).unwrap().load().unwrap());
    assert_eq!(undone.system_steps, before.system_steps, "steps as before");
    assert_eq!(undone.progress, before.progress, "no progress entry left");
    assert_eq!(undone.inquiries, before.inquiries, "no answer recorded");
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn damaged_foreign_stale_oversized_and_non_xlsx_files_are_refused_with_their_reason_and_the_rest_goes_ahead()
 {
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    // a second round makes the first one stale
    let stale = dir.path().join("stale.xlsx");
    std::fs::copy(form(&forms, "市民課"), &stale).unwrap();
    let forms2 = dir.path().join("forms2");
    std::fs::create_dir_all(&forms2).unwrap();
    let r = dxplan(&[
        "inquiry",
        "new",
        path_str(&f),
        "--name",
        "令和8年1月 進捗照会",
        "--as-of",
        "2026-01-05",
        "--due",
        "2026-01-16",
        "-o",
        path_str(&forms2),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // another workbook's form
    let other = tmp();
    let (_, other_forms) = round_written(other.path(), &[]);
    let foreign = dir.path().join("foreign.xlsx");
    std::fs::copy(form(&other_forms, "市民課"), &foreign).unwrap();
    let good = forms2.join("R8.1進捗照会_市民課.xlsx");
    let mut damaged = bytes(&good);
    damaged.truncate(damaged.len() / 2);
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(MAX_RETURN_BYTES + 1, 0);
    let mut files = returns(&[&good, &stale, &foreign]);
    files.push(ReturnFile {
        name: "damaged.xlsx".into(),
        bytes: damaged,
    });
    files.push(ReturnFile {
        name: "huge.xlsx".into(),
        bytes: huge,
    });
    files.push(ReturnFile {
        name: "memo.xlsx".into(),
        bytes: "メモ".as_bytes().to_vec(),
    });
    let wb = Store::open(&f).unwrap().load().unwrap();
    let round = round_of(&wb, None).unwrap().clone();
    assert_eq!(
        round.name, "令和8年1月 進捗照会",
        "the latest round by default"
    );
    let plan = plan_inquiry_import(&wb, &round, &files, &Choices::default());
    assert_eq!(
        plan.files.len(),
        1,
        "the good file goes ahead: {}",
        plan.report()
    );
    let reason = |name: &str| {
        plan.refused
            .iter()
            .find(|r| r.file == name)
            .unwrap_or_else(|| panic!("{name} refused: {}", plan.report()))
            .reason
            .clone()
    };
    assert!(
        reason("stale.xlsx").contains("以前の照会「令和7年12月 進捗照会」"),
        "{}",
        reason("stale.xlsx")
    );
    assert!(
        reason("foreign.xlsx").contains("このブックから送った照会ではありません"),
        "{}",
        reason("foreign.xlsx")
    );
    assert!(
        reason("damaged.xlsx").contains("壊れて"),
        "{}",
        reason("damaged.xlsx")
    );
    assert!(
        reason("huge.xlsx").contains("大きすぎます"),
        "{}",
        reason("huge.xlsx")
    );
    assert!(
        reason("memo.xlsx").contains(".xlsx）ではありません"),
        "{}",
        reason("memo.xlsx")
    );
}

#[test]
fn a_row_changed_in_the_workbook_since_sending_and_in_the_answer_is_a_conflict_applied_only_when_chosen()
 {
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    let mut store = Store::open_for_edit(&f).unwrap();
    let mut wb = store.load().unwrap();
    let (mut st, row) = step_row(&wb, "介護保険", 15, "介護保険課");
    // the office changes the row after sending
    st.notes = "事務局で追記".into();
    store
        .apply(
            &mut wb,
            Edit::Put {
                entity: Entity::Step(st.clone()),
            },
        )
        .unwrap();
    let ret = dir.path().join("r.xlsx");
    answer(
        &form(&forms, "介護保険課"),
        &ret,
        &format!(r#"{{"標準化": {{"K{row}": "課の回答"}}}}"#),
    );
    let round = round_of(&wb, None).unwrap().clone();
    let files = returns(&[&ret]);
    let plan = plan_inquiry_import(&wb, &round, &files, &Choices::default());
    assert!(
        plan.changes.is_empty(),
        "nothing conflicting is applied by default"
    );
    assert_eq!(plan.conflicts.len(), 1, "{}", plan.report());
    let c = &plan.conflicts[0];
    assert!(c.changed_since, "changed in the workbook since sending");
    assert_eq!(
        c.workbook.notes, "事務局で追記",
        "the workbook's value is shown"
    );
    assert_eq!(c.answers[0].1.notes, "課の回答", "and the answer");
    assert!(plan.report().contains("競合"), "{}", plan.report());
    let keep = plan_inquiry_import(
        &wb,
        &round,
        &files,
        &Choices {
            prefer: Prefer::Workbook,
            take: vec![],
        },
    );
    assert!(
        keep.changes.is_empty(),
        "--prefer workbook keeps the workbook's value"
    );
    let take = plan_inquiry_import(
        &wb,
        &round,
        &files,
        &Choices {
            prefer: Prefer::Answer,
            take: vec![],
        },
    );
    assert_eq!(take.changes.len(), 1, "--prefer answer takes it");
    assert_eq!(take.changes[0].after.notes, "課の回答");
}

#[test]
fn one_row_answered_differently_by_two_units_is_a_conflict_until_one_is_taken() {
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    let wb = Store::open(&f).unwrap().load().unwrap();
    let shared = wb
        .systems
        .iter()
        .find(|s| s.owner_units.len() > 1)
        .expect("a system owned by two 課");
    let units: Vec<String> = shared
        .owner_units
        .iter()
        .map(|u| wb.unit_name(Some(*u)).to_string())
        .collect();
    let mut files = vec![];
    for (i, u) in units.iter().take(2).enumerate() {
        let (_, row) = step_row(&wb, &shared.name, 15, u);
        let ret = dir.path().join(format!("{i}.xlsx"));
        answer(
            &form(&forms, u),
            &ret,
            &format!(r#"{{"標準化": {{"K{row}": "{u}の見解"}}}}"#),
        );
        files.push(ret);
    }
    let round = round_of(&wb, None).unwrap().clone();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let plan = plan_inquiry_import(&wb, &round, &returns(&paths), &Choices::default());
    assert_eq!(plan.conflicts.len(), 1, "{}", plan.report());
    assert_eq!(plan.conflicts[0].answers.len(), 2, "both answers shown");
    assert!(plan.changes.is_empty(), "neither applied by default");
    let plan = plan_inquiry_import(
        &wb,
        &round,
        &returns(&paths),
        &Choices {
            prefer: Prefer::Neither,
            take: vec![units[1].clone()],
        },
    );
    assert_eq!(plan.changes.len(), 1, "--take picks one: {}", plan.report());
    assert_eq!(plan.changes[0].after.notes, format!("{}の見解", units[1]));
}

#[test]
fn added_deleted_and_renamed_rows_and_sheets_are_reported_never_lost() {
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    let wb = Store::open(&f).unwrap().load().unwrap();
    let ret = dir.path().join("r.xlsx");
    // openpyxl ignores sheet protection: delete a row's key, add a keyless row and rename a sheet
    answer(
        &form(&forms, "介護保険課"),
        &ret,
        r#"{"標準化": {"A6": "", "A200": "", "C200": "追加した行"}}"#,
    );
    let script = r#"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); wb["オンライン化"].title = "手続"; wb.save(sys.argv[1])
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, path_str(&ret)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let round = round_of(&wb, None).unwrap().clone();
    let plan = plan_inquiry_import(&wb, &round, &returns(&[&ret]), &Choices::default());
    let report = plan.report();
    assert!(
        report.contains("標準化!A200") && report.contains("追加されています"),
        "{report}"
    );
    assert!(
        report.contains("送った1行がありません"),
        "the deleted key's row: {report}"
    );
    assert!(
        report.contains("シート「手続」"),
        "the renamed sheet: {report}"
    );
    assert_eq!(
        plan.files[0].rows + 1,
        plan_rows(&wb, "介護保険課"),
        "all other rows read"
    );
}

fn plan_rows(wb: &Workbook, unit: &str) -> usize {
    dxplan::query::inquiry::plan_forms(wb, wb.inquiries[0].as_of, None)
        .unwrap()
        .into_iter()
        .find(|f| f.unit == unit)
        .unwrap()
        .rows
        .len()
}

/// Small deterministic generator for the mutations (no dependency, same cases every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Mutated returns per run: 300 here, 1,000 in `scripts/long-tests` (`DXPLAN_INQUIRY_MUTATIONS`).
fn mutations() -> usize {
    std::env::var("DXPLAN_INQUIRY_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn mutated_returns_give_a_message_per_file_and_never_a_panic_or_a_change() {
    let n = mutations();
    let dir = tmp();
    let (f, forms) = round_written(dir.path(), &[]);
    let wb = Store::open(&f).unwrap().load().unwrap();
    let before = normalized(wb.clone());
    let round = round_of(&wb, None).unwrap().clone();
    let base = bytes(&form(&forms, "介護保険課"));
    // the sheet XML of the 標準化 sheet, to mutate cells, types and names inside the zip
    let mut rng = Lcg(12);
    let mut files = vec![];
    for i in 0..n {
        let b = match i % 5 {
            // damaged zip: flipped bytes
            0 => {
                let mut b = base.clone();
                for _ in 0..1 + rng.next() % 8 {
                    let at = (rng.next() as usize) % b.len();
                    b[at] ^= 0xFF;
                }
                b
            }
            // truncated
            1 => base[..(rng.next() as usize) % base.len()].to_vec(),
            // the 標準化 sheet's XML with cells of the wrong type or an inserted row, or the metadata sheet renamed
            _ => mutate_zip(&base, &mut rng),
        };
        files.push(ReturnFile {
            name: format!("m{i}.xlsx"),
            bytes: b,
        });
    }
    let (mut refused, mut flagged) = (0, 0);
    for file in &files {
        let plan = std::panic::catch_unwind(|| {
            plan_inquiry_import(&wb, &round, std::slice::from_ref(file), &Choices::default())
        })
        .unwrap_or_else(|_| panic!("no panic on {}", file.name));
        assert_eq!(
            plan.files.len() + plan.refused.len(),
            1,
            "one outcome for {}",
            file.name
        );
        if let Some(r) = plan.refused.first() {
            assert!(!r.reason.is_empty(), "{} refused with a reason", file.name);
            refused += 1;
        } else if plan.files[0].problems.len() + plan.files[0].structure.len() > 0 {
            flagged += 1;
        }
    }
    assert!(
        refused >= n / 3,
        "the damaged and truncated files are refused ({refused} of {n})"
    );
    assert!(
        flagged >= n / 10,
        "mutated cells and rows are reported ({flagged} of {n})"
    );
    eprintln!(
        "mutated returns: {n}: {refused} refused, {flagged} read with messages, {} read clean",
        n - refused - flagged
    );
    assert_eq!(
        normalized(Store::open(&f).unwrap().load().unwrap()),
        before,
        "the workbook is unchanged"
    );
}

/// Rewrites one entry of the xlsx zip: wrong cell types, a duplicated row, a renamed sheet.
fn mutate_zip(base: &[u8], rng: &mut Lcg) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let pick = rng.next() % 4;
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = vec![];
        e.read_to_end(&mut data).unwrap();
        let mut text = String::from_utf8_lossy(&data).into_owned();
        if name == "xl/worksheets/sheet2.xml" {
            match pick {
                0 => text = text.replace("t=\"s\"", "t=\"n\""),
                1 => text = text.replace("<c r=\"G5\"", "<c r=\"G5\" t=\"b\""),
                2 => {
                    // the row of Excel row 6 written twice: an inserted copy with the same key
                    if let Some(a) = text.find("<row r=\"6\"")
                        && let Some(len) = text[a..].find("</row>")
                    {
                        let row = text[a..a + len + 6].to_string();
                        text.insert_str(a, &row);
                    }
                }
                _ => {}
            }
        }
        if name == "xl/workbook.xml" && pick == 3 {
            text = text.replace("name=\"_dxplan\"", "name=\"_renamed\"");
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}
