//! The figures a CIO補佐官 looks at first: per-area counts, per-system 完了率, what is late. Pure: `today` is passed in.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::FiscalYear;
use crate::model::training::{PositionCoverage, over_capacity, skill_coverage};
use crate::model::*;
use crate::query::review::{LateRow, late_rows, schedule_rows};

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
                owner: wb.owner_names(s),
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
    let coverage = skill_coverage(&wb.people, &wb.skill_targets, &wb.courses, &wb.enrolments);
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
        people_with_gaps: coverage.people_with_gaps,
        coverage: coverage.positions,
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

/// The one-glance figures for a 課長 (the KPI screen): 完了率 overall and per system against the plan, the online
/// procedures by 連携方式, training coverage per 職位, and how many rows are late. Pure: `today` is passed in.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub today: NaiveDate,
    pub fiscal_year: String,
    pub migration: MigrationKpi,
    pub online: OnlineKpi,
    pub training: TrainingKpi,
    pub late: LateKpi,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MigrationKpi {
    pub steps: usize,
    pub complete: usize,
    /// 完了率 in percent, one decimal
    pub completion_percent: f64,
    /// where 完了率 would stand if every step planned to end before today had ended (対象外 counts as done)
    pub planned_percent: f64,
    pub systems: Vec<SystemKpi>,
    /// systems with a late step (an open step whose planned end has passed)
    pub systems_behind: usize,
    /// systems with every step 完了済み or 対象外
    pub systems_complete: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemKpi {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: Id,
    pub name: String,
    pub owner: String,
    pub steps: usize,
    pub complete: usize,
    pub completion_percent: f64,
    pub planned_percent: f64,
    pub late_steps: usize,
    pub behind: bool,
    pub specified: bool,
    pub deadline: NaiveDate,
    /// days from today to the deadline (negative once it has passed)
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_to_deadline: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnlineKpi {
    pub procedures: usize,
    pub done: usize,
    /// 対象外
    pub excluded: usize,
    pub required: usize,
    pub required_done: usize,
    /// per 連携方式 (方式1–4, then 未定), only those with procedures
    pub by_method: Vec<MethodKpi>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodKpi {
    /// None: 連携方式 not chosen yet
    pub method: Option<LinkMethod>,
    pub label: String,
    pub procedures: usize,
    pub done: usize,
    pub excluded: usize,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingKpi {
    /// people whose 職位 has targets
    pub people: usize,
    /// of them, people meeting every target of their 職位
    pub covered: usize,
    /// people who will meet every target once their planned courses are done
    pub covered_when_plans_done: usize,
    pub percent: f64,
    pub positions: Vec<PositionKpi>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionKpi {
    pub position: String,
    pub people: usize,
    pub covered: usize,
    pub covered_when_plans_done: usize,
    /// covered ÷ people, in percent (the target is every holder of the 職位: 100%)
    pub percent: f64,
    pub planned_percent: f64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LateKpi {
    pub total: usize,
    /// 工程表 tasks
    pub roadmap: usize,
    /// 標準化 steps
    pub migration: usize,
    /// オンライン化 procedures
    pub online: usize,
}

/// The KPI figures of a workbook on `today`. They agree with `summarize` (same late rows, same 完了率).
pub fn kpis(wb: &Workbook, today: NaiveDate) -> Kpis {
    let late = late_rows(&schedule_rows(wb), today);
    let figures = migration_figures(wb, &late);
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    let mut all_planned = 0;
    // migration_figures lists the systems in this same order
    let system_kpis: Vec<SystemKpi> = systems
        .iter()
        .zip(&figures.systems)
        .map(|(s, f)| {
            let planned = wb
                .steps_of(s.id)
                .iter()
                .filter(|st| {
                    st.status == StepStatus::NotApplicable || st.plan.is_some_and(|p| p.end < today)
                })
                .count();
            all_planned += planned;
            SystemKpi {
                id: s.id,
                name: f.name.clone(),
                owner: f.owner.clone(),
                steps: f.steps,
                complete: f.complete,
                completion_percent: f.completion_percent,
                planned_percent: pct(planned, f.steps),
                late_steps: f.late_steps,
                behind: f.late_steps > 0,
                specified: f.specified,
                deadline: f.deadline,
                days_to_deadline: (f.deadline - today).num_days(),
            }
        })
        .collect();
    let steps: usize = figures.systems.iter().map(|f| f.steps).sum();
    let complete: usize = figures.systems.iter().map(|f| f.complete).sum();
    let migration = MigrationKpi {
        steps,
        complete,
        completion_percent: figures.completion_percent,
        planned_percent: pct(all_planned, steps),
        systems_behind: system_kpis.iter().filter(|s| s.behind).count(),
        systems_complete: figures.systems_complete,
        systems: system_kpis,
    };

    let methods = LinkMethod::ALL
        .into_iter()
        .map(Some)
        .chain(std::iter::once(None));
    let by_method = methods
        .filter_map(|m| {
            let of: Vec<&Procedure> = wb
                .procedures
                .iter()
                .filter(|p| p.link_method == m)
                .collect();
            (!of.is_empty()).then(|| MethodKpi {
                method: m,
                label: m.map_or("未定", LinkMethod::label).to_string(),
                procedures: of.len(),
                done: of.iter().filter(|p| p.status == Status::Done).count(),
                excluded: of
                    .iter()
                    .filter(|p| p.status == Status::NotApplicable)
                    .count(),
            })
        })
        .collect();
    let online = OnlineKpi {
        procedures: wb.procedures.len(),
        done: wb
            .procedures
            .iter()
            .filter(|p| p.status == Status::Done)
            .count(),
        excluded: wb
            .procedures
            .iter()
            .filter(|p| p.status == Status::NotApplicable)
            .count(),
        required: wb.procedures.iter().filter(|p| p.required).count(),
        required_done: wb
            .procedures
            .iter()
            .filter(|p| p.required && p.status == Status::Done)
            .count(),
        by_method,
    };

    let positions: Vec<PositionKpi> =
        skill_coverage(&wb.people, &wb.skill_targets, &wb.courses, &wb.enrolments)
            .positions
            .into_iter()
            .map(|c| PositionKpi {
                percent: pct(c.fully_covered, c.people),
                planned_percent: pct(c.covered_when_plans_done, c.people),
                position: c.position,
                people: c.people,
                covered: c.fully_covered,
                covered_when_plans_done: c.covered_when_plans_done,
            })
            .collect();
    let people = positions.iter().map(|p| p.people).sum();
    let covered = positions.iter().map(|p| p.covered).sum();
    let training = TrainingKpi {
        people,
        covered,
        covered_when_plans_done: positions.iter().map(|p| p.covered_when_plans_done).sum(),
        percent: pct(covered, people),
        positions,
    };

    let count = |f: fn(&RowRef) -> bool| late.iter().filter(|l| f(&l.row.row)).count();
    let late = LateKpi {
        total: late.len(),
        roadmap: count(|r| matches!(r, RowRef::Task(_))),
        migration: count(|r| matches!(r, RowRef::Step(_))),
        online: count(|r| matches!(r, RowRef::Procedure(_))),
    };

    Kpis {
        today,
        fiscal_year: FiscalYear::of(today).label(),
        migration,
        online,
        training,
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
        let wb = crate::data::templates::national_workbook(WorkbookMeta::new("テスト市").unwrap())
            .unwrap();
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn kpis_compare_each_system_with_its_plan_and_group_procedures_by_link_method() {
        let mut wb =
            crate::data::templates::national_workbook(WorkbookMeta::new("テスト市").unwrap())
                .unwrap();
        let first = wb.systems.iter().min_by_key(|s| (s.sort, s.id)).unwrap().id;
        let mut ids: Vec<Id> = wb.steps_of(first).iter().map(|s| s.id).collect();
        ids.sort();
        for (i, id) in ids.iter().take(2).enumerate() {
            let st = wb.system_steps.iter_mut().find(|s| s.id == *id).unwrap();
            st.plan = Some(Span::new(day(2025, 4, 1), day(2025, 5, 31)).unwrap());
            if i == 0 {
                st.status = StepStatus::Done;
            }
        }
        let na = wb
            .steps_of(first)
            .iter()
            .filter(|s| s.status == StepStatus::NotApplicable)
            .count();
        wb.procedures.sort_by_key(|p| p.no);
        wb.procedures[0].link_method = Some(LinkMethod::Transcribe);
        wb.procedures[0].status = Status::Done;
        wb.procedures[1].link_method = Some(LinkMethod::Transcribe);
        wb.procedures[1].status = Status::NotApplicable;
        wb.procedures[1].excluded_reason = "対象となる事務がないため".into();

        let k = kpis(&wb, day(2025, 6, 1));
        let s = &k.migration.systems[0];
        assert_eq!(s.id, first, "systems in board order");
        assert_eq!(
            (s.late_steps, s.behind),
            (1, true),
            "the open step planned to end on 5/31 is late on 6/1"
        );
        assert_eq!(
            s.planned_percent,
            pct(na + 2, s.steps),
            "planned = 対象外 + steps planned to end before today"
        );
        assert_eq!(s.completion_percent, pct(na + 1, s.steps));
        assert_eq!(
            s.days_to_deadline,
            (s.deadline - day(2025, 6, 1)).num_days()
        );
        assert_eq!(
            k.migration.systems_behind, 1,
            "only the first system has plans"
        );
        assert_eq!(k.late.migration, 1);
        assert_eq!(
            k.late.total,
            k.late.roadmap + k.late.migration + k.late.online
        );

        let labels: Vec<(&str, usize, usize, usize)> = k
            .online
            .by_method
            .iter()
            .map(|m| (m.label.as_str(), m.procedures, m.done, m.excluded))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("方式1 転記", 2, 1, 1),
                ("未定", wb.procedures.len() - 2, 0, 0)
            ],
            "methods without procedures are left out, 未定 comes last"
        );
        assert_eq!((k.online.done, k.online.excluded), (1, 1));
        assert_eq!(k.fiscal_year, "令和7年度");
    }

    #[test]
    fn the_demo_kpis_agree_with_its_summary() {
        let wb = crate::data::demo::demo_workbook().unwrap();
        let today = crate::data::demo::as_of();
        let (k, s) = (kpis(&wb, today), summarize(&wb, today));
        assert_eq!(
            k.migration.completion_percent, s.migration.completion_percent,
            "the same 完了率 as the summary and the board"
        );
        assert_eq!(k.late.total, s.late.len(), "the same late rows");
        assert_eq!(k.late.migration, s.migration.late_steps);
        assert_eq!(k.late.online, s.online.late);
        assert_eq!(k.late.roadmap, s.roadmap.late);
        assert_eq!(k.online.required_done, s.online.required_done);
        assert_eq!(
            k.online
                .by_method
                .iter()
                .map(|m| m.procedures)
                .sum::<usize>(),
            k.online.procedures,
            "every procedure counted once across the methods"
        );
        assert_eq!(k.training.positions.len(), s.training.coverage.len());
        for (p, c) in k.training.positions.iter().zip(&s.training.coverage) {
            assert_eq!(
                (&p.position, p.people, p.covered),
                (&c.position, c.people, c.fully_covered)
            );
        }
        assert_eq!(
            k.migration.systems_behind,
            k.migration
                .systems
                .iter()
                .filter(|x| x.late_steps > 0)
                .count()
        );
        assert!(
            k.migration.systems_behind > 0,
            "the demo city has systems behind plan"
        );
    }
}
