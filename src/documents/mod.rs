//! Which document each export view is: the data → layout stage shared by the CLI's PDF export and the app's SVG
//! preview, so screen and paper show the same pages. Pure: fonts come in as metrics, dates as options.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod views;

use crate::layout::{
    self, Column, DocHeader, Document, FontMetrics, LayoutError, PageSpec, Paper, Part, Scale,
    Sheet,
};
use crate::model::Workbook;
use crate::model::training::skill_coverage;
use views::ViewOptions;

/// The documents dxplan prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// 全体方針の工程表
    Roadmap,
    /// 標準化: every system × its steps, then the online procedures
    Migration,
    /// 人材育成: the training calendar
    Training,
    /// 推進体制図
    Org,
    /// 議会報告: cover, contents, vision, roadmap, migration summary and chart, org, training
    Council,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Roadmap,
        View::Migration,
        View::Training,
        View::Org,
        View::Council,
    ];
    pub fn key(self) -> &'static str {
        match self {
            View::Roadmap => "roadmap",
            View::Migration => "migration",
            View::Training => "training",
            View::Org => "org",
            View::Council => "council",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            View::Roadmap => "工程表",
            View::Migration => "標準化・オンライン化の進捗",
            View::Training => "研修計画",
            View::Org => "推進体制図",
            View::Council => "議会報告用一式",
        }
    }
    pub fn parse(s: &str) -> Result<View, crate::error::Error> {
        let t = s.trim();
        View::ALL.into_iter().find(|v| v.key() == t || v.label() == t).ok_or_else(|| {
            crate::error::Error::field(
                "view",
                format!("出力の種類「{t}」はありません（roadmap・migration・training・org・council）。"),
            )
        })
    }
}

/// Everything an export needs besides the workbook and the font.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentOptions {
    pub view: View,
    pub paper: Paper,
    /// period shown on Gantt charts (None: the plan period / the chart's own dates)
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub scale: Option<Scale>,
    pub view_options: ViewOptions,
}

impl DocumentOptions {
    pub fn new(view: View, today: NaiveDate) -> Self {
        DocumentOptions {
            view,
            paper: Paper::A3,
            from: None,
            to: None,
            scale: None,
            view_options: ViewOptions::on(today),
        }
    }
    fn sheet(&self) -> Sheet {
        match self.paper {
            Paper::A3 => Sheet::a3_landscape(),
            Paper::A4 => Sheet::a4_landscape(),
        }
    }
    /// The Gantt page spec: the given period, else the plan period (or `fit` for charts with their own dates).
    fn spec(&self, wb: &Workbook, fit: Option<&layout::GanttChart>) -> PageSpec {
        let mut spec = views::default_spec(wb);
        if let Some(chart) = fit {
            (spec.from, spec.to) = views::period_of(chart);
        }
        spec.sheet = self.sheet();
        if let Some(f) = self.from {
            spec.from = f;
        }
        if let Some(t) = self.to {
            spec.to = t;
        }
        if let Some(s) = self.scale {
            spec.scale = s;
        } else if (spec.to - spec.from).num_days() > 366 * 7 {
            spec.scale = Scale::Quarter;
        }
        if (spec.to - spec.from).num_days() > 366 * 15 {
            spec.scale = Scale::FiscalYear;
        }
        spec
    }
}

fn header(wb: &Workbook, o: &DocumentOptions, title: &str) -> DocHeader {
    DocHeader {
        title: title.to_string(),
        municipality: wb.meta.municipality.clone(),
        created: o.view_options.created,
        confidentiality: o.view_options.confidentiality.clone(),
    }
}

/// The laid-out document of a view.
pub fn document(
    wb: &Workbook,
    o: &DocumentOptions,
    m: &FontMetrics,
) -> Result<Document, LayoutError> {
    let vo = &o.view_options;
    match o.view {
        View::Roadmap => layout::layout_gantt(&views::roadmap_chart(wb, vo), &o.spec(wb, None), m),
        View::Migration => {
            let migration = views::migration_chart(wb, vo, true);
            let procedures = views::procedures_chart(wb, vo);
            let mut pages = layout::gantt_pages(&migration, &o.spec(wb, Some(&migration)), m)?;
            pages.extend(layout::gantt_pages(
                &procedures,
                &o.spec(wb, Some(&procedures)),
                m,
            )?);
            Ok(numbered(
                "標準化・オンライン化の進捗",
                vo.created,
                pages,
                &o.sheet(),
                m,
            ))
        }
        View::Training => {
            let chart = views::training_chart(wb, vo);
            let head = header(wb, o, "人材育成 目標達成状況");
            let mut pages = layout::gantt_pages(&chart, &o.spec(wb, Some(&chart)), m)?;
            pages.extend(layout::table_pages(
                &o.sheet(),
                &head,
                "職位ごとの目標達成状況",
                &coverage_columns(),
                &coverage_rows(wb),
                m,
            )?);
            Ok(numbered(&chart.title, vo.created, pages, &o.sheet(), m))
        }
        View::Org => layout::layout_org(&views::org_chart(wb, vo), &o.sheet(), m),
        View::Council => council(wb, o, m),
    }
}

/// One document from pages laid out separately, numbered `x / y` throughout.
fn numbered(
    title: &str,
    created: NaiveDate,
    pages: Vec<layout::Page>,
    sheet: &Sheet,
    m: &FontMetrics,
) -> Document {
    let mut doc = Document {
        title: title.to_string(),
        created,
        pages,
    };
    layout::number_pages(&mut doc, sheet.margins_mm, m);
    doc
}

fn coverage_columns() -> Vec<Column> {
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

fn coverage_rows(wb: &Workbook) -> Vec<Vec<String>> {
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

fn council(wb: &Workbook, o: &DocumentOptions, m: &FontMetrics) -> Result<Document, LayoutError> {
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

    let roadmap = views::roadmap_chart(wb, vo);
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
    let migration = views::migration_chart(wb, vo, false);
    parts.push(Part {
        title: migration.title.clone(),
        pages: layout::gantt_pages(&migration, &o.spec(wb, Some(&migration)), m)?,
    });
    let procedures = views::procedures_chart(wb, vo);
    parts.push(Part {
        title: procedures.title.clone(),
        pages: layout::gantt_pages(&procedures, &o.spec(wb, Some(&procedures)), m)?,
    });

    let org = views::org_chart(wb, vo);
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
    let training = views::training_chart(wb, vo);
    parts.push(Part {
        title: training.title.clone(),
        pages: layout::gantt_pages(&training, &o.spec(wb, Some(&training)), m)?,
    });

    let subtitle = format!("{}時点", crate::calendar::wareki(vo.today));
    Ok(layout::bundle(&sheet, &head, Some(&subtitle), parts, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Workbook {
        crate::data::demo::demo_workbook().unwrap()
    }

    #[test]
    fn every_view_of_the_demo_lays_out_with_pages_of_the_chosen_paper() {
        let wb = demo();
        let m = FontMetrics::approximate();
        for view in View::ALL {
            for paper in [Paper::A3, Paper::A4] {
                let mut o = DocumentOptions::new(view, crate::data::demo::as_of());
                o.paper = paper;
                let doc =
                    document(&wb, &o, &m).unwrap_or_else(|e| panic!("{view:?} {paper:?}: {e}"));
                assert!(!doc.pages.is_empty(), "{view:?} has pages");
                let (w, h) = o.sheet().size_mm();
                for (i, p) in doc.pages.iter().enumerate() {
                    assert_eq!(
                        (p.width_mm, p.height_mm),
                        (w, h),
                        "{view:?} {paper:?} page {} is {paper:?} landscape",
                        i + 1
                    );
                }
            }
        }
    }

    #[test]
    fn the_council_bundle_numbers_every_page_x_of_y_once() {
        let wb = demo();
        let doc = document(
            &wb,
            &DocumentOptions::new(View::Council, crate::data::demo::as_of()),
            &FontMetrics::approximate(),
        )
        .unwrap();
        let n = doc.pages.len();
        assert!(n >= 8, "cover, contents and seven parts: {n}");
        for (i, p) in doc.pages.iter().enumerate() {
            let label = format!("{} / {}", i + 1, n);
            let count = p
                .items
                .iter()
                .filter(|it| matches!(it, layout::Item::Text { text, .. } if *text == label))
                .count();
            assert_eq!(count, 1, "page {} carries '{label}' exactly once", i + 1);
        }
    }

    /// What a page says, for snapshots: its size and its texts in drawing order.
    fn digest(doc: &Document) -> Vec<(String, Vec<String>)> {
        doc.pages
            .iter()
            .map(|p| {
                let texts = p
                    .items
                    .iter()
                    .filter_map(|it| match it {
                        layout::Item::Text { text, .. } => Some(text.clone()),
                        _ => None,
                    })
                    .collect();
                (format!("{:.0}×{:.0} mm", p.width_mm, p.height_mm), texts)
            })
            .collect()
    }

    #[test]
    fn every_view_of_the_demo_keeps_its_texts_inside_their_boxes_and_apart() {
        let wb = demo();
        let m = layout::real_metrics();
        for view in View::ALL {
            let o = DocumentOptions::new(view, crate::data::demo::as_of());
            let doc = document(&wb, &o, &m).unwrap();
            layout::assert_texts_inside(&doc, o.sheet().margins_mm, &m);
            for page in &doc.pages {
                layout::assert_no_text_overlaps(page, &m);
            }
        }
    }

    #[test]
    fn every_view_of_the_demo_lays_out_as_recorded() {
        let wb = demo();
        let m = FontMetrics::approximate();
        for view in View::ALL {
            let doc = document(
                &wb,
                &DocumentOptions::new(view, crate::data::demo::as_of()),
                &m,
            )
            .unwrap();
            insta::assert_yaml_snapshot!(format!("demo_{}", view.key()), digest(&doc));
        }
    }

    #[test]
    fn view_names_parse_in_english_and_japanese() {
        assert_eq!(View::parse("council").unwrap(), View::Council);
        assert_eq!(View::parse("工程表").unwrap(), View::Roadmap);
        assert!(
            View::parse("gantt")
                .unwrap_err()
                .message
                .contains("roadmap")
        );
    }
}
