//! Skill levels, gaps, coverage and course capacity, on small hand-built staff lists.

use super::*;
use crate::model::Employment;

fn person(id: Id, position: &str) -> Person {
    Person {
        id,
        staff_no: Some(format!("{id:06}")),
        name: format!("職員{id}"),
        kana: String::new(),
        position: position.into(),
        unit_id: None,
        employment: Employment::Staff,
    }
}
fn course(id: Id, skill: Id, level: u8, seats: Option<u32>) -> Course {
    Course {
        id,
        provider: "J-LIS".into(),
        name: format!("研修{id}"),
        format: CourseFormat::ELearning,
        length: "約3か月".into(),
        days: None,
        month: Some(6),
        audience: String::new(),
        seats,
        fee_yen: None,
        skills: vec![CourseSkill {
            skill_id: skill,
            level,
        }],
    }
}
fn enrol(id: Id, person: Id, course: Id, status: EnrolmentStatus) -> Enrolment {
    Enrolment {
        id,
        person_id: person,
        course_id: course,
        year: FiscalYear(2025),
        month: Some(6),
        status,
        completed_on: (status == EnrolmentStatus::Completed)
            .then(|| NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()),
    }
}

#[test]
fn a_person_without_the_required_course_has_a_gap_and_a_planned_course_is_counted_apart() {
    let people = vec![person(1, "課長"), person(2, "課長"), person(3, "主事")];
    let targets = vec![SkillTarget {
        id: 1,
        position: "課長".into(),
        skill_id: 10,
        level: 2,
    }];
    let courses = vec![course(100, 10, 2, None)];
    let enrolments = vec![
        enrol(1, 1, 100, EnrolmentStatus::Completed),
        enrol(2, 2, 100, EnrolmentStatus::Planned),
    ];
    let gaps = skill_gaps(&people, &targets, &courses, &enrolments);
    assert_eq!(gaps.len(), 1, "only person 2 lacks the skill: {gaps:?}");
    assert_eq!(
        (gaps[0].person_id, gaps[0].reached, gaps[0].planned),
        (2, 0, 2)
    );
    let cov = skill_coverage(&people, &targets, &courses, &enrolments);
    assert_eq!(
        cov.positions,
        vec![PositionCoverage {
            position: "課長".into(),
            people: 2,
            fully_covered: 1,
            covered_when_plans_done: 2,
            lacking: vec![SkillShortfall {
                skill_id: 10,
                people: 1
            }],
        }]
    );
    assert_eq!(cov.people_with_gaps, 1);
}

/// The one-pass coverage must say what counting the listed gaps says, on a staff with mixed 職位, duplicate
/// targets, cancelled and unknown enrolments.
#[test]
fn coverage_counted_in_one_pass_agrees_with_the_list_of_gaps() {
    let positions = ["課長", "係長", "主事", "技師"];
    let people: Vec<Person> = (1..=400)
        .map(|i| person(i, positions[(i as usize * 7) % positions.len()]))
        .collect();
    let mut targets = vec![];
    for (k, (pos, skill, level)) in [
        ("課長", 10, 2),
        ("課長", 11, 1),
        ("係長", 10, 3),
        ("係長", 12, 2),
        ("係長", 12, 1), // a duplicate target: the higher level counts
        ("主事", 11, 2),
        ("部長", 10, 4), // a 職位 nobody holds
    ]
    .into_iter()
    .enumerate()
    {
        targets.push(SkillTarget {
            id: k as Id + 1,
            position: pos.into(),
            skill_id: skill,
            level,
        });
    }
    let courses = vec![
        course(100, 10, 2, None),
        course(101, 10, 3, None),
        course(102, 11, 2, None),
        course(103, 12, 2, None),
        course(104, 99, 4, None), // builds a skill nobody targets
    ];
    let statuses = [
        EnrolmentStatus::Completed,
        EnrolmentStatus::Planned,
        EnrolmentStatus::Cancelled,
    ];
    let enrolments: Vec<Enrolment> = (0..1500)
        .map(|i: i64| {
            let person = (i * 37) % 420 + 1; // some ids past the staff: unknown people are skipped
            let course = 100 + (i * 13) % 6; // 105 is not in the catalogue
            let mut e = enrol(i + 1, person, course, statuses[(i % 3) as usize]);
            if e.status != EnrolmentStatus::Completed {
                e.completed_on = None;
            }
            e
        })
        .collect();
    let levels = SkillLevels::new(&people, &targets, &courses, &enrolments);
    let gaps = levels.gaps();
    let cov = levels.coverage();
    assert!(!gaps.is_empty(), "the fixture must have gaps to compare");
    assert_eq!(
        cov.people_with_gaps,
        gaps.iter()
            .map(|g| g.person_id)
            .collect::<BTreeSet<_>>()
            .len(),
        "people with gaps"
    );
    for c in &cov.positions {
        let holders: Vec<&Person> = people.iter().filter(|p| p.position == c.position).collect();
        let lacking = |p: &Person, after_plans: bool| {
            gaps.iter()
                .any(|g| g.person_id == p.id && (!after_plans || g.planned < g.required))
        };
        assert_eq!(c.people, holders.len(), "people of {}", c.position);
        assert_eq!(
            c.fully_covered,
            holders.iter().filter(|p| !lacking(p, false)).count(),
            "fully covered in {}",
            c.position
        );
        assert_eq!(
            c.covered_when_plans_done,
            holders.iter().filter(|p| !lacking(p, true)).count(),
            "covered when plans are done in {}",
            c.position
        );
        for s in &c.lacking {
            let n = gaps
                .iter()
                .filter(|g| g.skill_id == s.skill_id && holders.iter().any(|p| p.id == g.person_id))
                .count();
            assert_eq!(
                s.people, n,
                "people of {} lacking skill {}",
                c.position, s.skill_id
            );
        }
        // every person-level mark agrees with the gap list too
        for (pi, p) in people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.position == c.position)
        {
            for s in levels.skills() {
                let standing = levels.standing(pi, *s);
                let gap = gaps
                    .iter()
                    .find(|g| g.person_id == p.id && g.skill_id == *s);
                match (standing, gap) {
                    (Some(st), Some(g)) => assert_eq!(&st, g, "standing of person {}", p.id),
                    (Some(st), None) => {
                        assert!(st.reached >= st.required, "person {} has no gap", p.id)
                    }
                    (None, Some(g)) => panic!("gap without a target: {g:?}"),
                    (None, None) => {}
                }
            }
        }
    }
    assert_eq!(
        cov.positions
            .iter()
            .map(|c| c.position.as_str())
            .collect::<Vec<_>>(),
        vec!["主事", "係長", "課長", "部長"],
        "every targeted 職位 in name order, held or not"
    );
    let kakaricho = cov.positions.iter().find(|c| c.position == "係長").unwrap();
    assert_eq!(
        kakaricho
            .lacking
            .iter()
            .map(|s| s.skill_id)
            .collect::<Vec<_>>(),
        vec![10, 12],
        "a duplicate target is one column"
    );
}

#[test]
fn a_lower_level_course_does_not_meet_a_higher_target() {
    let people = vec![person(1, "係長")];
    let targets = vec![SkillTarget {
        id: 1,
        position: "係長".into(),
        skill_id: 10,
        level: 3,
    }];
    let gaps = skill_gaps(
        &people,
        &targets,
        &[course(100, 10, 2, None)],
        &[enrol(1, 1, 100, EnrolmentStatus::Completed)],
    );
    assert_eq!(gaps[0].reached, 2);
}

#[test]
fn enrolments_beyond_the_seats_are_reported_and_cancelled_ones_not_counted() {
    let courses = vec![course(100, 10, 1, Some(1))];
    let mut es = vec![
        enrol(1, 1, 100, EnrolmentStatus::Planned),
        enrol(2, 2, 100, EnrolmentStatus::Cancelled),
    ];
    assert!(over_capacity(&courses, &es).is_empty());
    es.push(enrol(3, 3, 100, EnrolmentStatus::Planned));
    assert_eq!(
        over_capacity(&courses, &es),
        vec![(100, FiscalYear(2025), 2, 1)]
    );
}

#[test]
fn a_completed_enrolment_needs_its_date_and_a_planned_one_must_not_have_one() {
    let mut e = enrol(1, 1, 100, EnrolmentStatus::Completed);
    assert!(e.validate().is_ok());
    e.completed_on = None;
    assert_eq!(
        e.validate().unwrap_err().field.as_deref(),
        Some("completed_on")
    );
    let mut p = enrol(2, 1, 100, EnrolmentStatus::Planned);
    p.completed_on = NaiveDate::from_ymd_opt(2025, 1, 1);
    assert!(p.validate().is_err());
    assert_eq!(
        CourseFormat::parse("eラーニング").unwrap(),
        CourseFormat::ELearning
    );
}
