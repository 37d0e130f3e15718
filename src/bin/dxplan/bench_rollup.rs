//! `dxplan bench --only rollup`: the roll-up of every 市区町村 in the country (1,741 generated workbooks, a
//! village of 50 staff to a designated city), against the sum of opening and summarising each file alone, with
//! the roll-up's peak memory measured in a child process.

use std::path::Path;
use std::time::{Duration, Instant};

use dxplan::data::municipalities::{NATIONAL_COUNT, municipality};
use dxplan::error::Result;
use dxplan::store::Store;

use crate::bench::{children_cpu_time, cpu_time, peak_mb, run_child};

const SEED: u64 = 2026;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Writes the generated workbooks once (kept in `dir/rollup-SEED-N/` for later runs).
fn generate(dir: &Path, count: usize) -> Result<std::path::PathBuf> {
    let folder = dir.join(format!("rollup-{SEED}-{count}"));
    let done = folder.join("生成済み.txt");
    if done.exists() {
        return Ok(folder);
    }
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|e| dxplan::fsx::io_error(&folder, &e))?;
    let t = Instant::now();
    let threads = dxplan::rollup::default_threads();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let r = municipality(SEED, i).and_then(|wb| {
                        let code = wb
                            .meta
                            .code
                            .as_ref()
                            .map(|c| c.to_string())
                            .unwrap_or_default();
                        Store::create(&folder.join(format!("{code}.dxplan")), &wb, true).map(|_| ())
                    });
                    if let Err(e) = r
                        && let Ok(mut f) = failed.lock()
                    {
                        f.get_or_insert(e);
                    }
                }
            });
        }
    });
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(e);
    }
    std::fs::write(&done, format!("{count}団体 seed {SEED}\n"))
        .map_err(|e| dxplan::fsx::io_error(&done, &e))?;
    println!(
        "生成（{count}団体のブックを書き込み、初回のみ）  {}",
        ms(t.elapsed())
    );
    Ok(folder)
}

pub fn run(dir: &Path, runs: usize) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| dxplan::fsx::io_error(dir, &e))?;
    let count = NATIONAL_COUNT;
    let folder = generate(dir, count)?;
    let files = dxplan::rollup::workbook_files(std::slice::from_ref(&folder))?;
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default();
    println!(
        "■ 集計（roll-up）ベンチマーク: {}団体のブック（計 {:.0} MB）、{}コア",
        files.len(),
        bytes as f64 / 1e6,
        dxplan::rollup::default_threads()
    );
    // each file alone, one after another: open read-only, load, summarise (this also warms the page cache)
    let t = Instant::now();
    let cpu0 = cpu_time();
    let mut refused = 0;
    for f in &files {
        if dxplan::rollup::read_entry(f, today).is_err() {
            refused += 1;
        }
    }
    let alone = t.elapsed();
    let alone_cpu = cpu_time().saturating_sub(cpu0);
    println!(
        "1団体ずつ単独で開く＋集計の合計     {}（CPU {}、1団体あたり {:.1} ms、読めないファイル {refused}件）",
        ms(alone),
        ms(alone_cpu),
        alone.as_secs_f64() * 1000.0 / files.len().max(1) as f64
    );
    let mut walls = vec![];
    let mut peak = 0;
    let child_cpu0 = children_cpu_time();
    for _ in 0..runs.clamp(1, 3) {
        let args = [
            "rollup".as_ref(),
            folder.as_os_str(),
            "--today".as_ref(),
            "2025-11-20".as_ref(),
            "--json".as_ref(),
        ];
        let (wall, kb) = run_child(&args, &folder)?;
        walls.push(wall);
        peak = peak.max(kb);
    }
    let child_cpu = children_cpu_time().saturating_sub(child_cpu0) / walls.len().max(1) as u32;
    walls.sort();
    let wall = walls[walls.len() / 2];
    println!(
        "dxplan rollup（全団体、別プロセス）  {}（単独の合計の {:.2}倍）、CPU {}（単独の {:.2}倍）、ピークメモリ {}",
        ms(wall),
        wall.as_secs_f64() / alone.as_secs_f64().max(1e-9),
        ms(child_cpu),
        child_cpu.as_secs_f64() / alone_cpu.as_secs_f64().max(1e-9),
        peak_mb(peak)
    );
    Ok(())
}
