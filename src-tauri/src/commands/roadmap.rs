//! 全体方針: the vision and the 工程表 (initiatives, tasks, milestones, dependencies) for the Gantt and the table.

use chrono::NaiveDate;
use dxplan::error::Result;
use dxplan::model::roadmap::dependency_conflicts;
use dxplan::model::{Dependency, Initiative, Kpi, Task, Vision};
use serde::Serialize;
use tauri::State;

use super::{UnitRef, unit_refs};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoadmapView {
    pub vision: Vision,
    /// in 工程表 order (group, sort)
    pub initiatives: Vec<InitiativeRow>,
    /// in row order within their initiative
    pub tasks: Vec<Task>,
    pub dependencies: Vec<Dependency>,
    /// dependencies whose successor is planned to start before its predecessor ends (plus the lag in working days)
    pub conflicts: Vec<Dependency>,
    pub kpis: Vec<Kpi>,
    pub units: Vec<UnitRef>,
    pub plan_start: NaiveDate,
    pub plan_end: NaiveDate,
    pub as_of: NaiveDate,
    /// the イナズマ線 on `as_of`: each task's progress point (`dxplan::documents::roadmap::task_progress`)
    pub progress_line: Vec<TaskProgress>,
}

/// Where a task's work stands on the status date: the point the イナズマ線 bends to.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TaskProgress {
    pub task_id: i64,
    pub date: NaiveDate,
    /// negative = behind plan (the line bends left), positive = ahead
    pub days_ahead: i64,
}

/// An initiative as the 工程表 screen shows it: the row itself and its display name.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InitiativeRow {
    #[serde(flatten)]
    #[ts(flatten)]
    pub initiative: Initiative,
    /// the name as every 工程表 shows it (`Initiative::display_name`: 【参考】 rows prefixed once)
    pub display_name: String,
}

#[tauri::command]
pub fn roadmap_view(state: State<'_, AppState>) -> Result<RoadmapView> {
    state.with(|s| {
        let wb = &s.wb;
        let initiatives = wb
            .roadmap_order()
            .into_iter()
            .map(|i| InitiativeRow {
                initiative: i.clone(),
                display_name: i.display_name(),
            })
            .collect();
        let mut tasks = wb.tasks.clone();
        tasks.sort_by_key(|t| (t.sort, t.id));
        let conflicts = dependency_conflicts(&wb.tasks, &wb.dependencies)
            .into_iter()
            .filter_map(|(p, q)| {
                wb.dependencies
                    .iter()
                    .find(|d| d.predecessor == p.id && d.successor == q.id)
                    .copied()
            })
            .collect();
        Ok(RoadmapView {
            vision: wb.vision.clone(),
            initiatives,
            tasks,
            dependencies: wb.dependencies.clone(),
            conflicts,
            kpis: wb.kpis.clone(),
            units: unit_refs(wb),
            plan_start: wb.meta.plan_start,
            plan_end: wb.meta.plan_end,
            as_of: s.as_of,
            progress_line: dxplan::documents::roadmap::task_progress(wb, s.as_of)
                .into_iter()
                .map(|(task_id, p)| TaskProgress {
                    task_id,
                    date: p.date,
                    days_ahead: p.days_ahead,
                })
                .collect(),
        })
    })
}
