//! 人材育成: skill targets per 職位, the course catalogue, enrolments per course and 年度, and coverage gaps.

use std::collections::HashMap;

use dxplan::calendar::FiscalYear;
use dxplan::error::Result;
use dxplan::model::training::{PositionCoverage, SkillLevels, over_capacity};
use dxplan::model::{Course, Enrolment, EnrolmentStatus, Id, SkillArea, SkillTarget};
use serde::Serialize;
use tauri::State;

use crate::args::Arg;

use crate::state::AppState;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct GapView {
    #[ts(type = "number")]
    pub person_id: Id,
    pub person: String,
    pub position: String,
    pub unit: String,
    pub skill: String,
    pub required: u8,
    pub reached: u8,
    pub planned: u8,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CourseYear {
    #[ts(type = "number")]
    pub course_id: Id,
    pub planned: u32,
    pub completed: u32,
    pub cancelled: u32,
    pub over_capacity: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TrainingView {
    pub year: FiscalYear,
    pub skills: Vec<SkillArea>,
    pub targets: Vec<SkillTarget>,
    pub courses: Vec<Course>,
    pub coverage: Vec<PositionCoverage>,
    /// the first gaps (people lacking a required level), worst first
    pub gaps: Vec<GapView>,
    pub gap_total: u32,
    /// enrolments of `year` per course
    pub by_course: Vec<CourseYear>,
}

/// How many gaps the screen lists (the figures count them all).
const GAPS_SHOWN: usize = 300;

#[tauri::command]
pub fn training_view(state: State<'_, AppState>, year: Arg<Option<i32>>) -> Result<TrainingView> {
    let year = *year;
    state.with(|s| {
        let wb = &s.wb;
        let year = year
            .map(FiscalYear)
            .unwrap_or_else(|| FiscalYear::of(s.as_of));
        let levels = SkillLevels::new(&wb.people, &wb.skill_targets, &wb.courses, &wb.enrolments);
        let coverage = levels.coverage().positions;
        let mut gaps = levels.gaps();
        let gap_total = gaps.len() as u32;
        gaps.sort_by_key(|g| {
            (
                std::cmp::Reverse(g.required - g.planned.min(g.required)),
                g.person_id,
            )
        });
        let people: HashMap<Id, &dxplan::model::Person> =
            wb.people.iter().map(|p| (p.id, p)).collect();
        let skills: HashMap<Id, &SkillArea> = wb.skills.iter().map(|k| (k.id, k)).collect();
        let gaps = gaps
            .into_iter()
            .take(GAPS_SHOWN)
            .map(|g| {
                let p = people.get(&g.person_id);
                GapView {
                    person_id: g.person_id,
                    person: p.map(|p| p.name.clone()).unwrap_or_default(),
                    position: p.map(|p| p.position.clone()).unwrap_or_default(),
                    unit: wb.unit_name(p.and_then(|p| p.unit_id)).to_string(),
                    skill: skills
                        .get(&g.skill_id)
                        .map(|k| k.name.clone())
                        .unwrap_or_default(),
                    required: g.required,
                    reached: g.reached,
                    planned: g.planned,
                }
            })
            .collect();
        let over: Vec<Id> = over_capacity(&wb.courses, &wb.enrolments)
            .into_iter()
            .filter(|o| o.1 == year)
            .map(|o| o.0)
            .collect();
        let mut counts: HashMap<Id, (u32, u32, u32)> = HashMap::new();
        for e in wb.enrolments.iter().filter(|e| e.year == year) {
            let c = counts.entry(e.course_id).or_default();
            match e.status {
                EnrolmentStatus::Planned => c.0 += 1,
                EnrolmentStatus::Completed => c.1 += 1,
                EnrolmentStatus::Cancelled => c.2 += 1,
            }
        }
        let by_course = wb
            .courses
            .iter()
            .map(|c| {
                let (planned, completed, cancelled) =
                    counts.get(&c.id).copied().unwrap_or_default();
                CourseYear {
                    course_id: c.id,
                    planned,
                    completed,
                    cancelled,
                    over_capacity: over.contains(&c.id),
                }
            })
            .collect();
        Ok(TrainingView {
            year,
            skills: wb.skills.clone(),
            targets: wb.skill_targets.clone(),
            courses: wb.courses.clone(),
            coverage,
            gaps,
            gap_total,
            by_course,
        })
    })
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct EnrolmentView {
    pub enrolment: Enrolment,
    pub person: String,
    pub position: String,
    pub unit: String,
}

/// Enrolments of one course in one 年度 (at most 500 listed).
#[tauri::command]
pub fn course_enrolments(
    state: State<'_, AppState>,
    course_id: Arg<Id>,
    year: Arg<i32>,
) -> Result<Vec<EnrolmentView>> {
    let (course_id, year) = (*course_id, *year);
    state.with(|s| {
        let wb = &s.wb;
        let people: HashMap<Id, &dxplan::model::Person> =
            wb.people.iter().map(|p| (p.id, p)).collect();
        Ok(wb
            .enrolments
            .iter()
            .filter(|e| e.course_id == course_id && e.year == FiscalYear(year))
            .take(500)
            .map(|e| {
                let p = people.get(&e.person_id);
                EnrolmentView {
                    enrolment: e.clone(),
                    person: p.map(|p| p.name.clone()).unwrap_or_default(),
                    position: p.map(|p| p.position.clone()).unwrap_or_default(),
                    unit: wb.unit_name(p.and_then(|p| p.unit_id)).to_string(),
                }
            })
            .collect())
    })
}
