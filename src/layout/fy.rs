//! Fiscal-year and 和暦 labels the layout needs, delegated to `crate::calendar` so
//! charts and every other view name 年度 and dates the same way.

use chrono::NaiveDate;

use crate::calendar::{self, FiscalYear};

/// Fiscal year (年度) that contains `date`: April to March.
pub(crate) fn fy_of(date: NaiveDate) -> i32 {
    FiscalYear::of(date).0
}

/// First day (4月1日) of fiscal year `fy`.
pub(crate) fn fy_start(fy: i32) -> NaiveDate {
    FiscalYear(fy).start()
}

/// "令和7年度".
pub(crate) fn fy_label(fy: i32) -> String {
    FiscalYear(fy).label()
}

/// "2025年度 (令和7年度)".
pub(crate) fn fy_long_label(fy: i32) -> String {
    FiscalYear(fy).long_label()
}

/// "R7".
pub(crate) fn fy_short_label(fy: i32) -> String {
    FiscalYear(fy).short_label()
}

/// "令和7年4月1日".
pub(crate) fn wareki(date: NaiveDate) -> String {
    calendar::wareki(date)
}

/// "R7.4.1".
pub(crate) fn wareki_short(date: NaiveDate) -> String {
    calendar::wareki_short(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn fiscal_year_labels_follow_the_april_start_and_reiwa_era() {
        assert_eq!(
            fy_of(d(2026, 3, 31)),
            2025,
            "March belongs to the previous 年度"
        );
        assert_eq!(fy_long_label(2025), "2025年度 (令和7年度)");
        assert_eq!(fy_label(2019), "令和元年度");
        assert_eq!(fy_short_label(2025), "R7");
        assert_eq!(wareki(d(2025, 4, 1)), "令和7年4月1日");
        assert_eq!(wareki_short(d(2025, 4, 1)), "R7.4.1");
    }
}
