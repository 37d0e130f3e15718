//! `dxplan action add|close|list`: the 指摘事項・宿題 of the progress meetings, kept in the workbook so the next
//! `dxplan review` (and the 会議 screen and handout) opens with 「前回の宿題」.

use dxplan::error::{Error, Result};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::{ActionItem, ActionStatus, RowRef, Workbook};

use super::{clock_today, date, open, open_for_edit, opt_date};
use crate::cli::ActionCommand;

fn unit_id(wb: &Workbook, name: &str) -> Result<Option<i64>> {
    let n = name.trim();
    if n.is_empty() {
        return Ok(None);
    }
    wb.units
        .iter()
        .find(|u| u.name == n)
        .map(|u| Some(u.id))
        .ok_or_else(|| Error::not_found("担当課", n).with_field("owner"))
}

/// `task:12`, `step:40` or `procedure:3` (also 工程表:12, 標準化:40, 手続:3).
fn row(s: &str) -> Result<RowRef> {
    let bad = || {
        Error::field(
            "about",
            format!(
                "対象の行「{s}」は task:番号・step:番号・procedure:番号 のどれかで指定してください。"
            ),
        )
    };
    let (kind, id) = s.trim().split_once([':', '：']).ok_or_else(bad)?;
    let id: i64 = id.trim().parse().map_err(|_| bad())?;
    match kind.trim() {
        "task" | "工程表" => Ok(RowRef::Task(id)),
        "step" | "標準化" => Ok(RowRef::Step(id)),
        "procedure" | "手続" | "オンライン化" => Ok(RowRef::Procedure(id)),
        _ => Err(bad()),
    }
}

pub fn run(cmd: ActionCommand) -> Result<()> {
    match cmd {
        ActionCommand::Add {
            file,
            text,
            on,
            owner,
            due,
            about,
        } => {
            let (mut store, mut wb) = open_for_edit(&file)?;
            let item = ActionItem {
                id: 0,
                raised_on: match on {
                    Some(d) => date("on", &d)?,
                    None => clock_today(),
                },
                text,
                owner_unit: unit_id(&wb, owner.as_deref().unwrap_or(""))?,
                due: opt_date("due", &due)?,
                status: ActionStatus::Open,
                closed_on: None,
                row: about.as_deref().map(row).transpose()?,
                note: String::new(),
            };
            let applied = store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Action(item),
                },
            )?;
            println!(
                "宿題 {} を登録しました。",
                applied.new_id.map(|i| i.to_string()).unwrap_or_default()
            );
            Ok(())
        }
        ActionCommand::Close { file, id, on, note } => {
            let (mut store, mut wb) = open_for_edit(&file)?;
            let mut item = wb
                .actions
                .iter()
                .find(|a| a.id == id)
                .cloned()
                .ok_or_else(|| Error::not_found("宿題", id.to_string()))?;
            item.status = ActionStatus::Closed;
            item.closed_on = Some(match on {
                Some(d) => date("on", &d)?,
                None => clock_today(),
            });
            if let Some(n) = note {
                item.note = n;
            }
            store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Action(item),
                },
            )?;
            println!("宿題 {id} を完了にしました。");
            Ok(())
        }
        ActionCommand::List { file, json } => {
            let (_, wb) = open(&file)?;
            if json {
                return super::review::json(&wb.actions);
            }
            if wb.actions.is_empty() {
                println!("宿題はありません。");
            }
            for a in &wb.actions {
                println!(
                    "{:>4} [{}] {} {}（担当: {}、期限: {}）{}",
                    a.id,
                    a.status.label(),
                    dxplan::calendar::wareki_short(a.raised_on),
                    a.text,
                    a.owner_unit
                        .map(|u| wb.unit_name(Some(u)).to_string())
                        .unwrap_or_else(|| "なし".into()),
                    a.due
                        .map(dxplan::calendar::wareki_short)
                        .unwrap_or_else(|| "なし".into()),
                    a.closed_on
                        .map(|c| format!(" 完了 {}", dxplan::calendar::wareki_short(c)))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}
