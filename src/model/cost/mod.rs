//! Money: 運用経費 per system and 年度 against the 平成30年度 baseline, 補助金・財政措置 and their claims, and 予算
//! by 年度, all in integer yen so every total is exact. Pure values and their rules; the figures (削減率, balances)
//! are in `query::cost`.
//!
//! The tables live together in [`Finances`]; each row is checked alone (`validate(years)`) and against the
//! workbook and the other rows (`Finances::check_*`), the way `model::edit` checks an edit before applying it.

pub mod budget;
pub mod rate;
pub mod running;
pub mod subsidy;
pub mod yen;

use serde::{Deserialize, Serialize};

use crate::calendar::{Era, FiscalYear};
use crate::error::{Error, Result};
use crate::model::{Id, Workbook, check_text};

pub use budget::{Budget, Budgeted};
pub use rate::Rate;
pub use running::{BASELINE_YEAR, Basis, CostCategory, RunningCost, ServiceStart, TARGET_YEAR};
pub use subsidy::{Funded, Grant, Programme, ProgrammeKind};
pub use yen::{MAX_AMOUNT, Unit, Yen, format_yen, group_digits, parse_amount};

/// The 年度 money may be entered for: from 平成30年度 (the baseline) or the plan's first 年度 if earlier, to
/// 令和8年度 (the target year) or the plan's last 年度 if later.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiscalYears {
    pub first: FiscalYear,
    pub last: FiscalYear,
}

impl FiscalYears {
    pub fn new(first: FiscalYear, last: FiscalYear) -> FiscalYears {
        FiscalYears { first, last }
    }
    /// The years of a workbook's plan widened to the baseline and target years.
    pub fn of_plan(meta: &crate::model::WorkbookMeta) -> FiscalYears {
        FiscalYears {
            first: FiscalYear::of(meta.plan_start).min(BASELINE_YEAR),
            last: FiscalYear::of(meta.plan_end).max(TARGET_YEAR),
        }
    }
    pub fn contains(self, year: FiscalYear) -> bool {
        self.first <= year && year <= self.last
    }
    /// Refuses a 年度 outside the range, naming it and the range.
    pub fn check(self, field: &str, year: FiscalYear) -> Result<()> {
        if self.contains(year) {
            return Ok(());
        }
        Err(Error::field(
            field,
            format!(
                "{}は計画の対象外です。{}から{}までの年度を入れてください。",
                year_label(year),
                self.first.label(),
                self.last.label()
            ),
        ))
    }
}

/// "令和7年度", or "12345年度" for a year no calendar reaches (a corrupt file must still get a message).
fn year_label(year: FiscalYear) -> String {
    if (1868..=9999).contains(&year.0) {
        year.label()
    } else {
        format!("{}年度", year.0)
    }
}

/// Reads a 年度: `2021`, `2021年度`, `令和3年度`, `令和元年度`, `R3`, `平成30年度`, `H30`, with full-width digits.
pub fn parse_year(text: &str) -> Result<FiscalYear> {
    let quoted = text.trim();
    let s: String = quoted
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // full-width digits and letters (Ｒ７, Ｈ３０) to ASCII
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    let s = s.strip_suffix("年度").unwrap_or(&s);
    let bad = || {
        Error::field(
            "year",
            format!("年度「{quoted}」を読めません（例: 令和7年度、R7、2025）。"),
        )
    };
    let number = |t: &str| -> Result<i32> {
        if t == "元" {
            return Ok(1);
        }
        if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse().map_err(|_| bad())
    };
    let era = Era::ALL.into_iter().find_map(|e| {
        s.strip_prefix(e.name())
            .or_else(|| s.strip_prefix(e.initial()))
            .or_else(|| s.strip_prefix(e.initial().to_ascii_lowercase()))
            .map(|rest| (e, rest))
    });
    match era {
        Some((e, rest)) => {
            use chrono::Datelike;
            let n = number(rest)?;
            if n < 1 {
                return Err(bad());
            }
            Ok(FiscalYear(e.start().year() + n - 1))
        }
        None => number(s).map(FiscalYear),
    }
}

/// A note on a money row: any text, bounded like every free text.
fn check_note(note: &str) -> Result<()> {
    check_text("note", "備考", note)
}

/// The money tables of a workbook.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Finances {
    pub running_costs: Vec<RunningCost>,
    pub service_starts: Vec<ServiceStart>,
    pub programmes: Vec<Programme>,
    pub grants: Vec<Grant>,
    pub budgets: Vec<Budget>,
}

impl Finances {
    /// A running-cost row against the workbook and the other rows: its system exists, no other row has the same
    /// system, 年度 and category, and it is not before the system's 稼働開始年度.
    pub fn check_running_cost(&self, row: &RunningCost, wb: &Workbook) -> Result<()> {
        row.validate(FiscalYears::of_plan(&wb.meta))?;
        let system = wb
            .system(row.system_id)
            .ok_or_else(|| Error::not_found("業務", row.system_id).with_field("system_id"))?;
        if self.running_costs.iter().any(|r| {
            r.id != row.id
                && r.system_id == row.system_id
                && r.year == row.year
                && r.category == row.category
        }) {
            return Err(Error::field(
                "year",
                format!(
                    "「{}」の{}の「{}」は既に入っています。その行を直してください。",
                    system.name,
                    row.year.label(),
                    row.category.label()
                ),
            ));
        }
        if let Some(s) = self.service_start(row.system_id)
            && row.year < s.year
        {
            return Err(Error::field(
                "year",
                format!(
                    "「{}」は{}稼働です。それより前の{}の経費は入れられません。",
                    system.name,
                    s.year.label(),
                    row.year.label()
                ),
            ));
        }
        Ok(())
    }

    /// A 稼働開始年度 against the workbook and the other rows: one per system, and no cost before it (a system
    /// with a 平成30年度 cost was in service then).
    pub fn check_service_start(&self, row: &ServiceStart, wb: &Workbook) -> Result<()> {
        row.validate(FiscalYears::of_plan(&wb.meta))?;
        let system = wb
            .system(row.system_id)
            .ok_or_else(|| Error::not_found("業務", row.system_id).with_field("system_id"))?;
        if self
            .service_starts
            .iter()
            .any(|s| s.id != row.id && s.system_id == row.system_id)
        {
            return Err(Error::field(
                "year",
                format!("「{}」の稼働開始年度は既に入っています。", system.name),
            ));
        }
        if let Some(early) = self
            .running_costs
            .iter()
            .filter(|r| r.system_id == row.system_id && r.year < row.year)
            .map(|r| r.year)
            .min()
        {
            return Err(Error::field(
                "year",
                format!(
                    "「{}」には{}の経費が入っています。稼働開始年度を{}より後にはできません。",
                    system.name,
                    early.label(),
                    early.label()
                ),
            ));
        }
        Ok(())
    }

    /// A programme against the others: names are unique.
    pub fn check_programme(&self, row: &Programme) -> Result<()> {
        row.validate()?;
        let name = row.name.trim();
        if self
            .programmes
            .iter()
            .any(|p| p.id != row.id && p.name == name)
        {
            return Err(Error::duplicate("制度", name).with_field("name"));
        }
        Ok(())
    }

    /// A claim against the workbook: its programme and its system or initiative exist, and one programme has one
    /// claim per 年度 for one system or initiative.
    pub fn check_grant(&self, row: &Grant, wb: &Workbook) -> Result<()> {
        row.validate(FiscalYears::of_plan(&wb.meta))?;
        let programme = self
            .programme(row.programme_id)
            .ok_or_else(|| Error::not_found("制度", row.programme_id).with_field("programme_id"))?;
        let target = match row.funded {
            Funded::System(id) => wb.system(id).map(|s| s.name.as_str()),
            Funded::Initiative(id) => wb.initiative(id).map(|i| i.name.as_str()),
        };
        let Some(target) = target else {
            let (what, id) = match row.funded {
                Funded::System(id) => ("業務", id),
                Funded::Initiative(id) => ("取組事項", id),
            };
            return Err(Error::not_found(what, id).with_field("funded"));
        };
        if self.grants.iter().any(|g| {
            g.id != row.id
                && g.programme_id == row.programme_id
                && g.funded == row.funded
                && g.year == row.year
        }) {
            return Err(Error::field(
                "year",
                format!(
                    "「{target}」の{}の「{}」は既に入っています。その行を直してください。",
                    row.year.label(),
                    programme.name
                ),
            ));
        }
        Ok(())
    }

    /// A budget line against the workbook: its initiative or task exists, one line per 年度.
    pub fn check_budget(&self, row: &Budget, wb: &Workbook) -> Result<()> {
        row.validate(FiscalYears::of_plan(&wb.meta))?;
        let missing = match row.budgeted {
            Budgeted::Initiative(id) => wb.initiative(id).is_none().then_some(("取組事項", id)),
            Budgeted::Task(id) => wb.task(id).is_none().then_some(("取組内容", id)),
        };
        if let Some((what, id)) = missing {
            return Err(Error::not_found(what, id).with_field("budgeted"));
        }
        budget::duplicate_year(row, &self.budgets)
    }

    /// Every row against the rules and the workbook; the first problem found.
    pub fn validate(&self, wb: &Workbook) -> Result<()> {
        for p in &self.programmes {
            self.check_programme(p)?;
        }
        for s in &self.service_starts {
            self.check_service_start(s, wb)?;
        }
        for r in &self.running_costs {
            self.check_running_cost(r, wb)?;
        }
        for g in &self.grants {
            self.check_grant(g, wb)?;
        }
        for b in &self.budgets {
            self.check_budget(b, wb)?;
        }
        Ok(())
    }

    pub fn programme(&self, id: Id) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id == id)
    }
    pub fn service_start(&self, system: Id) -> Option<&ServiceStart> {
        self.service_starts.iter().find(|s| s.system_id == system)
    }
}

#[cfg(test)]
pub(crate) mod tests;
