//! What the documents share: the options every view takes, the bar status of a row on a day, the chosen
//! baseline, the chart frame with its notes, and the default period of a Gantt page.

use chrono::NaiveDate;

use crate::calendar::{self, FiscalYear};
use crate::layout::{BarStatus, GanttChart, GanttRow, PageSpec, Scale, Sheet, TableColumn};
use crate::model::{Baseline, Span, Status, StepStatus, Workbook};

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
    /// 円 or 千円 for the amounts of the 経費と補助金 pages (千円: each figure rounded half up once, totals summed
    /// in yen first)
    pub unit: crate::model::cost::Unit,
    /// Outline the クリティカルパス on the 工程表 (off by default).
    pub critical_path: Option<CriticalTo>,
}

/// Where the クリティカルパス drawn on the 工程表 runs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriticalTo {
    /// the task that ends last (`model::scheduling::latest_ending`)
    Latest,
    /// a chosen task, usually a ◆ milestone
    Task(crate::model::Id),
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
            critical_path: None,
            unit: crate::model::cost::Unit::Yen,
        }
    }
}

pub(crate) fn bar_status(s: Status, plan: Option<Span>, today: NaiveDate) -> BarStatus {
    let overdue = crate::model::schedule::is_overdue(s.is_closed(), plan, today);
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

pub(crate) fn step_status(s: StepStatus, plan: Option<Span>, today: NaiveDate) -> BarStatus {
    let overdue = crate::model::schedule::is_overdue(s.is_complete(), plan, today);
    match s {
        _ if overdue => BarStatus::Late,
        StepStatus::NotStarted => BarStatus::NotStarted,
        StepStatus::InProgress => BarStatus::InProgress,
        StepStatus::Done => BarStatus::Done,
        StepStatus::NotApplicable => BarStatus::NotApplicable,
    }
}

pub(crate) fn chosen_baseline<'a>(wb: &'a Workbook, opts: &ViewOptions) -> Option<&'a Baseline> {
    match &opts.baseline {
        Some(name) => wb.baseline_by_name(name),
        None => wb.baselines.iter().max_by_key(|b| (b.taken_on, b.id)),
    }
}

pub(crate) fn span(p: Option<Span>) -> Option<(NaiveDate, NaiveDate)> {
    p.map(|s| (s.start, s.end))
}

pub(crate) fn actual(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    start.map(|s| (s, end))
}

pub(crate) fn union(
    spans: impl Iterator<Item = (NaiveDate, NaiveDate)>,
) -> Option<(NaiveDate, NaiveDate)> {
    spans.fold(None, |acc, (s, e)| match acc {
        None => Some((s, e)),
        Some((a, b)) => Some((a.min(s), b.max(e))),
    })
}

pub(crate) fn notes(wb: &Workbook, baseline: Option<&Baseline>) -> Vec<String> {
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

pub(crate) fn chart(
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
        progress_line: false,
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
