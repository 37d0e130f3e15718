//! The national report (国の進捗調査): per 業務 the counts of 完了済み・作業中・未着手・対象外 and the 完了率 as the
//! national dashboard defines it — (完了済み + 対象外) ÷ the template's step count (17 for the shipped v1.0
//! template, 40 for a loaded 40-step one) — with 特定移行支援, its 事由 (category and words) and its own 移行期限.
//! Pure: the figures of the workbook as it stands; `xlsx::national` writes them as .xlsx or .csv.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{SpecifiedCause, StepStatus, System, Workbook};

/// One 業務's line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalLine {
    pub system: String,
    pub group: String,
    pub owner: String,
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub not_applicable: usize,
    /// (完了済み + 対象外) ÷ the template's step count, 0–1
    pub completion: f64,
    pub specified: bool,
    pub cause: Option<SpecifiedCause>,
    pub reason: String,
    /// 移行期限: a 特定移行支援システム's own, else the target date
    pub deadline: NaiveDate,
}

/// The report of one workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalReport {
    pub municipality: String,
    /// 団体コード (6 digits) when the workbook has one
    pub code: Option<String>,
    pub as_of: NaiveDate,
    pub template: String,
    /// the template's step count, the denominator of every 完了率
    pub template_steps: usize,
    pub lines: Vec<NationalLine>,
    /// every 業務 together: (完了済み + 対象外) ÷ (業務 × template steps)
    pub completion: f64,
}

fn line(wb: &Workbook, s: &System, template_steps: usize) -> NationalLine {
    let steps = wb.steps_of(s.id);
    let count = |st: StepStatus| steps.iter().filter(|x| x.status == st).count();
    let (done, na) = (count(StepStatus::Done), count(StepStatus::NotApplicable));
    NationalLine {
        system: s.name.clone(),
        group: s.group.label().to_string(),
        owner: wb.owner_names(s),
        done,
        in_progress: count(StepStatus::InProgress),
        not_started: count(StepStatus::NotStarted),
        not_applicable: na,
        completion: share(done + na, template_steps),
        specified: s.specified,
        cause: s.specified.then_some(s.specified_cause).flatten(),
        reason: if s.specified {
            s.specified_reason.clone()
        } else {
            String::new()
        },
        deadline: s.deadline(),
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 / of as f64).min(1.0)
    }
}

/// The report as of `as_of` (the day it is made; the figures are the workbook's current statuses).
pub fn national_report(wb: &Workbook, as_of: NaiveDate) -> NationalReport {
    let template_steps = wb.template.steps.len();
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    let lines: Vec<NationalLine> = systems
        .into_iter()
        .map(|s| line(wb, s, template_steps))
        .collect();
    let complete: usize = lines.iter().map(|l| l.done + l.not_applicable).sum();
    NationalReport {
        municipality: wb.meta.municipality.clone(),
        code: wb.meta.code.as_ref().map(|c| c.to_string()),
        as_of,
        template: wb.template.name.clone(),
        template_steps,
        completion: share(complete, lines.len() * template_steps),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TemplateStep;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn completion_counts_done_and_not_applicable_over_the_templates_step_count() {
        let mut wb = crate::data::demo::demo_workbook().expect("the demo");
        let sys = wb.system_by_name("介護保険").expect("介護保険").id;
        let statuses = [
            StepStatus::Done,
            StepStatus::Done,
            StepStatus::NotApplicable,
            StepStatus::InProgress,
        ];
        for (i, st) in wb
            .system_steps
            .iter_mut()
            .filter(|s| s.system_id == sys)
            .enumerate()
        {
            st.status = *statuses.get(i).unwrap_or(&StepStatus::NotStarted);
        }
        let r = national_report(&wb, d("2025-11-20"));
        assert_eq!(r.template_steps, 17, "the shipped v1.0 template");
        let l = r.lines.iter().find(|l| l.system == "介護保険").unwrap();
        assert_eq!(
            (l.done, l.in_progress, l.not_started, l.not_applicable),
            (2, 1, 13, 1),
            "four statuses counted"
        );
        assert!(
            (l.completion - 3.0 / 17.0).abs() < 1e-12,
            "(2 + 1) ÷ 17: {}",
            l.completion
        );
        // a 40-step template: the same three complete steps are 3 ÷ 40, even where the system has fewer rows
        wb.template.steps = (1..=40)
            .map(|no| TemplateStep {
                id: no,
                no: no as u32,
                code: format!("({no})"),
                phase: "p".into(),
                name: format!("step {no}"),
                details: String::new(),
                a_pattern_only: false,
                typical_months: None,
            })
            .collect();
        let r = national_report(&wb, d("2025-11-20"));
        let l = r.lines.iter().find(|l| l.system == "介護保険").unwrap();
        assert!(
            (l.completion - 3.0 / 40.0).abs() < 1e-12,
            "(2 + 1) ÷ 40: {}",
            l.completion
        );
    }

    #[test]
    fn a_specified_system_carries_its_category_reason_and_own_deadline_and_others_carry_none() {
        let wb = crate::data::demo::demo_workbook().expect("the demo");
        let r = national_report(&wb, d("2025-11-20"));
        let k = r.lines.iter().find(|l| l.system == "健康管理").unwrap();
        assert!(k.specified);
        assert_eq!(k.cause, Some(SpecifiedCause::NoCompliantProduct));
        assert!(
            k.reason.contains("標準準拠システムを提供しない"),
            "{}",
            k.reason
        );
        assert_eq!(k.deadline, d("2028-03-31"));
        let j = r.lines.iter().find(|l| l.system == "住民基本台帳").unwrap();
        assert!(!j.specified && j.cause.is_none() && j.reason.is_empty());
        assert_eq!(r.lines.len(), 20, "every 業務");
        let total: usize = r.lines.iter().map(|l| l.done + l.not_applicable).sum();
        assert!((r.completion - total as f64 / (20.0 * 17.0)).abs() < 1e-12);
    }
}
