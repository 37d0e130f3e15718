//! Moving a 工程表 task with its successors (issue #14): the preview of the shift the dependencies ask for (和暦
//! before → after, or why it cannot be done) and its apply as one edit and one undo step, for the task editor and
//! for the Gantt's drag alike.

use dxplan::calendar::wareki;
use dxplan::error::Result;
use dxplan::model::Span;
use dxplan::model::scheduling::{BEGUN_FIELD, plan_shift, shift_edit};
use serde::Serialize;
use tauri::State;

use super::date_arg;
use super::workbook::{EditOutcome, info};
use crate::args::Arg;
use crate::state::AppState;

/// One task's plan before and after, as the dialog lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ShiftRow {
    pub task_id: i64,
    pub name: String,
    pub old_start: String,
    pub old_end: String,
    pub new_start: String,
    pub new_end: String,
    /// 「令和8年1月5日〜令和8年1月16日」
    pub old_label: String,
    pub new_label: String,
}

/// What moving a task to new dates does to its successors.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ShiftPreview {
    /// the task itself, as asked
    pub task: ShiftRow,
    /// the successors that must move (dependency order); empty = nothing conflicts
    pub successors: Vec<ShiftRow>,
    /// why the successors cannot be moved (one has already begun); 「この作業だけ」 is still possible
    pub refused: Option<String>,
}

fn label(p: Span) -> String {
    format!("{}〜{}", wareki(p.start), wareki(p.end))
}

fn row(name: &str, task_id: i64, old: Option<Span>, new: Span) -> ShiftRow {
    let old = old.unwrap_or(new);
    ShiftRow {
        task_id,
        name: name.to_string(),
        old_start: old.start.to_string(),
        old_end: old.end.to_string(),
        new_start: new.start.to_string(),
        new_end: new.end.to_string(),
        old_label: label(old),
        new_label: label(new),
    }
}

fn plan_arg(start: &str, end: &str) -> Result<Span> {
    let s = date_arg("start", "計画開始", start)?;
    let e = date_arg("end", "計画終了", end)?;
    Span::new(s, e).map_err(|e| e.with_field("plan"))
}

/// The shift of successors that moving `task_id` to `start`..`end` asks for; changes nothing.
#[tauri::command]
pub fn roadmap_plan_shift(
    state: State<'_, AppState>,
    task_id: Arg<i64>,
    start: Arg<String>,
    end: Arg<String>,
) -> Result<ShiftPreview> {
    let plan = plan_arg(&start.into_inner(), &end.into_inner())?;
    let id = task_id.into_inner();
    state.with(|s| {
        let wb = &s.wb;
        let t = wb
            .task(id)
            .ok_or_else(|| dxplan::error::Error::not_found("取組内容", id))?;
        let task = row(&t.name, id, t.plan, plan);
        let (successors, refused) = match plan_shift(wb, id, plan) {
            Ok(shifts) => (
                shifts
                    .iter()
                    .filter_map(|sh| {
                        let n = &wb.task(sh.task_id)?.name;
                        Some(row(n, sh.task_id, Some(sh.old), sh.new))
                    })
                    .collect(),
                None,
            ),
            Err(e) if e.field.as_deref() == Some(BEGUN_FIELD) => (vec![], Some(e.message)),
            Err(e) => return Err(e),
        };
        Ok(ShiftPreview {
            task,
            successors,
            refused,
        })
    })
}

/// Moves `task_id` to `start`..`end`, and with `successors` its successors as `roadmap_plan_shift` previews (planned
/// again here, on the workbook as it is now): one edit, one undo step.
#[tauri::command]
pub fn roadmap_apply_shift(
    state: State<'_, AppState>,
    task_id: Arg<i64>,
    start: Arg<String>,
    end: Arg<String>,
    successors: Arg<bool>,
    label: Arg<Option<String>>,
) -> Result<EditOutcome> {
    let plan = plan_arg(&start.into_inner(), &end.into_inner())?;
    let id = task_id.into_inner();
    let with_successors = successors.into_inner();
    state.with(|s| {
        let shifts = if with_successors {
            plan_shift(&s.wb, id, plan)?
        } else {
            vec![]
        };
        let edit = shift_edit(&s.wb, id, plan, &shifts)?;
        let name = s.wb.task(id).map(|t| t.name.clone()).unwrap_or_default();
        let label = label.into_inner().unwrap_or_else(|| {
            if shifts.is_empty() {
                format!("「{name}」の日程")
            } else {
                format!("「{name}」と後続{}件の日程", shifts.len())
            }
        });
        let a = s.apply(edit, label)?;
        Ok(EditOutcome {
            new_id: a.new_id,
            info: info(s),
        })
    })
}

/// A milestone the critical path may run to.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MilestoneRef {
    pub id: i64,
    pub name: String,
    pub date: String,
}

/// The クリティカルパス of the 工程表 screen.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CriticalPathView {
    /// the task it runs to (the chosen milestone, else the one that ends last)
    pub target: Option<i64>,
    pub target_name: String,
    /// first to last
    pub tasks: Vec<i64>,
    /// every ◆ with a plan, in 工程表 order: the choices of the target
    pub milestones: Vec<MilestoneRef>,
}

/// The critical path to `target` (None: to the task that ends last), with the milestones to choose from.
#[tauri::command]
pub fn roadmap_critical_path(
    state: State<'_, AppState>,
    target: Arg<Option<i64>>,
) -> Result<CriticalPathView> {
    let target = target.into_inner();
    state.with(|s| {
        let wb = &s.wb;
        let chosen = target.or_else(|| dxplan::model::scheduling::latest_ending(wb));
        let tasks = dxplan::model::scheduling::critical_path(wb, chosen)?;
        let mut ms: Vec<&dxplan::model::Task> = wb
            .tasks
            .iter()
            .filter(|t| t.milestone && t.plan.is_some())
            .collect();
        ms.sort_by_key(|t| (t.sort, t.id));
        Ok(CriticalPathView {
            target: chosen,
            target_name: chosen
                .and_then(|id| wb.task(id))
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            tasks,
            milestones: ms
                .into_iter()
                .filter_map(|t| {
                    Some(MilestoneRef {
                        id: t.id,
                        name: t.name.clone(),
                        date: t.plan?.end.to_string(),
                    })
                })
                .collect(),
        })
    })
}

/// Saves the 工程表 PDF with the クリティカルパス to `target` (None: to the task that ends last) outlined, as
/// `dxplan export pdf --view roadmap --critical-path` writes it; the file is chosen in the native dialog. `None`
/// when the dialog is cancelled.
#[tauri::command]
pub async fn export_roadmap_critical<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    target: Arg<Option<i64>>,
) -> Result<Option<super::export::Exported>> {
    use dxplan::documents::{CriticalTo, DocumentOptions, ExportKind, document};
    let started = std::time::Instant::now();
    let target = target.into_inner();
    let (bytes, name) = state.with(|s| {
        if let Some(id) = target {
            s.wb.task(id)
                .ok_or_else(|| dxplan::error::Error::not_found("取組内容", id))?;
        }
        let font = super::export::font(&state)?;
        let mut o = DocumentOptions::new(ExportKind::Roadmap, s.as_of);
        o.view_options.critical_path = Some(target.map_or(CriticalTo::Latest, CriticalTo::Task));
        let doc = document(&s.wb, &o, &font.metrics)
            .map_err(|e| super::export::export_error(e.into()))?;
        let bytes = dxplan::render::pdf_bytes(&doc, font).map_err(super::export::export_error)?;
        Ok((
            bytes,
            format!("{} 工程表（クリティカルパス）.pdf", s.wb.meta.municipality),
        ))
    })?;
    let filter = crate::dialog::Filter {
        name: "PDF",
        ext: "pdf",
    };
    let Some(path) = crate::dialog::save(&app, &state, "保存先を選んでください", &name, filter)?
    else {
        return Ok(None);
    };
    dxplan::xlsx::write_atomically(&path, &bytes)?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(Some(super::export::Exported {
        path: path.display().to_string(),
        bytes: bytes.min(u64::from(u32::MAX)) as u32,
        millis: started.elapsed().as_millis().min(u128::from(u32::MAX)) as u32,
    }))
}
