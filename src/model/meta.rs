//! Who the workbook belongs to and which period it plans: 団体名, 団体コード, 計画期間.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// 全国地方公共団体コード: five digits and a check digit (weights 6,5,4,3,2; check = (11 − Σ mod 11) mod 10).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalGovCode(String);

impl LocalGovCode {
    pub fn parse(s: &str) -> Result<LocalGovCode> {
        let t: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::field(
                "code",
                format!(
                    "団体コード「{}」は6桁の数字で入力してください（例: 131016）。",
                    s.trim()
                ),
            ));
        }
        let digits: Vec<u32> = t.bytes().map(|b| u32::from(b - b'0')).collect();
        let expected = Self::check_digit(&digits[..5]);
        if digits[5] != expected {
            return Err(Error::field(
                "code",
                format!(
                    "団体コード「{t}」の検査数字が合いません（6桁目は{expected}になるはずです）。"
                ),
            ));
        }
        Ok(LocalGovCode(t))
    }

    /// Check digit of the first five digits.
    pub fn check_digit(first5: &[u32]) -> u32 {
        let sum: u32 = first5.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
        (11 - sum % 11) % 10
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LocalGovCode {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        LocalGovCode::parse(&s)
    }
}
impl From<LocalGovCode> for String {
    fn from(c: LocalGovCode) -> String {
        c.0
    }
}
impl std::fmt::Display for LocalGovCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The workbook's header.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkbookMeta {
    /// 団体名
    pub municipality: String,
    /// 団体コード
    pub code: Option<LocalGovCode>,
    /// 計画期間 (start)
    pub plan_start: NaiveDate,
    /// 計画期間 (end, inclusive)
    pub plan_end: NaiveDate,
    /// First month of the fiscal year; Japanese local government: April (4).
    pub fiscal_year_start_month: u32,
}

impl WorkbookMeta {
    /// A new header: the national plan period R3.1–R8.3 unless told otherwise.
    pub fn new(municipality: &str) -> Result<WorkbookMeta> {
        let m = WorkbookMeta {
            municipality: super::clean_name("municipality", "団体名", municipality)?,
            code: None,
            plan_start: NaiveDate::from_ymd_opt(2021, 1, 1)
                .ok_or_else(|| Error::internal("plan start"))?,
            plan_end: NaiveDate::from_ymd_opt(2026, 3, 31)
                .ok_or_else(|| Error::internal("plan end"))?,
            fiscal_year_start_month: 4,
        };
        Ok(m)
    }

    pub fn validate(&self) -> Result<()> {
        super::clean_name("municipality", "団体名", &self.municipality)?;
        super::check_dates("plan", Some(self.plan_start), Some(self.plan_end))?;
        if self.fiscal_year_start_month != 4 {
            return Err(Error::field(
                "fiscal_year_start_month",
                "年度の開始月は4月です（地方公共団体の会計年度）。",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_local_government_codes_pass_the_check_digit() {
        for code in ["131016", "130001", "011002", "271004", "012025"] {
            assert!(
                LocalGovCode::parse(code).is_ok(),
                "{code} is a real 団体コード"
            );
        }
    }

    #[test]
    fn a_wrong_check_digit_is_refused_with_the_expected_digit() {
        let err = LocalGovCode::parse("131017").unwrap_err();
        assert!(
            err.message.contains("6桁目は6"),
            "names the right digit: {}",
            err.message
        );
        assert_eq!(err.field.as_deref(), Some("code"));
    }

    #[test]
    fn codes_of_the_wrong_shape_are_refused_and_full_width_digits_accepted() {
        assert!(LocalGovCode::parse("13101").is_err(), "five digits");
        assert!(LocalGovCode::parse("13101a").is_err(), "a letter");
        assert_eq!(
            LocalGovCode::parse("１３１０１６").unwrap().as_str(),
            "131016"
        );
    }

    #[test]
    fn the_default_plan_period_is_the_national_one() {
        let m = WorkbookMeta::new("みなと川市").unwrap();
        assert_eq!(m.plan_start.to_string(), "2021-01-01");
        assert_eq!(m.plan_end.to_string(), "2026-03-31");
        assert!(m.validate().is_ok());
        assert!(WorkbookMeta::new("  ").is_err(), "empty name");
    }
}
