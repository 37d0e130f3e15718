//! 指摘事項・宿題: what a progress meeting asks someone to do — with the 課 that owns it, a due date and a status,
//! attached to a row of the plan or free-standing — so the next meeting opens with 「前回の宿題」 and nothing
//! said in the room is lost between meetings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, RowRef, check_text, clean_name};
use crate::error::{Error, Result};

/// Open or done.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// 未了
    #[default]
    Open,
    /// 完了
    Closed,
}

impl ActionStatus {
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "未了",
            ActionStatus::Closed => "完了",
        }
    }
}

/// One 指摘事項・宿題.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: Id,
    /// the meeting (会議日) that raised it
    pub raised_on: NaiveDate,
    /// what is to be done
    pub text: String,
    /// the 課 that owns it
    pub owner_unit: Option<Id>,
    /// 期限
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    /// the day it was closed (closed items only)
    pub closed_on: Option<NaiveDate>,
    /// the row of the plan it is about, if any
    pub row: Option<RowRef>,
    /// what was done / where it stands
    pub note: String,
}

impl ActionItem {
    pub fn validate(&self) -> Result<()> {
        clean_name("text", "指摘事項・宿題", &self.text)?;
        check_text("note", "対応状況", &self.note)?;
        if let Some(d) = self.due
            && d < self.raised_on
        {
            return Err(Error::field("due", "期限が会議日より前です。"));
        }
        match (self.status, self.closed_on) {
            (ActionStatus::Closed, None) => Err(Error::field(
                "closed_on",
                "完了した宿題には完了日を入れてください。",
            )),
            (ActionStatus::Closed, Some(c)) if c < self.raised_on => {
                Err(Error::field("closed_on", "完了日が会議日より前です。"))
            }
            (ActionStatus::Open, Some(_)) => Err(Error::field(
                "closed_on",
                "未了の宿題に完了日は入れられません。",
            )),
            _ => Ok(()),
        }
    }

    /// Open on `day` and past its due date.
    pub fn overdue(&self, day: NaiveDate) -> bool {
        self.status == ActionStatus::Open && self.due.is_some_and(|d| d < day)
    }
}

/// The items a meeting on `day` reviews as 「前回の宿題」: those raised at earlier meetings that are still open,
/// and those closed since the last earlier meeting; open ones first (earliest due first), then closed ones.
pub fn previous_actions(items: &[ActionItem], day: NaiveDate) -> Vec<&ActionItem> {
    let last = items.iter().map(|a| a.raised_on).filter(|d| *d < day).max();
    let mut v: Vec<&ActionItem> = items
        .iter()
        .filter(|a| a.raised_on < day)
        .filter(|a| match a.status {
            ActionStatus::Open => true,
            ActionStatus::Closed => a.closed_on.zip(last).is_some_and(|(c, l)| c >= l),
        })
        .collect();
    v.sort_by_key(|a| {
        (
            a.status == ActionStatus::Closed,
            a.due.unwrap_or(NaiveDate::MAX),
            a.id,
        )
    });
    v
}

/// A 宿題 as typed in the window or on the command line: dates as text (西暦・和暦), the 課 by name, the row it is
/// about if any. `draft` checks and converts it; each refusal names its field.
pub fn draft(
    wb: &super::Workbook,
    raised_on: &str,
    text: &str,
    owner: &str,
    due: &str,
    row: Option<RowRef>,
) -> Result<ActionItem> {
    let date = |field: &str, label: &str, s: &str| {
        crate::calendar::parse_date(s).map_err(|e| Error::field(field, format!("{label}: {e}")))
    };
    let owner = owner.trim();
    let owner_unit = if owner.is_empty() {
        None
    } else {
        Some(
            wb.unit_by_name(owner)
                .map(|u| u.id)
                .ok_or_else(|| Error::not_found("担当課", owner).with_field("owner_unit"))?,
        )
    };
    let item = ActionItem {
        id: 0,
        raised_on: date("raised_on", "会議日", raised_on)?,
        text: text.trim().to_string(),
        owner_unit,
        due: if due.trim().is_empty() {
            None
        } else {
            Some(date("due", "期限", due)?)
        },
        status: ActionStatus::Open,
        closed_on: None,
        row,
        note: String::new(),
    };
    item.validate()?;
    Ok(item)
}

/// The item closed on `on` (text, 西暦・和暦) with what was done.
pub fn closed(item: &ActionItem, on: &str, note: &str) -> Result<ActionItem> {
    let mut c = item.clone();
    c.status = ActionStatus::Closed;
    c.closed_on = Some(
        crate::calendar::parse_date(on)
            .map_err(|e| Error::field("closed_on", format!("完了日: {e}")))?,
    );
    if !note.trim().is_empty() {
        c.note = note.trim().to_string();
    }
    c.validate()?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn item(id: Id, raised: &str, due: Option<&str>, closed: Option<&str>) -> ActionItem {
        ActionItem {
            id,
            raised_on: d(raised),
            text: format!("宿題{id}"),
            owner_unit: None,
            due: due.map(d),
            status: if closed.is_some() {
                ActionStatus::Closed
            } else {
                ActionStatus::Open
            },
            closed_on: closed.map(d),
            row: None,
            note: String::new(),
        }
    }

    #[test]
    fn an_item_needs_words_a_due_date_after_its_meeting_and_a_closing_day_only_when_closed() {
        assert!(
            item(1, "2025-10-16", Some("2025-11-30"), None)
                .validate()
                .is_ok()
        );
        let mut a = item(1, "2025-10-16", Some("2025-10-01"), None);
        assert_eq!(a.validate().unwrap_err().field.as_deref(), Some("due"));
        a.due = None;
        a.text = "  ".into();
        assert_eq!(a.validate().unwrap_err().field.as_deref(), Some("text"));
        a.text = "<script>alert(1)</script>".into();
        assert!(a.validate().is_ok(), "markup is only text");
        a.status = ActionStatus::Closed;
        assert_eq!(
            a.validate().unwrap_err().field.as_deref(),
            Some("closed_on")
        );
        a.closed_on = Some(d("2025-10-01"));
        assert_eq!(
            a.validate().unwrap_err().field.as_deref(),
            Some("closed_on")
        );
        a.closed_on = Some(d("2025-11-01"));
        assert!(a.validate().is_ok());
        a.status = ActionStatus::Open;
        assert_eq!(
            a.validate().unwrap_err().field.as_deref(),
            Some("closed_on")
        );
    }

    #[test]
    fn the_previous_items_are_the_open_ones_and_those_closed_since_the_last_meeting() {
        let items = vec![
            item(1, "2025-08-21", Some("2025-09-30"), Some("2025-09-10")), // closed before the last meeting
            item(2, "2025-08-21", Some("2025-12-31"), None), // still open from an older meeting
            item(3, "2025-10-16", Some("2025-11-14"), None), // open, due soonest
            item(4, "2025-10-16", None, Some("2025-11-05")), // closed since the last meeting
            item(5, "2025-11-20", None, None),               // raised today: not previous
        ];
        let ids: Vec<Id> = previous_actions(&items, d("2025-11-20"))
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(ids, vec![3, 2, 4], "open by due date, then closed");
        assert!(items[2].overdue(d("2025-11-20")), "due 11/14, still open");
        assert!(
            !items[3].overdue(d("2025-11-20")),
            "closed is never overdue"
        );
    }

    #[test]
    fn a_typed_item_takes_wareki_dates_and_a_unit_by_name_and_refuses_with_the_field() {
        let wb = crate::data::demo::demo_workbook().expect("the demo");
        let a = draft(
            &wb,
            "令和7年11月20日",
            " 原因を確認 ",
            "介護保険課",
            "R7.12.12",
            None,
        )
        .unwrap();
        assert_eq!(a.raised_on, d("2025-11-20"));
        assert_eq!(a.due, Some(d("2025-12-12")));
        assert_eq!(a.text, "原因を確認", "trimmed");
        assert_eq!(
            a.owner_unit,
            wb.units
                .iter()
                .find(|u| u.name == "介護保険課")
                .map(|u| u.id)
        );
        let e = draft(&wb, "R7.11.20", "x", "ない課", "", None).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("owner_unit"));
        let e = draft(&wb, "R7.11.20", "x", "", "R7.13.1", None).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("due"));
        let e = draft(&wb, "R7.11.20", "x", "", "R7.11.1", None).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("due"), "before the meeting");
        let c = closed(&a, "R7.12.18", "報告済み").unwrap();
        assert_eq!(
            (c.status, c.closed_on),
            (ActionStatus::Closed, Some(d("2025-12-18")))
        );
        assert_eq!(c.note, "報告済み");
        assert_eq!(
            closed(&a, "R7.11.1", "").unwrap_err().field.as_deref(),
            Some("closed_on"),
            "closed before it was raised"
        );
    }
}
