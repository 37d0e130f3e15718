//! Step templates (the national 標準化 work items) from CSV or Excel, because the national template is revised:
//! the new template replaces the old one and every system's steps are mapped onto it in one batch.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::cells::{NumberedRow, read_file, read_rows};
use super::columns::Columns;
use super::plan::{ImportPlan, PlanLine, note, quote};
use super::progress::{Progress, Ticker};
use super::text::{Encoding, ascii_fold};
use crate::error::{Error, ErrorCode, Result};
use crate::model::edit::{Edit, Entity, Key};
use crate::model::{Id, StepStatus, StepTemplate, SystemStep, TemplateStep, Workbook};

/// Rows of a step template file (CSV in UTF-8 or Shift_JIS, or the first sheet of an .xlsx), as text cells
/// with their line/row numbers.
pub fn read_steps_file(path: &Path) -> Result<Vec<NumberedRow>> {
    steps_rows(&read_file(path)?)
}

/// The rows of a step template already read into memory (the app reads the file once, to notice a change
/// between preview and apply); a broken row refuses the whole template.
pub fn steps_rows(bytes: &[u8]) -> Result<Vec<NumberedRow>> {
    let (rows, broken) = read_rows(bytes, Encoding::Auto)?;
    if let Some((line, reason)) = broken.first() {
        return Err(Error::invalid(format!("{line}行目: {reason}")));
    }
    Ok(rows)
}

/// Plans replacing the step template with the one in `rows` (same columns as assets/templates/steps_v1.csv:
/// 番号,記号,フェーズ,作業項目,細目,Aパターンのみ,標準期間月) and mapping every system onto it: a step whose
/// 作業項目 name is in both keeps its plan, actual and status; new steps start 未着手 (対象外 for A-only steps of
/// a B-pattern system); steps the new template lacks are removed. Any bad row refuses the whole template.
pub fn plan_steps_import(
    wb: &Workbook,
    rows: &[NumberedRow],
    template_name: &str,
) -> Result<ImportPlan> {
    plan_steps_import_watched(wb, rows, template_name, &super::progress::silent)?
        .ok_or_else(|| Error::internal("手順テンプレートの照合が途中で止まりました。"))
}

/// [`plan_steps_import`] reporting the template's rows to `progress`; `Ok(None)` when `progress` stops it
/// (nothing planned).
pub fn plan_steps_import_watched(
    wb: &Workbook,
    rows: &[NumberedRow],
    template_name: &str,
    progress: Progress<'_>,
) -> Result<Option<ImportPlan>> {
    let header = rows
        .iter()
        .position(|(_, r)| {
            let columns = Columns::new(r);
            columns.find(&["作業項目"]).is_some() && columns.find(&["番号"]).is_some()
        })
        .ok_or_else(|| Error::invalid("見出し行（番号・記号・フェーズ・作業項目・細目・Aパターンのみ・標準期間月）が見つかりません。"))?;
    let columns = Columns::new(&rows[header].1);
    let col = |name: &str| columns.find(&[name]);
    let (c_no, c_name) = (col("番号"), col("作業項目"));
    let (c_code, c_phase, c_details, c_a, c_months) = (
        col("記号"),
        col("フェーズ"),
        col("細目"),
        col("Aパターンのみ"),
        col("標準期間月"),
    );
    let mut plan = ImportPlan::empty();
    let old_by_name: HashMap<&str, &TemplateStep> = wb
        .template
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut next_id = Workbook::next_id(wb.template.steps.iter().map(|s| &s.id));
    let mut steps: Vec<(usize, TemplateStep)> = vec![];
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut nos: HashMap<u32, usize> = HashMap::new();
    let Some(mut ticker) = Ticker::start(progress, rows.len().saturating_sub(header + 1)) else {
        return Ok(None);
    };
    for (done, (line, r)) in rows.iter().skip(header + 1).enumerate() {
        if !ticker.tick(done) {
            return Ok(None);
        }
        let cell = |c: Option<usize>| {
            c.and_then(|i| r.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let name = cell(c_name);
        let phase = cell(c_phase);
        let no = match ascii_fold(&cell(c_no)).parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                plan.rejected.push((
                    *line,
                    format!("番号「{}」は1以上の整数ではありません。", cell(c_no)),
                ));
                continue;
            }
        };
        if name.is_empty() {
            plan.rejected.push((*line, "作業項目が空欄です。".into()));
            continue;
        }
        if phase.is_empty() && c_phase.is_some() {
            plan.rejected
                .push((*line, format!("「{name}」のフェーズが空欄です。")));
            continue;
        }
        if let Some(first) = names.insert(name.clone(), *line) {
            plan.rejected.push((
                *line,
                format!("作業項目「{name}」が{first}行目と重複しています。"),
            ));
            continue;
        }
        if let Some(first) = nos.insert(no, *line) {
            plan.rejected
                .push((*line, format!("番号{no}が{first}行目と重複しています。")));
            continue;
        }
        let a_only = match ascii_fold(&cell(c_a)).to_lowercase().as_str() {
            "" | "false" | "0" | "いいえ" | "×" => false,
            "true" | "1" | "はい" | "○" | "〇" => true,
            other => {
                plan.rejected.push((
                    *line,
                    format!("Aパターンのみ「{other}」は true か false で入力してください。"),
                ));
                continue;
            }
        };
        let months = match cell(c_months).as_str() {
            "" => None,
            m => match ascii_fold(m).parse::<u32>() {
                Ok(v) => Some(v),
                Err(_) => {
                    plan.rejected
                        .push((*line, format!("標準期間月「{m}」は整数ではありません。")));
                    continue;
                }
            },
        };
        let id = match old_by_name.get(name.as_str()) {
            Some(o) => o.id,
            None => {
                next_id += 1;
                next_id - 1
            }
        };
        let phase = if phase.is_empty() {
            old_by_name
                .get(name.as_str())
                .map(|o| o.phase.clone())
                .unwrap_or_default()
        } else {
            phase
        };
        steps.push((
            *line,
            TemplateStep {
                id,
                no,
                code: cell(c_code),
                phase,
                name,
                details: cell(c_details),
                a_pattern_only: a_only,
                typical_months: months,
            },
        ));
    }
    if !ticker.finish() {
        return Ok(None);
    }
    if !plan.rejected.is_empty() {
        // a template is all or nothing: no edits at all, so not even a partial import can apply half of it
        plan.rejected.sort_by_key(|(n, _)| *n);
        return Ok(Some(plan));
    }
    let template = StepTemplate {
        name: template_name.trim().to_string(),
        steps: steps.iter().map(|(_, s)| s.clone()).collect(),
    };
    template.validate()?;
    let new_ids: HashSet<Id> = template.steps.iter().map(|s| s.id).collect();
    let mut edits: Vec<Edit> = vec![];
    // steps the new template lacks go first, so the template can be replaced
    for old in &wb.template.steps {
        if new_ids.contains(&old.id) {
            continue;
        }
        let gone: Vec<&SystemStep> = wb
            .system_steps
            .iter()
            .filter(|s| s.template_step_id == old.id)
            .collect();
        let with_data = gone
            .iter()
            .filter(|s| {
                s.plan.is_some() || s.actual_start.is_some() || s.status != StepStatus::NotStarted
            })
            .count();
        edits.extend(gone.iter().map(|s| Edit::Delete {
            key: Key::Step(s.id),
        }));
        plan.changed.push(PlanLine {
            line: 0,
            label: format!("削除: {}{}", old.code, old.name),
            changes: vec![format!(
                "{}業務の作業を削除（うち計画・実績のあるもの{}件）",
                gone.len(),
                with_data
            )],
        });
    }
    edits.push(Edit::SetTemplate {
        template: template.clone(),
    });
    let mut systems: Vec<_> = wb.systems.iter().collect();
    systems.sort_by_key(|s| (s.sort, s.id));
    for (line, st) in &steps {
        match wb.template.steps.iter().find(|o| o.id == st.id) {
            Some(o) if o == st => plan.unchanged += 1,
            Some(o) => {
                let mut ch = vec![];
                note(&mut ch, "番号", &o.no, &st.no, |v| v.to_string());
                note(&mut ch, "記号", &o.code, &st.code, quote);
                note(&mut ch, "フェーズ", &o.phase, &st.phase, quote);
                note(&mut ch, "細目", &o.details, &st.details, quote);
                note(
                    &mut ch,
                    "Aパターンのみ",
                    &o.a_pattern_only,
                    &st.a_pattern_only,
                    |v| v.to_string(),
                );
                note(
                    &mut ch,
                    "標準期間月",
                    &o.typical_months,
                    &st.typical_months,
                    |v| v.map(|m| m.to_string()).unwrap_or("なし".into()),
                );
                plan.changed.push(PlanLine {
                    line: *line,
                    label: st.name.clone(),
                    changes: ch,
                });
            }
            None => {
                for s in &systems {
                    let status = if st.a_pattern_only && s.pattern == Some(crate::model::Pattern::B)
                    {
                        StepStatus::NotApplicable
                    } else {
                        StepStatus::NotStarted
                    };
                    edits.push(Edit::Put {
                        entity: Entity::Step(SystemStep {
                            id: 0,
                            system_id: s.id,
                            template_step_id: st.id,
                            plan: None,
                            actual_start: None,
                            actual_end: None,
                            status,
                            notes: String::new(),
                        }),
                    });
                }
                plan.added.push(PlanLine {
                    line: *line,
                    label: st.name.clone(),
                    changes: vec![format!("{}業務に追加（未着手）", systems.len())],
                });
            }
        }
    }
    if template.name != wb.template.name && plan.added.is_empty() && plan.changed.is_empty() {
        plan.changed.push(PlanLine {
            line: 0,
            label: "手順テンプレート名".into(),
            changes: vec![format!(
                "{} → {}",
                quote(&wb.template.name),
                quote(&template.name)
            )],
        });
    }
    // a template equal to the current one plans nothing
    if plan.added.is_empty() && plan.changed.is_empty() {
        return Ok(Some(plan));
    }
    // check the whole batch now, so a problem is reported before anything is written
    let mut scratch = wb.clone();
    let batch = Edit::Batch { edits };
    crate::model::edit::apply(&mut scratch, batch.clone())
        .map_err(|e| Error::new(ErrorCode::Invalid, e.message))?;
    plan.edits = batch;
    Ok(Some(plan))
}
