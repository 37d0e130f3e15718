//! What an import would do, as a value: every edit in one batch and an account of each row (added, changed,
//! unchanged, refused with a Japanese reason), because a `--dry-run` lists it and `Store::apply` applies it as one
//! transaction, all or nothing.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Workbook;
use crate::model::edit::{Applied, Edit};

/// One row of an import as the user will see it in a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLine {
    /// row number in the sheet (1-based, as Excel shows it) or line number in the CSV
    pub line: usize,
    /// what the row is (task name, 氏名 …)
    pub label: String,
    /// what changes, e.g. "計画終了: 2025/09/30 → 2025/12/31"
    pub changes: Vec<String>,
}

/// What an import would do: every edit in one batch, and an account of each row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPlan {
    /// one `Edit::Batch` holding the edits of every accepted row
    pub edits: Edit,
    pub added: Vec<PlanLine>,
    pub changed: Vec<PlanLine>,
    /// rows equal to the workbook already
    pub unchanged: usize,
    /// rows refused, with their row/line number and a Japanese reason
    pub rejected: Vec<(usize, String)>,
    /// the header row as written (staff and training lists), and the column each field was read from
    pub headers: Vec<String>,
    pub columns: Vec<super::columns::ColumnUse>,
    /// why no row was read: a required field has no column (the preview lets the person choose one)
    pub unmapped: Option<String>,
}

impl ImportPlan {
    pub fn empty() -> ImportPlan {
        ImportPlan {
            edits: Edit::Batch { edits: vec![] },
            added: vec![],
            changed: vec![],
            unchanged: 0,
            rejected: vec![],
            headers: vec![],
            columns: vec![],
            unmapped: None,
        }
    }
    /// The plan, or the error the CLI gives when it could read no row because a required field has no column.
    pub fn require_columns(self) -> Result<ImportPlan> {
        match self.unmapped {
            Some(why) => Err(Error::invalid(why)),
            None => Ok(self),
        }
    }
    /// A plan of nothing that says which columns were found in `header` and why no row could be read.
    pub fn unmapped<'a>(
        header: impl IntoIterator<Item = &'a str>,
        columns: Vec<super::columns::ColumnUse>,
        why: String,
    ) -> ImportPlan {
        ImportPlan {
            headers: header.into_iter().map(|h| h.trim().to_string()).collect(),
            columns,
            unmapped: Some(why),
            ..ImportPlan::empty()
        }
    }
    /// Number of edits in the batch.
    pub fn edit_count(&self) -> usize {
        match &self.edits {
            Edit::Batch { edits } => edits.len(),
            _ => 1,
        }
    }
    pub fn has_changes(&self) -> bool {
        self.edit_count() > 0
    }
    /// The batch to apply. By default an import is all or nothing: any rejected row refuses the whole file,
    /// with every rejected row listed. `accept_partial` applies the accepted rows and leaves the rejected ones out.
    pub fn into_edit(self, accept_partial: bool) -> Result<Edit> {
        if !self.rejected.is_empty() && !accept_partial {
            return Err(Error::invalid(format!(
                "取り込めない行が{}行あるため、何も取り込んでいません。\n{}",
                self.rejected.len(),
                self.rejected_lines().join("\n")
            )));
        }
        Ok(self.edits)
    }
    /// "12行目: 理由" for each rejected row.
    pub fn rejected_lines(&self) -> Vec<String> {
        self.rejected
            .iter()
            .map(|(n, r)| format!("{n}行目: {r}"))
            .collect()
    }
    /// A listing for `--dry-run`.
    pub fn report(&self) -> String {
        let mut s = format!(
            "追加 {}件、変更 {}件、変更なし {}件、取り込めない行 {}件\n",
            self.added.len(),
            self.changed.len(),
            self.unchanged,
            self.rejected.len()
        );
        for l in &self.added {
            s.push_str(&format!(
                "  追加 {}行目: {}{}\n",
                l.line,
                l.label,
                detail(&l.changes)
            ));
        }
        for l in &self.changed {
            s.push_str(&format!(
                "  変更 {}行目: {}{}\n",
                l.line,
                l.label,
                detail(&l.changes)
            ));
        }
        for r in self.rejected_lines() {
            s.push_str(&format!("  × {r}\n"));
        }
        s
    }
    /// Applies the plan through the store as ONE transaction (a failure changes nothing).
    pub fn apply(
        self,
        store: &mut crate::store::Store,
        wb: &mut Workbook,
        accept_partial: bool,
    ) -> Result<Applied> {
        let edit = self.into_edit(accept_partial)?;
        store.apply(wb, edit)
    }
}

fn detail(changes: &[String]) -> String {
    if changes.is_empty() {
        String::new()
    } else {
        format!("（{}）", changes.join("、"))
    }
}

/// Keeps the plan's bookkeeping while rows are read: each row's edit is tried on a scratch copy of the
/// workbook (made at the first row that needs it), so a row that breaks a model rule is rejected with that
/// rule's Japanese message and its line; a row the caller has checked itself is accepted without the trial.
pub(crate) struct Planner<'a> {
    source: &'a Workbook,
    scratch: Option<Workbook>,
    pub edits: Vec<Edit>,
    pub plan: ImportPlan,
}

impl<'a> Planner<'a> {
    pub fn new(wb: &'a Workbook) -> Planner<'a> {
        Planner {
            source: wb,
            scratch: None,
            edits: vec![],
            plan: ImportPlan::empty(),
        }
    }
    /// Tries a row's edit; on success records it as added or changed.
    pub fn row(
        &mut self,
        line: usize,
        label: String,
        edit: Edit,
        changes: Vec<String>,
        added: bool,
    ) -> bool {
        let scratch = self.scratch.get_or_insert_with(|| self.source.clone());
        match crate::model::edit::apply(scratch, edit.clone()) {
            Ok(_) => {
                self.accept(line, label, edit, changes, added);
                true
            }
            Err(e) => {
                self.plan.rejected.push((line, e.message));
                false
            }
        }
    }
    /// Records a row whose edit the caller has checked by the model's rules (the whole batch is checked
    /// again when it is applied).
    pub fn accept(
        &mut self,
        line: usize,
        label: String,
        edit: Edit,
        changes: Vec<String>,
        added: bool,
    ) {
        self.edits.push(edit);
        let pl = PlanLine {
            line,
            label,
            changes,
        };
        if added {
            self.plan.added.push(pl);
        } else {
            self.plan.changed.push(pl);
        }
    }
    pub fn reject(&mut self, line: usize, reason: impl Into<String>) {
        self.plan.rejected.push((line, reason.into()));
    }
    pub fn unchanged(&mut self) {
        self.plan.unchanged += 1;
    }
    pub fn finish(mut self) -> ImportPlan {
        self.plan.rejected.sort_by_key(|(n, _)| *n);
        self.plan.edits = Edit::Batch { edits: self.edits };
        self.plan
    }
}

/// The other lines of a duplicate, as a refusal names them: "3行目・7行目" (every line in `lines` but `line`).
pub(crate) fn other_lines(lines: &[usize], line: usize) -> String {
    lines
        .iter()
        .filter(|l| **l != line)
        .map(|l| format!("{l}行目"))
        .collect::<Vec<_>>()
        .join("・")
}

/// Adds "label: old → new" to `out` when the value changed.
pub(crate) fn note<T: PartialEq>(
    out: &mut Vec<String>,
    label: &str,
    old: &T,
    new: &T,
    show: impl Fn(&T) -> String,
) {
    if old != new {
        out.push(format!("{label}: {} → {}", show(old), show(new)));
    }
}

/// A text value as a change shows it: 「text」 (its first 30 characters), or （空欄）.
#[allow(clippy::ptr_arg)] // used as `Fn(&String)` by `note`
pub(crate) fn quote(s: &String) -> String {
    quoted(s, 30)
}

/// A text value as a message shows it: 「text」 (at most `max_chars` characters of it), or （空欄）.
pub(crate) fn quoted(s: &str, max_chars: usize) -> String {
    if s.is_empty() {
        "（空欄）".into()
    } else {
        format!("「{}」", s.chars().take(max_chars).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_with_a_rejected_row_is_refused_whole_unless_partial_is_accepted() {
        let mut p = ImportPlan::empty();
        p.rejected.push((3, "氏名がありません。".into()));
        let err = p.clone().into_edit(false).unwrap_err();
        assert!(
            err.message.contains("3行目: 氏名がありません。"),
            "lists the line: {}",
            err.message
        );
        assert!(
            err.message.contains("何も取り込んでいません"),
            "says nothing was imported: {}",
            err.message
        );
        assert!(p.into_edit(true).is_ok(), "partial import on request");
    }
}
