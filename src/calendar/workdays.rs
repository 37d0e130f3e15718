//! Working-day arithmetic on the 行政機関の休日 calendar, because municipal deadlines
//! (開庁日ベース) skip weekends, holidays and the 年末年始 closure.
//!
//! A closed day is a Saturday or Sunday, a holiday (see `holidays`), or 12/29–1/3 (行政機関の休日に
//! 関する法律 第1条). Outside the years with holiday rules only weekends and 年末年始 are closed.
//! Counting works year by year, so even absurd spans finish quickly and never overflow.

use chrono::{Datelike, NaiveDate, Weekday};

use super::holidays::holidays_in_year;

/// Whether `date` falls in the 年末年始 closure, December 29 through January 3.
pub fn is_year_end_closure(date: NaiveDate) -> bool {
    match date.month() {
        12 => date.day() >= 29,
        1 => date.day() <= 3,
        _ => false,
    }
}

/// Whether public offices are closed on `date`: Saturday, Sunday, a holiday, or 12/29–1/3.
pub fn is_closed_day(date: NaiveDate) -> bool {
    is_weekend(date) || is_year_end_closure(date) || super::holidays::is_holiday(date)
}

/// Whether public offices are open on `date` (`!is_closed_day`).
pub fn is_working_day(date: NaiveDate) -> bool {
    !is_closed_day(date)
}

/// The date `n` working days after `date` (before it if `n` is negative).
///
/// `date` itself is never counted, so `add_working_days(friday, 1)` is the next open day and
/// `n == 0` returns `date` unchanged even if it is a closed day. If the result would lie beyond
/// the dates chrono can represent, `NaiveDate::MAX` (or `NaiveDate::MIN`) is returned.
pub fn add_working_days(date: NaiveDate, n: i64) -> NaiveDate {
    if n == 0 {
        return date;
    }
    let forward = n > 0;
    let step = |d: NaiveDate| if forward { d.succ_opt() } else { d.pred_opt() };
    let limit = if forward {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    };
    let mut remaining = n.unsigned_abs();
    // `done` is the last day already accounted for; whole years are skipped by counting.
    let mut done = date;
    loop {
        let Some(first) = step(done) else {
            return limit;
        };
        let year = first.year();
        let year_edge = if forward {
            last_day_of(year)
        } else {
            first_day_of(year)
        };
        let (from, to) = if forward {
            (first, year_edge)
        } else {
            (year_edge, first)
        };
        let open = count_working_days(from, to);
        if open < remaining {
            remaining -= open;
            done = year_edge;
            continue;
        }
        let closed = closed_weekdays(year);
        let mut day = first;
        loop {
            if is_open(day, &closed) {
                remaining -= 1;
                if remaining == 0 {
                    return day;
                }
            }
            day = step(day).expect("the rest of this year holds enough working days to finish");
        }
    }
}

/// The number of working days from `start` to `end`, both included; 0 if `end < start`.
pub fn working_days_between(start: NaiveDate, end: NaiveDate) -> i64 {
    if end < start {
        return 0;
    }
    let total = count_working_days(start, end);
    i64::try_from(total).expect("fewer working days than days, and chrono's span fits in i64")
}

/// Working days in `from..=to` (`from <= to`), counted a year at a time.
fn count_working_days(from: NaiveDate, to: NaiveDate) -> u64 {
    (from.year()..=to.year())
        .map(|year| {
            let a = from.max(first_day_of(year));
            let b = to.min(last_day_of(year));
            let closed = closed_weekdays(year)
                .into_iter()
                .filter(|d| a <= *d && *d <= b)
                .count();
            weekdays_in(a, b) - closed as u64
        })
        .sum()
}

/// Monday–Friday dates in `from..=to` (`from <= to`).
fn weekdays_in(from: NaiveDate, to: NaiveDate) -> u64 {
    let days = u64::try_from((to - from).num_days() + 1).expect("from <= to");
    let first = u64::from(from.weekday().num_days_from_monday());
    let partial = (0..days % 7).filter(|i| (first + i) % 7 < 5).count() as u64;
    days / 7 * 5 + partial
}

/// The weekdays of `year` that are nevertheless closed (holidays, 年末年始), sorted and distinct.
fn closed_weekdays(year: i32) -> Vec<NaiveDate> {
    let year_end = [(1, 1), (1, 2), (1, 3), (12, 29), (12, 30), (12, 31)]
        .into_iter()
        .filter_map(|(m, d)| NaiveDate::from_ymd_opt(year, m, d));
    let mut days: Vec<NaiveDate> = holidays_in_year(year)
        .into_iter()
        .map(|(d, _)| d)
        .chain(year_end)
        .filter(|d| !is_weekend(*d))
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// Whether `day` is open, given its year's [`closed_weekdays`].
fn is_open(day: NaiveDate, closed: &[NaiveDate]) -> bool {
    !is_weekend(day) && closed.binary_search(&day).is_err()
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// January 1 of a year that contains a representable date.
fn first_day_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).expect("chrono represents whole years only")
}

/// December 31 of a year that contains a representable date.
fn last_day_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("chrono represents whole years only")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    #[test]
    fn the_year_end_closure_runs_from_december_29_to_january_3() {
        assert!(!is_closed_day(date(2025, 12, 26)), "Friday 12/26 is open");
        for d in [
            date(2025, 12, 29),
            date(2025, 12, 31),
            date(2026, 1, 2),
            date(2026, 1, 3),
        ] {
            assert!(is_closed_day(d), "{d} is in 年末年始");
            assert!(!is_working_day(d), "{d} is not a working day");
        }
        assert!(
            is_working_day(date(2026, 1, 5)),
            "Monday 1/5 is the first open day"
        );
        assert!(
            is_working_day(date(2024, 12, 27)),
            "Friday 12/27/2024 is open"
        );
    }

    #[test]
    fn weekends_and_holidays_are_closed() {
        assert!(is_closed_day(date(2025, 4, 5)), "Saturday");
        assert!(is_closed_day(date(2025, 4, 6)), "Sunday");
        assert!(is_closed_day(date(2025, 11, 24)), "振替休日");
        assert!(is_closed_day(date(2026, 9, 22)), "国民の休日");
        assert!(is_working_day(date(2025, 4, 1)), "an ordinary Tuesday");
    }

    #[test]
    fn one_working_day_after_the_last_friday_of_the_year_is_in_january() {
        assert_eq!(
            add_working_days(date(2025, 12, 26), 1),
            date(2026, 1, 5),
            "forward"
        );
        assert_eq!(
            add_working_days(date(2026, 1, 5), -1),
            date(2025, 12, 26),
            "backward"
        );
        assert_eq!(
            add_working_days(date(2025, 12, 26), 2),
            date(2026, 1, 6),
            "two days"
        );
    }

    #[test]
    fn working_days_skip_golden_week() {
        assert_eq!(
            add_working_days(date(2025, 5, 2), 1),
            date(2025, 5, 7),
            "GW 2025"
        );
        assert_eq!(
            add_working_days(date(2019, 4, 26), 1),
            date(2019, 5, 7),
            "10-day GW 2019"
        );
        assert_eq!(
            add_working_days(date(2019, 5, 7), -1),
            date(2019, 4, 26),
            "back over GW"
        );
        assert_eq!(
            working_days_between(date(2025, 4, 28), date(2025, 5, 9)),
            7,
            "4/29 5/5 5/6 off"
        );
        assert_eq!(
            working_days_between(date(2019, 4, 27), date(2019, 5, 6)),
            0,
            "all closed"
        );
    }

    #[test]
    fn working_days_between_counts_both_ends_and_skips_year_end() {
        assert_eq!(
            working_days_between(date(2025, 12, 1), date(2025, 12, 31)),
            20,
            "Dec 2025"
        );
        assert_eq!(
            working_days_between(date(2025, 12, 26), date(2026, 1, 5)),
            2,
            "12/26 and 1/5"
        );
        assert_eq!(
            working_days_between(date(2025, 4, 1), date(2025, 4, 1)),
            1,
            "a single open day"
        );
        assert_eq!(
            working_days_between(date(2025, 4, 5), date(2025, 4, 5)),
            0,
            "a single Saturday"
        );
        assert_eq!(
            working_days_between(date(2025, 4, 2), date(2025, 4, 1)),
            0,
            "end before start"
        );
    }

    #[test]
    fn a_fiscal_year_has_the_expected_number_of_working_days() {
        // FY2025: 365 days, 104 weekend days, 15 weekday holidays, 12/29–12/31 and 1/2 (1/1 is a
        // holiday, 1/3 a Saturday) → 365 − 104 − 15 − 4 = 242.
        let count = working_days_between(date(2025, 4, 1), date(2026, 3, 31));
        let by_day = date(2025, 4, 1)
            .iter_days()
            .take_while(|d| *d <= date(2026, 3, 31))
            .filter(|d| is_working_day(*d))
            .count() as i64;
        assert_eq!(
            count, by_day,
            "year-at-a-time counting agrees with day-by-day"
        );
        assert_eq!(count, 242, "FY2025 working days");
    }

    #[test]
    fn zero_working_days_returns_the_date_even_when_closed() {
        assert_eq!(
            add_working_days(date(2025, 1, 1), 0),
            date(2025, 1, 1),
            "元日 unchanged"
        );
    }

    #[test]
    fn adding_then_counting_working_days_agrees() {
        for start in [
            date(2024, 12, 20),
            date(2025, 4, 25),
            date(2019, 4, 1),
            date(2099, 11, 1),
        ] {
            for n in [1_i64, 2, 5, 20, 100, 250, 400] {
                let end = add_working_days(start, n);
                assert!(
                    is_working_day(end),
                    "{start} + {n} lands on an open day, got {end}"
                );
                let counted = working_days_between(start.succ_opt().expect("not MAX"), end);
                assert_eq!(counted, n, "{start} + {n} working days = {end}");
                assert_eq!(
                    add_working_days(end, -n),
                    start_or_previous_open(start),
                    "{end} - {n}"
                );
            }
        }
    }

    /// Going back from an open day returns to the start if it was open, else the open day before.
    fn start_or_previous_open(start: NaiveDate) -> NaiveDate {
        if is_working_day(start) {
            start
        } else {
            add_working_days(start, -1)
        }
    }

    #[test]
    fn years_without_holiday_rules_still_close_weekends_and_year_end() {
        assert!(is_closed_day(date(2100, 1, 2)), "年末年始 in 2100");
        assert!(
            is_working_day(date(2100, 1, 4)),
            "Monday 2100-01-04 is open (no 祝日 data)"
        );
        assert_eq!(
            add_working_days(date(2099, 12, 28), 1),
            date(2100, 1, 4),
            "into 2100"
        );
    }

    #[test]
    fn absurd_spans_saturate_instead_of_panicking() {
        assert_eq!(
            add_working_days(date(2025, 4, 1), i64::MAX),
            NaiveDate::MAX,
            "far future"
        );
        assert_eq!(
            add_working_days(date(2025, 4, 1), i64::MIN),
            NaiveDate::MIN,
            "far past"
        );
        let all = working_days_between(NaiveDate::MIN, NaiveDate::MAX);
        assert!(
            all > 0,
            "the whole representable range counts without overflow: {all}"
        );
        assert_eq!(
            add_working_days(NaiveDate::MAX, 1),
            NaiveDate::MAX,
            "already at the end"
        );
    }
}
