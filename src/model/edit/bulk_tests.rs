//! The bulk path ends exactly where edit-by-edit ends: same rows, ids, errors and inverse.

use super::*;
use crate::calendar::FiscalYear;

/// 20 people and a course; `n` enrolment puts (new), then puts of people; one batch.
fn city() -> Workbook {
    let mut w = Workbook::empty(WorkbookMeta::new("テスト市").unwrap());
    w.people = (1..=20)
        .map(|i| Person {
            id: i,
            staff_no: Some(format!("{i:04}")),
            name: format!("職員{i}"),
            kana: String::new(),
            position: "主事".into(),
            unit_id: None,
            employment: Employment::Staff,
        })
        .collect();
    w.courses.push(Course {
        id: 1,
        provider: "市".into(),
        name: "DX基礎".into(),
        format: CourseFormat::OffJt,
        length: String::new(),
        days: None,
        month: Some(7),
        audience: String::new(),
        seats: None,
        fee_yen: None,
        skills: vec![],
    });
    w
}

fn enrolment(person: Id, year: i32) -> Edit {
    Edit::Put {
        entity: Entity::Enrolment(Enrolment {
            id: 0,
            person_id: person,
            course_id: 1,
            year: FiscalYear(year),
            month: Some(7),
            status: EnrolmentStatus::Planned,
            completed_on: None,
        }),
    }
}

fn edits() -> Vec<Edit> {
    let mut v: Vec<Edit> = (0..300)
        .map(|k| enrolment(1 + (k % 20), 2000 + (k / 20) as i32))
        .collect();
    // a changed person and a new one, in the same batch
    let mut p = city().people[3].clone();
    p.position = "係長".into();
    v.push(Edit::Put {
        entity: Entity::Person(p),
    });
    v.push(Edit::Put {
        entity: Entity::Person(Person {
            id: 0,
            staff_no: Some(" 9999 ".into()),
            name: " 新規　職員 ".into(),
            kana: String::new(),
            position: "主事".into(),
            unit_id: None,
            employment: Employment::Staff,
        }),
    });
    v
}

/// The edit-by-edit result, one `apply` per edit.
fn one_by_one(w: &mut Workbook, edits: Vec<Edit>) -> Result<()> {
    for e in edits {
        apply(w, e)?;
    }
    Ok(())
}

#[test]
fn a_long_batch_of_people_and_enrolments_ends_as_edit_by_edit_and_its_inverse_restores_it() {
    let mut bulk = city();
    let applied = apply(&mut bulk, Edit::Batch { edits: edits() }).unwrap();
    let mut single = city();
    one_by_one(&mut single, edits()).unwrap();
    assert_eq!(bulk, single, "same rows, same ids, same trimming");
    assert_eq!(applied.changed.len(), 302, "every row touched is named");
    assert_eq!(
        applied.new_id,
        Some(21),
        "the new person's id is the last new id"
    );
    apply(&mut bulk, applied.inverse).unwrap();
    assert_eq!(bulk, city(), "the inverse brings the workbook back");
}

#[test]
fn a_long_batch_with_one_bad_edit_fails_with_that_edit_s_error_and_changes_nothing() {
    for bad in [
        enrolment(1, 2000),  // the same person, course and year as the first edit
        enrolment(99, 2030), // no such person
        Edit::Put {
            entity: Entity::Person(Person {
                staff_no: Some("0005".into()),
                ..city().people[0].clone()
            }),
        }, // 職員番号 of another person
    ] {
        let mut v = edits();
        v.insert(250, bad);
        let mut bulk = city();
        let err = apply(&mut bulk, Edit::Batch { edits: v.clone() }).unwrap_err();
        let mut single = city();
        let expected = one_by_one(&mut single, v).unwrap_err();
        assert_eq!(
            err.message, expected.message,
            "the same error as edit by edit"
        );
        assert_eq!(bulk, city(), "nothing changed");
    }
}

#[test]
fn a_long_batch_of_deletes_takes_people_with_their_enrolments_and_undo_restores_them() {
    let mut w = city();
    apply(&mut w, Edit::Batch { edits: edits() }).unwrap();
    let before = w.clone();
    let mut dels: Vec<Edit> = w
        .enrolments
        .iter()
        .filter(|e| e.person_id != 2)
        .map(|e| Edit::Delete {
            key: Key::Enrolment(e.id),
        })
        .collect();
    dels.push(Edit::Delete {
        key: Key::Person(2),
    });
    let applied = apply(
        &mut w,
        Edit::Batch {
            edits: dels.clone(),
        },
    )
    .unwrap();
    let mut single = before.clone();
    one_by_one(&mut single, dels).unwrap();
    assert_eq!(w, single, "same as edit by edit");
    assert!(
        w.enrolments.is_empty(),
        "person 2's enrolments went with them"
    );
    apply(&mut w, applied.inverse).unwrap();
    let sorted = |mut x: Workbook| {
        x.enrolments.sort_by_key(|e| e.id);
        x.people.sort_by_key(|p| p.id);
        x
    };
    assert_eq!(sorted(w), sorted(before), "undo restores every row");
}
