//! 人材育成: the training calendar (courses per 年度 with their enrolments) and the table of how far each 職位
//! meets its skill targets.

use chrono::{Duration, NaiveDate};
use rustc_hash::FxHashMap;

use super::common::{ViewOptions, chart};
use crate::calendar::FiscalYear;
use crate::layout::{BarStatus, Column, GanttChart, GanttRow, RowKind, TableColumn};
use crate::model::Workbook;
use crate::model::training::skill_coverage;

/// The training plan: per fiscal year, each course with its enrolments, as a bar in
/// its month (or the whole year when no month is set).
pub fn training_chart(wb: &Workbook, opts: &ViewOptions) -> GanttChart {
    /// Enrolments of one course in one year: counted in one pass over (up to) half a million.
    #[derive(Default)]
    struct Seats {
        enrolled: usize,
        done: usize,
        /// the planned month of the first enrolment that has one
        month: Option<u32>,
    }
    let mut by_year: FxHashMap<(FiscalYear, i64), Seats> = FxHashMap::default();
    for e in wb
        .enrolments
        .iter()
        .filter(|e| e.status != crate::model::EnrolmentStatus::Cancelled)
    {
        let seats = by_year.entry((e.year, e.course_id)).or_default();
        seats.enrolled += 1;
        seats.done += usize::from(e.status == crate::model::EnrolmentStatus::Completed);
        seats.month = seats.month.or(e.month);
    }
    let mut course_by_id: FxHashMap<i64, &crate::model::Course> = FxHashMap::default();
    for c in &wb.courses {
        course_by_id.entry(c.id).or_insert(c); // the first one, as `Workbook::course`
    }
    let mut keys: Vec<_> = by_year.keys().copied().collect();
    keys.sort_by_key(|(y, c)| {
        (
            y.0,
            course_by_id
                .get(c)
                .and_then(|c| c.month)
                .map(|m| (m + 8) % 12),
            *c,
        )
    });
    let mut rows = Vec::new();
    let mut last = None;
    for (year, course_id) in keys {
        let Some(course) = course_by_id.get(&course_id) else {
            continue;
        };
        if last != Some(year) {
            rows.push(GanttRow::new(
                RowKind::Group,
                vec![format!("{} 研修計画", year.long_label())],
            ));
            last = Some(year);
        }
        let seats = &by_year[&(year, course_id)];
        let (done, enrolled) = (seats.done, seats.enrolled);
        let month = seats.month.or(course.month);
        let plan = match month {
            Some(m) if (1..=12).contains(&m) => {
                let y = if m >= 4 { year.0 } else { year.0 + 1 };
                NaiveDate::from_ymd_opt(y, m, 1).map(|s| {
                    let days = course
                        .days
                        .filter(|d| d.is_finite() && *d >= 1.0)
                        .map_or(0, |d| d.ceil() as i64 - 1);
                    let month_end =
                        NaiveDate::from_ymd_opt(if m == 12 { y + 1 } else { y }, m % 12 + 1, 1)
                            .map_or(s, |n| n - Duration::days(1));
                    let end = if course.days.is_some() {
                        (s + Duration::days(days.min(90))).min(year.end())
                    } else {
                        month_end
                    };
                    (s, end)
                })
            }
            _ => Some((year.start(), year.end())),
        };
        let mut r = GanttRow::new(
            RowKind::Item,
            vec![
                course.name.clone(),
                course.provider.clone(),
                format!("{done}/{enrolled}名"),
                course.length.clone(),
            ],
        );
        r.plan = plan;
        r.status = if done == enrolled {
            BarStatus::Done
        } else if done > 0 || plan.is_some_and(|p| p.0 <= opts.today) {
            BarStatus::InProgress
        } else {
            BarStatus::NotStarted
        };
        r.progress = u8::try_from(done * 100 / enrolled.max(1)).ok();
        rows.push(r);
    }
    let columns = vec![
        TableColumn {
            header: "研修名".into(),
            width_mm: 64.0,
        },
        TableColumn {
            header: "実施機関".into(),
            width_mm: 30.0,
        },
        TableColumn {
            header: "修了／受講".into(),
            width_mm: 16.0,
        },
        TableColumn {
            header: "期間".into(),
            width_mm: 20.0,
        },
    ];
    chart(wb, opts, "DX人材育成 研修計画", columns, rows, None)
}

pub(super) fn coverage_columns() -> Vec<Column> {
    [
        "職位",
        "職員数",
        "目標を満たす",
        "予定の研修後に満たす",
        "達成率",
    ]
    .iter()
    .map(|h| Column {
        header: (*h).into(),
        weight: 1.0,
    })
    .collect()
}

pub(super) fn coverage_rows(wb: &Workbook) -> Vec<Vec<String>> {
    skill_coverage(&wb.people, &wb.skill_targets, &wb.courses, &wb.enrolments)
        .positions
        .into_iter()
        .filter(|c| c.people > 0)
        .map(|c| {
            let pct = if c.people == 0 {
                0.0
            } else {
                c.fully_covered as f64 * 100.0 / c.people as f64
            };
            vec![
                c.position,
                format!("{}人", c.people),
                format!("{}人", c.fully_covered),
                format!("{}人", c.covered_when_plans_done),
                format!("{pct:.1}%"),
            ]
        })
        .collect()
}
