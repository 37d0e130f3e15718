//! 議会報告用一式: the council bundle — cover, contents, vision, 工程表, 標準化 by system, the migration and
//! online charts, the 推進体制図, the training state, the 完了率 S-curve (`layout::curve_pages`) and 経費と補助金,
//! numbered `x / y` throughout.

use chrono::NaiveDate;

use super::training::{coverage_columns, coverage_rows};
use super::{DocumentOptions, header, org, roadmap, systems, training};
use crate::layout::{self, Column, Document, FontMetrics, LayoutError, Part};
use crate::model::Workbook;

fn migration_summary_rows(wb: &Workbook, today: NaiveDate) -> Vec<Vec<String>> {
    let late = crate::query::review::late_rows(&crate::query::review::schedule_rows(wb), today);
    crate::query::summary::migration_figures(wb, &late)
        .systems
        .into_iter()
        .map(|f| {
            vec![
                f.name,
                f.group,
                f.owner,
                format!("{:.1}%（{}/{}）", f.completion_percent, f.complete, f.steps),
                if f.late_steps > 0 {
                    format!("{}件", f.late_steps)
                } else {
                    "なし".into()
                },
                if f.specified {
                    format!("特定移行支援（{}）", crate::calendar::wareki(f.deadline))
                } else {
                    crate::calendar::wareki(f.deadline)
                },
            ]
        })
        .collect()
}

pub(super) fn document(
    wb: &Workbook,
    o: &DocumentOptions,
    m: &FontMetrics,
) -> Result<Document, LayoutError> {
    let vo = &o.view_options;
    let sheet = o.sheet();
    let head = header(wb, o, "自治体DX推進計画 進捗報告");
    let mut parts = vec![];

    let mut paras = vec![wb.vision.statement.clone()];
    paras.extend(
        wb.vision
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| format!("基本方針{}　{p}", i + 1)),
    );
    parts.push(Part {
        title: "ビジョン・基本方針".into(),
        pages: layout::text_pages(&sheet, &head, "ビジョン・基本方針", &paras, m),
    });

    let roadmap = roadmap::roadmap_chart(wb, vo);
    parts.push(Part {
        title: roadmap.title.clone(),
        pages: layout::gantt_pages(&roadmap, &o.spec(wb, None), m)?,
    });

    let cols: Vec<Column> = [
        ("業務", 1.4),
        ("グループ", 0.9),
        ("所管課", 1.4),
        ("完了率", 1.0),
        ("遅延", 0.6),
        ("移行期限", 1.4),
    ]
    .iter()
    .map(|(h, w)| Column {
        header: (*h).into(),
        weight: *w,
    })
    .collect();
    parts.push(Part {
        title: "標準化の進捗（業務別）".into(),
        pages: layout::table_pages(
            &sheet,
            &head,
            "標準化の進捗（業務別 完了率）",
            &cols,
            &migration_summary_rows(wb, vo.today),
            m,
        )?,
    });
    let migration = systems::migration_chart(wb, vo, false);
    parts.push(Part {
        title: migration.title.clone(),
        pages: layout::gantt_pages(&migration, &o.spec(wb, Some(&migration)), m)?,
    });
    let procedures = systems::procedures_chart(wb, vo);
    parts.push(Part {
        title: procedures.title.clone(),
        pages: layout::gantt_pages(&procedures, &o.spec(wb, Some(&procedures)), m)?,
    });

    let org = org::org_chart(wb, vo);
    parts.push(Part {
        title: "推進体制図".into(),
        pages: layout::org_pages(&org, &sheet, m)?,
    });

    parts.push(Part {
        title: "人材育成の状況".into(),
        pages: layout::table_pages(
            &sheet,
            &head,
            "人材育成 職位ごとの目標達成状況",
            &coverage_columns(),
            &coverage_rows(wb),
            m,
        )?,
    });
    let training = training::training_chart(wb, vo);
    parts.push(Part {
        title: training.title.clone(),
        pages: layout::gantt_pages(&training, &o.spec(wb, Some(&training)), m)?,
    });
    parts.push(super::cost::cost_part(wb, &sheet, &head, m, vo.unit)?);

    if let Some(chart) = super::trend::completion_curve(wb, vo.today) {
        parts.push(Part {
            title: "完了率の推移".into(),
            pages: layout::curve_pages(&sheet, &head, &chart, m)?,
        });
    }

    let subtitle = format!("{}時点", crate::calendar::wareki(vo.today));
    Ok(layout::bundle(&sheet, &head, Some(&subtitle), parts, m))
}
