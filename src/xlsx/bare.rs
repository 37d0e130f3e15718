//! The XLSX benchmark, because the export must stay close to what rust_xlsxwriter alone costs: the fair "bare"
//! program (the same cells, formats and settings written with nothing else done), the timing of each sheet, and
//! the generated workbook they run on.

use std::time::Instant;

use chrono::{Months, NaiveDate};

use super::sheets::{XlsxOptions, build_sheets};
use super::write::{Formats, render_book, write_with};
use crate::error::{Error, Result};
use crate::model::{Id, InitiativeGroup, Span, Status, Workbook};

/// Figures of one XLSX export against the bare rust_xlsxwriter program that writes the same file.
#[derive(Debug, Clone)]
pub struct XlsxBench {
    /// cells and merges written
    pub cells: usize,
    /// building the sheet model (pure)
    pub model: std::time::Duration,
    /// of which each sheet
    pub sheets: Vec<(&'static str, std::time::Duration)>,
    /// making the Excel formats and writing the file with rust_xlsxwriter
    pub write: std::time::Duration,
    pub bytes: usize,
    /// the bare program: the same cells (values, types, formats), sheets and settings, its formats made before
    /// the clock starts and nothing else done; its file is the same bytes as ours
    pub bare: std::time::Duration,
    pub bare_bytes: usize,
}

impl XlsxBench {
    /// Export time over the bare program's.
    pub fn ratio(&self) -> f64 {
        (self.model + self.write).as_secs_f64() / self.bare.as_secs_f64().max(1e-9)
    }
}

/// Times the export of `wb` (model, formats, file) against the bare rust_xlsxwriter program that writes the
/// same file: every cell with its value, type and format, every merge, width and print setting, with the
/// formats made beforehand. The difference is what dxplan adds on top of rust_xlsxwriter.
pub fn bench_export(wb: &Workbook, opts: &XlsxOptions) -> Result<XlsxBench> {
    let t0 = Instant::now();
    let baseline = opts.baseline.as_ref().and_then(|n| wb.baseline_by_name(n));
    let mut sheets = vec![];
    let book = build_sheets(wb, opts, baseline, &mut |name, build| {
        let t = Instant::now();
        let sheet = build();
        sheets.push((name, t.elapsed()));
        sheet
    });
    let model = t0.elapsed();
    let cells: usize = book
        .sheets
        .iter()
        .map(|s| s.cells.len() + s.merges.len())
        .sum();
    let t1 = Instant::now();
    let bytes = render_book(&book).map_err(|e| Error::internal(e.to_string()))?;
    let write = t1.elapsed();

    let formats = Formats::of(&book);
    let t2 = Instant::now();
    let bare = write_with(&book, &formats).map_err(|e| Error::internal(e.to_string()))?;
    let bare_time = t2.elapsed();
    Ok(XlsxBench {
        cells,
        model,
        sheets,
        write,
        bytes: bytes.len(),
        bare: bare_time,
        bare_bytes: bare.len(),
    })
}

/// Times the export of a generated workbook with `tasks` 工程表 rows against the bare rust_xlsxwriter program
/// writing the same file, and returns the figures as text.
pub fn bench_xlsx(tasks: usize) -> Result<String> {
    let wb = generated_workbook(tasks)?;
    let today = NaiveDate::from_ymd_opt(2025, 10, 15).ok_or_else(|| Error::internal("date"))?;
    let b = bench_export(&wb, &XlsxOptions::new(today))?;
    Ok(format!(
        "tasks {tasks}, cells {}: model {:.3}s + write {:.3}s = {:.3}s, {} KB; bare rust_xlsxwriter program {:.3}s, {} KB (ratio {:.2})",
        b.cells,
        b.model.as_secs_f64(),
        b.write.as_secs_f64(),
        (b.model + b.write).as_secs_f64(),
        b.bytes / 1024,
        b.bare.as_secs_f64(),
        b.bare_bytes / 1024,
        b.ratio()
    ))
}

/// A large workbook for benchmarks: `tasks` rows spread over ten initiatives, bars across FY2021–FY2025.
pub fn generated_workbook(tasks: usize) -> Result<Workbook> {
    use crate::model::{Initiative, Task, WorkbookMeta};
    let mut wb = Workbook::empty(WorkbookMeta::new("ベンチ市")?);
    for i in 1..=10 {
        wb.initiatives.push(Initiative {
            id: i,
            group: InitiativeGroup::ALL[(i as usize) % 3],
            code: String::new(),
            name: format!("取組事項{i}"),
            priority: false,
            reference: false,
            target_label: "令和7年度".into(),
            target_date: NaiveDate::from_ymd_opt(2026, 3, 31),
            owner_unit: None,
            sort: i,
        });
    }
    let base = NaiveDate::from_ymd_opt(2021, 4, 1).ok_or_else(|| Error::internal("date"))?;
    for k in 0..tasks {
        let start = base
            .checked_add_months(Months::new((k % 48) as u32))
            .unwrap_or(base);
        let end = start
            .checked_add_months(Months::new(1 + (k % 9) as u32))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start);
        wb.tasks.push(Task {
            id: k as Id + 1,
            initiative_id: (k % 10) as Id + 1,
            name: format!("取組内容{:05}　現行システムの調査と移行計画", k + 1),
            owner_unit: None,
            plan: Some(Span { start, end }),
            actual_start: (k % 3 == 0).then_some(start),
            actual_end: None,
            progress: (k % 100) as u8,
            status: Status::InProgress,
            milestone: k % 7 == 0,
            notes: String::new(),
            sort: k as i64,
        });
    }
    Ok(wb)
}
