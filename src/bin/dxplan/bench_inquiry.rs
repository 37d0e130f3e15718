//! `dxplan bench --only inquiry`: the 照会・回答 loop on the large generated city (every 課): writing every form
//! against the bare rust_xlsxwriter program writing the same cells, validations and settings, and reading every
//! return back with the preview (a tenth of the rows answered with a note).

use std::path::Path;
use std::time::{Duration, Instant};

use dxplan::error::{Error, Result};
use dxplan::import::inquiry::{Choices, ReturnFile, plan_inquiry_import};
use dxplan::model::{Inquiry, InquiryUnit, Workbook};
use dxplan::query::inquiry::{COL_NOTES, FIRST_ROW, plan_forms};
use dxplan::xlsx::{Book, Formats, Value, form_book, form_file_names, render_book, write_with};

use crate::bench::cpu_time;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn run(dir: &Path, runs: usize) -> Result<()> {
    let size = dxplan::data::generated::CitySize::LARGE;
    let mut wb: Workbook = dxplan::data::generated::large_city(size)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap_or_default();
    let due = chrono::NaiveDate::from_ymd_opt(2025, 12, 12).unwrap_or_default();
    let out = dir.join("inquiry");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| dxplan::fsx::io_error(&out, &e))?;
    let forms = plan_forms(&wb, as_of, None)?;
    let round = Inquiry {
        id: 1,
        name: "令和7年12月 進捗照会".into(),
        as_of,
        due,
        created: as_of,
        token: dxplan::model::inquiry::token_from([42; 16]),
        units: forms.iter().map(|f| InquiryUnit::asked(&f.unit)).collect(),
    };
    wb.inquiries.push(round.clone());
    let rows: usize = forms.iter().map(|f| f.rows.len()).sum();
    println!(
        "■ 照会・回答（大規模市: {}課、照会する行{}件（課ごとに重複あり）、各{}回の中央値）",
        forms.len(),
        rows,
        runs
    );
    let names = form_file_names(&round, &forms);
    let (mut ours, mut with_files, mut bare) = (vec![], vec![], vec![]);
    let (mut ours_cpu, mut bare_cpu) = (vec![], vec![]);
    let mut total_bytes = 0usize;
    let mut returns: Vec<ReturnFile> = vec![];
    for run in 0..runs {
        // ours: plan, build every book, make its formats and write it (to memory, then to files)
        let t0 = Instant::now();
        let c0 = cpu_time();
        let forms = plan_forms(&wb, as_of, None)?;
        let mut files: Vec<Vec<u8>> = Vec::with_capacity(forms.len());
        for f in &forms {
            let book = form_book(&wb, &round, f, as_of);
            files.push(render_book(&book).map_err(|e| Error::internal(e.to_string()))?);
        }
        ours.push(t0.elapsed());
        ours_cpu.push(cpu_time() - c0);
        for (b, n) in files.iter().zip(&names) {
            dxplan::xlsx::write_atomically(&out.join(n), b)?;
        }
        with_files.push(t0.elapsed());
        total_bytes = files.iter().map(Vec::len).sum();
        // the bare program: the same books with their formats made before the clock starts
        let books: Vec<Book> = forms
            .iter()
            .map(|f| form_book(&wb, &round, f, as_of))
            .collect();
        let formats: Vec<Formats> = books.iter().map(Formats::of).collect();
        let t1 = Instant::now();
        let c1 = cpu_time();
        for (b, f) in books.iter().zip(&formats) {
            write_with(b, f).map_err(|e| Error::internal(e.to_string()))?;
        }
        bare.push(t1.elapsed());
        bare_cpu.push(cpu_time() - c1);
        if run == 0 {
            returns = answered(books, &names)?;
        }
    }
    let (o, w, b) = (median(ours), median(with_files), median(bare));
    let (oc, bc) = (median(ours_cpu), median(bare_cpu));
    println!(
        "全課の照会様式の作成（メモリ上）   {}（CPU {}；ファイル書き込みまで {}、{:.1} MB）",
        ms(o),
        ms(oc),
        ms(w),
        total_bytes as f64 / 1e6
    );
    println!(
        "  素のrust_xlsxwriter（同じセル・入力規則・設定） {}（CPU {}；比 {:.2}、CPU比 {:.2}）",
        ms(b),
        ms(bc),
        o.as_secs_f64() / b.as_secs_f64().max(1e-9),
        oc.as_secs_f64() / bc.as_secs_f64().max(1e-9)
    );
    let (mut reads, mut reads_cpu) = (vec![], vec![]);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let c = cpu_time();
        let plan = plan_inquiry_import(&wb, &round, &returns, &Choices::default());
        let report = plan.report();
        reads.push(t.elapsed());
        reads_cpu.push(cpu_time() - c);
        last = Some((plan, report.len()));
    }
    if let Some((plan, chars)) = last {
        println!(
            "全課の回答の読み込み＋プレビュー   {}（CPU {}；{}件、変更{}行、競合{}行、プレビュー{}文字）",
            ms(median(reads)),
            ms(median(reads_cpu)),
            plan.files.len(),
            plan.changes.len(),
            plan.conflicts.len(),
            chars
        );
    }
    Ok(())
}

/// The returns: every form with a note answered on every tenth row of each sheet.
fn answered(books: Vec<Book>, names: &[String]) -> Result<Vec<ReturnFile>> {
    let mut out = vec![];
    for (mut book, name) in books.into_iter().zip(names) {
        for sheet in book.sheets.iter_mut() {
            for c in sheet.cells.iter_mut() {
                if c.col == COL_NOTES
                    && c.row >= FIRST_ROW
                    && (c.row - FIRST_ROW).is_multiple_of(10)
                    && matches!(c.value, Value::Text(_))
                {
                    c.value = Value::Text(format!("ベンチ回答 {}", c.row));
                }
            }
        }
        out.push(ReturnFile {
            name: name.clone(),
            bytes: render_book(&book).map_err(|e| Error::internal(e.to_string()))?,
        });
    }
    Ok(out)
}
