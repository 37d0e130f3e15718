//! The national template data shipped in `assets/templates/` (initiatives, 業務, the 17-step model, the 31
//! procedures, the course catalogue), parsed into model values. The data lives in readable CSV/TOML files, not code;
//! they are compiled in so the app needs no files beside it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::edit::initial_steps;
use crate::model::*;

pub const INITIATIVES_TOML: &str = include_str!("../../assets/templates/initiatives.toml");
pub const SYSTEMS_CSV: &str = include_str!("../../assets/templates/systems.csv");
pub const STEPS_V1_CSV: &str = include_str!("../../assets/templates/steps_v1.csv");
pub const PROCEDURES_CSV: &str = include_str!("../../assets/templates/procedures.csv");
pub const COURSES_CSV: &str = include_str!("../../assets/templates/courses.csv");
pub const SKILLS_CSV: &str = include_str!("../../assets/templates/skills.csv");
pub const SKILL_TARGETS_CSV: &str = include_str!("../../assets/templates/skill_targets.csv");

/// Name of the shipped step template.
pub const STEPS_V1_NAME: &str = "自治体情報システムの標準化・共通化に係る手順書【第1.0版】";

/// National target for the standard-compliant systems: end of 令和7年度.
pub fn national_system_target() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default()
}
/// National target for the online procedures: end of 令和4年度.
pub fn national_online_target() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 3, 31).unwrap_or_default()
}

/// One CSV record with its line number, fields looked up by header name.
pub struct Record {
    pub line: u64,
    fields: HashMap<String, String>,
}

impl Record {
    /// A field's trimmed text ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(|s| s.trim()).unwrap_or("")
    }
    /// A required field.
    pub fn req(&self, name: &str) -> Result<&str> {
        let v = self.get(name);
        if v.is_empty() {
            return Err(Error::invalid(format!(
                "{}行目: 「{name}」が空です。",
                self.line
            )));
        }
        Ok(v)
    }
    pub fn bool(&self, name: &str) -> Result<bool> {
        match self.get(name) {
            "true" | "TRUE" | "1" | "○" | "はい" => Ok(true),
            "" | "false" | "FALSE" | "0" | "いいえ" => Ok(false),
            v => Err(Error::invalid(format!(
                "{}行目: 「{name}」の値「{v}」は true か false にしてください。",
                self.line
            ))),
        }
    }
    pub fn num<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        v.replace(',', "").parse().map(Some).map_err(|_| {
            Error::invalid(format!(
                "{}行目: 「{name}」の値「{v}」は数値ではありません。",
                self.line
            ))
        })
    }
    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>> {
        let v = self.get(name);
        if v.is_empty() {
            return Ok(None);
        }
        crate::calendar::parse_date(v)
            .map(Some)
            .map_err(|e| Error::invalid(format!("{}行目: 「{name}」: {e}", self.line)))
    }
    /// Wraps an error with this record's line number.
    pub fn at(&self, e: Error) -> Error {
        Error {
            message: format!("{}行目: {}", self.line, e.message),
            ..e
        }
    }
}

/// Reads CSV text (UTF-8, BOM tolerated) into records; `required` headers must be present.
pub fn read_csv(text: &str, required: &[&str]) -> Result<Vec<Record>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::invalid(format!("CSVの見出し行を読めません（{e}）。")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for r in required {
        if !headers.iter().any(|h| h == r) {
            return Err(Error::invalid(format!(
                "CSVに列「{r}」がありません（見出し: {}）。",
                headers.join(", ")
            )));
        }
    }
    let mut out = vec![];
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            Error::invalid(format!(
                "{line}行目: CSVの行が壊れています（列の数が見出しと合いません）。"
            ))
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let fields = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        out.push(Record { line, fields });
    }
    Ok(out)
}

/// Parses a step template (columns 番号,記号,フェーズ,作業項目,細目,Aパターンのみ,標準期間月).
pub fn parse_step_template(name: &str, csv_text: &str) -> Result<StepTemplate> {
    let recs = read_csv(csv_text, &["番号", "フェーズ", "作業項目"])?;
    let mut steps = vec![];
    for (i, r) in recs.iter().enumerate() {
        let no: u32 = r
            .num("番号")?
            .ok_or_else(|| r.at(Error::invalid("「番号」が空です。")))?;
        steps.push(TemplateStep {
            id: i as Id + 1,
            no,
            code: r.get("記号").to_string(),
            phase: r.req("フェーズ")?.to_string(),
            name: r.req("作業項目")?.to_string(),
            details: r.get("細目").to_string(),
            a_pattern_only: r.bool("Aパターンのみ")?,
            typical_months: r.num("標準期間月")?,
        });
    }
    let t = StepTemplate {
        name: name.to_string(),
        steps,
    };
    t.validate()?;
    Ok(t)
}

#[derive(Deserialize)]
struct InitiativesFile {
    initiative: Vec<InitiativeRow>,
}
#[derive(Deserialize)]
struct InitiativeRow {
    code: String,
    name: String,
    group: String,
    priority: bool,
    reference: bool,
    target_label: String,
    target_date: Option<NaiveDate>,
    #[serde(default)]
    task: Vec<TaskRow>,
}
#[derive(Deserialize)]
struct TaskRow {
    name: String,
    start: NaiveDate,
    end: NaiveDate,
    #[serde(default)]
    milestone: bool,
}

/// The 標準化対象業務 in the national list's order (the columns of a roll-up's heat-map).
pub fn national_system_names() -> Result<Vec<String>> {
    Ok(read_csv(SYSTEMS_CSV, &["業務"])?
        .iter()
        .map(|r| r.get("業務").to_string())
        .collect())
}

/// The national 工程表: initiatives in the order of the national image, with their rough bars.
pub fn national_roadmap() -> Result<(Vec<Initiative>, Vec<Task>)> {
    let file: InitiativesFile = toml::from_str(INITIATIVES_TOML)
        .map_err(|e| Error::internal(format!("initiatives.toml: {e}")))?;
    let mut inits = vec![];
    let mut tasks = vec![];
    for (i, row) in file.initiative.into_iter().enumerate() {
        let id = i as Id + 1;
        inits.push(Initiative {
            id,
            group: InitiativeGroup::parse(&row.group)?,
            code: row.code,
            name: row.name,
            priority: row.priority,
            reference: row.reference,
            target_label: row.target_label,
            target_date: row.target_date,
            owner_unit: None,
            sort: id * 10,
        });
        for t in row.task {
            let tid = tasks.len() as Id + 1;
            tasks.push(Task {
                id: tid,
                initiative_id: id,
                name: t.name,
                owner_unit: None,
                plan: Some(Span::new(t.start, t.end)?),
                actual_start: None,
                actual_end: None,
                progress: 0,
                status: Status::NotStarted,
                milestone: t.milestone,
                notes: String::new(),
                sort: tid * 10,
            });
        }
    }
    Ok((inits, tasks))
}

/// Skill areas, target levels per 職位, and the course catalogue.
pub fn national_training() -> Result<(Vec<SkillArea>, Vec<SkillTarget>, Vec<Course>)> {
    let skills: Vec<SkillArea> = read_csv(SKILLS_CSV, &["スキル領域"])?
        .iter()
        .enumerate()
        .map(|(i, r)| SkillArea {
            id: i as Id + 1,
            name: r.get("スキル領域").into(),
            description: r.get("説明").into(),
        })
        .collect();
    let skill_id = |name: &str, line: u64| {
        skills
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.id)
            .ok_or_else(|| Error::internal(format!("{line}行目: スキル領域「{name}」がありません")))
    };
    let mut targets = vec![];
    for (i, r) in read_csv(SKILL_TARGETS_CSV, &["職位", "スキル領域", "目標レベル"])?
        .iter()
        .enumerate()
    {
        targets.push(SkillTarget {
            id: i as Id + 1,
            position: r.req("職位")?.into(),
            skill_id: skill_id(r.get("スキル領域"), r.line)?,
            level: r.num("目標レベル")?.unwrap_or(1),
        });
    }
    let mut courses = vec![];
    for (i, r) in read_csv(COURSES_CSV, &["実施主体", "研修名", "形式"])?
        .iter()
        .enumerate()
    {
        let mut skills_of = vec![];
        for part in r
            .get("スキル")
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (name, level) = part.rsplit_once(':').unwrap_or((part, "1"));
            skills_of.push(CourseSkill {
                skill_id: skill_id(name.trim(), r.line)?,
                level: level.trim().parse().unwrap_or(1),
            });
        }
        let c = Course {
            id: i as Id + 1,
            provider: r.get("実施主体").into(),
            name: r.req("研修名")?.into(),
            format: CourseFormat::parse(r.get("形式")).map_err(|e| r.at(e))?,
            length: r.get("期間").into(),
            days: r.num("日数")?,
            month: r.num("実施月")?,
            audience: r.get("対象").into(),
            seats: r.num("定員")?,
            fee_yen: r.num("受講料円")?,
            skills: skills_of,
        };
        c.validate().map_err(|e| r.at(e))?;
        courses.push(c);
    }
    Ok((skills, targets, courses))
}

/// A new workbook filled from the national templates: the 工程表, the 20 業務 with the 17 steps each, the 31
/// procedures, the course catalogue. Sections named in the templates (所管課例) become 課 so every system and
/// procedure has an owner the user can rename.
pub fn national_workbook(meta: WorkbookMeta) -> Result<Workbook> {
    meta.validate()?;
    let mut wb = Workbook::empty(meta);
    let (inits, tasks) = national_roadmap()?;
    wb.initiatives = inits;
    wb.tasks = tasks;
    let (skills, targets, courses) = national_training()?;
    wb.skills = skills;
    wb.skill_targets = targets;
    wb.courses = courses;
    wb.template = parse_step_template(STEPS_V1_NAME, STEPS_V1_CSV)?;
    wb.money.programmes = crate::data::subsidies::national_programmes()?;

    let unit_of = |wb: &mut Workbook, name: &str| -> Id {
        if let Some(u) = wb.unit_by_name(name) {
            return u.id;
        }
        let id = Workbook::next_id(wb.units.iter().map(|u| &u.id));
        let kind = if name.ends_with("事務局") {
            UnitKind::Department
        } else {
            UnitKind::Section
        };
        wb.units.push(OrgUnit {
            id,
            name: name.to_string(),
            kind,
            parent_id: None,
            linked_units: vec![],
            sort: id * 10,
            step_capacity: None,
        });
        id
    };
    for (i, r) in read_csv(SYSTEMS_CSV, &["業務", "グループ"])?
        .iter()
        .enumerate()
    {
        let owners: Vec<Id> = crate::model::owners::owner_units(r.get("所管課例"))
            .into_iter()
            .map(|s| unit_of(&mut wb, s))
            .collect();
        let spec = r.get("標準仕様書");
        let sys = System {
            id: i as Id + 1,
            name: r.req("業務")?.into(),
            group: SystemGroup::parse(r.get("グループ")).map_err(|e| r.at(e))?,
            owner_units: owners,
            vendor: String::new(),
            pattern: None,
            target_date: national_system_target(),
            specified: false,
            specified_reason: String::new(),
            specified_deadline: None,
            specified_cause: None,
            notes: if spec.is_empty() {
                String::new()
            } else {
                format!("標準仕様書: {spec}")
            },
            sort: (i as i64 + 1) * 10,
        };
        let first = Workbook::next_id(wb.system_steps.iter().map(|s| &s.id));
        let steps = initial_steps(&wb, &sys, first);
        wb.system_steps.extend(steps);
        wb.systems.push(sys);
    }
    for (i, r) in read_csv(PROCEDURES_CSV, &["番号", "分類", "手続名"])?
        .iter()
        .enumerate()
    {
        // a procedure has one 所管課: the 主管課 of the field
        let owner = crate::model::owners::owner_units(r.get("所管課例"))
            .first()
            .map(|s| unit_of(&mut wb, s));
        wb.procedures.push(Procedure {
            id: i as Id + 1,
            no: r.num("番号")?.unwrap_or(i as u32 + 1),
            category: ProcedureCategory::parse(r.get("分類")).map_err(|e| r.at(e))?,
            name: r.req("手続名")?.into(),
            required: r.bool("市区町村必須")?,
            owner_unit: owner,
            link_method: None,
            plan: None,
            actual_start: None,
            actual_end: None,
            target_date: Some(national_online_target()),
            status: Status::NotStarted,
            excluded_reason: String::new(),
            notes: String::new(),
        });
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wb() -> Workbook {
        national_workbook(WorkbookMeta::new("テスト市").unwrap()).expect("national templates parse")
    }

    #[test]
    fn the_national_workbook_has_20_systems_17_steps_each_and_31_procedures() {
        let w = wb();
        assert_eq!(w.systems.len(), 20, "17 業務 + 戸籍, 戸籍の附票, 印鑑登録");
        assert_eq!(
            w.systems
                .iter()
                .filter(|s| s.group == SystemGroup::Added)
                .count(),
            3
        );
        assert_eq!(w.template.steps.len(), 17);
        assert_eq!(
            w.template.phases(),
            vec!["計画立案フェーズ", "システム選定フェーズ", "移行フェーズ"]
        );
        assert_eq!(w.system_steps.len(), 20 * 17);
        assert_eq!(w.procedures.len(), 31);
        let count = |c| w.procedures.iter().filter(|p| p.category == c).count();
        assert_eq!(
            [
                ProcedureCategory::Childcare,
                ProcedureCategory::Care,
                ProcedureCategory::Disaster,
                ProcedureCategory::Vehicle
            ]
            .map(count),
            [15, 11, 1, 4],
            "15/11/1/4 by category"
        );
        assert_eq!(
            w.procedures.iter().filter(|p| p.required).count(),
            26,
            "子育て・介護 are required"
        );
    }

    #[test]
    fn the_national_roadmap_keeps_the_order_and_targets_of_the_national_image() {
        let w = wb();
        assert_eq!(w.initiatives[0].group, InitiativeGroup::Bpr, "BPR first");
        let std = w
            .initiatives
            .iter()
            .find(|i| i.code == "①")
            .expect("① exists");
        assert_eq!(std.target_label, "令和7年度");
        assert_eq!(std.target_date, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert!(
            w.initiatives
                .iter()
                .any(|i| i.reference && i.name.starts_with("【参考】"))
        );
        let codes: Vec<&str> = w
            .initiatives
            .iter()
            .filter(|i| i.priority)
            .map(|i| i.code.as_str())
            .collect();
        for c in ["①", "②", "③", "④", "⑤", "⑥"] {
            assert!(codes.contains(&c), "重点取組事項 {c} present in {codes:?}");
        }
    }

    #[test]
    fn every_course_and_system_in_the_templates_validates() {
        let w = wb();
        assert!(w.courses.len() >= 10, "course catalogue from seed 001");
        for c in &w.courses {
            c.validate()
                .unwrap_or_else(|e| panic!("course {} invalid: {}", c.name, e.message));
        }
        for s in &w.systems {
            s.validate()
                .unwrap_or_else(|e| panic!("system {} invalid: {}", s.name, e.message));
            assert!(!s.owner_units.is_empty(), "{} has an owner section", s.name);
        }
        crate::model::org::check_units(&w.units).expect("generated sections are a valid org");
    }

    #[test]
    fn a_step_template_file_with_a_bad_number_names_its_line() {
        let err = parse_step_template("t", "番号,フェーズ,作業項目\n1,計画,調査\nx,計画,比較\n")
            .unwrap_err();
        assert!(err.message.starts_with("3行目"), "{}", err.message);
        let err = parse_step_template("t", "番号,フェーズ\n1,計画\n").unwrap_err();
        assert!(
            err.message.contains("作業項目"),
            "missing column named: {}",
            err.message
        );
        let dup = parse_step_template("t", "番号,フェーズ,作業項目\n1,計画,調査\n1,計画,比較\n")
            .unwrap_err();
        assert!(dup.message.contains("重複"), "{}", dup.message);
    }
}
