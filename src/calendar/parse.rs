//! Lenient date and 年度 input, because clerks type dates as 令和7年4月1日, R7.4.1 or ２０２５／４／１ and
//! need an error in plain Japanese when a date cannot be read.
//!
//! Accepted (after trimming; full-width digits, letters and punctuation count as ASCII; spaces
//! inside are ignored; dash look-alikes such as − ー ‐ count as '-'):
//!
//! * 西暦: `2025-04-01`, `2025/4/1`, `2025.4.1`, `20250401`, `2025年4月1日` (4-digit year).
//! * 和暦: `令和7年4月1日`, `令和元年5月1日`, `R7.4.1`, `R7/4/1`, `R7-4-1`, `r7.4.1`, `令和7.4.1`,
//!   `R元.5.1`, for 明治/大正/昭和/平成/令和 (M/T/S/H/R). The date must lie within the era.
//! * 年度 ([`parse_fiscal_year`]): `2025`, `2025年度`, `FY2025`, `令和7年度`, `R7`, `r7年度`, `令和元年度`.

use chrono::{Datelike, NaiveDate};

use super::era::Era;
use super::fiscal::FiscalYear;

/// Why a date could not be read. Each variant carries the input as typed (trimmed); the
/// `Display` text is Japanese and addressed to a municipal clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// Nothing (or only spaces) was entered.
    #[error(
        "日付が入力されていません。YYYY-MM-DD（例: 2025-04-01）または和暦（例: 令和7年4月1日）で入力してください。"
    )]
    Empty,
    /// The text is not in any accepted date format.
    #[error(
        "「{0}」は日付として読み取れません。YYYY-MM-DD（例: 2025-04-01）または和暦（例: 令和7年4月1日）で入力してください。"
    )]
    Format(String),
    /// The format is right but no such day exists (2025-02-30, 13月).
    #[error("「{0}」は存在しない日付です。")]
    OutOfRange(String),
    /// A 和暦 date outside its era (令和元年4月1日, 平成32年1月1日, 令和0年…).
    #[error("{}", era_range_message(.0))]
    EraRange(String),
}

/// 「令和元年4月1日」は令和の範囲外です（令和は2019年5月1日から）。
fn era_range_message(input: &str) -> String {
    let normalized = normalize(input);
    let Some((era, _)) = era_prefix(&normalized) else {
        return format!("「{input}」は元号の範囲外です。");
    };
    let start = era.start();
    let from = format!("{}年{}月{}日から", start.year(), start.month(), start.day());
    let span = match era.end() {
        Some(end) => format!("{from}{}年{}月{}日まで", end.year(), end.month(), end.day()),
        None => from,
    };
    format!(
        "「{input}」は{name}の範囲外です（{name}は{span}）。",
        name = era.name()
    )
}

/// Reads a date typed by a person. See the module documentation for the accepted forms.
///
/// # Errors
///
/// [`DateParseError::Empty`] for blank input, [`DateParseError::Format`] for text in no accepted
/// form, [`DateParseError::OutOfRange`] for a day that does not exist (2025-02-30), and
/// [`DateParseError::EraRange`] for a 和暦 date outside its era (令和元年4月1日, 平成32年1月1日).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateParseError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(DateParseError::Empty);
    }
    let normalized = normalize(input);
    let parts = parse_parts(&normalized).ok_or_else(|| DateParseError::Format(input.to_owned()))?;
    let out_of_range = || DateParseError::OutOfRange(input.to_owned());
    match parts.era {
        None => {
            NaiveDate::from_ymd_opt(parts.year, parts.month, parts.day).ok_or_else(out_of_range)
        }
        Some(era) => {
            let era_range = || DateParseError::EraRange(input.to_owned());
            if parts.year < 1 {
                return Err(era_range());
            }
            let year = era.start().year() + parts.year - 1;
            let date =
                NaiveDate::from_ymd_opt(year, parts.month, parts.day).ok_or_else(out_of_range)?;
            if era.contains(date) {
                Ok(date)
            } else {
                Err(era_range())
            }
        }
    }
}

/// Reads a 年度 as clerks write it: 2025, 2025年度, 令和7年度, R7, R7年度, 令和元年度, 平成31年度 (full-width too,
/// spaces ignored); `None` when it is none of these or lies outside 1900–2200 or its era.
pub fn parse_fiscal_year(s: &str) -> Option<FiscalYear> {
    let t: String = normalize(s).into_iter().collect();
    let t = t.strip_suffix("年度").unwrap_or(&t);
    let t = t.strip_suffix('年').unwrap_or(t);
    let t = t.strip_prefix("FY").unwrap_or(t);
    if let Ok(y) = t.parse::<i32>() {
        return (1900..=2200).contains(&y).then_some(FiscalYear(y));
    }
    let (era, rest) = Era::ALL.iter().find_map(|e| {
        t.strip_prefix(e.name())
            .or_else(|| t.strip_prefix(e.initial()))
            .or_else(|| t.strip_prefix(e.initial().to_ascii_lowercase()))
            .map(|r| (*e, r))
    })?;
    let n: i32 = if rest == "元" { 1 } else { rest.parse().ok()? };
    let y = era.start().year() + n - 1;
    (n >= 1 && era.end().is_none_or(|end| y <= end.year()) && (1900..=2200).contains(&y))
        .then_some(FiscalYear(y))
}

/// The pieces of a date as written; `year` is the era year when `era` is set.
struct Parts {
    era: Option<Era>,
    year: i32,
    month: u32,
    day: u32,
}

/// Maps full-width ASCII (Ｒ７．４．１) to ASCII, dash look-alikes to '-', and drops whitespace.
fn normalize(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
            _ => c,
        })
        .collect()
}

/// The era named at the start of `s` ("令和" or an initial such as 'R') and its length in chars.
fn era_prefix(s: &[char]) -> Option<(Era, usize)> {
    for era in Era::ALL {
        let name: Vec<char> = era.name().chars().collect();
        if s.starts_with(&name) {
            return Some((era, name.len()));
        }
    }
    let first = *s.first()?;
    if first.is_ascii_alphabetic() {
        Era::from_initial(first).map(|era| (era, 1))
    } else {
        None
    }
}

/// Splits a normalised date into its parts, or `None` if it is in no accepted format.
fn parse_parts(s: &[char]) -> Option<Parts> {
    if s.len() == 8 && s.iter().all(char::is_ascii_digit) {
        return Some(Parts {
            era: None,
            year: number(&s[0..4])?,
            month: number(&s[4..6])?,
            day: number(&s[6..8])?,
        });
    }
    let mut cursor = Cursor { s, at: 0 };
    let era = era_prefix(s).map(|(era, len)| {
        cursor.at = len;
        era
    });
    let year = match era {
        Some(_) if cursor.eat('元') => 1,
        Some(_) => cursor.number(1, 4)?,
        None => cursor.number(4, 4)?,
    };
    let (month, day) = if cursor.eat('年') {
        let month = cursor.number(1, 2)?;
        cursor.eat('月').then_some(())?;
        let day = cursor.number(1, 2)?;
        cursor.eat('日').then_some(())?;
        (month, day)
    } else {
        let separator = cursor.peek().filter(|c| matches!(c, '-' | '/' | '.'))?;
        cursor.eat(separator);
        let month = cursor.number(1, 2)?;
        cursor.eat(separator).then_some(())?;
        (month, cursor.number(1, 2)?)
    };
    cursor.is_done().then_some(Parts {
        era,
        year,
        month,
        day,
    })
}

/// Parses ASCII digits (already checked to be digits and short enough not to overflow).
fn number<T: std::str::FromStr>(digits: &[char]) -> Option<T> {
    digits.iter().collect::<String>().parse().ok()
}

/// A read position in a normalised date.
struct Cursor<'a> {
    s: &'a [char],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.at).copied()
    }

    /// Consumes `c` if it is next.
    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at += 1;
        }
        found
    }

    /// Consumes a run of `min..=max` ASCII digits; a longer run is not a match.
    fn number<T: std::str::FromStr>(&mut self, min: usize, max: usize) -> Option<T> {
        let rest = &self.s[self.at..];
        let len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(min..=max).contains(&len) {
            return None;
        }
        self.at += len;
        number(&rest[..len])
    }

    fn is_done(&self) -> bool {
        self.at == self.s.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test dates are real dates")
    }

    fn parsed(s: &str) -> NaiveDate {
        match parse_date(s) {
            Ok(d) => d,
            Err(e) => panic!("{s:?} should parse, got: {e}"),
        }
    }

    fn message(s: &str) -> String {
        match parse_date(s) {
            Ok(d) => panic!("{s:?} should be rejected, got {d}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn seireki_dates_parse_in_every_accepted_format() {
        let april_first = date(2025, 4, 1);
        for s in [
            "2025-04-01",
            "2025/4/1",
            "2025.4.1",
            "20250401",
            "2025年4月1日",
            "2025-4-01",
        ] {
            assert_eq!(parsed(s), april_first, "{s:?}");
        }
    }

    #[test]
    fn wareki_dates_parse_in_every_accepted_format() {
        let cases = [
            ("令和7年4月1日", date(2025, 4, 1)),
            ("令和元年5月1日", date(2019, 5, 1)),
            ("令和1年5月1日", date(2019, 5, 1)),
            ("R7.4.1", date(2025, 4, 1)),
            ("R7/4/1", date(2025, 4, 1)),
            ("R7-4-1", date(2025, 4, 1)),
            ("r7.4.1", date(2025, 4, 1)),
            ("R元.5.1", date(2019, 5, 1)),
            ("令和7.4.1", date(2025, 4, 1)),
            ("H31.4.30", date(2019, 4, 30)),
            ("平成31年4月30日", date(2019, 4, 30)),
            ("平成元年1月8日", date(1989, 1, 8)),
            ("昭和64年1月7日", date(1989, 1, 7)),
            ("S64.1.7", date(1989, 1, 7)),
            ("大正15年12月24日", date(1926, 12, 24)),
            ("M45.7.29", date(1912, 7, 29)),
        ];
        for (s, expected) in cases {
            assert_eq!(parsed(s), expected, "{s:?}");
        }
    }

    #[test]
    fn full_width_characters_and_surrounding_spaces_are_accepted() {
        assert_eq!(
            parsed("　２０２５－０４－０１ "),
            date(2025, 4, 1),
            "full-width digits and dash"
        );
        assert_eq!(
            parsed("２０２５／４／１"),
            date(2025, 4, 1),
            "full-width slash"
        );
        assert_eq!(
            parsed("Ｒ７．４．１"),
            date(2025, 4, 1),
            "full-width initial and dot"
        );
        assert_eq!(
            parsed("令和７年４月１日"),
            date(2025, 4, 1),
            "full-width digits in kanji form"
        );
        assert_eq!(
            parsed("令和 7年 4月 1日"),
            date(2025, 4, 1),
            "spaces inside"
        );
        assert_eq!(
            parsed("2025ー04ー01"),
            date(2025, 4, 1),
            "katakana long mark typed as dash"
        );
        assert_eq!(
            parsed("2025−04−01"),
            date(2025, 4, 1),
            "minus sign typed as dash"
        );
    }

    #[test]
    fn empty_input_asks_for_a_date() {
        assert_eq!(parse_date(""), Err(DateParseError::Empty), "empty");
        assert_eq!(parse_date(" 　"), Err(DateParseError::Empty), "only spaces");
        assert_eq!(
            message(""),
            "日付が入力されていません。YYYY-MM-DD（例: 2025-04-01）または和暦（例: 令和7年4月1日）で入力してください。",
            "empty message"
        );
    }

    #[test]
    fn unreadable_text_is_a_format_error_that_quotes_the_input_and_shows_examples() {
        assert_eq!(
            parse_date("abc"),
            Err(DateParseError::Format("abc".into())),
            "variant"
        );
        assert_eq!(
            message("abc"),
            "「abc」は日付として読み取れません。YYYY-MM-DD（例: 2025-04-01）または和暦（例: 令和7年4月1日）で入力してください。",
            "format message"
        );
        for s in [
            "25-4-1",
            "2025-04",
            "2025-04-01-",
            "2025/04-01",
            "2025年4月1",
            "令和7年4/1",
            "2025041",
            "202504011",
            "X7.4.1",
            "元.5.1",
            "令和12345年1月1日",
            "2025-004-01",
            "慶応4年1月1日",
        ] {
            assert!(
                matches!(parse_date(s), Err(DateParseError::Format(ref q)) if q == s),
                "{s:?} should be a format error, got {:?}",
                parse_date(s)
            );
        }
    }

    #[test]
    fn impossible_days_are_out_of_range() {
        assert_eq!(
            parse_date("2025-02-30"),
            Err(DateParseError::OutOfRange("2025-02-30".into())),
            "variant"
        );
        assert_eq!(
            message("2025-02-30"),
            "「2025-02-30」は存在しない日付です。",
            "message"
        );
        for s in [
            "2025-13-01",
            "20250230",
            "2025-04-31",
            "2025-00-10",
            "令和7年2月29日",
            "R6.2.30",
        ] {
            assert!(
                matches!(parse_date(s), Err(DateParseError::OutOfRange(_))),
                "{s:?} should be out of range, got {:?}",
                parse_date(s)
            );
        }
        assert_eq!(parsed("R6.2.29"), date(2024, 2, 29), "2024 is a leap year");
    }

    #[test]
    fn wareki_dates_outside_their_era_are_rejected_with_the_eras_span() {
        assert_eq!(
            parse_date("令和元年4月1日"),
            Err(DateParseError::EraRange("令和元年4月1日".into())),
            "variant"
        );
        assert_eq!(
            message("令和元年4月1日"),
            "「令和元年4月1日」は令和の範囲外です（令和は2019年5月1日から）。",
            "before 令和 began"
        );
        assert_eq!(
            message("令和元年4月30日"),
            "「令和元年4月30日」は令和の範囲外です（令和は2019年5月1日から）。",
            "the last day of 平成 is not 令和"
        );
        assert_eq!(
            message("平成32年1月1日"),
            "「平成32年1月1日」は平成の範囲外です（平成は1989年1月8日から2019年4月30日まで）。",
            "after 平成 ended"
        );
        assert_eq!(
            message("H31.5.1"),
            "「H31.5.1」は平成の範囲外です（平成は1989年1月8日から2019年4月30日まで）。",
            "short form names the era in kanji"
        );
        assert_eq!(
            message("Ｒ０．１．１"),
            "「Ｒ０．１．１」は令和の範囲外です（令和は2019年5月1日から）。",
            "year 0 is outside; the input is quoted as typed"
        );
        assert!(
            matches!(
                parse_date("昭和64年1月8日"),
                Err(DateParseError::EraRange(_))
            ),
            "昭和 ended on 1月7日"
        );
    }

    #[test]
    fn fiscal_years_are_read_in_western_and_japanese_forms() {
        for (s, y) in [
            ("2025", 2025),
            ("2025年度", 2025),
            ("２０２５年度", 2025),
            ("令和7年度", 2025),
            ("R7", 2025),
            ("r7年度", 2025),
            ("令和元年度", 2019),
            ("平成31年度", 2019),
            ("FY2024", 2024),
        ] {
            assert_eq!(parse_fiscal_year(s), Some(FiscalYear(y)), "{s}");
        }
        for s in ["", "来年度", "平成40年度", "令和0年度", "12345"] {
            assert_eq!(parse_fiscal_year(s), None, "{s} is refused");
        }
    }
}
