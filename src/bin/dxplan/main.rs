//! `dxplan`: the command line over a workbook file — create, fill, check, review and back up a municipality's
//! DX plan. Each subcommand parses its arguments, calls the core or the store, and prints Japanese text (or JSON).
//!
//! Here: parse, dispatch, print the error. The grammar is in `cli`, each subcommand in `cmd/`, the terminal
//! reports in `report`, `dxplan bench` in `bench`.

mod bench;
mod bench_inquiry;
mod bench_rollup;
mod cli;
mod cmd;
mod report;

use std::process::ExitCode;

use clap::Parser;

use dxplan::error::ErrorCode;

use cli::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "コマンドの指定が正しくありません。`dxplan --help` で使い方を確認してください。\n{e}"
            );
            return ExitCode::from(2);
        }
    };
    match cmd::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("エラー: {}", e.message);
            ExitCode::from(match e.code {
                ErrorCode::Invalid
                | ErrorCode::Duplicate
                | ErrorCode::Cycle
                | ErrorCode::InUse
                | ErrorCode::NotFound => 2,
                _ => 1,
            })
        }
    }
}
