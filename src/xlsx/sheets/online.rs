//! The オンライン化 sheet: the procedures to put online, one row each, with counts per 状況 that follow edits made
//! in the sheet.

use super::grid::{PLAN_CLOSED, PLAN_DONE, PLAN_LATE};
use super::{headings, titled};
use crate::model::{Status, Workbook};
use crate::xlsx::book::{NumFmt, Sheet, Style, cell_ref};

pub(super) fn online_sheet(wb: &Workbook) -> Sheet {
    let mut b = titled("オンライン化", wb, "行政手続のオンライン化", None);
    let cols = [
        "番号",
        "分類",
        "手続名",
        "必須",
        "所管課",
        "連携方式",
        "状況",
        "計画開始",
        "計画終了",
        "目標時期",
        "実績終了",
        "対象外理由",
        "備考",
    ];
    let head = 2u32;
    headings(&mut b, head, &cols, false);
    let mut procs: Vec<_> = wb.procedures.iter().collect();
    procs.sort_by_key(|p| (p.no, p.id));
    let date = Style::cell().with_num(NumFmt::WarekiShort).centered();
    let mut row = head + 1;
    for p in procs {
        b.number(row, 0, f64::from(p.no), Style::cell().centered());
        b.text(row, 1, p.category.label(), Style::cell());
        b.text(row, 2, &p.name, Style::cell());
        b.text(
            row,
            3,
            if p.required { "○" } else { "" },
            Style::cell().centered(),
        );
        b.text(row, 4, wb.unit_name(p.owner_unit), Style::cell());
        b.text(
            row,
            5,
            p.link_method.map(|l| l.label()).unwrap_or(""),
            Style::cell(),
        );
        let mut sst = Style::cell().centered();
        sst.fill = match p.status {
            Status::Done => Some(PLAN_DONE),
            Status::Delayed => Some(PLAN_LATE),
            Status::NotApplicable | Status::Cancelled => Some(PLAN_CLOSED),
            _ => None,
        };
        b.text(row, 6, p.status.label(), sst);
        b.opt_date(row, 7, p.plan.map(|x| x.start), date);
        b.opt_date(row, 8, p.plan.map(|x| x.end), date);
        b.opt_date(row, 9, p.target_date, date);
        b.opt_date(row, 10, p.actual_end, date);
        b.text(row, 11, &p.excluded_reason, Style::cell());
        b.text(row, 12, &p.notes, Style::cell());
        row += 1;
    }
    if row > head + 1 {
        b.sheet.autofilter = Some((head, 0, row - 1, cols.len() as u16 - 1));
        // counts that follow the table when a status is edited in the sheet
        let r1 = cell_ref(head + 1, 6);
        let r2 = cell_ref(row - 1, 6);
        let mut r = row + 1;
        b.text(r, 2, "状況別の件数", Style::default().bold());
        r += 1;
        for s in Status::ALL {
            let n = wb.procedures.iter().filter(|p| p.status == s).count();
            b.text(r, 2, s.label(), Style::cell());
            b.formula(
                r,
                3,
                format!("=COUNTIF({r1}:{r2},\"{}\")", s.label()),
                n as f64,
                Style::cell().right(),
            );
            r += 1;
        }
    } else {
        b.text(row, 0, "（手続がありません）", Style::default());
    }
    b.sheet.freeze = Some((head + 1, 3));
    b.sheet.repeat_rows = Some((head, head));
    b.sheet.repeat_cols = Some((0, 2));
    b.finish(5.0, 60.0)
}
