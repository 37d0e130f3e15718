//! Japanese calendar arithmetic for planning: fiscal years (年度), 和暦, public holidays and
//! working days, because every deadline in a municipal DX plan is expressed in these terms.
//!
//! Everything here is pure: no I/O and no clock. Callers pass dates in.
//!
//! * [`FiscalYear`] — the April–March 年度 with its 和暦 labels (令和7年度, R7, …).
//! * [`Era`], [`era_of`], [`wareki`], [`wareki_short`], [`wareki_month`] — 和暦 formatting.
//! * [`parse_date`] — lenient input of 西暦 and 和暦 dates with Japanese error messages; [`parse_fiscal_year`]
//!   — a 年度 as clerks write it (2025年度, 令和7年度, R7).
//! * [`holiday_name`], [`is_holiday`], [`holidays_in_year`] — 国民の祝日, computed from the rules of
//!   国民の祝日に関する法律 and its amendments for 1948-07-20 through 2099; other years have no holidays.
//! * [`is_closed_day`], [`is_working_day`], [`add_working_days`], [`working_days_between`] —
//!   行政機関の休日 (weekends, holidays and 年末年始 12/29–1/3).

mod era;
mod fiscal;
mod holidays;
mod parse;
mod workdays;

pub use era::{Era, era_of, wareki, wareki_month, wareki_short};
pub use fiscal::FiscalYear;
pub use holidays::{
    FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR, holiday_name, holidays_in_year, is_holiday,
};
pub use parse::{DateParseError, parse_date, parse_fiscal_year};
pub use workdays::{
    add_working_days, is_closed_day, is_working_day, is_year_end_closure, working_days_between,
};

/// Builds a date from literal parts, checked at compile time when used in a `const`.
///
/// Only for dates written in this module's source; never for user input.
const fn ymd(year: i32, month: u32, day: u32) -> chrono::NaiveDate {
    match chrono::NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("a date literal in the calendar module is not a real date"),
    }
}
