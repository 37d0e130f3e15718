//! The Japanese fiscal year (年度, April–March), because municipal plans, budgets and the national
//! 工程表 are all organised by 年度 rather than by calendar year.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::era::{Era, era_of, era_year_text};

/// Japanese fiscal year (年度), April–March; FiscalYear(2025) = 令和7年度 = 2025-04-01..=2026-03-31.
///
/// The number is the calendar year in which the fiscal year begins. Years so far from the present
/// that chrono cannot represent their dates (beyond ±262,000) saturate to `NaiveDate::MIN`/`MAX`
/// in [`start`](Self::start)/[`end`](Self::end) instead of panicking.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// The fiscal year containing `date`: January–March belong to the previous year's 年度.
    pub fn of(date: NaiveDate) -> FiscalYear {
        if date.month() >= 4 {
            FiscalYear(date.year())
        } else {
            FiscalYear(date.year() - 1)
        }
    }

    /// April 1, the first day.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or(saturated(self.0))
    }

    /// March 31 of the next calendar year, the last day (inclusive).
    pub fn end(self) -> NaiveDate {
        match self.0.checked_add(1) {
            Some(next) => NaiveDate::from_ymd_opt(next, 3, 31).unwrap_or(saturated(next)),
            None => NaiveDate::MAX,
        }
    }

    /// Whether `date` lies within this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of(date) == self
    }

    /// The era and era year naming this fiscal year: the era in force on April 1, except FY2019,
    /// which is conventionally 令和元年度 although 令和 began on May 1.
    fn era_year(self) -> Option<(Era, i32)> {
        if self.0 == 2019 {
            Some((Era::Reiwa, 1))
        } else {
            era_of(self.start())
        }
    }

    /// "令和7年度", "令和元年度" (FY2019), "平成30年度" (FY2018). Before 明治: "1850年度".
    pub fn label(self) -> String {
        match self.era_year() {
            Some((era, year)) => format!("{}{}年度", era.name(), era_year_text(year)),
            None => format!("{}年度", self.0),
        }
    }

    /// "2025年度 (令和7年度)", the column header style of the national 工程表.
    /// Before 明治 only the 西暦 part: "1850年度".
    pub fn long_label(self) -> String {
        match self.era_year() {
            Some(_) => format!("{}年度 ({})", self.0, self.label()),
            None => format!("{}年度", self.0),
        }
    }

    /// "R7", "R元" (FY2019), "H30". Before 明治: the 西暦 year, "1850".
    pub fn short_label(self) -> String {
        match self.era_year() {
            Some((era, year)) => format!("{}{}", era.initial(), era_year_text(year)),
            None => self.0.to_string(),
        }
    }

    /// The following fiscal year (saturating at `i32::MAX`).
    pub fn next(self) -> FiscalYear {
        FiscalYear(self.0.saturating_add(1))
    }

    /// The preceding fiscal year (saturating at `i32::MIN`).
    pub fn prev(self) -> FiscalYear {
        FiscalYear(self.0.saturating_sub(1))
    }
}

/// The representable date nearest to an unrepresentable year.
fn saturated(year: i32) -> NaiveDate {
    if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    #[test]
    fn march_31_belongs_to_the_previous_fiscal_year_and_april_1_starts_a_new_one() {
        assert_eq!(
            FiscalYear::of(date(2026, 3, 31)),
            FiscalYear(2025),
            "2026-03-31 is FY2025"
        );
        assert_eq!(
            FiscalYear::of(date(2026, 4, 1)),
            FiscalYear(2026),
            "2026-04-01 is FY2026"
        );
        assert_eq!(
            FiscalYear::of(date(2026, 1, 1)),
            FiscalYear(2025),
            "January is still FY2025"
        );
        assert_eq!(
            FiscalYear::of(date(2025, 12, 31)),
            FiscalYear(2025),
            "December is FY2025"
        );
    }

    #[test]
    fn a_fiscal_year_runs_from_april_1_to_march_31_inclusive() {
        let fy = FiscalYear(2025);
        assert_eq!(fy.start(), date(2025, 4, 1), "start");
        assert_eq!(fy.end(), date(2026, 3, 31), "end");
        assert!(fy.contains(date(2025, 4, 1)), "contains its first day");
        assert!(fy.contains(date(2026, 3, 31)), "contains its last day");
        assert!(!fy.contains(date(2025, 3, 31)), "excludes the day before");
        assert!(!fy.contains(date(2026, 4, 1)), "excludes the day after");
        assert_eq!(
            FiscalYear(2023).end(),
            date(2024, 3, 31),
            "leap years do not matter"
        );
    }

    #[test]
    fn fiscal_years_are_labelled_by_the_era_on_april_1_except_fy2019() {
        assert_eq!(FiscalYear(2018).label(), "平成30年度", "FY2018");
        assert_eq!(
            FiscalYear(2019).label(),
            "令和元年度",
            "FY2019 is conventionally 令和元年度"
        );
        assert_eq!(FiscalYear(2020).label(), "令和2年度", "FY2020");
        assert_eq!(FiscalYear(2025).label(), "令和7年度", "FY2025");
        assert_eq!(
            FiscalYear(1989).label(),
            "平成元年度",
            "FY1989 started in 平成"
        );
        assert_eq!(FiscalYear(1988).label(), "昭和63年度", "FY1988");
        assert_eq!(
            FiscalYear(1850).label(),
            "1850年度",
            "before 明治 falls back to 西暦"
        );
    }

    #[test]
    fn short_and_long_labels_follow_the_same_naming() {
        assert_eq!(FiscalYear(2025).short_label(), "R7", "short FY2025");
        assert_eq!(FiscalYear(2019).short_label(), "R元", "short FY2019");
        assert_eq!(FiscalYear(2018).short_label(), "H30", "short FY2018");
        assert_eq!(
            FiscalYear(2025).long_label(),
            "2025年度 (令和7年度)",
            "long FY2025"
        );
        assert_eq!(
            FiscalYear(2019).long_label(),
            "2019年度 (令和元年度)",
            "long FY2019"
        );
    }

    #[test]
    fn next_and_prev_step_one_year_and_saturate_at_the_limits() {
        assert_eq!(FiscalYear(2025).next(), FiscalYear(2026), "next");
        assert_eq!(FiscalYear(2025).prev(), FiscalYear(2024), "prev");
        assert_eq!(
            FiscalYear(i32::MAX).next(),
            FiscalYear(i32::MAX),
            "saturates up"
        );
        assert_eq!(
            FiscalYear(i32::MIN).prev(),
            FiscalYear(i32::MIN),
            "saturates down"
        );
    }

    #[test]
    fn unrepresentable_fiscal_years_saturate_instead_of_panicking() {
        assert_eq!(
            FiscalYear(i32::MAX).start(),
            NaiveDate::MAX,
            "start saturates up"
        );
        assert_eq!(
            FiscalYear(i32::MAX).end(),
            NaiveDate::MAX,
            "end saturates up"
        );
        assert_eq!(
            FiscalYear(i32::MIN).start(),
            NaiveDate::MIN,
            "start saturates down"
        );
    }

    #[test]
    fn fiscal_years_serialise_as_plain_numbers() {
        let json =
            serde_json::to_string(&FiscalYear(2025)).expect("serialising an i32 cannot fail");
        assert_eq!(json, "2025", "a newtype serialises as its number");
        let back: FiscalYear = serde_json::from_str("2025").expect("2025 is a valid fiscal year");
        assert_eq!(back, FiscalYear(2025), "round trip");
    }
}
