//! The 「経費・補助金」 screen's view: every 補助金 claim with its warnings, the programmes (制度) they are made
//! under, and the 予算 per 年度 of initiatives and tasks, with the names the forms choose from. The forms'
//! commands are in `grants`, `programmes` and `budgets`; the figures come from `query::cost`.

use dxplan::data::subsidies::national_programmes;
use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::Id;
use dxplan::model::cost::{
    FiscalYears, Funded, ProgrammeKind, Unit, Yen, parse_amount, parse_year,
};
use dxplan::query::cost::{
    BudgetYear, ProgrammeBalance, balances, budget_by_year, claim_warnings, funded_name,
};
use serde::Serialize;
use tauri::State;

use crate::state::{AppState, Session};

/// One claim as the 補助金 card lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ClaimRow {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub programme_id: Id,
    /// 制度名
    pub programme: String,
    pub funded: Funded,
    /// the system's or initiative's name
    pub name: String,
    #[ts(type = "number")]
    pub year: i32,
    /// 「令和8年度」
    pub year_label: String,
    /// 申請額
    #[ts(type = "number | null")]
    pub applied: Option<Yen>,
    /// 交付決定額
    #[ts(type = "number | null")]
    pub decided: Option<Yen>,
    /// 実績額
    #[ts(type = "number | null")]
    pub spent: Option<Yen>,
    /// a 年度 past the programme's end and the like (`query::cost::claim_warnings`)
    pub warnings: Vec<String>,
}

/// One programme as the 制度 card lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProgrammeRow {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub kind: ProgrammeKind,
    /// 「10/10」「1/2」
    pub rate: String,
    /// 上限額
    #[ts(type = "number | null")]
    pub cap: Option<Yen>,
    /// 「令和4年度」 when the programme ends (None: no end announced)
    pub last_year: Option<String>,
    /// one of the national programmes dxplan ships (`assets/templates/subsidies.csv`)
    pub national: bool,
    /// how many claims are made under it (a programme with claims cannot be deleted)
    pub claims: usize,
}

/// A system, initiative or task the forms offer.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Choice {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
}

/// The 「経費・補助金」 screen.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MoneyView {
    pub claims: Vec<ClaimRow>,
    pub programmes: Vec<ProgrammeRow>,
    pub balances: Vec<ProgrammeBalance>,
    pub budgets: Vec<BudgetYear>,
    pub systems: Vec<Choice>,
    pub initiatives: Vec<Choice>,
    /// 取組内容, named 「取組事項 ／ 取組内容」
    pub tasks: Vec<Choice>,
    /// the 年度 money may be entered for, e.g. 「平成30年度」 and 「令和8年度」
    pub first_year: String,
    pub last_year: String,
}

#[tauri::command]
pub fn money_view(state: State<'_, AppState>) -> Result<MoneyView> {
    state.with(|s| build(s))
}

/// The screen's view of a session.
pub fn build(s: &Session) -> Result<MoneyView> {
    let (wb, money) = (&s.wb, &s.wb.money);
    let national: Vec<String> = national_programmes()?.into_iter().map(|p| p.name).collect();
    let mut claims: Vec<ClaimRow> = money
        .grants
        .iter()
        .map(|g| ClaimRow {
            id: g.id,
            programme_id: g.programme_id,
            programme: money
                .programme(g.programme_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            funded: g.funded,
            name: funded_name(wb, g.funded),
            year: g.year.0,
            year_label: g.year.label(),
            applied: g.applied,
            decided: g.decided,
            spent: g.spent,
            warnings: claim_warnings(wb, money, g),
        })
        .collect();
    claims.sort_by(|a, b| {
        (a.year, a.programme_id, a.funded, a.id).cmp(&(b.year, b.programme_id, b.funded, b.id))
    });
    let programmes = money
        .programmes
        .iter()
        .map(|p| ProgrammeRow {
            id: p.id,
            name: p.name.clone(),
            kind: p.kind,
            rate: p.rate.label(),
            cap: p.cap,
            last_year: p.last_year.map(|y| y.label()),
            national: national.contains(&p.name),
            claims: money
                .grants
                .iter()
                .filter(|g| g.programme_id == p.id)
                .count(),
        })
        .collect();
    let mut systems: Vec<&dxplan::model::System> = wb.systems.iter().collect();
    systems.sort_by_key(|x| (x.sort, x.id));
    let years = FiscalYears::of_plan(&wb.meta);
    Ok(MoneyView {
        claims,
        programmes,
        balances: balances(wb, money)?,
        budgets: budget_by_year(wb, money)?,
        systems: systems
            .into_iter()
            .map(|x| Choice {
                id: x.id,
                name: x.name.clone(),
            })
            .collect(),
        initiatives: wb
            .initiatives
            .iter()
            .map(|i| Choice {
                id: i.id,
                name: i.name.clone(),
            })
            .collect(),
        tasks: wb
            .tasks
            .iter()
            .map(|t| Choice {
                id: t.id,
                name: format!(
                    "{} ／ {}",
                    wb.initiative(t.initiative_id)
                        .map_or("", |i| i.name.as_str()),
                    t.name
                ),
            })
            .collect(),
        first_year: years.first.label(),
        last_year: years.last.label(),
    })
}

/// A row the form refers to that is no longer there.
pub fn gone(what: &str) -> Error {
    Error::new(
        ErrorCode::NotFound,
        format!("{what}が見つかりません（削除されています）。"),
    )
}

/// An amount field: empty is none; else an amount in `unit`, neither negative nor absurd, refused at `field`.
pub fn amount(field: &str, label: &str, text: &str, unit: Unit) -> Result<Option<Yen>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let y = parse_amount(text, unit)
        .map_err(|e| Error::field(field, e.message.replacen("金額", label, 1)))?;
    y.check(field, label)?;
    Ok(Some(y))
}

/// A 年度 field, refused at `field` (the message of `parse_year` names the year, not the field).
pub fn year(field: &str, text: &str) -> Result<dxplan::calendar::FiscalYear> {
    parse_year(text).map_err(|e| Error::field(field, e.message))
}
