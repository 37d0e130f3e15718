//! `dxplan inquiry new|import`: the 照会・回答 loop. `new` records a round and writes one form per 課; `import`
//! reads every return together (`dxplan::import::inquiry`), prints the preview, and applies it as one edit.

use std::path::{Path, PathBuf};

use dxplan::error::{Error, Result};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::{Inquiry, InquiryUnit};

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
        } => import(&file, &inputs, round.as_deref(), prefer.as_deref(), take, dry_run),
    }
}

/// 128 random bits from the operating system.
pub fn random_token() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|e| Error::internal(format!("乱数を得られませんでした（{e}）。")))?;
    Ok(dxplan::model::inquiry::token_from(b))
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
    let forms = dxplan::query::inquiry::plan_forms(&wb, as_of, units)?;
    let round = Inquiry {
        id: 0,
        name: name.to_string(),
        as_of,
        due,
        created: today,
        token: random_token()?,
        units: forms.iter().map(|f| InquiryUnit::asked(&f.unit)).collect(),
    };
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
            p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            f.rows.len()
        );
    }
    Ok(())
}

fn import(
    _file: &Path,
    _inputs: &[PathBuf],
    _round: Option<&str>,
    _prefer: Option<&str>,
    _take: Vec<String>,
    _dry_run: bool,
) -> Result<()> {
    Err(Error::internal("未実装"))
}
