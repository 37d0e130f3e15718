//! Plain-text reports for the terminal: the summary, the meeting review and the task list, in Japanese.

use std::fmt::Write;

use dxplan::calendar::{wareki, wareki_short};
use dxplan::model::Workbook;
use dxplan::query::review::{Review, ScheduleRow};
use dxplan::query::summary::Summary;

fn plan(r: &ScheduleRow) -> String {
    r.plan
        .map(|p| format!("{}〜{}", wareki_short(p.start), wareki_short(p.end)))
        .unwrap_or_else(|| "計画なし".into())
}
fn owner(r: &ScheduleRow) -> &str {
    if r.owner.is_empty() {
        "担当未設定"
    } else {
        &r.owner
    }
}
fn row_line(r: &ScheduleRow) -> String {
    format!(
        "[{}] {} / {}（{}、{}、{}）",
        r.area.label(),
        r.group,
        r.label,
        owner(r),
        plan(r),
        r.status
    )
}

pub fn summary(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "■ {} の推進状況（{}、{}）",
        s.municipality,
        wareki(s.today),
        s.fiscal_year
    );
    let st = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k}{v}"))
            .collect::<Vec<_>>()
            .join("・")
    };
    let _ = writeln!(
        o,
        "全体方針: 取組事項{}件・取組内容{}件（{}）・遅延{}件",
        s.roadmap.initiatives,
        s.roadmap.tasks,
        st(&s.roadmap.by_status),
        s.roadmap.late
    );
    let _ = writeln!(
        o,
        "推進体制: 組織{}・会議体等{}・職員等{}人（外部人材{}人）・役割{}件",
        s.org.line_units, s.org.bodies, s.org.people, s.org.external_people, s.org.role_assignments
    );
    let _ = writeln!(
        o,
        "人材育成: 研修{}件・今年度の受講予定{}件・修了{}件・目標未達の職員{}人・定員超過の研修{}件",
        s.training.courses,
        s.training.planned_this_year,
        s.training.completed_this_year,
        s.training.people_with_gaps,
        s.training.over_capacity
    );
    let _ = writeln!(
        o,
        "標準化: {}業務・全体の完了率{:.1}%・移行済み{}業務・遅延している作業{}件",
        s.migration.systems.len(),
        s.migration.completion_percent,
        s.migration.systems_complete,
        s.migration.late_steps
    );
    for f in &s.migration.systems {
        let mark = if f.specified {
            format!("  ※特定移行支援（期限 {}）", wareki(f.deadline))
        } else {
            String::new()
        };
        let late = if f.late_steps > 0 {
            format!("  遅延{}件", f.late_steps)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {:<12} {:>5.1}%（{}/{}）{}{}{}",
            f.name,
            f.completion_percent,
            f.complete,
            f.steps,
            format_args!("  {}", f.owner),
            late,
            mark
        );
    }
    let _ = writeln!(
        o,
        "オンライン化: 手続{}件（うち必須{}件、必須の完了{}件）・{}・遅延{}件",
        s.online.procedures,
        s.online.required,
        s.online.required_done,
        st(&s.online.by_status),
        s.online.late
    );
    if s.late.is_empty() {
        let _ = writeln!(o, "遅延している行はありません。");
    } else {
        let _ = writeln!(o, "■ 遅延している行（{}件、遅れの大きい順）", s.late.len());
        for l in &s.late {
            let _ = writeln!(o, "  {}日遅れ {}", l.days_late, row_line(&l.row));
        }
    }
    o
}

/// 「[未了・期限切れ] 宿題の内容（担当 課、期限 R7.11.14、標準化 介護保険 / ⑤ …）」
fn action_line(a: &dxplan::query::review::ActionLine) -> String {
    let i = &a.item;
    let state = match (i.status, a.overdue) {
        (dxplan::model::ActionStatus::Open, true) => "未了・期限切れ".to_string(),
        (dxplan::model::ActionStatus::Open, false) => "未了".to_string(),
        (dxplan::model::ActionStatus::Closed, _) => format!(
            "完了 {}",
            i.closed_on
                .map(dxplan::calendar::wareki_short)
                .unwrap_or_default()
        ),
    };
    let mut parts = vec![format!(
        "担当 {}",
        if a.owner.is_empty() {
            "未定"
        } else {
            &a.owner
        }
    )];
    if let Some(d) = i.due {
        parts.push(format!("期限 {}", dxplan::calendar::wareki_short(d)));
    }
    if !a.about.is_empty() {
        parts.push(a.about.clone());
    }
    if !i.note.is_empty() {
        parts.push(format!("対応: {}", i.note));
    }
    format!("[{state}] {}（{}）", i.text, parts.join("、"))
}

pub fn review(wb: &Workbook, r: &Review) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "■ {} 会議レビュー（基準日 {}、次回会議 {}）",
        wb.meta.municipality,
        wareki(r.today),
        wareki(r.next_meeting)
    );
    if !r.previous_actions.is_empty() {
        let _ = writeln!(o, "□ 前回の宿題（{}件）", r.previous_actions.len());
        for a in &r.previous_actions {
            let _ = writeln!(o, "  {}", action_line(a));
        }
    }
    if !r.new_actions.is_empty() {
        let _ = writeln!(o, "□ 今回の宿題（{}件）", r.new_actions.len());
        for a in &r.new_actions {
            let _ = writeln!(o, "  {}", action_line(a));
        }
    }
    let _ = writeln!(o, "□ 遅延（{}件）", r.late.len());
    for l in &r.late {
        let _ = writeln!(o, "  {}日遅れ {}", l.days_late, row_line(&l.row));
    }
    match &r.baseline {
        Some(b) => {
            let _ = writeln!(o, "□ 基準計画「{b}」からのずれ（{}件）", r.slipped.len());
            for s in &r.slipped {
                let _ = writeln!(
                    o,
                    "  終了{:+}日・開始{:+}日 {}（基準 {}〜{}）",
                    s.variance.end_days,
                    s.variance.start_days,
                    row_line(&s.row),
                    wareki_short(s.baseline.start),
                    wareki_short(s.baseline.end)
                );
            }
        }
        None => {
            let _ = writeln!(o, "□ 基準計画の指定なし（--baseline で比較できます）");
        }
    }
    let _ = writeln!(o, "□ 次回会議までに終了予定（{}件）", r.due.len());
    for d in &r.due {
        let _ = writeln!(o, "  {}", row_line(d));
    }
    let _ = writeln!(o, "□ 次回会議までに開始予定（{}件）", r.starting.len());
    for d in &r.starting {
        let _ = writeln!(o, "  {}", row_line(d));
    }
    let _ = writeln!(o, "□ 担当課別（遅延・ずれ・期限）");
    for (owner, c) in &r.by_owner {
        let _ = writeln!(
            o,
            "  {owner}: 遅延{}・ずれ{}・期限{}",
            c.late, c.slipped, c.due
        );
    }
    o
}

pub fn tasks(wb: &Workbook) -> String {
    let mut o = String::new();
    for i in &wb.initiatives {
        let _ = writeln!(o, "{}{}", i.code, i.name);
        for t in wb.tasks.iter().filter(|t| t.initiative_id == i.id) {
            let p = t
                .plan
                .map(|p| format!("{}〜{}", wareki_short(p.start), wareki_short(p.end)))
                .unwrap_or_else(|| "計画なし".into());
            let _ = writeln!(
                o,
                "  ID {:>4}  {}（{}、{}、{}%）",
                t.id,
                t.name,
                p,
                t.status.label(),
                t.shown_progress()
            );
        }
    }
    o
}
