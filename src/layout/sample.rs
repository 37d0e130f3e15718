//! A realistic 工程表 (the national roadmap of 自治体DX, as a municipality would plan it),
//! shared by the layout tests, the PDF demo and the app's preview before data exists.

use chrono::NaiveDate;

use super::gantt::{BarStatus, GanttChart, GanttRow, RowKind, TableColumn};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn group(name: &str) -> GanttRow {
    GanttRow::new(RowKind::Group, vec![name.to_string()])
}

fn item(
    name: &str,
    owner: &str,
    target: &str,
    plan: (NaiveDate, NaiveDate),
    status: BarStatus,
    progress: u8,
) -> GanttRow {
    let mut r = GanttRow::new(
        RowKind::Item,
        vec![
            name.into(),
            owner.into(),
            status.label().into(),
            target.into(),
        ],
    );
    r.plan = Some(plan);
    r.status = status;
    r.progress = Some(progress);
    r
}

fn reference(name: &str, target: &str, plan: (NaiveDate, NaiveDate)) -> GanttRow {
    let mut r = GanttRow::new(
        RowKind::Reference,
        vec![name.into(), "（国）".into(), String::new(), target.into()],
    );
    r.plan = Some(plan);
    r
}

/// The 工程表 of a fictional city, FY2021–FY2025, 基準日 2025-11-20.
pub fn sample_roadmap() -> GanttChart {
    use BarStatus::*;
    let mut rows = vec![
        group("BPRの取組みの徹底"),
        item(
            "書面・押印・対面の見直し",
            "行政改革課",
            "令和4年度末",
            (d(2021, 4, 1), d(2023, 3, 31)),
            Done,
            100,
        ),
        item(
            "業務プロセスの可視化 (業務量調査)",
            "行政改革課",
            "",
            (d(2022, 4, 1), d(2024, 3, 31)),
            Done,
            100,
        ),
        item(
            "窓口業務の改善 (書かない窓口)",
            "市民課",
            "",
            (d(2023, 10, 1), d(2026, 3, 31)),
            InProgress,
            55,
        ),
        group("目標時期等が設定されている取組み"),
        item(
            "自治体情報システムの標準化・共通化",
            "情報政策課",
            "令和7年度",
            (d(2021, 4, 1), d(2026, 3, 31)),
            InProgress,
            70,
        ),
        reference(
            "【参考】ガバメントクラウド先行事業",
            "",
            (d(2021, 10, 1), d(2023, 3, 31)),
        ),
        reference(
            "【参考】標準仕様書の作成 (第1G・第2G)",
            "",
            (d(2021, 4, 1), d(2022, 9, 30)),
        ),
        item(
            "現行システムの概要調査・Fit&Gap分析",
            "情報政策課",
            "",
            (d(2022, 4, 1), d(2023, 3, 31)),
            Done,
            100,
        ),
        item(
            "移行計画の作成",
            "情報政策課",
            "",
            (d(2022, 10, 1), d(2023, 9, 30)),
            Done,
            100,
        ),
        item(
            "RFI・ベンダ選定・契約",
            "情報政策課",
            "",
            (d(2023, 7, 1), d(2024, 9, 30)),
            Done,
            100,
        ),
        item(
            "住民基本台帳システムの移行",
            "市民課",
            "令和7年度",
            (d(2024, 4, 1), d(2026, 1, 31)),
            Late,
            60,
        ),
        item(
            "個人住民税・固定資産税システムの移行",
            "税務課",
            "令和7年度",
            (d(2024, 7, 1), d(2026, 3, 31)),
            InProgress,
            65,
        ),
        item(
            "介護保険・障害者福祉システムの移行",
            "介護保険課",
            "令和7年度",
            (d(2024, 7, 1), d(2026, 3, 31)),
            InProgress,
            50,
        ),
        item(
            "児童手当・子ども子育て支援システムの移行 (特定移行支援システム)",
            "こども家庭課",
            "令和9年度",
            (d(2025, 4, 1), d(2028, 3, 31)),
            InProgress,
            15,
        ),
        item(
            "文字情報基盤文字への対応",
            "情報政策課",
            "",
            (d(2024, 4, 1), d(2025, 12, 31)),
            InProgress,
            40,
        ),
        item(
            "マイナンバーカードの普及促進",
            "市民課",
            "令和4年度末",
            (d(2021, 4, 1), d(2023, 3, 31)),
            Done,
            100,
        ),
        item(
            "出張申請受付・休日窓口",
            "市民課",
            "",
            (d(2021, 10, 1), d(2023, 3, 31)),
            Done,
            100,
        ),
        item(
            "行政手続のオンライン化 (子育て・介護 26手続)",
            "情報政策課",
            "令和4年度末",
            (d(2021, 4, 1), d(2023, 3, 31)),
            Done,
            100,
        ),
        reference(
            "【参考】標準様式・標準仕様の提示",
            "",
            (d(2021, 4, 1), d(2021, 12, 31)),
        ),
        item(
            "申請管理システムと基幹系の連携 (方式3・4)",
            "情報政策課",
            "",
            (d(2022, 4, 1), d(2024, 3, 31)),
            Done,
            100,
        ),
        item(
            "その他手続のオンライン化",
            "各課",
            "",
            (d(2023, 4, 1), d(2026, 3, 31)),
            InProgress,
            45,
        ),
        item(
            "次期自治体情報セキュリティクラウドへの移行",
            "情報政策課",
            "令和4年度末",
            (d(2021, 4, 1), d(2022, 12, 31)),
            Done,
            100,
        ),
        item(
            "情報セキュリティポリシーの改定",
            "情報政策課",
            "",
            (d(2023, 4, 1), d(2024, 3, 31)),
            Done,
            100,
        ),
        group("その他の取組み"),
        item(
            "AI・RPAの利用推進",
            "行政改革課",
            "",
            (d(2021, 4, 1), d(2026, 3, 31)),
            InProgress,
            60,
        ),
        item(
            "議事録作成AIの導入",
            "総務課",
            "",
            (d(2022, 4, 1), d(2023, 3, 31)),
            Done,
            100,
        ),
        item(
            "RPAによる給与事務の自動化",
            "人事課",
            "",
            (d(2023, 4, 1), d(2025, 3, 31)),
            Late,
            70,
        ),
        item(
            "テレワークの推進",
            "人事課",
            "",
            (d(2021, 4, 1), d(2024, 3, 31)),
            Done,
            100,
        ),
        item(
            "地域社会のデジタル化",
            "企画課",
            "",
            (d(2022, 4, 1), d(2026, 3, 31)),
            InProgress,
            40,
        ),
        item(
            "デジタルデバイド対策 (スマホ教室)",
            "高齢福祉課",
            "",
            (d(2022, 10, 1), d(2026, 3, 31)),
            InProgress,
            50,
        ),
        item(
            "オープンデータの推進",
            "情報政策課",
            "",
            (d(2021, 4, 1), d(2025, 3, 31)),
            Cancelled,
            30,
        ),
        item(
            "給食費の公会計化に伴う手続のオンライン化",
            "学校教育課",
            "",
            (d(2023, 4, 1), d(2024, 3, 31)),
            NotApplicable,
            0,
        ),
        item(
            "官民データ活用推進計画の策定",
            "企画課",
            "",
            (d(2025, 4, 1), d(2026, 3, 31)),
            NotStarted,
            0,
        ),
        item(
            "DX推進体制の構築 (CIO補佐官の任用)",
            "情報政策課",
            "",
            (d(2021, 1, 1), d(2021, 9, 30)),
            Done,
            100,
        ),
        item(
            "職員のデジタル人材育成 (研修計画)",
            "人事課",
            "",
            (d(2021, 10, 1), d(2026, 3, 31)),
            InProgress,
            60,
        ),
    ];
    // Keys, dependencies, baselines, actuals and milestones on the migration rows.
    let find = |rows: &[GanttRow], name: &str| {
        rows.iter()
            .position(|r| r.cells.first().is_some_and(|c| c == name))
    };
    let set_key = |rows: &mut Vec<GanttRow>, name: &str, key: &str| {
        if let Some(i) = find(rows, name) {
            rows[i].key = Some(key.into());
        }
    };
    set_key(&mut rows, "現行システムの概要調査・Fit&Gap分析", "survey");
    set_key(&mut rows, "移行計画の作成", "plan");
    set_key(&mut rows, "RFI・ベンダ選定・契約", "vendor");
    if let Some(i) = find(&rows, "移行計画の作成") {
        rows[i].depends_on = vec!["survey".into()];
        rows[i].actual = Some((d(2022, 11, 1), Some(d(2023, 10, 31))));
    }
    if let Some(i) = find(&rows, "RFI・ベンダ選定・契約") {
        rows[i].depends_on = vec!["plan".into()];
        rows[i].actual = Some((d(2023, 8, 1), Some(d(2024, 10, 31))));
    }
    if let Some(i) = find(&rows, "住民基本台帳システムの移行") {
        rows[i].depends_on = vec!["vendor".into()];
        rows[i].baseline = Some((d(2024, 4, 1), d(2025, 9, 30)));
        rows[i].actual = Some((d(2024, 5, 1), None));
        rows[i].milestones = vec![d(2026, 1, 4)];
    }
    if let Some(i) = find(&rows, "自治体情報システムの標準化・共通化") {
        rows[i].actual = Some((d(2021, 6, 1), None));
        rows[i].milestones = vec![d(2026, 3, 31)];
    }
    for name in [
        "マイナンバーカードの普及促進",
        "行政手続のオンライン化 (子育て・介護 26手続)",
        "次期自治体情報セキュリティクラウドへの移行",
    ] {
        if let Some(i) = find(&rows, name) {
            rows[i].milestones = vec![d(2023, 3, 31)];
        }
    }
    if let Some(i) = find(&rows, "RPAによる給与事務の自動化") {
        rows[i].baseline = Some((d(2023, 4, 1), d(2024, 3, 31)));
        rows[i].actual = Some((d(2023, 6, 1), None));
    }
    for g in ["目標時期等が設定されている取組み"] {
        if let Some(i) = find(&rows, g) {
            rows[i].plan = Some((d(2021, 4, 1), d(2026, 3, 31)));
        }
    }
    GanttChart {
        title: "自治体DX推進計画 工程表".into(),
        municipality: "みどり市".into(),
        created: d(2025, 11, 20),
        today: d(2025, 11, 20),
        confidentiality: Some("機密性2".into()),
        columns: vec![
            TableColumn {
                header: "取組事項".into(),
                width_mm: 72.0,
            },
            TableColumn {
                header: "担当課".into(),
                width_mm: 24.0,
            },
            TableColumn {
                header: "状況".into(),
                width_mm: 13.0,
            },
            TableColumn {
                header: "【参考】目標時期".into(),
                width_mm: 21.0,
            },
        ],
        rows,
        notes: vec!["※ 目標時期は国の「自治体DX推進計画」による。".into()],
        progress_line: false,
    }
}
