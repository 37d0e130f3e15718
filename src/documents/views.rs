//! Views of a `Workbook` as charts for export and preview: the 工程表 (roadmap), the
//! 標準化 migration plan (systems × steps, 完了率, 特定移行支援), online procedures,
//! the training plan, and the 推進体制 org chart. Pure mapping; no files.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use chrono::{Duration, NaiveDate};

use crate::calendar::{self, FiscalYear};
use crate::layout::{
    BarStatus, DocHeader, GanttChart, GanttRow, OrgChart, OrgNode, PageSpec, RowKind, Scale, Sheet,
    TableColumn,
};
use crate::model::{Baseline, RowRef, Span, Status, StepStatus, Workbook};

/// What every view needs besides the workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewOptions {
    /// 作成日 printed on the pages.
    pub created: NaiveDate,
    /// 基準日: the today line, and what counts as late.
    pub today: NaiveDate,
    pub confidentiality: Option<String>,
    /// Name of the baseline drawn as ghost bars; `None`: the most recent one.
    pub baseline: Option<String>,
    /// Print people's names (the org chart's role holders); off unless the user asks: personal data leaves the
    /// workbook only on request.
    pub include_personal: bool,
}

impl ViewOptions {
    /// Options for a given day (作成日 = 基準日), no confidentiality label.
    pub fn on(day: NaiveDate) -> Self {
        Self {
            created: day,
            today: day,
            confidentiality: None,
            baseline: None,
            include_personal: false,
        }
    }
}

fn bar_status(s: Status, plan: Option<Span>, today: NaiveDate) -> BarStatus {
    let overdue = !s.is_closed() && plan.is_some_and(|p| p.end < today);
    match s {
        _ if overdue => BarStatus::Late,
        Status::NotStarted => BarStatus::NotStarted,
        Status::InProgress => BarStatus::InProgress,
        Status::Done => BarStatus::Done,
        Status::Delayed => BarStatus::Late,
        Status::Cancelled => BarStatus::Cancelled,
        Status::NotApplicable => BarStatus::NotApplicable,
    }
}

fn step_status(s: StepStatus, plan: Option<Span>, today: NaiveDate) -> BarStatus {
    let overdue = !s.is_complete() && plan.is_some_and(|p| p.end < today);
    match s {
        _ if overdue => BarStatus::Late,
        StepStatus::NotStarted => BarStatus::NotStarted,
        StepStatus::InProgress => BarStatus::InProgress,
        StepStatus::Done => BarStatus::Done,
        StepStatus::NotApplicable => BarStatus::NotApplicable,
    }
}

fn chosen_baseline<'a>(wb: &'a Workbook, opts: &ViewOptions) -> Option<&'a Baseline> {
    match &opts.baseline {
        Some(name) => wb.baseline_by_name(name),
        None => wb.baselines.iter().max_by_key(|b| (b.taken_on, b.id)),
    }
}

fn span(p: Option<Span>) -> Option<(NaiveDate, NaiveDate)> {
    p.map(|s| (s.start, s.end))
}

fn actual(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    start.map(|s| (s, end))
}

fn union(spans: impl Iterator<Item = (NaiveDate, NaiveDate)>) -> Option<(NaiveDate, NaiveDate)> {
    spans.fold(None, |acc, (s, e)| match acc {
        None => Some((s, e)),
        Some((a, b)) => Some((a.min(s), b.max(e))),
    })
}

fn notes(wb: &Workbook, baseline: Option<&Baseline>) -> Vec<String> {
    let mut n = Vec::new();
    if let Some(b) = baseline {
        n.push(format!(
            "※ 当初計画（細枠）は基準計画「{}」（{}時点）。",
            b.name,
            calendar::wareki(b.taken_on)
        ));
    }
    n.push(format!(
        "※ 計画期間 {}〜{}",
        calendar::wareki(wb.meta.plan_start),
        calendar::wareki(wb.meta.plan_end)
    ));
    n
}

fn chart(
    wb: &Workbook,
    opts: &ViewOptions,
    title: &str,
    columns: Vec<TableColumn>,
    rows: Vec<GanttRow>,
    baseline: Option<&Baseline>,
) -> GanttChart {
    GanttChart {
        title: title.to_string(),
        municipality: wb.meta.municipality.clone(),
        created: opts.created,
        today: opts.today,
        confidentiality: opts.confidentiality.clone(),
        columns,
        rows,
        notes: notes(wb, baseline),
    }
}

/// The 工程表: 取組事項 grouped as in the national guidance, each with its tasks as bars.
pub fn roadmap_chart(wb: &Workbook, opts: &ViewOptions) -> GanttChart {
    let baseline = chosen_baseline(wb, opts);
    let mut rows = Vec::new();
    let mut initiatives: Vec<_> = wb.initiatives.iter().collect();
    initiatives.sort_by_key(|i| (i.group, i.sort, i.id));
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
            let mut tasks: Vec<_> = wb
                .tasks
                .iter()
                .filter(|t| t.initiative_id == ini.id)
                .collect();
            tasks.sort_by_key(|t| (t.sort, t.id));
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
    chart(wb, opts, "自治体DX推進計画 工程表", columns, rows, baseline)
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
            r.progress = Some(match st.status {
                StepStatus::Done => 100,
                _ => 0,
            });
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
    chart(
        wb,
        opts,
        "自治体情報システムの標準化・共通化 移行計画",
        columns,
        rows,
        baseline,
    )
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

/// The 推進体制図: line units under a 首長・CIO box, cross-cutting bodies as their own
/// tree with dashed links to their member units, people in their roles in each box.
pub fn org_chart(wb: &Workbook, opts: &ViewOptions) -> OrgChart {
    let person = |id| wb.person(id).map(|p| p.name.as_str()).unwrap_or("");
    let mut lines_of: HashMap<Option<i64>, Vec<String>> = HashMap::new();
    for r in &wb.roles {
        let title = if r.title.trim().is_empty() {
            r.role.label().to_string()
        } else {
            r.title.clone()
        };
        let line = if opts.include_personal {
            format!("{title} {}", person(r.person_id))
                .trim()
                .to_string()
        } else {
            title
        };
        lines_of.entry(r.unit_id).or_default().push(line);
    }
    if !opts.include_personal {
        // without names, identical titles say one thing: 「構成員（3名）」
        for lines in lines_of.values_mut() {
            let mut counted: Vec<(String, usize)> = vec![];
            for l in lines.drain(..) {
                match counted.iter_mut().find(|(t, _)| *t == l) {
                    Some((_, n)) => *n += 1,
                    None => counted.push((l, 1)),
                }
            }
            *lines = counted
                .into_iter()
                .map(|(t, n)| if n > 1 { format!("{t}（{n}名）") } else { t })
                .collect();
        }
    }
    let mut nodes = Vec::new();
    let top_lines = lines_of.remove(&None).unwrap_or_default();
    let has_top = !top_lines.is_empty();
    if has_top {
        nodes.push(OrgNode {
            id: "top".into(),
            parent: None,
            name: format!(
                "{}長・CIO",
                wb.meta
                    .municipality
                    .chars()
                    .last()
                    .map_or(String::new(), |c| c.to_string())
            ),
            kind: String::new(),
            lines: top_lines,
            cross_cutting: false,
            members: Vec::new(),
        });
    }
    let mut staff_of: FxHashMap<i64, usize> = FxHashMap::default();
    for p in &wb.people {
        if let Some(u) = p.unit_id {
            *staff_of.entry(u).or_default() += 1;
        }
    }
    let mut units: Vec<_> = wb.units.iter().collect();
    units.sort_by_key(|u| (u.sort, u.id));
    for u in units {
        let cross = u.kind.is_cross_cutting();
        let mut lines = lines_of.remove(&Some(u.id)).unwrap_or_default();
        if !cross {
            let staff = staff_of.get(&u.id).copied().unwrap_or(0);
            if staff > 0 {
                lines.push(format!("職員 {staff}名"));
            }
        }
        let parent = match u.parent_id {
            Some(p) => Some(format!("u{p}")),
            None if !cross && has_top => Some("top".into()),
            None => None,
        };
        nodes.push(OrgNode {
            id: format!("u{}", u.id),
            parent,
            name: u.name.clone(),
            kind: u.kind.label().to_string(),
            lines,
            cross_cutting: cross,
            members: u.linked_units.iter().map(|m| format!("u{m}")).collect(),
        });
    }
    OrgChart {
        header: DocHeader {
            title: "DX推進体制図".into(),
            municipality: wb.meta.municipality.clone(),
            created: opts.created,
            confidentiality: opts.confidentiality.clone(),
        },
        nodes,
    }
}

/// A3 landscape over the workbook's plan period in whole fiscal years, by month
/// (by quarter beyond six years).
pub fn default_spec(wb: &Workbook) -> PageSpec {
    let from = FiscalYear::of(wb.meta.plan_start).0;
    let to = FiscalYear::of(wb.meta.plan_end).0.max(from);
    let scale = if to - from >= 6 {
        Scale::Quarter
    } else {
        Scale::Month
    };
    let mut spec = PageSpec::a3_fiscal_years(from, to, scale);
    spec.sheet = Sheet::a3_landscape();
    spec
}

/// First and last day of whole fiscal years covering every date of a chart (plan,
/// actual, baseline, milestones) and `today`.
pub fn period_of(chart: &GanttChart) -> (NaiveDate, NaiveDate) {
    let mut lo = chart.today;
    let mut hi = chart.today;
    for r in &chart.rows {
        for (s, e) in [r.plan, r.baseline].into_iter().flatten() {
            lo = lo.min(s.min(e));
            hi = hi.max(s.max(e));
        }
        if let Some((s, e)) = r.actual {
            lo = lo.min(s);
            hi = hi.max(e.unwrap_or(s));
        }
        for m in &r.milestones {
            lo = lo.min(*m);
            hi = hi.max(*m);
        }
    }
    let from = FiscalYear::of(lo).start();
    (from, FiscalYear::of(hi).end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{FontMetrics, Item, layout_gantt, layout_org};

    fn wb() -> Workbook {
        crate::data::demo::demo_workbook().expect("demo workbook")
    }

    fn texts(doc: &crate::layout::Document) -> Vec<String> {
        doc.pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_roadmap_view_groups_initiatives_as_the_national_guidance_does() {
        let wb = wb();
        let c = roadmap_chart(&wb, &ViewOptions::on(crate::data::demo::as_of()));
        let groups: Vec<&str> = c
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::Group)
            .map(|r| r.cells[0].as_str())
            .collect();
        assert!(!groups.is_empty(), "has group headings");
        for g in &groups {
            assert!(
                crate::model::InitiativeGroup::ALL
                    .iter()
                    .any(|x| x.label() == *g),
                "group {g} is a guidance group"
            );
        }
        let keys: std::collections::HashSet<_> =
            c.rows.iter().filter_map(|r| r.key.clone()).collect();
        for r in &c.rows {
            for d in &r.depends_on {
                assert!(
                    keys.contains(d),
                    "dependency {d} points at a row of the chart"
                );
            }
        }
        let doc =
            layout_gantt(&c, &default_spec(&wb), &FontMetrics::approximate()).expect("layout");
        assert!(!doc.pages.is_empty());
    }

    #[test]
    fn the_migration_view_shows_completion_rate_and_marks_specified_systems() {
        let wb = wb();
        let opts = ViewOptions::on(crate::data::demo::as_of());
        let c = migration_chart(&wb, &opts, true);
        let heads: Vec<&GanttRow> = c.rows.iter().filter(|r| r.kind == RowKind::Group).collect();
        assert_eq!(heads.len(), wb.systems.len(), "one heading per system");
        assert!(
            heads
                .iter()
                .all(|h| h.cells[2].ends_with('%') || h.cells[2] == "—"),
            "完了率 per system"
        );
        if wb.systems.iter().any(|s| s.specified) {
            assert!(
                heads.iter().any(|h| h.cells[0].contains("特定移行支援")),
                "特定移行支援 marked"
            );
        }
        let summary = migration_chart(&wb, &opts, false);
        assert_eq!(
            summary.rows.len(),
            wb.systems.len(),
            "summary: one row per system"
        );
        let spec = default_spec(&wb);
        let m = FontMetrics::approximate();
        let doc = layout_gantt(&c, &spec, &m).expect("layout");
        assert!(doc.pages.len() > 1, "hundreds of step rows tile over pages");
        assert!(texts(&doc).iter().any(|t| t.contains('%')), "rates printed");
    }

    #[test]
    fn procedures_training_and_org_views_lay_out() {
        let wb = wb();
        let opts = ViewOptions::on(crate::data::demo::as_of());
        let m = FontMetrics::approximate();
        let p = procedures_chart(&wb, &opts);
        assert_eq!(
            p.rows.iter().filter(|r| r.kind == RowKind::Item).count(),
            wb.procedures.len(),
            "every procedure"
        );
        layout_gantt(&p, &default_spec(&wb), &m).expect("procedures layout");
        let t = training_chart(&wb, &opts);
        let (from, to) = period_of(&t);
        let mut spec = default_spec(&wb);
        spec.from = from;
        spec.to = to;
        layout_gantt(&t, &spec, &m).expect("training layout");
        let o = org_chart(&wb, &opts);
        assert!(o.nodes.len() > wb.units.len() - 1, "every unit is a node");
        let doc = layout_org(&o, &Sheet::a3_landscape(), &m).expect("org layout");
        assert!(!doc.pages.is_empty());
    }
}
