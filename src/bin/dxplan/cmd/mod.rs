//! Runs a parsed command: one file per group of subcommands (the workbook file, edits, reviews, exports, imports,
//! backups, money, the roll-up of many workbooks), and the few helpers they share (dates from the command line,
//! opening a workbook to read or to edit).

mod action;
mod backup;
mod cost;
mod edit;
mod export;
mod file;
mod import;
mod inquiry;
mod review;
mod rollup;
mod trend;

use std::path::Path;

use chrono::NaiveDate;

use dxplan::error::{Error, Result};
use dxplan::model::Workbook;
use dxplan::store::Store;

use crate::cli::Command;

/// Runs one subcommand.
pub fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::New {
            file: path,
            name,
            code,
            force,
        } => file::new(path, name, code, force),
        Command::Demo { file: path, force } => file::demo(path, force),
        Command::Summary {
            file: path,
            today,
            json,
        } => review::summary(path, today, json),
        Command::Review {
            file: path,
            today,
            next_meeting,
            baseline,
            json,
        } => review::review(path, today, next_meeting, baseline, json),
        Command::Check { file: path } => file::check(path),
        Command::Backup { file: path, dest } => backup::backup(path, dest),
        Command::Backups { file: path } => backup::list(path),
        Command::Restore {
            file: path,
            snapshot,
        } => backup::restore(path, snapshot),
        Command::Baseline {
            file: path,
            name,
            date,
        } => edit::baseline(path, name, date),
        Command::Apply { file: path, edits } => edit::apply(path, edits),
        Command::Task(task) => edit::task(task),
        Command::Step(a) => edit::step(a),
        Command::Procedure(a) => edit::procedure(a),
        Command::Bench { dir, runs, only } => crate::bench::run(&dir, runs, only.as_deref()),
        Command::Export(e) => export::run(e),
        Command::Import(i) => import::run(i),
        Command::Rollup {
            inputs,
            today,
            json,
            output,
        } => rollup::run(inputs, today, json, output),
        Command::Cost {
            file: path,
            year,
            unit,
            json,
        } => cost::cost(path, year, unit, json),
        Command::Trend {
            file: path,
            from,
            to,
            json,
        } => trend::trend(path, from, to, json),
        Command::Action(a) => action::run(a),
        Command::Inquiry(c) => inquiry::run(c),
    }
}

/// Today on this machine's clock: the only place the CLI reads the clock.
fn clock_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn date(field: &str, s: &str) -> Result<NaiveDate> {
    dxplan::calendar::parse_date(s).map_err(|e| Error::field(field, e.to_string()))
}
fn opt_date(field: &str, s: &Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref()
        .map(|v| {
            if v.trim().is_empty() {
                Ok(None)
            } else {
                date(field, v).map(Some)
            }
        })
        .transpose()
        .map(Option::flatten)
}

/// Opens to read (no lock): summary, review, check, list.
fn open(file: &Path) -> Result<(Store, Workbook)> {
    let store = Store::open(file)?;
    let wb = store.load()?;
    Ok((store, wb))
}

/// Opens to edit: takes the edit lock (another user gets 「使用中: …」).
fn open_for_edit(file: &Path) -> Result<(Store, Workbook)> {
    let store = Store::open_for_edit(file)?;
    let wb = store.load()?;
    Ok((store, wb))
}
