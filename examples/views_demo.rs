//! Demo: every workbook view of the demo city (みなと川市) as PDFs in `out/views/`,
//! plus one bundle (cover, contents, vision, 工程表, migration, procedures, training, org).

use dxplan::documents as views;
use dxplan::layout::{self, Sheet};
use dxplan::render::{self, Font};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let font = Font::load()?;
    let m = &font.metrics;
    let wb = dxplan::data::demo::demo_workbook()?;
    let mut opts = views::ViewOptions::on(dxplan::data::demo::as_of());
    opts.confidentiality = Some("機密性2".into());
    std::fs::create_dir_all("out/views")?;
    let spec = views::default_spec(&wb);
    let charts = [
        ("roadmap", views::roadmap_chart(&wb, &opts)),
        (
            "migration_summary",
            views::migration_chart(&wb, &opts, false),
        ),
        ("migration_detail", views::migration_chart(&wb, &opts, true)),
        ("procedures", views::procedures_chart(&wb, &opts)),
        ("training", views::training_chart(&wb, &opts)),
    ];
    let mut parts = Vec::new();
    for (name, chart) in &charts {
        let mut s = spec.clone();
        if *name == "training" {
            (s.from, s.to) = views::period_of(chart);
        }
        let t = std::time::Instant::now();
        let doc = layout::layout_gantt(chart, &s, m)?;
        let path = std::path::PathBuf::from(format!("out/views/{name}.pdf"));
        render::write_pdf(&doc, &font, &path)?;
        println!(
            "{name}: {} rows, {} pages, {} KB, {:?}",
            chart.rows.len(),
            doc.pages.len(),
            std::fs::metadata(&path)?.len() / 1024,
            t.elapsed()
        );
        if *name != "migration_detail" {
            parts.push(layout::Part {
                title: chart.title.clone(),
                pages: layout::gantt_pages(chart, &s, m)?,
            });
        }
    }
    let org = views::org_chart(&wb, &opts);
    let doc = layout::layout_org(&org, &Sheet::a3_landscape(), m)?;
    render::write_pdf(&doc, &font, std::path::Path::new("out/views/org.pdf"))?;
    println!("org: {} nodes, {} pages", org.nodes.len(), doc.pages.len());
    parts.push(layout::Part {
        title: "DX推進体制図".into(),
        pages: layout::org_pages(&org, &Sheet::a3_landscape(), m)?,
    });
    let head = layout::DocHeader {
        title: "自治体DX推進計画 進捗報告".into(),
        municipality: wb.meta.municipality.clone(),
        created: opts.created,
        confidentiality: opts.confidentiality.clone(),
    };
    let a4 = Sheet::a4_portrait();
    let mut paras = vec![wb.vision.statement.clone()];
    paras.extend(
        wb.vision
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| format!("基本方針{}　{p}", i + 1)),
    );
    parts.insert(
        0,
        layout::Part {
            title: "ビジョン・基本方針".into(),
            pages: layout::text_pages(&a4, &head, "ビジョン・基本方針", &paras, m),
        },
    );
    let doc = layout::bundle(&a4, &head, None, parts, m);
    render::write_pdf(&doc, &font, std::path::Path::new("out/views/bundle.pdf"))?;
    println!(
        "bundle: {} pages, {} KB",
        doc.pages.len(),
        std::fs::metadata("out/views/bundle.pdf")?.len() / 1024
    );
    Ok(())
}
