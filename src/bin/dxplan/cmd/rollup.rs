//! `dxplan rollup`: many municipalities' workbooks read without touching them, one line per 団体, as Japanese
//! text or JSON, and as an Excel book or a PDF with `-o`.

use std::fmt::Write;
use std::path::PathBuf;

use dxplan::error::{Error, Result};
use dxplan::query::rollup::Rollup;

use super::{clock_today, date};

pub fn run(
    inputs: Vec<PathBuf>,
    today: Option<String>,
    as_json: bool,
    output: Option<PathBuf>,
) -> Result<()> {
    let today = match today {
        Some(t) => date("today", &t)?,
        None => clock_today(),
    };
    let files = dxplan::rollup::workbook_files(&inputs)?;
    if files.is_empty() {
        return Err(Error::invalid(
            "集計するブック（.dxplan）がありません。フォルダかファイルを指定してください。",
        ));
    }
    let national = dxplan::data::templates::national_system_names()?;
    let r =
        dxplan::rollup::read_rollup(&files, &national, today, dxplan::rollup::default_threads());
    if let Some(out) = &output {
        let ext = out
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" => dxplan::xlsx::export_rollup_xlsx(&r, out)?,
            "pdf" => {
                let font = dxplan::render::Font::load()?;
                let sheet = dxplan::layout::Sheet::a3_landscape();
                let doc = dxplan::documents::rollup::document(&r, &sheet, &font.metrics)?;
                dxplan::render::write_pdf(&doc, &font, out)?;
            }
            _ => {
                return Err(Error::field(
                    "output",
                    "集計の出力先は Excel（.xlsx）か PDF（.pdf）のファイル名にしてください。",
                ));
            }
        }
    }
    if as_json {
        let s = serde_json::to_string_pretty(&r).map_err(|e| Error::internal(e.to_string()))?;
        println!("{s}");
    } else {
        print!("{}", text(&r));
    }
    Ok(())
}

fn mark(b: bool) -> &'static str {
    if b { "○" } else { "×" }
}

/// The roll-up as text: one line per 団体, then 特定移行支援, the templates used and the refused files.
pub fn text(r: &Rollup) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "集計 {}団体（読めなかったファイル {}件）　基準日 {}",
        r.entries.len(),
        r.refused.len(),
        dxplan::calendar::wareki(r.today)
    );
    let _ = writeln!(
        s,
        "団体コード 団体名 | 標準化 完了率（前月比ポイント） | オンライン化 完了/対象 | CIO CIO補佐官 全体方針 推進本部 外部人材 | 遅延 | 最終更新"
    );
    for e in &r.entries {
        let g = &e.governance;
        let stale = match e.stale_days {
            Some(d) if d < 0 => "基準日より後".into(),
            Some(d) if d > 60 => format!("{d}日前（更新が止まっています）"),
            Some(d) => format!("{d}日前"),
            None => "不明".into(),
        };
        let _ = writeln!(
            s,
            "{} {} | {:.1}%（{}） | {}/{} | {} {} {} {} {} | {}件 | {}",
            e.code.as_deref().unwrap_or("（コードなし）"),
            e.municipality,
            e.completion_percent,
            dxplan::query::rollup::change_text(e.change_since_last_month),
            e.online_required_done,
            e.online_required,
            mark(g.cio),
            mark(g.cio_adviser),
            mark(g.policy),
            mark(g.body),
            mark(g.external),
            e.late,
            stale
        );
    }
    let specified: Vec<String> = r
        .entries
        .iter()
        .flat_map(|e| {
            e.specified.iter().map(move |x| {
                format!(
                    "  {} {}［{}］: {}（移行期限 {}、完了率 {:.1}%）",
                    e.municipality,
                    x.system,
                    x.cause_label,
                    x.reason,
                    dxplan::calendar::wareki(x.deadline),
                    x.completion_percent
                )
            })
        })
        .collect();
    if !specified.is_empty() {
        let _ = writeln!(s, "特定移行支援システム {}件", specified.len());
        for l in specified {
            let _ = writeln!(s, "{l}");
        }
    }
    let _ = writeln!(s, "手順書（団体数）");
    for (t, n) in &r.templates {
        let _ = writeln!(s, "  {t}: {n}");
    }
    if !r.refused.is_empty() {
        let _ = writeln!(s, "読めなかったファイル");
        for x in &r.refused {
            let _ = writeln!(s, "  {}: {}", x.file, x.reason);
        }
    }
    s
}
