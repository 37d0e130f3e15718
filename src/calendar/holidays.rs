//! 国民の祝日 computed from the rules of 国民の祝日に関する法律 and its amendments, because a
//! copied list of dates goes stale and planning horizons reach years ahead.
//!
//! Covered: 1948-07-20 (the law's enforcement) through 2099-12-31. Years outside that range have
//! no holidays here (weekends and 年末年始 still count as closed days in `workdays`).
//!
//! 春分の日 and 秋分の日 are officially fixed each February (for the following year) in the 官報
//! from astronomical calculation; here they come from the standard approximation formula, which
//! agrees with the dates announced so far and is valid for 1900–2099.

use chrono::{Datelike, NaiveDate, Weekday};

use super::ymd;

/// The first year with any holidays (from 1948-07-20).
pub const FIRST_HOLIDAY_YEAR: i32 = 1948;
/// The last year with holidays; the equinox formula is not valid after 2099.
pub const LAST_HOLIDAY_YEAR: i32 = 2099;

/// 国民の祝日に関する法律 came into force on this day.
const LAW_IN_FORCE: NaiveDate = ymd(1948, 7, 20);
/// 振替休日 was introduced for holidays falling on a Sunday from this day.
const SUBSTITUTE_FROM: NaiveDate = ymd(1973, 4, 12);
/// From 2007 a 振替休日 rolls forward past consecutive 祝日; before, it was only ever the Monday.
const ROLLING_SUBSTITUTE_FROM: NaiveDate = ymd(2007, 1, 1);
/// 国民の休日 (a day sandwiched between two 祝日) exists from this amendment's enforcement.
const CITIZENS_HOLIDAY_FROM: NaiveDate = ymd(1985, 12, 27);

const SUBSTITUTE: &str = "振替休日";
const CITIZENS_HOLIDAY: &str = "国民の休日";

/// Days made holidays by special laws; each counts as a 祝日 for the 振替休日 and 国民の休日
/// rules (the 2019 law says so explicitly, which is what made 2019-04-30 and 2019-05-02 holidays).
const SPECIAL_DAYS: [(NaiveDate, &str); 6] = [
    (ymd(1959, 4, 10), "皇太子明仁親王の結婚の儀"),
    (ymd(1989, 2, 24), "昭和天皇の大喪の礼"),
    (ymd(1990, 11, 12), "即位礼正殿の儀"),
    (ymd(1993, 6, 9), "皇太子徳仁親王の結婚の儀"),
    (ymd(2019, 5, 1), "天皇の即位の日"),
    (ymd(2019, 10, 22), "即位礼正殿の儀"),
];

/// The name of the holiday on `date` ("元日", "振替休日", "国民の休日", "天皇の即位の日", …),
/// or `None` if it is not a holiday. Always `None` outside 1948-07-20..=2099-12-31.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    holidays_in_year(date.year())
        .into_iter()
        .find(|(day, _)| *day == date)
        .map(|(_, name)| name)
}

/// Whether `date` is a 国民の祝日, 振替休日 or 国民の休日 (not merely a weekend or 年末年始).
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// Every holiday of `year` in date order, including 振替休日 and 国民の休日.
/// Empty for years outside [`FIRST_HOLIDAY_YEAR`]..=[`LAST_HOLIDAY_YEAR`].
pub fn holidays_in_year(year: i32) -> Vec<(NaiveDate, &'static str)> {
    if !(FIRST_HOLIDAY_YEAR..=LAST_HOLIDAY_YEAR).contains(&year) {
        return Vec::new();
    }
    let national = national_holidays(year);
    let is_national = |date: NaiveDate| national.iter().any(|(day, _)| *day == date);
    let mut all = national.clone();

    // 振替休日 (第3条第2項): a 祝日 on a Sunday makes the next non-祝日 a holiday (from 2007);
    // before 2007 only the Monday, and only if the Monday was not itself a 祝日.
    for &(day, _) in &national {
        if day.weekday() != Weekday::Sun || day < SUBSTITUTE_FROM {
            continue;
        }
        let mut substitute = next_day(day);
        if day >= ROLLING_SUBSTITUTE_FROM {
            while is_national(substitute) {
                substitute = next_day(substitute);
            }
        } else if is_national(substitute) {
            continue;
        }
        all.push((substitute, SUBSTITUTE));
    }

    // 国民の休日 (第3条第3項): a day whose previous and next days are both 祝日. Before 2007 a
    // Sunday or a 振替休日 did not qualify; since 2007 only a day that is not a 祝日 is required
    // (we still keep the 振替休日 name if a day would be both).
    for pair in national.windows(2) {
        let (before, after) = (pair[0].0, pair[1].0);
        if (after - before).num_days() != 2 {
            continue;
        }
        let day = next_day(before);
        let already = all.iter().any(|(d, _)| *d == day);
        let sunday_excluded = day < ROLLING_SUBSTITUTE_FROM && day.weekday() == Weekday::Sun;
        if day >= CITIZENS_HOLIDAY_FROM && !already && !sunday_excluded {
            all.push((day, CITIZENS_HOLIDAY));
        }
    }

    all.sort_unstable_by_key(|&(day, _)| day);
    all
}

/// The 国民の祝日 of `year` proper (including special-law days), sorted, without 振替休日 or
/// 国民の休日. `year` must be within the supported range.
fn national_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let y = year;
    let mut days: Vec<(NaiveDate, &'static str)> = Vec::with_capacity(20);
    let mut add = |month: u32, day: u32, name: &'static str| days.push((date(y, month, day), name));

    add(1, 1, "元日");
    if y <= 1999 {
        add(1, 15, "成人の日");
    } else {
        add(1, nth_monday(y, 1, 2), "成人の日");
    }
    if y >= 1967 {
        add(2, 11, "建国記念の日");
    }
    if y >= 2020 {
        add(2, 23, "天皇誕生日");
    }
    add(3, vernal_equinox_day(y), "春分の日");
    match y {
        ..=1988 => add(4, 29, "天皇誕生日"),
        1989..=2006 => add(4, 29, "みどりの日"),
        _ => add(4, 29, "昭和の日"),
    }
    add(5, 3, "憲法記念日");
    if y >= 2007 {
        add(5, 4, "みどりの日");
    }
    add(5, 5, "こどもの日");
    match y {
        ..=1995 => {}
        1996..=2002 => add(7, 20, "海の日"),
        2020 => add(7, 23, "海の日"),
        2021 => add(7, 22, "海の日"),
        _ => add(7, nth_monday(y, 7, 3), "海の日"),
    }
    match y {
        ..=2015 => {}
        2020 => add(8, 10, "山の日"),
        2021 => add(8, 8, "山の日"),
        _ => add(8, 11, "山の日"),
    }
    match y {
        ..=1965 => {}
        1966..=2002 => add(9, 15, "敬老の日"),
        _ => add(9, nth_monday(y, 9, 3), "敬老の日"),
    }
    add(9, autumnal_equinox_day(y), "秋分の日");
    match y {
        ..=1965 => {}
        1966..=1999 => add(10, 10, "体育の日"),
        2000..=2019 => add(10, nth_monday(y, 10, 2), "体育の日"),
        2020 => add(7, 24, "スポーツの日"),
        2021 => add(7, 23, "スポーツの日"),
        _ => add(10, nth_monday(y, 10, 2), "スポーツの日"),
    }
    add(11, 3, "文化の日");
    add(11, 23, "勤労感謝の日");
    if (1989..=2018).contains(&y) {
        add(12, 23, "天皇誕生日");
    }

    days.extend(SPECIAL_DAYS.iter().filter(|(day, _)| day.year() == y));
    days.retain(|(day, _)| *day >= LAW_IN_FORCE);
    days.sort_unstable_by_key(|&(day, _)| day);
    days
}

/// A date produced by the holiday rules for a supported year.
fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .expect("holiday rules only produce real dates for years 1948–2099")
}

/// The next day; the rules never step past December 31 of a supported year.
fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt()
        .expect("dates in 1948–2099 always have a next day")
}

/// The day of the month of the `n`-th Monday (ハッピーマンデー制度).
fn nth_monday(year: i32, month: u32, n: u8) -> u32 {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n)
        .expect("every month has a second and a third Monday")
        .day()
}

/// The standard approximation: int(base + 0.242194·(y−1980)) − int((y−offset)/4), with the
/// constants for 1900–1979 and 1980–2099. Integer division truncates towards zero, as the
/// published formula assumes for the years before 1983.
fn equinox_day(year: i32, base_1900: f64, base_1980: f64) -> u32 {
    let (base, leap_origin) = if year < 1980 {
        (base_1900, 1983)
    } else {
        (base_1980, 1980)
    };
    let day = (base + 0.242194 * f64::from(year - 1980)).floor() as i32 - (year - leap_origin) / 4;
    u32::try_from(day).expect("the equinox formula gives a day of the month 19–24 for 1900–2099")
}

/// 春分の日 (March), valid 1900–2099.
fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(year, 20.8357, 20.8431)
}

/// 秋分の日 (September), valid 1900–2099.
fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(year, 23.2588, 23.2488)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Holidays of `year` as (month, day, name) for compact comparison with official lists.
    fn listed(year: i32) -> Vec<(u32, u32, &'static str)> {
        holidays_in_year(year)
            .into_iter()
            .map(|(d, name)| (d.month(), d.day(), name))
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    #[test]
    fn the_2019_list_matches_the_cabinet_office_list_including_the_enthronement_days() {
        let expected = vec![
            (1, 1, "元日"),
            (1, 14, "成人の日"),
            (2, 11, "建国記念の日"),
            (3, 21, "春分の日"),
            (4, 29, "昭和の日"),
            (4, 30, "国民の休日"),
            (5, 1, "天皇の即位の日"),
            (5, 2, "国民の休日"),
            (5, 3, "憲法記念日"),
            (5, 4, "みどりの日"),
            (5, 5, "こどもの日"),
            (5, 6, "振替休日"),
            (7, 15, "海の日"),
            (8, 11, "山の日"),
            (8, 12, "振替休日"),
            (9, 16, "敬老の日"),
            (9, 23, "秋分の日"),
            (10, 14, "体育の日"),
            (10, 22, "即位礼正殿の儀"),
            (11, 3, "文化の日"),
            (11, 4, "振替休日"),
            (11, 23, "勤労感謝の日"),
        ];
        assert_eq!(
            listed(2019),
            expected,
            "2019 has no 天皇誕生日 and two 国民の休日 around 5/1"
        );
    }

    #[test]
    fn the_2020_list_has_the_olympic_moves() {
        let expected = vec![
            (1, 1, "元日"),
            (1, 13, "成人の日"),
            (2, 11, "建国記念の日"),
            (2, 23, "天皇誕生日"),
            (2, 24, "振替休日"),
            (3, 20, "春分の日"),
            (4, 29, "昭和の日"),
            (5, 3, "憲法記念日"),
            (5, 4, "みどりの日"),
            (5, 5, "こどもの日"),
            (5, 6, "振替休日"),
            (7, 23, "海の日"),
            (7, 24, "スポーツの日"),
            (8, 10, "山の日"),
            (9, 21, "敬老の日"),
            (9, 22, "秋分の日"),
            (11, 3, "文化の日"),
            (11, 23, "勤労感謝の日"),
        ];
        assert_eq!(
            listed(2020),
            expected,
            "2020: 海の日 7/23, スポーツの日 7/24, 山の日 8/10"
        );
    }

    #[test]
    fn the_2021_list_has_the_olympic_moves_and_a_substitute_for_yama_no_hi() {
        let expected = vec![
            (1, 1, "元日"),
            (1, 11, "成人の日"),
            (2, 11, "建国記念の日"),
            (2, 23, "天皇誕生日"),
            (3, 20, "春分の日"),
            (4, 29, "昭和の日"),
            (5, 3, "憲法記念日"),
            (5, 4, "みどりの日"),
            (5, 5, "こどもの日"),
            (7, 22, "海の日"),
            (7, 23, "スポーツの日"),
            (8, 8, "山の日"),
            (8, 9, "振替休日"),
            (9, 20, "敬老の日"),
            (9, 23, "秋分の日"),
            (11, 3, "文化の日"),
            (11, 23, "勤労感謝の日"),
        ];
        assert_eq!(
            listed(2021),
            expected,
            "2021: 海の日 7/22, スポーツの日 7/23, 山の日 8/8"
        );
    }

    #[test]
    fn the_2025_list_matches_the_cabinet_office_list() {
        let expected = vec![
            (1, 1, "元日"),
            (1, 13, "成人の日"),
            (2, 11, "建国記念の日"),
            (2, 23, "天皇誕生日"),
            (2, 24, "振替休日"),
            (3, 20, "春分の日"),
            (4, 29, "昭和の日"),
            (5, 3, "憲法記念日"),
            (5, 4, "みどりの日"),
            (5, 5, "こどもの日"),
            (5, 6, "振替休日"),
            (7, 21, "海の日"),
            (8, 11, "山の日"),
            (9, 15, "敬老の日"),
            (9, 23, "秋分の日"),
            (10, 13, "スポーツの日"),
            (11, 3, "文化の日"),
            (11, 23, "勤労感謝の日"),
            (11, 24, "振替休日"),
        ];
        assert_eq!(listed(2025), expected, "2025 holidays");
    }

    #[test]
    fn the_2026_list_matches_the_cabinet_office_list_with_a_silver_week() {
        let expected = vec![
            (1, 1, "元日"),
            (1, 12, "成人の日"),
            (2, 11, "建国記念の日"),
            (2, 23, "天皇誕生日"),
            (3, 20, "春分の日"),
            (4, 29, "昭和の日"),
            (5, 3, "憲法記念日"),
            (5, 4, "みどりの日"),
            (5, 5, "こどもの日"),
            (5, 6, "振替休日"),
            (7, 20, "海の日"),
            (8, 11, "山の日"),
            (9, 21, "敬老の日"),
            (9, 22, "国民の休日"),
            (9, 23, "秋分の日"),
            (10, 12, "スポーツの日"),
            (11, 3, "文化の日"),
            (11, 23, "勤労感謝の日"),
        ];
        assert_eq!(listed(2026), expected, "2026 holidays");
    }

    #[test]
    fn a_substitute_holiday_rolls_past_a_two_day_holiday_run_since_2007() {
        assert_eq!(
            holiday_name(day(2008, 5, 4)),
            Some("みどりの日"),
            "5/4/2008 is a Sunday"
        );
        assert_eq!(
            holiday_name(day(2008, 5, 5)),
            Some("こどもの日"),
            "5/5 is itself a 祝日"
        );
        assert_eq!(
            holiday_name(day(2008, 5, 6)),
            Some("振替休日"),
            "so the substitute is 5/6"
        );
    }

    #[test]
    fn before_2007_a_substitute_was_only_the_following_monday() {
        // 2003-05-04 (Sunday) was 国民の休日 territory, not a 祝日: no substitute, 5/6 is a workday.
        assert_eq!(
            holiday_name(day(2003, 5, 4)),
            None,
            "a Sunday could not be 国民の休日"
        );
        assert_eq!(
            holiday_name(day(2003, 5, 6)),
            None,
            "no rolling substitute before 2007"
        );
        // 2002-05-05 (Sunday) こどもの日 → Monday 5/6.
        assert_eq!(
            holiday_name(day(2002, 5, 6)),
            Some("振替休日"),
            "Monday substitute"
        );
        // 1992-05-03 (Sunday) → 5/4 is 振替休日, not 国民の休日.
        assert_eq!(
            holiday_name(day(1992, 5, 4)),
            Some("振替休日"),
            "振替 wins over 国民の休日"
        );
        assert_eq!(
            holiday_name(day(1988, 5, 4)),
            Some("国民の休日"),
            "first 国民の休日"
        );
    }

    #[test]
    fn substitute_holidays_start_in_april_1973() {
        assert_eq!(
            holiday_name(day(1973, 4, 30)),
            Some("振替休日"),
            "first ever 振替休日"
        );
        // 1967-01-15 was 成人の日 on a Sunday, before the 1973 amendment: no substitute.
        assert_eq!(
            day(1967, 1, 15).weekday(),
            Weekday::Sun,
            "1967-01-15 is a Sunday"
        );
        assert_eq!(
            holiday_name(day(1967, 1, 16)),
            None,
            "no substitutes before 1973"
        );
    }

    #[test]
    fn silver_week_weekdays_between_two_holidays_are_citizens_holidays() {
        for (y, m, d) in [(2009, 9, 22), (2015, 9, 22), (2026, 9, 22)] {
            assert_eq!(
                holiday_name(day(y, m, d)),
                Some("国民の休日"),
                "{y}-{m:02}-{d:02} lies between 敬老の日 and 秋分の日"
            );
        }
    }

    #[test]
    fn the_emperors_birthday_moved_with_each_reign() {
        assert_eq!(
            holiday_name(day(1988, 4, 29)),
            Some("天皇誕生日"),
            "昭和天皇"
        );
        assert_eq!(
            holiday_name(day(1989, 4, 29)),
            Some("みどりの日"),
            "4/29 became みどりの日"
        );
        assert_eq!(
            holiday_name(day(2007, 4, 29)),
            Some("昭和の日"),
            "then 昭和の日"
        );
        assert_eq!(
            holiday_name(day(2007, 5, 4)),
            Some("みどりの日"),
            "みどりの日 moved to 5/4"
        );
        assert_eq!(
            holiday_name(day(2018, 12, 23)),
            Some("天皇誕生日"),
            "上皇陛下, last year"
        );
        assert_eq!(
            holiday_name(day(2019, 12, 23)),
            None,
            "no 天皇誕生日 in 2019"
        );
        assert_eq!(holiday_name(day(2019, 2, 23)), None, "2/23 not yet in 2019");
        assert_eq!(
            holiday_name(day(2020, 2, 23)),
            Some("天皇誕生日"),
            "今上天皇 from 2020"
        );
    }

    #[test]
    fn happy_monday_holidays_switch_in_their_years() {
        assert_eq!(
            holiday_name(day(1999, 1, 15)),
            Some("成人の日"),
            "1/15 until 1999"
        );
        assert_eq!(
            holiday_name(day(2000, 1, 10)),
            Some("成人の日"),
            "2nd Monday from 2000"
        );
        assert_eq!(
            holiday_name(day(1999, 10, 10)),
            Some("体育の日"),
            "10/10 until 1999"
        );
        assert_eq!(
            holiday_name(day(2000, 10, 9)),
            Some("体育の日"),
            "2nd Monday from 2000"
        );
        assert_eq!(
            holiday_name(day(2002, 7, 20)),
            Some("海の日"),
            "7/20 until 2002"
        );
        assert_eq!(
            holiday_name(day(2003, 7, 21)),
            Some("海の日"),
            "3rd Monday from 2003"
        );
        assert_eq!(
            holiday_name(day(1995, 7, 20)),
            None,
            "no 海の日 before 1996"
        );
        assert_eq!(
            holiday_name(day(2002, 9, 15)),
            Some("敬老の日"),
            "9/15 until 2002"
        );
        assert_eq!(
            holiday_name(day(2003, 9, 15)),
            Some("敬老の日"),
            "3rd Monday from 2003"
        );
        assert_eq!(
            holiday_name(day(2022, 10, 10)),
            Some("スポーツの日"),
            "renamed from 2020"
        );
        assert_eq!(
            holiday_name(day(2015, 8, 11)),
            None,
            "no 山の日 before 2016"
        );
        assert_eq!(
            holiday_name(day(2016, 8, 11)),
            Some("山の日"),
            "山の日 from 2016"
        );
    }

    #[test]
    fn equinoxes_follow_the_announced_dates() {
        let vernal = [
            (1980, 20),
            (2012, 20),
            (2019, 21),
            (2023, 21),
            (2024, 20),
            (2026, 20),
        ];
        for (y, d) in vernal {
            assert_eq!(
                holiday_name(day(y, 3, d)),
                Some("春分の日"),
                "春分の日 {y}-03-{d}"
            );
        }
        let autumnal = [
            (1980, 23),
            (2012, 22),
            (2016, 22),
            (2020, 22),
            (2024, 22),
            (2025, 23),
        ];
        for (y, d) in autumnal {
            assert_eq!(
                holiday_name(day(y, 9, d)),
                Some("秋分の日"),
                "秋分の日 {y}-09-{d}"
            );
        }
        assert_eq!(
            holiday_name(day(1960, 3, 20)),
            Some("春分の日"),
            "1900–1979 formula"
        );
        assert_eq!(
            holiday_name(day(1948, 9, 23)),
            Some("秋分の日"),
            "first 秋分の日"
        );
    }

    #[test]
    fn the_law_starts_on_1948_07_20() {
        assert_eq!(
            holiday_name(day(1948, 5, 5)),
            None,
            "before the law, nothing"
        );
        assert_eq!(
            listed(1948),
            vec![
                (9, 23, "秋分の日"),
                (11, 3, "文化の日"),
                (11, 23, "勤労感謝の日")
            ],
            "1948 has only the autumn holidays"
        );
    }

    #[test]
    fn special_law_days_are_holidays() {
        assert_eq!(
            holiday_name(day(1989, 2, 24)),
            Some("昭和天皇の大喪の礼"),
            "1989"
        );
        assert_eq!(
            holiday_name(day(1990, 11, 12)),
            Some("即位礼正殿の儀"),
            "1990"
        );
        assert_eq!(
            holiday_name(day(1993, 6, 9)),
            Some("皇太子徳仁親王の結婚の儀"),
            "1993"
        );
        assert_eq!(
            holiday_name(day(1959, 4, 10)),
            Some("皇太子明仁親王の結婚の儀"),
            "1959"
        );
    }

    #[test]
    fn new_years_day_on_a_sunday_gives_a_substitute_on_january_2() {
        assert_eq!(
            holiday_name(day(2023, 1, 2)),
            Some("振替休日"),
            "2023-01-01 was a Sunday"
        );
    }

    #[test]
    fn years_outside_the_supported_range_have_no_holidays() {
        assert!(holidays_in_year(1947).is_empty(), "before the law");
        assert!(
            holidays_in_year(2100).is_empty(),
            "beyond the equinox formula"
        );
        assert!(!is_holiday(day(2100, 1, 1)), "not even 元日");
        assert!(
            holidays_in_year(i32::MAX).is_empty(),
            "absurd years do not panic"
        );
    }

    #[test]
    fn every_supported_year_has_a_plausible_sorted_list() {
        for year in FIRST_HOLIDAY_YEAR + 1..=LAST_HOLIDAY_YEAR {
            let list = holidays_in_year(year);
            assert!(
                (9..=22).contains(&list.len()),
                "{year} has {} holidays",
                list.len()
            );
            assert!(
                list.windows(2).all(|w| w[0].0 < w[1].0),
                "{year} sorted without duplicates"
            );
            assert!(
                list.iter().all(|(d, _)| d.year() == year),
                "{year} stays in its year"
            );
            let vernal = vernal_equinox_day(year);
            let autumnal = autumnal_equinox_day(year);
            assert!((19..=22).contains(&vernal), "{year} 春分 on 3/{vernal}");
            assert!((22..=24).contains(&autumnal), "{year} 秋分 on 9/{autumnal}");
        }
    }

    #[test]
    fn is_holiday_agrees_with_holiday_name() {
        assert!(is_holiday(day(2025, 11, 24)), "振替休日 is a holiday");
        assert!(is_holiday(day(2026, 9, 22)), "国民の休日 is a holiday");
        assert!(
            !is_holiday(day(2025, 12, 29)),
            "年末年始 is closed but not a holiday"
        );
        assert!(
            !is_holiday(day(2025, 4, 5)),
            "a plain Saturday is not a holiday"
        );
    }
}
