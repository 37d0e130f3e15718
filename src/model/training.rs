//! 人材育成: skill areas, target levels per 職位, the course catalogue, enrolments and who still lacks what.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Id, Person, clean_name};
use crate::calendar::FiscalYear;
use crate::error::{Error, Result};

/// Highest skill level (IPA-style 1–4).
pub const MAX_LEVEL: u8 = 4;

/// スキル領域 (DX基礎, 情報セキュリティ …).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillArea {
    pub id: Id,
    pub name: String,
    pub description: String,
}

/// 目標レベル: what a 職位 must reach in a skill area.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillTarget {
    pub id: Id,
    pub position: String,
    pub skill_id: Id,
    pub level: u8,
}

impl SkillTarget {
    pub fn validate(&self) -> Result<()> {
        clean_name("position", "職位", &self.position)?;
        check_level(self.level)
    }
}

fn check_level(level: u8) -> Result<()> {
    if level == 0 || level > MAX_LEVEL {
        return Err(Error::field(
            "level",
            format!("レベルは1〜{MAX_LEVEL}です（{level}）。"),
        ));
    }
    Ok(())
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseFormat {
    Ojt,
    OffJt,
    ELearning,
    /// 資格 (qualification exam)
    Qualification,
}

impl CourseFormat {
    pub fn label(self) -> &'static str {
        match self {
            CourseFormat::Ojt => "OJT",
            CourseFormat::OffJt => "OFF-JT",
            CourseFormat::ELearning => "eラーニング",
            CourseFormat::Qualification => "資格",
        }
    }
    pub fn parse(s: &str) -> Result<CourseFormat> {
        match s.trim() {
            "OJT" | "ojt" => Ok(CourseFormat::Ojt),
            "OFF-JT" | "Off-JT" | "OFFJT" | "off_jt" => Ok(CourseFormat::OffJt),
            "eラーニング" | "e-ラーニング" | "e_learning" => Ok(CourseFormat::ELearning),
            "資格" | "qualification" => Ok(CourseFormat::Qualification),
            t => Err(Error::field(
                "format",
                format!("研修形式「{t}」は使えません（OJT・OFF-JT・eラーニング・資格）。"),
            )),
        }
    }
}

/// A skill a course builds, up to a level.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseSkill {
    pub skill_id: Id,
    pub level: u8,
}

/// 研修 in the catalogue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    pub id: Id,
    /// 実施主体
    pub provider: String,
    pub name: String,
    pub format: CourseFormat,
    /// 期間 as published (e.g. "5日間", "約3か月")
    pub length: String,
    pub days: Option<f64>,
    /// usual month held (1–12)
    pub month: Option<u32>,
    /// 対象
    pub audience: String,
    /// 定員 (None = no limit)
    pub seats: Option<u32>,
    /// 受講料 (円)
    pub fee_yen: Option<u32>,
    pub skills: Vec<CourseSkill>,
}

impl Course {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "研修名", &self.name)?;
        if let Some(m) = self.month
            && !(1..=12).contains(&m)
        {
            return Err(Error::field("month", format!("実施月は1〜12です（{m}）。")));
        }
        if let Some(d) = self.days
            && !(d.is_finite() && d > 0.0 && d <= 366.0)
        {
            return Err(Error::field(
                "days",
                "日数は1日以上366日以下にしてください。",
            ));
        }
        for s in &self.skills {
            check_level(s.level)?;
        }
        Ok(())
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    /// 予定
    #[default]
    Planned,
    /// 修了
    Completed,
    /// 取消
    Cancelled,
}

impl EnrolmentStatus {
    pub fn label(self) -> &'static str {
        match self {
            EnrolmentStatus::Planned => "予定",
            EnrolmentStatus::Completed => "修了",
            EnrolmentStatus::Cancelled => "取消",
        }
    }
    pub fn parse(s: &str) -> Result<EnrolmentStatus> {
        match s.trim() {
            "" | "予定" | "planned" => Ok(EnrolmentStatus::Planned),
            "修了" | "受講済" | "完了" | "completed" => Ok(EnrolmentStatus::Completed),
            "取消" | "取消し" | "中止" | "cancelled" => Ok(EnrolmentStatus::Cancelled),
            t => Err(Error::field(
                "status",
                format!("受講状況「{t}」は使えません（予定・修了・取消）。"),
            )),
        }
    }
}

/// A person taking a course in a fiscal year (planned, then completed).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub id: Id,
    pub person_id: Id,
    pub course_id: Id,
    pub year: FiscalYear,
    /// planned month (1–12)
    pub month: Option<u32>,
    pub status: EnrolmentStatus,
    /// 修了日
    pub completed_on: Option<NaiveDate>,
}

impl Enrolment {
    pub fn validate(&self) -> Result<()> {
        if let Some(m) = self.month
            && !(1..=12).contains(&m)
        {
            return Err(Error::field("month", format!("受講月は1〜12です（{m}）。")));
        }
        match (self.status, self.completed_on) {
            (EnrolmentStatus::Completed, None) => Err(Error::field(
                "completed_on",
                "修了した受講には修了日を入れてください。",
            )),
            (EnrolmentStatus::Planned | EnrolmentStatus::Cancelled, Some(_)) => Err(Error::field(
                "completed_on",
                "修了日は受講状況が「修了」のときだけ入れられます。",
            )),
            _ => Ok(()),
        }
    }
}

/// Position of a row by its id: a table when the ids are compact (as stored rows are), else a hash map.
/// Half a million enrolments look up their person and course without hashing.
pub(crate) enum IdIndex {
    Dense(Vec<u32>),
    Map(HashMap<Id, usize>),
}

impl IdIndex {
    pub(crate) fn new(ids: impl Iterator<Item = Id> + Clone) -> IdIndex {
        let (n, max) = ids
            .clone()
            .fold((0usize, 0i64), |(n, m), id| (n + 1, m.max(id)));
        if ids.clone().all(|id| id >= 0) && (max as usize) < 4 * n + 64 && n < u32::MAX as usize {
            let mut v = vec![u32::MAX; max as usize + 1];
            for (i, id) in ids.enumerate() {
                v[id as usize] = i as u32;
            }
            IdIndex::Dense(v)
        } else {
            IdIndex::Map(ids.enumerate().map(|(i, id)| (id, i)).collect())
        }
    }
    pub(crate) fn get(&self, id: Id) -> Option<usize> {
        match self {
            IdIndex::Dense(v) => usize::try_from(id)
                .ok()
                .and_then(|i| v.get(i))
                .filter(|p| **p != u32::MAX)
                .map(|p| *p as usize),
            IdIndex::Map(m) => m.get(&id).copied(),
        }
    }
}

/// A person who has not (yet) reached the level their 職位 requires in a skill area.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGap {
    pub person_id: Id,
    pub skill_id: Id,
    pub required: u8,
    /// level reached through completed courses
    pub reached: u8,
    /// level that planned enrolments would bring
    pub planned: u8,
}

/// Every gap between what each person's 職位 requires and what their completed courses give.
/// Linear in people + enrolments (dense per-person levels, one hash lookup per enrolment).
pub fn skill_gaps(
    people: &[Person],
    targets: &[SkillTarget],
    courses: &[Course],
    enrolments: &[Enrolment],
) -> Vec<SkillGap> {
    let mut targets_by_position: HashMap<&str, Vec<&SkillTarget>> = HashMap::new();
    for t in targets {
        targets_by_position
            .entry(t.position.as_str())
            .or_default()
            .push(t);
    }
    // only skills that some 職位 targets matter; give them dense indexes
    let mut skill_ix: HashMap<Id, usize> = HashMap::new();
    for t in targets {
        let n = skill_ix.len();
        skill_ix.entry(t.skill_id).or_insert(n);
    }
    let width = skill_ix.len();
    // per course, the targeted skills it builds (skill index, level): no lookup per enrolment and skill
    let course_ix = IdIndex::new(courses.iter().map(|c| c.id));
    let course_skills: Vec<Vec<(usize, u8)>> = courses
        .iter()
        .map(|c| {
            c.skills
                .iter()
                .filter_map(|s| Some((*skill_ix.get(&s.skill_id)?, s.level)))
                .collect()
        })
        .collect();
    let person_ix = IdIndex::new(people.iter().map(|p| p.id));
    // (reached, planned) per person × targeted skill
    let mut levels: Vec<(u8, u8)> = vec![(0, 0); people.len() * width];
    for e in enrolments {
        if e.status == EnrolmentStatus::Cancelled {
            continue;
        }
        let (Some(ci), Some(pi)) = (course_ix.get(e.course_id), person_ix.get(e.person_id)) else {
            continue;
        };
        for &(si, level) in &course_skills[ci] {
            let entry = &mut levels[pi * width + si];
            if e.status == EnrolmentStatus::Completed {
                entry.0 = entry.0.max(level);
            }
            entry.1 = entry.1.max(level);
        }
    }
    let mut gaps = vec![];
    for (pi, p) in people.iter().enumerate() {
        let Some(ts) = targets_by_position.get(p.position.as_str()) else {
            continue;
        };
        for t in ts {
            let (reached, planned) = skill_ix
                .get(&t.skill_id)
                .map(|si| levels[pi * width + si])
                .unwrap_or((0, 0));
            if reached < t.level {
                gaps.push(SkillGap {
                    person_id: p.id,
                    skill_id: t.skill_id,
                    required: t.level,
                    reached,
                    planned,
                });
            }
        }
    }
    gaps
}

/// Coverage per 職位: how many people hold a 職位 with targets, and how many meet every target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionCoverage {
    pub position: String,
    pub people: usize,
    pub fully_covered: usize,
    /// people whose gaps planned enrolments would close
    pub covered_when_plans_done: usize,
}

pub fn coverage_by_position(
    people: &[Person],
    targets: &[SkillTarget],
    gaps: &[SkillGap],
) -> Vec<PositionCoverage> {
    // (people, fully covered, covered when plans are done) per targeted 職位, in name order
    let mut positions: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for t in targets {
        positions.insert(t.position.as_str(), (0, 0, 0));
    }
    let mut lacking: FxHashMap<Id, (bool, bool)> = FxHashMap::default(); // person -> (has gap, has gap even after plans)
    for g in gaps {
        let e = lacking.entry(g.person_id).or_default();
        e.0 = true;
        if g.planned < g.required {
            e.1 = true;
        }
    }
    for p in people {
        let Some(counts) = positions.get_mut(p.position.as_str()) else {
            continue;
        };
        let (gap, gap_after_plans) = lacking.get(&p.id).copied().unwrap_or_default();
        counts.0 += 1;
        counts.1 += usize::from(!gap);
        counts.2 += usize::from(!gap_after_plans);
    }
    positions
        .into_iter()
        .map(
            |(pos, (people, fully_covered, covered_when_plans_done))| PositionCoverage {
                position: pos.to_string(),
                people,
                fully_covered,
                covered_when_plans_done,
            },
        )
        .collect()
}

/// Courses whose planned + completed enrolments in a fiscal year exceed the seats.
pub fn over_capacity(
    courses: &[Course],
    enrolments: &[Enrolment],
) -> Vec<(Id, FiscalYear, u32, u32)> {
    let mut counts: BTreeMap<(Id, FiscalYear), u32> = BTreeMap::new();
    for e in enrolments
        .iter()
        .filter(|e| e.status != EnrolmentStatus::Cancelled)
    {
        *counts.entry((e.course_id, e.year)).or_default() += 1;
    }
    let seats: HashMap<Id, Option<u32>> = courses.iter().map(|c| (c.id, c.seats)).collect();
    counts
        .into_iter()
        .filter_map(|((c, y), n)| match seats.get(&c) {
            Some(Some(s)) if n > *s => Some((c, y, n, *s)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
        let cov = coverage_by_position(&people, &targets, &gaps);
        assert_eq!(
            cov,
            vec![PositionCoverage {
                position: "課長".into(),
                people: 2,
                fully_covered: 1,
                covered_when_plans_done: 2
            }]
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
}
