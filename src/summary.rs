//! The figures a CIO補佐官 looks at first: per-area counts, per-system 完了率, what is late. Pure: `today` is passed in.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::FiscalYear;
use crate::model::training::{PositionCoverage, coverage_by_position, over_capacity, skill_gaps};
use crate::model::*;
use crate::review::{LateRow, late_rows, schedule_rows};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub municipality: String,
    pub today: NaiveDate,
    pub fiscal_year: String,
    pub roadmap: RoadmapFigures,
    pub org: OrgFigures,
    pub training: TrainingFigures,
    pub migration: MigrationFigures,
    pub online: OnlineFigures,
    /// every late row, most late first
    pub late: Vec<LateRow>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapFigures {
    pub initiatives: usize,
    pub tasks: usize,
    /// status label → count
    pub by_status: BTreeMap<String, usize>,
    pub late: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OrgFigures {
    pub line_units: usize,
    pub bodies: usize,
    pub people: usize,
    pub external_people: usize,
    pub role_assignments: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct TrainingFigures {
    pub courses: usize,
    /// enrolments in the fiscal year of `today`
    pub planned_this_year: usize,
    pub completed_this_year: usize,
    pub people_with_gaps: usize,
    pub coverage: Vec<PositionCoverage>,
    /// courses whose seats are exceeded in some year
    pub over_capacity: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct SystemFigures {
    pub name: String,
    pub group: String,
    pub owner: String,
    pub steps: usize,
    pub complete: usize,
    /// 完了率 in percent, one decimal
    pub completion_percent: f64,
    pub late_steps: usize,
    pub specified: bool,
    pub deadline: NaiveDate,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct MigrationFigures {
    pub template: String,
    pub systems: Vec<SystemFigures>,
    /// all steps of all systems
    pub completion_percent: f64,
    pub systems_complete: usize,
    pub late_steps: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OnlineFigures {
    pub procedures: usize,
    pub required: usize,
    pub by_status: BTreeMap<String, usize>,
    pub required_done: usize,
    pub late: usize,
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / d as f64).round() / 10.0
    }
}

/// Per-system 完了率 and late steps (the 標準化 part of the summary), given the late rows.
pub fn migration_figures(wb: &Workbook, late: &[LateRow]) -> MigrationFigures {
    let late_steps_of: BTreeMap<Id, usize> = late.iter().fold(BTreeMap::new(), |mut m, l| {
        if let RowRef::Step(id) = l.row.row
            && let Some(s) = wb.system_steps.iter().find(|s| s.id == id)
        {
            *m.entry(s.system_id).or_insert(0) += 1;
        }
        m
    });
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    let mut all_steps = 0;
    let mut all_complete = 0;
    let figures: Vec<SystemFigures> = systems
        .into_iter()
        .map(|s| {
            let steps = wb.steps_of(s.id);
            let complete = steps.iter().filter(|st| st.status.is_complete()).count();
            all_steps += steps.len();
            all_complete += complete;
            SystemFigures {
                name: s.name.clone(),
                group: s.group.label().to_string(),
                owner: s
                    .owner_units
                    .iter()
                    .map(|u| wb.unit_name(Some(*u)))
                    .collect::<Vec<_>>()
                    .join("・"),
                steps: steps.len(),
                complete,
                completion_percent: pct(complete, steps.len()),
                late_steps: late_steps_of.get(&s.id).copied().unwrap_or(0),
                specified: s.specified,
                deadline: s.deadline(),
            }
        })
        .collect();
    MigrationFigures {
        template: wb.template.name.clone(),
        systems_complete: figures
            .iter()
            .filter(|f| f.steps > 0 && f.complete == f.steps)
            .count(),
        systems: figures,
        completion_percent: pct(all_complete, all_steps),
        late_steps: late
            .iter()
            .filter(|l| matches!(l.row.row, RowRef::Step(_)))
            .count(),
    }
}

pub fn summarize(wb: &Workbook, today: NaiveDate) -> Summary {
    let late = late_rows(&schedule_rows(wb), today);
    let late_of = |f: &dyn Fn(&RowRef) -> bool| late.iter().filter(|l| f(&l.row.row)).count();

    let mut by_status = BTreeMap::new();
    for t in &wb.tasks {
        *by_status.entry(t.status.label().to_string()).or_insert(0) += 1;
    }
    let roadmap = RoadmapFigures {
        initiatives: wb.initiatives.len(),
        tasks: wb.tasks.len(),
        by_status,
        late: late_of(&|r| matches!(r, RowRef::Task(_))),
    };

    let bodies = wb
        .units
        .iter()
        .filter(|u| u.kind.is_cross_cutting())
        .count();
    let org = OrgFigures {
        line_units: wb.units.len() - bodies,
        bodies,
        people: wb.people.len(),
        external_people: wb
            .people
            .iter()
            .filter(|p| p.employment.is_external())
            .count(),
        role_assignments: wb.roles.len(),
    };

    let fy = FiscalYear::of(today);
    let gaps = skill_gaps(&wb.people, &wb.skill_targets, &wb.courses, &wb.enrolments);
    let people_with_gaps = gaps
        .iter()
        .map(|g| g.person_id)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let over: std::collections::HashSet<Id> = over_capacity(&wb.courses, &wb.enrolments)
        .into_iter()
        .map(|o| o.0)
        .collect();
    let training = TrainingFigures {
        courses: wb.courses.len(),
        planned_this_year: wb
            .enrolments
            .iter()
            .filter(|e| e.year == fy && e.status == EnrolmentStatus::Planned)
            .count(),
        completed_this_year: wb
            .enrolments
            .iter()
            .filter(|e| e.year == fy && e.status == EnrolmentStatus::Completed)
            .count(),
        people_with_gaps,
        coverage: coverage_by_position(&wb.people, &wb.skill_targets, &gaps),
        over_capacity: over.len(),
    };

    let migration = migration_figures(wb, &late);

    let mut by_status = BTreeMap::new();
    for p in &wb.procedures {
        *by_status.entry(p.status.label().to_string()).or_insert(0) += 1;
    }
    let online = OnlineFigures {
        procedures: wb.procedures.len(),
        required: wb.procedures.iter().filter(|p| p.required).count(),
        required_done: wb
            .procedures
            .iter()
            .filter(|p| p.required && p.status == Status::Done)
            .count(),
        by_status,
        late: late_of(&|r| matches!(r, RowRef::Procedure(_))),
    };

    Summary {
        municipality: wb.meta.municipality.clone(),
        today,
        fiscal_year: fy.label(),
        roadmap,
        org,
        training,
        migration,
        online,
        late,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_percent_rounds_to_one_decimal() {
        assert_eq!(pct(1, 3), 33.3);
        assert_eq!(pct(2, 3), 66.7);
        assert_eq!(pct(0, 0), 0.0, "no steps is 0%, not NaN");
    }

    #[test]
    fn a_new_national_workbook_summarises_to_zero_progress_and_nothing_late_before_the_plans_are_set()
     {
        let wb =
            crate::templates::national_workbook(WorkbookMeta::new("テスト市").unwrap()).unwrap();
        let s = summarize(&wb, NaiveDate::from_ymd_opt(2021, 4, 1).unwrap());
        assert_eq!(s.migration.systems.len(), 20);
        assert_eq!(s.migration.late_steps, 0, "steps have no plan yet");
        assert!(
            s.migration
                .systems
                .iter()
                .all(|f| f.completion_percent == 0.0)
        );
        assert_eq!(s.fiscal_year, "令和3年度");
    }
}
