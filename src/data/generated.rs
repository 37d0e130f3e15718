//! The large-city workbook the benchmarks run on (20 systems × 40 steps, 31 procedures, 300 units, 50,000 staff,
//! 500,000 training records), generated deterministically so figures compare across runs and machines.

use chrono::NaiveDate;

use crate::calendar::FiscalYear;
use crate::data::demo::Rng;
use crate::data::templates;
use crate::error::{Error, Result};
use crate::model::*;

/// Sizes of the generated city.
#[derive(Debug, Clone, Copy)]
pub struct CitySize {
    pub steps: u32,
    pub units: usize,
    pub staff: usize,
    pub enrolments: usize,
}

impl CitySize {
    /// The large city of the issues' targets.
    pub const LARGE: CitySize = CitySize {
        steps: 40,
        units: 300,
        staff: 50_000,
        enrolments: 500_000,
    };
}

fn d(y: i32, m: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day).ok_or_else(|| Error::internal("bench date"))
}

const SURNAMES: [&str; 24] = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "髙橋",
    "山﨑",
    "森",
    "池田",
];
const GIVEN: [&str; 16] = [
    "翔",
    "陽菜",
    "蓮",
    "結衣",
    "大輝",
    "美咲",
    "健一",
    "由美",
    "誠",
    "直子",
    "拓也",
    "彩",
    "亮",
    "恵",
    "浩",
    "真由美",
];
const POSITIONS: [&str; 6] = ["部長", "課長", "課長補佐", "係長", "主任", "主事"];

/// A large city's workbook: national roadmap and catalogue, a 40-step template, and generated org and staff.
pub fn large_city(size: CitySize) -> Result<Workbook> {
    let mut rng = Rng(0x1a2b_3c4d);
    let mut meta = WorkbookMeta::new("おおぞら市（ベンチマーク用）")?;
    meta.plan_end = d(2028, 3, 31)?;
    let mut wb = Workbook::empty(meta);
    let (inits, tasks) = templates::national_roadmap()?;
    wb.initiatives = inits;
    wb.tasks = tasks;
    // a hundred more roadmap rows, spread over the initiatives
    for i in 0..100 {
        let init = wb.initiatives[i % wb.initiatives.len()].id;
        let id = Workbook::next_id(wb.tasks.iter().map(|t| &t.id));
        let start = d(2021 + (i % 5) as i32, 4, 1)?;
        let end = d(2022 + (i % 5) as i32, 3, 31)?;
        wb.tasks.push(Task {
            id,
            initiative_id: init,
            name: format!("取組内容{:03}", i + 1),
            owner_unit: None,
            plan: Some(Span::new(start, end)?),
            actual_start: None,
            actual_end: None,
            progress: (i * 7 % 100) as u8,
            status: if i % 3 == 0 {
                Status::Done
            } else {
                Status::InProgress
            },
            milestone: i % 10 == 0,
            notes: String::new(),
            sort: id * 10,
        });
        if let Some(t) = wb.tasks.last_mut()
            && t.status == Status::Done
        {
            t.progress = 100;
        }
    }

    // org: 20 部 × 14 課 = 280 line units + bodies
    let mut units = vec![];
    let depts = 20usize;
    let per = (size.units.saturating_sub(depts + 8)) / depts;
    for dpt in 0..depts {
        let did = units.len() as Id + 1;
        units.push(OrgUnit {
            id: did,
            name: format!("第{}部", dpt + 1),
            kind: UnitKind::Department,
            parent_id: None,
            linked_units: vec![],
            sort: did,
            step_capacity: None,
        });
        for s in 0..per {
            let id = units.len() as Id + 1;
            units.push(OrgUnit {
                id,
                name: format!("第{}部第{}課", dpt + 1, s + 1),
                kind: UnitKind::Section,
                parent_id: Some(did),
                linked_units: vec![],
                sort: id,
                step_capacity: None,
            });
        }
    }
    let hq = units.len() as Id + 1;
    units.push(OrgUnit {
        id: hq,
        name: "DX推進本部".into(),
        kind: UnitKind::Headquarters,
        parent_id: None,
        linked_units: vec![],
        sort: hq,
        step_capacity: None,
    });
    while units.len() < size.units {
        let id = units.len() as Id + 1;
        let linked = vec![2 + (id % 200)];
        units.push(OrgUnit {
            id,
            name: format!("分科会{}", id - hq),
            kind: UnitKind::Subcommittee,
            parent_id: Some(hq),
            linked_units: linked,
            sort: id,
            step_capacity: None,
        });
    }
    let sections: Vec<Id> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Section)
        .map(|u| u.id)
        .collect();
    wb.units = units;

    wb.people = (0..size.staff)
        .map(|i| Person {
            id: i as Id + 1,
            staff_no: Some(format!("{:07}", 1_000_000 + i)),
            name: format!(
                "{}　{}{}",
                SURNAMES[i % SURNAMES.len()],
                GIVEN[(i / SURNAMES.len()) % GIVEN.len()],
                i
            ),
            kana: String::new(),
            position: POSITIONS[(rng.below(100) as usize * POSITIONS.len()) / 100].to_string(),
            unit_id: Some(sections[i % sections.len()]),
            employment: Employment::Staff,
        })
        .collect();

    let (skills, targets, mut courses) = templates::national_training()?;
    // more courses so half a million enrolments stay one per person, course and year
    let base = courses.len();
    for i in 0..40 {
        let mut c = courses[i % base].clone();
        c.id = (base + i) as Id + 1;
        c.name = format!("{}（第{}回）", c.name, i + 2);
        c.seats = None;
        courses.push(c);
    }
    wb.skills = skills;
    wb.skill_targets = targets;
    let years: Vec<i32> = (2021..=2026).collect();
    let mut enrolments = Vec::with_capacity(size.enrolments);
    let per_person = size.enrolments.div_ceil(size.staff.max(1));
    'outer: for p in 0..size.staff {
        let first = rng.below(courses.len() as u64) as usize;
        for k in 0..per_person {
            if enrolments.len() >= size.enrolments {
                break 'outer;
            }
            let c = &courses[(first + k) % courses.len()];
            let year = years[k % years.len()];
            let done = year < 2025;
            let month = c.month.unwrap_or(7);
            enrolments.push(Enrolment {
                id: enrolments.len() as Id + 1,
                person_id: p as Id + 1,
                course_id: c.id,
                year: FiscalYear(year),
                month: Some(month),
                status: if done {
                    EnrolmentStatus::Completed
                } else {
                    EnrolmentStatus::Planned
                },
                completed_on: if done {
                    NaiveDate::from_ymd_opt(if month >= 4 { year } else { year + 1 }, month, 20)
                } else {
                    None
                },
            });
        }
    }
    wb.courses = courses;
    wb.enrolments = enrolments;

    wb.template = stepped_template(size.steps);
    let national = templates::national_workbook(WorkbookMeta::new("x")?)?;
    let start = d(2022, 4, 1)?;
    let target = templates::national_system_target();
    let span_days = (target - start).num_days();
    for (i, s) in national.systems.iter().enumerate() {
        let mut sys = s.clone();
        sys.owner_units = vec![sections[i % sections.len()]];
        sys.pattern = Some(if i % 3 == 0 { Pattern::A } else { Pattern::B });
        let first = Workbook::next_id(wb.system_steps.iter().map(|x| &x.id));
        let mut steps = crate::model::edit::initial_steps(&wb, &sys, first);
        let n = steps.len() as i64;
        for (k, st) in steps.iter_mut().enumerate() {
            let a = start + chrono::Duration::days(span_days * k as i64 / n);
            let b =
                start + chrono::Duration::days(span_days * (k as i64 + 2) / n).min(target - start);
            st.plan = Some(Span::new(a, b.min(target))?);
            let progress_point = d(2025, 11, 20)? - chrono::Duration::days((i as i64 % 5) * 60);
            if st.status != StepStatus::NotApplicable && b < progress_point {
                st.status = StepStatus::Done;
                st.actual_start = Some(a);
                st.actual_end = Some(b);
            } else if a < progress_point && st.status != StepStatus::NotApplicable {
                st.status = StepStatus::InProgress;
                st.actual_start = Some(a);
            }
        }
        wb.system_steps.extend(steps);
        wb.systems.push(sys);
    }
    wb.procedures = national
        .procedures
        .iter()
        .cloned()
        .map(|mut p| {
            p.owner_unit = Some(sections[p.no as usize % sections.len()]);
            p.plan = Some(Span {
                start: d(2021, 10, 1).unwrap_or(start),
                end: templates::national_online_target(),
            });
            p
        })
        .collect();
    let b = Baseline::take(1, "当初計画", d(2022, 4, 1)?, &wb)?;
    wb.baselines.push(b);
    // the history that led here (the trend's benchmark reads it)
    wb.progress = crate::data::history::history(&wb, start, d(2025, 11, 20)?);
    Ok(wb)
}

/// A city's staff list and training records as a personnel system exports them (CSV text: 職員番号・氏名・かな・
/// 所属・職位, and 職員番号・実施主体・研修・年度・状況・受講月・修了日), the files the import benchmarks read.
pub fn personnel_csv(city: &Workbook) -> (String, String) {
    let mut staff = String::from("職員番号,氏名,かな,所属,職位\n");
    for p in &city.people {
        staff.push_str(&format!(
            "{},{},,{},{}\n",
            p.staff_no.as_deref().unwrap_or(""),
            p.name,
            city.unit_name(p.unit_id),
            p.position
        ));
    }
    let staff_no: std::collections::HashMap<Id, &str> = city
        .people
        .iter()
        .map(|p| (p.id, p.staff_no.as_deref().unwrap_or("")))
        .collect();
    let mut training = String::from("職員番号,実施主体,研修,年度,状況,受講月,修了日\n");
    for e in &city.enrolments {
        let c = city.course(e.course_id);
        training.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            staff_no.get(&e.person_id).copied().unwrap_or(""),
            c.map(|c| c.provider.as_str()).unwrap_or(""),
            c.map(|c| c.name.as_str()).unwrap_or(""),
            e.year.label(),
            e.status.label(),
            e.month.map(|m| m.to_string()).unwrap_or_default(),
            e.completed_on.map(|d| d.to_string()).unwrap_or_default(),
        ));
    }
    (staff, training)
}

/// A step template of `steps` steps in the three phases (the 40-step model some municipalities load).
pub(crate) fn stepped_template(steps: u32) -> StepTemplate {
    let phases = ["計画立案フェーズ", "システム選定フェーズ", "移行フェーズ"];
    StepTemplate {
        name: format!("ベンチマーク用{steps}工程モデル"),
        steps: (1..=steps)
            .map(|n| TemplateStep {
                id: n as Id,
                no: n,
                code: format!("{n}"),
                phase: phases[((n - 1) * 3 / steps.max(1)) as usize].to_string(),
                name: format!("作業項目{n:02}"),
                details: String::new(),
                a_pattern_only: n % 13 == 0,
                typical_months: Some(2),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_generated_city_is_valid_and_has_the_asked_sizes() {
        let wb = large_city(CitySize {
            steps: 40,
            units: 300,
            staff: 500,
            enrolments: 5_000,
        })
        .unwrap();
        assert_eq!(wb.systems.len(), 20);
        assert_eq!(wb.system_steps.len(), 20 * 40);
        assert_eq!(wb.procedures.len(), 31);
        assert_eq!(wb.units.len(), 300);
        assert_eq!(wb.people.len(), 500);
        assert_eq!(wb.enrolments.len(), 5_000);
        let f = crate::query::check::findings(&wb);
        assert!(
            f.errors.is_empty(),
            "{:?}",
            &f.errors[..f.errors.len().min(5)]
        );
        let mut seen = std::collections::HashSet::new();
        assert!(
            wb.enrolments
                .iter()
                .all(|e| seen.insert((e.person_id, e.course_id, e.year))),
            "one enrolment per person, course and year"
        );
    }
}
