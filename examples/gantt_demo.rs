//! Demo: lays out the sample 工程表 and writes PDFs (A3 and A4, months and quarters)
//! plus SVG previews into `out/`.

use dxplan::layout::{self, PageSpec, Scale, Sheet};
use dxplan::render::{self, Font};

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
        render::write_pdf(&doc, &font, &path)?;
        let svgs = render::document_svg(&doc);
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
    // A bundle: cover, contents, vision text, the A3 Gantt, a table, the org chart.
    let head = layout::DocHeader {
        title: "自治体DX推進計画".into(),
        municipality: chart.municipality.clone(),
        created: chart.created,
        confidentiality: chart.confidentiality.clone(),
    };
    let a4 = Sheet::a4_portrait();
    let vision = vec![
        "本市は、「誰一人取り残されない、人に優しいデジタル化」を基本理念とし、住民の利便性の向上と行政運営の効率化を一体として進める。".to_string(),
        "自治体情報システムの標準化・共通化については、令和7年度までにガバメントクラウド上の標準準拠システムへ移行することを目標とし、移行が困難なシステム（特定移行支援システム）については個別に移行時期を定める。".to_string(),
        "行政手続のオンライン化については、子育て・介護に関する26手続を優先し、マイナポータルからの申請を可能とする。あわせて、書かない窓口の導入など、来庁者の負担を減らす取組みを進める。".to_string(),
    ];
    let gantt_pages = layout::gantt_pages(
        &chart,
        &PageSpec::a3_fiscal_years(2021, 2025, Scale::Month),
        &font.metrics,
    )?;
    let rows: Vec<Vec<String>> = chart
        .rows
        .iter()
        .filter(|r| r.kind == layout::RowKind::Item)
        .map(|r| r.cells.clone())
        .collect();
    let cols = vec![
        layout::Column {
            header: "取組事項".into(),
            weight: 4.0,
        },
        layout::Column {
            header: "担当課".into(),
            weight: 1.5,
        },
        layout::Column {
            header: "状況".into(),
            weight: 1.0,
        },
        layout::Column {
            header: "目標時期".into(),
            weight: 1.3,
        },
    ];
    let org = layout::OrgChart {
        header: layout::DocHeader {
            title: "DX推進体制図".into(),
            ..head.clone()
        },
        nodes: demo_org(),
    };
    let parts = vec![
        layout::Part {
            title: "1. ビジョン".into(),
            pages: layout::text_pages(&a4, &head, "1. ビジョン", &vision, &font.metrics),
        },
        layout::Part {
            title: "2. 工程表".into(),
            pages: gantt_pages,
        },
        layout::Part {
            title: "3. 取組一覧".into(),
            pages: layout::table_pages(&a4, &head, "3. 取組一覧", &cols, &rows, &font.metrics)?,
        },
        layout::Part {
            title: "4. 推進体制".into(),
            pages: layout::org_pages(&org, &Sheet::a3_landscape(), &font.metrics)?,
        },
    ];
    let doc = layout::bundle(&a4, &head, Some("令和7年度 進捗報告"), parts, &font.metrics);
    render::write_pdf(&doc, &font, std::path::Path::new("out/bundle.pdf"))?;
    println!(
        "bundle: {} pages, {} KB",
        doc.pages.len(),
        std::fs::metadata("out/bundle.pdf")?.len() / 1024
    );
    Ok(())
}

fn demo_org() -> Vec<layout::OrgNode> {
    let n = |id: &str,
             parent: Option<&str>,
             name: &str,
             kind: &str,
             lines: &[&str],
             cross: bool,
             members: &[&str]| layout::OrgNode {
        id: id.into(),
        parent: parent.map(Into::into),
        name: name.into(),
        kind: kind.into(),
        lines: lines.iter().map(|s| s.to_string()).collect(),
        cross_cutting: cross,
        members: members.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        n(
            "mayor",
            None,
            "市長",
            "",
            &["CIO 副市長", "CIO補佐官 (特別職非常勤)"],
            false,
            &[],
        ),
        n(
            "seisaku",
            Some("mayor"),
            "政策経営部",
            "部",
            &["部長 佐藤一郎"],
            false,
            &[],
        ),
        n(
            "it",
            Some("seisaku"),
            "情報政策課",
            "課",
            &["課長 鈴木花子", "DX推進担当 3名"],
            false,
            &[],
        ),
        n(
            "kikaku",
            Some("seisaku"),
            "企画課",
            "課",
            &["課長 高橋"],
            false,
            &[],
        ),
        n(
            "gyokaku",
            Some("seisaku"),
            "行政改革課",
            "課",
            &["課長 中村"],
            false,
            &[],
        ),
        n(
            "shimin",
            Some("mayor"),
            "市民部",
            "部",
            &["部長 田中"],
            false,
            &[],
        ),
        n(
            "shiminka",
            Some("shimin"),
            "市民課",
            "課",
            &["課長 伊藤"],
            false,
            &[],
        ),
        n(
            "zei",
            Some("shimin"),
            "税務課",
            "課",
            &["課長 渡辺"],
            false,
            &[],
        ),
        n(
            "fukushi",
            Some("mayor"),
            "健康福祉部",
            "部",
            &["部長 小林"],
            false,
            &[],
        ),
        n(
            "kaigo",
            Some("fukushi"),
            "介護保険課",
            "課",
            &["課長 山本"],
            false,
            &[],
        ),
        n(
            "kodomo",
            Some("fukushi"),
            "こども家庭課",
            "課",
            &["課長 加藤"],
            false,
            &[],
        ),
        n(
            "somu",
            Some("mayor"),
            "総務部",
            "部",
            &["部長 吉田"],
            false,
            &[],
        ),
        n(
            "jinji",
            Some("somu"),
            "人事課",
            "課",
            &["課長 山田"],
            false,
            &[],
        ),
        n(
            "hq",
            None,
            "DX推進本部",
            "本部",
            &["本部長 市長", "副本部長 副市長", "事務局 情報政策課"],
            true,
            &[],
        ),
        n(
            "bukai",
            Some("hq"),
            "情報化推進部会",
            "部会",
            &["部会長 政策経営部長"],
            true,
            &["it", "kikaku", "gyokaku"],
        ),
        n(
            "std",
            Some("bukai"),
            "標準化・共通化分科会",
            "分科会",
            &["分科会長 情報政策課長", "構成員 業務主管課長"],
            true,
            &["shiminka", "zei", "kaigo", "kodomo"],
        ),
        n(
            "online",
            Some("bukai"),
            "行政手続のオンライン化分科会",
            "分科会",
            &["分科会長 情報政策課長"],
            true,
            &["kaigo", "kodomo"],
        ),
        n(
            "jinzai",
            Some("hq"),
            "DX人材育成部会",
            "部会",
            &["部会長 総務部長"],
            true,
            &["jinji"],
        ),
    ]
}
