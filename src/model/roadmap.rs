//! 全体方針: the vision and the 工程表 (initiatives, their tasks as bars, finish-to-start dependencies, KPIs).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, Span, Status, check_dates, check_text, clean_name};
use crate::calendar::FiscalYear;
use crate::error::{Error, ErrorCode, Result};

/// ビジョン and 基本方針.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vision {
    /// ビジョン (free text, may span paragraphs)
    pub statement: String,
    /// 基本方針 items, in order
    pub policies: Vec<String>,
}

impl Vision {
    pub fn validate(&self) -> Result<()> {
        check_text("statement", "ビジョン", &self.statement)?;
        for p in &self.policies {
            clean_name("policies", "基本方針", p)?;
        }
        Ok(())
    }
}

/// The three row groups of the national 工程表.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeGroup {
    /// BPRの取組みの徹底
    Bpr,
    /// 目標時期等が設定されている取組み
    Targeted,
    /// その他の取組み
    Other,
}

impl InitiativeGroup {
    pub const ALL: [InitiativeGroup; 3] = [
        InitiativeGroup::Bpr,
        InitiativeGroup::Targeted,
        InitiativeGroup::Other,
    ];
    pub fn label(self) -> &'static str {
        match self {
            InitiativeGroup::Bpr => "BPRの取組みの徹底",
            InitiativeGroup::Targeted => "目標時期等が設定されている取組み",
            InitiativeGroup::Other => "その他の取組み",
        }
    }
    pub fn parse(s: &str) -> Result<InitiativeGroup> {
        match s.trim() {
            "bpr" | "BPR" | "BPRの取組みの徹底" => Ok(InitiativeGroup::Bpr),
            "targeted" | "目標時期等が設定されている取組み" => {
                Ok(InitiativeGroup::Targeted)
            }
            "other" | "その他" | "その他の取組み" => Ok(InitiativeGroup::Other),
            t => Err(Error::field(
                "group",
                format!(
                    "区分「{t}」は使えません（BPR・目標時期等が設定されている取組み・その他）。"
                ),
            )),
        }
    }
}

/// The mark of a national reference row on the 工程表.
pub const REFERENCE_PREFIX: &str = "【参考】";

/// 取組事項: a row group of the 工程表 (重点取組事項 ①–⑥ and the others).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: Id,
    pub group: InitiativeGroup,
    /// "①" … for 重点取組事項, empty otherwise
    pub code: String,
    pub name: String,
    /// 重点取組事項
    pub priority: bool,
    /// 【参考】 row (national reference schedule, not the municipality's own work)
    pub reference: bool,
    /// 【参考】目標時期 as shown, e.g. "令和7年度"
    pub target_label: String,
    pub target_date: Option<NaiveDate>,
    /// 担当 (owner unit)
    pub owner_unit: Option<Id>,
    pub sort: i64,
}

impl Initiative {
    /// "【参考】" for a reference row whose name does not already start with it, else "": every 工程表 marks a
    /// national reference row once.
    pub fn reference_prefix(&self) -> &'static str {
        if self.reference && !self.name.starts_with(REFERENCE_PREFIX) {
            REFERENCE_PREFIX
        } else {
            ""
        }
    }
    /// The name as the 工程表 shows it: 【参考】 rows carry the prefix once (the 重点取組事項 code is not part of it).
    pub fn display_name(&self) -> String {
        format!("{}{}", self.reference_prefix(), self.name)
    }
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "取組事項名", &self.name)?;
        check_text("target_label", "目標時期", &self.target_label)?;
        Ok(())
    }
}

/// A KPI of an initiative, with its actual value per fiscal year.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub id: Id,
    pub initiative_id: Id,
    pub name: String,
    pub unit: String,
    pub target: f64,
    pub target_year: Option<FiscalYear>,
    pub actuals: Vec<KpiActual>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KpiActual {
    pub year: FiscalYear,
    pub value: f64,
}

impl Kpi {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "KPI名", &self.name)?;
        if !self.target.is_finite() {
            return Err(Error::field("target", "KPIの目標値が数値ではありません。"));
        }
        let mut seen = HashSet::new();
        for a in &self.actuals {
            if !a.value.is_finite() {
                return Err(Error::field(
                    "actuals",
                    format!("{}の実績値が数値ではありません。", a.year.label()),
                ));
            }
            if !seen.insert(a.year) {
                return Err(Error::field(
                    "actuals",
                    format!("{}の実績値が重複しています。", a.year.label()),
                ));
            }
        }
        Ok(())
    }
    /// Latest actual value (by fiscal year).
    pub fn latest(&self) -> Option<KpiActual> {
        self.actuals.iter().copied().max_by_key(|a| a.year)
    }
}

/// 工程表 row: a task under an initiative, drawn as a bar.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: Id,
    pub initiative_id: Id,
    pub name: String,
    pub owner_unit: Option<Id>,
    /// 計画 (planned start and end)
    pub plan: Option<Span>,
    /// 実績 (actual start)
    pub actual_start: Option<NaiveDate>,
    /// 実績 (actual end)
    pub actual_end: Option<NaiveDate>,
    /// 進捗率 0–100
    pub progress: u8,
    pub status: Status,
    /// ◆ milestone: drawn as a diamond on the planned end date
    pub milestone: bool,
    /// 課題・遅延理由
    pub notes: String,
    pub sort: i64,
}

impl Task {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "取組内容", &self.name)?;
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
        if self.progress > 100 {
            return Err(Error::field(
                "progress",
                format!("進捗率は0〜100%です（{}%）。", self.progress),
            ));
        }
        if self.status == Status::Done && self.progress != 100 && self.progress != 0 {
            // a finished row reads as 100%; an explicit partial figure contradicts the status
            return Err(Error::field(
                "progress",
                format!("状態が完了なのに進捗率が{}%です。", self.progress),
            ));
        }
        check_text("notes", "課題・遅延理由", &self.notes)?;
        Ok(())
    }

    /// Progress shown to people: a finished task reads 100%.
    pub fn shown_progress(&self) -> u8 {
        if self.status == Status::Done {
            100
        } else {
            self.progress
        }
    }
}

/// Finish-to-start dependency: `successor` may start once `predecessor` is finished, `lag` working days later.
/// A pair of tasks has at most one dependency: the pair names it (`Edit::Unlink`, the store), the lag is its value.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dependency {
    pub predecessor: Id,
    pub successor: Id,
    /// ラグ in working days (行政機関の休日 skipped): 0 = the successor may start on the day the predecessor ends,
    /// n = on the n-th working day after it (`earliest_start`). A lead (negative lag) is refused for now.
    #[serde(default)]
    pub lag: i32,
}

/// The largest lag a dependency may carry (about four years of working days).
pub const MAX_LAG: i32 = 999;

impl Dependency {
    /// Whether `other` links the same two tasks (whatever its lag).
    pub fn same_pair(&self, other: &Dependency) -> bool {
        self.predecessor == other.predecessor && self.successor == other.successor
    }
    pub fn validate(&self) -> Result<()> {
        if self.lag < 0 {
            return Err(Error::field(
                "lag",
                format!(
                    "ラグ{}日は使えません。前の作業が終わる前に始める（マイナスのラグ）指定にはまだ対応していません。0以上の営業日数を入れてください。",
                    self.lag
                ),
            ));
        }
        if self.lag > MAX_LAG {
            return Err(Error::field(
                "lag",
                format!("ラグ{}日は長すぎます（0〜{MAX_LAG}営業日）。", self.lag),
            ));
        }
        Ok(())
    }
}

/// The first day a successor may start after a predecessor ending on `pred_end` with `lag` working days: the end
/// day itself with no lag (as a milestone on the same date), else the lag-th working day after it (weekends,
/// 祝日 and 年末年始 12/29–1/3 skipped: `calendar::add_working_days`).
pub fn earliest_start(pred_end: NaiveDate, lag: i32) -> NaiveDate {
    crate::calendar::add_working_days(pred_end, i64::from(lag.max(0)))
}

/// Refuses a dependency set that contains a self-loop or a cycle; the message names the tasks on the cycle.
pub fn check_acyclic(deps: &[Dependency], name_of: impl Fn(Id) -> String) -> Result<()> {
    let mut next: HashMap<Id, Vec<Id>> = HashMap::new();
    for d in deps {
        if d.predecessor == d.successor {
            return Err(Error::new(
                ErrorCode::Cycle,
                format!(
                    "「{}」を自分自身の前提にはできません。",
                    name_of(d.predecessor)
                ),
            ));
        }
        next.entry(d.predecessor).or_default().push(d.successor);
    }
    // iterative DFS with colours; on a back edge, rebuild the cycle from the stack
    let mut colour: HashMap<Id, u8> = HashMap::new(); // 1 = on stack, 2 = done
    let mut starts: Vec<Id> = next.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        if colour.contains_key(&start) {
            continue;
        }
        let mut stack: Vec<(Id, usize)> = vec![(start, 0)];
        colour.insert(start, 1);
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            let succ = next.get(&node).map(Vec::as_slice).unwrap_or(&[]);
            if *i < succ.len() {
                let s = succ[*i];
                *i += 1;
                match colour.get(&s) {
                    Some(1) => {
                        let pos = stack.iter().position(|(n, _)| *n == s).unwrap_or(0);
                        let mut names: Vec<String> = stack[pos..]
                            .iter()
                            .map(|(n, _)| format!("「{}」", name_of(*n)))
                            .collect();
                        names.push(format!("「{}」", name_of(s)));
                        return Err(Error::new(
                            ErrorCode::Cycle,
                            format!(
                                "前後関係が循環しています: {}。どれか一つの前後関係を外してください。",
                                names.join(" → ")
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        colour.insert(s, 1);
                        stack.push((s, 0));
                    }
                }
            } else {
                colour.insert(node, 2);
                stack.pop();
            }
        }
    }
    Ok(())
}

/// Dependencies whose successor is planned to start before `earliest_start` (the predecessor's end plus the lag in
/// working days): a schedule conflict, not an error. With no lag, starting on the end day is allowed, as a
/// milestone on the same date.
pub fn dependency_conflicts<'a>(
    tasks: &'a [Task],
    deps: &'a [Dependency],
) -> Vec<(&'a Task, &'a Task)> {
    let by_id: HashMap<Id, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    deps.iter()
        .filter_map(|d| Some((*by_id.get(&d.predecessor)?, *by_id.get(&d.successor)?, d.lag)))
        .filter(|(p, s, lag)| {
            matches!((p.plan, s.plan), (Some(pp), Some(sp)) if sp.start < earliest_start(pp.end, *lag))
        })
        .map(|(p, s, _)| (p, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(p: Id, s: Id) -> Dependency {
        Dependency {
            predecessor: p,
            successor: s,
            lag: 0,
        }
    }
    fn name(id: Id) -> String {
        format!("T{id}")
    }

    #[test]
    fn a_chain_of_dependencies_is_accepted() {
        assert!(check_acyclic(&[dep(1, 2), dep(2, 3), dep(1, 3)], name).is_ok());
    }

    #[test]
    fn a_cycle_is_refused_and_the_message_walks_the_cycle() {
        let err = check_acyclic(&[dep(1, 2), dep(2, 3), dep(3, 1)], name).unwrap_err();
        assert_eq!(err.code, ErrorCode::Cycle);
        assert!(
            err.message.contains("「T1」 → 「T2」 → 「T3」 → 「T1」"),
            "cycle path: {}",
            err.message
        );
    }

    #[test]
    fn a_task_depending_on_itself_is_refused() {
        let err = check_acyclic(&[dep(4, 4)], name).unwrap_err();
        assert_eq!(err.code, ErrorCode::Cycle);
        assert!(err.message.contains("T4"));
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let deps: Vec<Dependency> = (1..20_000).map(|i| dep(i, i + 1)).collect();
        assert!(check_acyclic(&deps, name).is_ok());
        let mut cyc = deps.clone();
        cyc.push(dep(20_000, 1));
        assert!(check_acyclic(&cyc, name).is_err());
    }

    fn task(id: Id, plan: Option<(u32, u32)>) -> Task {
        Task {
            id,
            initiative_id: 1,
            name: name(id),
            owner_unit: None,
            plan: plan.map(|(a, b)| Span {
                start: NaiveDate::from_ymd_opt(2025, a, 1).unwrap(),
                end: NaiveDate::from_ymd_opt(2025, b, 28).unwrap(),
            }),
            actual_start: None,
            actual_end: None,
            progress: 0,
            status: Status::NotStarted,
            milestone: false,
            notes: String::new(),
            sort: id,
        }
    }

    #[test]
    fn a_successor_planned_before_its_predecessor_ends_is_a_conflict() {
        let tasks = vec![
            task(1, Some((4, 6))),
            task(2, Some((5, 8))),
            task(3, Some((7, 9))),
        ];
        let deps = [dep(1, 2), dep(1, 3)];
        let c = dependency_conflicts(&tasks, &deps);
        assert_eq!(c.len(), 1, "only 1→2 overlaps");
        assert_eq!(c[0].1.id, 2);
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_lag_counts_working_days_across_a_weekend_the_year_end_closure_and_a_holiday() {
        // Friday 2025-11-14: lag 0 keeps the end day, lag 1 is Monday 11/17 (the weekend skipped)
        assert_eq!(earliest_start(ymd(2025, 11, 14), 0), ymd(2025, 11, 14));
        assert_eq!(earliest_start(ymd(2025, 11, 14), 1), ymd(2025, 11, 17));
        // Friday 2025-12-26: 12/27–28 weekend, 12/29–1/3 年末年始, 1/4 Sunday → Monday 2026-01-05, then 1/6
        assert_eq!(earliest_start(ymd(2025, 12, 26), 1), ymd(2026, 1, 5));
        assert_eq!(earliest_start(ymd(2025, 12, 26), 2), ymd(2026, 1, 6));
        // Friday 2025-11-21: 勤労感謝の日 11/23 is a Sunday, so Monday 11/24 is its 振替休日 → Tuesday 11/25
        assert_eq!(earliest_start(ymd(2025, 11, 21), 1), ymd(2025, 11, 25));
        // Thursday 2026-04-30: 5/1 open; 5/2–3 weekend (憲法記念日), 5/4–5 祝日, 5/6 振替休日 → 5/7
        assert_eq!(earliest_start(ymd(2026, 4, 30), 1), ymd(2026, 5, 1));
        assert_eq!(earliest_start(ymd(2026, 4, 30), 2), ymd(2026, 5, 7));
    }

    fn dated(id: Id, start: NaiveDate, end: NaiveDate) -> Task {
        let mut t = task(id, None);
        t.plan = Some(Span { start, end });
        t
    }

    #[test]
    fn a_successor_starting_before_the_lagged_working_day_is_a_conflict_and_on_it_is_not() {
        let pred = dated(1, ymd(2025, 12, 1), ymd(2025, 12, 26));
        let on_time = dated(2, ymd(2026, 1, 6), ymd(2026, 1, 30));
        let early = dated(3, ymd(2026, 1, 5), ymd(2026, 1, 30));
        let tasks = vec![pred, on_time, early];
        let lagged = |s| Dependency {
            predecessor: 1,
            successor: s,
            lag: 2,
        };
        let deps = [lagged(2), lagged(3)];
        let c = dependency_conflicts(&tasks, &deps);
        let ids: Vec<Id> = c.iter().map(|(_, s)| s.id).collect();
        assert_eq!(
            ids,
            vec![3],
            "lag 2 after Friday 12/26 is 1/6: 1/6 is fine, 1/5 is one working day short"
        );
        // without the lag both may start after the end day
        assert!(dependency_conflicts(&tasks, &[dep(1, 2), dep(1, 3)]).is_empty());
    }

    #[test]
    fn a_negative_or_huge_lag_is_refused_with_the_reason() {
        let mut d = dep(1, 2);
        d.lag = -1;
        let e = d.validate().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("lag"));
        assert!(e.message.contains("マイナス"), "{}", e.message);
        d.lag = MAX_LAG + 1;
        assert!(d.validate().unwrap_err().message.contains("長すぎ"));
        d.lag = MAX_LAG;
        assert!(d.validate().is_ok());
    }

    #[test]
    fn task_validation_catches_bad_progress_and_actual_dates() {
        let mut t = task(1, Some((4, 6)));
        assert!(t.validate().is_ok());
        t.progress = 101;
        assert_eq!(t.validate().unwrap_err().field.as_deref(), Some("progress"));
        t.progress = 50;
        t.actual_end = NaiveDate::from_ymd_opt(2025, 5, 1);
        assert_eq!(
            t.validate().unwrap_err().field.as_deref(),
            Some("actual_start")
        );
        t.actual_start = NaiveDate::from_ymd_opt(2025, 6, 1);
        assert_eq!(t.validate().unwrap_err().field.as_deref(), Some("actual"));
        // a reversed plan (as it may arrive in a JSON edit) is refused, naming the plan
        let mut r = task(2, None);
        r.plan = Some(Span {
            start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        });
        let err = r.validate().unwrap_err();
        assert_eq!(err.field.as_deref(), Some("plan"));
        assert!(err.message.contains("終了日"), "{}", err.message);
    }

    #[test]
    fn kpi_actuals_must_be_one_per_fiscal_year() {
        let k = Kpi {
            id: 1,
            initiative_id: 1,
            name: "オンライン申請率".into(),
            unit: "%".into(),
            target: 50.0,
            target_year: Some(FiscalYear(2025)),
            actuals: vec![
                KpiActual {
                    year: FiscalYear(2024),
                    value: 20.0,
                },
                KpiActual {
                    year: FiscalYear(2024),
                    value: 21.0,
                },
            ],
        };
        assert!(k.validate().unwrap_err().message.contains("重複"));
    }
}
