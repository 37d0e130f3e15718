//! Figures of the money tables: 削減率 of 運用経費 against 平成30年度 per system and in total with the 3割削減
//! target's state, totals per 年度, what is left of each 補助金 and the warnings on claims, and 予算 per 年度.
//! Exact: sums in integer yen, rates as fractions compared exactly; a rate is rounded (half-up) only for display.

use serde::Serialize;

use crate::calendar::FiscalYear;
use crate::error::Result;
use crate::model::cost::{
    BASELINE_YEAR, Basis, Budgeted, CostCategory, Finances, Funded, Grant, RunningCost, Unit, Yen,
    format_yen,
};
use crate::model::{Id, Workbook};

/// The national target: at least 3割 (3/10) below the baseline.
pub const TARGET_SAVING: (i64, i64) = (3, 10);

/// A year's amount of one system (or all), with what it is made of.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearAmount {
    pub amount: Yen,
    pub basis: Basis,
    /// the categories with a row, in `CostCategory::ALL` order
    pub by_category: Vec<CategoryAmount>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CategoryAmount {
    pub category: CostCategory,
    pub amount: Yen,
}

/// The rows' amounts summed (actual where there is one, else planned) and split by category; None without rows.
fn year_amount<'a>(rows: impl Iterator<Item = &'a RunningCost>) -> Result<Option<YearAmount>> {
    let mut by = [Yen::ZERO; CostCategory::ALL.len()];
    let mut seen = [false; CostCategory::ALL.len()];
    let mut basis = Basis::Actual;
    for r in rows {
        let (a, b) = r.amount();
        let k = CostCategory::ALL
            .iter()
            .position(|c| *c == r.category)
            .unwrap_or(0);
        by[k] = by[k].checked_add(a)?;
        seen[k] = true;
        if b == Basis::Planned {
            basis = Basis::Planned;
        }
    }
    if !seen.iter().any(|s| *s) {
        return Ok(None);
    }
    let by_category: Vec<CategoryAmount> = CostCategory::ALL
        .iter()
        .zip(by.iter().zip(seen))
        .filter(|(_, (_, s))| *s)
        .map(|(c, (a, _))| CategoryAmount {
            category: *c,
            amount: *a,
        })
        .collect();
    Ok(Some(YearAmount {
        amount: Yen::sum(by_category.iter().map(|c| c.amount))?,
        basis,
        by_category,
    }))
}

/// 削減率 = (baseline − amount) ÷ baseline, kept as the two amounts (exact); `per_mille` is its display
/// rounding (half-up on the magnitude), negative when the cost went up.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reduction {
    pub baseline: Yen,
    pub amount: Yen,
    /// baseline − amount (negative: more expensive)
    pub saved: Yen,
    /// 削減率 in ‰, rounded half-up for display: 123 = 12.3 %
    pub per_mille: i64,
}

impl Reduction {
    /// None when the baseline is 0 (no rate can be taken of nothing).
    pub fn new(baseline: Yen, amount: Yen) -> Result<Option<Reduction>> {
        if baseline.0 <= 0 {
            return Ok(None);
        }
        let saved = baseline.checked_sub(amount)?;
        let n = i128::from(saved.0) * 1000;
        let d = i128::from(baseline.0);
        let (q, r) = (n.abs() / d, n.abs() % d);
        let rounded = q + i128::from(2 * r >= d);
        let per_mille = i64::try_from(if n < 0 { -rounded } else { rounded }).unwrap_or(i64::MIN);
        Ok(Some(Reduction {
            baseline,
            amount,
            saved,
            per_mille,
        }))
    }
    /// Whether the saving reaches the national target, compared exactly (no rounding).
    pub fn meets_target(&self) -> bool {
        let (num, den) = TARGET_SAVING;
        i128::from(self.saved.0) * i128::from(den) >= i128::from(self.baseline.0) * i128::from(num)
    }
    /// "12.3%", "30.0%", "▲5.0%" (cost went up).
    pub fn label(&self) -> String {
        let m = self.per_mille.unsigned_abs();
        let sign = if self.per_mille < 0 { "▲" } else { "" };
        format!("{sign}{}.{}%", m / 10, m % 10)
    }
}

/// Where a system or the total stands against the 3割削減 target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// 達成: at least 30 % below 平成30年度
    Met,
    /// 未達成
    NotYetMet,
    /// 不明: no baseline, or the year's cost is missing
    Unknown,
    /// 比較対象外: in service after 平成30年度, so there is no rate (its cost still counts in the total)
    NotComparable,
}

impl TargetStatus {
    pub fn label(self) -> &'static str {
        match self {
            TargetStatus::Met => "達成",
            TargetStatus::NotYetMet => "未達成",
            TargetStatus::Unknown => "不明",
            TargetStatus::NotComparable => "比較対象外",
        }
    }
    fn of(r: &Reduction) -> TargetStatus {
        if r.meets_target() {
            TargetStatus::Met
        } else {
            TargetStatus::NotYetMet
        }
    }
}

/// One system's 運用経費 in a year against its 平成30年度 baseline.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemReduction {
    pub system_id: Id,
    pub name: String,
    /// the 平成30年度 amount; None when not entered (不明)
    pub baseline: Option<YearAmount>,
    /// 稼働開始年度 of a system in service after 平成30年度 (its baseline is 0円)
    pub in_service_from: Option<FiscalYear>,
    /// the year's amount; None when not entered
    pub amount: Option<YearAmount>,
    pub reduction: Option<Reduction>,
    pub status: TargetStatus,
    /// what to show in the 削減率 column: "12.3%", "不明（平成30年度の経費が未入力）" …
    pub label: String,
}

/// All systems together in a year against 平成30年度.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TotalReduction {
    /// Σ baseline of the systems with both figures (a system in service later counts 0円)
    pub baseline: Yen,
    /// Σ the year's amount of the same systems
    pub amount: Yen,
    pub basis: Basis,
    /// the total's rate; None unless every system has both figures
    pub reduction: Option<Reduction>,
    /// the rate of the systems that have both figures when some do not (for 「入力済みの業務で」)
    pub partial: Option<Reduction>,
    /// systems left out of the total for a missing figure
    pub incomplete: Vec<Id>,
    pub status: TargetStatus,
    pub label: String,
}

/// 運用経費（平成30年度比） in one 年度.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostReport {
    pub year: FiscalYear,
    pub systems: Vec<SystemReduction>,
    pub total: TotalReduction,
}

/// 削減率 of every system of the workbook in `year` (the target year is `running::TARGET_YEAR`), and in total.
pub fn reductions(wb: &Workbook, money: &Finances, year: FiscalYear) -> Result<CostReport> {
    let mut systems: Vec<&crate::model::System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    let mut out = vec![];
    let (mut base_sum, mut amount_sum, mut basis) = (Yen::ZERO, Yen::ZERO, Basis::Actual);
    let mut incomplete = vec![];
    for s in systems {
        let rows = |y: FiscalYear| {
            money
                .running_costs
                .iter()
                .filter(move |r| r.system_id == s.id && r.year == y)
        };
        let baseline = year_amount(rows(BASELINE_YEAR))?;
        let amount = year_amount(rows(year))?;
        let in_service_from = money.service_start(s.id).map(|x| x.year);
        let base_yen = match (&baseline, in_service_from) {
            (Some(b), _) => Some(b.amount),
            (None, Some(_)) => Some(Yen::ZERO),
            (None, None) => None,
        };
        let (reduction, status, label) = match (base_yen, &amount) {
            (None, _) => (
                None,
                TargetStatus::Unknown,
                format!("不明（{}の経費が未入力）", BASELINE_YEAR.label()),
            ),
            (Some(_), None) if in_service_from.is_some_and(|f| year < f) => (
                None,
                TargetStatus::NotComparable,
                format!(
                    "比較対象外（{}稼働）",
                    in_service_from.map(|f| f.label()).unwrap_or_default()
                ),
            ),
            (Some(_), None) => (
                None,
                TargetStatus::Unknown,
                format!("不明（{}の経費が未入力）", year.label()),
            ),
            (Some(b), Some(a)) => match Reduction::new(b, a.amount)? {
                Some(r) => (Some(r), TargetStatus::of(&r), r.label()),
                None => (
                    None,
                    TargetStatus::NotComparable,
                    match in_service_from {
                        Some(f) => format!("比較対象外（{}稼働）", f.label()),
                        None => format!("比較対象外（{}の経費が0円）", BASELINE_YEAR.label()),
                    },
                ),
            },
        };
        match (base_yen, &amount) {
            (Some(b), Some(a)) => {
                base_sum = base_sum.checked_add(b)?;
                amount_sum = amount_sum.checked_add(a.amount)?;
                if a.basis == Basis::Planned
                    || baseline.as_ref().is_some_and(|x| x.basis == Basis::Planned)
                {
                    basis = Basis::Planned;
                }
            }
            // not yet in service in that year: nothing to count, nothing missing
            (Some(_), None) if status == TargetStatus::NotComparable => {}
            _ => incomplete.push(s.id),
        }
        out.push(SystemReduction {
            system_id: s.id,
            name: s.name.clone(),
            baseline,
            in_service_from,
            amount,
            reduction,
            status,
            label,
        });
    }
    let measured = Reduction::new(base_sum, amount_sum)?;
    let total = if incomplete.is_empty() {
        TotalReduction {
            baseline: base_sum,
            amount: amount_sum,
            basis,
            reduction: measured,
            partial: None,
            incomplete,
            status: measured
                .as_ref()
                .map_or(TargetStatus::Unknown, TargetStatus::of),
            label: measured.as_ref().map_or_else(
                || format!("不明（{}の経費が未入力）", BASELINE_YEAR.label()),
                Reduction::label,
            ),
        }
    } else {
        TotalReduction {
            baseline: base_sum,
            amount: amount_sum,
            basis,
            reduction: None,
            partial: measured,
            label: format!("不明（{}業務の経費が未入力）", incomplete.len()),
            incomplete,
            status: TargetStatus::Unknown,
        }
    };
    Ok(CostReport {
        year,
        systems: out,
        total,
    })
}

/// All systems' 運用経費 in one 年度: planned and actual sums, and by category (actual where known, else planned).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearTotal {
    pub year: FiscalYear,
    /// Σ 計画額 of the rows that have one
    pub planned: Yen,
    /// Σ 実績額 of the rows that have one
    pub actual: Yen,
    /// Σ of each row's actual amount, else its planned one
    pub amount: YearAmount,
}

/// 運用経費 totals per 年度, oldest first (years with no row are left out).
pub fn yearly_totals(money: &Finances) -> Result<Vec<YearTotal>> {
    let mut years: Vec<FiscalYear> = money.running_costs.iter().map(|r| r.year).collect();
    years.sort();
    years.dedup();
    let mut out = vec![];
    for y in years {
        let rows = || money.running_costs.iter().filter(move |r| r.year == y);
        let Some(amount) = year_amount(rows())? else {
            continue;
        };
        out.push(YearTotal {
            year: y,
            planned: Yen::sum(rows().filter_map(|r| r.planned))?,
            actual: Yen::sum(rows().filter_map(|r| r.actual))?,
            amount,
        });
    }
    Ok(out)
}

/// Claims of one system or initiative on a programme, summed over the years.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundedClaims {
    pub funded: Funded,
    pub name: String,
    pub applied: Yen,
    pub decided: Yen,
    pub spent: Yen,
}

/// What a programme has given and what is left under its 上限額.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeBalance {
    pub programme_id: Id,
    pub name: String,
    /// "10/10", "1/2"
    pub rate: String,
    pub cap: Option<Yen>,
    /// Σ 申請額
    pub applied: Yen,
    /// Σ 交付決定額
    pub decided: Yen,
    /// Σ 実績額
    pub spent: Yen,
    /// 上限額 − Σ 交付決定額 (what can still be claimed; negative when over the cap); None without a cap
    pub left_to_claim: Option<Yen>,
    pub by_funded: Vec<FundedClaims>,
}

/// The name of what a claim is for ("ID 7" when the row is gone, which `Finances::validate` reports).
pub fn funded_name(wb: &Workbook, f: Funded) -> String {
    let (name, id) = match f {
        Funded::System(id) => (wb.system(id).map(|s| s.name.clone()), id),
        Funded::Initiative(id) => (wb.initiative(id).map(|i| i.name.clone()), id),
    };
    name.unwrap_or_else(|| format!("ID {id}"))
}

/// Every programme with its claims summed, in the programme list's order.
pub fn balances(wb: &Workbook, money: &Finances) -> Result<Vec<ProgrammeBalance>> {
    let mut out = vec![];
    for p in &money.programmes {
        let claims: Vec<&Grant> = money
            .grants
            .iter()
            .filter(|g| g.programme_id == p.id)
            .collect();
        let total =
            |f: fn(&Grant) -> Option<Yen>, of: &[&Grant]| Yen::sum(of.iter().filter_map(|g| f(g)));
        let mut funded: Vec<Funded> = claims.iter().map(|g| g.funded).collect();
        funded.sort();
        funded.dedup();
        let mut by_funded = vec![];
        for f in funded {
            let mine: Vec<&Grant> = claims.iter().copied().filter(|g| g.funded == f).collect();
            by_funded.push(FundedClaims {
                funded: f,
                name: funded_name(wb, f),
                applied: total(|g| g.applied, &mine)?,
                decided: total(|g| g.decided, &mine)?,
                spent: total(|g| g.spent, &mine)?,
            });
        }
        let decided = total(|g| g.decided, &claims)?;
        out.push(ProgrammeBalance {
            programme_id: p.id,
            name: p.name.clone(),
            rate: p.rate.label(),
            cap: p.cap,
            applied: total(|g| g.applied, &claims)?,
            decided,
            spent: total(|g| g.spent, &claims)?,
            left_to_claim: p.cap.map(|c| c.checked_sub(decided)).transpose()?,
            by_funded,
        });
    }
    Ok(out)
}

/// Claims a DX office should look at again: a 年度 outside the programme's years (past its end, before its
/// start), more granted than applied for, more spent than granted, more granted than the 上限額.
pub fn grant_warnings(wb: &Workbook, money: &Finances) -> Result<Vec<String>> {
    let mut out = vec![];
    let mut grants: Vec<&Grant> = money.grants.iter().collect();
    grants.sort_by_key(|g| (g.programme_id, g.funded, g.year, g.id));
    for g in grants {
        out.extend(claim_warnings(wb, money, g));
    }
    for b in balances(wb, money)? {
        if let (Some(cap), Some(left)) = (b.cap, b.left_to_claim)
            && left.is_negative()
        {
            out.push(format!(
                "「{}」: 交付決定額の合計（{}）が上限額（{}）を超えています。",
                b.name,
                format_yen(b.decided, Unit::Yen),
                format_yen(cap, Unit::Yen)
            ));
        }
    }
    Ok(out)
}

/// The warnings of one claim (see [`grant_warnings`]): its 年度 outside the programme's years, more granted than
/// applied for, more spent than granted. Empty for a claim whose programme is gone.
pub fn claim_warnings(wb: &Workbook, money: &Finances, g: &Grant) -> Vec<String> {
    let mut out = vec![];
    let Some(p) = money.programme(g.programme_id) else {
        return out;
    };
    let at = format!(
        "「{}」の{}「{}」",
        funded_name(wb, g.funded),
        g.year.label(),
        p.name
    );
    if let Some(last) = p.last_year
        && g.year > last
    {
        out.push(format!("{at}: 制度は{}で終了しています。", last.label()));
    }
    if let Some(first) = p.first_year
        && g.year < first
    {
        out.push(format!("{at}: 制度は{}からです。", first.label()));
    }
    if let (Some(a), Some(d)) = (g.applied, g.decided)
        && d > a
    {
        out.push(format!(
            "{at}: 交付決定額（{}）が申請額（{}）を上回っています。",
            format_yen(d, Unit::Yen),
            format_yen(a, Unit::Yen)
        ));
    }
    if let (Some(d), Some(s)) = (g.decided, g.spent)
        && s > d
    {
        out.push(format!(
            "{at}: 実績額（{}）が交付決定額（{}）を上回っています。",
            format_yen(s, Unit::Yen),
            format_yen(d, Unit::Yen)
        ));
    }
    out
}

/// One budget line with the name of what it belongs to.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    pub budget_id: Id,
    pub budgeted: Budgeted,
    pub name: String,
    pub planned: Yen,
    pub executed: Option<Yen>,
}

/// 予算 of one 年度: Σ 予算額, Σ 執行額 (of the lines with one), and the lines.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetYear {
    pub year: FiscalYear,
    pub planned: Yen,
    pub executed: Yen,
    /// lines whose 執行額 is not entered yet
    pub unexecuted_lines: usize,
    pub lines: Vec<BudgetLine>,
}

/// The name of the initiative or task a budget line is for (`None` when it is gone).
pub fn budgeted_name(wb: &Workbook, b: Budgeted) -> Option<String> {
    match b {
        Budgeted::Initiative(id) => wb.initiative(id).map(|i| i.name.clone()),
        Budgeted::Task(id) => wb.task(id).map(|t| t.name.clone()),
    }
}

/// 予算 per 年度, oldest first; lines in the order initiatives, then tasks, by id.
pub fn budget_by_year(wb: &Workbook, money: &Finances) -> Result<Vec<BudgetYear>> {
    let mut years: Vec<FiscalYear> = money.budgets.iter().map(|b| b.year).collect();
    years.sort();
    years.dedup();
    let mut out = vec![];
    for y in years {
        let mut lines: Vec<BudgetLine> = money
            .budgets
            .iter()
            .filter(|b| b.year == y)
            .map(|b| BudgetLine {
                budget_id: b.id,
                budgeted: b.budgeted,
                name: budgeted_name(wb, b.budgeted).unwrap_or_default(),
                planned: b.planned,
                executed: b.executed,
            })
            .collect();
        lines.sort_by_key(|l| (l.budgeted, l.budget_id));
        out.push(BudgetYear {
            year: y,
            planned: Yen::sum(lines.iter().map(|l| l.planned))?,
            executed: Yen::sum(lines.iter().filter_map(|l| l.executed))?,
            unexecuted_lines: lines.iter().filter(|l| l.executed.is_none()).count(),
            lines,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
