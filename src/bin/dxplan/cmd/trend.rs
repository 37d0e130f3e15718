//! `dxplan trend`: how the work moved month by month, read from the progress history (`dxplan::query::trend`).

use std::fmt::Write;
use std::path::PathBuf;

use dxplan::calendar::wareki_month;
use dxplan::error::{Error, Result};
use dxplan::query::trend::{Trend, trend as compute};

use super::review::json;
use super::{clock_today, open, opt_date};

/// `dxplan trend FILE [--from D --to D] [--json]`.
pub fn trend(file: PathBuf, from: Option<String>, to: Option<String>, as_json: bool) -> Result<()> {
    let to = opt_date("to", &to)?.unwrap_or_else(clock_today);
    let given_from = opt_date("from", &from)?;
    let (_, wb) = open(&file)?;
    let from = given_from
        .or_else(|| wb.progress.iter().map(|e| e.on).min())
        .unwrap_or(wb.meta.plan_start)
        .min(to);
    if given_from.is_some_and(|f| f > to) {
        return Err(Error::field(
            "from",
            format!(
                "最初の日（{}）が最後の日（{}）より後です。",
                dxplan::calendar::wareki(from),
                dxplan::calendar::wareki(to)
            ),
        ));
    }
    let t = compute(&wb, from, to);
    if as_json {
        json(&t)
    } else {
        print!("{}", report(&t));
        Ok(())
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The terminal report: one line a month, then each 業務 at the end of the range, then training per 年度.
fn report(t: &Trend) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "進捗の推移（{}〜{}）",
        dxplan::calendar::wareki(t.from),
        dxplan::calendar::wareki(t.to)
    );
    let _ = writeln!(
        s,
        "月          完了率（計画）      オンライン化 完了（累計）"
    );
    for m in &t.months {
        let _ = writeln!(
            s,
            "{:<10}  {:>6}（{:>6}）  {:>3}件（{}件）",
            wareki_month(m.month),
            pct(m.actual),
            pct(m.planned),
            m.procedures_done,
            m.procedures_done_total
        );
    }
    if !t.months.is_empty() {
        let _ = writeln!(
            s,
            "\n業務ごとの完了率（{}時点、計画）",
            dxplan::calendar::wareki(t.to)
        );
        for sys in &t.systems {
            let (a, p) = (
                sys.actual.last().copied().unwrap_or(0.0),
                sys.planned.last().copied().unwrap_or(0.0),
            );
            let _ = writeln!(s, "  {}  {}（{}）", sys.name, pct(a), pct(p));
        }
    }
    let _ = writeln!(s, "\n研修修了者数（年度ごと）");
    for y in &t.training {
        let _ = writeln!(s, "  {}  {}人", y.label, y.completed);
    }
    s
}
