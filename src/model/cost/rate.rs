//! 補助率 as an exact fraction (10/10, 1/2, 0.5 …), so a grant's 国費 is computed to the yen without floating point.

use serde::{Deserialize, Serialize};

use super::yen::Yen;
use crate::error::{Error, Result};

/// A rate between 0 and 1 as a reduced fraction `num / den` (den > 0, num ≤ den).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RateParts")]
pub struct Rate {
    num: u32,
    den: u32,
}

/// The serialised shape of a [`Rate`], checked on the way in (a file cannot smuggle in 3/2 or 1/0).
#[derive(Deserialize)]
struct RateParts {
    num: u32,
    den: u32,
}

impl TryFrom<RateParts> for Rate {
    type Error = Error;
    fn try_from(p: RateParts) -> Result<Rate> {
        Rate::new(p.num, p.den)
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn out_of_range(text: &str) -> Error {
    Error::field(
        "rate",
        format!("補助率「{text}」は0から1の間で入力してください（例: 10/10、1/2、0.5、50%）。"),
    )
}

impl Rate {
    /// `num / den`, reduced; refused unless 0 ≤ num/den ≤ 1.
    pub fn new(num: u32, den: u32) -> Result<Rate> {
        if den == 0 || num > den {
            return Err(out_of_range(&format!("{num}/{den}")));
        }
        let g = gcd(num, den).max(1);
        Ok(Rate {
            num: num / g,
            den: den / g,
        })
    }
    pub fn num(self) -> u32 {
        self.num
    }
    pub fn den(self) -> u32 {
        self.den
    }

    /// Reads `10/10`, `1/2`, `１／２`, `0.5`, `50%`, `1`, `0`. Anything outside 0–1 or not a number is refused.
    pub fn parse(text: &str) -> Result<Rate> {
        let quoted = text.trim();
        let s: String = quoted
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '／' => '/',
                '．' => '.',
                '％' => '%',
                c => c,
            })
            .collect();
        let unreadable = || {
            Error::field(
                "rate",
                format!("補助率「{quoted}」を読めません（例: 10/10、1/2、0.5、50%）。"),
            )
        };
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        // a decimal: "0.5" → 5/10; a percentage: "50%" → 50/100, "12.5%" → 125/1000
        let decimal = |t: &str, scale: u32| -> Result<Rate> {
            let (int, frac) = t.split_once('.').unwrap_or((t, ""));
            let frac = frac.trim_end_matches('0');
            if !digits(int) || !(frac.is_empty() || digits(frac)) || frac.len() > 6 {
                return Err(unreadable());
            }
            let den = 10_u64.pow(frac.len() as u32) * u64::from(scale);
            let n: u64 = format!("{int}{frac}")
                .parse()
                .map_err(|_| out_of_range(quoted))?;
            if n > den {
                return Err(out_of_range(quoted));
            }
            let g = gcd_u64(n, den).max(1);
            let (n, d) = (n / g, den / g);
            Rate::new(
                u32::try_from(n).map_err(|_| unreadable())?,
                u32::try_from(d).map_err(|_| unreadable())?,
            )
        };
        if let Some(p) = s.strip_suffix('%') {
            return decimal(p, 100);
        }
        if let Some((n, d)) = s.split_once('/') {
            if !digits(n) || !digits(d) {
                return Err(unreadable());
            }
            let n: u32 = n.parse().map_err(|_| out_of_range(quoted))?;
            let d: u32 = d.parse().map_err(|_| out_of_range(quoted))?;
            if d == 0 || n > d {
                return Err(out_of_range(quoted));
            }
            return Rate::new(n, d);
        }
        if s.starts_with('-') {
            return Err(out_of_range(quoted));
        }
        decimal(&s, 1)
    }

    /// The share of `amount` this rate pays, rounded down to the yen (国費 is 切り捨て).
    pub fn of(self, amount: Yen) -> Yen {
        let v = i128::from(amount.0) * i128::from(self.num) / i128::from(self.den);
        // |v| ≤ |amount| because the rate is at most 1, so it fits back into i64
        Yen(i64::try_from(v).unwrap_or(amount.0))
    }

    /// "10/10", "1/2" as the national material writes it: a whole rate keeps the 10/10 of 国費10/10.
    pub fn label(self) -> String {
        if self.num == self.den {
            "10/10".to_string()
        } else {
            format!("{}/{}", self.num, self.den)
        }
    }
}

fn gcd_u64(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd_u64(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_decimals_and_percentages_are_read_exactly() {
        assert_eq!(Rate::parse("10/10").unwrap(), Rate::new(1, 1).unwrap());
        assert_eq!(Rate::parse("1/2").unwrap(), Rate::new(1, 2).unwrap());
        assert_eq!(Rate::parse("１／２").unwrap(), Rate::new(1, 2).unwrap());
        assert_eq!(Rate::parse("0.5").unwrap(), Rate::new(1, 2).unwrap());
        assert_eq!(Rate::parse("50%").unwrap(), Rate::new(1, 2).unwrap());
        assert_eq!(Rate::parse("12.5%").unwrap(), Rate::new(1, 8).unwrap());
        assert_eq!(Rate::parse("2/3").unwrap(), Rate::new(2, 3).unwrap());
        assert_eq!(Rate::parse("1").unwrap(), Rate::new(1, 1).unwrap());
        assert_eq!(Rate::parse("0").unwrap(), Rate::new(0, 1).unwrap());
        assert_eq!(Rate::parse("1.0").unwrap(), Rate::new(1, 1).unwrap());
    }

    #[test]
    fn a_rate_outside_zero_to_one_is_refused_at_the_rate_field() {
        for bad in ["3/2", "1.5", "150%", "-0.5", "▲0.5", "1/0"] {
            let e = Rate::parse(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("rate"), "{bad}");
            assert!(
                e.message.contains(&format!("補助率「{bad}」")),
                "{bad}: {}",
                e.message
            );
        }
        assert!(
            Rate::parse("3/2")
                .unwrap_err()
                .message
                .contains("0から1の間")
        );
        assert!(
            Rate::parse("半分")
                .unwrap_err()
                .message
                .contains("読めません")
        );
        assert!(Rate::parse("").is_err());
        assert!(Rate::new(3, 2).is_err());
        let from_file: std::result::Result<Rate, _> = serde_json::from_str(r#"{"num":3,"den":2}"#);
        assert!(from_file.is_err(), "a stored rate is checked too");
    }

    #[test]
    fn the_share_of_an_amount_is_rounded_down_to_the_yen() {
        let half = Rate::parse("1/2").unwrap();
        assert_eq!(half.of(Yen(1_001)), Yen(500));
        assert_eq!(
            Rate::parse("10/10").unwrap().of(Yen(12_345_678_901)),
            Yen(12_345_678_901)
        );
        assert_eq!(
            Rate::parse("2/3").unwrap().of(Yen(i64::MAX)),
            Yen(6_148_914_691_236_517_204)
        );
        assert_eq!(half.label(), "1/2");
        assert_eq!(Rate::parse("1").unwrap().label(), "10/10");
    }
}
