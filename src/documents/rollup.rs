//! The roll-up of many municipalities as a PDF in the council bundle's style, because the prefecture hands it on
//! paper too: the 団体 × 業務 heat-map (完了率 as cell shades, the same scale as the Excel book), the 特定移行支援
//! systems with their 事由, and the files that could not be read. Pure: the roll-up and the fonts come in.

use crate::calendar::wareki;
use crate::layout::{
    self, Column, DocHeader, Document, FontMetrics, LayoutError, Part, Rgb, Sheet,
};
use crate::query::rollup::{Rollup, change_text, governance_marks, heat};

fn col(header: &str, weight: f32) -> Column {
    Column {
        header: header.into(),
        weight,
    }
}

fn rgb(c: u32) -> Rgb {
    Rgb((c >> 16) as u8, (c >> 8) as u8, c as u8)
}

/// The roll-up document on `sheet` (A3 landscape for the council format).
pub fn document(r: &Rollup, sheet: &Sheet, m: &FontMetrics) -> Result<Document, LayoutError> {
    let head = DocHeader {
        title: "市区町村DX進捗 集計".into(),
        municipality: format!("{}団体", r.entries.len()),
        created: r.today,
        confidentiality: None,
    };
    let mut columns = vec![col("団体", 3.4), col("全体", 1.1)];
    columns.extend(r.systems.iter().map(|s| col(s, 1.0)));
    columns.extend([
        col("前月比", 1.1),
        col("オンライン化 完了/対象", 1.4),
        col("推進体制", 1.5),
        col("遅延", 0.9),
        col("最終更新", 1.7),
    ]);
    let mut values: Vec<Vec<Option<f64>>> = vec![];
    let rows: Vec<Vec<String>> = r
        .entries
        .iter()
        .map(|e| {
            let mut v = vec![Some(e.completion_percent)];
            v.extend(
                r.systems
                    .iter()
                    .map(|s| e.completion_by_system.get(s).copied()),
            );
            let mut row = vec![format!(
                "{}（{}）",
                e.municipality,
                e.code.as_deref().unwrap_or("コードなし")
            )];
            row.extend(
                v.iter()
                    .map(|p| p.map(|p| format!("{p:.1}")).unwrap_or_else(|| "－".into())),
            );
            row.extend([
                change_text(e.change_since_last_month),
                format!("{}/{}", e.online_required_done, e.online_required),
                governance_marks(&e.governance),
                e.late.to_string(),
                match e.stale_days {
                    Some(d) if d < 0 => "基準日より後".into(),
                    Some(d) => format!("{d}日前"),
                    None => "不明".into(),
                },
            ]);
            values.push(v);
            row
        })
        .collect();
    let heat_cols = 1..=r.systems.len() + 1;
    let shade = |row: usize, c: usize| {
        if heat_cols.contains(&c) {
            values
                .get(row)
                .and_then(|v| v.get(c - 1).copied().flatten())
                .map(|p| rgb(heat(p)))
        } else {
            None
        }
    };
    let mut parts = vec![Part {
        title: "団体ごとの完了率".into(),
        pages: layout::shaded_table_pages(
            sheet,
            &head,
            "団体ごとの標準化の完了率（%、前月比はポイント）と推進体制（CIO・CIO補佐官・全体方針・推進本部・外部人材の順に○×）",
            &columns,
            &rows,
            &shade,
            m,
        )?,
    }];
    let specified: Vec<Vec<String>> = r
        .entries
        .iter()
        .flat_map(|e| {
            e.specified.iter().map(move |x| {
                vec![
                    e.municipality.clone(),
                    x.system.clone(),
                    x.cause_label.clone(),
                    x.reason.clone(),
                    wareki(x.deadline),
                    format!("{:.1}%", x.completion_percent),
                ]
            })
        })
        .collect();
    // first how many, by the national survey's category of 事由, then each system
    let causes: Vec<Vec<String>> = r
        .causes
        .iter()
        .map(|c| {
            vec![
                c.label.clone(),
                format!("{}件", c.systems),
                format!("{}団体", c.municipalities),
            ]
        })
        .collect();
    let mut pages = layout::table_pages(
        sheet,
        &head,
        "特定移行支援システム（事由の区分ごとの件数）",
        &[
            col("事由の区分", 4.0),
            col("システム数", 1.5),
            col("団体数", 1.5),
        ],
        &causes,
        m,
    )?;
    pages.extend(layout::table_pages(
        sheet,
        &head,
        "特定移行支援システム（事由と移行期限）",
        &[
            col("団体", 2.0),
            col("業務", 2.0),
            col("事由の区分", 2.2),
            col("事由", 5.8),
            col("移行期限", 2.0),
            col("完了率", 1.0),
        ],
        &specified,
        m,
    )?);
    parts.push(Part {
        title: "特定移行支援システム".into(),
        pages,
    });
    if !r.refused.is_empty() {
        let refused: Vec<Vec<String>> = r
            .refused
            .iter()
            .map(|x| vec![x.file.clone(), x.reason.clone()])
            .collect();
        parts.push(Part {
            title: "読めなかったファイル".into(),
            pages: layout::table_pages(
                sheet,
                &head,
                "読めなかったファイル",
                &[col("ファイル", 3.0), col("理由", 7.0)],
                &refused,
                m,
            )?,
        });
    }
    let templates: Vec<String> = r
        .templates
        .iter()
        .map(|(t, n)| format!("{t}: {n}団体"))
        .collect();
    let subtitle = format!("{}時点・{}", wareki(r.today), templates.join("、"));
    Ok(layout::bundle(sheet, &head, Some(&subtitle), parts, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Item, real_metrics};
    use crate::query::rollup::{Refused, entry, rollup};

    #[test]
    fn the_heat_map_shades_each_rate_and_stays_on_its_pages() {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
        let wb = crate::data::demo::demo_workbook().unwrap();
        let entries = (0..30)
            .map(|i| entry(&format!("{i}.dxplan"), &wb, None, today))
            .collect();
        let refused = vec![Refused {
            file: "x.dxplan".into(),
            reason: "壊れています".into(),
        }];
        let names: Vec<String> = wb.systems.iter().map(|s| s.name.clone()).collect();
        let r = rollup(entries, refused, &names, today);
        let m = real_metrics();
        let sheet = Sheet::a3_landscape();
        let doc = document(&r, &sheet, &m).unwrap();
        let (pw, ph) = sheet.size_mm();
        let green = rgb(heat(r.entries[0].completion_by_system["就学"]));
        let mut shaded = 0;
        for page in &doc.pages {
            for item in &page.items {
                if let Item::Rect {
                    x, y, w, h, fill, ..
                } = item
                {
                    assert!(
                        *x >= 0.0 && *y >= 0.0 && x + w <= pw + 0.01 && y + h <= ph + 0.01,
                        "a cell leaves the page"
                    );
                    if *fill == Some(green) {
                        shaded += 1;
                    }
                }
            }
        }
        assert!(
            shaded >= 30,
            "就学 (100 %) is shaded green for each of the 30 団体: {shaded}"
        );
        crate::layout::assert_texts_inside(&doc, sheet.margins_mm, &m);
        let texts: String = doc
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| {
                if let Item::Text { text, .. } = i {
                    Some(text.as_str())
                } else {
                    None
                }
            })
            .collect();
        for want in [
            "特定移行支援システム",
            "読めなかったファイル",
            "○○○○○",
            "健康管理",
        ] {
            assert!(texts.contains(want), "{want}");
        }
    }
}
