//! `dxplan`: the command line over a workbook file — create, fill, check, review and back up a municipality's
//! DX plan. Each subcommand parses its arguments, calls the core or the store, and prints Japanese text (or JSON).

mod bench;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use dxplan::error::{Error, ErrorCode, Result};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::*;
use dxplan::store::Store;

/// 自治体DX推進計画ブック（.dxplan）を作成・更新・点検するコマンド
#[derive(Parser)]
#[command(name = "dxplan", version, about, disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 国のテンプレートから新しいブックを作成する
    New {
        /// 作成するブックのファイル（.dxplan）
        file: PathBuf,
        /// 団体名（例: みなと川市）
        #[arg(long)]
        name: String,
        /// 団体コード（6桁、検査数字付き）
        #[arg(long)]
        code: Option<String>,
        /// 既存のファイルを上書きする
        #[arg(long)]
        force: bool,
    },
    /// デモ用ブック（架空の「みなと川市」）を作成する
    Demo {
        file: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// 分野ごとの集計・業務ごとの完了率・遅延行を表示する
    Summary {
        file: PathBuf,
        /// 基準日（YYYY-MM-DD または 令和7年11月20日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// JSONで出力する
        #[arg(long)]
        json: bool,
    },
    /// 会議用レビュー: 遅延・基準計画からのずれ・次回会議までの期限を担当課ごとに表示する
    Review {
        file: PathBuf,
        #[arg(long)]
        today: String,
        /// 次回会議の日
        #[arg(long = "next-meeting")]
        next_meeting: String,
        /// 比較する基準計画の名前（例: 当初計画）
        #[arg(long)]
        baseline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 整合性チェック（SQLiteの完全性と内容の検証）
    Check { file: PathBuf },
    /// 一貫したバックアップを作成する（使用中でも安全）
    Backup { file: PathBuf, dest: PathBuf },
    /// 自動バックアップ（NAME.backups/）の一覧を新しい順に表示する
    Backups { file: PathBuf },
    /// 自動バックアップから復元する（現在の内容もバックアップしてから置き換える）
    Restore {
        file: PathBuf,
        /// バックアップのファイル名（backups で確認）またはパス
        snapshot: PathBuf,
    },
    /// 現在の計画日程を基準計画として保存する
    Baseline {
        file: PathBuf,
        #[arg(long)]
        name: String,
        /// 基準日（省略時は今日）
        #[arg(long)]
        date: Option<String>,
    },
    /// 変更をJSONファイルから一括で適用する（すべて成功するか、何も変えないか）
    Apply {
        file: PathBuf,
        /// 変更のJSON（Edit の配列、または1つの Edit）
        edits: PathBuf,
    },
    /// 工程表の取組内容を操作する
    #[command(subcommand)]
    Task(TaskCommand),
    /// 標準化の作業項目の計画・実績・状態を更新する
    Step(StepArgs),
    /// オンライン化手続の状態・連携方式を更新する
    Procedure(ProcedureArgs),
    /// ベンチマーク: 大規模市のブックを生成して処理時間を表示する
    Bench {
        /// 作業用フォルダ
        #[arg(long, default_value = "out/bench")]
        dir: PathBuf,
        /// 各処理の測定回数（中央値を表示）
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// この部分だけ測る: xlsx（Excel出力）または import（職員・研修記録の取り込み）
        #[arg(long)]
        only: Option<String>,
    },
    /// 工程表などをファイルに出力する
    #[command(subcommand)]
    Export(ExportCommand),
    /// Excel・CSVから取り込む（既定では1行でも取り込めない行があれば何も変えない）
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand)]
enum ExportCommand {
    /// PDF（A3/A4横）に出力する: 工程表・標準化・研修・推進体制・議会報告用一式
    Pdf {
        file: PathBuf,
        /// 出力するPDFファイル
        #[arg(short = 'o', long)]
        out: PathBuf,
        /// roadmap（工程表）・migration（標準化・オンライン化）・training（研修）・org（推進体制図）・council（議会報告用一式）・meeting（会議資料）
        #[arg(long, default_value = "council")]
        view: String,
        /// 会議資料（--view meeting）の次回会議の日。会議日は --today
        #[arg(long = "next-meeting")]
        next_meeting: Option<String>,
        /// 用紙（A3 または A4、横）
        #[arg(long, default_value = "A3")]
        paper: String,
        /// 表示期間の最初の日（省略時は計画期間）
        #[arg(long)]
        from: Option<String>,
        /// 表示期間の最後の日
        #[arg(long)]
        to: Option<String>,
        /// 目盛り（年度・四半期・月）
        #[arg(long)]
        scale: Option<String>,
        /// 基準日（今日の線・遅延の判定・作成日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// 比較する基準計画の名前（省略時は最新）
        #[arg(long)]
        baseline: Option<String>,
        /// 各ページ右上の機密性表示（例: 機密性2）
        #[arg(long)]
        confidential: Option<String>,
        /// 推進体制図に役職者の氏名を出す（省略時は役職名のみ）
        #[arg(long)]
        personal: bool,
    },
    /// Excel（.xlsx）に出力する: 工程表・移行計画・オンライン化・研修計画・推進体制・データ
    Xlsx {
        file: PathBuf,
        /// 出力するExcelファイル
        #[arg(short = 'o', long)]
        out: PathBuf,
        /// 月の列の最初の月（省略時は計画期間）
        #[arg(long)]
        from: Option<String>,
        /// 月の列の最後の月
        #[arg(long)]
        to: Option<String>,
        /// 基準日（今月の強調・遅延の判定・作成日）。省略時は今日
        #[arg(long)]
        today: Option<String>,
        /// 工程表で比較する基準計画の名前
        #[arg(long)]
        baseline: Option<String>,
        /// 研修計画に職員の氏名を出す（省略時は職位ごとの人数のみ）
        #[arg(long)]
        personal: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// dxplanが出力したExcelの「データ」シート、または一般的な工程表のExcelを取り込む
    Xlsx {
        file: PathBuf,
        input: PathBuf,
        /// 取り込む内容を表示するだけで、ブックは変えない
        #[arg(long = "dry-run")]
        dry_run: bool,
        /// 取り込めない行を飛ばして残りを取り込む
        #[arg(long = "accept-partial")]
        accept_partial: bool,
    },
    /// 人事システムの職員一覧CSVを取り込む（職員番号で照合して追加・更新）
    Staff {
        file: PathBuf,
        input: PathBuf,
        /// 文字コード: sjis または utf8（省略時は自動判別）
        #[arg(long)]
        encoding: Option<String>,
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long = "accept-partial")]
        accept_partial: bool,
    },
    /// 研修の受講記録（CSV・Excel: 職員番号・研修・年度または受講日・状況）を取り込む（職員番号・研修・年度で照合して追加・更新）
    Training {
        file: PathBuf,
        input: PathBuf,
        /// CSVの文字コード: sjis または utf8（省略時は自動判別）
        #[arg(long)]
        encoding: Option<String>,
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long = "accept-partial")]
        accept_partial: bool,
    },
    /// 手順テンプレート（CSV・Excel、steps_v1.csv と同じ列）に置き換え、各業務の作業を対応付ける
    Steps {
        file: PathBuf,
        input: PathBuf,
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
}

/// Prints an import plan and applies it as one transaction unless it is a dry run.
fn finish_import(
    file: &Path,
    plan: dxplan::xlsx::ImportPlan,
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

#[derive(Subcommand)]
enum TaskCommand {
    /// 取組内容を追加する
    Add {
        file: PathBuf,
        /// 取組事項の名前（例: 自治体情報システムの標準化・共通化）
        #[arg(long)]
        initiative: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        /// 担当課
        #[arg(long)]
        owner: Option<String>,
        /// マイルストーン（◆）にする
        #[arg(long)]
        milestone: bool,
    },
    /// 取組内容を更新する
    Set(TaskSetArgs),
    /// 取組内容の一覧を表示する
    List { file: PathBuf },
}

#[derive(Args)]
struct TaskSetArgs {
    file: PathBuf,
    /// 取組内容のID（task list で確認）
    #[arg(long)]
    id: i64,
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    dates: DateArgs,
    /// 進捗率（0〜100）
    #[arg(long)]
    progress: Option<String>,
    /// 未着手・作業中・完了・遅延・中止・対象外
    #[arg(long)]
    status: Option<String>,
    /// 課題・遅延理由
    #[arg(long)]
    notes: Option<String>,
}

/// 計画と実績の日付（YYYY-MM-DD または和暦。空にすると消す）
#[derive(Args)]
struct DateArgs {
    /// 計画の開始日
    #[arg(long)]
    start: Option<String>,
    /// 計画の終了日
    #[arg(long)]
    end: Option<String>,
    /// 実績の開始日
    #[arg(long = "actual-start")]
    actual_start: Option<String>,
    /// 実績の終了日
    #[arg(long = "actual-end")]
    actual_end: Option<String>,
}

#[derive(Args)]
struct StepArgs {
    file: PathBuf,
    /// 業務名（例: 住民基本台帳）
    #[arg(long)]
    system: String,
    /// 作業項目の番号（1〜17）
    #[arg(long)]
    step: u32,
    /// 未着手・作業中・完了済み・対象外
    #[arg(long)]
    status: Option<String>,
    #[command(flatten)]
    dates: DateArgs,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Args)]
struct ProcedureArgs {
    file: PathBuf,
    /// 手続の番号（1〜31）
    #[arg(long)]
    no: u32,
    #[arg(long)]
    status: Option<String>,
    /// 連携方式（1〜4）
    #[arg(long = "link-method")]
    link_method: Option<String>,
    /// 対象外の理由
    #[arg(long)]
    reason: Option<String>,
    #[arg(long)]
    start: Option<String>,
    #[arg(long)]
    end: Option<String>,
}

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
    match run(cli.command) {
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

/// The plan after a command line change: a given start or end replaces that end of the current plan.
fn merge_plan(
    current: Option<Span>,
    start: &Option<String>,
    end: &Option<String>,
) -> Result<Option<Span>> {
    let start = opt_date("start", start)?.or(current.map(|p| p.start));
    let end = opt_date("end", end)?.or(current.map(|p| p.end));
    match (start, end) {
        (Some(s), Some(e)) => Ok(Some(Span::new(s, e).map_err(|e| e.with_field("plan"))?)),
        (None, None) => Ok(None),
        _ => Err(Error::field(
            "plan",
            "計画の開始日と終了日は両方入れてください。",
        )),
    }
}

/// Replaces a date when the option was given (an empty value clears it).
fn merge_date(slot: &mut Option<NaiveDate>, field: &str, given: &Option<String>) -> Result<()> {
    if given.is_some() {
        *slot = opt_date(field, given)?;
    }
    Ok(())
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

fn json<T: serde::Serialize>(v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::internal(e.to_string()))?;
    println!("{s}");
    Ok(())
}

fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::New {
            file,
            name,
            code,
            force,
        } => {
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
        Command::Demo { file, force } => {
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
        Command::Summary {
            file,
            today,
            json: as_json,
        } => {
            let today = match today {
                Some(t) => date("today", &t)?,
                None => clock_today(),
            };
            let (_, wb) = open(&file)?;
            let s = dxplan::query::summary::summarize(&wb, today);
            if as_json {
                json(&s)
            } else {
                {
                    print!("{}", report::summary(&s));
                    Ok(())
                }
            }
        }
        Command::Review {
            file,
            today,
            next_meeting,
            baseline,
            json: as_json,
        } => {
            let today = date("today", &today)?;
            let next = date("next_meeting", &next_meeting)?;
            if next < today {
                return Err(Error::field(
                    "next_meeting",
                    "次回会議の日が基準日より前です。",
                ));
            }
            let wb = Store::open(&file)?.load_scope(dxplan::store::Scope::Schedule)?;
            let base = match &baseline {
                Some(name) => Some(wb.baseline_by_name(name).ok_or_else(|| {
                    let names: Vec<&str> = wb.baselines.iter().map(|b| b.name.as_str()).collect();
                    Error::new(
                        ErrorCode::NotFound,
                        format!(
                            "基準計画「{name}」がありません（あるもの: {}）。",
                            if names.is_empty() {
                                "なし".into()
                            } else {
                                names.join("、")
                            }
                        ),
                    )
                })?),
                None => None,
            };
            let r = dxplan::query::review::review(&wb, today, next, base);
            if as_json {
                json(&r)
            } else {
                {
                    print!("{}", report::review(&wb, &r));
                    Ok(())
                }
            }
        }
        Command::Check { file } => {
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
        Command::Backup { file, dest } => {
            let store = Store::open(&file)?;
            store.backup_to(&dest)?;
            println!("バックアップを「{}」に作成しました。", dest.display());
            Ok(())
        }
        Command::Backups { file } => {
            if !file.exists() {
                return Err(dxplan::store::io_error(
                    &file,
                    &std::io::Error::from(std::io::ErrorKind::NotFound),
                ));
            }
            let list = dxplan::store::snapshots::list(&file)?;
            let dir = dxplan::store::snapshots::folder(&file);
            if list.is_empty() {
                println!(
                    "「{}」のバックアップはまだありません（{}）。",
                    file.display(),
                    dir.display()
                );
                return Ok(());
            }
            println!(
                "「{}」のバックアップ {}件（{}、新しい順）:",
                file.display(),
                list.len(),
                dir.display()
            );
            for s in &list {
                println!(
                    "{}  {:<16} {:>7} KB  {}",
                    s.taken_at.format("%Y-%m-%d %H:%M:%S"),
                    s.reason.label(),
                    s.size.div_ceil(1024),
                    s.file_name()
                );
            }
            Ok(())
        }
        Command::Restore { file, snapshot } => {
            let path = if snapshot.components().count() == 1 && !snapshot.exists() {
                dxplan::store::snapshots::folder(&file).join(&snapshot)
            } else {
                snapshot.clone()
            };
            let before = Store::restore(
                &file,
                &path,
                &dxplan::store::OpenOptions::new(dxplan::store::Mode::Edit),
            )?;
            if let Some(b) = before {
                println!("復元前の内容をバックアップしました（{}）。", b.file_name());
            }
            println!(
                "「{}」を「{}」の内容に戻しました。",
                file.display(),
                path.display()
            );
            Ok(())
        }
        Command::Baseline {
            file,
            name,
            date: d,
        } => {
            let taken_on = match d {
                Some(s) => date("date", &s)?,
                None => clock_today(),
            };
            let (mut store, mut wb) = open_for_edit(&file)?;
            store.apply(
                &mut wb,
                Edit::TakeBaseline {
                    name: name.clone(),
                    taken_on,
                },
            )?;
            println!(
                "基準計画「{}」を保存しました（{}）。",
                name.trim(),
                dxplan::calendar::wareki(taken_on)
            );
            Ok(())
        }
        Command::Apply { file, edits } => {
            let text =
                std::fs::read_to_string(&edits).map_err(|e| dxplan::store::io_error(&edits, &e))?;
            let edit: Edit = match serde_json::from_str::<Vec<Edit>>(&text) {
                Ok(list) => Edit::Batch { edits: list },
                Err(_) => serde_json::from_str(&text).map_err(|e| {
                    Error::invalid(format!(
                        "変更ファイル「{}」を読めません（{}行目{}桁: {}）。",
                        edits.display(),
                        e.line(),
                        e.column(),
                        e
                    ))
                })?,
            };
            let (mut store, mut wb) = open_for_edit(&file)?;
            let snap = store.snapshot(dxplan::store::Reason::BeforeApply)?;
            println!(
                "適用前の内容をバックアップしました（{}）。",
                snap.file_name()
            );
            let applied = store.apply(&mut wb, edit)?;
            println!(
                "{}件の行を更新しました。",
                dxplan::model::edit::dedup_keys(&applied.changed).len()
            );
            Ok(())
        }
        Command::Task(TaskCommand::Add {
            file,
            initiative,
            name,
            start,
            end,
            owner,
            milestone,
        }) => {
            let plan = Span::new(date("start", &start)?, date("end", &end)?)?;
            let (mut store, mut wb) = open_for_edit(&file)?;
            let init = wb
                .initiatives
                .iter()
                .find(|i| {
                    i.name == initiative.trim()
                        || (!i.code.is_empty() && i.code == initiative.trim())
                })
                .ok_or_else(|| Error::not_found("取組事項", initiative.trim()))?
                .id;
            let owner_unit = owner
                .as_deref()
                .map(|o| {
                    wb.unit_by_name(o)
                        .map(|u| u.id)
                        .ok_or_else(|| Error::not_found("組織", o.trim()))
                })
                .transpose()?;
            let task = Task {
                id: 0,
                initiative_id: init,
                name,
                owner_unit,
                plan: Some(plan),
                actual_start: None,
                actual_end: None,
                progress: 0,
                status: Status::NotStarted,
                milestone,
                notes: String::new(),
                sort: wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0) + 10,
            };
            let a = store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Task(task),
                },
            )?;
            println!(
                "取組内容を追加しました（ID {}）。",
                a.new_id.unwrap_or_default()
            );
            Ok(())
        }
        Command::Task(TaskCommand::Set(a)) => {
            let (mut store, mut wb) = open_for_edit(&a.file)?;
            let mut t = wb
                .task(a.id)
                .cloned()
                .ok_or_else(|| Error::not_found("取組内容のID", a.id))?;
            if let Some(n) = a.name {
                t.name = n;
            }
            t.plan = merge_plan(t.plan, &a.dates.start, &a.dates.end)?;
            merge_date(&mut t.actual_start, "actual_start", &a.dates.actual_start)?;
            merge_date(&mut t.actual_end, "actual_end", &a.dates.actual_end)?;
            if let Some(p) = a.progress {
                t.progress = p.trim().trim_end_matches('%').parse().map_err(|_| {
                    Error::field(
                        "progress",
                        format!("進捗率「{p}」は0〜100の数で入れてください。"),
                    )
                })?;
            }
            if let Some(s) = a.status {
                t.status = Status::parse(&s)?;
            }
            if let Some(n) = a.notes {
                t.notes = n;
            }
            store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Task(t),
                },
            )?;
            println!("取組内容（ID {}）を更新しました。", a.id);
            Ok(())
        }
        Command::Task(TaskCommand::List { file }) => {
            let (_, wb) = open(&file)?;
            print!("{}", report::tasks(&wb));
            Ok(())
        }
        Command::Step(a) => {
            let (mut store, mut wb) = open_for_edit(&a.file)?;
            let sys = wb
                .system_by_name(&a.system)
                .ok_or_else(|| Error::not_found("業務", a.system.trim()))?;
            let tstep = wb
                .template
                .steps
                .iter()
                .find(|t| t.no == a.step)
                .ok_or_else(|| Error::not_found("作業項目の番号", a.step))?;
            let mut st = wb
                .system_steps
                .iter()
                .find(|s| s.system_id == sys.id && s.template_step_id == tstep.id)
                .cloned()
                .ok_or_else(|| Error::not_found("作業項目", a.step))?;
            let label = format!("{} {}{}", sys.name, tstep.code, tstep.name);
            st.plan = merge_plan(st.plan, &a.dates.start, &a.dates.end)?;
            merge_date(&mut st.actual_start, "actual_start", &a.dates.actual_start)?;
            merge_date(&mut st.actual_end, "actual_end", &a.dates.actual_end)?;
            if let Some(s) = a.status {
                st.status = StepStatus::parse(&s)?;
            }
            if let Some(n) = a.notes {
                st.notes = n;
            }
            let sid = st.system_id;
            store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Step(st),
                },
            )?;
            let rate = wb.completion_rate(sid).unwrap_or(0.0) * 100.0;
            println!("{label} を更新しました（完了率 {rate:.1}%）。");
            Ok(())
        }
        Command::Bench { dir, runs, only } => bench::run(&dir, runs, only.as_deref()),
        Command::Export(ExportCommand::Pdf {
            file,
            personal,
            out,
            view,
            paper,
            from,
            to,
            scale,
            today,
            baseline,
            confidential,
            next_meeting,
        }) => {
            use dxplan::documents::{DocumentOptions, ExportKind, document};
            let today = match today {
                Some(t) => date("today", &t)?,
                None => clock_today(),
            };
            let mut o = DocumentOptions::new(ExportKind::parse(&view)?, today);
            o.paper = match paper.trim().to_ascii_uppercase().as_str() {
                "A3" | "Ａ３" => dxplan::layout::Paper::A3,
                "A4" | "Ａ４" => dxplan::layout::Paper::A4,
                p => {
                    return Err(Error::field(
                        "paper",
                        format!("用紙「{p}」は使えません（A3 または A4）。"),
                    ));
                }
            };
            o.from = opt_date("from", &from)?;
            o.to = opt_date("to", &to)?;
            if let (Some(f), Some(t)) = (o.from, o.to) {
                Span::new(f, t).map_err(|e| e.with_field("to"))?;
            }
            o.scale = match scale.as_deref().map(str::trim) {
                None | Some("") => None,
                Some("年度") | Some("fy") => Some(dxplan::layout::Scale::FiscalYear),
                Some("四半期") | Some("quarter") => Some(dxplan::layout::Scale::Quarter),
                Some("月") | Some("month") => Some(dxplan::layout::Scale::Month),
                Some(x) => {
                    return Err(Error::field(
                        "scale",
                        format!("目盛り「{x}」は使えません（年度・四半期・月）。"),
                    ));
                }
            };
            o.view_options.baseline = baseline;
            o.view_options.include_personal = personal;
            o.view_options.confidentiality = confidential.filter(|c| !c.trim().is_empty());
            let (_, wb) = open(&file)?;
            if let Some(b) = &o.view_options.baseline
                && wb.baseline_by_name(b).is_none()
            {
                return Err(Error::not_found("基準計画", b.trim()));
            }
            if o.view == ExportKind::Meeting {
                let next = next_meeting.as_deref().ok_or_else(|| {
                    Error::field(
                        "next_meeting",
                        "会議資料には --next-meeting（次回会議の日）が要ります。",
                    )
                })?;
                let next = date("next_meeting", next)?;
                if next < today {
                    return Err(Error::field(
                        "next_meeting",
                        "次回会議の日が基準日より前です。",
                    ));
                }
                let base = o
                    .view_options
                    .baseline
                    .as_deref()
                    .and_then(|b| wb.baseline_by_name(b));
                o.review = Some(dxplan::query::review::review(&wb, today, next, base));
            }
            let font = dxplan::render::Font::load()?;
            let doc = document(&wb, &o, &font.metrics)?;
            dxplan::render::write_pdf(&doc, &font, &out)?;
            println!(
                "「{}」に出力しました（{}、{}ページ）。",
                out.display(),
                o.view.label(),
                doc.pages.len()
            );
            Ok(())
        }
        Command::Export(ExportCommand::Xlsx {
            file,
            out,
            from,
            to,
            today,
            baseline,
            personal,
        }) => {
            let today = match today {
                Some(t) => date("today", &t)?,
                None => clock_today(),
            };
            let opts = dxplan::xlsx::XlsxOptions {
                from: opt_date("from", &from)?,
                to: opt_date("to", &to)?,
                today,
                baseline,
                include_personal: personal,
            };
            let (_, wb) = open(&file)?;
            dxplan::xlsx::export_xlsx(&wb, &opts, &out)?;
            println!("「{}」に出力しました。", out.display());
            Ok(())
        }
        Command::Import(ImportCommand::Xlsx {
            file,
            input,
            dry_run,
            accept_partial,
        }) => {
            let bytes = dxplan::import::schedule::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = dxplan::xlsx::plan_xlsx_import(&wb, &bytes)?;
            finish_import(&file, plan, dry_run, accept_partial)
        }
        Command::Import(ImportCommand::Staff {
            file,
            input,
            encoding,
            dry_run,
            accept_partial,
        }) => {
            let encoding =
                dxplan::import::staff::Encoding::parse(encoding.as_deref().unwrap_or(""))?;
            let bytes = dxplan::import::schedule::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = dxplan::import::staff::plan_staff_import(
                &wb,
                &bytes,
                dxplan::import::staff::StaffOptions { encoding },
            )?;
            finish_import(&file, plan, dry_run, accept_partial)
        }
        Command::Import(ImportCommand::Training {
            file,
            input,
            encoding,
            dry_run,
            accept_partial,
        }) => {
            let encoding =
                dxplan::import::staff::Encoding::parse(encoding.as_deref().unwrap_or(""))?;
            let bytes = dxplan::import::schedule::read_file(&input)?;
            let (_, wb) = open(&file)?;
            let plan = dxplan::import::training::plan_training_import(
                &wb,
                &bytes,
                dxplan::import::training::TrainingOptions { encoding },
            )?;
            finish_import(&file, plan, dry_run, accept_partial)
        }
        Command::Import(ImportCommand::Steps {
            file,
            input,
            dry_run,
        }) => {
            let rows = dxplan::xlsx::read_steps_file(&input)?;
            let name = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "手順テンプレート".into());
            let (_, wb) = open(&file)?;
            let plan = dxplan::xlsx::plan_steps_import(&wb, &rows, &name)?;
            finish_import(&file, plan, dry_run, false)
        }
        Command::Procedure(a) => {
            let (mut store, mut wb) = open_for_edit(&a.file)?;
            let mut p = wb
                .procedures
                .iter()
                .find(|p| p.no == a.no)
                .cloned()
                .ok_or_else(|| Error::not_found("手続の番号", a.no))?;
            if let Some(s) = a.status {
                p.status = Status::parse(&s)?;
            }
            if let Some(l) = a.link_method {
                p.link_method = LinkMethod::parse(&l)?;
            }
            if let Some(r) = a.reason {
                p.excluded_reason = r;
            }
            p.plan = merge_plan(p.plan, &a.start, &a.end)?;
            let name = p.name.clone();
            store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Procedure(p),
                },
            )?;
            println!("手続「{name}」を更新しました。");
            Ok(())
        }
    }
}
