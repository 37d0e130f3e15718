//! 人材育成: skill areas, target levels per 職位, the course catalogue, enrolments and who still lacks what.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Id, IdIndex, Person, clean_name};
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

/// The targets grouped by 職位, each 職位 numbered in name order, each targeted skill numbered in id order.
struct TargetTable<'a> {
    /// 職位 name → its number
    position_ix: FxHashMap<&'a str, usize>,
    /// per 職位 number: (skill number, required level)
    by_position: Vec<Vec<(usize, u8)>>,
    positions: Vec<&'a str>,
    /// skill id → its number
    skill_ix: FxHashMap<Id, usize>,
    skills: Vec<Id>,
}

impl<'a> TargetTable<'a> {
    fn new(targets: &'a [SkillTarget]) -> Self {
        let positions: Vec<&str> = targets
            .iter()
            .map(|t| t.position.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let skills: Vec<Id> = targets
            .iter()
            .map(|t| t.skill_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let position_ix: FxHashMap<&str, usize> =
            positions.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let skill_ix: FxHashMap<Id, usize> =
            skills.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let mut by_position: Vec<Vec<(usize, u8)>> = vec![vec![]; positions.len()];
        for t in targets {
            let row = &mut by_position[position_ix[t.position.as_str()]];
            let si = skill_ix[&t.skill_id];
            // two targets for the same 職位 and skill: the higher level counts
            match row.iter_mut().find(|(s, _)| *s == si) {
                Some(entry) => entry.1 = entry.1.max(t.level),
                None => row.push((si, t.level)),
            }
        }
        for row in &mut by_position {
            row.sort_unstable();
        }
        TargetTable {
            position_ix,
            by_position,
            positions,
            skill_ix,
            skills,
        }
    }
}

const NO_TARGETS: u32 = u32::MAX;

/// The level each person has reached (completed courses) and would reach (with planned ones) in every skill some
/// 職位 targets, computed in one pass over the enrolments. Gaps, coverage per 職位 and the per-person marks of the
/// exports are all read from it, so the screen, the PDF and the Excel sheet cannot disagree.
///
/// Built with [`SkillLevels::new`], or with [`SkillLevels::start`] and [`SkillLevels::add`] for each enrolment when
/// the caller counts something else over the same enrolments in the same pass (half a million of them are 24 MB
/// to stream through).
pub struct SkillLevels<'a> {
    people: &'a [Person],
    table: TargetTable<'a>,
    /// per person: the number of their 職位, [`NO_TARGETS`] when it has no targets (4 bytes a person, where an
    /// `Option<usize>` takes 16)
    position_of: Vec<u32>,
    /// `reached << 4 | planned` per person × targeted skill
    levels: Vec<u8>,
    course_ix: IdIndex,
    person_ix: IdIndex,
    /// per course, the targeted skills it builds as (skill number, level), all courses in one vector
    /// (`starts[ci]..starts[ci + 1]`): no allocation per course, no lookup per enrolment and skill
    course_skills: Vec<(u32, u8)>,
    starts: Vec<u32>,
}

impl<'a> SkillLevels<'a> {
    pub fn new(
        people: &'a [Person],
        targets: &'a [SkillTarget],
        courses: &[Course],
        enrolments: &[Enrolment],
    ) -> Self {
        let mut levels = SkillLevels::start(people, targets, courses);
        for e in enrolments {
            levels.add(e);
        }
        levels
    }

    /// Levels before any enrolment is counted.
    pub fn start(people: &'a [Person], targets: &'a [SkillTarget], courses: &[Course]) -> Self {
        let table = TargetTable::new(targets);
        let mut course_skills: Vec<(u32, u8)> = vec![];
        let mut starts: Vec<u32> = Vec::with_capacity(courses.len() + 1);
        for c in courses {
            starts.push(course_skills.len() as u32);
            course_skills.extend(
                c.skills.iter().filter_map(|s| {
                    Some((*table.skill_ix.get(&s.skill_id)? as u32, s.level.min(15)))
                }),
            );
        }
        starts.push(course_skills.len() as u32);
        // one pass over the people (large rows: each is a cache miss) for both their ids and their 職位
        let mut ids: Vec<Id> = Vec::with_capacity(people.len());
        let mut position_of: Vec<u32> = Vec::with_capacity(people.len());
        for p in people {
            ids.push(p.id);
            position_of.push(match table.position_ix.get(p.position.as_str()) {
                Some(&i) => i as u32,
                None => NO_TARGETS,
            });
        }
        SkillLevels {
            people,
            levels: vec![0; people.len() * table.skills.len()],
            table,
            position_of,
            course_ix: IdIndex::new(courses.iter().map(|c| c.id)),
            person_ix: IdIndex::new(ids.iter().copied()),
            course_skills,
            starts,
        }
    }

    /// Counts one enrolment (cancelled ones and unknown people or courses count nothing).
    #[inline]
    pub fn add(&mut self, e: &Enrolment) {
        let (Some(ci), Some(pi)) = (
            self.course_ix.get(e.course_id),
            self.person_ix.get(e.person_id),
        ) else {
            return;
        };
        let width = self.table.skills.len();
        let counts = u8::from(e.status != EnrolmentStatus::Cancelled);
        let done = u8::from(e.status == EnrolmentStatus::Completed);
        let row = &mut self.levels[pi * width..(pi + 1) * width];
        let built = &self.course_skills[self.starts[ci] as usize..self.starts[ci + 1] as usize];
        for &(si, level) in built {
            let cell = &mut row[si as usize];
            let reached = (*cell >> 4).max(level * done);
            let planned = (*cell & 15).max(level * counts);
            *cell = reached << 4 | planned;
        }
    }

    /// The number of the 職位 of the person at `pi`, if it has targets.
    fn position(&self, pi: usize) -> Option<usize> {
        self.position_of
            .get(pi)
            .filter(|p| **p != NO_TARGETS)
            .map(|p| *p as usize)
    }

    /// (reached, planned) of the person at `pi` in skill number `si`.
    fn level(&self, pi: usize, si: usize) -> (u8, u8) {
        let cell = self.levels[pi * self.table.skills.len() + si];
        (cell >> 4, cell & 15)
    }

    /// The targeted skills, in id order (the columns of the coverage tables).
    pub fn skills(&self) -> &[Id] {
        &self.table.skills
    }

    /// What the person at `person_index` (in the `people` slice given to [`SkillLevels::new`]) stands at in a
    /// targeted skill: `None` when their 職位 does not target it.
    pub fn standing(&self, person_index: usize, skill_id: Id) -> Option<SkillGap> {
        let pos = self.position(person_index)?;
        let si = *self.table.skill_ix.get(&skill_id)?;
        let (_, required) = self.table.by_position[pos].iter().find(|(s, _)| *s == si)?;
        let (reached, planned) = self.level(person_index, si);
        Some(SkillGap {
            person_id: self.people[person_index].id,
            skill_id,
            required: *required,
            reached,
            planned,
        })
    }

    /// Every gap between what each person's 職位 requires and what their completed courses give, by person.
    pub fn gaps(&self) -> Vec<SkillGap> {
        let mut gaps = vec![];
        for pi in 0..self.people.len() {
            let Some(pos) = self.position(pi) else {
                continue;
            };
            for &(si, required) in &self.table.by_position[pos] {
                let (reached, planned) = self.level(pi, si);
                if reached < required {
                    gaps.push(SkillGap {
                        person_id: self.people[pi].id,
                        skill_id: self.table.skills[si],
                        required,
                        reached,
                        planned,
                    });
                }
            }
        }
        gaps
    }

    /// Coverage per targeted 職位 (in name order) and the number of people with any gap, without listing the gaps.
    pub fn coverage(&self) -> SkillCoverage {
        let width = self.table.skills.len();
        let n = self.table.positions.len();
        // per 職位: (people, fully covered, covered when plans are done), and people lacking each skill
        let mut counts = vec![(0usize, 0usize, 0usize); n];
        let mut lacking = vec![vec![0usize; width]; n];
        let mut people_with_gaps = 0;
        for pi in 0..self.people.len() {
            let Some(pos) = self.position(pi) else {
                continue;
            };
            let (mut gap, mut gap_after_plans) = (false, false);
            for &(si, required) in &self.table.by_position[pos] {
                let (reached, planned) = self.level(pi, si);
                if reached < required {
                    gap = true;
                    lacking[pos][si] += 1;
                    gap_after_plans |= planned < required;
                }
            }
            let c = &mut counts[pos];
            c.0 += 1;
            c.1 += usize::from(!gap);
            c.2 += usize::from(!gap_after_plans);
            people_with_gaps += usize::from(gap);
        }
        let positions = self
            .table
            .positions
            .iter()
            .enumerate()
            .map(|(i, name)| PositionCoverage {
                position: name.to_string(),
                people: counts[i].0,
                fully_covered: counts[i].1,
                covered_when_plans_done: counts[i].2,
                lacking: self.table.by_position[i]
                    .iter()
                    .map(|&(si, _)| SkillShortfall {
                        skill_id: self.table.skills[si],
                        people: lacking[i][si],
                    })
                    .collect(),
            })
            .collect();
        SkillCoverage {
            positions,
            people_with_gaps,
        }
    }
}

/// Every gap between what each person's 職位 requires and what their completed courses give.
/// Linear in people + enrolments (dense per-person levels, no hashing per enrolment).
pub fn skill_gaps(
    people: &[Person],
    targets: &[SkillTarget],
    courses: &[Course],
    enrolments: &[Enrolment],
) -> Vec<SkillGap> {
    SkillLevels::new(people, targets, courses, enrolments).gaps()
}

/// Coverage per 職位 in one pass, without building the list of gaps.
pub fn skill_coverage(
    people: &[Person],
    targets: &[SkillTarget],
    courses: &[Course],
    enrolments: &[Enrolment],
) -> SkillCoverage {
    SkillLevels::new(people, targets, courses, enrolments).coverage()
}

/// How many people of a 職位 lack one targeted skill.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillShortfall {
    pub skill_id: Id,
    pub people: usize,
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
    /// per skill this 職位 targets (in skill id order): how many of its people lack it
    pub lacking: Vec<SkillShortfall>,
}

/// Coverage of the whole staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillCoverage {
    /// one per targeted 職位, in name order
    pub positions: Vec<PositionCoverage>,
    /// people who lack at least one required level
    pub people_with_gaps: usize,
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
mod tests;
