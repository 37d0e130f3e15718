//! The 推進体制図: the organisation chart of the DX office, its line units and its cross-cutting bodies.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::common::ViewOptions;
use crate::layout::{DocHeader, OrgChart, OrgNode};
use crate::model::Workbook;

/// The 推進体制図: line units under a 首長・CIO box, cross-cutting bodies as their own
/// tree with dashed links to their member units, people in their roles in each box.
pub fn org_chart(wb: &Workbook, opts: &ViewOptions) -> OrgChart {
    let person = |id| wb.person(id).map(|p| p.name.as_str()).unwrap_or("");
    let mut lines_of: HashMap<Option<i64>, Vec<String>> = HashMap::new();
    for r in &wb.roles {
        let title = if r.title.trim().is_empty() {
            r.role.label().to_string()
        } else {
            r.title.clone()
        };
        let line = if opts.include_personal {
            format!("{title} {}", person(r.person_id))
                .trim()
                .to_string()
        } else {
            title
        };
        lines_of.entry(r.unit_id).or_default().push(line);
    }
    if !opts.include_personal {
        // without names, identical titles say one thing: 「構成員（3名）」
        for lines in lines_of.values_mut() {
            let mut counted: Vec<(String, usize)> = vec![];
            for l in lines.drain(..) {
                match counted.iter_mut().find(|(t, _)| *t == l) {
                    Some((_, n)) => *n += 1,
                    None => counted.push((l, 1)),
                }
            }
            *lines = counted
                .into_iter()
                .map(|(t, n)| if n > 1 { format!("{t}（{n}名）") } else { t })
                .collect();
        }
    }
    let mut nodes = Vec::new();
    let top_lines = lines_of.remove(&None).unwrap_or_default();
    let has_top = !top_lines.is_empty();
    if has_top {
        nodes.push(OrgNode {
            id: "top".into(),
            parent: None,
            name: format!(
                "{}長・CIO",
                wb.meta
                    .municipality
                    .chars()
                    .last()
                    .map_or(String::new(), |c| c.to_string())
            ),
            kind: String::new(),
            lines: top_lines,
            cross_cutting: false,
            members: Vec::new(),
        });
    }
    let mut staff_of: FxHashMap<i64, usize> = FxHashMap::default();
    for p in &wb.people {
        if let Some(u) = p.unit_id {
            *staff_of.entry(u).or_default() += 1;
        }
    }
    let mut units: Vec<_> = wb.units.iter().collect();
    units.sort_by_key(|u| (u.sort, u.id));
    for u in units {
        let cross = u.kind.is_cross_cutting();
        let mut lines = lines_of.remove(&Some(u.id)).unwrap_or_default();
        if !cross {
            let staff = staff_of.get(&u.id).copied().unwrap_or(0);
            if staff > 0 {
                lines.push(format!("職員 {staff}名"));
            }
        }
        let parent = match u.parent_id {
            Some(p) => Some(format!("u{p}")),
            None if !cross && has_top => Some("top".into()),
            None => None,
        };
        nodes.push(OrgNode {
            id: format!("u{}", u.id),
            parent,
            name: u.name.clone(),
            kind: u.kind.label().to_string(),
            lines,
            cross_cutting: cross,
            members: u.linked_units.iter().map(|m| format!("u{m}")).collect(),
        });
    }
    OrgChart {
        header: DocHeader {
            title: "DX推進体制図".into(),
            municipality: wb.meta.municipality.clone(),
            created: opts.created,
            confidentiality: opts.confidentiality.clone(),
        },
        nodes,
    }
}
