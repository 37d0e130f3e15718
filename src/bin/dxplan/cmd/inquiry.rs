//! `dxplan inquiry new|import`: the 照会・回答 loop. `new` records a round and writes one form per 課; `import`
//! reads every return together (`dxplan::import::inquiry`), prints the preview, and applies it as one edit.

use std::path::{Path, PathBuf};

use dxplan::error::{Error, Result};
use dxplan::model::edit::{Edit, Entity};

use super::{clock_today, date, open_for_edit};
use crate::cli::InquiryCommand;

/// `dxplan inquiry …`.
pub fn run(cmd: InquiryCommand) -> Result<()> {
    match cmd {
        InquiryCommand::New {
            file,
            name,
            as_of,
            due,
            units,
            output,
        } => new(&file, &name, &as_of, &due, units.as_deref(), &output),
        InquiryCommand::Import {
            file,
            inputs,
            round,
            prefer,
            take,
            dry_run,
        } => import(
            &file,
            &inputs,
            round.as_deref(),
            prefer.as_deref(),
            take,
            dry_run,
        ),
    }
}

fn new(
    file: &Path,
    name: &str,
    as_of: &str,
    due: &str,
    units: Option<&[String]>,
    out: &Path,
) -> Result<()> {
    let as_of = date("as_of", as_of)?;
    let due = date("due", due)?;
    let today = clock_today();
    let (mut store, mut wb) = open_for_edit(file)?;
    let (round, forms) = dxplan::query::inquiry::new_round(
        &wb,
        name,
        as_of,
        due,
        today,
        dxplan::xlsx::round_token()?,
        units,
    )?;
    if !out.is_dir() {
        return Err(Error::field(
            "output",
            format!("書き出すフォルダ「{}」がありません。", out.display()),
        ));
    }
    let applied = store.apply(
        &mut wb,
        Edit::Put {
            entity: Entity::Inquiry(round),
        },
    )?;
    let round = wb
        .inquiries
        .iter()
        .find(|q| Some(q.id) == applied.new_id)
        .cloned()
        .ok_or_else(|| Error::internal("記録した照会が見つかりません"))?;
    let written = match dxplan::xlsx::write_forms(&wb, &round, &forms, out, today) {
        Ok(w) => w,
        Err(e) => {
            // the forms could not be written: the round is not kept either
            store.apply(&mut wb, applied.inverse)?;
            return Err(e);
        }
    };
    println!(
        "照会「{}」を記録しました（基準日 {}、回答期限 {}）。{}課の照会様式を書き出しました:",
        round.name,
        dxplan::calendar::wareki(round.as_of),
        dxplan::calendar::wareki(round.due),
        forms.len()
    );
    for (f, p) in forms.iter().zip(&written) {
        println!(
            "  {}（{}行）",
            p.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            f.rows.len()
        );
    }
    Ok(())
}

fn import(
    file: &Path,
    inputs: &[PathBuf],
    round: Option<&str>,
    prefer: Option<&str>,
    take: Vec<String>,
    dry_run: bool,
) -> Result<()> {
    use dxplan::import::inquiry::{Choices, Prefer, plan_inquiry_import, round_of};
    let choices = Choices {
        prefer: Prefer::parse(prefer)?,
        take,
    };
    let returns = dxplan::import::inquiry::read_returns(inputs)?;
    let (mut store, mut wb) = if dry_run {
        super::open(file)?
    } else {
        open_for_edit(file)?
    };
    let q = round_of(&wb, round)?.clone();
    let plan = plan_inquiry_import(&wb, &q, &returns, &choices);
    print!("{}", plan.report());
    if dry_run {
        println!("（--dry-run のため、ブックは変更していません）");
        return Ok(());
    }
    if !plan.has_changes() {
        println!("取り込む回答はありません。");
        return Ok(());
    }
    let edit = plan.edit(&wb, clock_today())?;
    let snap = store.snapshot(dxplan::store::Reason::BeforeApply)?;
    println!(
        "取り込み前の内容をバックアップしました（{}）。",
        snap.file_name()
    );
    store.apply(&mut wb, edit)?;
    println!(
        "{}行を更新し、{}課の回答を記録しました（基準日 {} の進捗として記録。元に戻すときは一度の取り消しで戻ります）。",
        plan.changes.len(),
        plan.files.len(),
        dxplan::calendar::wareki(plan.round.as_of)
    );
    Ok(())
}
