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
}
