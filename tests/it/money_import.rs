//! `dxplan import costs`: yearly 運用経費 from an .xlsx written by openpyxl (tests/fixtures/third-party/make_costs.py)
//! in 千円 — numbers, text with commas and full-width digits — previewed by `--dry-run`, applied as one
//! `SetRunningCosts` (one undo step), and a file with bad lines refused whole, each line with its Japanese reason.

use dxplan::import::costs::{CostsOptions, plan_costs_import};
use dxplan::model::cost::Unit;
use dxplan::store::Store;

use crate::support::*;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/third-party/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_finance_export_in_thousand_yen_is_previewed_then_applied_and_moves_the_total() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let good = fixture("costs-openpyxl.xlsx");
    let before = bytes(&f);
    let r = dxplan(&[
        "import",
        "costs",
        path_str(&f),
        &good,
        "--unit",
        "千円",
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("追加 1件、変更 1件、変更なし 1件、取り込めない行 0件"),
        "one new row, one changed, 戸籍's baseline as it is: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains("計画額: 12,896,000円 → 8,000,000円"),
        "8000 (a number) in 千円 is 8,000,000円: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("標準準拠システム利用料（計画額: 1,234,500円）"),
        "「１，２３４.５」千円 is 1,234,500円: {}",
        r.stdout
    );
    assert_eq!(bytes(&f), before, "a dry run leaves the file as it was");

    let r = dxplan(&["import", "costs", path_str(&f), &good, "--unit", "千円"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = dxplan(&["cost", path_str(&f)]);
    assert!(
        r.stdout
            .contains("健康管理 | 12,400,000円 | 9,234,500円（計画） | 25.5% | 未達成"),
        "健康管理's 令和8年度 is the two rows' sum: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("合計 | 279,700,000円 | 209,768,500円（計画） | 25.0% | 未達成"),
        "the total moved off 23.7%: {}",
        r.stdout
    );
}

#[test]
fn a_cost_import_is_one_undo_step() {
    let wb = dxplan::data::demo::demo_workbook().expect("the demo");
    let plan = plan_costs_import(
        &wb,
        &bytes(std::path::Path::new(&fixture("costs-openpyxl.xlsx"))),
        CostsOptions {
            unit: Unit::Thousand,
            ..Default::default()
        },
    )
    .expect("the file is read");
    assert_eq!(
        plan.edit_count(),
        1,
        "one SetRunningCosts for the whole file"
    );
    let mut after = wb.clone();
    let applied =
        dxplan::model::edit::apply(&mut after, plan.into_edit(false).expect("no bad line"))
            .expect("the plan applies");
    assert_ne!(after.money, wb.money, "the import changed the money");
    dxplan::model::edit::apply(&mut after, applied.inverse).expect("the inverse applies");
    assert_eq!(
        after.money, wb.money,
        "one inverse restores every money row"
    );
}

#[test]
fn a_file_with_bad_lines_is_refused_whole_with_each_line_and_its_reason() {
    let dir = tmp();
    let f = demo_file(dir.path());
    let before = Store::open(&f)
        .and_then(|s| s.load())
        .expect("the demo loads");
    let r = dxplan(&[
        "import",
        "costs",
        path_str(&f),
        &fixture("costs-bad-openpyxl.xlsx"),
        "--unit",
        "千円",
    ]);
    assert_ne!(r.code, 0, "refused: {}", r.stdout);
    for (line, why) in [
        ("2行目", "マイナスの金額（▲1,000,000円）"),
        ("3行目", "業務「存在しない業務」がブックにありません"),
        ("4行目", "年度「来年」を読めません"),
        ("5行目", "金額「未定」を数値として読めません"),
        ("6行目", "7行目にもあります"),
        ("7行目", "6行目にもあります"),
    ] {
        assert!(
            r.stderr.contains(&format!("{line}: ")) && r.stderr.contains(why),
            "{line} is refused with 「{why}」: {}",
            r.stderr
        );
    }
    assert!(
        japanese(&r.stderr),
        "the refusal is in Japanese: {}",
        r.stderr
    );
    let after = Store::open(&f)
        .and_then(|s| s.load())
        .expect("the demo loads");
    assert_eq!(after.money, before.money, "nothing was imported");

    let r = dxplan(&[
        "import",
        "costs",
        path_str(&f),
        &fixture("costs-openpyxl.xlsx"),
        "--unit",
        "万円",
    ]);
    assert_ne!(r.code, 0, "an unknown unit is refused");
    assert!(
        r.stderr.contains("単位「万円」は使えません"),
        "{}",
        r.stderr
    );
}
