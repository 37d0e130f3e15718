//! Generated municipalities for the roll-up benchmark and tests, because a prefecture's roll-up must be measured on
//! as many and as varied workbooks as the country has (1,741 市区町村: 20 政令市, 772 other cities and wards, 743
//! towns, 183 villages, from 50 staff to 15,000), reproducible from a seed.

use chrono::{Duration, NaiveDate};

use crate::data::demo::Rng;
use crate::data::generated::stepped_template;
use crate::data::templates;
use crate::error::{Error, Result};
use crate::model::*;

/// How many municipalities Japan has (the roll-up benchmark's default).
pub const NATIONAL_COUNT: usize = 1_741;

const NAMES: [&str; 24] = [
    "みなみ",
    "きた",
    "あおば",
    "さくら",
    "ひがし",
    "にし",
    "やまと",
    "かわべ",
    "みどり",
    "はなぞの",
    "いずみ",
    "たかはら",
    "おおの",
    "しらかわ",
    "ふじみ",
    "あさひ",
    "なかがわ",
    "みずほ",
    "かすが",
    "ときわ",
    "ひかり",
    "つばさ",
    "わかば",
    "すずらん",
];

const CAUSES: [&str; 5] = [
    "メインフレーム: 現行システムがメインフレームで稼働しており、令和7年度までの移行が困難",
    "個別開発: 個別開発システムのため標準準拠システムへの移行に時間を要する",
    "標準準拠システム未提供: 現行ベンダが標準準拠システムを提供しない",
    "ベンダのリソース不足: 事業者の要員不足により移行時期が確保できない",
    "その他: 庁舎移転と時期が重なるため",
];

/// The kind of a generated municipality, by its index (the country's proportions).
fn size_of(index: usize, rng: &mut Rng) -> (&'static str, usize) {
    let k = index % NATIONAL_COUNT;
    match k {
        0..20 => ("市", 6_000 + rng.below(9_000) as usize),
        20..792 => ("市", 400 + rng.below(2_600) as usize),
        792..1_535 => ("町", 120 + rng.below(380) as usize),
        _ => ("村", 50 + rng.below(100) as usize),
    }
}

/// A 団体コード with a valid check digit: prefecture 01–47, then three digits.
fn code_for(index: usize) -> Result<LocalGovCode> {
    let pref = 1 + index % 47;
    let seq = 100 + (index / 47) * 3 % 900;
    let five = format!("{pref:02}{seq:03}");
    let sum: u32 = five
        .chars()
        .zip([6, 5, 4, 3, 2])
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = (11 - sum % 11) % 10;
    LocalGovCode::parse(&format!("{five}{check}"))
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::internal("generated date"))
}

/// The `index`-th municipality of the set made from `seed`: the national template, a size by kind, a progress
/// of its own (some far ahead, some not started), a quarter on the 40-step template, some 特定移行支援.
pub fn municipality(seed: u64, index: usize) -> Result<Workbook> {
    let mut rng = Rng((seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1);
    for _ in 0..4 {
        rng.next();
    }
    let (suffix, staff) = size_of(index, &mut rng);
    let name = format!(
        "{}{}{}",
        NAMES[index % NAMES.len()],
        index / NAMES.len() + 1,
        suffix
    );
    let mut meta = WorkbookMeta::new(&name)?;
    meta.code = Some(code_for(index)?);
    let mut wb = templates::national_workbook(meta)?;
    if rng.below(4) == 0 {
        wb.template = stepped_template(40);
        let systems = wb.systems.clone();
        wb.system_steps.clear();
        for sys in &systems {
            let first = Workbook::next_id(wb.system_steps.iter().map(|x| &x.id));
            let steps = crate::model::edit::initial_steps(&wb, sys, first);
            wb.system_steps.extend(steps);
        }
    }
    // progress: each 団体 has its own pace, each system a little jitter
    let pace = rng.below(101) as i64; // percent of the plan done by 令和7年11月
    let start = date(2022, 4, 1)?;
    let target = templates::national_system_target();
    let span = (target - start).num_days().max(1);
    let today = date(2025, 11, 20)?;
    for sys in wb.systems.clone() {
        let jitter = rng.below(31) as i64 - 15;
        let done_share = (pace + jitter).clamp(0, 100);
        let mut steps: Vec<&mut SystemStep> = wb
            .system_steps
            .iter_mut()
            .filter(|s| s.system_id == sys.id)
            .collect();
        let n = steps.len() as i64;
        for (k, st) in steps.iter_mut().enumerate() {
            let k = k as i64;
            let a = start + Duration::days(span * k / n.max(1));
            let b = (start + Duration::days(span * (k + 2) / n.max(1))).min(target);
            st.plan = Some(Span::new(a, b)?);
            if st.status == StepStatus::NotApplicable {
                continue;
            }
            if k * 100 < done_share * n {
                st.status = StepStatus::Done;
                st.actual_start = Some(a.min(today));
                st.actual_end = Some(b.min(today).max(a.min(today)));
            } else if k * 100 < (done_share + 8) * n && a <= today {
                st.status = StepStatus::InProgress;
                st.actual_start = Some(a);
            }
        }
    }
    // some systems cannot make the deadline: 特定移行支援 with a cause and a deadline up to 令和12年度末
    if rng.below(10) == 0 {
        for _ in 0..1 + rng.below(2) {
            let i = rng.below(wb.systems.len() as u64) as usize;
            let s = &mut wb.systems[i];
            s.specified = true;
            let k = rng.below(CAUSES.len() as u64) as usize;
            s.specified_reason = CAUSES[k].to_string();
            // CAUSES is in the national survey's order of categories
            s.specified_cause = Some(crate::model::SpecifiedCause::ALL[k]);
            s.specified_deadline =
                Some(date(2028 + rng.below(3) as i32, 3, 31)?.max(s.target_date));
        }
    }
    let online_done = rng.below(101);
    for p in &mut wb.procedures {
        if rng.below(100) < online_done {
            p.status = Status::Done;
            p.actual_start = Some(date(2022, 10, 1)?);
            p.actual_end = Some(date(2023, 3, 31)?);
        }
    }
    // 推進体制: most have a 本部 and a CIO, fewer a CIO補佐官 from outside, most a written policy
    let sections: Vec<Id> = wb
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Section)
        .map(|u| u.id)
        .collect();
    let first_person = 1;
    wb.people = (0..staff)
        .map(|i| Person {
            id: first_person + i as Id,
            staff_no: Some(format!("{:06}", 100_000 + i)),
            name: format!("職員{i:05}"),
            kana: String::new(),
            position: ["課長", "係長", "主任", "主事"][i % 4].to_string(),
            unit_id: sections.get(i % sections.len().max(1)).copied(),
            employment: Employment::Staff,
        })
        .collect();
    if rng.below(10) < 9 {
        let hq = Workbook::next_id(wb.units.iter().map(|u| &u.id));
        wb.units.push(OrgUnit {
            id: hq,
            name: "DX推進本部".into(),
            kind: UnitKind::Headquarters,
            parent_id: None,
            linked_units: vec![],
            sort: hq * 10,
            step_capacity: None,
        });
    }
    let mut roles = vec![];
    if rng.below(20) < 19 {
        roles.push((1, Role::Cio, "CIO（副市長）"));
    }
    if rng.below(10) < 6 {
        let id = wb.people.len() as Id + 1;
        wb.people.push(Person {
            id,
            staff_no: None,
            name: "外部 専門家".into(),
            kana: String::new(),
            position: "CIO補佐官".into(),
            unit_id: None,
            employment: Employment::SpecialPartTime,
        });
        roles.push((id, Role::CioAdviser, "CIO補佐官"));
    }
    wb.roles = roles
        .into_iter()
        .enumerate()
        .map(|(i, (person_id, role, title))| RoleAssignment {
            id: i as Id + 1,
            person_id,
            unit_id: None,
            role,
            title: title.to_string(),
        })
        .collect();
    if rng.below(20) < 17 {
        wb.vision.statement =
            format!("{name}は、デジタルの力で誰一人取り残されない行政サービスを実現する。");
        wb.vision.policies = vec![
            "行政手続のオンライン化".into(),
            "基幹業務システムの標準化".into(),
        ];
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_municipalities_are_valid_varied_and_the_same_every_time() {
        let mut steps = std::collections::BTreeSet::new();
        let mut staff = vec![];
        for index in [0, 5, 100, 800, 1_600, 1_740] {
            let wb = municipality(7, index).unwrap();
            let f = crate::query::check::findings(&wb);
            assert!(
                f.errors.is_empty(),
                "{index}: {:?}",
                &f.errors[..f.errors.len().min(3)]
            );
            assert_eq!(wb.systems.len(), 20);
            steps.insert(wb.template.steps.len());
            staff.push(wb.people.len());
            assert_eq!(
                municipality(7, index).unwrap(),
                wb,
                "reproducible from the seed"
            );
        }
        assert!(
            staff[0] >= 6_000 && staff[5] <= 151,
            "a designated city and a village: {staff:?}"
        );
        let all: std::collections::BTreeSet<usize> = (0..40)
            .map(|i| municipality(7, i).unwrap().template.steps.len())
            .collect();
        steps.extend(all);
        assert_eq!(
            steps.into_iter().collect::<Vec<_>>(),
            [17, 40],
            "both templates occur"
        );
    }

    #[test]
    fn generated_codes_carry_a_valid_check_digit_and_differ() {
        let codes: std::collections::BTreeSet<String> = (0..NATIONAL_COUNT)
            .map(|i| code_for(i).unwrap().to_string())
            .collect();
        assert_eq!(codes.len(), NATIONAL_COUNT, "one code per municipality");
    }
}
