//! `dxplan new`, `demo` and `check`: create a workbook file (from the national templates or the demo city) and
//! check one.

use std::path::PathBuf;

use dxplan::error::{Error, Result};
use dxplan::model::*;
use dxplan::store::Store;

use super::open;

/// `dxplan new`: a workbook from the national templates.
pub fn new(file: PathBuf, name: String, code: Option<String>, force: bool) -> Result<()> {
    let mut meta = WorkbookMeta::new(&name)?;
    meta.code = code.as_deref().map(LocalGovCode::parse).transpose()?;
    let wb = dxplan::data::templates::national_workbook(meta)?;
    Store::create(&file, &wb, force)?;
    println!(
        "「{}」を作成しました（{}: 取組事項{}件・業務{}件×作業項目{}・手続{}件・研修{}件）。",
        file.display(),
        wb.meta.municipality,
        wb.initiatives.len(),
        wb.systems.len(),
        wb.template.steps.len(),
        wb.procedures.len(),
        wb.courses.len()
    );
    Ok(())
}

/// `dxplan demo`: the demo workbook (the fictional みなと川市).
pub fn demo(file: PathBuf, force: bool) -> Result<()> {
    let wb = dxplan::data::demo::demo_workbook()?;
    Store::create(&file, &wb, force)?;
    println!(
        "デモ用ブック「{}」を作成しました（{}、進捗は{}時点）。例: dxplan summary {} --today {}",
        file.display(),
        wb.meta.municipality,
        dxplan::calendar::wareki(dxplan::data::demo::as_of()),
        file.display(),
        dxplan::data::demo::as_of()
    );
    Ok(())
}

/// `dxplan check`: SQLite's integrity and the content's findings.
pub fn check(file: PathBuf) -> Result<()> {
    let (store, wb) = open(&file)?;
    let mut problems = store.integrity_problems()?;
    let f = dxplan::query::check::findings(&wb);
    problems.extend(f.errors);
    for w in &f.warnings {
        println!("注意: {w}");
    }
    if problems.is_empty() {
        println!(
            "「{}」に問題はありません（形式 第{}版、注意{}件）。",
            file.display(),
            store.schema_version()?,
            f.warnings.len()
        );
        Ok(())
    } else {
        for p in &problems {
            println!("問題: {p}");
        }
        Err(Error::invalid(format!(
            "{}件の問題が見つかりました。",
            problems.len()
        )))
    }
}
