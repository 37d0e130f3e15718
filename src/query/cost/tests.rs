//! Hand-computed figures of `query::cost`: every expected rate below is worked out in the comment beside it.

use super::*;
use crate::data::subsidies::national_programmes;
use crate::model::cost::tests::{cost, system, workbook};
use crate::model::cost::{
    Budget, CostCategory::*, Programme, ProgrammeKind, Rate, ServiceStart, parse_amount,
};

const R8: FiscalYear = FiscalYear(2026);

fn service_start(system_id: Id, year: i32) -> ServiceStart {
    ServiceStart {
        id: system_id,
        system_id,
        year: FiscalYear(year),
    }
}

/// 住民基本台帳: H30 10,000,000 → R8 7,000,000 (planned); 固定資産税: H30 8,000,000 → R8 9,000,000 (actual, after
/// ガバメントクラウド); 子ども・子育て支援: in service from R3, R8 1,200,000.
fn finances() -> Finances {
    let k = |t: &str| parse_amount(t, Unit::Thousand).unwrap().0;
    Finances {
        running_costs: vec![
            // 千円 input, as a finance export gives it: 10,000千円 = 10,000,000円
            cost(1, 1, 2018, CurrentSystem, None, Some(k("10,000"))),
            cost(2, 1, 2026, StandardSystem, Some(k("４，０００")), None),
            cost(3, 1, 2026, GovCloud, Some(k("2,500")), None),
            cost(4, 1, 2026, Network, Some(k("500")), None),
            cost(5, 2, 2018, CurrentSystem, Some(1), Some(7_500_000)),
            cost(6, 2, 2018, Network, None, Some(500_000)),
            cost(7, 2, 2026, StandardSystem, None, Some(6_000_000)),
            cost(8, 2, 2026, GovCloud, None, Some(3_000_000)),
            cost(9, 3, 2026, StandardSystem, None, Some(1_200_000)),
        ],
        service_starts: vec![service_start(3, 2021)],
        ..Finances::default()
    }
}

#[test]
fn each_system_is_compared_with_its_heisei_30_cost() {
    let wb = workbook();
    let report = reductions(&wb, &finances(), R8).unwrap();
    let [jumin, kotei, kodomo] = &report.systems[..] else {
        panic!("three systems: {report:?}")
    };
    // (10,000,000 − 7,000,000) ÷ 10,000,000 = 30.0 %: exactly the target, so met
    let r = jumin.reduction.unwrap();
    assert_eq!((r.saved, r.per_mille), (Yen(3_000_000), 300));
    assert_eq!(
        (jumin.label.as_str(), jumin.status),
        ("30.0%", TargetStatus::Met)
    );
    assert_eq!(jumin.amount.as_ref().unwrap().basis, Basis::Planned);
    assert_eq!(jumin.amount.as_ref().unwrap().by_category.len(), 3);
    // (8,000,000 − 9,000,000) ÷ 8,000,000 = −12.5 %: more expensive
    assert_eq!(kotei.reduction.unwrap().per_mille, -125);
    assert_eq!(
        (kotei.label.as_str(), kotei.status),
        ("▲12.5%", TargetStatus::NotYetMet)
    );
    assert_eq!(kotei.amount.as_ref().unwrap().basis, Basis::Actual);
    assert_eq!(
        kotei.baseline.as_ref().unwrap().amount,
        Yen(8_000_000),
        "actual before planned"
    );
    // in service from 令和3年度: baseline 0円, no rate, but not unknown
    assert_eq!(kodomo.reduction, None);
    assert_eq!(kodomo.status, TargetStatus::NotComparable);
    assert_eq!(kodomo.label, "比較対象外（令和3年度稼働）");
    assert_eq!(kodomo.in_service_from, Some(FiscalYear(2021)));
}

#[test]
fn the_total_counts_a_system_added_after_heisei_30_as_an_increase() {
    let wb = workbook();
    let t = reductions(&wb, &finances(), R8).unwrap().total;
    // baseline 10,000,000 + 8,000,000 + 0 = 18,000,000; R8 7,000,000 + 9,000,000 + 1,200,000 = 17,200,000
    // saved 800,000 ÷ 18,000,000 = 4.444… % → 44‰ → "4.4%"
    assert_eq!((t.baseline, t.amount), (Yen(18_000_000), Yen(17_200_000)));
    let r = t.reduction.unwrap();
    assert_eq!((r.saved, r.per_mille), (Yen(800_000), 44));
    assert_eq!(
        (t.label.as_str(), t.status),
        ("4.4%", TargetStatus::NotYetMet)
    );
    assert_eq!(t.basis, Basis::Planned, "住民基本台帳's R8 is planned");
    assert!(t.incomplete.is_empty() && t.partial.is_none());
}

#[test]
fn a_missing_year_makes_the_system_and_the_total_unknown_never_zero() {
    let mut wb = workbook();
    wb.systems.push(system(4, "介護保険"));
    wb.systems.push(system(5, "戸籍"));
    let mut money = finances();
    // 介護保険 has its H30 cost but no R8 row; 戸籍 has R8 but no H30 row
    money
        .running_costs
        .push(cost(10, 4, 2018, CurrentSystem, None, Some(3_000_000)));
    money
        .running_costs
        .push(cost(11, 5, 2026, StandardSystem, Some(2_000_000), None));
    let report = reductions(&wb, &money, R8).unwrap();
    let kaigo = &report.systems[3];
    assert_eq!(
        (kaigo.status, kaigo.reduction),
        (TargetStatus::Unknown, None)
    );
    assert_eq!(kaigo.label, "不明（令和8年度の経費が未入力）");
    let koseki = &report.systems[4];
    assert_eq!(koseki.status, TargetStatus::Unknown);
    assert_eq!(koseki.label, "不明（平成30年度の経費が未入力）");
    assert!(!koseki.label.contains('%'));
    let t = &report.total;
    assert_eq!(t.status, TargetStatus::Unknown);
    assert_eq!(t.reduction, None);
    assert_eq!(t.label, "不明（2業務の経費が未入力）");
    assert_eq!(t.incomplete, vec![4, 5]);
    // the systems with both figures still give their rate, as a partial one: 4.4 % as above
    assert_eq!(t.partial.unwrap().per_mille, 44);
    // a year before 子ども・子育て支援 was in service is not a missing year for it
    let r2 = reductions(&wb, &money, FiscalYear(2020)).unwrap();
    assert_eq!(r2.systems[2].status, TargetStatus::NotComparable);
    assert!(!r2.total.incomplete.contains(&3));
}

#[test]
fn an_empty_workbook_or_a_zero_baseline_is_unknown_not_zero_percent() {
    let mut wb = workbook();
    wb.systems.clear();
    let t = reductions(&wb, &Finances::default(), R8).unwrap().total;
    assert_eq!((t.status, t.reduction), (TargetStatus::Unknown, None));
    let wb = workbook();
    let money = Finances {
        running_costs: vec![
            cost(1, 1, 2018, Other, Some(0), None),
            cost(2, 1, 2026, Other, Some(0), None),
        ],
        ..Finances::default()
    };
    let s = &reductions(&wb, &money, R8).unwrap().systems[0];
    assert_eq!(s.reduction, None);
    assert_ne!(s.label, "0.0%");
}

#[test]
fn totals_over_ten_billion_yen_are_exact_and_the_target_is_compared_without_rounding() {
    let wb = workbook();
    let money = |r8_last: i64| Finances {
        running_costs: vec![
            cost(1, 1, 2018, CurrentSystem, None, Some(5_000_000_001)),
            cost(2, 2, 2018, CurrentSystem, None, Some(5_000_000_001)),
            cost(3, 3, 2018, CurrentSystem, None, Some(5_000_000_001)),
            cost(4, 1, 2026, GovCloud, None, Some(3_500_000_000)),
            cost(5, 2, 2026, GovCloud, None, Some(3_500_000_000)),
            cost(6, 3, 2026, GovCloud, None, Some(r8_last)),
        ],
        ..Finances::default()
    };
    // baseline 15,000,000,003; R8 10,500,000,002 → saved 4,500,000,001; 30 % of the baseline is 4,500,000,000.9
    let t = reductions(&wb, &money(3_500_000_002), R8).unwrap().total;
    assert_eq!(
        (t.baseline, t.amount),
        (Yen(15_000_000_003), Yen(10_500_000_002))
    );
    assert_eq!(t.reduction.unwrap().saved, Yen(4_500_000_001));
    assert_eq!((t.label.as_str(), t.status), ("30.0%", TargetStatus::Met));
    // one yen more: saved 4,500,000,000 < 4,500,000,000.9 — shown 30.0 % yet not met (29.99999999…%)
    let t = reductions(&wb, &money(3_500_000_003), R8).unwrap().total;
    assert_eq!(
        (t.label.as_str(), t.status),
        ("30.0%", TargetStatus::NotYetMet)
    );
    assert_eq!(format_yen(t.baseline, Unit::Yen), "15,000,000,003円");
    assert_eq!(format_yen(t.baseline, Unit::Thousand), "15,000,000千円");
}

#[test]
fn rates_are_rounded_half_up_on_their_magnitude_for_display_only() {
    // 1 ÷ 2,000 = 0.05 % = 0.5‰ → 1‰; −1 ÷ 2,000 → ▲1‰
    assert_eq!(
        Reduction::new(Yen(2_000), Yen(1_999))
            .unwrap()
            .unwrap()
            .label(),
        "0.1%"
    );
    assert_eq!(
        Reduction::new(Yen(2_000), Yen(2_001))
            .unwrap()
            .unwrap()
            .label(),
        "▲0.1%"
    );
    // 1 ÷ 3 = 333.33…‰ → 333; 2 ÷ 3 = 666.66…‰ → 667
    assert_eq!(
        Reduction::new(Yen(3), Yen(2)).unwrap().unwrap().per_mille,
        333
    );
    assert_eq!(
        Reduction::new(Yen(3), Yen(1)).unwrap().unwrap().per_mille,
        667
    );
    assert_eq!(
        Reduction::new(Yen(3), Yen(3)).unwrap().unwrap().label(),
        "0.0%"
    );
    assert_eq!(Reduction::new(Yen(0), Yen(3)).unwrap(), None);
    // a cost 1000 times the baseline: ▲99,900.0 %
    assert_eq!(
        Reduction::new(Yen(1), Yen(1_000)).unwrap().unwrap().label(),
        "▲99900.0%"
    );
}

#[test]
fn yearly_totals_sum_planned_and_actual_separately() {
    let totals = yearly_totals(&finances()).unwrap();
    assert_eq!(
        totals.iter().map(|t| t.year.0).collect::<Vec<_>>(),
        vec![2018, 2026]
    );
    let h30 = &totals[0];
    // planned: only 固定資産税's 1円 row has one; actual: 10,000,000 + 7,500,000 + 500,000
    assert_eq!((h30.planned, h30.actual), (Yen(1), Yen(18_000_000)));
    assert_eq!(h30.amount.amount, Yen(18_000_000));
    assert_eq!(h30.amount.basis, Basis::Actual);
    let r8 = &totals[1];
    assert_eq!((r8.planned, r8.actual), (Yen(7_000_000), Yen(10_200_000)));
    assert_eq!(r8.amount.amount, Yen(17_200_000));
    let by: Vec<(CostCategory, i64)> = r8
        .amount
        .by_category
        .iter()
        .map(|c| (c.category, c.amount.0))
        .collect();
    assert_eq!(
        by,
        vec![
            (StandardSystem, 11_200_000),
            (GovCloud, 5_500_000),
            (Network, 500_000)
        ]
    );
}

fn grant(id: Id, programme_id: Id, funded: Funded, year: i32, amounts: [Option<i64>; 3]) -> Grant {
    Grant {
        id,
        programme_id,
        funded,
        year: FiscalYear(year),
        applied: amounts[0].map(Yen),
        decided: amounts[1].map(Yen),
        spent: amounts[2].map(Yen),
        note: String::new(),
    }
}

#[test]
fn balances_show_what_is_left_under_the_cap_and_warnings_name_the_claim() {
    let wb = workbook();
    let mut programmes = national_programmes().unwrap();
    programmes[0].cap = Some(Yen(50_000_000)); // 標準化・共通化
    programmes.push(Programme {
        id: 5,
        name: "県DX補助金".into(),
        kind: ProgrammeKind::Subsidy,
        rate: Rate::parse("1/3").unwrap(),
        first_year: None,
        last_year: None,
        cap: Some(Yen(1_000_000)),
        scope: String::new(),
    });
    let money = Finances {
        programmes,
        grants: vec![
            grant(
                1,
                1,
                Funded::System(1),
                2023,
                [Some(30_000_000), Some(28_000_000), Some(27_500_000)],
            ),
            grant(
                2,
                1,
                Funded::System(2),
                2024,
                [Some(15_000_000), Some(15_000_000), None],
            ),
            grant(3, 1, Funded::System(1), 2024, [Some(5_000_000), None, None]),
            // オンライン化 ended in 令和4年度
            grant(
                4,
                2,
                Funded::Initiative(1),
                2023,
                [Some(2_000_000), Some(2_100_000), Some(2_200_000)],
            ),
            grant(
                5,
                5,
                Funded::Initiative(1),
                2024,
                [Some(1_500_000), Some(1_500_000), None],
            ),
        ],
        ..Finances::default()
    };
    let b = balances(&wb, &money).unwrap();
    assert_eq!(b.len(), 5);
    let std = &b[0];
    // applied 30 + 15 + 5 = 50 百万; decided 28 + 15 = 43 百万; left 50 − 43 = 7 百万
    assert_eq!(
        (std.applied, std.decided, std.spent),
        (Yen(50_000_000), Yen(43_000_000), Yen(27_500_000))
    );
    assert_eq!(std.left_to_claim, Some(Yen(7_000_000)));
    assert_eq!(std.rate, "10/10");
    assert_eq!(std.by_funded.len(), 2);
    assert_eq!(
        (std.by_funded[0].name.as_str(), std.by_funded[0].applied),
        ("住民基本台帳", Yen(35_000_000))
    );
    assert_eq!(b[1].left_to_claim, None, "no cap");
    assert_eq!(b[4].left_to_claim, Some(Yen(-500_000)));
    let w = grant_warnings(&wb, &money).unwrap();
    assert_eq!(
        w,
        vec![
            "「自治体の情報システムの標準化・共通化」の令和5年度「デジタル基盤改革支援補助金（手続のオンライン化）」: 制度は令和4年度で終了しています。",
            "「自治体の情報システムの標準化・共通化」の令和5年度「デジタル基盤改革支援補助金（手続のオンライン化）」: 交付決定額（2,100,000円）が申請額（2,000,000円）を上回っています。",
            "「自治体の情報システムの標準化・共通化」の令和5年度「デジタル基盤改革支援補助金（手続のオンライン化）」: 実績額（2,200,000円）が交付決定額（2,100,000円）を上回っています。",
            "「県DX補助金」: 交付決定額の合計（1,500,000円）が上限額（1,000,000円）を超えています。",
        ]
    );
}

#[test]
fn budgets_are_summed_per_year() {
    let wb = workbook();
    let line =
        |id: Id, budgeted: Budgeted, year: i32, planned: i64, executed: Option<i64>| Budget {
            id,
            budgeted,
            year: FiscalYear(year),
            planned: Yen(planned),
            executed: executed.map(Yen),
            note: String::new(),
        };
    let money = Finances {
        budgets: vec![
            line(1, Budgeted::Task(1), 2025, 2_000_000, None),
            line(
                2,
                Budgeted::Initiative(1),
                2025,
                12_000_000,
                Some(11_250_000),
            ),
            line(3, Budgeted::Initiative(1), 2026, 9_000_000_000, None),
            line(4, Budgeted::Task(1), 2026, 3_000_000_000, None),
        ],
        ..Finances::default()
    };
    let by = budget_by_year(&wb, &money).unwrap();
    assert_eq!(by.len(), 2);
    assert_eq!(
        (by[0].planned, by[0].executed, by[0].unexecuted_lines),
        (Yen(14_000_000), Yen(11_250_000), 1)
    );
    assert_eq!(
        by[0].lines[0].name, "自治体の情報システムの標準化・共通化",
        "initiatives first"
    );
    assert_eq!(by[0].lines[1].name, "移行計画の策定");
    // 9,000,000,000 + 3,000,000,000 = 12,000,000,000: over ten billion, exact
    assert_eq!(by[1].planned, Yen(12_000_000_000));
}
