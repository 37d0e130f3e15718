//! `dxplan action add|close|list`: the 指摘事項・宿題 of the progress meetings, kept in the workbook so the next
//! `dxplan review` (and the 会議 screen and handout) opens with 「前回の宿題」.

use dxplan::error::{Error, Result};
use dxplan::model::RowRef;
use dxplan::model::action::{closed, draft};
use dxplan::model::edit::{Edit, Entity};

use super::{clock_today, open, open_for_edit};
use crate::cli::ActionCommand;

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
            let on = on.unwrap_or_else(|| clock_today().to_string());
            let item = draft(
                &wb,
                &on,
                &text,
                owner.as_deref().unwrap_or(""),
                due.as_deref().unwrap_or(""),
                about.as_deref().map(row).transpose()?,
            )?;
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
            let item = wb
                .actions
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(|| Error::not_found("宿題", id.to_string()))?;
            let on = on.unwrap_or_else(|| clock_today().to_string());
            let item = closed(item, &on, note.as_deref().unwrap_or(""))?;
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
