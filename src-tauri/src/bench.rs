//! A large synthetic workbook and the edit round-trip measurement, so the app's responsiveness target (p95 edit
//! round-trip ≤ 50 ms on 20 systems × 40 steps, 50,000 staff, 500,000 enrolments) is checked by a command, not hoped.
//!
//! `cargo test --release -p dxplan-app bench -- --ignored --nocapture` prints the figures.

use chrono::NaiveDate;
use dxplan::calendar::FiscalYear;
use dxplan::error::Result;
use dxplan::model::*;

/// Sizes of the synthetic workbook.
pub struct Size {
    pub systems: usize,
    pub steps: usize,
    pub staff: usize,
    pub enrolments: usize,
}

pub const LARGE: Size = Size {
    systems: 20,
    steps: 40,
    staff: 50_000,
    enrolments: 500_000,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// A valid workbook of the given size (deterministic).
pub fn workbook(size: &Size) -> Result<Workbook> {
    let mut wb = Workbook::empty(WorkbookMeta::new("大規模テスト市")?);
    wb.template = StepTemplate {
        name: "大規模テンプレート".into(),
        steps: (1..=size.steps as i64)
            .map(|n| TemplateStep {
                id: n,
                no: n as u32,
                code: format!("{n}."),
                phase: format!("フェーズ{}", (n - 1) / 10 + 1),
                name: format!("作業項目{n}"),
                details: String::new(),
                a_pattern_only: false,
                typical_months: None,
            })
            .collect(),
    };
    for u in 1..=50i64 {
        wb.units.push(OrgUnit {
            id: u,
            name: format!("第{u}課"),
            kind: UnitKind::Section,
            parent_id: None,
            linked_units: vec![],
            sort: u,
        });
    }
    let mut step_id = 0;
    for s in 1..=size.systems as i64 {
        wb.systems.push(System {
            id: s,
            name: format!("業務{s}"),
            group: SystemGroup::Other,
            owner_units: vec![(s % 50) + 1],
            vendor: String::new(),
            pattern: Some(Pattern::A),
            target_date: d(2026, 3, 31),
            specified: false,
            specified_reason: String::new(),
            specified_deadline: None,
            notes: String::new(),
            sort: s,
        });
        for t in 1..=size.steps as i64 {
            step_id += 1;
            let start = d(2023, 4, 1) + chrono::Days::new((t * 20) as u64);
            wb.system_steps.push(SystemStep {
                id: step_id,
                system_id: s,
                template_step_id: t,
                plan: Some(Span {
                    start,
                    end: start + chrono::Days::new(60),
                }),
                actual_start: None,
                actual_end: None,
                status: StepStatus::NotStarted,
                notes: String::new(),
            });
        }
    }
    for p in 1..=size.staff as i64 {
        wb.people.push(Person {
            id: p,
            staff_no: Some(format!("S{p:06}")),
            name: format!("職員{p}"),
            kana: String::new(),
            position: ["主事", "主任", "係長", "課長"][(p % 4) as usize].into(),
            unit_id: Some((p % 50) + 1),
            employment: Employment::Staff,
        });
    }
    let courses = 20i64;
    for c in 1..=courses {
        wb.courses.push(Course {
            id: c,
            provider: "J-LIS".into(),
            name: format!("研修{c}"),
            format: CourseFormat::ELearning,
            length: "3か月".into(),
            days: None,
            month: None,
            audience: String::new(),
            seats: None,
            fee_yen: None,
            skills: vec![],
        });
    }
    // each person takes `per` different (course, year) pairs
    let per = size.enrolments.div_ceil(size.staff.max(1));
    let mut id = 0;
    'outer: for p in 1..=size.staff as i64 {
        for k in 0..per as i64 {
            if id as usize >= size.enrolments {
                break 'outer;
            }
            id += 1;
            wb.enrolments.push(Enrolment {
                id,
                person_id: p,
                course_id: (p + k) % courses + 1,
                year: FiscalYear(2023 + (k / courses) as i32),
                month: None,
                status: EnrolmentStatus::Planned,
                completed_on: None,
            });
        }
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use dxplan::model::edit::{Edit, Entity};
    use dxplan::store::Store;

    use super::*;
    use crate::state::Session;

    /// Applies `n` step-status edits the way the board does (edit through the store, then rebuild the board's
    /// view and serialize it as IPC would); returns the sorted round-trip times in ms.
    fn round_trips(size: &Size, n: usize) -> (Vec<f64>, f64, f64) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.dxplan");
        let t0 = Instant::now();
        let wb = workbook(size).unwrap();
        drop(Store::create(&path, &wb, false).unwrap());
        let create_s = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let mut s = Session::open(&path, d(2025, 11, 20)).unwrap();
        let open_s = t1.elapsed().as_secs_f64();
        let mut times = vec![];
        for i in 0..n {
            let mut step = s.wb.system_steps[(i * 7) % s.wb.system_steps.len()].clone();
            step.status = if step.status == StepStatus::Done {
                StepStatus::InProgress
            } else {
                StepStatus::Done
            };
            let t = Instant::now();
            s.apply(
                Edit::Put {
                    entity: Entity::Step(step),
                },
                "bench".into(),
            )
            .unwrap();
            let view = crate::commands::migration::build(&s);
            let json = serde_json::to_string(&view).unwrap();
            assert!(json.len() > 100);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        (times, create_s, open_s)
    }

    fn p95(sorted: &[f64]) -> f64 {
        sorted[((sorted.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)]
    }

    #[test]
    fn a_small_synthetic_workbook_is_valid_and_edits_round_trip() {
        let size = Size {
            systems: 3,
            steps: 5,
            staff: 200,
            enrolments: 1_000,
        };
        let (times, _, _) = round_trips(&size, 10);
        assert_eq!(times.len(), 10);
    }

    #[test]
    #[ignore = "benchmark: run with --release --ignored --nocapture"]
    fn bench_edit_round_trip_on_a_large_workbook() {
        let (times, create_s, open_s) = round_trips(&LARGE, 200);
        println!(
            "large workbook: create {create_s:.2} s, open+load {open_s:.2} s; edit round-trip p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            times[times.len() / 2],
            p95(&times),
            times[times.len() - 1]
        );
    }
}
