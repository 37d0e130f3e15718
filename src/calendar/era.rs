//! 和暦 (Japanese era) conversion, because municipal documents date things as 令和7年4月1日,
//! not 2025-04-01.
//!
//! Era start dates are the Gregorian dates on which each era began. Dates before 明治 have no era
//! and are formatted in 西暦. 明治 is taken to begin on 1868-10-23 (the day of the 改元の詔); Japan
//! used the lunisolar calendar until 明治5年, so dates before 1873-01-01 are converted as if the
//! Gregorian calendar had applied (proleptic), which is what planning data needs.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ymd;

/// A Japanese era (元号) since 明治.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Era {
    /// 明治, from 1868-10-23.
    Meiji,
    /// 大正, from 1912-07-30.
    Taisho,
    /// 昭和, from 1926-12-25.
    Showa,
    /// 平成, from 1989-01-08.
    Heisei,
    /// 令和, from 2019-05-01.
    Reiwa,
}

impl Era {
    /// All eras, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name in kanji: "令和".
    pub fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The Latin initial used in short forms: 'R' for 令和.
    pub fn initial(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The first day of the era (its 元年 begins here).
    pub fn start(self) -> NaiveDate {
        match self {
            Era::Meiji => ymd(1868, 10, 23),
            Era::Taisho => ymd(1912, 7, 30),
            Era::Showa => ymd(1926, 12, 25),
            Era::Heisei => ymd(1989, 1, 8),
            Era::Reiwa => ymd(2019, 5, 1),
        }
    }

    /// The era that followed this one, if any.
    pub fn next(self) -> Option<Era> {
        match self {
            Era::Meiji => Some(Era::Taisho),
            Era::Taisho => Some(Era::Showa),
            Era::Showa => Some(Era::Heisei),
            Era::Heisei => Some(Era::Reiwa),
            Era::Reiwa => None,
        }
    }

    /// The last day of the era, or `None` for the current era.
    pub fn end(self) -> Option<NaiveDate> {
        self.next().and_then(|next| next.start().pred_opt())
    }

    /// Whether `date` falls within this era.
    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.start() && self.end().is_none_or(|end| date <= end)
    }

    /// The era whose kanji name is `name` ("令和" → Reiwa).
    pub fn from_name(name: &str) -> Option<Era> {
        Era::ALL.into_iter().find(|era| era.name() == name)
    }

    /// The era whose initial is `c`, case-insensitively ('r' or 'R' → Reiwa).
    pub fn from_initial(c: char) -> Option<Era> {
        let c = c.to_ascii_uppercase();
        Era::ALL.into_iter().find(|era| era.initial() == c)
    }
}

/// The era in force on `date` and the era year (1 = 元年), or `None` before 明治.
///
/// `era_of(2019-05-01) == Some((Reiwa, 1))`, `era_of(2019-04-30) == Some((Heisei, 31))`.
pub fn era_of(date: NaiveDate) -> Option<(Era, i32)> {
    let era = Era::ALL.into_iter().rev().find(|era| date >= era.start())?;
    Some((era, date.year() - era.start().year() + 1))
}

/// An era year as written in kanji forms: 1 is 元 (元年), others are plain digits.
pub(crate) fn era_year_text(year: i32) -> String {
    if year == 1 {
        "元".to_owned()
    } else {
        year.to_string()
    }
}

/// The date in full 和暦: "令和7年4月1日", "令和元年5月1日". Before 明治: "1850年1月1日".
pub fn wareki(date: NaiveDate) -> String {
    format!("{}{}日", wareki_month(date), date.day())
}

/// The date in short 和暦 with the era initial: "R7.4.1", "R1.5.1" (digits, never 元).
/// Before 明治 the 西暦 year is used: "1850.1.1".
pub fn wareki_short(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, year)) => {
            format!("{}{}.{}.{}", era.initial(), year, date.month(), date.day())
        }
        None => format!("{}.{}.{}", date.year(), date.month(), date.day()),
    }
}

/// The month in 和暦: "令和7年4月", "令和元年5月". Before 明治: "1850年1月".
pub fn wareki_month(date: NaiveDate) -> String {
    match era_of(date) {
        Some((era, year)) => format!("{}{}年{}月", era.name(), era_year_text(year), date.month()),
        None => format!("{}年{}月", date.year(), date.month()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    #[test]
    fn the_last_day_of_heisei_is_heisei_31() {
        assert_eq!(
            era_of(date(2019, 4, 30)),
            Some((Era::Heisei, 31)),
            "2019-04-30 is 平成31年"
        );
        assert_eq!(wareki(date(2019, 4, 30)), "平成31年4月30日", "full form");
        assert_eq!(wareki_short(date(2019, 4, 30)), "H31.4.30", "short form");
    }

    #[test]
    fn the_first_day_of_reiwa_is_reiwa_gannen() {
        assert_eq!(
            era_of(date(2019, 5, 1)),
            Some((Era::Reiwa, 1)),
            "2019-05-01 is 令和元年"
        );
        assert_eq!(
            wareki(date(2019, 5, 1)),
            "令和元年5月1日",
            "year 1 is written 元"
        );
        assert_eq!(
            wareki_short(date(2019, 5, 1)),
            "R1.5.1",
            "short form uses the digit 1"
        );
        assert_eq!(wareki_month(date(2019, 5, 1)), "令和元年5月", "month form");
    }

    #[test]
    fn showa_ends_on_1989_01_07_and_heisei_begins_the_next_day() {
        assert_eq!(
            wareki(date(1989, 1, 7)),
            "昭和64年1月7日",
            "last day of 昭和"
        );
        assert_eq!(
            wareki(date(1989, 1, 8)),
            "平成元年1月8日",
            "first day of 平成"
        );
        assert_eq!(wareki_short(date(1989, 1, 7)), "S64.1.7", "short 昭和");
        assert_eq!(wareki_short(date(1989, 1, 8)), "H1.1.8", "short 平成");
    }

    #[test]
    fn an_ordinary_reiwa_date_uses_digits() {
        assert_eq!(wareki(date(2025, 4, 1)), "令和7年4月1日", "full form");
        assert_eq!(wareki_short(date(2025, 4, 1)), "R7.4.1", "short form");
        assert_eq!(wareki_month(date(2025, 4, 1)), "令和7年4月", "month form");
    }

    #[test]
    fn taisho_and_meiji_boundaries_are_converted() {
        assert_eq!(
            wareki(date(1926, 12, 24)),
            "大正15年12月24日",
            "last day of 大正"
        );
        assert_eq!(
            wareki(date(1926, 12, 25)),
            "昭和元年12月25日",
            "first day of 昭和"
        );
        assert_eq!(
            wareki(date(1912, 7, 29)),
            "明治45年7月29日",
            "last day of 明治"
        );
        assert_eq!(
            wareki(date(1912, 7, 30)),
            "大正元年7月30日",
            "first day of 大正"
        );
    }

    #[test]
    fn dates_before_meiji_fall_back_to_seireki() {
        assert_eq!(era_of(date(1850, 1, 1)), None, "no era before 明治");
        assert_eq!(wareki(date(1850, 1, 1)), "1850年1月1日", "full fallback");
        assert_eq!(wareki_short(date(1850, 1, 1)), "1850.1.1", "short fallback");
    }

    #[test]
    fn each_era_ends_the_day_before_the_next_begins() {
        for era in Era::ALL {
            match era.next() {
                Some(next) => assert_eq!(
                    era.end().and_then(|end| end.succ_opt()),
                    Some(next.start()),
                    "{} should end the day before {} starts",
                    era.name(),
                    next.name()
                ),
                None => assert_eq!(era.end(), None, "the current era has no end"),
            }
        }
        assert!(
            Era::Heisei.contains(date(2019, 4, 30)),
            "平成 includes its last day"
        );
        assert!(
            !Era::Heisei.contains(date(2019, 5, 1)),
            "平成 excludes the first day of 令和"
        );
        assert!(
            Era::Reiwa.contains(date(2099, 12, 31)),
            "令和 is open-ended"
        );
    }

    #[test]
    fn eras_are_found_by_name_and_initial() {
        assert_eq!(Era::from_name("令和"), Some(Era::Reiwa), "by name");
        assert_eq!(Era::from_name("慶応"), None, "eras before 明治 are unknown");
        assert_eq!(
            Era::from_initial('h'),
            Some(Era::Heisei),
            "initial is case-insensitive"
        );
        assert_eq!(Era::from_initial('X'), None, "unknown initial");
    }
}
