//! 回答: every returned 照会 form of a round read together and turned into one edit, because merging returns by
//! hand is where answers get lost. Each file is read on its own (`read`); a file that is foreign, stale, not an
//! xlsx, damaged or too large is refused with its reason and the others go ahead. Then the answers are merged:
//! a row changed in the workbook since the round was sent and also changed in the answer, or answered
//! differently by two 課, is a **conflict**, shown with both values and applied only when chosen
//! ([`Choices`]). The rest is a preview (before → after per row, grouped by 課; the 督促 list of 課 that have not
//! answered) and one edit: all rows and the record of who answered, dated at the round's 基準日, one undo step.

pub mod read;

use std::fmt::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calendar::{wareki, wareki_short};
use crate::error::{Error, Result};
use crate::model::edit::{Edit, Entity};
use crate::model::{Id, Inquiry, Workbook};
use crate::query::inquiry::{Answer, AskKind, answered_row, current};

pub use read::{MAX_RETURN_BYTES, ReadReturn, RowAnswer, read_return};

/// A returned file as given: its name (for messages) and bytes.
#[derive(Debug, Clone)]
pub struct ReturnFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The returns named: files as given, and every .xlsx in a folder (Excel's ~$ lock files left out), in name
/// order. A file is read up to one byte over the size limit, so a huge file is refused without being loaded.
pub fn read_returns(inputs: &[PathBuf]) -> Result<Vec<ReturnFile>> {
    use std::io::Read;
    let mut paths = vec![];
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| crate::fsx::io_error(p, &e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file()
                        && f.extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"))
                        && !f
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
                })
                .collect();
            found.sort();
            paths.extend(found);
        } else {
            paths.push(p.clone());
        }
    }
    let limit = MAX_RETURN_BYTES as u64 + 1;
    let mut out = vec![];
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string());
        let mut bytes = vec![];
        std::fs::File::open(&p)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(|e| crate::fsx::io_error(&p, &e))?;
        out.push(ReturnFile { name, bytes });
    }
    Ok(out)
}

/// How conflicts are settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prefer {
    /// conflicting rows are left as they are (the default)
    #[default]
    Neither,
    /// the answer wins over a value changed in the workbook since the round was sent
    Answer,
    /// the workbook's value is kept
    Workbook,
}

impl Prefer {
    pub fn parse(s: Option<&str>) -> Result<Prefer> {
        match s.map(str::trim) {
            None | Some("") => Ok(Prefer::Neither),
            Some("answer" | "回答") => Ok(Prefer::Answer),
            Some("workbook" | "ブック") => Ok(Prefer::Workbook),
            Some(t) => Err(Error::field(
                "prefer",
                format!("競合の扱い「{t}」は使えません（answer または workbook）。"),
            )),
        }
    }
}

/// The choices made for conflicts.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub prefer: Prefer,
    /// for a row answered differently by several 課: take this 課's answer
    pub take: Vec<String>,
}

/// A file refused whole, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub file: String,
    pub reason: String,
}

/// A file taken: which 課, who answered, what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub unit: String,
    pub respondent: String,
    pub rows: usize,
    pub problems: Vec<String>,
    pub structure: Vec<String>,
}

/// A row to change: before (the workbook now) → after (the answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub unit: String,
    pub kind: AskKind,
    pub id: Id,
    pub label: String,
    pub before: Answer,
    pub after: Answer,
}

/// A row whose answer cannot be taken without a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub kind: AskKind,
    pub id: Id,
    pub label: String,
    pub sent: Answer,
    /// the workbook's value now
    pub workbook: Answer,
    /// each 課's answer
    pub answers: Vec<(String, Answer)>,
    /// changed in the workbook since the round was sent (else: 課 answered differently)
    pub changed_since: bool,
    /// how it was settled, if it was (the chosen 課, or 回答 / ブック)
    pub settled: Option<String>,
}

/// Everything read from the returns of a round, before anything is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct InquiryImport {
    pub round: Inquiry,
    pub files: Vec<FileReport>,
    pub refused: Vec<Refused>,
    /// rows to change, grouped by 課 in the round's order
    pub changes: Vec<Change>,
    pub conflicts: Vec<Conflict>,
    /// 課 asked that have still not answered (the 督促 list), in the round's order
    pub unanswered: Vec<String>,
}

/// The round returns are read for: the one named, else the latest.
pub fn round_of<'a>(wb: &'a Workbook, name: Option<&str>) -> Result<&'a Inquiry> {
    match name {
        Some(n) => wb.inquiry_by_name(n).ok_or_else(|| {
            Error::field("round", format!("照会「{}」はこのブックにありません。", n.trim()))
        }),
        None => wb.inquiries.iter().max_by_key(|q| (q.created, q.id)).ok_or_else(|| {
            Error::field(
                "round",
                "このブックには照会がありません。先に dxplan inquiry new で照会を作成してください。",
            )
        }),
    }
}

/// Why a file whose metadata names another round is refused.
fn foreign(wb: &Workbook, round: &Inquiry, r: &ReadReturn) -> Option<String> {
    if r.meta.token == round.token {
        return None;
    }
    if let Some(other) = wb.inquiries.iter().find(|q| q.token == r.meta.token) {
        return Some(format!(
            "以前の照会「{}」の回答です（取り込むのは「{}」）。",
            other.name, round.name
        ));
    }
    if r.meta.municipality != wb.meta.municipality {
        return Some(format!(
            "別の団体（{}）のブックの照会「{}」の回答です。",
            r.meta.municipality, r.meta.round
        ));
    }
    Some(format!(
        "このブックから送った照会ではありません（照会「{}」、識別子が一致しません）。",
        r.meta.round
    ))
}

/// Reads every return of the round and merges the answers (pure: the files are given as bytes).
pub fn plan_inquiry_import(
    wb: &Workbook,
    round: &Inquiry,
    files: &[ReturnFile],
    choices: &Choices,
) -> InquiryImport {
    let mut refused = vec![];
    let mut taken: Vec<(FileReport, ReadReturn)> = vec![];
    for f in files {
        let r = match read_return(wb, &f.name, &f.bytes) {
            Ok(r) => r,
            Err(reason) => {
                refused.push(Refused {
                    file: f.name.clone(),
                    reason,
                });
                continue;
            }
        };
        let why = foreign(wb, round, &r)
            .or_else(|| {
                round
                    .unit(&r.meta.unit)
                    .is_none()
                    .then(|| format!("課「{}」はこの照会の照会先にありません。", r.meta.unit))
            })
            .or_else(|| {
                taken
                    .iter()
                    .find(|(t, _)| t.unit == r.meta.unit)
                    .map(|(t, _)| {
                        format!(
                            "{}の回答が二つあります。先に読んだ「{}」を使います。",
                            r.meta.unit, t.file
                        )
                    })
            });
        if let Some(reason) = why {
            refused.push(Refused {
                file: f.name.clone(),
                reason,
            });
            continue;
        }
        taken.push((
            FileReport {
                file: f.name.clone(),
                unit: r.meta.unit.clone(),
                respondent: r.respondent.clone(),
                rows: r.rows,
                problems: r.problems.clone(),
                structure: r.structure.clone(),
            },
            r,
        ));
    }
    // in the round's order of 課
    let order = |u: &str| {
        round
            .units
            .iter()
            .position(|x| x.unit == u)
            .unwrap_or(usize::MAX)
    };
    taken.sort_by_key(|(f, _)| order(&f.unit));
    let (changes, conflicts) = merge(wb, &taken, choices);
    let unanswered = round
        .units
        .iter()
        .filter(|u| u.answered_on.is_none() && !taken.iter().any(|(f, _)| f.unit == u.unit))
        .map(|u| u.unit.clone())
        .collect();
    InquiryImport {
        round: round.clone(),
        files: taken.into_iter().map(|(f, _)| f).collect(),
        refused,
        changes,
        conflicts,
        unanswered,
    }
}

/// Merges the answers of every file: one change per row, or a conflict.
fn merge(
    wb: &Workbook,
    taken: &[(FileReport, ReadReturn)],
    choices: &Choices,
) -> (Vec<Change>, Vec<Conflict>) {
    /// each row's answers with the 課 that gave them, in the order first answered
    type ByUnit<'a> = Vec<(&'a str, &'a RowAnswer)>;
    let mut by_row: Vec<((AskKind, Id), ByUnit)> = vec![];
    let mut index: rustc_hash::FxHashMap<(AskKind, Id), usize> = Default::default();
    for (f, r) in taken {
        for a in &r.answers {
            let i = *index.entry((a.kind, a.id)).or_insert_with(|| {
                by_row.push(((a.kind, a.id), vec![]));
                by_row.len() - 1
            });
            by_row[i].1.push((f.unit.as_str(), a));
        }
    }
    let mut changes = vec![];
    let mut conflicts = vec![];
    for ((kind, id), answers) in by_row {
        let Some(now) = current(wb, kind, id) else {
            continue; // the row was deleted since: nothing to change
        };
        let first = answers[0].1;
        let agree = answers.iter().all(|(_, a)| a.answer == first.answer);
        let changed_since = now != first.sent;
        let mut conflict = Conflict {
            kind,
            id,
            label: first.label.clone(),
            sent: first.sent.clone(),
            workbook: now.clone(),
            answers: answers
                .iter()
                .map(|(u, a)| (u.to_string(), a.answer.clone()))
                .collect(),
            changed_since: agree && changed_since,
            settled: None,
        };
        let chosen: Option<(&str, &Answer)> = if !agree {
            answers
                .iter()
                .find(|(u, _)| choices.take.iter().any(|t| t.trim() == *u))
                .map(|(u, a)| (*u, &a.answer))
        } else if changed_since && now != first.answer {
            match choices.prefer {
                Prefer::Answer => Some((answers[0].0, &first.answer)),
                Prefer::Workbook => {
                    conflict.settled = Some("ブックの値を残す".into());
                    conflicts.push(conflict);
                    continue;
                }
                Prefer::Neither => None,
            }
        } else {
            Some((answers[0].0, &first.answer))
        };
        let conflicted = !agree || (changed_since && now != first.answer);
        match chosen {
            Some((unit, after)) => {
                if conflicted {
                    conflict.settled = Some(if agree {
                        "回答を採る".into()
                    } else {
                        format!("{unit}の回答を採る")
                    });
                    conflicts.push(conflict);
                }
                if *after != now {
                    changes.push(Change {
                        unit: unit.to_string(),
                        kind,
                        id,
                        label: first.label.clone(),
                        before: now,
                        after: after.clone(),
                    });
                }
            }
            None => conflicts.push(conflict),
        }
    }
    (changes, conflicts)
}

impl InquiryImport {
    /// Whether applying would change anything (rows, or the record of who answered).
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty() || !self.files.is_empty()
    }

    /// The one edit: every change and the record of who answered (answered on `today`), dated at the 基準日.
    pub fn edit(&self, wb: &Workbook, today: NaiveDate) -> Result<Edit> {
        let mut edits = vec![];
        for c in &self.changes {
            edits.push(Edit::Put {
                entity: answered_row(wb, c.kind, c.id, &c.after)?,
            });
        }
        let mut round = wb
            .inquiries
            .iter()
            .find(|q| q.id == self.round.id)
            .cloned()
            .ok_or_else(|| Error::not_found("照会", self.round.id))?;
        for f in &self.files {
            if let Some(u) = round.units.iter_mut().find(|u| u.unit == f.unit) {
                u.answered_by = f.respondent.clone();
                u.answered_on = Some(today);
            }
        }
        edits.push(Edit::Put {
            entity: Entity::Inquiry(round),
        });
        Ok(Edit::Batch { edits }.dated(self.round.as_of))
    }

    /// The preview as text: files, changes by 課 (before → after), conflicts, problems, refused files, 督促.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "照会「{}」（基準日 {}、回答期限 {}）の回答: {}件を読み、{}件を取り込めません。",
            self.round.name,
            wareki(self.round.as_of),
            wareki(self.round.due),
            self.files.len(),
            self.refused.len()
        );
        for f in &self.files {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.unit == f.unit).collect();
            let who = if f.respondent.is_empty() {
                "回答者の記入なし".to_string()
            } else {
                format!("回答者 {}", f.respondent)
            };
            let _ = writeln!(
                s,
                "\n■ {}（{}、{}、{}行、変更{}行）",
                f.unit,
                f.file,
                who,
                f.rows,
                changes.len()
            );
            for c in changes {
                let _ = writeln!(
                    s,
                    "  {} {} {}: {}",
                    c.kind.sheet(),
                    c.kind.key(c.id),
                    c.label,
                    diff(&c.before, &c.after)
                );
            }
            for p in f.problems.iter().chain(&f.structure) {
                let _ = writeln!(s, "  ⚠ {p}");
            }
        }
        if !self.conflicts.is_empty() {
            let _ = writeln!(s, "\n■ 競合（{}行）", self.conflicts.len());
            for c in &self.conflicts {
                let why = if c.changed_since {
                    "送付後にブックでも変更"
                } else {
                    "課によって回答が違う"
                };
                let _ = writeln!(
                    s,
                    "  {} {} {}（{why}）: ブック {}",
                    c.kind.sheet(),
                    c.kind.key(c.id),
                    c.label,
                    show(&c.workbook)
                );
                for (u, a) in &c.answers {
                    let _ = writeln!(s, "      {u}の回答 {}", show(a));
                }
                let _ = writeln!(
                    s,
                    "      → {}",
                    c.settled.as_deref().unwrap_or(
                        "取り込みません（CLIでは --prefer answer|workbook・--take 課名、画面では「競合する行」で選べます）"
                    )
                );
            }
        }
        if !self.refused.is_empty() {
            let _ = writeln!(s, "\n■ 取り込めないファイル");
            for r in &self.refused {
                let _ = writeln!(s, "  {}: {}", r.file, r.reason);
            }
        }
        let _ = writeln!(
            s,
            "\n■ 未回答の課（督促）: {}",
            if self.unanswered.is_empty() {
                "なし".to_string()
            } else {
                self.unanswered.join("、")
            }
        );
        s
    }
}

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(wareki_short).unwrap_or_else(|| "—".into())
}

/// A row's answerable values in one line.
fn show(a: &Answer) -> String {
    let mut s = a.status.clone();
    if let Some(p) = a.progress {
        let _ = write!(s, " {p}%");
    }
    let _ = write!(
        s,
        " 実績 {}〜{}",
        date_or_dash(a.actual_start),
        date_or_dash(a.actual_end)
    );
    if !a.notes.is_empty() {
        let _ = write!(s, " 「{}」", a.notes.chars().take(40).collect::<String>());
    }
    s
}

/// What changed, field by field: 状態 作業中→完了, 実績終了 —→R7.11.19 …
fn diff(b: &Answer, a: &Answer) -> String {
    let mut parts = vec![];
    if b.status != a.status {
        parts.push(format!("状態 {}→{}", b.status, a.status));
    }
    if b.progress != a.progress {
        let p = |x: Option<u8>| x.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into());
        parts.push(format!("進捗率 {}→{}", p(b.progress), p(a.progress)));
    }
    if b.actual_start != a.actual_start {
        parts.push(format!(
            "実績開始 {}→{}",
            date_or_dash(b.actual_start),
            date_or_dash(a.actual_start)
        ));
    }
    if b.actual_end != a.actual_end {
        parts.push(format!(
            "実績終了 {}→{}",
            date_or_dash(b.actual_end),
            date_or_dash(a.actual_end)
        ));
    }
    if b.notes != a.notes {
        parts.push(format!(
            "課題 「{}」→「{}」",
            b.notes.chars().take(30).collect::<String>(),
            a.notes.chars().take(30).collect::<String>()
        ));
    }
    parts.join("、")
}
