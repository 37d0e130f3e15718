//! The demo city's money (`assets/demo/running_costs.csv`, `grants.csv`, `budgets.csv`): a 平成30年度 baseline for
//! every system, 令和8年度 plans after the move (most systems cheaper, 戸籍 dearer on ガバメントクラウド, 健康管理 still
//! on its current system), two systems already moved in 令和7年度, the 標準化・共通化 補助金 drawn down under its
//! 上限額 and the 標準化 budget by 年度. Believable, not real: the figures show every state a report can take.

use crate::data::templates::{Record, read_csv};
use crate::error::{Error, Result};
use crate::model::cost::{Unit, parse_amount, parse_year};
use crate::model::*;

const RUNNING_COSTS_CSV: &str = include_str!("../../assets/demo/running_costs.csv");
const GRANTS_CSV: &str = include_str!("../../assets/demo/grants.csv");
const BUDGETS_CSV: &str = include_str!("../../assets/demo/budgets.csv");

/// The city's 上限額 of the 標準化・共通化 補助金 (the national formula by population gives each municipality its
/// own; the shipped programme has none).
const STANDARDISATION_CAP: Yen = Yen(268_540_000);

fn amount(r: &Record, col: &str) -> Result<Option<Yen>> {
    match r.get(col) {
        "" => Ok(None),
        t => parse_amount(t, Unit::Yen).map(Some).map_err(|e| r.at(e)),
    }
}

fn initiative(wb: &Workbook, r: &Record, name: &str) -> Result<Id> {
    wb.initiatives
        .iter()
        .find(|i| i.name == name)
        .map(|i| i.id)
        .ok_or_else(|| r.at(Error::invalid(format!("取組事項「{name}」がありません。"))))
}

/// Fills `wb.money` (the workbook already has its systems and initiatives).
pub(super) fn fill(wb: &mut Workbook) -> Result<()> {
    let mut money = Finances {
        programmes: crate::data::subsidies::national_programmes()?,
        ..Finances::default()
    };
    if let Some(p) = money.programmes.first_mut() {
        p.cap = Some(STANDARDISATION_CAP);
    }
    for (i, r) in read_csv(RUNNING_COSTS_CSV, &["業務", "年度", "区分"])?
        .iter()
        .enumerate()
    {
        let system = wb.system_by_name(r.get("業務")).ok_or_else(|| {
            r.at(Error::invalid(format!(
                "業務「{}」がありません。",
                r.get("業務")
            )))
        })?;
        money.running_costs.push(RunningCost {
            id: i as Id + 1,
            system_id: system.id,
            year: parse_year(r.get("年度")).map_err(|e| r.at(e))?,
            category: CostCategory::parse(r.get("区分")).map_err(|e| r.at(e))?,
            planned: amount(r, "計画額")?,
            actual: amount(r, "実績額")?,
            note: String::new(),
        });
    }
    for (i, r) in read_csv(GRANTS_CSV, &["制度", "年度"])?.iter().enumerate() {
        let programme = money
            .programmes
            .iter()
            .find(|p| p.name == r.get("制度"))
            .ok_or_else(|| {
                r.at(Error::invalid(format!(
                    "制度「{}」がありません。",
                    r.get("制度")
                )))
            })?
            .id;
        let funded = match r.get("業務") {
            "" => Funded::Initiative(initiative(wb, r, r.get("取組事項"))?),
            s => Funded::System(
                wb.system_by_name(s)
                    .ok_or_else(|| r.at(Error::invalid(format!("業務「{s}」がありません。"))))?
                    .id,
            ),
        };
        money.grants.push(Grant {
            id: i as Id + 1,
            programme_id: programme,
            funded,
            year: parse_year(r.get("年度")).map_err(|e| r.at(e))?,
            applied: amount(r, "申請額")?,
            decided: amount(r, "交付決定額")?,
            spent: amount(r, "実績額")?,
            note: r.get("備考").to_string(),
        });
    }
    for (i, r) in read_csv(BUDGETS_CSV, &["取組事項", "年度", "予算額"])?
        .iter()
        .enumerate()
    {
        money.budgets.push(Budget {
            id: i as Id + 1,
            budgeted: Budgeted::Initiative(initiative(wb, r, r.get("取組事項"))?),
            year: parse_year(r.get("年度")).map_err(|e| r.at(e))?,
            planned: parse_amount(r.get("予算額"), Unit::Yen).map_err(|e| r.at(e))?,
            executed: amount(r, "執行額")?,
            note: r.get("備考").to_string(),
        });
    }
    money.validate(wb)?;
    wb.money = money;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::model::cost::{BASELINE_YEAR, TARGET_YEAR};
    use crate::query::cost::{TargetStatus, balances, reductions};

    #[test]
    fn the_demo_has_a_baseline_for_every_system_cheaper_and_dearer_systems_and_a_drawn_down_subsidy()
     {
        let wb = crate::data::demo::demo_workbook().expect("demo builds");
        let m = &wb.money;
        for s in &wb.systems {
            assert!(
                m.running_costs
                    .iter()
                    .any(|r| r.system_id == s.id && r.year == BASELINE_YEAR),
                "{} has its 平成30年度 cost",
                s.name
            );
        }
        let r7 = reductions(&wb, m, crate::calendar::FiscalYear(2025)).unwrap();
        let cheaper: Vec<&str> = r7
            .systems
            .iter()
            .filter(|s| s.reduction.is_some_and(|r| r.saved.0 > 0))
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            cheaper,
            ["住民基本台帳", "就学"],
            "two systems already cheaper in 令和7年度"
        );
        let r8 = reductions(&wb, m, TARGET_YEAR).unwrap();
        let dearer: Vec<&str> = r8
            .systems
            .iter()
            .filter(|s| s.reduction.is_some_and(|r| r.saved.0 < 0))
            .map(|s| s.name.as_str())
            .collect();
        assert!(
            dearer.contains(&"戸籍"),
            "戸籍 dearer after ガバメントクラウド: {dearer:?}"
        );
        assert_eq!(
            r8.total.status,
            TargetStatus::NotYetMet,
            "{}",
            r8.total.label
        );
        let b = &balances(&wb, m).unwrap()[0];
        assert!(
            b.decided.0 > 0 && b.left_to_claim.is_some_and(|l| l.0 > 0),
            "標準化 drawn down, some left under the cap: {b:?}"
        );
    }
}
