//! 照会・回答 rounds: the office asks each 所管課 where its rows stand as of a date (基準日) with a due date, and
//! records who answered and when, so a round can be chased (督促) and its returns checked against it.
//!
//! A round carries a random token (made by the shell, never by the core) that the forms of the round carry in
//! their hidden metadata: a returned file is matched to its round by it, and a file of an earlier round or of
//! another workbook is told apart.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, clean_name};
use crate::error::{Error, Result};

/// One 照会 (a round of forms sent to the 課).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiry {
    pub id: Id,
    /// 照会名 (令和7年12月 進捗照会)
    pub name: String,
    /// 基準日: the answers say where each row stood on this day
    pub as_of: NaiveDate,
    /// 回答期限
    pub due: NaiveDate,
    /// the day the forms were written
    pub created: NaiveDate,
    /// random hex token of the round (32 characters), written into every form's hidden metadata
    pub token: String,
    /// the 課 asked, in the order the forms were written, with their answers' record
    pub units: Vec<InquiryUnit>,
}

/// A 課 asked in a round, and who answered for it and when (none until its return is applied).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryUnit {
    /// the 課 as an owner unit (`model::owners::owner_units`)
    pub unit: String,
    /// 回答者・連絡先 as written in the return (empty until answered)
    pub answered_by: String,
    /// the day the return was applied
    pub answered_on: Option<NaiveDate>,
}

impl InquiryUnit {
    pub fn asked(unit: &str) -> InquiryUnit {
        InquiryUnit {
            unit: unit.to_string(),
            answered_by: String::new(),
            answered_on: None,
        }
    }
}

/// Length of a round token in hex characters (128 bits).
pub const TOKEN_CHARS: usize = 32;

/// A round token from 16 random bytes (the shell supplies them).
pub fn token_from(bytes: [u8; 16]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Inquiry {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "照会名", &self.name)?;
        if self.due < self.as_of {
            return Err(Error::field(
                "due",
                format!(
                    "回答期限（{}）が基準日（{}）より前です。",
                    crate::calendar::wareki(self.due),
                    crate::calendar::wareki(self.as_of)
                ),
            ));
        }
        if self.token.len() != TOKEN_CHARS || !self.token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::field(
                "token",
                "照会の識別子が正しくありません（16進32文字）。",
            ));
        }
        if self.units.is_empty() {
            return Err(Error::field(
                "units",
                "照会する課がありません。所管課のある行がないか、指定した課が見つかりません。",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for u in &self.units {
            let name = clean_name("units", "課の名前", &u.unit)?;
            if !seen.insert(name.clone()) {
                return Err(Error::field(
                    "units",
                    format!("課「{name}」が照会先に二度あります。"),
                ));
            }
            super::check_text("units", "回答者・連絡先", &u.answered_by)?;
        }
        Ok(())
    }

    /// The 課 that have not answered yet (the 督促 list), in the order asked.
    pub fn unanswered(&self) -> Vec<&str> {
        self.units
            .iter()
            .filter(|u| u.answered_on.is_none())
            .map(|u| u.unit.as_str())
            .collect()
    }

    pub fn unit(&self, name: &str) -> Option<&InquiryUnit> {
        self.units.iter().find(|u| u.unit == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    pub(crate) fn round() -> Inquiry {
        Inquiry {
            id: 0,
            name: "令和7年12月 進捗照会".into(),
            as_of: d(2025, 12, 1),
            due: d(2025, 12, 12),
            created: d(2025, 12, 1),
            token: token_from([7; 16]),
            units: vec![
                InquiryUnit::asked("介護保険課"),
                InquiryUnit::asked("市民課"),
            ],
        }
    }

    #[test]
    fn a_round_due_before_its_as_of_date_is_refused_in_japanese() {
        let mut r = round();
        r.due = d(2025, 11, 30);
        let e = r.validate().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("due"), "field named: {e:?}");
        assert!(
            e.message.contains("回答期限") && e.message.contains("基準日"),
            "message names both dates: {}",
            e.message
        );
    }

    #[test]
    fn an_empty_name_a_bad_token_or_no_units_is_refused() {
        let mut r = round();
        r.name = "  ".into();
        assert!(r.validate().unwrap_err().message.contains("照会名"));
        let mut r = round();
        r.token = "xyz".into();
        assert!(r.validate().unwrap_err().message.contains("識別子"));
        let mut r = round();
        r.units.clear();
        assert!(r.validate().unwrap_err().message.contains("課がありません"));
        let mut r = round();
        r.units.push(InquiryUnit::asked("市民課"));
        assert!(r.validate().unwrap_err().message.contains("二度"));
    }

    #[test]
    fn the_reminder_list_names_the_units_without_an_answer_in_order() {
        let mut r = round();
        assert!(r.validate().is_ok(), "a good round passes");
        assert_eq!(r.unanswered(), vec!["介護保険課", "市民課"]);
        r.units[0].answered_on = Some(d(2025, 12, 5));
        assert_eq!(r.unanswered(), vec!["市民課"]);
    }
}
