//! Our own データ sheet read back, because an office edits the exported table and returns it: rows matched by
//! 種別 and ID to the tasks, steps and procedures they came from (a task row without an ID is added).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Aliases, date_of, flag_of, get, progress_of, show_date, show_span, span_of, unit_of};
use crate::import::cells::{In, SheetIn};
use crate::import::plan::{ImportPlan, Planner, note, quote};
use crate::import::progress::{Progress, Ticker};
use crate::import::text::ascii_fold;
use crate::model::edit::{Edit, Entity};
use crate::model::{Id, LinkMethod, Span, Status, StepStatus, Workbook};
use crate::xlsx::{KIND_PROCEDURE, KIND_STEP, KIND_TASK};

/// The データ sheet's columns (`crate::xlsx::DATA_HEADERS`), each known by its own name.
pub(super) const DATA_ALIASES: Aliases = &[
    ("種別", &["種別"]),
    ("ID", &["ID"]),
    ("区分", &["区分"]),
    ("番号", &["番号"]),
    ("名称", &["名称"]),
    ("担当課", &["担当課"]),
    ("計画開始", &["計画開始"]),
    ("計画終了", &["計画終了"]),
    ("実績開始", &["実績開始"]),
    ("実績終了", &["実績終了"]),
    ("状況", &["状況"]),
    ("進捗率", &["進捗率"]),
    ("マイルストーン", &["マイルストーン"]),
    ("目標日", &["目標日"]),
    ("連携方式", &["連携方式"]),
    ("対象外理由", &["対象外理由"]),
    ("備考", &["備考"]),
];

pub(super) fn plan_data(
    wb: &Workbook,
    s: &SheetIn,
    hi: usize,
    cols: &HashMap<&'static str, usize>,
    progress: Progress<'_>,
) -> Option<ImportPlan> {
    let mut ticker = Ticker::start(progress, s.rows.len().saturating_sub(hi + 1))?;
    let mut p = Planner::new(wb);
    let mut seen: HashMap<(String, Id), usize> = HashMap::new();
    let next_sort = wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0);
    let mut added_sort = next_sort;
    for (done, (line, cells)) in s.rows.iter().skip(hi + 1).enumerate() {
        if !ticker.tick(done) {
            return None;
        }
        let line = *line;
        if cells.iter().all(In::is_empty) {
            continue;
        }
        let kind = get(cells, cols, "種別")
            .map(In::text)
            .unwrap_or_default()
            .trim()
            .to_string();
        let id_cell = get(cells, cols, "ID").cloned().unwrap_or(In::Empty);
        let id: Option<Id> = match &id_cell {
            In::Empty => None,
            In::Num(n) if n.fract() == 0.0 && *n > 0.0 => Some(*n as Id),
            In::Text(t) if t.trim().is_empty() => None,
            In::Text(t) => match ascii_fold(t.trim()).parse::<Id>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    p.reject(
                        line,
                        format!("ID「{}」は正の整数ではありません。", t.trim()),
                    );
                    continue;
                }
            },
            other => {
                p.reject(
                    line,
                    format!("ID「{}」は正の整数ではありません。", other.text()),
                );
                continue;
            }
        };
        if let Some(i) = id
            && let Some(first) = seen.insert((kind.clone(), i), line)
        {
            p.reject(
                line,
                format!("{kind} ID {i} が{first}行目と重複しています。"),
            );
            continue;
        }
        let cell = |k: &str| get(cells, cols, k);
        let text = |k: &str| cell(k).map(In::text);
        let result = match kind.as_str() {
            KIND_TASK => data_task(wb, &mut p, line, id, &cell, &text, &mut added_sort),
            KIND_STEP => data_step(wb, &mut p, line, id, &cell, &text),
            KIND_PROCEDURE => data_procedure(wb, &mut p, line, id, &cell, &text),
            "" => Err("種別が空欄です（工程表・標準化・オンライン化）。".to_string()),
            k => Err(format!(
                "種別「{k}」は使えません（工程表・標準化・オンライン化）。"
            )),
        };
        if let Err(reason) = result {
            p.reject(line, reason);
        }
    }
    ticker.finish().then(|| p.finish())
}

type CellFn<'a> = dyn Fn(&str) -> Option<&'a In> + 'a;
type TextFn<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A row's plan, actual start and actual end.
type Dates = (Option<Span>, Option<NaiveDate>, Option<NaiveDate>);

/// Plan and actual dates of a row; a column that is absent keeps the current value.
fn dates(
    cell: &CellFn<'_>,
    plan: Option<Span>,
    astart: Option<NaiveDate>,
    aend: Option<NaiveDate>,
) -> std::result::Result<Dates, String> {
    let ps = match cell("計画開始") {
        Some(c) => date_of(c, false, "計画開始")?,
        None => plan.map(|p| p.start),
    };
    let pe = match cell("計画終了") {
        Some(c) => date_of(c, true, "計画終了")?,
        None => plan.map(|p| p.end),
    };
    let a1 = match cell("実績開始") {
        Some(c) => date_of(c, false, "実績開始")?,
        None => astart,
    };
    let a2 = match cell("実績終了") {
        Some(c) => date_of(c, true, "実績終了")?,
        None => aend,
    };
    Ok((span_of(ps, pe, "計画")?, a1, a2))
}

fn data_task(
    wb: &Workbook,
    p: &mut Planner,
    line: usize,
    id: Option<Id>,
    cell: &CellFn<'_>,
    text: &TextFn<'_>,
    added_sort: &mut i64,
) -> std::result::Result<(), String> {
    let old = match id {
        Some(i) => wb.task(i).cloned().ok_or_else(|| {
            format!("工程表 ID {i} の取組内容がありません（削除されたか、別のブックの表です）。")
        })?,
        None => {
            let group = text("区分").unwrap_or_default();
            let init = wb
                .initiatives
                .iter()
                .find(|i| i.name == group.trim())
                .ok_or_else(|| {
                    format!(
                        "IDのない行は追加になりますが、区分「{}」の取組事項がありません。",
                        group.trim()
                    )
                })?;
            *added_sort += 1;
            crate::model::Task {
                id: 0,
                initiative_id: init.id,
                name: String::new(),
                owner_unit: None,
                plan: None,
                actual_start: None,
                actual_end: None,
                progress: 0,
                status: Status::NotStarted,
                milestone: false,
                notes: String::new(),
                sort: *added_sort,
            }
        }
    };
    let mut t = old.clone();
    if let Some(n) = text("名称") {
        t.name = n.trim().to_string();
    }
    if let Some(o) = text("担当課") {
        t.owner_unit = unit_of(wb, &o, old.owner_unit)?;
    }
    (t.plan, t.actual_start, t.actual_end) =
        dates(cell, old.plan, old.actual_start, old.actual_end)?;
    if let Some(s) = text("状況") {
        t.status = Status::parse(&s).map_err(|e| e.message)?;
    }
    if let Some(c) = cell("進捗率") {
        t.progress = progress_of(c)?;
    }
    if let Some(c) = cell("マイルストーン") {
        t.milestone = flag_of(c);
    }
    if let Some(n) = text("備考") {
        t.notes = n;
    }
    if id.is_some() && t == old {
        p.unchanged();
        return Ok(());
    }
    let mut ch = vec![];
    note(&mut ch, "名称", &old.name, &t.name, quote);
    note(&mut ch, "担当課", &old.owner_unit, &t.owner_unit, |u| {
        quote(&wb.unit_name(*u).to_string())
    });
    note(&mut ch, "計画", &old.plan, &t.plan, |s| show_span(*s));
    note(
        &mut ch,
        "実績開始",
        &old.actual_start,
        &t.actual_start,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "実績終了",
        &old.actual_end,
        &t.actual_end,
        |d| show_date(*d),
    );
    note(&mut ch, "状況", &old.status, &t.status, |s| {
        s.label().to_string()
    });
    note(&mut ch, "進捗率", &old.progress, &t.progress, |v| {
        format!("{v}%")
    });
    note(
        &mut ch,
        "マイルストーン",
        &old.milestone,
        &t.milestone,
        |v| if *v { "◆".into() } else { "なし".into() },
    );
    note(&mut ch, "備考", &old.notes, &t.notes, quote);
    let label = t.name.clone();
    p.row(
        line,
        label,
        Edit::Put {
            entity: Entity::Task(t),
        },
        ch,
        id.is_none(),
    );
    Ok(())
}

fn data_step(
    wb: &Workbook,
    p: &mut Planner,
    line: usize,
    id: Option<Id>,
    cell: &CellFn<'_>,
    text: &TextFn<'_>,
) -> std::result::Result<(), String> {
    let Some(i) = id else {
        return Err(
            "標準化の行にはIDが必要です（作業項目の追加は手順テンプレートの取込で行います）。"
                .into(),
        );
    };
    let old = wb
        .system_steps
        .iter()
        .find(|s| s.id == i)
        .cloned()
        .ok_or_else(|| format!("標準化 ID {i} の作業がありません。"))?;
    let mut s = old.clone();
    (s.plan, s.actual_start, s.actual_end) =
        dates(cell, old.plan, old.actual_start, old.actual_end)?;
    if let Some(t) = text("状況") {
        s.status = StepStatus::parse(&t).map_err(|e| e.message)?;
    }
    if let Some(n) = text("備考") {
        s.notes = n;
    }
    if s == old {
        p.unchanged();
        return Ok(());
    }
    let mut ch = vec![];
    note(&mut ch, "計画", &old.plan, &s.plan, |x| show_span(*x));
    note(
        &mut ch,
        "実績開始",
        &old.actual_start,
        &s.actual_start,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "実績終了",
        &old.actual_end,
        &s.actual_end,
        |d| show_date(*d),
    );
    note(&mut ch, "状況", &old.status, &s.status, |x| {
        x.label().to_string()
    });
    note(&mut ch, "備考", &old.notes, &s.notes, quote);
    let sys = wb
        .system(s.system_id)
        .map(|x| x.name.clone())
        .unwrap_or_default();
    let step = wb
        .template_step(s.template_step_id)
        .map(|x| format!("{}{}", x.code, x.name))
        .unwrap_or_default();
    p.row(
        line,
        format!("{sys} {step}"),
        Edit::Put {
            entity: Entity::Step(s),
        },
        ch,
        false,
    );
    Ok(())
}

fn data_procedure(
    wb: &Workbook,
    p: &mut Planner,
    line: usize,
    id: Option<Id>,
    cell: &CellFn<'_>,
    text: &TextFn<'_>,
) -> std::result::Result<(), String> {
    let Some(i) = id else {
        return Err("オンライン化の行にはIDが必要です。".into());
    };
    let old = wb
        .procedures
        .iter()
        .find(|x| x.id == i)
        .cloned()
        .ok_or_else(|| format!("オンライン化 ID {i} の手続がありません。"))?;
    let mut r = old.clone();
    if let Some(n) = text("名称") {
        r.name = n.trim().to_string();
    }
    if let Some(o) = text("担当課") {
        r.owner_unit = unit_of(wb, &o, old.owner_unit)?;
    }
    (r.plan, r.actual_start, r.actual_end) =
        dates(cell, old.plan, old.actual_start, old.actual_end)?;
    if let Some(c) = cell("目標日") {
        r.target_date = date_of(c, true, "目標日")?;
    }
    if let Some(t) = text("状況") {
        r.status = Status::parse(&t).map_err(|e| e.message)?;
    }
    if let Some(t) = text("連携方式") {
        r.link_method = LinkMethod::parse(&t).map_err(|e| e.message)?;
    }
    if let Some(t) = text("対象外理由") {
        r.excluded_reason = t;
    }
    if let Some(t) = text("備考") {
        r.notes = t;
    }
    if r == old {
        p.unchanged();
        return Ok(());
    }
    let mut ch = vec![];
    note(&mut ch, "名称", &old.name, &r.name, quote);
    note(&mut ch, "担当課", &old.owner_unit, &r.owner_unit, |u| {
        quote(&wb.unit_name(*u).to_string())
    });
    note(&mut ch, "計画", &old.plan, &r.plan, |x| show_span(*x));
    note(
        &mut ch,
        "実績開始",
        &old.actual_start,
        &r.actual_start,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "実績終了",
        &old.actual_end,
        &r.actual_end,
        |d| show_date(*d),
    );
    note(
        &mut ch,
        "目標日",
        &old.target_date,
        &r.target_date,
        |d| show_date(*d),
    );
    note(&mut ch, "状況", &old.status, &r.status, |x| {
        x.label().to_string()
    });
    note(
        &mut ch,
        "連携方式",
        &old.link_method,
        &r.link_method,
        |x| x.map(|l| l.label()).unwrap_or("なし").to_string(),
    );
    note(
        &mut ch,
        "対象外理由",
        &old.excluded_reason,
        &r.excluded_reason,
        quote,
    );
    note(&mut ch, "備考", &old.notes, &r.notes, quote);
    let label = r.name.clone();
    p.row(
        line,
        label,
        Edit::Put {
            entity: Entity::Procedure(r),
        },
        ch,
        false,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::DATA_HEADERS;

    #[test]
    fn data_headers_are_all_known_to_the_importer() {
        for h in DATA_HEADERS {
            assert!(
                DATA_ALIASES.iter().any(|(k, _)| *k == h),
                "{h} is read back"
            );
        }
    }
}
