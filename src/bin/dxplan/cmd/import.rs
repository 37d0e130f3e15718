//! `dxplan import xlsx|staff|training|steps|costs`: read a file into an import plan, print it, and apply it as one
//! transaction (after a snapshot) unless it is a dry run.

use std::path::Path;

use dxplan::error::Result;

use super::{open, open_for_edit};
use crate::cli::ImportCommand;

/// `dxplan import …`.
pub fn run(cmd: ImportCommand) -> Result<()> {
    match cmd {
        ImportCommand::Xlsx {
            file,
            input,
            dry_run,
            accept_partial,
        } => {
            let bytes = dxplan::import::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = dxplan::import::plan_xlsx_import(&wb, &bytes)?;
            finish_import(&file, plan, dry_run, accept_partial)
        }
        ImportCommand::Staff {
            file,
            input,
            encoding,
            map,
            dry_run,
            accept_partial,
        } => {
            use dxplan::import::staff;
            let encoding = dxplan::import::Encoding::parse(encoding.as_deref().unwrap_or(""))?;
            let map = dxplan::import::columns::ColumnMap::parse(
                map.as_deref().unwrap_or(""),
                staff::FIELDS,
            )?;
            let bytes = dxplan::import::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = staff::plan_staff_import_mapped(
                &wb,
                &bytes,
                staff::StaffOptions { encoding },
                &map,
                &dxplan::import::progress::silent,
            )?
            .ok_or_else(|| dxplan::error::Error::internal("取り込みの照合が途中で止まりました。"))?
            .require_columns()?;
            finish_import(&file, plan, dry_run, accept_partial)
        }
        ImportCommand::Training {
            file,
            input,
            encoding,
            map,
            dry_run,
            accept_partial,
        } => {
            use dxplan::import::training;
            let encoding = dxplan::import::Encoding::parse(encoding.as_deref().unwrap_or(""))?;
            let map = dxplan::import::columns::ColumnMap::parse(
                map.as_deref().unwrap_or(""),
                training::FIELDS,
            )?;
            let bytes = dxplan::import::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = training::plan_training_import_mapped(
                &wb,
                &bytes,
                training::TrainingOptions { encoding },
                &map,
                &dxplan::import::progress::silent,
            )?
            .ok_or_else(|| dxplan::error::Error::internal("取り込みの照合が途中で止まりました。"))?
            .require_columns()?;
            finish_import(&file, plan, dry_run, accept_partial)
        }
        ImportCommand::Steps {
            file,
            input,
            dry_run,
        } => {
            let rows = dxplan::import::read_steps_file(&input)?;
            let name = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "手順テンプレート".into());
            let (_, wb) = open(&file)?;
            let plan = dxplan::import::plan_steps_import(&wb, &rows, &name)?;
            finish_import(&file, plan, dry_run, false)
        }
        ImportCommand::Costs {
            file,
            input,
            unit,
            encoding,
            dry_run,
        } => {
            let encoding = dxplan::import::Encoding::parse(encoding.as_deref().unwrap_or(""))?;
            let unit = match unit {
                Some(u) => dxplan::model::cost::Unit::parse(&u)?,
                None => dxplan::model::cost::Unit::Yen,
            };
            let bytes = dxplan::import::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = dxplan::import::costs::plan_costs_import(
                &wb,
                &bytes,
                dxplan::import::costs::CostsOptions { encoding, unit },
            )?;
            finish_import(&file, plan, dry_run, false)
        }
    }
}

/// Prints an import plan and applies it as one transaction unless it is a dry run.
fn finish_import(
    file: &Path,
    plan: dxplan::import::ImportPlan,
    dry_run: bool,
    accept_partial: bool,
) -> Result<()> {
    print!("{}", plan.report());
    if dry_run {
        println!("（--dry-run のため、ブックは変更していません）");
        return Ok(());
    }
    if !plan.has_changes() && plan.rejected.is_empty() {
        println!("変更はありません。");
        return Ok(());
    }
    let (mut store, mut wb) = open_for_edit(file)?;
    let snap = store.snapshot(dxplan::store::Reason::BeforeApply)?;
    println!(
        "取り込み前の内容をバックアップしました（{}）。",
        snap.file_name()
    );
    let applied = plan.apply(&mut store, &mut wb, accept_partial)?;
    println!(
        "{}件の行を更新しました。",
        dxplan::model::edit::dedup_keys(&applied.changed).len()
    );
    Ok(())
}
