//! 完了率の推移 as a drawing: the S-curve of the 標準化 steps from the progress history, the same chart on the
//! council bundle's page and on the KPI screen (one page of its own, `trend_document`).

use chrono::NaiveDate;

use super::{DocumentOptions, header, numbered};
use crate::layout::{self, Document, FontMetrics, LayoutError};
use crate::model::Workbook;

/// 完了率の推移: the S-curve from the first recorded progress to `today` (none without a history).
pub fn completion_curve(wb: &Workbook, today: NaiveDate) -> Option<layout::CurveChart> {
    use chrono::Datelike;
    let t = crate::query::trend::history_trend(wb, today)?;
    let from = t.from;
    let ticks = t
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if m.month.month() == 4 || i == 0 {
                crate::calendar::FiscalYear::of(m.month).label()
            } else {
                String::new()
            }
        })
        .collect();
    Some(layout::CurveChart {
        heading: format!(
            "標準化 完了率の推移（{}〜{}）",
            crate::calendar::wareki_month(from),
            crate::calendar::wareki_month(today)
        ),
        ticks,
        series: vec![
            layout::Series {
                name: "完了率（実績）".into(),
                values: t.months.iter().map(|m| m.actual).collect(),
                color: layout::Rgb(0x2b, 0x4c, 0x7e),
                dashed: false,
            },
            layout::Series {
                name: "計画（完了予定の割合）".into(),
                values: t.months.iter().map(|m| m.planned).collect(),
                color: layout::Rgb(0x9a, 0x5b, 0x13),
                dashed: true,
            },
        ],
        note: "完了率 =（完了済み＋対象外）÷ 作業項目数。各月末時点、進捗の履歴から集計。計画は計画終了日がその月末までの作業項目の割合。".into(),
    })
}

/// The 完了率の推移 page alone, numbered (the KPI screen's chart); `None` without a history to draw.
pub fn trend_document(
    wb: &Workbook,
    o: &DocumentOptions,
    m: &FontMetrics,
) -> Result<Option<Document>, LayoutError> {
    let vo = &o.view_options;
    let Some(chart) = completion_curve(wb, vo.today) else {
        return Ok(None);
    };
    let sheet = o.sheet();
    let head = header(wb, o, "完了率の推移");
    let pages = layout::curve_pages(&sheet, &head, &chart, m)?;
    Ok(Some(numbered(&chart.heading, vo.created, pages, &sheet, m)))
}
