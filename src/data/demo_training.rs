//! The demo city's 人材育成: its own first-phase targets per 職位 (fewer and lower than the national list, as a
//! city starting out sets them) and three 年度 of enrolments that reach them for about half the staff, some still
//! planned, some people not yet started — so the coverage figures of the KPI screen and the council bundle are
//! worth looking at. Deterministic (fixed-seed generator), like the rest of the demo.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::demo::Rng;
use crate::calendar::FiscalYear;
use crate::data::templates::read_csv;
use crate::error::{Error, Result};
use crate::model::*;

const SKILL_TARGETS_CSV: &str = include_str!("../../assets/demo/skill_targets.csv");

/// At most this many of the city's staff on one classroom course (OFF-JT, 資格) in one 年度.
const CLASSROOM_SEATS: usize = 6;

/// The city's targets per 職位, from `assets/demo/skill_targets.csv`.
fn targets(skills: &[SkillArea]) -> Result<Vec<SkillTarget>> {
    let mut out = vec![];
    for (i, r) in read_csv(SKILL_TARGETS_CSV, &["職位", "スキル領域", "目標レベル"])?
        .iter()
        .enumerate()
    {
        let name = r.get("スキル領域");
        let skill_id = skills
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.id)
            .ok_or_else(|| {
                Error::internal(format!("{}行目: スキル領域「{name}」がありません", r.line))
            })?;
        out.push(SkillTarget {
            id: i as Id + 1,
            position: r.req("職位")?.into(),
            skill_id,
            level: r.num("目標レベル")?.unwrap_or(1),
        });
    }
    Ok(out)
}

fn covers(c: &Course, (skill, level): (Id, u8)) -> bool {
    c.skills
        .iter()
        .any(|s| s.skill_id == skill && s.level >= level)
}

/// The courses that reach every need, chosen greedily: e-learning before classroom courses (what a city can
/// offer everyone), then the course reaching most open needs; among equals a person picks any (seeded).
fn course_plan<'a>(courses: &'a [Course], needs: &[(Id, u8)], rng: &mut Rng) -> Vec<&'a Course> {
    let mut open: Vec<(Id, u8)> = needs.to_vec();
    let mut plan = vec![];
    while !open.is_empty() {
        let best = courses
            .iter()
            .map(|c| {
                (
                    open.iter().filter(|n| covers(c, **n)).count(),
                    c,
                    rng.next(),
                )
            })
            .filter(|(n, _, _)| *n > 0)
            .max_by_key(|(n, c, pick)| (c.format == CourseFormat::ELearning, *n, *pick));
        let Some((_, c, _)) = best else { break };
        open.retain(|n| !covers(c, *n));
        plan.push(c);
    }
    plan
}

fn day(fy: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(if month >= 4 { fy } else { fy + 1 }, month, 15)
}

/// Sets the city's targets and enrols its staff: close to half have taken every course their 職位 needs (令和6・7
/// 年度), a third have taken some and planned the rest (令和7年度 winter or 令和8年度), the others have not started.
pub(super) fn train_staff(wb: &mut Workbook, as_of: NaiveDate) -> Result<()> {
    wb.skill_targets = targets(&wb.skills)?;
    let mut needs: HashMap<&str, Vec<(Id, u8)>> = HashMap::new();
    for t in &wb.skill_targets {
        needs
            .entry(t.position.as_str())
            .or_default()
            .push((t.skill_id, t.level));
    }
    let this_fy = FiscalYear::of(as_of).0;
    let mut rng = Rng(0xd1_5eed);
    let mut seats: HashMap<(Id, i32), usize> = HashMap::new();
    let mut out: Vec<Enrolment> = vec![];
    let mut staff: Vec<&Person> = wb
        .people
        .iter()
        .filter(|p| p.employment == Employment::Staff)
        .collect();
    // the DX office sends its own specialists first; classroom seats are few
    staff.sort_by_key(|p| (p.position != "情報政策担当", p.id));
    for p in staff {
        let Some(need) = needs.get(p.position.as_str()) else {
            continue;
        };
        let plan = course_plan(&wb.courses, need, &mut rng);
        // the DX office's own specialists have taken theirs, or nearly
        let engagement = if p.position == "情報政策担当" {
            rng.below(60)
        } else {
            rng.below(100)
        };
        for (k, c) in plan.iter().enumerate() {
            let done = engagement < 45 || (engagement < 80 && k < plan.len() / 2);
            let planned = !done && engagement < 80;
            if !done && !planned {
                continue;
            }
            let classroom = matches!(c.format, CourseFormat::OffJt | CourseFormat::Qualification);
            // the years and months to try, in order: past ones for what is done, coming ones for plans
            let tries: Vec<(i32, u32)> = if done {
                let m = c.month.unwrap_or(5 + rng.below(6) as u32);
                let first = if rng.below(2) == 0 {
                    this_fy - 1
                } else {
                    this_fy
                };
                vec![(first, m), (this_fy - 1, m), (this_fy, m)]
            } else {
                let winter = [12, 1, 2][rng.below(3) as usize];
                match c.month {
                    None => vec![(this_fy, winter), (this_fy + 1, 6 + rng.below(5) as u32)],
                    Some(m) => vec![(this_fy, m), (this_fy + 1, m)],
                }
            };
            let slot = tries.into_iter().find(|(fy, m)| {
                let Some(held) = day(*fy, *m) else {
                    return false;
                };
                let right_side = if done { held < as_of } else { held >= as_of };
                let room =
                    !classroom || seats.get(&(c.id, *fy)).copied().unwrap_or(0) < CLASSROOM_SEATS;
                right_side && room
            });
            let Some((fy, month)) = slot else { continue };
            if classroom {
                *seats.entry((c.id, fy)).or_default() += 1;
            }
            let held = day(fy, month);
            out.push(Enrolment {
                id: out.len() as Id + 1,
                person_id: p.id,
                course_id: c.id,
                year: FiscalYear(fy),
                month: Some(month),
                status: if done {
                    EnrolmentStatus::Completed
                } else {
                    EnrolmentStatus::Planned
                },
                completed_on: if done { held } else { None },
            });
        }
    }
    wb.enrolments = out;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::data::demo::{as_of, demo_workbook};
    use crate::query::summary::kpis;

    #[test]
    fn about_half_the_demo_staff_meet_their_targets_and_plans_take_most_of_the_rest_there() {
        let wb = demo_workbook().expect("the demo");
        let t = kpis(&wb, as_of()).training;
        assert!(
            t.people > 150,
            "every staff member with a 職位 target counts: {}",
            t.people
        );
        assert!(
            (35.0..=60.0).contains(&t.percent),
            "coverage is neither empty nor complete: {:.1}%",
            t.percent
        );
        assert!(
            t.covered_when_plans_done > t.covered + 30,
            "planned courses close more gaps: {} → {}",
            t.covered,
            t.covered_when_plans_done
        );
        assert!(
            t.covered_when_plans_done < t.people,
            "some people have not started: {} of {}",
            t.covered_when_plans_done,
            t.people
        );
        let specialists = t
            .positions
            .iter()
            .find(|p| p.position == "情報政策担当")
            .expect("the DX office's specialists have targets");
        assert_eq!(
            specialists.covered_when_plans_done, specialists.people,
            "the DX office's own specialists are all trained or booked"
        );
        for p in &t.positions {
            assert!(p.covered > 0, "{}: someone meets the targets", p.position);
        }
    }
}
