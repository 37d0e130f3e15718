//! Review queries for a 課長's meeting: what is late today, what slipped since a baseline, what falls due before
//! the next meeting, and who owns each row. Pure: `today` is always passed in.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::model::owners::owner_units;
use crate::model::schedule::days_overdue;
use crate::model::{
    Baseline, RowRef, Span, Status, StepStatus, Variance, Workbook, baseline::variance,
};

/// Which area of the plan a row belongs to.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// 工程表
    Roadmap,
    /// 標準化 (system migration steps)
    Migration,
    /// オンライン化
    Online,
}

impl Area {
    pub fn label(self) -> &'static str {
        match self {
            Area::Roadmap => "工程表",
            Area::Migration => "標準化",
            Area::Online => "オンライン化",
        }
    }
}

/// Any schedulable row, flattened for review and export.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRow {
    pub row: RowRef,
    pub area: Area,
    /// the initiative / system / procedure category the row sits under
    pub group: String,
    /// what the row is (task name, "⑤ RFI資料の作成", procedure name)
    pub label: String,
    /// 担当 / 所管課 names, joined with ・
    pub owner: String,
    pub plan: Option<Span>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub status: String,
    /// no work is expected any more (完了, 完了済み, 中止, 対象外)
    pub closed: bool,
    /// marked 遅延 by hand
    pub flagged_late: bool,
    pub progress: Option<u8>,
    /// the 課 of `owner` as units (`model::owners::owner_units`), the first the 主管課: per-課 views list the row
    /// under each
    pub owners: Vec<String>,
}

/// Every task, migration step and procedure as a schedule row, in display order.
pub fn schedule_rows(wb: &Workbook) -> Vec<ScheduleRow> {
    let mut rows = vec![];
    for i in wb.roadmap_order() {
        for t in wb.tasks_of(i.id) {
            rows.push(ScheduleRow {
                row: RowRef::Task(t.id),
                area: Area::Roadmap,
                group: i.name.clone(),
                label: t.name.clone(),
                owner: wb.unit_name(t.owner_unit.or(i.owner_unit)).to_string(),
                plan: t.plan,
                actual_start: t.actual_start,
                actual_end: t.actual_end,
                // 【参考】 rows are the national schedule, not the municipality's work: never late or due
                status: if i.reference {
                    "参考".to_string()
                } else {
                    t.status.label().to_string()
                },
                closed: i.reference || t.status.is_closed(),
                flagged_late: !i.reference && t.status == Status::Delayed,
                progress: (!i.reference).then(|| t.shown_progress()),
                owners: vec![],
            });
        }
    }
    let mut systems: Vec<_> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    for s in systems {
        let owner = wb.owner_names(s);
        for st in wb.steps_of(s.id) {
            let (code, name) = wb
                .template_step(st.template_step_id)
                .map(|t| (t.code.as_str(), t.name.as_str()))
                .unwrap_or(("", ""));
            rows.push(ScheduleRow {
                row: RowRef::Step(st.id),
                area: Area::Migration,
                group: s.name.clone(),
                label: format!("{code}{name}"),
                owner: owner.clone(),
                plan: st.plan,
                actual_start: st.actual_start,
                actual_end: st.actual_end,
                status: st.status.label().to_string(),
                closed: st.status.is_complete(),
                flagged_late: false,
                progress: Some(match st.status {
                    StepStatus::Done | StepStatus::NotApplicable => 100,
                    _ => 0,
                }),
                owners: vec![],
            });
        }
    }
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.no, p.id));
    for p in procs {
        rows.push(ScheduleRow {
            row: RowRef::Procedure(p.id),
            area: Area::Online,
            group: p.category.label().to_string(),
            label: p.name.clone(),
            owner: wb.unit_name(p.owner_unit).to_string(),
            plan: p.plan,
            actual_start: p.actual_start,
            actual_end: p.actual_end,
            status: p.status.label().to_string(),
            closed: p.status.is_closed(),
            flagged_late: p.status == Status::Delayed,
            progress: None,
            owners: vec![],
        });
    }
    for r in &mut rows {
        r.owners = owner_units(&r.owner)
            .into_iter()
            .map(String::from)
            .collect();
    }
    rows
}

/// A row past its planned end (or marked 遅延) and not closed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateRow {
    pub row: ScheduleRow,
    /// days since the planned end (0 if only flagged)
    pub days_late: i64,
}

/// A row whose current plan differs from the baseline.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlippedRow {
    pub row: ScheduleRow,
    pub baseline: Span,
    pub variance: Variance,
}

/// Days the row is late on `today`: past its planned end and not closed (`model::schedule::days_overdue`), or
/// marked 遅延 by hand and not closed (0 days).
pub fn days_late(r: &ScheduleRow, today: NaiveDate) -> Option<i64> {
    days_overdue(r.closed, r.plan, today).or((!r.closed && r.flagged_late).then_some(0))
}

/// The review for a meeting.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub today: NaiveDate,
    pub next_meeting: NaiveDate,
    pub baseline: Option<String>,
    /// late rows, most late first
    pub late: Vec<LateRow>,
    /// rows that moved since the baseline (end moved later first)
    pub slipped: Vec<SlippedRow>,
    /// open rows planned to end between today and the next meeting (inclusive), earliest first
    pub due: Vec<ScheduleRow>,
    /// open rows planned to start between today and the next meeting without an actual start
    pub starting: Vec<ScheduleRow>,
    /// per owner: (late, slipped, due)
    pub by_owner: BTreeMap<String, OwnerCounts>,
    /// 前回の宿題: items of earlier meetings still open, then those closed since the last one
    #[serde(default)]
    pub previous_actions: Vec<ActionLine>,
    /// 指摘事項・宿題 raised at this meeting (会議日 = `today`)
    #[serde(default)]
    pub new_actions: Vec<ActionLine>,
}

/// A 宿題 as a meeting reads it: the item, its 課 and row by name, and whether it is past due.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionLine {
    pub item: crate::model::ActionItem,
    /// the owner 課 by name (empty: none)
    pub owner: String,
    /// the row it is about, as the review names rows (「標準化 介護保険 / ⑤ RFI資料の作成」), or empty
    pub about: String,
    /// open and past its due date on the meeting day
    pub overdue: bool,
}

/// The meeting's lines of `items` (previous ones and those raised on `today`).
fn action_lines(
    wb: &Workbook,
    rows: &[ScheduleRow],
    today: NaiveDate,
) -> (Vec<ActionLine>, Vec<ActionLine>) {
    let line = |a: &crate::model::ActionItem| ActionLine {
        owner: a
            .owner_unit
            .map(|u| wb.unit_name(Some(u)).to_string())
            .unwrap_or_default(),
        about: a
            .row
            .and_then(|r| rows.iter().find(|s| s.row == r))
            .map(|s| format!("{} {} / {}", s.area.label(), s.group, s.label))
            .unwrap_or_default(),
        overdue: a.overdue(today),
        item: a.clone(),
    };
    let previous = crate::model::action::previous_actions(&wb.actions, today)
        .into_iter()
        .map(line)
        .collect();
    let new = wb
        .actions
        .iter()
        .filter(|a| a.raised_on == today)
        .map(line)
        .collect();
    (previous, new)
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OwnerCounts {
    pub late: usize,
    pub slipped: usize,
    pub due: usize,
}

/// Every late row on `today`, most late first.
pub fn late_rows(rows: &[ScheduleRow], today: NaiveDate) -> Vec<LateRow> {
    let mut late: Vec<LateRow> = rows
        .iter()
        .filter_map(|r| {
            Some(LateRow {
                row: r.clone(),
                days_late: days_late(r, today)?,
            })
        })
        .collect();
    late.sort_by(|a, b| {
        b.days_late
            .cmp(&a.days_late)
            .then_with(|| a.row.row.cmp(&b.row.row))
    });
    late
}

/// A meeting's inputs, checked once for the app and the CLI alike: 会議日 (`today`), 次回会議日 (`next_meeting`, not
/// before it) and the baseline to compare with (`baseline`, an existing one, or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub today: NaiveDate,
    pub next_meeting: NaiveDate,
    /// name of a baseline of the workbook; `None`: no comparison
    pub baseline: Option<String>,
}

impl Request {
    /// Reads the inputs as typed (2025-11-20, 令和7年11月20日, R7.11.20; a blank baseline is none). Each refusal names
    /// its field: `today`, `next_meeting` or `baseline`.
    pub fn parse(
        today: &str,
        next_meeting: &str,
        baseline: Option<&str>,
        wb: &Workbook,
    ) -> Result<Request> {
        let date = |field: &str, label: &str, s: &str| {
            crate::calendar::parse_date(s).map_err(|e| Error::field(field, format!("{label}: {e}")))
        };
        let today = date("today", "会議日", today)?;
        let next_meeting = date("next_meeting", "次回会議日", next_meeting)?;
        if next_meeting < today {
            return Err(Error::field(
                "next_meeting",
                "次回会議日が会議日より前です。",
            ));
        }
        let baseline = match baseline.map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(name) => Some(
                wb.baseline_by_name(name)
                    .ok_or_else(|| unknown_baseline(wb, name))?
                    .name
                    .clone(),
            ),
        };
        Ok(Request {
            today,
            next_meeting,
            baseline,
        })
    }

    /// The review these inputs ask for.
    pub fn review(&self, wb: &Workbook) -> Review {
        let baseline = self
            .baseline
            .as_deref()
            .and_then(|name| wb.baseline_by_name(name));
        review(wb, self.today, self.next_meeting, baseline)
    }
}

/// 基準計画「…」がありません, naming the baselines there are.
fn unknown_baseline(wb: &Workbook, name: &str) -> Error {
    let names: Vec<&str> = wb.baselines.iter().map(|b| b.name.as_str()).collect();
    Error::new(
        ErrorCode::NotFound,
        format!(
            "基準計画「{name}」がありません（あるもの: {}）。",
            if names.is_empty() {
                "なし".into()
            } else {
                names.join("、")
            }
        ),
    )
    .with_field("baseline")
}

pub fn review(
    wb: &Workbook,
    today: NaiveDate,
    next_meeting: NaiveDate,
    baseline: Option<&Baseline>,
) -> Review {
    let rows = schedule_rows(wb);
    let late = late_rows(&rows, today);

    let mut slipped: Vec<SlippedRow> = match baseline {
        None => vec![],
        Some(b) => rows
            .iter()
            .filter_map(|r| {
                let base = b.plan_of(r.row)?;
                let cur = r.plan?;
                let v = variance(base, cur);
                (v.start_days != 0 || v.end_days != 0).then(|| SlippedRow {
                    row: r.clone(),
                    baseline: base,
                    variance: v,
                })
            })
            .collect(),
    };
    slipped.sort_by(|a, b| {
        b.variance
            .end_days
            .cmp(&a.variance.end_days)
            .then_with(|| a.row.row.cmp(&b.row.row))
    });

    let window = |d: NaiveDate| today <= d && d <= next_meeting;
    let mut due: Vec<ScheduleRow> = rows
        .iter()
        .filter(|r| !r.closed && r.plan.is_some_and(|p| window(p.end)))
        .cloned()
        .collect();
    due.sort_by_key(|r| (r.plan.map(|p| p.end), r.row));
    let mut starting: Vec<ScheduleRow> = rows
        .iter()
        .filter(|r| {
            !r.closed && r.actual_start.is_none() && r.plan.is_some_and(|p| window(p.start))
        })
        .cloned()
        .collect();
    starting.sort_by_key(|r| (r.plan.map(|p| p.start), r.row));

    let mut by_owner: BTreeMap<String, OwnerCounts> = BTreeMap::new();
    // a row owned by several 課 counts under each of them
    let mut count = |r: &ScheduleRow, f: fn(&mut OwnerCounts)| {
        if r.owners.is_empty() {
            f(by_owner.entry("（担当未設定）".to_string()).or_default());
        }
        for o in &r.owners {
            f(by_owner.entry(o.clone()).or_default());
        }
    };
    for l in &late {
        count(&l.row, |c| c.late += 1);
    }
    for s in &slipped {
        count(&s.row, |c| c.slipped += 1);
    }
    for d in &due {
        count(d, |c| c.due += 1);
    }
    let (previous_actions, new_actions) = action_lines(wb, &rows, today);
    Review {
        today,
        next_meeting,
        baseline: baseline.map(|b| b.name.clone()),
        late,
        slipped,
        due,
        starting,
        by_owner,
        previous_actions,
        new_actions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn demo() -> Workbook {
        crate::data::demo::demo_workbook().expect("demo builds")
    }

    #[test]
    fn a_request_reads_dates_as_typed_and_a_blank_baseline_as_none() {
        let wb = demo();
        let r = Request::parse("令和7年11月20日", "R7.12.18", Some("  "), &wb).unwrap();
        assert_eq!(r.today, NaiveDate::from_ymd_opt(2025, 11, 20).unwrap());
        assert_eq!(
            r.next_meeting,
            NaiveDate::from_ymd_opt(2025, 12, 18).unwrap()
        );
        assert_eq!(r.baseline, None);
        let name = wb.baselines[0].name.clone();
        let r = Request::parse("2025-11-20", "2025-11-20", Some(&name), &wb).unwrap();
        assert_eq!(r.baseline, Some(name.clone()));
        assert_eq!(
            r.review(&wb),
            review(&wb, r.today, r.next_meeting, wb.baseline_by_name(&name))
        );
    }

    #[test]
    fn each_refused_input_names_its_field() {
        let wb = demo();
        let e = Request::parse("あいう", "2025-12-18", None, &wb).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("today"));
        assert!(e.message.starts_with("会議日: "), "{}", e.message);
        let e = Request::parse("2025-11-20", "", None, &wb).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("next_meeting"));
        let e = Request::parse("2025-12-01", "2025-11-01", None, &wb).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("next_meeting"));
        assert_eq!(e.message, "次回会議日が会議日より前です。");
        let e = Request::parse("2025-11-20", "2025-12-18", Some("なし"), &wb).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(e.field.as_deref(), Some("baseline"));
        assert!(
            e.message.contains(&wb.baselines[0].name),
            "names the baselines there are: {}",
            e.message
        );
    }
}

#[cfg(test)]
mod owner_tests {
    use super::*;

    #[test]
    fn a_row_of_several_units_is_counted_under_each_and_never_under_the_joined_name() {
        let wb = crate::data::demo::demo_workbook().expect("demo builds");
        let today = crate::data::demo::as_of();
        let r = review(&wb, today, today + chrono::Duration::days(60), None);
        assert!(
            !r.by_owner.keys().any(|k| k.contains('・')),
            "no joined owner key: {:?}",
            r.by_owner.keys().collect::<Vec<_>>()
        );
        let rows = schedule_rows(&wb);
        let due_for = |unit: &str| {
            r.due
                .iter()
                .filter(|d| d.owners.iter().any(|o| o == unit))
                .count()
        };
        for unit in ["納税課", "保険年金課"] {
            assert_eq!(
                r.by_owner.get(unit).map(|c| c.due).unwrap_or(0),
                due_for(unit),
                "due count of {unit}"
            );
        }
        let shared = rows
            .iter()
            .find(|x| x.group == "国民健康保険")
            .expect("国民健康保険 has steps");
        assert_eq!(
            shared.owners,
            vec!["保険年金課".to_string(), "納税課".to_string()],
            "the 主管課 first"
        );
    }
}
