//! The workbook's domain model: plain data, validated, with no I/O, so every rule is testable in isolation.
//!
//! One `Workbook` value holds a municipality's whole DX plan (全体方針, 推進体制, 人材育成,
//! 標準化・オンライン化, baselines). Ids are the store's row ids; a workbook built in memory (templates,
//! demo) numbers its rows from 1 per table.

pub mod action;
pub mod baseline;
pub mod cost;
pub mod edit;
pub mod inquiry;
pub mod meta;
pub mod moves;
pub mod online;
pub mod org;
pub mod owners;
pub mod progress;
pub mod roadmap;
pub mod schedule;
pub mod scheduling;
pub mod specified;
pub mod systems;
pub mod training;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use action::{ActionItem, ActionStatus};
pub use baseline::{Baseline, BaselineEntry, RowRef, Variance};
pub use cost::{
    Budget, Budgeted, CostCategory, Finances, Funded, Grant, Programme, ProgrammeKind, Rate,
    RunningCost, ServiceStart, Yen,
};
pub use inquiry::{Inquiry, InquiryUnit};
pub use meta::{LocalGovCode, WorkbookMeta};
pub use online::{LinkMethod, Procedure, ProcedureCategory};
pub use org::{Employment, OrgUnit, Person, Role, RoleAssignment, UnitKind};
pub use progress::ProgressEntry;
pub use roadmap::{Dependency, Initiative, InitiativeGroup, Kpi, KpiActual, Task, Vision};
pub use specified::SpecifiedCause;
pub use systems::{
    Pattern, StepStatus, StepTemplate, System, SystemGroup, SystemStep, TemplateStep,
};
pub use training::{
    Course, CourseFormat, CourseSkill, Enrolment, EnrolmentStatus, SkillArea, SkillGap, SkillTarget,
};

/// Row id, as the store assigns it.
pub type Id = i64;

/// Longest name accepted (氏名, 業務名, 取組事項 …): long enough for any real title, short enough to lay out.
pub const MAX_NAME_CHARS: usize = 2_000;
/// Longest free text accepted (ビジョン, 課題・遅延理由 …).
pub const MAX_TEXT_CHARS: usize = 200_000;

/// An inclusive date range: a bar on the Gantt chart from `start` to `end`, both days included.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    /// A span, refused when it ends before it starts.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Span> {
        if end < start {
            return Err(Error::invalid(format!(
                "終了日（{}）が開始日（{}）より前です。",
                crate::calendar::wareki(end),
                crate::calendar::wareki(start)
            )));
        }
        Ok(Span { start, end })
    }
    /// Number of days covered, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// Progress state of a 工程表 row or an online procedure (the PDCA status a 課長 reviews).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 未着手
    #[default]
    NotStarted,
    /// 作業中
    InProgress,
    /// 完了
    Done,
    /// 遅延 (set by hand; rows past their planned end are also reported late)
    Delayed,
    /// 中止
    Cancelled,
    /// 対象外
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Delayed,
        Status::Cancelled,
        Status::NotApplicable,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "未着手",
            Status::InProgress => "作業中",
            Status::Done => "完了",
            Status::Delayed => "遅延",
            Status::Cancelled => "中止",
            Status::NotApplicable => "対象外",
        }
    }
    /// Parses the Japanese label (also 進行中 and 完了済み as used in national material) or the English key.
    pub fn parse(s: &str) -> Result<Status> {
        let t = s.trim();
        let found = match t {
            "未着手" | "not_started" => Some(Status::NotStarted),
            "作業中" | "進行中" | "in_progress" => Some(Status::InProgress),
            "完了" | "完了済み" | "done" => Some(Status::Done),
            "遅延" | "delayed" => Some(Status::Delayed),
            "中止" | "cancelled" => Some(Status::Cancelled),
            "対象外" | "not_applicable" => Some(Status::NotApplicable),
            _ => None,
        };
        found.ok_or_else(|| {
            Error::field(
                "status",
                format!("状態「{t}」は使えません。未着手・作業中・完了・遅延・中止・対象外のいずれかにしてください。"),
            )
        })
    }
    /// No further work is expected on the row.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Done | Status::Cancelled | Status::NotApplicable
        )
    }
}

/// Checks and normalises a required name: trimmed, not empty, not absurdly long.
pub fn clean_name(field: &str, label: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::field(field, format!("{label}を入力してください。")));
    }
    let n = v.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(Error::field(
            field,
            format!("{label}が長すぎます（{n}文字）。{MAX_NAME_CHARS}文字以内にしてください。"),
        ));
    }
    Ok(v.to_string())
}

/// Checks free text (notes, vision): any content is kept as typed, only the length is bounded.
pub fn check_text(field: &str, label: &str, value: &str) -> Result<()> {
    let n = value.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(Error::field(
            field,
            format!("{label}が長すぎます（{n}文字）。{MAX_TEXT_CHARS}文字以内にしてください。"),
        ));
    }
    Ok(())
}

/// Checks an optional inclusive range given as two optional dates.
pub fn check_dates(field: &str, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<()> {
    if let (Some(s), Some(e)) = (start, end) {
        Span::new(s, e).map_err(|e| e.with_field(field))?;
    }
    Ok(())
}

/// A municipality's whole DX plan, as one value.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    pub meta: WorkbookMeta,
    pub vision: Vision,
    pub initiatives: Vec<Initiative>,
    pub tasks: Vec<Task>,
    pub dependencies: Vec<Dependency>,
    pub kpis: Vec<Kpi>,
    pub units: Vec<OrgUnit>,
    pub people: Vec<Person>,
    pub roles: Vec<RoleAssignment>,
    pub skills: Vec<SkillArea>,
    pub skill_targets: Vec<SkillTarget>,
    pub courses: Vec<Course>,
    pub enrolments: Vec<Enrolment>,
    pub template: StepTemplate,
    pub systems: Vec<System>,
    pub system_steps: Vec<SystemStep>,
    pub procedures: Vec<Procedure>,
    pub baselines: Vec<Baseline>,
    /// 運用経費, 補助金・財政措置, 予算
    pub money: Finances,
    /// progress history (`progress`): dated states of tasks, steps and procedures, in id order
    pub progress: Vec<ProgressEntry>,
    /// 指摘事項・宿題 of the progress meetings, in id order
    pub actions: Vec<ActionItem>,
    /// 照会・回答 rounds (`inquiry`), in id order
    #[serde(default)]
    pub inquiries: Vec<Inquiry>,
}

impl Workbook {
    /// An empty workbook for a municipality (no template data).
    pub fn empty(meta: WorkbookMeta) -> Workbook {
        Workbook {
            meta,
            vision: Vision::default(),
            initiatives: vec![],
            tasks: vec![],
            dependencies: vec![],
            kpis: vec![],
            units: vec![],
            people: vec![],
            roles: vec![],
            skills: vec![],
            skill_targets: vec![],
            courses: vec![],
            enrolments: vec![],
            template: StepTemplate {
                name: String::new(),
                steps: vec![],
            },
            systems: vec![],
            system_steps: vec![],
            procedures: vec![],
            baselines: vec![],
            money: Finances::default(),
            progress: vec![],
            actions: vec![],
            inquiries: vec![],
        }
    }

    pub fn unit(&self, id: Id) -> Option<&OrgUnit> {
        edit::find(&self.units, id)
    }
    pub fn unit_name(&self, id: Option<Id>) -> &str {
        id.and_then(|i| self.unit(i))
            .map(|u| u.name.as_str())
            .unwrap_or("")
    }
    /// A system's 所管課 by name, the 主管課 first, joined with ・ (「保険年金課・納税課」).
    pub fn owner_names(&self, s: &System) -> String {
        s.owner_units
            .iter()
            .map(|u| self.unit_name(Some(*u)))
            .collect::<Vec<_>>()
            .join("・")
    }
    pub fn unit_by_name(&self, name: &str) -> Option<&OrgUnit> {
        let n = name.trim();
        self.units.iter().find(|u| u.name == n)
    }
    pub fn initiative(&self, id: Id) -> Option<&Initiative> {
        edit::find(&self.initiatives, id)
    }
    pub fn task(&self, id: Id) -> Option<&Task> {
        edit::find(&self.tasks, id)
    }
    pub fn system(&self, id: Id) -> Option<&System> {
        edit::find(&self.systems, id)
    }
    pub fn system_by_name(&self, name: &str) -> Option<&System> {
        let n = name.trim();
        self.systems.iter().find(|s| s.name == n)
    }
    pub fn template_step(&self, id: Id) -> Option<&TemplateStep> {
        self.template.steps.iter().find(|s| s.id == id)
    }
    pub fn person(&self, id: Id) -> Option<&Person> {
        edit::find(&self.people, id)
    }
    pub fn course(&self, id: Id) -> Option<&Course> {
        edit::find(&self.courses, id)
    }
    pub fn inquiry_by_name(&self, name: &str) -> Option<&Inquiry> {
        let n = name.trim();
        self.inquiries.iter().find(|q| q.name == n)
    }
    pub fn baseline_by_name(&self, name: &str) -> Option<&Baseline> {
        let n = name.trim();
        self.baselines.iter().find(|b| b.name == n)
    }
    /// The initiatives in 工程表 order: by group (BPR, 目標時期, その他), then row order, then id. Every 工程表
    /// (screen, PDF, Excel, review) lists them in this order.
    pub fn roadmap_order(&self) -> Vec<&Initiative> {
        let mut v: Vec<&Initiative> = self.initiatives.iter().collect();
        v.sort_by_key(|i| (i.group, i.sort, i.id));
        v
    }
    /// Tasks of one initiative, in row order.
    pub fn tasks_of(&self, initiative: Id) -> Vec<&Task> {
        let mut v: Vec<&Task> = self
            .tasks
            .iter()
            .filter(|t| t.initiative_id == initiative)
            .collect();
        v.sort_by_key(|t| (t.sort, t.id));
        v
    }
    /// Steps of one system, in template order.
    pub fn steps_of(&self, system: Id) -> Vec<&SystemStep> {
        let mut v: Vec<&SystemStep> = self
            .system_steps
            .iter()
            .filter(|s| s.system_id == system)
            .collect();
        v.sort_by_key(|s| {
            self.template_step(s.template_step_id)
                .map(|t| t.no)
                .unwrap_or(u32::MAX)
        });
        v
    }
    /// 完了率 of one system as the national dashboard computes it: (完了済み + 対象外) ÷ steps.
    pub fn completion_rate(&self, system: Id) -> Option<f64> {
        systems::completion_rate(
            self.system_steps
                .iter()
                .filter(|s| s.system_id == system)
                .map(|s| s.status),
        )
    }

    /// Next free id for a table, given its current ids.
    pub fn next_id<'a>(ids: impl Iterator<Item = &'a Id>) -> Id {
        ids.max().copied().unwrap_or(0) + 1
    }
}

/// Position of a row by its id: a table when the ids are compact (as stored rows are, though they may start high),
/// else a hash map. Half a million enrolments look up their person and course without hashing.
pub(crate) enum IdIndex {
    /// position of id `base + k` at `k`
    Dense {
        base: Id,
        pos: Vec<u32>,
    },
    Map(FxHashMap<Id, usize>),
}

impl IdIndex {
    pub(crate) fn new(ids: impl Iterator<Item = Id> + Clone) -> IdIndex {
        let (n, min, max) = ids
            .clone()
            .fold((0usize, Id::MAX, Id::MIN), |(n, lo, hi), id| {
                (n + 1, lo.min(id), hi.max(id))
            });
        let span = max.checked_sub(min).and_then(|s| usize::try_from(s).ok());
        match span {
            Some(span) if n > 0 && span < 4 * n + 64 && n < u32::MAX as usize => {
                let mut pos = vec![u32::MAX; span + 1];
                for (i, id) in ids.enumerate() {
                    pos[(id - min) as usize] = i as u32;
                }
                IdIndex::Dense { base: min, pos }
            }
            _ => IdIndex::Map(ids.enumerate().map(|(i, id)| (id, i)).collect()),
        }
    }

    pub(crate) fn get(&self, id: Id) -> Option<usize> {
        match self {
            IdIndex::Dense { base, pos } => id
                .checked_sub(*base)
                .and_then(|k| usize::try_from(k).ok())
                .and_then(|k| pos.get(k))
                .filter(|p| **p != u32::MAX)
                .map(|p| *p as usize),
            IdIndex::Map(m) => m.get(&id).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn a_span_ending_before_it_starts_is_refused_in_japanese() {
        let err = Span::new(d(2025, 4, 2), d(2025, 4, 1)).unwrap_err();
        assert_eq!(err.code, crate::error::ErrorCode::Invalid);
        assert!(
            err.message.contains("終了日"),
            "message should name the end date: {}",
            err.message
        );
    }

    #[test]
    fn a_one_day_span_counts_one_day() {
        assert_eq!(Span::new(d(2025, 4, 1), d(2025, 4, 1)).unwrap().days(), 1);
        assert_eq!(
            Span::new(d(2025, 4, 1), d(2026, 3, 31)).unwrap().days(),
            365
        );
    }

    #[test]
    fn status_parses_japanese_labels_and_national_synonyms() {
        for s in Status::ALL {
            assert_eq!(
                Status::parse(s.label()).unwrap(),
                s,
                "label {} must round trip",
                s.label()
            );
        }
        assert_eq!(Status::parse("完了済み").unwrap(), Status::Done);
        assert_eq!(Status::parse(" 進行中 ").unwrap(), Status::InProgress);
        let err = Status::parse("たぶん").unwrap_err();
        assert!(
            err.message.contains("たぶん"),
            "message quotes the input: {}",
            err.message
        );
    }

    #[test]
    fn names_are_trimmed_and_empty_or_huge_names_refused() {
        assert_eq!(
            clean_name("name", "名称", "  DX推進課 ").unwrap(),
            "DX推進課"
        );
        assert!(
            clean_name("name", "名称", "   ")
                .unwrap_err()
                .message
                .contains("名称を入力")
        );
        let huge = "あ".repeat(MAX_NAME_CHARS + 1);
        assert!(
            clean_name("name", "名称", &huge)
                .unwrap_err()
                .message
                .contains("長すぎます")
        );
        // hostile text is kept as typed: rendering makes it inert, not the model
        assert_eq!(
            clean_name("name", "名称", "<script>alert(1)</script>").unwrap(),
            "<script>alert(1)</script>"
        );
    }
}
