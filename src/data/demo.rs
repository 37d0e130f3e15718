//! The demo workbook of a fictional city (みなと川市), filled in every area as a real office would have it on
//! 令和7年11月20日: ~20 systems at mixed progress (some late, one 特定移行支援), the 26 required procedures, an
//! org with the 本部/分科会 structure, ~200 staff, three fiscal years of training, and two baselines.
//! Deterministic: the same workbook every time (no clock, no randomness beyond a fixed-seed generator).

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;

use crate::calendar::FiscalYear;
use crate::data::templates::{self, read_csv};
use crate::error::{Error, Result};
use crate::model::edit::initial_steps;
use crate::model::*;

const CITY_TOML: &str = include_str!("../../assets/demo/city.toml");
const ORG_CSV: &str = include_str!("../../assets/demo/org.csv");
const PEOPLE_CSV: &str = include_str!("../../assets/demo/people.csv");
const ROLES_CSV: &str = include_str!("../../assets/demo/roles.csv");
const SYSTEMS_CSV: &str = include_str!("../../assets/demo/systems.csv");
const PROCEDURES_CSV: &str = include_str!("../../assets/demo/procedures.csv");
const ROADMAP_CSV: &str = include_str!("../../assets/demo/roadmap.csv");
const KPIS_CSV: &str = include_str!("../../assets/demo/kpis.csv");

#[derive(Deserialize)]
struct City {
    name: String,
    code: String,
    as_of: NaiveDate,
    plan_start: NaiveDate,
    plan_end: NaiveDate,
    vision: String,
    policies: Vec<String>,
}

fn city() -> Result<City> {
    toml::from_str(CITY_TOML).map_err(|e| Error::internal(format!("demo city.toml: {e}")))
}

/// The date the demo's progress figures describe (令和7年11月20日).
pub fn as_of() -> NaiveDate {
    city().map(|c| c.as_of).unwrap_or_default()
}

/// Small fixed-seed generator (xorshift): generated data must be the same on every machine.
pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}
fn month_end(d: NaiveDate) -> NaiveDate {
    month_start(d)
        .checked_add_months(Months::new(1))
        .and_then(|x| x.pred_opt())
        .unwrap_or(d)
}
fn add_months(d: NaiveDate, m: i32) -> NaiveDate {
    if m >= 0 {
        d.checked_add_months(Months::new(m as u32))
    } else {
        d.checked_sub_months(Months::new((-m) as u32))
    }
    .unwrap_or(d)
}

/// Where each of the 17 steps sits on a system's timeline, as fractions from the start of planning to the target.
const STEP_SHAPE: [(f64, f64); 17] = [
    (0.00, 0.04),
    (0.03, 0.12),
    (0.10, 0.22),
    (0.20, 0.27),
    (0.27, 0.32),
    (0.32, 0.36),
    (0.36, 0.42),
    (0.40, 0.47),
    (0.47, 0.53),
    (0.53, 0.58),
    (0.58, 0.62),
    (0.55, 0.65),
    (0.65, 0.80),
    (0.75, 0.95),
    (0.85, 0.99),
    (0.62, 0.90),
    (0.80, 0.97),
];

/// Planned span of step `i` for a timeline from `start` to `target`.
fn step_plan(i: usize, start: NaiveDate, target: NaiveDate) -> Span {
    let total = (target - start).num_days() as f64;
    let (a, b) = STEP_SHAPE.get(i).copied().unwrap_or((0.9, 1.0));
    let s = month_start(start + chrono::Duration::days((a * total) as i64));
    let e = month_end(start + chrono::Duration::days((b * total) as i64)).min(target);
    Span {
        start: s,
        end: e.max(s),
    }
}

/// How a demo system is doing on the as-of date.
#[derive(Clone, Copy)]
enum Track {
    OnTime,
    /// behind its plan by this many months (late rows)
    Behind(i32),
    /// re-planned: migration-phase steps moved later by this many months after the September baseline
    Replanned(i32),
}

/// Builds the demo workbook.
pub fn demo_workbook() -> Result<Workbook> {
    let c = city()?;
    let as_of = c.as_of;
    let mut meta = WorkbookMeta::new(&c.name)?;
    meta.code = Some(LocalGovCode::parse(&c.code)?);
    meta.plan_start = c.plan_start;
    meta.plan_end = c.plan_end;
    let mut wb = Workbook::empty(meta);
    wb.vision = Vision {
        statement: c.vision.trim().to_string(),
        policies: c.policies,
    };

    // 推進体制
    let org = read_csv(ORG_CSV, &["名称", "種別", "上位"])?;
    for (i, r) in org.iter().enumerate() {
        wb.units.push(OrgUnit {
            id: i as Id + 1,
            name: r.req("名称")?.into(),
            kind: UnitKind::parse(r.get("種別")).map_err(|e| r.at(e))?,
            parent_id: None,
            linked_units: vec![],
            sort: r.num("表示順")?.unwrap_or(i as i64 * 10),
            step_capacity: None,
        });
    }
    for r in &org {
        let parent = r.get("上位");
        if parent.is_empty() {
            continue;
        }
        let pid = unit(&wb, parent)?;
        let id = unit(&wb, r.get("名称"))?;
        if let Some(u) = wb.units.iter_mut().find(|u| u.id == id) {
            u.parent_id = Some(pid);
        }
    }
    for (i, r) in read_csv(PEOPLE_CSV, &["職員番号", "氏名", "職位", "所属"])?
        .iter()
        .enumerate()
    {
        let no = r.get("職員番号");
        wb.people.push(Person {
            id: i as Id + 1,
            staff_no: (!no.is_empty()).then(|| no.to_string()),
            name: r.req("氏名")?.into(),
            kana: r.get("かな").into(),
            position: r.get("職位").into(),
            unit_id: match r.get("所属") {
                "" => None,
                u => Some(unit(&wb, u)?),
            },
            employment: Employment::parse(r.get("任用形態")).map_err(|e| r.at(e))?,
        });
    }
    for (i, r) in read_csv(ROLES_CSV, &["職員番号または氏名", "組織", "役割"])?
        .iter()
        .enumerate()
    {
        let who = r.get("職員番号または氏名");
        let person = wb
            .people
            .iter()
            .find(|p| p.staff_no.as_deref() == Some(who) || p.name == who)
            .ok_or_else(|| r.at(Error::not_found("職員", who)))?
            .id;
        wb.roles.push(RoleAssignment {
            id: i as Id + 1,
            person_id: person,
            unit_id: match r.get("組織") {
                "" => None,
                u => Some(unit(&wb, u)?),
            },
            role: Role::parse(r.get("役割")).map_err(|e| r.at(e))?,
            title: r.get("役職名").into(),
        });
    }

    // 全体方針: national rows; the city's own tasks replace the national bars except on 【参考】 rows
    let (inits, national_tasks) = templates::national_roadmap()?;
    wb.initiatives = inits;
    wb.tasks = national_tasks
        .into_iter()
        .filter(|t| wb.initiative(t.initiative_id).is_some_and(|i| i.reference))
        .collect();
    let dx = unit(&wb, "DX推進課")?;
    for i in wb.initiatives.iter_mut().filter(|i| !i.reference) {
        i.owner_unit = Some(dx);
    }
    for r in read_csv(ROADMAP_CSV, &["取組事項", "取組内容", "開始", "終了"])? {
        let init = wb
            .initiatives
            .iter()
            .find(|i| i.name == r.get("取組事項"))
            .ok_or_else(|| r.at(Error::not_found("取組事項", r.get("取組事項"))))?
            .id;
        let id = Workbook::next_id(wb.tasks.iter().map(|t| &t.id));
        let plan = Span::new(
            r.date("開始")?
                .ok_or_else(|| r.at(Error::invalid("開始が空")))?,
            r.date("終了")?
                .ok_or_else(|| r.at(Error::invalid("終了が空")))?,
        )?;
        let t = Task {
            id,
            initiative_id: init,
            name: r.req("取組内容")?.into(),
            owner_unit: Some(unit(&wb, r.get("担当課"))?),
            plan: Some(plan),
            actual_start: r.date("実績開始")?,
            actual_end: r.date("実績終了")?,
            progress: r.num("進捗")?.unwrap_or(0),
            status: Status::parse(r.get("状態")).map_err(|e| r.at(e))?,
            milestone: r.bool("マイルストーン")?,
            notes: r.get("課題・遅延理由").into(),
            sort: id * 10,
        };
        t.validate().map_err(|e| r.at(e))?;
        wb.tasks.push(t);
    }
    // finish-to-start: the plan before the migration, the migration before its report
    let task_id =
        |wb: &Workbook, name: &str| wb.tasks.iter().find(|t| t.name == name).map(|t| t.id);
    for (p, s) in [
        (
            "全業務の移行計画の策定",
            "標準準拠システムへの移行（全20業務）",
        ),
        ("標準準拠システムへの移行（全20業務）", "移行完了報告"),
        (
            "窓口業務の業務フロー見直し（市民課・保険年金課）",
            "書かない窓口の試行開始",
        ),
        (
            "AI-OCRの導入（税・福祉の申請書）",
            "RPA対象業務の拡大（20業務）",
        ),
    ] {
        if let (Some(p), Some(s)) = (task_id(&wb, p), task_id(&wb, s)) {
            wb.dependencies.push(Dependency {
                predecessor: p,
                successor: s,
                lag: 0,
            });
        }
    }
    for (i, r) in read_csv(KPIS_CSV, &["取組事項", "KPI", "目標値"])?
        .iter()
        .enumerate()
    {
        let init = wb
            .initiatives
            .iter()
            .find(|x| x.name == r.get("取組事項"))
            .ok_or_else(|| r.at(Error::not_found("取組事項", r.get("取組事項"))))?;
        let mut actuals = vec![];
        for (col, fy) in [("R4実績", 2022), ("R5実績", 2023), ("R6実績", 2024)] {
            if let Some(v) = r.num::<f64>(col)? {
                actuals.push(KpiActual {
                    year: FiscalYear(fy),
                    value: v,
                });
            }
        }
        wb.kpis.push(Kpi {
            id: i as Id + 1,
            initiative_id: init.id,
            name: r.req("KPI")?.into(),
            unit: r.get("単位").into(),
            target: r.num("目標値")?.unwrap_or(0.0),
            target_year: r.num::<i32>("目標年度")?.map(FiscalYear),
            actuals,
        });
    }

    // 人材育成
    let (skills, targets, courses) = templates::national_training()?;
    wb.skills = skills;
    wb.skill_targets = targets;
    wb.courses = courses;
    super::demo_training::train_staff(&mut wb, as_of)?;

    // 標準化
    wb.template =
        templates::parse_step_template(templates::STEPS_V1_NAME, templates::STEPS_V1_CSV)?;
    let planning_start =
        NaiveDate::from_ymd_opt(2022, 4, 1).ok_or_else(|| Error::internal("date"))?;
    let mut replans: Vec<(Id, Track)> = vec![];
    let national = templates::read_csv(templates::SYSTEMS_CSV, &["業務", "グループ"])?;
    for (i, r) in read_csv(SYSTEMS_CSV, &["業務", "所管課", "目標日"])?
        .iter()
        .enumerate()
    {
        let name = r.req("業務")?;
        let group = national
            .iter()
            .find(|n| n.get("業務") == name)
            .map(|n| n.get("グループ"))
            .unwrap_or("");
        let owners = crate::model::owners::owner_units(r.get("所管課"))
            .into_iter()
            .map(|u| unit(&wb, u))
            .collect::<Result<Vec<_>>>()?;
        let sys = System {
            id: i as Id + 1,
            name: name.into(),
            group: SystemGroup::parse(group)?,
            owner_units: owners,
            vendor: r.get("現行ベンダ").into(),
            pattern: Pattern::parse(r.get("パターン"))?,
            target_date: templates::national_system_target(),
            specified: r.bool("特定移行支援")?,
            specified_reason: r.get("特定移行支援理由").into(),
            specified_deadline: r.date("特定移行期限")?,
            notes: String::new(),
            sort: (i as i64 + 1) * 10,
            specified_cause: SpecifiedCause::parse(r.get("特定移行支援区分"))
                .map_err(|e| r.at(e))?,
        };
        sys.validate().map_err(|e| r.at(e))?;
        // the city's own go-live date for the system (≤ the national target unless 特定移行支援)
        let go_live = r.date("目標日")?.unwrap_or(sys.target_date);
        let track = match name {
            "生活保護" => Track::Behind(5),
            "国民健康保険" => Track::Behind(6),
            "障害者福祉" => Track::Behind(9),
            "介護保険" => Track::Replanned(2),
            _ => Track::OnTime,
        };
        let first = Workbook::next_id(wb.system_steps.iter().map(|s| &s.id));
        let mut steps = initial_steps(&wb, &sys, first);
        // 当初計画: every system planned to finish by the national target
        let original_target = go_live.min(templates::national_system_target());
        for (k, st) in steps.iter_mut().enumerate() {
            st.plan = Some(step_plan(k, planning_start, original_target));
        }
        wb.system_steps.extend(steps);
        wb.systems.push(sys);
        replans.push((i as Id + 1, track));
    }
    add_procedures(&mut wb)?;

    // baseline 1: 当初計画 (all plans as first approved)
    let b1 = Baseline::take(
        1,
        "当初計画",
        NaiveDate::from_ymd_opt(2022, 4, 1).unwrap_or(as_of),
        &wb,
    )?;
    wb.baselines.push(b1);

    // before the September council: the 特定移行支援 system is re-planned to its own deadline
    let go_live_of: HashMap<String, NaiveDate> = read_csv(SYSTEMS_CSV, &["業務", "目標日"])?
        .iter()
        .filter_map(|r| Some((r.get("業務").to_string(), r.date("目標日").ok()??)))
        .collect();
    let specified: Vec<(Id, NaiveDate)> = wb
        .systems
        .iter()
        .filter(|s| s.specified)
        .map(|s| {
            (
                s.id,
                go_live_of.get(&s.name).copied().unwrap_or(s.deadline()),
            )
        })
        .collect();
    for (sid, target) in specified {
        replan_from(&mut wb, sid, 4, planning_start, target);
    }
    let b2 = Baseline::take(
        2,
        "令和7年9月議会報告時点",
        NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or(as_of),
        &wb,
    )?;
    wb.baselines.push(b2);

    // after September: 介護保険 moves its migration phase later
    for (sid, track) in &replans {
        if let Track::Replanned(m) = track {
            let ids: Vec<Id> = wb
                .steps_of(*sid)
                .iter()
                .filter(|s| s.template_step_id >= 13)
                .map(|s| s.id)
                .collect();
            for st in wb.system_steps.iter_mut().filter(|s| ids.contains(&s.id)) {
                if let Some(p) = st.plan {
                    let start = add_months(p.start, *m);
                    let end = month_end(add_months(p.end, *m));
                    st.plan = Some(Span {
                        start,
                        end: end.max(start),
                    });
                }
            }
        }
    }
    // progress on the as-of date
    let mut rng = Rng(0x5eed_2025);
    for (sid, track) in replans {
        let lag = match track {
            Track::Behind(m) => m,
            _ => 0,
        };
        let step_ids: Vec<Id> = wb.steps_of(sid).iter().map(|s| s.id).collect();
        for st in wb
            .system_steps
            .iter_mut()
            .filter(|s| step_ids.contains(&s.id))
        {
            if st.status == StepStatus::NotApplicable {
                continue;
            }
            let Some(p) = st.plan else { continue };
            let jitter = rng.below(10) as i64;
            let start = p.start + chrono::Duration::days(jitter);
            let done_by = add_months(p.end, lag) + chrono::Duration::days(jitter);
            let started_by = add_months(p.start, lag) + chrono::Duration::days(jitter);
            if done_by < as_of {
                st.status = StepStatus::Done;
                st.actual_start = Some(add_months(start, lag).min(done_by));
                st.actual_end = Some(done_by);
            } else if started_by <= as_of {
                st.status = StepStatus::InProgress;
                st.actual_start = Some(started_by);
                if lag > 0 && p.end < as_of {
                    st.notes = "ベンダとの調整に時間を要し、計画より遅れている".into();
                }
            }
        }
    }
    // 運用経費・補助金・予算
    crate::data::demo_money::fill(&mut wb)?;
    // the history that led here: 令和4年度 → the as-of date
    wb.progress = crate::data::history::history(&wb, planning_start, as_of);
    Ok(wb)
}

fn unit(wb: &Workbook, name: &str) -> Result<Id> {
    wb.unit_by_name(name)
        .map(|u| u.id)
        .ok_or_else(|| Error::not_found("組織", name))
}

/// Re-plans a system's steps from step `from_no` on, spreading them to a new target.
fn replan_from(wb: &mut Workbook, sid: Id, from_no: u32, start: NaiveDate, target: NaiveDate) {
    let nos: HashMap<Id, u32> = wb.template.steps.iter().map(|t| (t.id, t.no)).collect();
    for st in wb.system_steps.iter_mut().filter(|s| s.system_id == sid) {
        let no = nos.get(&st.template_step_id).copied().unwrap_or(0);
        if no >= from_no {
            st.plan = Some(step_plan(no as usize - 1, start, target));
        }
    }
}

/// The 26 required procedures, owned and tracked as the demo city has them.
fn add_procedures(wb: &mut Workbook) -> Result<()> {
    let national = read_csv(templates::PROCEDURES_CSV, &["番号", "分類", "手続名"])?;
    let start = NaiveDate::from_ymd_opt(2021, 10, 1).ok_or_else(|| Error::internal("date"))?;
    for (i, r) in read_csv(PROCEDURES_CSV, &["番号", "所管課", "状態"])?
        .iter()
        .enumerate()
    {
        let no: u32 = r
            .num("番号")?
            .ok_or_else(|| r.at(Error::invalid("番号が空")))?;
        let n = national
            .iter()
            .find(|n| n.get("番号") == no.to_string())
            .ok_or_else(|| r.at(Error::not_found("手続", no)))?;
        let status = Status::parse(r.get("状態")).map_err(|e| r.at(e))?;
        let target = templates::national_online_target();
        // unfinished procedures were re-planned to the end of 令和7年度, except those reported late
        let plan_end = match status {
            Status::InProgress | Status::NotStarted => {
                NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or(target)
            }
            _ => target,
        };
        let plan = Span::new(start, plan_end)?;
        let done = status == Status::Done;
        wb.procedures.push(Procedure {
            id: i as Id + 1,
            no,
            category: ProcedureCategory::parse(n.get("分類"))?,
            name: n.req("手続名")?.into(),
            required: n.bool("市区町村必須")?,
            owner_unit: Some(unit(wb, r.get("所管課"))?),
            link_method: LinkMethod::parse(r.get("連携方式"))?,
            plan: (status != Status::NotApplicable).then_some(plan),
            actual_start: matches!(status, Status::Done | Status::InProgress | Status::Delayed)
                .then_some(start),
            actual_end: done
                .then(|| NaiveDate::from_ymd_opt(2023, 3, 1 + (no % 28)).unwrap_or(target)),
            target_date: Some(target),
            status,
            excluded_reason: r.get("対象外理由").into(),
            notes: if status == Status::Delayed {
                "基幹システムへの取込方式（方式3）の改修待ち".into()
            } else {
                String::new()
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_the_same_every_time_and_has_every_area_filled() {
        let a = demo_workbook().expect("demo builds");
        let b = demo_workbook().expect("demo builds");
        assert_eq!(a, b, "deterministic");
        assert_eq!(a.meta.municipality, "みなと川市");
        assert_eq!(a.systems.len(), 20);
        assert_eq!(
            a.systems.iter().filter(|s| s.specified).count(),
            1,
            "one 特定移行支援"
        );
        assert_eq!(a.procedures.len(), 26);
        assert!(
            (40..=60).contains(&a.units.len()),
            "~40 units: {}",
            a.units.len()
        );
        assert!(
            (180..=220).contains(&a.people.len()),
            "~200 staff: {}",
            a.people.len()
        );
        assert_eq!(a.baselines.len(), 2);
        let years: std::collections::BTreeSet<i32> =
            a.enrolments.iter().map(|e| e.year.0).collect();
        assert_eq!(
            years.into_iter().collect::<Vec<_>>(),
            vec![2024, 2025, 2026],
            "three fiscal years of training"
        );
        assert!(
            a.enrolments
                .iter()
                .any(|e| e.status == EnrolmentStatus::Completed)
        );
        assert!(
            a.enrolments
                .iter()
                .any(|e| e.status == EnrolmentStatus::Planned)
        );
    }

    #[test]
    fn every_row_of_the_demo_validates_against_the_model() {
        let wb = demo_workbook().unwrap();
        crate::model::org::check_units(&wb.units).expect("org valid");
        for t in &wb.tasks {
            t.validate()
                .unwrap_or_else(|e| panic!("task {}: {}", t.name, e.message));
        }
        for s in &wb.system_steps {
            s.validate()
                .unwrap_or_else(|e| panic!("step {}: {}", s.id, e.message));
        }
        for p in &wb.procedures {
            p.validate()
                .unwrap_or_else(|e| panic!("procedure {}: {}", p.name, e.message));
        }
        for e in &wb.enrolments {
            e.validate()
                .unwrap_or_else(|er| panic!("enrolment {}: {}", e.id, er.message));
        }
        crate::model::roadmap::check_acyclic(&wb.dependencies, |i| i.to_string())
            .expect("no cycles");
    }

    #[test]
    fn the_demo_has_mixed_progress_some_late_rows_and_slips_since_september() {
        let wb = demo_workbook().unwrap();
        let rates: Vec<f64> = wb
            .systems
            .iter()
            .filter_map(|s| wb.completion_rate(s.id))
            .collect();
        assert!(
            rates.iter().any(|r| *r < 0.8) && rates.iter().any(|r| *r > 0.85),
            "mixed 完了率: {rates:?}"
        );
        let sept = wb.baseline_by_name("令和7年9月議会報告時点").unwrap();
        let r = crate::query::review::review(
            &wb,
            as_of(),
            NaiveDate::from_ymd_opt(2025, 12, 18).unwrap(),
            Some(sept),
        );
        assert!(r.late.len() >= 5, "some late rows: {}", r.late.len());
        assert!(
            r.slipped.iter().any(|s| s.row.group == "介護保険"),
            "介護保険 slipped since September"
        );
        assert!(
            !r.due.is_empty(),
            "something falls due before the next meeting"
        );
    }
}
