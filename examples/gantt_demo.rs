//! Demo: lays out the sample 工程表 and writes PDFs (A3 and A4, months and quarters)
//! plus SVG previews into `out/`.

use dxplan::export::{self, Font};
use dxplan::layout::{self, PageSpec, Scale, Sheet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let font = Font::load()?;
    let chart = layout::sample::sample_roadmap();
    std::fs::create_dir_all("out")?;
    let mut a4 = PageSpec::a3_fiscal_years(2021, 2025, Scale::Quarter);
    a4.sheet = Sheet::a4_landscape();
    let specs = [
        (
            "gantt_a3_month",
            PageSpec::a3_fiscal_years(2021, 2025, Scale::Month),
        ),
        ("gantt_a4_quarter", a4),
        (
            "gantt_a3_30years",
            PageSpec::a3_fiscal_years(2010, 2039, Scale::FiscalYear),
        ),
    ];
    for (name, spec) in specs {
        let t = std::time::Instant::now();
        let doc = layout::layout_gantt(&chart, &spec, &font.metrics)?;
        let path = std::path::PathBuf::from(format!("out/{name}.pdf"));
        export::write_pdf(&doc, &font.bytes, &path)?;
        let svgs = export::document_svg(&doc);
        if let Some(first) = svgs.first() {
            std::fs::write(format!("out/{name}.p1.svg"), first)?;
        }
        let size = std::fs::metadata(&path)?.len();
        println!(
            "{name}: {} pages, {} KB, {:?}",
            doc.pages.len(),
            size / 1024,
            t.elapsed()
        );
    }
    Ok(())
}
