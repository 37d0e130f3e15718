//! 標準化・オンライン化: the migration plan of the 標準準拠システム (systems × steps, 完了率, 特定移行支援) and the
//! 行政手続のオンライン化 schedule (procedures by category, 連携方式, 対象外 reasons).

use super::common::{
    ViewOptions, actual, bar_status, chart, chosen_baseline, span, step_status, union,
};
use crate::calendar;
use crate::layout::{BarStatus, GanttChart, GanttRow, RowKind, TableColumn};
use crate::model::{RowRef, Status, StepStatus, Workbook};

/// The 標準化・共通化 migration plan: one heading per system (完了率, 所管課, 期限,
/// 特定移行支援 marked) with its standard steps as bars when `detail` is true.
pub fn migration_chart(wb: &Workbook, opts: &ViewOptions, detail: bool) -> GanttChart {
    let baseline = chosen_baseline(wb, opts);
    let mut systems: Vec<_> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    let mut rows = Vec::new();
    for sys in systems {
        let steps = wb.steps_of(sys.id);
        let rate = wb
            .completion_rate(sys.id)
            .map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
        let owners: Vec<&str> = sys
            .owner_units
            .iter()
            .map(|u| wb.unit_name(Some(*u)))
            .filter(|n| !n.is_empty())
            .collect();
        let mut name = sys.name.clone();
        if sys.specified {
            name.push_str("【特定移行支援】");
        }
        let deadline = calendar::wareki_short(sys.deadline());
        let plan = union(steps.iter().filter_map(|s| span(s.plan)));
        let mut head = GanttRow::new(
            if detail {
                RowKind::Group
            } else {
                RowKind::Item
            },
            vec![name, owners.join("・"), rate.clone(), deadline],
        );
        head.plan = plan;
        head.milestones = vec![sys.deadline()];
        if !detail {
            let done = steps.iter().all(|s| s.status.is_complete());
            let started = steps.iter().any(|s| s.status != StepStatus::NotStarted);
            let late = steps
                .iter()
                .any(|s| step_status(s.status, s.plan, opts.today) == BarStatus::Late);
            head.status = if done && !steps.is_empty() {
                BarStatus::Done
            } else if late {
                BarStatus::Late
            } else if started {
                BarStatus::InProgress
            } else {
                BarStatus::NotStarted
            };
            head.progress = wb
                .completion_rate(sys.id)
                .map(|r| (r * 100.0).round().clamp(0.0, 100.0) as u8);
            head.actual = union(
                steps
                    .iter()
                    .filter_map(|s| s.actual_start.map(|a| (a, s.actual_end.unwrap_or(a)))),
            )
            .map(|(a, b)| {
                let all_done = steps.iter().all(|s| s.status.is_complete());
                (a, if all_done { Some(b) } else { None })
            });
        }
        rows.push(head);
        if !detail {
            continue;
        }
        for st in steps {
            let Some(tpl) = wb.template_step(st.template_step_id) else {
                continue;
            };
            let mut r = GanttRow::new(
                RowKind::Item,
                vec![
                    format!("　{} {}", tpl.code, tpl.name),
                    tpl.phase.clone(),
                    String::new(),
                    String::new(),
                ],
            );
            r.plan = span(st.plan);
            r.actual = actual(st.actual_start, st.actual_end);
            r.status = step_status(st.status, st.plan, opts.today);
            r.cells[2] = r.status.label().to_string();
            // A step records a status, not a percentage: done is 100 %, not started 0 %, 作業中 unknown.
            r.progress = match st.status {
                StepStatus::Done => Some(100),
                StepStatus::NotStarted => Some(0),
                _ => None,
            };
            r.baseline = baseline
                .and_then(|b| b.plan_of(RowRef::Step(st.id)))
                .map(|s| (s.start, s.end));
            r.key = Some(format!("s{}", st.id));
            rows.push(r);
        }
    }
    let columns = vec![
        TableColumn {
            header: "業務・作業項目".into(),
            width_mm: 70.0,
        },
        TableColumn {
            header: if detail {
                "所管課／フェーズ"
            } else {
                "所管課"
            }
            .into(),
            width_mm: 28.0,
        },
        TableColumn {
            header: if detail {
                "完了率／状況"
            } else {
                "完了率"
            }
            .into(),
            width_mm: 15.0,
        },
        TableColumn {
            header: "移行期限".into(),
            width_mm: 17.0,
        },
    ];
    let mut c = chart(
        wb,
        opts,
        "自治体情報システムの標準化・共通化 移行計画",
        columns,
        rows,
        baseline,
    );
    c.progress_line = true;
    c
}

/// 行政手続のオンライン化: procedures grouped by category, 連携方式 and 対象外 reasons shown.
pub fn procedures_chart(wb: &Workbook, opts: &ViewOptions) -> GanttChart {
    let baseline = chosen_baseline(wb, opts);
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.category, p.no, p.id));
    let mut rows = Vec::new();
    let mut last = None;
    for p in procs {
        if last != Some(p.category) {
            let n = wb
                .procedures
                .iter()
                .filter(|q| q.category == p.category)
                .count();
            rows.push(GanttRow::new(
                RowKind::Group,
                vec![format!("{}（{}手続）", p.category.label(), n)],
            ));
            last = Some(p.category);
        }
        let method = if p.status == Status::NotApplicable && !p.excluded_reason.trim().is_empty() {
            format!("対象外：{}", p.excluded_reason.trim())
        } else {
            p.link_method
                .map(|m| m.label().to_string())
                .unwrap_or_default()
        };
        let mut r = GanttRow::new(
            RowKind::Item,
            vec![
                p.name.clone(),
                wb.unit_name(p.owner_unit).to_string(),
                String::new(),
                method,
            ],
        );
        r.plan = span(p.plan);
        r.actual = actual(p.actual_start, p.actual_end);
        r.status = bar_status(p.status, p.plan, opts.today);
        r.cells[2] = r.status.label().to_string();
        r.milestones = p.target_date.into_iter().collect();
        r.baseline = baseline
            .and_then(|b| b.plan_of(RowRef::Procedure(p.id)))
            .map(|s| (s.start, s.end));
        if p.status == Status::Done {
            r.progress = Some(100);
        }
        rows.push(r);
    }
    let columns = vec![
        TableColumn {
            header: "手続名".into(),
            width_mm: 70.0,
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
            header: "連携方式／備考".into(),
            width_mm: 30.0,
        },
    ];
    chart(
        wb,
        opts,
        "行政手続のオンライン化 工程表",
        columns,
        rows,
        baseline,
    )
}
