//! The データ sheet: every dated row of the workbook (工程表, 標準化, オンライン化) in one flat table with its id,
//! because that table is what comes back: `import::schedule` reads it with the headers and 種別 labels below.

use crate::model::{System, Workbook};
use crate::xlsx::book::{NumFmt, Sheet, SheetBuilder, Style};

/// Headers of the データ sheet (the re-importable flat table).
pub const DATA_HEADERS: [&str; 17] = [
    "種別",
    "ID",
    "区分",
    "番号",
    "名称",
    "担当課",
    "計画開始",
    "計画終了",
    "実績開始",
    "実績終了",
    "状況",
    "進捗率",
    "マイルストーン",
    "目標日",
    "連携方式",
    "対象外理由",
    "備考",
];

/// 種別 labels of the データ sheet.
pub const KIND_TASK: &str = "工程表";
pub const KIND_STEP: &str = "標準化";
pub const KIND_PROCEDURE: &str = "オンライン化";

pub(super) fn data_sheet(wb: &Workbook) -> Sheet {
    let mut b = SheetBuilder::new("データ");
    for (i, h) in DATA_HEADERS.iter().enumerate() {
        b.text(0, i as u16, h, Style::header());
    }
    let date = Style::default().with_num(NumFmt::IsoDate);
    let text = Style::default();
    let mut row = 1u32;
    for i in wb.roadmap_order() {
        for t in wb.tasks_of(i.id) {
            b.text(row, 0, KIND_TASK, text);
            b.number(row, 1, t.id as f64, text);
            b.text(row, 2, &i.name, text);
            b.text(row, 3, &i.code, text);
            b.text(row, 4, &t.name, text);
            // the task's own 担当 (empty = the initiative's), so a re-import changes nothing
            b.text(row, 5, wb.unit_name(t.owner_unit), text);
            b.opt_date(row, 6, t.plan.map(|p| p.start), date);
            b.opt_date(row, 7, t.plan.map(|p| p.end), date);
            b.opt_date(row, 8, t.actual_start, date);
            b.opt_date(row, 9, t.actual_end, date);
            b.text(row, 10, t.status.label(), text);
            b.number(row, 11, f64::from(t.progress), text);
            b.text(row, 12, if t.milestone { "◆" } else { "" }, text);
            b.text(row, 16, &t.notes, text);
            row += 1;
        }
    }
    let mut systems: Vec<&System> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    for s in systems {
        let owners = wb.owner_names(s);
        for st in wb.steps_of(s.id) {
            let (code, name) = wb
                .template_step(st.template_step_id)
                .map(|t| (t.code.as_str(), t.name.as_str()))
                .unwrap_or(("", ""));
            b.text(row, 0, KIND_STEP, text);
            b.number(row, 1, st.id as f64, text);
            b.text(row, 2, &s.name, text);
            b.text(row, 3, code, text);
            b.text(row, 4, name, text);
            b.text(row, 5, &owners, text);
            b.opt_date(row, 6, st.plan.map(|p| p.start), date);
            b.opt_date(row, 7, st.plan.map(|p| p.end), date);
            b.opt_date(row, 8, st.actual_start, date);
            b.opt_date(row, 9, st.actual_end, date);
            b.text(row, 10, st.status.label(), text);
            b.opt_date(row, 13, Some(s.deadline()), date);
            b.text(row, 16, &st.notes, text);
            row += 1;
        }
    }
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.no, p.id));
    for p in procs {
        b.text(row, 0, KIND_PROCEDURE, text);
        b.number(row, 1, p.id as f64, text);
        b.text(row, 2, p.category.label(), text);
        b.number(row, 3, f64::from(p.no), text);
        b.text(row, 4, &p.name, text);
        b.text(row, 5, wb.unit_name(p.owner_unit), text);
        b.opt_date(row, 6, p.plan.map(|x| x.start), date);
        b.opt_date(row, 7, p.plan.map(|x| x.end), date);
        b.opt_date(row, 8, p.actual_start, date);
        b.opt_date(row, 9, p.actual_end, date);
        b.text(row, 10, p.status.label(), text);
        b.opt_date(row, 13, p.target_date, date);
        b.text(
            row,
            14,
            p.link_method.map(|l| l.label()).unwrap_or(""),
            text,
        );
        b.text(row, 15, &p.excluded_reason, text);
        b.text(row, 16, &p.notes, text);
        row += 1;
    }
    b.sheet.freeze = Some((1, 0));
    b.sheet.repeat_rows = Some((0, 0));
    b.sheet.autofilter = Some((
        0,
        0,
        row.saturating_sub(1).max(1),
        DATA_HEADERS.len() as u16 - 1,
    ));
    b.finish(6.0, 60.0)
}
