//! 特定移行支援システム: a system the national programme lets migrate after the common deadline, with the 事由
//! the municipality reports in a category of the national survey (and in its own words), and its own 移行期限 —
//! at the latest 令和12年度末 (the outer limit the national policy sets for these systems).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The category of a 特定移行支援 事由, as the national survey asks it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecifiedCause {
    /// メインフレーム (the current system runs on a mainframe)
    Mainframe,
    /// 個別開発 (built for this municipality alone)
    CustomBuilt,
    /// 標準準拠システム未提供 (the vendor offers no standard-compliant product)
    NoCompliantProduct,
    /// ベンダのリソース不足 (the vendor lacks the people)
    VendorCapacity,
    /// その他
    Other,
}

impl SpecifiedCause {
    pub const ALL: [SpecifiedCause; 5] = [
        SpecifiedCause::Mainframe,
        SpecifiedCause::CustomBuilt,
        SpecifiedCause::NoCompliantProduct,
        SpecifiedCause::VendorCapacity,
        SpecifiedCause::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SpecifiedCause::Mainframe => "メインフレーム",
            SpecifiedCause::CustomBuilt => "個別開発",
            SpecifiedCause::NoCompliantProduct => "標準準拠システム未提供",
            SpecifiedCause::VendorCapacity => "ベンダのリソース不足",
            SpecifiedCause::Other => "その他",
        }
    }

    /// The category from its label (or the English key); empty is none.
    pub fn parse(s: &str) -> Result<Option<SpecifiedCause>> {
        let t = s.trim();
        if t.is_empty() {
            return Ok(None);
        }
        SpecifiedCause::ALL
            .into_iter()
            .find(|c| c.label() == t || serde_plain_key(*c) == t)
            .map(Some)
            .ok_or_else(|| {
                Error::field(
                    "specified_cause",
                    format!(
                        "特定移行支援の事由「{t}」は使えません（{}）。",
                        SpecifiedCause::ALL.map(|c| c.label()).join("・")
                    ),
                )
            })
    }

    /// The category a free-text 事由 most likely belongs to (for files written before the category existed):
    /// the first category whose words it mentions, else その他.
    pub fn infer(reason: &str) -> SpecifiedCause {
        let has = |words: &[&str]| words.iter().any(|w| reason.contains(w));
        if has(&["メインフレーム", "汎用機", "ホスト"]) {
            SpecifiedCause::Mainframe
        } else if has(&["個別開発", "独自開発", "自庁開発"]) {
            SpecifiedCause::CustomBuilt
        } else if has(&["提供しない", "未提供", "提供されない", "提供予定がない"])
        {
            SpecifiedCause::NoCompliantProduct
        } else if has(&["リソース", "要員", "人員不足"]) {
            SpecifiedCause::VendorCapacity
        } else {
            SpecifiedCause::Other
        }
    }
}

fn serde_plain_key(c: SpecifiedCause) -> &'static str {
    match c {
        SpecifiedCause::Mainframe => "mainframe",
        SpecifiedCause::CustomBuilt => "custom_built",
        SpecifiedCause::NoCompliantProduct => "no_compliant_product",
        SpecifiedCause::VendorCapacity => "vendor_capacity",
        SpecifiedCause::Other => "other",
    }
}

/// The latest 移行期限 a 特定移行支援システム may have: 令和12年度末.
pub fn latest_deadline() -> NaiveDate {
    NaiveDate::from_ymd_opt(2031, 3, 31).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_parses_from_its_label_or_key_and_a_typo_is_refused_with_the_choices() {
        assert_eq!(
            SpecifiedCause::parse(" メインフレーム ").unwrap(),
            Some(SpecifiedCause::Mainframe)
        );
        assert_eq!(
            SpecifiedCause::parse("vendor_capacity").unwrap(),
            Some(SpecifiedCause::VendorCapacity)
        );
        assert_eq!(SpecifiedCause::parse("").unwrap(), None);
        let e = SpecifiedCause::parse("汎用").unwrap_err();
        assert!(
            e.message.contains("個別開発・標準準拠システム未提供"),
            "{}",
            e.message
        );
        for c in SpecifiedCause::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", serde_plain_key(c)),
                "the key is serde's"
            );
        }
    }

    #[test]
    fn a_free_text_reason_is_filed_under_the_category_it_mentions() {
        assert_eq!(
            SpecifiedCause::infer("現行ベンダが標準準拠システムを提供しないため"),
            SpecifiedCause::NoCompliantProduct
        );
        assert_eq!(
            SpecifiedCause::infer("汎用機で稼働しているため"),
            SpecifiedCause::Mainframe
        );
        assert_eq!(
            SpecifiedCause::infer("事業者の要員不足"),
            SpecifiedCause::VendorCapacity
        );
        assert_eq!(
            SpecifiedCause::infer("庁舎移転と重なる"),
            SpecifiedCause::Other
        );
    }
}
