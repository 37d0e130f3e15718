//! A plain 工程表 as offices keep it in Excel (a header row with 取組事項/項目, 開始, 終了 …, group rows naming the
//! 取組事項), read into tasks matched by name, because most offices start from such a sheet, not from ours.

use std::collections::{HashMap, HashSet};

use super::{
    Aliases, date_against, date_of, flag_of, get, progress_of, show_date, show_span, span_of,
    unit_of,
};
use crate::import::cells::{In, SheetIn};
use crate::import::plan::{ImportPlan, Planner, note, quote};
use crate::import::progress::{Progress, Ticker};
use crate::model::edit::{Edit, Entity};
use crate::model::{Id, Initiative, InitiativeGroup, Status, Workbook};

pub(super) const NAME: &[&str] = &[
    "取組事項",
    "項目",
    "取組内容",
    "作業項目",
    "タスク",
    "件名",
    "作業",
];
pub(super) const START: &[&str] = &[
    "開始",
    "開始日",
    "開始予定",
    "開始予定日",
    "計画開始",
    "着手",
    "着手日",
    "開始年月",
];
pub(super) const END: &[&str] = &[
    "終了",
    "終了日",
    "終了予定",
    "終了予定日",
    "計画終了",
    "完了予定",
    "完了予定日",
    "期限",
    "終了年月",
];
pub(super) const ALIASES: Aliases = &[
    ("name", NAME),
    ("start", START),
    ("end", END),
    ("group", &["区分", "大項目", "分類", "取組", "カテゴリ"]),
    (
        "owner",
        &["担当", "担当課", "所管課", "担当部署", "担当所属"],
    ),
    ("status", &["状況", "状態", "ステータス"]),
    ("progress", &["進捗", "進捗率", "進捗(%)", "進捗率(%)"]),
    ("actual_start", &["実績開始", "開始実績", "実績開始日"]),
    (
        "actual_end",
        &["実績終了", "終了実績", "実績終了日", "完了日"],
    ),
    ("notes", &["備考", "課題", "課題・遅延理由", "メモ"]),
    ("milestone", &["マイルストーン", "マイルストン", "MS"]),
];

/// A plain 工程表: group rows (a name, no dates) name the 取組事項; dated rows are its 取組内容, matched by name.
pub(super) fn plan_plain(
    wb: &Workbook,
    s: &SheetIn,
    hi: usize,
    cols: &HashMap<&'static str, usize>,
    progress: Progress<'_>,
) -> Option<ImportPlan> {
    let mut ticker = Ticker::start(progress, s.rows.len().saturating_sub(hi + 1))?;
    let mut p = Planner::new(wb);
    let mut next_init = Workbook::next_id(wb.initiatives.iter().map(|i| &i.id));
    let mut next_init_sort = wb.initiatives.iter().map(|i| i.sort).max().unwrap_or(0);
    let mut next_sort = wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0);
    let mut current: Option<Id> = None;
    let mut made: HashMap<String, Id> = HashMap::new();
    let mut seen: HashSet<(Option<Id>, String)> = HashSet::new();
    let has_dates = |cells: &[In]| {
        ["start", "end"]
            .iter()
            .any(|k| get(cells, cols, k).is_some_and(|c| !c.is_empty()))
    };
    for (done, (line, cells)) in s.rows.iter().skip(hi + 1).enumerate() {
        if !ticker.tick(done) {
            return None;
        }
        let line = *line;
        if cells.iter().all(In::is_empty) {
            continue;
        }
        let text = |k: &str| {
            get(cells, cols, k)
                .map(In::text)
                .map(|t| t.trim().to_string())
        };
        let name = text("name").unwrap_or_default();
        // an initiative named by a group column, or by a group row
        let group_name = text("group").filter(|g| !g.is_empty());
        let is_group_row = group_name.is_none()
            && !name.is_empty()
            && !has_dates(cells)
            && text("owner").unwrap_or_default().is_empty();
        let gname = if is_group_row {
            Some(name.clone())
        } else {
            group_name
        };
        if let Some(g) = gname {
            let found = wb
                .initiatives
                .iter()
                .find(|i| {
                    i.name == g
                        || format!("{}{}", i.code, i.name) == g
                        || format!("【参考】{}", i.name) == g
                })
                .map(|i| i.id)
                .or_else(|| made.get(&g).copied());
            current = Some(match found {
                Some(id) => id,
                None => {
                    next_init_sort += 1;
                    let init = imported_initiative(next_init, &g, next_init_sort);
                    if !p.row(
                        line,
                        g.clone(),
                        Edit::Put {
                            entity: Entity::Initiative(init),
                        },
                        vec!["取組事項を追加".into()],
                        true,
                    ) {
                        continue;
                    }
                    made.insert(g.clone(), next_init);
                    next_init += 1;
                    next_init - 1
                }
            });
            if is_group_row {
                continue;
            }
        }
        if name.is_empty() {
            p.reject(line, "取組事項（項目）の名前が空欄です。");
            continue;
        }
        if !seen.insert((current, name.clone())) {
            p.reject(line, format!("「{name}」が表の中で重複しています。"));
            continue;
        }
        // the task to update: same name under the current initiative, or the only task of that name
        let existing = match current {
            Some(i) => wb
                .tasks
                .iter()
                .find(|t| t.initiative_id == i && t.name == name),
            None => {
                let v: Vec<_> = wb.tasks.iter().filter(|t| t.name == name).collect();
                if v.len() > 1 {
                    p.reject(line, format!("「{name}」という取組内容が複数の取組事項にあります。区分の列か見出し行で取組事項を示してください。"));
                    continue;
                }
                v.first().copied()
            }
        };
        let init_id = match (existing, current) {
            (Some(t), _) => t.initiative_id,
            (None, Some(i)) => i,
            (None, None) => {
                let g = format!("取り込んだ取組（{}）", s.name);
                match made
                    .get(&g)
                    .copied()
                    .or_else(|| wb.initiatives.iter().find(|i| i.name == g).map(|i| i.id))
                {
                    Some(i) => i,
                    None => {
                        next_init_sort += 1;
                        let init = imported_initiative(next_init, &g, next_init_sort);
                        if !p.row(
                            line,
                            g.clone(),
                            Edit::Put {
                                entity: Entity::Initiative(init),
                            },
                            vec!["取組事項を追加".into()],
                            true,
                        ) {
                            continue;
                        }
                        made.insert(g, next_init);
                        next_init += 1;
                        next_init - 1
                    }
                }
            }
        };
        let old = existing.cloned();
        let mut t = old.clone().unwrap_or_else(|| {
            next_sort += 1;
            crate::model::Task {
                id: 0,
                initiative_id: init_id,
                name: name.clone(),
                owner_unit: None,
                plan: None,
                actual_start: None,
                actual_end: None,
                progress: 0,
                status: Status::NotStarted,
                milestone: false,
                notes: String::new(),
                sort: next_sort,
            }
        });
        let read = (|| -> std::result::Result<(), String> {
            let c = |k: &str| get(cells, cols, k).cloned().unwrap_or(In::Empty);
            let start = date_against(&c("start"), false, "開始", t.plan.map(|p| p.start))?;
            let end = date_against(&c("end"), true, "終了", t.plan.map(|p| p.end))?;
            t.plan = span_of(start, end, "計画")?;
            if cols.contains_key("actual_start") {
                t.actual_start =
                    date_against(&c("actual_start"), false, "実績開始", t.actual_start)?;
            }
            if cols.contains_key("milestone") {
                t.milestone = flag_of(&c("milestone"));
            }
            if cols.contains_key("actual_end") {
                t.actual_end = date_of(&c("actual_end"), true, "実績終了")?;
            }
            if let Some(o) = text("owner").filter(|o| !o.is_empty()) {
                t.owner_unit = unit_of(wb, &o, t.owner_unit)?;
            }
            if let Some(st) = text("status").filter(|o| !o.is_empty()) {
                t.status = Status::parse(&st).map_err(|e| e.message)?;
            }
            if cols.contains_key("progress") {
                let pc = c("progress");
                t.progress = match pc {
                    In::Num(n) if n > 0.0 && n <= 1.0 => (n * 100.0).round() as u8,
                    other => progress_of(&other)?,
                };
            }
            if t.status == Status::Done {
                t.progress = 100;
            }
            if let Some(n) = text("notes") {
                t.notes = n;
            }
            Ok(())
        })();
        if let Err(reason) = read {
            p.reject(line, reason);
            continue;
        }
        match old {
            Some(o) if o == t => p.unchanged(),
            Some(o) => {
                let mut ch = vec![];
                note(&mut ch, "計画", &o.plan, &t.plan, |x| show_span(*x));
                note(&mut ch, "担当課", &o.owner_unit, &t.owner_unit, |u| {
                    quote(&wb.unit_name(*u).to_string())
                });
                note(&mut ch, "状況", &o.status, &t.status, |x| {
                    x.label().to_string()
                });
                note(&mut ch, "進捗率", &o.progress, &t.progress, |v| {
                    format!("{v}%")
                });
                note(
                    &mut ch,
                    "実績開始",
                    &o.actual_start,
                    &t.actual_start,
                    |d| show_date(*d),
                );
                note(&mut ch, "実績終了", &o.actual_end, &t.actual_end, |d| {
                    show_date(*d)
                });
                note(&mut ch, "備考", &o.notes, &t.notes, quote);
                note(
                    &mut ch,
                    "マイルストーン",
                    &o.milestone,
                    &t.milestone,
                    |m| (if *m { "◆あり" } else { "なし" }).to_string(),
                );
                p.row(
                    line,
                    name,
                    Edit::Put {
                        entity: Entity::Task(t),
                    },
                    ch,
                    false,
                );
            }
            None => {
                let ch = vec![format!("計画: {}", show_span(t.plan))];
                p.row(
                    line,
                    name,
                    Edit::Put {
                        entity: Entity::Task(t),
                    },
                    ch,
                    true,
                );
            }
        }
    }
    ticker.finish().then(|| p.finish())
}

/// An initiative the imported sheet names but the workbook lacks: added under その他の取組み.
fn imported_initiative(id: Id, name: &str, sort: i64) -> Initiative {
    Initiative {
        id,
        group: InitiativeGroup::Other,
        code: String::new(),
        name: name.to_string(),
        priority: false,
        reference: false,
        target_label: String::new(),
        target_date: None,
        owner_unit: None,
        sort,
    }
}
