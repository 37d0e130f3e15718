//! The roll-up a prefecture (or a 広域連合) makes of its municipalities' workbooks, because it follows 20 to 180
//! of them and today merges their Excel sheets by hand: one row per 団体 with the figures the national dashboard
//! tracks, built from each workbook's own summary so the two never disagree. Pure: the shell reads the files.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::specified::SpecifiedCause;
use crate::model::{Employment, Role, UnitKind, Workbook};
use crate::query::summary::summarize;
use crate::query::trend::completion_as_of;

/// One municipality's line of the roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Entry {
    /// the file it was read from, as the user named it
    pub file: String,
    /// 団体コード (check digit verified when it was entered), `None` when the workbook has none
    pub code: Option<String>,
    pub municipality: String,
    /// the step template the file uses and its step count (17 for 第1.0版, 40 for a loaded 40-step one)
    pub template: String,
    pub template_steps: usize,
    /// 業務 → 完了率 (percent, one decimal)
    pub completion_by_system: BTreeMap<String, f64>,
    /// all steps of all systems
    pub completion_percent: f64,
    /// how 完了率 moved in the month to `today`, in percentage points, from the progress history (`None`: the
    /// workbook keeps no history yet)
    pub change_since_last_month: Option<f64>,
    pub specified: Vec<SpecifiedSystem>,
    pub online_required: usize,
    pub online_required_done: usize,
    pub governance: Governance,
    /// rows past their planned end and not closed
    pub late: usize,
    /// the file's last modification
    pub modified: Option<NaiveDateTime>,
    /// days since the last modification, at the roll-up's `today`
    pub stale_days: Option<i64>,
}

/// A 特定移行支援システム with its 事由 and its own deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpecifiedSystem {
    pub system: String,
    /// the national survey's category of the 事由 (`None`: not chosen yet)
    pub cause: Option<SpecifiedCause>,
    /// its label as every roll-up shows it (「メインフレーム」…, 「未分類」)
    pub cause_label: String,
    pub reason: String,
    pub deadline: NaiveDate,
    pub completion_percent: f64,
}

/// The 推進体制 indicators the national dashboard tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Governance {
    /// CIO任命
    pub cio: bool,
    /// CIO補佐官等
    pub cio_adviser: bool,
    /// 全体方針策定 (a vision or 基本方針 written)
    pub policy: bool,
    /// 全庁的な推進体制 (a 本部)
    pub body: bool,
    /// 外部人材の活用 (anyone not a regular employee)
    pub external: bool,
}

/// A file that could not be read, and why (in Japanese).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refused {
    pub file: String,
    pub reason: String,
}

/// The whole roll-up: entries in 団体コード order (those without a code last, by name), the 業務 columns of the
/// heat-map, and the files that were refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rollup {
    pub today: NaiveDate,
    pub systems: Vec<String>,
    pub entries: Vec<Entry>,
    pub refused: Vec<Refused>,
    /// template name → how many workbooks use it
    pub templates: BTreeMap<String, usize>,
    /// the 特定移行支援システム by the category of their 事由: every category of the national survey in its order,
    /// then 未分類 when a system has none
    pub causes: Vec<CauseCount>,
}

/// How many 特定移行支援システム, in how many 団体, give one category of 事由.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CauseCount {
    /// the category's label (「メインフレーム」…), or 「未分類」
    pub label: String,
    pub systems: usize,
    pub municipalities: usize,
}

/// A category's label, 「未分類」 for none.
pub fn cause_label(cause: Option<SpecifiedCause>) -> &'static str {
    cause.map_or("未分類", SpecifiedCause::label)
}

/// The count per category of 事由 over the entries (`Rollup::causes`).
pub fn cause_counts(entries: &[Entry]) -> Vec<CauseCount> {
    let count = |cause: Option<SpecifiedCause>| {
        let of = |e: &Entry| e.specified.iter().filter(|x| x.cause == cause).count();
        CauseCount {
            label: cause_label(cause).into(),
            systems: entries.iter().map(of).sum(),
            municipalities: entries.iter().filter(|e| of(e) > 0).count(),
        }
    };
    let mut out: Vec<CauseCount> = SpecifiedCause::ALL
        .into_iter()
        .map(|c| count(Some(c)))
        .collect();
    let unsorted = count(None);
    if unsorted.systems > 0 {
        out.push(unsorted);
    }
    out
}

/// The heat-map colour of a 完了率 (0xRRGGBB): red (far behind) through yellow to green (done); the same on
/// paper and in Excel.
pub fn heat(percent: f64) -> u32 {
    match percent {
        p if p >= 100.0 => 0x63BE7B,
        p if p >= 75.0 => 0xA9D08E,
        p if p >= 50.0 => 0xE2EFDA,
        p if p >= 25.0 => 0xFFEB84,
        _ => 0xF8CBAD,
    }
}

/// A month's change as reports write it: 「+2.3」, 「▲1.0」 (a fall), 「±0.0」, 「－」 without a history.
pub fn change_text(change: Option<f64>) -> String {
    match change {
        None => "－".into(),
        Some(c) if c > 0.0 => format!("+{c:.1}"),
        Some(c) if c < 0.0 => format!("▲{:.1}", -c),
        Some(_) => "±0.0".into(),
    }
}

/// The 推進体制 indicators as five marks in a fixed order (CIO・CIO補佐官・全体方針・推進本部・外部人材).
pub fn governance_marks(g: &Governance) -> String {
    [g.cio, g.cio_adviser, g.policy, g.body, g.external]
        .iter()
        .map(|b| if *b { '○' } else { '×' })
        .collect()
}

/// One municipality's entry from its workbook.
pub fn entry(
    file: &str,
    wb: &Workbook,
    modified: Option<NaiveDateTime>,
    today: NaiveDate,
) -> Entry {
    let s = summarize(wb, today);
    let by_name: BTreeMap<String, f64> = s
        .migration
        .systems
        .iter()
        .map(|f| (f.name.clone(), f.completion_percent))
        .collect();
    let specified = wb
        .systems
        .iter()
        .filter(|x| x.specified)
        .map(|x| SpecifiedSystem {
            system: x.name.clone(),
            cause: x.specified_cause,
            cause_label: cause_label(x.specified_cause).into(),
            reason: x.specified_reason.clone(),
            deadline: x.deadline(),
            completion_percent: by_name.get(&x.name).copied().unwrap_or(0.0),
        })
        .collect();
    let roles = |r: Role| wb.roles.iter().any(|a| a.role == r);
    Entry {
        file: file.to_string(),
        code: wb.meta.code.as_ref().map(|c| c.to_string()),
        municipality: wb.meta.municipality.clone(),
        template: wb.template.name.clone(),
        template_steps: wb.template.steps.len(),
        completion_by_system: by_name,
        completion_percent: s.migration.completion_percent,
        change_since_last_month: month_change(wb, today),
        specified,
        online_required: s.online.required,
        online_required_done: s.online.required_done,
        governance: Governance {
            cio: roles(Role::Cio),
            cio_adviser: roles(Role::CioAdviser),
            policy: !wb.vision.statement.trim().is_empty() || !wb.vision.policies.is_empty(),
            body: wb.units.iter().any(|u| u.kind == UnitKind::Headquarters),
            external: wb.people.iter().any(|p| p.employment != Employment::Staff),
        },
        late: s.late.len(),
        modified,
        stale_days: modified.map(|m| (today - m.date()).num_days()),
    }
}

/// 完了率 at `today` less 完了率 a month earlier, from the progress history, in percentage points (one decimal).
fn month_change(wb: &Workbook, today: NaiveDate) -> Option<f64> {
    if wb.progress.is_empty() {
        return None;
    }
    let before = today.checked_sub_months(Months::new(1))?;
    let now = completion_as_of(wb, today)?;
    let then = completion_as_of(wb, before)?;
    Some(((now - then) * 1000.0).round() / 10.0)
}

/// Puts entries in 団体コード order and collects the heat-map's 業務 columns: the national order given
/// (`national`, the template's 20 業務) first, then any other 業務 in the order first met.
pub fn rollup(
    mut entries: Vec<Entry>,
    refused: Vec<Refused>,
    national: &[String],
    today: NaiveDate,
) -> Rollup {
    entries.sort_by(|a, b| {
        (a.code.is_none(), &a.code, &a.municipality, &a.file).cmp(&(
            b.code.is_none(),
            &b.code,
            &b.municipality,
            &b.file,
        ))
    });
    let mut systems: Vec<String> = national.to_vec();
    for e in &entries {
        for name in e.completion_by_system.keys() {
            if !systems.contains(name) {
                systems.push(name.clone());
            }
        }
    }
    // a national 業務 no workbook has is left out
    systems.retain(|s| {
        entries
            .iter()
            .any(|e| e.completion_by_system.contains_key(s))
    });
    let mut templates = BTreeMap::new();
    for e in &entries {
        *templates.entry(e.template.clone()).or_insert(0) += 1;
    }
    let mut refused = refused;
    refused.sort_by(|a, b| a.file.cmp(&b.file));
    Rollup {
        today,
        systems,
        causes: cause_counts(&entries),
        entries,
        refused,
        templates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LocalGovCode;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn demo() -> Workbook {
        crate::data::demo::demo_workbook().unwrap()
    }

    #[test]
    fn an_entry_carries_the_workbooks_own_summary_figures() {
        let wb = demo();
        let today = d("2025-11-20");
        let e = entry("a.dxplan", &wb, None, today);
        let s = summarize(&wb, today);
        assert_eq!(e.completion_percent, s.migration.completion_percent);
        for f in &s.migration.systems {
            assert_eq!(
                e.completion_by_system.get(&f.name),
                Some(&f.completion_percent),
                "{}",
                f.name
            );
        }
        assert_eq!(e.online_required_done, s.online.required_done);
        assert_eq!(e.late, s.late.len());
        assert_eq!(e.template_steps, wb.template.steps.len());
        assert_eq!(
            e.specified.len(),
            wb.systems.iter().filter(|x| x.specified).count()
        );
        let now = completion_as_of(&wb, today).unwrap();
        let then = completion_as_of(&wb, d("2025-10-20")).unwrap();
        assert_eq!(
            e.change_since_last_month,
            Some(((now - then) * 1000.0).round() / 10.0),
            "the month's change from the demo's history"
        );
        let mut fresh = wb.clone();
        fresh.progress.clear();
        assert_eq!(
            entry("b", &fresh, None, today).change_since_last_month,
            None,
            "no history, no change"
        );
    }

    #[test]
    fn specified_systems_are_counted_by_the_category_of_their_reason_across_municipalities() {
        let today = d("2025-11-20");
        let mut a = demo();
        let mut b = demo();
        b.meta.municipality = "となり町".into();
        // a: two on a mainframe and one not classified; b: one on a mainframe
        for (i, x) in a.systems.iter_mut().take(3).enumerate() {
            x.specified = true;
            x.specified_reason = "汎用機で稼働".into();
            x.specified_cause = if i < 2 {
                Some(SpecifiedCause::Mainframe)
            } else {
                None
            };
        }
        for x in a.systems.iter_mut().skip(3) {
            x.specified = false;
        }
        for (i, x) in b.systems.iter_mut().enumerate() {
            x.specified = i == 0;
            x.specified_cause = (i == 0).then_some(SpecifiedCause::Mainframe);
        }
        let r = rollup(
            vec![entry("a", &a, None, today), entry("b", &b, None, today)],
            vec![],
            &[],
            today,
        );
        let by = |label: &str| r.causes.iter().find(|c| c.label == label).cloned();
        let main = by("メインフレーム").expect("the category is listed");
        assert_eq!(
            (main.systems, main.municipalities),
            (3, 2),
            "2 in a, 1 in b"
        );
        let none = by("未分類").expect("a system without a category is counted apart");
        assert_eq!((none.systems, none.municipalities), (1, 1));
        assert_eq!(
            by("個別開発").map(|c| c.systems),
            Some(0),
            "every category is listed, even at 0"
        );
        assert_eq!(r.causes.len(), SpecifiedCause::ALL.len() + 1);
        assert_eq!(
            r.causes.iter().map(|c| c.systems).sum::<usize>(),
            r.entries.iter().map(|e| e.specified.len()).sum::<usize>(),
            "every specified system counted once"
        );
        let plain = rollup(vec![entry("a", &demo(), None, today)], vec![], &[], today);
        assert!(
            plain.causes.iter().all(|c| c.label != "未分類"),
            "no 未分類 line when every system has a category"
        );
    }

    #[test]
    fn a_change_reads_with_its_sign_and_a_fall_as_a_triangle() {
        assert_eq!(change_text(Some(2.34)), "+2.3");
        assert_eq!(change_text(Some(-1.0)), "▲1.0");
        assert_eq!(change_text(Some(0.0)), "±0.0");
        assert_eq!(change_text(None), "－");
    }

    #[test]
    fn governance_indicators_follow_roles_vision_bodies_and_external_people() {
        let mut wb = demo();
        let today = d("2025-11-20");
        let g = entry("a", &wb, None, today).governance;
        assert!(
            g.cio && g.cio_adviser && g.policy && g.body && g.external,
            "the demo city has all: {g:?}"
        );
        wb.roles.retain(|r| r.role != Role::CioAdviser);
        wb.vision = Default::default();
        wb.people
            .iter_mut()
            .for_each(|p| p.employment = Employment::Staff);
        let g = entry("a", &wb, None, today).governance;
        assert!(g.cio && !g.cio_adviser && !g.policy && !g.external, "{g:?}");
    }

    #[test]
    fn entries_are_in_code_order_with_codeless_ones_last_and_staleness_counted_in_days() {
        let today = d("2025-11-20");
        let mut a = demo();
        a.meta.code = Some(LocalGovCode::parse("131016").unwrap());
        let mut b = demo();
        b.meta.code = Some(LocalGovCode::parse("011002").unwrap());
        let mut c = demo();
        c.meta.code = None;
        c.meta.municipality = "あ町".into();
        let modified = NaiveDate::from_ymd_opt(2025, 9, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0);
        let r = rollup(
            vec![
                entry("c", &c, None, today),
                entry("a", &a, modified, today),
                entry("b", &b, None, today),
            ],
            vec![],
            &["住民基本台帳".to_string(), "どこにもない業務".to_string()],
            today,
        );
        let files: Vec<&str> = r.entries.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, ["b", "a", "c"]);
        assert_eq!(r.entries[1].stale_days, Some(80));
        assert_eq!(r.systems[0], "住民基本台帳", "the national order first");
        assert!(
            !r.systems.contains(&"どこにもない業務".to_string()),
            "a 業務 no workbook has is left out"
        );
        assert_eq!(r.templates.values().sum::<usize>(), 3);
    }
}
