//! The 工程表 (roadmap): 取組事項 grouped as in the national guidance, each with its tasks as bars, baseline ghosts
//! and finish-to-start arrows.

use chrono::NaiveDate;

use super::common::{ViewOptions, actual, bar_status, chart, chosen_baseline, span};
use crate::layout::{GanttChart, GanttRow, ProgressPoint, RowKind, TableColumn, progress_point};
use crate::model::{Baseline, Id, RowRef, Workbook};

/// The 工程表: 取組事項 grouped as in the national guidance, each with its tasks as bars.
pub fn roadmap_chart(wb: &Workbook, opts: &ViewOptions) -> GanttChart {
    let baseline = chosen_baseline(wb, opts);
    let mut rows = Vec::new();
    let initiatives = wb.roadmap_order();
    for group in crate::model::InitiativeGroup::ALL {
        let members: Vec<_> = initiatives.iter().filter(|i| i.group == group).collect();
        if members.is_empty() {
            continue;
        }
        rows.push(GanttRow::new(
            RowKind::Group,
            vec![group.label().to_string()],
        ));
        for ini in members {
            let tasks = wb.tasks_of(ini.id);
            let kind = if ini.reference {
                RowKind::Reference
            } else {
                RowKind::Item
            };
            let name = if ini.priority {
                format!("{}　★", ini.name)
            } else {
                ini.name.clone()
            };
            let mut head = GanttRow::new(
                kind,
                vec![
                    name,
                    wb.unit_name(ini.owner_unit).to_string(),
                    String::new(),
                    ini.target_label.clone(),
                ],
            );
            head.milestones = ini.target_date.into_iter().collect();
            // With a single task the initiative row carries the bar itself.
            let single = tasks.len() == 1;
            if single {
                fill_task(&mut head, wb, tasks[0], baseline, opts.today);
                head.cells[2] = head.status.label().to_string();
            }
            rows.push(head);
            if single {
                continue;
            }
            for t in tasks {
                let mut r = GanttRow::new(
                    kind,
                    vec![
                        format!("　{}", t.name),
                        wb.unit_name(t.owner_unit).to_string(),
                        String::new(),
                        String::new(),
                    ],
                );
                fill_task(&mut r, wb, t, baseline, opts.today);
                r.cells[2] = if kind == RowKind::Reference {
                    String::new()
                } else {
                    r.status.label().to_string()
                };
                rows.push(r);
            }
        }
    }
    let columns = vec![
        TableColumn {
            header: "取組事項".into(),
            width_mm: 74.0,
        },
        TableColumn {
            header: "担当課".into(),
            width_mm: 24.0,
        },
        TableColumn {
            header: "状況".into(),
            width_mm: 13.0,
        },
        TableColumn {
            header: "【参考】目標時期".into(),
            width_mm: 21.0,
        },
    ];
    mark_critical(wb, opts, &mut rows);
    let mut c = chart(wb, opts, "自治体DX推進計画 工程表", columns, rows, baseline);
    c.progress_line = true;
    c
}

/// Marks the rows of the クリティカルパス asked for in `opts` (`model::scheduling::critical_path`). An unknown
/// target marks nothing (the CLI and the window check the name they are given).
fn mark_critical(wb: &Workbook, opts: &ViewOptions, rows: &mut [GanttRow]) {
    let Some(to) = opts.critical_path else {
        return;
    };
    let target = match to {
        super::common::CriticalTo::Latest => None,
        super::common::CriticalTo::Task(id) => Some(id),
    };
    let path = crate::model::scheduling::critical_path(wb, target).unwrap_or_default();
    let keys: std::collections::HashSet<String> = path.iter().map(|id| format!("t{id}")).collect();
    for r in rows.iter_mut() {
        if r.key.as_ref().is_some_and(|k| keys.contains(k)) {
            r.critical = true;
        }
    }
}

fn fill_task(
    r: &mut GanttRow,
    wb: &Workbook,
    t: &crate::model::Task,
    baseline: Option<&Baseline>,
    today: NaiveDate,
) {
    r.status = bar_status(t.status, t.plan, today);
    r.progress = Some(t.shown_progress());
    r.actual = actual(t.actual_start, t.actual_end);
    r.baseline = baseline
        .and_then(|b| b.plan_of(RowRef::Task(t.id)))
        .map(|s| (s.start, s.end));
    if t.milestone {
        r.milestones.extend(t.plan.map(|p| p.end));
    } else {
        r.plan = span(t.plan);
    }
    r.key = Some(format!("t{}", t.id));
    r.depends_on = wb
        .dependencies
        .iter()
        .filter(|d| d.successor == t.id)
        .map(|d| format!("t{}", d.predecessor))
        .collect();
}

/// Each task's progress point on `today` (the イナズマ線 of the 工程表 screen), by the same rule as the PDF's
/// line: tasks of 【参考】 initiatives, milestones, tasks without a plan, 中止 and 対象外 have none.
pub fn task_progress(wb: &Workbook, today: NaiveDate) -> Vec<(Id, ProgressPoint)> {
    wb.roadmap_order()
        .into_iter()
        .flat_map(|ini| wb.tasks_of(ini.id).into_iter().map(move |t| (ini, t)))
        .filter_map(|(ini, t)| {
            let kind = if ini.reference {
                RowKind::Reference
            } else {
                RowKind::Item
            };
            let mut r = GanttRow::new(kind, vec![]);
            fill_task(&mut r, wb, t, None, today);
            progress_point(&r, today).map(|p| (t.id, p))
        })
        .collect()
}
