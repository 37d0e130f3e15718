//! The 推進体制 sheet: the DX organisation as an indented tree of bodies and units with their roles, people and
//! linked units, because the plan must say who carries it.

use std::collections::{BTreeSet, HashMap};

use super::grid::INITIATIVE;
use super::{headings, titled};
use crate::model::{Id, Workbook};
use crate::xlsx::book::{Align, Sheet, SheetBuilder, Style};

pub(super) fn org_sheet(wb: &Workbook) -> Sheet {
    let mut b = titled("推進体制", wb, "DX推進体制", None);
    let cols = [
        "組織・役割",
        "種別",
        "役割",
        "氏名",
        "役職名",
        "関係課",
        "所属人数",
    ];
    let head = 2u32;
    headings(&mut b, head, &cols, false);
    let mut row = head + 1;
    let role_row = |b: &mut SheetBuilder, row: u32, depth: u8, r: &crate::model::RoleAssignment| {
        let name = wb
            .person(r.person_id)
            .map(|p| p.name.as_str())
            .unwrap_or("");
        b.text(row, 0, "", Style::cell().indented(depth));
        b.blank(row, 1, Style::cell());
        b.text(row, 2, r.role.label(), Style::cell());
        b.text(row, 3, name, Style::cell());
        b.text(row, 4, &r.title, Style::cell());
        b.blank(row, 5, Style::cell());
        b.blank(row, 6, Style::cell());
    };
    // roles outside any body first: 首長, CIO, CIO補佐官
    for r in wb.roles.iter().filter(|r| r.unit_id.is_none()) {
        role_row(&mut b, row, 0, r);
        row += 1;
    }
    let mut children: HashMap<Option<Id>, Vec<&crate::model::OrgUnit>> = HashMap::new();
    for u in &wb.units {
        let parent = u.parent_id.filter(|p| wb.unit(*p).is_some());
        children.entry(parent).or_default().push(u);
    }
    for v in children.values_mut() {
        v.sort_by_key(|u| (u.kind.is_cross_cutting(), u.sort, u.id));
    }
    // people per unit, by the unit's position (50,000 people: no hashing per person)
    let unit_ix = crate::model::IdIndex::new(wb.units.iter().map(|u| u.id));
    let mut people = vec![0usize; wb.units.len()];
    for p in &wb.people {
        if let Some(i) = p.unit_id.and_then(|u| unit_ix.get(u)) {
            people[i] += 1;
        }
    }
    // depth-first, iteratively (a deep tree must not overflow the stack)
    let mut stack: Vec<(&crate::model::OrgUnit, u8)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|u| (*u, 0u8)).collect())
        .unwrap_or_default();
    let mut seen: BTreeSet<Id> = BTreeSet::new();
    while let Some((u, depth)) = stack.pop() {
        if !seen.insert(u.id) {
            continue;
        }
        let fill = if u.kind.is_cross_cutting() {
            Some(0xFCE4D6)
        } else if u.parent_id.is_none() {
            Some(INITIATIVE)
        } else {
            None
        };
        let st = Style {
            fill,
            ..Style::cell()
        };
        b.text(
            row,
            0,
            &u.name,
            Style {
                bold: depth == 0,
                ..st.indented(depth.min(15))
            },
        );
        b.text(row, 1, u.kind.label(), st);
        b.blank(row, 2, st);
        b.blank(row, 3, st);
        b.blank(row, 4, st);
        let linked = u
            .linked_units
            .iter()
            .map(|l| wb.unit_name(Some(*l)))
            .collect::<Vec<_>>()
            .join("・");
        b.text(row, 5, &linked, st);
        match unit_ix.get(u.id).map(|i| people[i]).filter(|n| *n > 0) {
            Some(n) => b.number(
                row,
                6,
                n as f64,
                Style {
                    align: Align::Right,
                    ..st
                },
            ),
            None => b.blank(row, 6, st),
        }
        row += 1;
        for r in wb.roles.iter().filter(|r| r.unit_id == Some(u.id)) {
            role_row(&mut b, row, (depth + 1).min(15), r);
            row += 1;
        }
        if let Some(kids) = children.get(&Some(u.id)) {
            for k in kids.iter().rev() {
                stack.push((k, depth.saturating_add(1)));
            }
        }
    }
    if row == head + 1 {
        b.text(row, 0, "（組織がありません）", Style::default());
    }
    b.sheet.freeze = Some((head + 1, 1));
    b.sheet.repeat_rows = Some((head, head));
    b.finish(6.0, 50.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::xlsx::Value;

    /// 推進体制 shows beside each unit how many people belong to it, and nothing for a unit without people.
    #[test]
    fn the_org_sheet_counts_the_people_of_each_unit() {
        let wb = crate::data::demo::demo_workbook().unwrap();
        let sheet = org_sheet(&wb);
        let mut checked = 0;
        for u in &wb.units {
            let n = wb.people.iter().filter(|p| p.unit_id == Some(u.id)).count();
            let Some(row) = sheet
                .cells
                .iter()
                .find(|c| c.col == 0 && matches!(&c.value, Value::Text(t) if t.trim() == u.name))
                .map(|c| c.row)
            else {
                continue; // a name shown twice or indented differently: the count is checked on the others
            };
            let shown = sheet
                .cells
                .iter()
                .find(|c| c.row == row && c.col == 6)
                .and_then(|c| match c.value {
                    Value::Number(v) => Some(v as usize),
                    _ => None,
                });
            assert_eq!(shown, (n > 0).then_some(n), "people of {}", u.name);
            checked += usize::from(n > 0);
        }
        assert!(
            checked >= 5,
            "the demo has units with people ({checked} checked)"
        );
    }
}
