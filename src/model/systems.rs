//! 標準化・共通化: each 基幹業務 system's move to a 標準準拠システム, step by step through a national template.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::specified::{SpecifiedCause, latest_deadline};
use super::{Id, Span, check_dates, check_text, clean_name};
use crate::error::{Error, Result};

/// 標準仕様 group of a 業務 (as published in the national programme).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemGroup {
    /// 別枠 (住民基本台帳)
    Separate,
    /// 第1グループ
    First,
    /// 第2グループ
    Second,
    /// 追加 (戸籍, 戸籍の附票, 印鑑登録: added later, making 20 業務)
    Added,
    /// その他 (a municipality's own system)
    Other,
}

impl SystemGroup {
    pub fn label(self) -> &'static str {
        match self {
            SystemGroup::Separate => "別枠",
            SystemGroup::First => "第1グループ",
            SystemGroup::Second => "第2グループ",
            SystemGroup::Added => "追加",
            SystemGroup::Other => "その他",
        }
    }
    pub fn parse(s: &str) -> Result<SystemGroup> {
        match s.trim() {
            "別枠" | "separate" => Ok(SystemGroup::Separate),
            "第1グループ" | "第１グループ" | "first" => Ok(SystemGroup::First),
            "第2グループ" | "第２グループ" | "second" => Ok(SystemGroup::Second),
            "追加" | "added" => Ok(SystemGroup::Added),
            "" | "その他" | "other" => Ok(SystemGroup::Other),
            t => Err(Error::field(
                "group",
                format!(
                    "グループ「{t}」は使えません（別枠・第1グループ・第2グループ・追加・その他）。"
                ),
            )),
        }
    }
}

/// A: new procurement (RFP, vendor selection). B: move to the current vendor's standard system (⑨⑩ skipped).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pattern {
    A,
    B,
}

impl Pattern {
    pub fn label(self) -> &'static str {
        match self {
            Pattern::A => "A",
            Pattern::B => "B",
        }
    }
    pub fn parse(s: &str) -> Result<Option<Pattern>> {
        match s.trim() {
            "" => Ok(None),
            "A" | "Ａ" | "a" => Ok(Some(Pattern::A)),
            "B" | "Ｂ" | "b" => Ok(Some(Pattern::B)),
            t => Err(Error::field(
                "pattern",
                format!("パターン「{t}」は使えません（AまたはB）。"),
            )),
        }
    }
}

/// One step of the work-step template (e.g. ⑤ RFI資料の作成).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateStep {
    pub id: Id,
    /// order, 1-based
    pub no: u32,
    /// "①" …
    pub code: String,
    /// フェーズ (計画立案フェーズ …)
    pub phase: String,
    pub name: String,
    /// 細目 (ア … ／イ …)
    pub details: String,
    /// only for pattern A (new procurement)
    pub a_pattern_only: bool,
    /// typical duration in months, if the template gives one
    pub typical_months: Option<u32>,
}

/// The step template every system runs through (ships the 17-step v1.0 model).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTemplate {
    pub name: String,
    pub steps: Vec<TemplateStep>,
}

impl StepTemplate {
    pub fn validate(&self) -> Result<()> {
        clean_name("template", "手順テンプレート名", &self.name)?;
        if self.steps.is_empty() {
            return Err(Error::field(
                "steps",
                "手順テンプレートに作業項目がありません。",
            ));
        }
        let mut nos = std::collections::HashSet::new();
        for s in &self.steps {
            clean_name("name", "作業項目名", &s.name)?;
            clean_name("phase", "フェーズ", &s.phase)?;
            if !nos.insert(s.no) {
                return Err(Error::field(
                    "no",
                    format!("作業項目の番号{}が重複しています。", s.no),
                ));
            }
        }
        Ok(())
    }
    /// Phases in template order.
    pub fn phases(&self) -> Vec<&str> {
        let mut v: Vec<&str> = vec![];
        let mut steps: Vec<&TemplateStep> = self.steps.iter().collect();
        steps.sort_by_key(|s| s.no);
        for s in steps {
            if !v.contains(&s.phase.as_str()) {
                v.push(&s.phase);
            }
        }
        v
    }
}

/// 基幹業務システム and its migration plan header.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct System {
    pub id: Id,
    /// 業務名 (住民基本台帳 …)
    pub name: String,
    pub group: SystemGroup,
    /// 所管課 (one or several)
    pub owner_units: Vec<Id>,
    /// 現行ベンダ
    pub vendor: String,
    pub pattern: Option<Pattern>,
    /// 移行目標日
    pub target_date: NaiveDate,
    /// 特定移行支援システム
    pub specified: bool,
    pub specified_reason: String,
    /// own deadline of a 特定移行支援システム
    pub specified_deadline: Option<NaiveDate>,
    pub notes: String,
    pub sort: i64,
    /// the category of the 特定移行支援 事由 (the national survey's), beside `specified_reason`'s own words
    #[serde(default)]
    pub specified_cause: Option<SpecifiedCause>,
}

impl System {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "業務名", &self.name)?;
        check_text("notes", "備考", &self.notes)?;
        if self.specified {
            clean_name(
                "specified_reason",
                "特定移行支援の理由",
                &self.specified_reason,
            )?;
            let Some(d) = self.specified_deadline else {
                return Err(Error::field(
                    "specified_deadline",
                    "特定移行支援システムには移行期限を入れてください。",
                ));
            };
            if d < self.target_date {
                return Err(Error::field(
                    "specified_deadline",
                    "特定移行支援の移行期限が、もとの目標日より前になっています。",
                ));
            }
            if d > latest_deadline() {
                return Err(Error::field(
                    "specified_deadline",
                    format!(
                        "特定移行支援の移行期限は{}（令和12年度末）までです。",
                        crate::calendar::wareki(latest_deadline())
                    ),
                ));
            }
            if self.specified_cause.is_none() {
                return Err(Error::field(
                    "specified_cause",
                    "特定移行支援の事由の区分を選んでください（メインフレーム・個別開発・標準準拠システム未提供・ベンダのリソース不足・その他）。",
                ));
            }
        } else if self.specified_deadline.is_some() {
            return Err(Error::field(
                "specified_deadline",
                "移行期限は特定移行支援システムのときだけ入れられます。",
            ));
        } else if self.specified_cause.is_some() {
            return Err(Error::field(
                "specified_cause",
                "事由の区分は特定移行支援システムのときだけ入れられます。",
            ));
        }
        Ok(())
    }
    /// The date the system must be migrated by: its own deadline if 特定移行支援, else the target.
    pub fn deadline(&self) -> NaiveDate {
        if self.specified {
            self.specified_deadline.unwrap_or(self.target_date)
        } else {
            self.target_date
        }
    }
}

/// The four progress statuses of the national dashboard.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// 未着手
    #[default]
    NotStarted,
    /// 作業中
    InProgress,
    /// 完了済み
    Done,
    /// 対象外
    NotApplicable,
}

impl StepStatus {
    pub const ALL: [StepStatus; 4] = [
        StepStatus::NotStarted,
        StepStatus::InProgress,
        StepStatus::Done,
        StepStatus::NotApplicable,
    ];
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::NotStarted => "未着手",
            StepStatus::InProgress => "作業中",
            StepStatus::Done => "完了済み",
            StepStatus::NotApplicable => "対象外",
        }
    }
    pub fn parse(s: &str) -> Result<StepStatus> {
        match s.trim() {
            "未着手" | "not_started" => Ok(StepStatus::NotStarted),
            "作業中" | "進行中" | "in_progress" => Ok(StepStatus::InProgress),
            "完了済み" | "完了" | "done" => Ok(StepStatus::Done),
            "対象外" | "not_applicable" => Ok(StepStatus::NotApplicable),
            t => Err(Error::field(
                "status",
                format!("状態「{t}」は使えません（未着手・作業中・完了済み・対象外）。"),
            )),
        }
    }
    /// Counts toward 完了率.
    pub fn is_complete(self) -> bool {
        matches!(self, StepStatus::Done | StepStatus::NotApplicable)
    }
}

/// One system's plan and progress on one template step.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemStep {
    pub id: Id,
    pub system_id: Id,
    pub template_step_id: Id,
    pub plan: Option<Span>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub status: StepStatus,
    pub notes: String,
}

impl SystemStep {
    pub fn validate(&self) -> Result<()> {
        // a plan deserialized from an edit (JSON) has not been through Span::new
        if let Some(p) = self.plan {
            check_dates("plan", Some(p.start), Some(p.end))?;
        }
        check_dates("actual", self.actual_start, self.actual_end)?;
        if self.actual_end.is_some() && self.actual_start.is_none() {
            return Err(Error::field(
                "actual_start",
                "実績終了日があるのに実績開始日がありません。",
            ));
        }
        if self.status == StepStatus::Done
            && self.actual_end.is_none()
            && self.actual_start.is_some()
        {
            return Err(Error::field(
                "actual_end",
                "完了済みの作業には実績終了日を入れてください。",
            ));
        }
        check_text("notes", "備考", &self.notes)
    }
}

/// A step's four dates as entered in a form (each may be left empty), checked one input at a time so that a
/// message can stand next to the input that caused it (`plan_start`, `plan_end`, `actual_start`, `actual_end`).
/// The plan needs both ends or neither; an end may not come before its start. The rest of the step's rules
/// (an actual end needs an actual start, a finished step needs an actual end) are `SystemStep::validate`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepDates {
    pub plan_start: Option<NaiveDate>,
    pub plan_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

impl StepDates {
    /// Puts the dates on a copy of `step`, refusing a half plan or a range that ends before it starts.
    pub fn apply_to(&self, step: &SystemStep) -> Result<SystemStep> {
        let plan = match (self.plan_start, self.plan_end) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::field(
                    "plan_end",
                    "計画終了日を入れてください（計画は開始日と終了日の両方を入れるか、両方とも空けます）。",
                ));
            }
            (None, Some(_)) => {
                return Err(Error::field(
                    "plan_start",
                    "計画開始日を入れてください（計画は開始日と終了日の両方を入れるか、両方とも空けます）。",
                ));
            }
            (Some(s), Some(e)) => Some(Span::new(s, e).map_err(|e| e.with_field("plan_end"))?),
        };
        check_dates("actual_end", self.actual_start, self.actual_end)?;
        Ok(SystemStep {
            plan,
            actual_start: self.actual_start,
            actual_end: self.actual_end,
            ..step.clone()
        })
    }
}

/// 完了率 = (完了済み + 対象外) ÷ steps; None when there are no steps.
pub fn completion_rate(statuses: impl Iterator<Item = StepStatus>) -> Option<f64> {
    let (mut done, mut all) = (0usize, 0usize);
    for s in statuses {
        all += 1;
        if s.is_complete() {
            done += 1;
        }
    }
    (all > 0).then(|| done as f64 / all as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_rate_counts_done_and_not_applicable_over_all_steps() {
        use StepStatus::*;
        let r = completion_rate([Done, NotApplicable, InProgress, NotStarted].into_iter()).unwrap();
        assert!((r - 0.5).abs() < 1e-12, "2 of 4 complete, got {r}");
        assert_eq!(
            completion_rate(std::iter::empty()),
            None,
            "no steps, no rate"
        );
        assert_eq!(completion_rate([Done; 17].into_iter()), Some(1.0));
    }

    fn system() -> System {
        System {
            id: 1,
            name: "住民基本台帳".into(),
            group: SystemGroup::Separate,
            owner_units: vec![],
            vendor: String::new(),
            pattern: Some(Pattern::B),
            target_date: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            specified: false,
            specified_reason: String::new(),
            specified_deadline: None,
            specified_cause: None,
            notes: String::new(),
            sort: 1,
        }
    }

    #[test]
    fn a_specified_system_needs_a_reason_and_a_later_deadline() {
        let mut s = system();
        assert!(s.validate().is_ok());
        s.specified = true;
        assert_eq!(
            s.validate().unwrap_err().field.as_deref(),
            Some("specified_reason")
        );
        s.specified_reason = "ベンダの開発体制が確保できないため".into();
        assert_eq!(
            s.validate().unwrap_err().field.as_deref(),
            Some("specified_deadline")
        );
        s.specified_deadline = NaiveDate::from_ymd_opt(2025, 3, 31);
        assert!(
            s.validate().unwrap_err().message.contains("前"),
            "deadline before target"
        );
        s.specified_deadline = NaiveDate::from_ymd_opt(2028, 3, 31);
        assert_eq!(
            s.validate().unwrap_err().field.as_deref(),
            Some("specified_cause"),
            "the 事由 needs its category too"
        );
        s.specified_cause = Some(SpecifiedCause::VendorCapacity);
        assert!(s.validate().is_ok());
        assert_eq!(s.deadline().to_string(), "2028-03-31");
        s.specified_deadline = NaiveDate::from_ymd_opt(2031, 3, 31);
        assert!(
            s.validate().is_ok(),
            "令和12年度末 is the latest deadline allowed"
        );
        s.specified_deadline = NaiveDate::from_ymd_opt(2031, 4, 1);
        let e = s.validate().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("specified_deadline"));
        assert!(
            e.message
                .contains("令和13年3月31日（令和12年度末）までです"),
            "{}",
            e.message
        );
        s.specified = false;
        s.specified_deadline = None;
        assert_eq!(
            s.validate().unwrap_err().field.as_deref(),
            Some("specified_cause"),
            "a category without 特定移行支援 is refused"
        );
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn step() -> SystemStep {
        SystemStep {
            id: 7,
            system_id: 1,
            template_step_id: 3,
            plan: None,
            actual_start: None,
            actual_end: None,
            status: StepStatus::InProgress,
            notes: "メモ".into(),
        }
    }

    #[test]
    fn step_dates_put_a_whole_plan_and_the_actuals_on_the_step_and_keep_the_rest() {
        let dates = StepDates {
            plan_start: d(2025, 12, 1),
            plan_end: d(2026, 2, 27),
            actual_start: d(2025, 12, 3),
            actual_end: None,
        };
        let s = dates.apply_to(&step()).expect("a whole plan is accepted");
        assert_eq!(
            s.plan.map(|p| (p.start, p.end)),
            Some((d(2025, 12, 1).unwrap(), d(2026, 2, 27).unwrap()))
        );
        assert_eq!(s.actual_start, d(2025, 12, 3));
        assert_eq!(
            (s.id, s.status, s.notes.as_str()),
            (7, StepStatus::InProgress, "メモ"),
            "id, status and notes are kept"
        );
        let cleared = StepDates::default().apply_to(&s).unwrap();
        assert_eq!(cleared.plan, None, "empty inputs clear the plan");
    }

    #[test]
    fn step_dates_name_the_input_of_a_half_plan_or_an_end_before_its_start() {
        let field = |dates: StepDates| dates.apply_to(&step()).unwrap_err().field;
        assert_eq!(
            field(StepDates {
                plan_start: d(2025, 12, 1),
                ..Default::default()
            })
            .as_deref(),
            Some("plan_end"),
            "a plan with a start only needs its end"
        );
        assert_eq!(
            field(StepDates {
                plan_end: d(2025, 12, 1),
                ..Default::default()
            })
            .as_deref(),
            Some("plan_start")
        );
        let e = StepDates {
            plan_start: d(2026, 3, 1),
            plan_end: d(2026, 2, 1),
            ..Default::default()
        }
        .apply_to(&step())
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("plan_end"));
        assert!(
            e.message.contains("より前"),
            "the message says the end is before the start: {}",
            e.message
        );
        assert_eq!(
            field(StepDates {
                actual_start: d(2026, 3, 1),
                actual_end: d(2026, 2, 1),
                ..Default::default()
            })
            .as_deref(),
            Some("actual_end")
        );
    }

    #[test]
    fn step_status_parses_the_national_labels() {
        for s in StepStatus::ALL {
            assert_eq!(StepStatus::parse(s.label()).unwrap(), s);
        }
        assert!(
            StepStatus::parse("遅延").is_err(),
            "遅延 is not a step status of the national dashboard"
        );
    }
}
