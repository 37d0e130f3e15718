//! 会議資料: the meeting handout — 前回の宿題 and this meeting's 指摘事項, per owner the late, slipped and due counts, then the late rows, the rows that
//! moved since the baseline and the rows due before the next meeting, as tables, then the 工程表 with its イナズマ線
//! on the meeting day (A4 横 unless asked otherwise).
//! The review itself (which rows are late, slipped, due) is `crate::query::review`; this only lays it out.

use super::{DocumentOptions, header};
use crate::calendar::{wareki, wareki_short};
use crate::layout::{self, Column, Document, FontMetrics, LayoutError, Part};
use crate::model::owners::owner_display;
use crate::model::{ActionStatus, Workbook};
use crate::query::review::{ActionLine, Review, ScheduleRow};

fn col(header: &str, weight: f32) -> Column {
    Column {
        header: header.into(),
        weight,
    }
}

fn area(r: &ScheduleRow) -> String {
    r.area.label().to_string()
}

fn plan_end(r: &ScheduleRow) -> String {
    r.plan.map(|p| wareki(p.end)).unwrap_or_default()
}

/// One table row per 宿題: 状況 (未了 / 期限切れ / 完了 and its day), words, 課, 期限, row, what was done.
fn action_rows(lines: &[ActionLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|a| {
            let i = &a.item;
            vec![
                match (i.status, a.overdue) {
                    (ActionStatus::Open, true) => "未了（期限切れ）".into(),
                    (ActionStatus::Open, false) => "未了".into(),
                    (ActionStatus::Closed, _) => {
                        format!("完了 {}", i.closed_on.map(wareki_short).unwrap_or_default())
                    }
                },
                i.text.clone(),
                a.owner.clone(),
                i.due.map(wareki).unwrap_or_default(),
                a.about.clone(),
                i.note.clone(),
            ]
        })
        .collect()
}

/// The handout of a meeting's review.
pub fn document(
    wb: &Workbook,
    review: &Review,
    o: &DocumentOptions,
    m: &FontMetrics,
) -> Result<Document, LayoutError> {
    let sheet = o.sheet();
    let head = header(wb, o, "会議資料 進捗の確認");
    let mut parts = vec![];
    // 前回の宿題 first, then what this meeting raised: the room starts from what it asked last time
    for (title, lines) in [
        ("前回の宿題", &review.previous_actions),
        ("今回の指摘事項・宿題", &review.new_actions),
    ] {
        if lines.is_empty() {
            continue;
        }
        parts.push(Part {
            title: title.into(),
            pages: layout::table_pages(
                &sheet,
                &head,
                title,
                &[
                    col("状況", 1.4),
                    col("指摘事項・宿題", 5.0),
                    col("担当", 1.8),
                    col("期限", 1.8),
                    col("対象の行", 3.0),
                    col("対応状況", 3.0),
                ],
                &action_rows(lines),
                m,
            )?,
        });
    }
    let owners: Vec<Vec<String>> = review
        .by_owner
        .iter()
        .map(|(owner, c)| {
            vec![
                owner.clone(),
                c.late.to_string(),
                c.slipped.to_string(),
                c.due.to_string(),
            ]
        })
        .collect();
    parts.push(Part {
        title: "担当課ごとの件数".into(),
        pages: layout::table_pages(
            &sheet,
            &head,
            "担当課ごとの件数",
            &[
                col("担当", 4.0),
                col("遅延", 1.0),
                col("ずれ", 1.0),
                col("期限", 1.0),
            ],
            &owners,
            m,
        )?,
    });
    let late: Vec<Vec<String>> = review
        .late
        .iter()
        .map(|l| {
            vec![
                area(&l.row),
                l.row.group.clone(),
                l.row.label.clone(),
                owner_display(&l.row.owner),
                plan_end(&l.row),
                format!("{}日", l.days_late),
            ]
        })
        .collect();
    let six = [
        col("区分", 1.2),
        col("業務・取組", 3.0),
        col("作業", 4.0),
        col("担当", 2.0),
        col("計画終了", 2.0),
        col("遅れ", 1.0),
    ];
    parts.push(Part {
        title: "遅延している行".into(),
        pages: layout::table_pages(&sheet, &head, "遅延している行", &six, &late, m)?,
    });
    if let Some(b) = &review.baseline {
        let slipped: Vec<Vec<String>> = review
            .slipped
            .iter()
            .map(|x| {
                vec![
                    area(&x.row),
                    x.row.group.clone(),
                    x.row.label.clone(),
                    owner_display(&x.row.owner),
                    wareki(x.baseline.end),
                    plan_end(&x.row),
                    format!("{:+}日", x.variance.end_days),
                ]
            })
            .collect();
        let title = format!("基準計画「{b}」からずれた行");
        parts.push(Part {
            pages: layout::table_pages(
                &sheet,
                &head,
                &title,
                &[
                    col("区分", 1.2),
                    col("業務・取組", 3.0),
                    col("作業", 4.0),
                    col("担当", 2.0),
                    col("基準の終了", 2.0),
                    col("現在の終了", 2.0),
                    col("ずれ", 1.0),
                ],
                &slipped,
                m,
            )?,
            title,
        });
    }
    let due: Vec<Vec<String>> = review
        .due
        .iter()
        .map(|r| {
            vec![
                area(r),
                r.group.clone(),
                r.label.clone(),
                owner_display(&r.owner),
                plan_end(r),
                r.status.clone(),
            ]
        })
        .collect();
    let title = format!(
        "次回会議（{}）までに期限が来る行",
        wareki(review.next_meeting)
    );
    let mut due_cols = six.clone();
    due_cols[5] = col("状態", 1.0);
    parts.push(Part {
        pages: layout::table_pages(&sheet, &head, &title, &due_cols, &due, m)?,
        title,
    });
    // The 工程表 as of the meeting day, with its イナズマ線: where each row stands against its plan.
    let title = "工程表とイナズマ線（進捗線）".to_string();
    parts.push(Part {
        pages: layout::gantt_pages(
            &super::roadmap_chart(wb, &o.view_options),
            &o.spec(wb, None),
            m,
        )?,
        title,
    });
    let subtitle = format!(
        "{}時点{}",
        wareki(review.today),
        review
            .baseline
            .as_ref()
            .map(|b| format!("・基準計画「{b}」"))
            .unwrap_or_default()
    );
    Ok(layout::bundle(&sheet, &head, Some(&subtitle), parts, m))
}
