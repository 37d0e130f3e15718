//! The subcommands that change a workbook: `baseline`, `apply` (edits from JSON), `task`, `step` and `procedure`.
//! Each builds an `Edit` and applies it through the store, under the edit lock.

use std::path::PathBuf;

use chrono::NaiveDate;

use dxplan::error::{Error, Result};
use dxplan::model::edit::{Edit, Entity};
use dxplan::model::*;

use super::{clock_today, date, open, open_for_edit, opt_date};
use crate::cli::{ProcedureArgs, StepArgs, TaskCommand, TaskSetArgs};
use crate::report;

/// The plan after a command line change: a given start or end replaces that end of the current plan.
fn merge_plan(
    current: Option<Span>,
    start: &Option<String>,
    end: &Option<String>,
) -> Result<Option<Span>> {
    let start = opt_date("start", start)?.or(current.map(|p| p.start));
    let end = opt_date("end", end)?.or(current.map(|p| p.end));
    match (start, end) {
        (Some(s), Some(e)) => Ok(Some(Span::new(s, e).map_err(|e| e.with_field("plan"))?)),
        (None, None) => Ok(None),
        _ => Err(Error::field(
            "plan",
            "計画の開始日と終了日は両方入れてください。",
        )),
    }
}

/// Replaces a date when the option was given (an empty value clears it).
fn merge_date(slot: &mut Option<NaiveDate>, field: &str, given: &Option<String>) -> Result<()> {
    if given.is_some() {
        *slot = opt_date(field, given)?;
    }
    Ok(())
}

/// The edit with its progress dated `--on` when given (else the store dates it today).
fn dated(edit: Edit, on: &Option<String>) -> Result<Edit> {
    Ok(match opt_date("on", on)? {
        Some(d) => edit.dated(d),
        None => edit,
    })
}

/// `dxplan baseline`: saves the current plan dates as a baseline.
pub fn baseline(file: PathBuf, name: String, d: Option<String>) -> Result<()> {
    let taken_on = match d {
        Some(s) => date("date", &s)?,
        None => clock_today(),
    };
    let (mut store, mut wb) = open_for_edit(&file)?;
    store.apply(
        &mut wb,
        Edit::TakeBaseline {
            name: name.clone(),
            taken_on,
        },
    )?;
    println!(
        "基準計画「{}」を保存しました（{}）。",
        name.trim(),
        dxplan::calendar::wareki(taken_on)
    );
    Ok(())
}

/// `dxplan apply`: edits from a JSON file, applied as one batch (all or nothing).
pub fn apply(file: PathBuf, edits: PathBuf) -> Result<()> {
    let text = std::fs::read_to_string(&edits).map_err(|e| dxplan::fsx::io_error(&edits, &e))?;
    let edit: Edit = match serde_json::from_str::<Vec<Edit>>(&text) {
        Ok(list) => Edit::Batch { edits: list },
        Err(_) => serde_json::from_str(&text).map_err(|e| {
            Error::invalid(format!(
                "変更ファイル「{}」を読めません（{}行目{}桁: {}）。",
                edits.display(),
                e.line(),
                e.column(),
                e
            ))
        })?,
    };
    let (mut store, mut wb) = open_for_edit(&file)?;
    let snap = store.snapshot(dxplan::store::Reason::BeforeApply)?;
    println!(
        "適用前の内容をバックアップしました（{}）。",
        snap.file_name()
    );
    let applied = store.apply(&mut wb, edit)?;
    println!(
        "{}件の行を更新しました。",
        dxplan::model::edit::dedup_keys(&applied.changed).len()
    );
    Ok(())
}

/// `dxplan task add|set|list`.
pub fn task(cmd: TaskCommand) -> Result<()> {
    match cmd {
        TaskCommand::Add {
            file,
            initiative,
            name,
            start,
            end,
            owner,
            milestone,
        } => task_add(file, initiative, name, start, end, owner, milestone),
        TaskCommand::Set(a) => task_set(a),
        TaskCommand::List { file } => task_list(file),
        TaskCommand::Link {
            file,
            predecessor,
            successor,
            lag,
        } => task_link(file, predecessor, successor, lag),
    }
}

/// `dxplan task link`: adds the dependency, or gives an existing one the lag (one edit either way).
fn task_link(file: PathBuf, predecessor: i64, successor: i64, lag: i32) -> Result<()> {
    let (mut store, mut wb) = open_for_edit(&file)?;
    let dependency = Dependency {
        predecessor,
        successor,
        lag,
    };
    let exists = wb.dependencies.iter().any(|d| d.same_pair(&dependency));
    let edit = if exists {
        Edit::SetLag { dependency }
    } else {
        Edit::Link { dependency }
    };
    store.apply(&mut wb, edit)?;
    let name = |id| wb.task(id).map(|t| t.name.clone()).unwrap_or_default();
    println!(
        "前後関係「{}」→「{}」を{}（ラグ{lag}営業日）。",
        name(predecessor),
        name(successor),
        if exists {
            "更新しました"
        } else {
            "追加しました"
        }
    );
    Ok(())
}

fn task_add(
    file: PathBuf,
    initiative: String,
    name: String,
    start: String,
    end: String,
    owner: Option<String>,
    milestone: bool,
) -> Result<()> {
    let plan = Span::new(date("start", &start)?, date("end", &end)?)?;
    let (mut store, mut wb) = open_for_edit(&file)?;
    let init = wb
        .initiatives
        .iter()
        .find(|i| {
            i.name == initiative.trim() || (!i.code.is_empty() && i.code == initiative.trim())
        })
        .ok_or_else(|| Error::not_found("取組事項", initiative.trim()))?
        .id;
    let owner_unit = owner
        .as_deref()
        .map(|o| {
            wb.unit_by_name(o)
                .map(|u| u.id)
                .ok_or_else(|| Error::not_found("組織", o.trim()))
        })
        .transpose()?;
    let task = Task {
        id: 0,
        initiative_id: init,
        name,
        owner_unit,
        plan: Some(plan),
        actual_start: None,
        actual_end: None,
        progress: 0,
        status: Status::NotStarted,
        milestone,
        notes: String::new(),
        sort: wb.tasks.iter().map(|t| t.sort).max().unwrap_or(0) + 10,
    };
    let a = store.apply(
        &mut wb,
        Edit::Put {
            entity: Entity::Task(task),
        },
    )?;
    println!(
        "取組内容を追加しました（ID {}）。",
        a.new_id.unwrap_or_default()
    );
    Ok(())
}

fn task_set(a: TaskSetArgs) -> Result<()> {
    let (mut store, mut wb) = open_for_edit(&a.file)?;
    let mut t = wb
        .task(a.id)
        .cloned()
        .ok_or_else(|| Error::not_found("取組内容のID", a.id))?;
    if let Some(n) = a.name {
        t.name = n;
    }
    t.plan = merge_plan(t.plan, &a.dates.start, &a.dates.end)?;
    merge_date(&mut t.actual_start, "actual_start", &a.dates.actual_start)?;
    merge_date(&mut t.actual_end, "actual_end", &a.dates.actual_end)?;
    if let Some(p) = a.progress {
        t.progress = p.trim().trim_end_matches('%').parse().map_err(|_| {
            Error::field(
                "progress",
                format!("進捗率「{p}」は0〜100の数で入れてください。"),
            )
        })?;
    }
    if let Some(s) = a.status {
        t.status = Status::parse(&s)?;
    }
    if let Some(n) = a.notes {
        t.notes = n;
    }
    store.apply(
        &mut wb,
        dated(
            Edit::Put {
                entity: Entity::Task(t),
            },
            &a.on,
        )?,
    )?;
    println!("取組内容（ID {}）を更新しました。", a.id);
    Ok(())
}

fn task_list(file: PathBuf) -> Result<()> {
    let (_, wb) = open(&file)?;
    print!("{}", report::tasks(&wb));
    Ok(())
}

/// `dxplan step`: one 標準化 work item of one system.
pub fn step(a: StepArgs) -> Result<()> {
    let (mut store, mut wb) = open_for_edit(&a.file)?;
    let sys = wb
        .system_by_name(&a.system)
        .ok_or_else(|| Error::not_found("業務", a.system.trim()))?;
    let tstep = wb
        .template
        .steps
        .iter()
        .find(|t| t.no == a.step)
        .ok_or_else(|| Error::not_found("作業項目の番号", a.step))?;
    let mut st = wb
        .system_steps
        .iter()
        .find(|s| s.system_id == sys.id && s.template_step_id == tstep.id)
        .cloned()
        .ok_or_else(|| Error::not_found("作業項目", a.step))?;
    let label = format!("{} {}{}", sys.name, tstep.code, tstep.name);
    st.plan = merge_plan(st.plan, &a.dates.start, &a.dates.end)?;
    merge_date(&mut st.actual_start, "actual_start", &a.dates.actual_start)?;
    merge_date(&mut st.actual_end, "actual_end", &a.dates.actual_end)?;
    if let Some(s) = a.status {
        st.status = StepStatus::parse(&s)?;
    }
    if let Some(n) = a.notes {
        st.notes = n;
    }
    let sid = st.system_id;
    store.apply(
        &mut wb,
        dated(
            Edit::Put {
                entity: Entity::Step(st),
            },
            &a.on,
        )?,
    )?;
    let rate = wb.completion_rate(sid).unwrap_or(0.0) * 100.0;
    println!("{label} を更新しました（完了率 {rate:.1}%）。");
    Ok(())
}

/// `dxplan procedure`: one online procedure.
pub fn procedure(a: ProcedureArgs) -> Result<()> {
    let (mut store, mut wb) = open_for_edit(&a.file)?;
    let mut p = wb
        .procedures
        .iter()
        .find(|p| p.no == a.no)
        .cloned()
        .ok_or_else(|| Error::not_found("手続の番号", a.no))?;
    if let Some(s) = a.status {
        p.status = Status::parse(&s)?;
    }
    if let Some(l) = a.link_method {
        p.link_method = LinkMethod::parse(&l)?;
    }
    if let Some(r) = a.reason {
        p.excluded_reason = r;
    }
    p.plan = merge_plan(p.plan, &a.start, &a.end)?;
    let name = p.name.clone();
    store.apply(
        &mut wb,
        dated(
            Edit::Put {
                entity: Entity::Procedure(p),
            },
            &a.on,
        )?,
    )?;
    println!("手続「{name}」を更新しました。");
    Ok(())
}
