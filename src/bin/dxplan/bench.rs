//! `dxplan bench`: generates the large-city workbook and prints timings (median of several runs) for the
//! operations people wait on. Figures, not assertions: speed is measured here, never in timed tests.

use std::path::Path;
use std::time::{Duration, Instant};

use dxplan::error::Result;
use dxplan::model::StepStatus;
use dxplan::model::edit::{Edit, Entity};
use dxplan::store::{Scope, Store};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}
fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
fn time<T>(f: impl FnOnce() -> Result<T>) -> Result<(Duration, T)> {
    let t = Instant::now();
    let v = f()?;
    Ok((t.elapsed(), v))
}

pub fn run(dir: &Path, runs: usize, only: Option<&str>) -> Result<()> {
    let runs = runs.max(1);
    std::fs::create_dir_all(dir).map_err(|e| dxplan::fsx::io_error(dir, &e))?;
    let file = dir.join("large-city.dxplan");
    let size = dxplan::data::generated::CitySize::LARGE;
    match only {
        None => {}
        Some("xlsx") => {
            let large = dxplan::data::generated::large_city(size)?;
            if !file.exists() {
                Store::create(&file, &large, true)?;
            }
            return run_xlsx(dir, runs, &large, Duration::ZERO);
        }
        Some("import") => return run_import(dir, &dxplan::data::generated::large_city(size)?),
        Some("rollup") => return crate::bench_rollup::run(dir, runs),
        Some("inquiry") => return crate::bench_inquiry::run(dir, runs),
        Some("trend") => {
            let large = dxplan::data::generated::large_city(size)?;
            let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default();
            return run_trend(&large, runs, today);
        }
        Some(other) => {
            return Err(dxplan::error::Error::field(
                "only",
                format!(
                    "--only には xlsx・import・rollup・trend・inquiry のどれかを指定してください（「{other}」）。"
                ),
            ));
        }
    }
    println!(
        "■ dxplan ベンチマーク（大規模市: 業務20×作業項目{}・手続31・組織{}・職員{}人・研修記録{}件、各{}回の中央値）",
        size.steps, size.units, size.staff, size.enrolments, runs
    );
    let (t, wb) = time(|| dxplan::data::generated::large_city(size))?;
    println!("生成（メモリ上）                 {}", ms(t));
    let _ = std::fs::remove_file(&file);
    let (t, _) = time(|| Store::create(&file, &wb, true))?;
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "ブック作成（書き込み）           {}（{:.1} MB）",
        ms(t),
        bytes as f64 / 1e6
    );
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default();
    let next = chrono::NaiveDate::from_ymd_opt(2025, 12, 18).unwrap_or_default();

    let mut open_review = vec![];
    for _ in 0..runs {
        let (t, _) = time(|| {
            let s = Store::open(&file)?;
            let wb = s.load_scope(Scope::Schedule)?;
            let base = wb.baselines.first().cloned();
            Ok(dxplan::query::review::review(
                &wb,
                today,
                next,
                base.as_ref(),
            ))
        })?;
        open_review.push(t);
    }
    println!(
        "開く＋会議レビュー               {}",
        ms(median(open_review))
    );

    let mut full = vec![];
    let mut loaded = None;
    for _ in 0..runs {
        let (t, w) = time(|| Store::open(&file)?.load())?;
        full.push(t);
        loaded = Some(w);
    }
    println!("開く＋全件読み込み               {}", ms(median(full)));
    let Some(mut wb) = loaded else { return Ok(()) };
    let mut sum = vec![];
    for _ in 0..runs {
        let (t, _) = time(|| Ok(dxplan::query::summary::summarize(&wb, today)))?;
        sum.push(t);
    }
    println!("集計（summary）                  {}", ms(median(sum)));
    run_trend(&wb, runs, today)?;

    let mut store = Store::open_for_edit(&file)?; // the first edit also takes the hourly snapshot
    let mut edits = vec![];
    let ids: Vec<i64> = wb.system_steps.iter().take(50).map(|s| s.id).collect();
    for id in ids {
        let Some(mut st) = wb.system_steps.iter().find(|s| s.id == id).cloned() else {
            continue;
        };
        st.notes = format!("ベンチマーク編集 {id}");
        st.status = if st.status == StepStatus::Done {
            StepStatus::Done
        } else {
            StepStatus::InProgress
        };
        if st.status == StepStatus::InProgress && st.actual_start.is_none() {
            st.actual_start = st.plan.map(|p| p.start);
        }
        let (t, _) = time(|| {
            store.apply(
                &mut wb,
                Edit::Put {
                    entity: Entity::Step(st),
                },
            )
        })?;
        edits.push(t);
    }
    println!(
        "編集1件の保存（50回）            中央値 {} / p95 {}",
        ms(median(edits.clone())),
        ms(pct(edits, 0.95))
    );
    drop(store);
    run_exports(dir, runs)?;
    crate::bench_inquiry::run(dir, runs)
}

/// Exports, the office's LibreOffice route and the staff import, on the demo and the large city.
/// The 60-month trend (S-curve, per 業務, procedures, training) on the loaded large city.
fn run_trend(wb: &dxplan::model::Workbook, runs: usize, today: chrono::NaiveDate) -> Result<()> {
    let from = chrono::NaiveDate::from_ymd_opt(2020, 12, 1).unwrap_or_default();
    let mut ts = vec![];
    let mut months = 0;
    for _ in 0..runs {
        let (t, tr) = time(|| Ok(dxplan::query::trend::trend(wb, from, today)))?;
        months = tr.months.len();
        ts.push(t);
    }
    println!(
        "進捗の推移（{months}か月、履歴{}件）       {}",
        wb.progress.len(),
        ms(median(ts))
    );
    Ok(())
}

fn run_exports(dir: &Path, runs: usize) -> Result<()> {
    use dxplan::documents::{DocumentOptions, ExportKind, document};
    let runs = runs.max(1);
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default();
    let (t, font) = time(|| Ok(dxplan::render::Font::load()?))?;
    let (t_face, _) = time(|| Ok(font.pdf_face().map(|_| ())?))?;
    println!(
        "フォント読込（1プロセスに1回）   {}（うちPDF用の解析 {}）",
        ms(t + t_face),
        ms(t_face)
    );
    let large = dxplan::data::generated::large_city(dxplan::data::generated::CitySize::LARGE)?;
    let demo = dxplan::data::demo::demo_workbook()?;
    let mut council_large = Duration::ZERO;
    for (name, wb) in [("デモ", &demo), ("大規模市", &large)] {
        let out = dir.join(format!(
            "council-{}.pdf",
            if name == "デモ" { "demo" } else { "large" }
        ));
        let (mut totals, mut layouts) = (vec![], vec![]);
        let mut pages = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let doc = document(
                wb,
                &DocumentOptions::new(ExportKind::Council, today),
                &font.metrics,
            )?;
            layouts.push(t0.elapsed());
            dxplan::render::write_pdf(&doc, &font, &out)?;
            totals.push(t0.elapsed());
            pages = doc.pages.len();
        }
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        let t = median(totals);
        if name == "大規模市" {
            council_large = t;
        }
        println!(
            "議会報告PDF（{name}）             {}（うちレイアウト {}、{}ページ、{} KB）",
            ms(t),
            ms(median(layouts)),
            pages,
            size / 1024
        );
    }

    run_xlsx(dir, runs, &large, council_large)?;
    run_import(dir, &large)
}

/// The XLSX export of the large city against the bare rust_xlsxwriter program writing the same file, its peak
/// memory, and LibreOffice converting it to PDF (the office's route, against the council PDF's time).
fn run_xlsx(
    dir: &Path,
    runs: usize,
    large: &dxplan::model::Workbook,
    council_large: Duration,
) -> Result<()> {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default();
    let xopts = dxplan::xlsx::XlsxOptions::new(today);
    let mut benches = vec![];
    for _ in 0..runs {
        benches.push(dxplan::xlsx::bench_export(large, &xopts)?);
    }
    benches.sort_by_key(|b| b.model + b.write);
    let b = &benches[benches.len() / 2];
    println!(
        "Excel出力（大規模市）            {}（シートの組み立て {} + 書き出し {}、{}セル、{} KB、同じファイルを書く素のrust_xlsxwriterプログラム {} の {:.2}倍）",
        ms(b.model + b.write),
        ms(b.model),
        ms(b.write),
        b.cells,
        b.bytes / 1024,
        ms(b.bare),
        b.ratio()
    );
    println!(
        "  シート別の組み立て: {}",
        b.sheets
            .iter()
            .map(|(n, t)| format!("{n} {}", ms(*t)))
            .collect::<Vec<_>>()
            .join("、")
    );
    let xlsx = dir.join("large-city.xlsx");
    let file = dir.join("large-city.dxplan");
    let peak = peak_rss_of_export(&file, &xlsx)?;
    println!("Excel出力のピークメモリ（別プロセス）  {peak}");

    match libreoffice_pdf(&xlsx, dir) {
        Some(t) if council_large.is_zero() => {
            println!("LibreOfficeでExcel→PDF（従来の方法）  {}", ms(t))
        }
        Some(t) => println!(
            "LibreOfficeでExcel→PDF（従来の方法）  {}（議会報告PDFは {:.0}倍速い）",
            ms(t),
            t.as_secs_f64() / council_large.as_secs_f64().max(1e-9)
        ),
        None => println!(
            "LibreOfficeでExcel→PDF             未計測（libreoffice がありません: scripts/bench が入れます）"
        ),
    }

    Ok(())
}

/// Imports the large city's 50,000 staff and 500,000 training records from CSV files (written here, as a
/// personnel system would) into a copy of the city that has neither, as `dxplan import staff` and
/// `dxplan import training` do (read, plan, snapshot, one transaction each); then the same files again (all
/// unchanged).
fn run_import(dir: &Path, large: &dxplan::model::Workbook) -> Result<()> {
    use dxplan::import::staff::{StaffOptions, plan_staff_import};
    use dxplan::import::training::{TrainingOptions, plan_training_import};
    let staff_csv = dir.join("staff.csv");
    let training_csv = dir.join("training.csv");
    let (staff, training) = dxplan::data::generated::personnel_csv(large);
    std::fs::write(&staff_csv, &staff).map_err(|e| dxplan::fsx::io_error(&staff_csv, &e))?;
    std::fs::write(&training_csv, &training)
        .map_err(|e| dxplan::fsx::io_error(&training_csv, &e))?;

    let target = dir.join("import-target.dxplan");
    let _ = std::fs::remove_file(&target);
    let _ = std::fs::remove_dir_all(dxplan::store::snapshots::folder(&target));
    let mut empty = large.clone();
    empty.people.clear();
    empty.roles.clear();
    empty.enrolments.clear();
    Store::create(&target, &empty, true)?;
    drop(empty);

    let mut store = Store::open_for_edit(&target)?;
    let mut wb = store.load()?;
    for round in ["追加", "再取込（変更なし）"] {
        let cpu0 = cpu_time();
        let t0 = Instant::now();
        let bytes = std::fs::read(&staff_csv).map_err(|e| dxplan::fsx::io_error(&staff_csv, &e))?;
        let plan = plan_staff_import(&wb, &bytes, StaffOptions::default())?;
        let t_staff_plan = t0.elapsed();
        let (added, unchanged) = (plan.added.len(), plan.unchanged);
        if plan.has_changes() {
            store.snapshot(dxplan::store::Reason::BeforeApply)?;
            plan.apply(&mut store, &mut wb, false)?;
        }
        let t_staff = t0.elapsed();
        let t1 = Instant::now();
        let bytes =
            std::fs::read(&training_csv).map_err(|e| dxplan::fsx::io_error(&training_csv, &e))?;
        let plan = plan_training_import(&wb, &bytes, TrainingOptions::default())?;
        let t_training_plan = t1.elapsed();
        let (t_added, t_unchanged) = (plan.added.len(), plan.unchanged);
        if !plan.rejected.is_empty() {
            return Err(dxplan::error::Error::internal(
                plan.rejected_lines()[..3.min(plan.rejected.len())].join("\n"),
            ));
        }
        if plan.has_changes() {
            store.snapshot(dxplan::store::Reason::BeforeApply)?;
            plan.apply(&mut store, &mut wb, false)?;
        }
        let t_training = t1.elapsed();
        let cpu = cpu_time().saturating_sub(cpu0);
        println!(
            "職員{}人＋研修記録{}件の取込（{round}）  {}、CPU時間 {}（職員 {}: 照合 {}・追加{}・変更なし{}、研修記録 {}: 照合 {}・追加{}・変更なし{}）",
            large.people.len(),
            large.enrolments.len(),
            ms(t_staff + t_training),
            ms(cpu),
            ms(t_staff),
            ms(t_staff_plan),
            added,
            unchanged,
            ms(t_training),
            ms(t_training_plan),
            t_added,
            t_unchanged
        );
    }
    Ok(())
}

/// CPU time of this process so far (user + system): a figure that other work on a shared machine inflates
/// less than wall time.
pub(crate) fn cpu_time() -> Duration {
    rusage_cpu(Who::SelfProcess)
}

/// CPU time of the children this process has waited for (user + system).
pub(crate) fn children_cpu_time() -> Duration {
    rusage_cpu(Who::Children)
}

enum Who {
    SelfProcess,
    Children,
}

fn rusage_cpu(who: Who) -> Duration {
    #[cfg(unix)]
    {
        let who = match who {
            Who::SelfProcess => libc::RUSAGE_SELF,
            Who::Children => libc::RUSAGE_CHILDREN,
        };
        // SAFETY: getrusage only writes the struct it is given
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(who, &mut u) } == 0 {
            let tv = |t: libc::timeval| {
                Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
            };
            return tv(u.ru_utime) + tv(u.ru_stime);
        }
    }
    Duration::ZERO
}

/// Runs `dxplan export xlsx` as a child and samples its peak resident memory (VmHWM) until it exits.
fn peak_rss_of_export(file: &Path, out: &Path) -> Result<String> {
    let args = [
        "export".as_ref(),
        "xlsx".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--today".as_ref(),
        "2025-11-20".as_ref(),
    ];
    Ok(peak_mb(run_child(&args, file)?.1))
}

/// "123 MB", or why there is no figure.
pub(crate) fn peak_mb(kb: u64) -> String {
    if kb == 0 {
        "未計測（/proc がありません）".into()
    } else {
        format!("{:.0} MB", kb as f64 / 1024.0)
    }
}

/// Runs this program with `args` (stdout discarded), sampling its peak resident memory (VmHWM, kB) until it
/// exits; returns the wall time and the peak.
pub(crate) fn run_child(args: &[&std::ffi::OsStr], about: &Path) -> Result<(Duration, u64)> {
    let exe = std::env::current_exe().map_err(|e| dxplan::fsx::io_error(about, &e))?;
    let t = Instant::now();
    let mut child = std::process::Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| dxplan::fsx::io_error(about, &e))?;
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(v) = s.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            peak_kb = peak_kb.max(v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
        }
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok((t.elapsed(), peak_kb))
}

/// Converts an XLSX to PDF the way an office does today; None when LibreOffice is not installed.
fn libreoffice_pdf(xlsx: &Path, dir: &Path) -> Option<Duration> {
    let bin = ["libreoffice", "soffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    })?;
    let t = Instant::now();
    let ok = std::process::Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            std::fs::canonicalize(dir)
                .ok()?
                .join("lo-profile")
                .display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?
        .success();
    ok.then(|| t.elapsed())
}
