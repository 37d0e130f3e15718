//! Tests of the money rows' rules against a small workbook; `system` and `workbook` are shared with
//! `query::cost`'s tests.

use chrono::NaiveDate;

use super::*;
use crate::data::subsidies::national_programmes;
use crate::model::{Initiative, InitiativeGroup, Status, System, SystemGroup, Task, WorkbookMeta};

pub(crate) fn system(id: Id, name: &str) -> System {
    System {
        id,
        name: name.to_string(),
        group: SystemGroup::First,
        owner_units: vec![],
        vendor: String::new(),
        pattern: None,
        target_date: NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid date"),
        specified: false,
        specified_reason: String::new(),
        specified_deadline: None,
        specified_cause: None,
        notes: String::new(),
        sort: id,
    }
}

/// みなと川市 with three systems (1 住民基本台帳, 2 固定資産税, 3 子ども・子育て支援), one initiative and one task.
pub(crate) fn workbook() -> Workbook {
    let mut wb = Workbook::empty(WorkbookMeta::new("みなと川市").expect("valid meta"));
    wb.systems = vec![
        system(1, "住民基本台帳"),
        system(2, "固定資産税"),
        system(3, "子ども・子育て支援"),
    ];
    wb.initiatives = vec![Initiative {
        id: 1,
        group: InitiativeGroup::Targeted,
        code: "①".into(),
        name: "自治体の情報システムの標準化・共通化".into(),
        priority: true,
        reference: false,
        target_label: String::new(),
        target_date: None,
        owner_unit: None,
        sort: 1,
    }];
    wb.tasks = vec![Task {
        id: 1,
        initiative_id: 1,
        name: "移行計画の策定".into(),
        owner_unit: None,
        plan: None,
        actual_start: None,
        actual_end: None,
        progress: 0,
        status: Status::NotStarted,
        milestone: false,
        notes: String::new(),
        sort: 1,
    }];
    wb
}

pub(crate) fn cost(
    id: Id,
    system_id: Id,
    year: i32,
    category: CostCategory,
    planned: Option<i64>,
    actual: Option<i64>,
) -> RunningCost {
    RunningCost {
        id,
        system_id,
        year: FiscalYear(year),
        category,
        planned: planned.map(Yen),
        actual: actual.map(Yen),
        note: String::new(),
    }
}

#[test]
fn years_are_read_in_western_and_japanese_forms() {
    for (text, y) in [
        ("2021", 2021),
        ("２０２１年度", 2021),
        ("令和3年度", 2021),
        ("令和元年度", 2019),
        ("R3", 2021),
        ("r8", 2026),
        ("平成30年度", 2018),
        ("H30", 2018),
        ("Ｈ３０", 2018),
    ] {
        assert_eq!(parse_year(text).unwrap(), FiscalYear(y), "{text}");
    }
    for bad in ["", "令和", "来年度", "R0", "12345", "令和-1年度"] {
        let e = parse_year(bad).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("year"), "{bad}");
        assert!(e.message.contains("を読めません"), "{bad}: {}", e.message);
    }
}

#[test]
fn money_years_run_from_the_baseline_to_the_target_year_or_the_plan_if_wider() {
    let wb = workbook();
    let years = FiscalYears::of_plan(&wb.meta);
    assert_eq!(years, FiscalYears::new(FiscalYear(2018), FiscalYear(2026)));
    let e = years.check("year", FiscalYear(2027)).unwrap_err();
    assert_eq!(
        e.message,
        "令和9年度は計画の対象外です。平成30年度から令和8年度までの年度を入れてください。"
    );
    assert!(
        years
            .check("year", FiscalYear(99_999))
            .unwrap_err()
            .message
            .starts_with("99999年度")
    );
    let mut meta = wb.meta.clone();
    meta.plan_end = NaiveDate::from_ymd_opt(2031, 3, 31).unwrap();
    assert_eq!(FiscalYears::of_plan(&meta).last, FiscalYear(2030));
}

#[test]
fn a_cost_row_needs_an_amount_that_is_neither_negative_nor_absurd() {
    let years = FiscalYears::new(FiscalYear(2018), FiscalYear(2026));
    let e = cost(1, 1, 2024, CostCategory::GovCloud, None, None)
        .validate(years)
        .unwrap_err();
    assert_eq!(e.message, "計画額か実績額のどちらかを入れてください。");
    let e = cost(1, 1, 2024, CostCategory::GovCloud, Some(-5), None)
        .validate(years)
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("planned"));
    assert!(e.message.contains("マイナス"));
    let e = cost(
        1,
        1,
        2024,
        CostCategory::GovCloud,
        None,
        Some(2_000_000_000_000),
    )
    .validate(years)
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("actual"));
    assert!(e.message.contains("1兆円以下"));
    let e = cost(1, 1, 2010, CostCategory::GovCloud, Some(1), None)
        .validate(years)
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("year"));
    assert!(
        cost(1, 1, 2018, CostCategory::CurrentSystem, Some(0), None)
            .validate(years)
            .is_ok()
    );
}

#[test]
fn one_system_has_one_row_per_year_and_category() {
    let wb = workbook();
    let money = Finances {
        running_costs: vec![cost(
            1,
            1,
            2018,
            CostCategory::CurrentSystem,
            None,
            Some(10_000_000),
        )],
        ..Finances::default()
    };
    let again = cost(
        2,
        1,
        2018,
        CostCategory::CurrentSystem,
        Some(9_000_000),
        None,
    );
    let e = money.check_running_cost(&again, &wb).unwrap_err();
    assert_eq!(
        e.message,
        "「住民基本台帳」の平成30年度の「現行システム保守・使用料」は既に入っています。その行を直してください。"
    );
    assert_eq!(e.field.as_deref(), Some("year"));
    // the same row edited is not its own duplicate; another category or system is fine
    assert!(
        money
            .check_running_cost(
                &cost(1, 1, 2018, CostCategory::CurrentSystem, Some(1), None),
                &wb
            )
            .is_ok()
    );
    assert!(
        money
            .check_running_cost(&cost(2, 1, 2018, CostCategory::Network, Some(1), None), &wb)
            .is_ok()
    );
    assert!(
        money
            .check_running_cost(
                &cost(2, 2, 2018, CostCategory::CurrentSystem, Some(1), None),
                &wb
            )
            .is_ok()
    );
    let e = money
        .check_running_cost(
            &cost(2, 99, 2018, CostCategory::CurrentSystem, Some(1), None),
            &wb,
        )
        .unwrap_err();
    assert_eq!(e.code, crate::error::ErrorCode::NotFound);
}

#[test]
fn a_system_in_service_after_the_baseline_takes_no_earlier_cost() {
    let wb = workbook();
    let start = ServiceStart {
        id: 1,
        system_id: 3,
        year: FiscalYear(2021),
    };
    let money = Finances {
        service_starts: vec![start.clone()],
        ..Finances::default()
    };
    let e = money
        .check_running_cost(&cost(1, 3, 2020, CostCategory::Other, Some(1), None), &wb)
        .unwrap_err();
    assert_eq!(
        e.message,
        "「子ども・子育て支援」は令和3年度稼働です。それより前の令和2年度の経費は入れられません。"
    );
    assert!(
        money
            .check_running_cost(&cost(1, 3, 2021, CostCategory::Other, Some(1), None), &wb)
            .is_ok()
    );
    // a 稼働開始年度 of 平成30年度 or earlier is a baseline, not a start
    let e = ServiceStart {
        id: 2,
        system_id: 1,
        year: FiscalYear(2018),
    }
    .validate(FiscalYears::of_plan(&wb.meta))
    .unwrap_err();
    assert!(e.message.contains("平成30年度より後"), "{}", e.message);
    // a start after a cost already entered is refused, and one per system
    let with_cost = Finances {
        running_costs: vec![cost(1, 2, 2018, CostCategory::CurrentSystem, Some(1), None)],
        service_starts: vec![start],
        ..Finances::default()
    };
    let e = with_cost
        .check_service_start(
            &ServiceStart {
                id: 2,
                system_id: 2,
                year: FiscalYear(2020),
            },
            &wb,
        )
        .unwrap_err();
    assert!(
        e.message.contains("平成30年度の経費が入っています"),
        "{}",
        e.message
    );
    let e = with_cost
        .check_service_start(
            &ServiceStart {
                id: 2,
                system_id: 3,
                year: FiscalYear(2022),
            },
            &wb,
        )
        .unwrap_err();
    assert!(
        e.message.contains("稼働開始年度は既に入っています"),
        "{}",
        e.message
    );
}

#[test]
fn claims_and_budgets_are_checked_against_the_workbook() {
    let wb = workbook();
    let programmes = national_programmes().unwrap();
    let grant = Grant {
        id: 1,
        programme_id: 1,
        funded: Funded::System(1),
        year: FiscalYear(2023),
        applied: Some(Yen(30_000_000)),
        decided: Some(Yen(28_000_000)),
        spent: None,
        note: String::new(),
    };
    let budget = Budget {
        id: 1,
        budgeted: Budgeted::Initiative(1),
        year: FiscalYear(2025),
        planned: Yen(5_000_000),
        executed: None,
        note: String::new(),
    };
    let money = Finances {
        programmes,
        grants: vec![grant.clone()],
        budgets: vec![budget.clone()],
        ..Finances::default()
    };
    assert!(money.validate(&wb).is_ok());
    let e = money
        .check_grant(
            &Grant {
                id: 2,
                ..grant.clone()
            },
            &wb,
        )
        .unwrap_err();
    assert!(
        e.message
            .starts_with("「住民基本台帳」の令和5年度の「デジタル基盤改革支援補助金"),
        "{}",
        e.message
    );
    let e = money
        .check_grant(
            &Grant {
                id: 2,
                programme_id: 99,
                ..grant.clone()
            },
            &wb,
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("programme_id"));
    let e = money
        .check_grant(
            &Grant {
                id: 2,
                funded: Funded::Initiative(7),
                ..grant
            },
            &wb,
        )
        .unwrap_err();
    assert!(
        e.message.contains("取組事項「7」が見つかりません"),
        "{}",
        e.message
    );
    let e = money
        .check_budget(
            &Budget {
                id: 2,
                ..budget.clone()
            },
            &wb,
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "令和7年度の予算は既に入っています。その行を直してください。"
    );
    assert!(
        money
            .check_budget(
                &Budget {
                    id: 2,
                    budgeted: Budgeted::Task(1),
                    ..budget.clone()
                },
                &wb
            )
            .is_ok()
    );
    let e = money
        .check_budget(
            &Budget {
                id: 2,
                budgeted: Budgeted::Task(5),
                ..budget.clone()
            },
            &wb,
        )
        .unwrap_err();
    assert!(e.message.contains("取組内容「5」"), "{}", e.message);
    let e = money
        .check_budget(
            &Budget {
                id: 2,
                year: FiscalYear(2040),
                ..budget
            },
            &wb,
        )
        .unwrap_err();
    assert!(
        e.message.contains("令和22年度は計画の対象外"),
        "{}",
        e.message
    );
    let dup = Programme {
        id: 9,
        ..money.programmes[0].clone()
    };
    assert_eq!(
        money.check_programme(&dup).unwrap_err().code,
        crate::error::ErrorCode::Duplicate
    );
}
