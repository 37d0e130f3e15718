//! Fiscal-year and 和暦 labels the layout needs, in one place so the layout
//! follows `crate::calendar` (branch `calendar`) instead of re-deriving eras.
//!
//! Until `crate::calendar` lands, this holds a minimal stand-in with the same
//! meaning; after `git merge calendar` the bodies delegate to it.

use chrono::{Datelike, NaiveDate};

/// Fiscal year (年度) that contains `date`: April to March.
pub(crate) fn fy_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 { date.year() } else { date.year() - 1 }
}

/// First day (4月1日) of fiscal year `fy`.
pub(crate) fn fy_start(fy: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(fy, 4, 1).unwrap_or(NaiveDate::MIN)
}

/// Era name and year number of a date (令和 from 2019-05-01, 平成 from 1989-01-08, 昭和 before).
fn era(date: NaiveDate) -> (&'static str, &'static str, i32) {
    let reiwa = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap_or(NaiveDate::MIN);
    let heisei = NaiveDate::from_ymd_opt(1989, 1, 8).unwrap_or(NaiveDate::MIN);
    if date >= reiwa {
        ("令和", "R", date.year() - 2018)
    } else if date >= heisei {
        ("平成", "H", date.year() - 1988)
    } else {
        ("昭和", "S", date.year() - 1925)
    }
}

fn era_year(n: i32) -> String {
    if n == 1 { "元".to_string() } else { n.to_string() }
}

/// "令和7年度": the era of a fiscal year is the era on its first day, except FY2019
/// which Japanese practice labels 令和元年度.
pub(crate) fn fy_label(fy: i32) -> String {
    let probe = if fy == 2018 + 1 { NaiveDate::from_ymd_opt(2019, 5, 1) } else { Some(fy_start(fy)) };
    let (name, _, n) = era(probe.unwrap_or(NaiveDate::MIN));
    format!("{name}{}年度", era_year(n))
}

/// "2025年度 (令和7年度)".
pub(crate) fn fy_long_label(fy: i32) -> String {
    format!("{fy}年度 ({})", fy_label(fy))
}

/// "R7".
pub(crate) fn fy_short_label(fy: i32) -> String {
    let probe = if fy == 2019 { NaiveDate::from_ymd_opt(2019, 5, 1) } else { Some(fy_start(fy)) };
    let (_, letter, n) = era(probe.unwrap_or(NaiveDate::MIN));
    format!("{letter}{n}")
}

/// "令和7年4月1日".
pub(crate) fn wareki(date: NaiveDate) -> String {
    let (name, _, n) = era(date);
    format!("{name}{}年{}月{}日", era_year(n), date.month(), date.day())
}

/// "R7.4.1".
pub(crate) fn wareki_short(date: NaiveDate) -> String {
    let (_, letter, n) = era(date);
    format!("{letter}{n}.{}.{}", date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn fiscal_year_labels_follow_the_april_start_and_reiwa_era() {
        assert_eq!(fy_of(d(2026, 3, 31)), 2025, "March belongs to the previous 年度");
        assert_eq!(fy_long_label(2025), "2025年度 (令和7年度)");
        assert_eq!(fy_label(2019), "令和元年度");
        assert_eq!(fy_label(2018), "平成30年度");
        assert_eq!(fy_short_label(2025), "R7");
        assert_eq!(wareki(d(2025, 4, 1)), "令和7年4月1日");
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
    }
}
