//! `dxplan cost`: 運用経費（平成30年度比） per system and in total against the 3割削減 target, what is left of each
//! 補助金 and the warnings on claims, and 予算 per 年度, as Japanese text or JSON. All figures come from
//! `query::cost`; this file only lays them out.

use std::path::PathBuf;

use serde::Serialize;

use dxplan::calendar::FiscalYear;
use dxplan::error::{Error, Result};
use dxplan::model::Workbook;
use dxplan::model::cost::{BASELINE_YEAR, TARGET_YEAR, Unit, Yen, format_yen, parse_year};
use dxplan::query::cost::{
    BudgetYear, CostReport, ProgrammeBalance, YearAmount, YearTotal, balances, budget_by_year,
    grant_warnings, reductions, yearly_totals,
};

use super::open;

/// What `--json` prints.
#[derive(Serialize)]
pub struct CostJson {
    pub report: CostReport,
    pub years: Vec<YearTotal>,
    pub balances: Vec<ProgrammeBalance>,
    pub warnings: Vec<String>,
    pub budgets: Vec<BudgetYear>,
}

/// Every money figure of a workbook for `year`.
pub fn figures(wb: &Workbook, year: FiscalYear) -> Result<CostJson> {
    let m = &wb.money;
    Ok(CostJson {
        report: reductions(wb, m, year)?,
        years: yearly_totals(m)?,
        balances: balances(wb, m)?,
        warnings: grant_warnings(wb, m)?,
        budgets: budget_by_year(wb, m)?,
    })
}

/// `dxplan cost FILE [--year Y] [--unit 円|千円] [--json]`.
pub fn cost(
    file: PathBuf,
    year: Option<String>,
    unit: Option<String>,
    as_json: bool,
) -> Result<()> {
    let year = year
        .as_deref()
        .map(parse_year)
        .transpose()?
        .unwrap_or(TARGET_YEAR);
    let unit = unit
        .as_deref()
        .map(Unit::parse)
        .transpose()?
        .unwrap_or_default();
    let (_, wb) = open(&file)?;
    let f = figures(&wb, year)?;
    if as_json {
        let s = serde_json::to_string_pretty(&f).map_err(|e| Error::internal(e.to_string()))?;
        println!("{s}");
    } else {
        print!("{}", text(&f, unit));
    }
    Ok(())
}

fn amount(a: &Option<YearAmount>, unit: Unit) -> String {
    match a {
        Some(a) if a.basis == dxplan::model::cost::Basis::Planned => {
            format!("{}（計画）", format_yen(a.amount, unit))
        }
        Some(a) => format_yen(a.amount, unit),
        None => "未入力".into(),
    }
}

fn opt(y: Option<Yen>, unit: Unit) -> String {
    y.map_or_else(|| "—".into(), |y| format_yen(y, unit))
}

/// The text report.
pub fn text(f: &CostJson, unit: Unit) -> String {
    let r = &f.report;
    let mut out = format!(
        "■ 運用経費（{}比、{}、単位: {}）\n業務 | {} | {} | 削減率 | 状態\n",
        BASELINE_YEAR.label(),
        r.year.label(),
        unit.label(),
        BASELINE_YEAR.label(),
        r.year.label()
    );
    for s in &r.systems {
        let base = match (&s.baseline, s.in_service_from) {
            (None, Some(y)) => format!("0{}（{}稼働）", unit.label(), y.label()),
            (b, _) => amount(b, unit),
        };
        out += &format!(
            "{} | {} | {} | {} | {}\n",
            s.name,
            base,
            amount(&s.amount, unit),
            s.label,
            s.status.label()
        );
    }
    let t = &r.total;
    let planned = if t.basis == dxplan::model::cost::Basis::Planned {
        "（計画）"
    } else {
        ""
    };
    out += &format!(
        "合計 | {} | {}{planned} | {} | {}\n",
        format_yen(t.baseline, unit),
        format_yen(t.amount, unit),
        t.label,
        t.status.label()
    );
    if let Some(p) = &t.partial {
        out += &format!(
            "（入力済みの{}業務で {}）\n",
            r.systems.len() - t.incomplete.len(),
            p.label()
        );
    }
    if r.year == TARGET_YEAR {
        out += &format!(
            "3割削減目標（{}）: {}\n",
            TARGET_YEAR.label(),
            t.status.label()
        );
    }
    out += &format!(
        "\n■ 補助金・財政措置（単位: {}）\n制度 | 補助率 | 上限額 | 交付決定額計 | 残り\n",
        unit.label()
    );
    for b in &f.balances {
        out += &format!(
            "{} | {} | {} | {} | {}\n",
            b.name,
            b.rate,
            opt(b.cap, unit),
            format_yen(b.decided, unit),
            opt(b.left_to_claim, unit)
        );
    }
    for w in &f.warnings {
        out += &format!("注意: {w}\n");
    }
    out += &format!("\n■ 予算（単位: {}）\n", unit.label());
    if f.budgets.is_empty() {
        out += "予算は入力されていません。\n";
    }
    for y in &f.budgets {
        out += &format!(
            "{}: 予算額 {}・執行額 {}（未入力 {}件）\n",
            y.year.label(),
            format_yen(y.planned, unit),
            format_yen(y.executed, unit),
            y.unexecuted_lines
        );
        for l in &y.lines {
            out += &format!(
                "  {} | {} | {}\n",
                l.name,
                format_yen(l.planned, unit),
                opt(l.executed, unit)
            );
        }
    }
    out
}
