//! Whole-workbook validation for `dxplan check`: every row against the model's rules, plus schedule warnings a
//! planner wants to see (a successor planned before its predecessor ends, a step planned past its system's
//! deadline, a course over its seats). Pure.

use std::collections::HashSet;

use crate::model::roadmap::{check_acyclic, dependency_conflicts};
use crate::model::training::over_capacity;
use crate::model::*;

/// Problems that make the workbook invalid (`errors`) and schedule warnings.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Findings {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

pub fn findings(wb: &Workbook) -> Findings {
    let mut f = Findings::default();
    let mut err =
        |ctx: String, e: crate::error::Error| f.errors.push(format!("{ctx}: {}", e.message));
    if let Err(e) = wb.meta.validate() {
        err("団体情報".into(), e);
    }
    if let Err(e) = wb.vision.validate() {
        err("ビジョン".into(), e);
    }
    if let Err(e) = org::check_units(&wb.units) {
        err("推進体制".into(), e);
    }
    for i in &wb.initiatives {
        if let Err(e) = i.validate() {
            err(format!("取組事項「{}」", i.name), e);
        }
    }
    let inits: HashSet<Id> = wb.initiatives.iter().map(|i| i.id).collect();
    for t in &wb.tasks {
        if let Err(e) = t.validate() {
            err(format!("取組内容「{}」", t.name), e);
        }
        if !inits.contains(&t.initiative_id) {
            err(
                format!("取組内容「{}」", t.name),
                crate::error::Error::not_found("取組事項", t.initiative_id),
            );
        }
    }
    if let Err(e) = check_acyclic(&wb.dependencies, |id| {
        wb.task(id).map(|t| t.name.clone()).unwrap_or_default()
    }) {
        err("前後関係".into(), e);
    }
    for k in &wb.kpis {
        if let Err(e) = k.validate() {
            err(format!("KPI「{}」", k.name), e);
        }
    }
    for p in &wb.people {
        if let Err(e) = p.validate() {
            err(format!("職員「{}」", p.name), e);
        }
    }
    for c in &wb.courses {
        if let Err(e) = c.validate() {
            err(format!("研修「{}」", c.name), e);
        }
    }
    for e in &wb.enrolments {
        if let Err(x) = e.validate() {
            err(format!("受講（ID {}）", e.id), x);
        }
    }
    if !wb.systems.is_empty()
        && let Err(e) = wb.template.validate()
    {
        err("手順テンプレート".into(), e);
    }
    for s in &wb.systems {
        if let Err(e) = s.validate() {
            err(format!("業務「{}」", s.name), e);
        }
    }
    for st in &wb.system_steps {
        if let Err(e) = st.validate() {
            let sys = wb
                .system(st.system_id)
                .map(|s| s.name.as_str())
                .unwrap_or("?");
            err(format!("業務「{sys}」の作業項目"), e);
        }
    }
    for p in &wb.procedures {
        if let Err(e) = p.validate() {
            err(format!("手続「{}」", p.name), e);
        }
    }

    for (p, s) in dependency_conflicts(&wb.tasks, &wb.dependencies) {
        f.warnings.push(format!(
            "「{}」は前提の「{}」が終わる前に始まる計画です。",
            s.name, p.name
        ));
    }
    for s in &wb.systems {
        let deadline = s.deadline();
        let late_plans = wb
            .steps_of(s.id)
            .iter()
            .filter(|st| st.plan.is_some_and(|p| p.end > deadline))
            .count();
        if late_plans > 0 {
            f.warnings.push(format!(
                "業務「{}」の作業項目{}件が移行期限（{}）より後まで計画されています。",
                s.name,
                late_plans,
                crate::calendar::wareki(deadline)
            ));
        }
    }
    for (c, y, n, seats) in over_capacity(&wb.courses, &wb.enrolments) {
        let name = wb.course(c).map(|c| c.name.as_str()).unwrap_or("?");
        f.warnings.push(format!(
            "研修「{name}」の{}の受講予定{n}人が定員{seats}人を超えています。",
            y.label()
        ));
    }
    money(wb, &mut f);
    f
}

/// The money tables against their rules (errors, named 運用経費 / 補助金 / 予算) and the claims a programme's
/// years, amounts or cap call into question (warnings).
fn money(wb: &Workbook, f: &mut Findings) {
    let m = &wb.money;
    let mut err =
        |ctx: &str, e: crate::error::Error| f.errors.push(format!("{ctx}: {}", e.message));
    for r in &m.service_starts {
        if let Err(e) = m.check_service_start(r, wb) {
            err("運用経費", e);
        }
    }
    for r in &m.running_costs {
        if let Err(e) = m.check_running_cost(r, wb) {
            err("運用経費", e);
        }
    }
    for r in &m.programmes {
        if let Err(e) = m.check_programme(r) {
            err("補助金", e);
        }
    }
    for r in &m.grants {
        if let Err(e) = m.check_grant(r, wb) {
            err("補助金", e);
        }
    }
    for r in &m.budgets {
        if let Err(e) = m.check_budget(r, wb) {
            err("予算", e);
        }
    }
    match crate::query::cost::grant_warnings(wb, m) {
        Ok(w) => f
            .warnings
            .extend(w.into_iter().map(|w| format!("補助金: {w}"))),
        Err(e) => f.errors.push(format!("補助金: {}", e.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_no_errors() {
        let f = findings(&crate::data::demo::demo_workbook().unwrap());
        assert!(f.errors.is_empty(), "{:?}", f.errors);
    }

    #[test]
    fn a_bad_row_is_reported_with_its_name() {
        let mut wb = crate::data::demo::demo_workbook().unwrap();
        wb.tasks[0].progress = 150;
        let name = wb.tasks[0].name.clone();
        let f = findings(&wb);
        assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
        assert!(
            f.errors[0].contains(&name) && f.errors[0].contains("進捗率"),
            "{}",
            f.errors[0]
        );
    }
}
