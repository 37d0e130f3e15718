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

pub fn run(dir: &Path, runs: usize) -> Result<()> {
    let runs = runs.max(1);
    std::fs::create_dir_all(dir).map_err(|e| dxplan::store::io_error(dir, &e))?;
    let file = dir.join("large-city.dxplan");
    let size = dxplan::bench::CitySize::LARGE;
    println!(
        "■ dxplan ベンチマーク（大規模市: 業務20×作業項目{}・手続31・組織{}・職員{}人・研修記録{}件、各{}回の中央値）",
        size.steps, size.units, size.staff, size.enrolments, runs
    );
    let (t, wb) = time(|| dxplan::bench::large_city(size))?;
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
            Ok(dxplan::review::review(&wb, today, next, base.as_ref()))
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
        let (t, _) = time(|| Ok(dxplan::summary::summarize(&wb, today)))?;
        sum.push(t);
    }
    println!("集計（summary）                  {}", ms(median(sum)));

    let mut store = Store::open(&file)?;
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
    Ok(())
}
