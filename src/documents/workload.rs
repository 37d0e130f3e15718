//! 山積み: the workload page of the migration document — the 標準化 steps in progress per month, stacked by
//! 所管課, over the same period as the migration Gantt it follows. Counting is `crate::query::workload`.

use chrono::NaiveDate;

use super::common::{ViewOptions, notes};
use super::{DocumentOptions, migration_chart, numbered};
use crate::layout::{self, Document, FontMetrics, LayoutError};
use crate::layout::{WorkloadChart, WorkloadSeries};
use crate::model::Workbook;
use crate::query::workload::workload;

/// The 山積み chart of the workbook between `from` and `to` (whole months).
pub fn workload_chart(
    wb: &Workbook,
    opts: &ViewOptions,
    from: NaiveDate,
    to: NaiveDate,
) -> WorkloadChart {
    let w = workload(wb, from, to);
    let mut chart_notes = vec![
        "※ 作業数は各月に計画期間がかかる標準化の作業項目の数（対象外を除く）。複数の所管課がある業務は主管課（先頭の課）に数える。"
            .to_string(),
    ];
    if let Some((month, n)) = w.peak() {
        chart_notes.push(format!(
            "※ 最多は{}の{n}件。",
            crate::calendar::wareki(month)
                .split('月')
                .next()
                .map(|s| format!("{s}月"))
                .unwrap_or_default()
        ));
    }
    chart_notes.extend(
        notes(wb, None)
            .into_iter()
            .filter(|n| n.contains("計画期間")),
    );
    WorkloadChart {
        title: "標準化の作業の山積み（月別・所管課別）".into(),
        municipality: wb.meta.municipality.clone(),
        created: opts.created,
        confidentiality: opts.confidentiality.clone(),
        months: w.months,
        series: w
            .units
            .into_iter()
            .map(|u| WorkloadSeries {
                name: u.name,
                capacity: u.capacity,
                counts: u.counts,
            })
            .collect(),
        notes: chart_notes,
    }
}

/// The 山積み page alone, numbered, over the migration Gantt's period (the app's preview of it).
pub fn workload_document(
    wb: &Workbook,
    o: &DocumentOptions,
    m: &FontMetrics,
) -> Result<Document, LayoutError> {
    let vo = &o.view_options;
    let spec = o.spec(wb, Some(&migration_chart(wb, vo, true)));
    let chart = workload_chart(wb, vo, spec.from, spec.to);
    let pages = layout::workload_pages(&chart, &o.sheet(), m)?;
    Ok(numbered(&chart.title, vo.created, pages, &o.sheet(), m))
}
