//! Money as integer yen: exact sums with checked arithmetic, and the amounts a finance system exports (円 or 千円,
//! commas, full-width digits, ▲ for negatives) read and written back. No floating point anywhere.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The largest amount one row may carry: 1兆円. A municipality's yearly cost for one system, one grant or one
/// initiative's budget is far below it; a larger figure is a slip of the digits (or 千円 read as 円 twice).
pub const MAX_AMOUNT: Yen = Yen(1_000_000_000_000);

/// An amount of money in whole yen. Sums go through [`Yen::checked_add`] / [`Yen::sum`]: no operator can
/// overflow silently.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Yen(pub i64);

/// The total is beyond what can be counted exactly (more than 922京円): only a corrupt or hostile file gets here.
fn overflow() -> Error {
    Error::invalid("金額の合計が大きすぎて計算できません（入力された金額の桁を確かめてください）。")
}

impl Yen {
    pub const ZERO: Yen = Yen(0);

    pub fn checked_add(self, other: Yen) -> Result<Yen> {
        self.0.checked_add(other.0).map(Yen).ok_or_else(overflow)
    }
    pub fn checked_sub(self, other: Yen) -> Result<Yen> {
        self.0.checked_sub(other.0).map(Yen).ok_or_else(overflow)
    }
    /// The exact sum of the amounts, or a Japanese error when it would overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Yen>) -> Result<Yen> {
        amounts
            .into_iter()
            .try_fold(Yen::ZERO, |acc, y| acc.checked_add(y))
    }
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Checks an amount a user entered: not negative, not absurd. `label` names the field in the message.
    pub fn check(self, field: &str, label: &str) -> Result<()> {
        if self.0 < 0 {
            return Err(Error::field(
                field,
                format!(
                    "{label}にマイナスの金額（{}）は入れられません。",
                    format_yen(self, Unit::Yen)
                ),
            ));
        }
        if self > MAX_AMOUNT {
            return Err(Error::field(
                field,
                format!(
                    "{label}「{}」が大きすぎます。1兆円以下にしてください（桁や単位（円・千円）の誤りではありませんか）。",
                    format_yen(self, Unit::Yen)
                ),
            ));
        }
        Ok(())
    }
}

/// The unit amounts are read in and shown with: 円 or 千円 (a finance system's exports and council tables are
/// often in 千円).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 円
    #[default]
    Yen,
    /// 千円
    Thousand,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yen => "円",
            Unit::Thousand => "千円",
        }
    }
    /// Yen per unit.
    fn factor(self) -> i64 {
        match self {
            Unit::Yen => 1,
            Unit::Thousand => 1_000,
        }
    }
    pub fn parse(s: &str) -> Result<Unit> {
        match s.trim() {
            "円" | "yen" => Ok(Unit::Yen),
            "千円" | "thousand" => Ok(Unit::Thousand),
            t => Err(Error::field(
                "unit",
                format!("単位「{t}」は使えません（円または千円）。"),
            )),
        }
    }
}

/// Reads an amount as a finance system writes it, in `unit`: `1,234,567`, `１２３４`, `▲1,000` / `△1,000` /
/// `−1000` (negative), `¥12,000`, spaces anywhere, the unit's own suffix (`1,000円` in 円, `1,000千円` in 千円).
/// In 千円 up to three decimals are exact (`1,234.5` 千円 = 1,234,500円); a fraction of a yen is refused.
/// Text, an empty cell or an amount beyond i64 is a Japanese error quoting the input.
pub fn parse_amount(text: &str, unit: Unit) -> Result<Yen> {
    let quoted = text.trim();
    let bad = |why: &str| Error::field("amount", format!("金額「{quoted}」{why}"));
    if quoted.is_empty() {
        return Err(Error::field("amount", "金額が空です。"));
    }
    // normalise: full-width digits and signs to ASCII, drop spaces, commas and the yen sign
    let mut s = String::with_capacity(quoted.len());
    for c in quoted.chars() {
        match c {
            '０'..='９' => s.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '．' => s.push('.'),
            '▲' | '△' | '−' | '－' | '-' | 'ー' => s.push('-'),
            ',' | '，' | '、' | '¥' | '￥' | '\\' => {}
            c if c.is_whitespace() => {}
            c => s.push(c),
        }
    }
    let body = if let Some(rest) = s.strip_suffix("千円") {
        if unit != Unit::Thousand {
            return Err(bad("は千円単位ですが、この列は円単位です。"));
        }
        rest
    } else if let Some(rest) = s.strip_suffix('円') {
        if unit != Unit::Yen {
            return Err(bad("は円単位ですが、この列は千円単位です。"));
        }
        rest
    } else {
        &s
    };
    let (negative, digits) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return Err(bad("を数値として読めません（例: 1,234,567 / ▲1,000）。"));
    }
    let too_big = || bad("は大きすぎます。");
    let whole: i64 = int.parse().map_err(|_| too_big())?;
    let mut yen = whole.checked_mul(unit.factor()).ok_or_else(too_big)?;
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        // 千円 with up to three decimals is whole yen; anything finer is a fraction of a yen
        let places = frac.len() as u32;
        if unit == Unit::Yen || places > 3 {
            return Err(bad("に1円未満の端数があります。"));
        }
        let f: i64 = frac.parse().map_err(|_| too_big())?;
        yen = yen
            .checked_add(f * 10_i64.pow(3 - places))
            .ok_or_else(too_big)?;
    }
    Ok(Yen(if negative { -yen } else { yen }))
}

/// An amount for a report: three-digit grouping, the unit's label, ▲ for a negative. In 千円 the amount is
/// rounded half-up on its magnitude (四捨五入: 1,500円 → 2千円, ▲1,500円 → ▲2千円).
pub fn format_yen(amount: Yen, unit: Unit) -> String {
    let magnitude = amount.0.unsigned_abs();
    let f = unit.factor() as u64;
    let shown = magnitude / f + u64::from(magnitude % f * 2 >= f && f > 1);
    let sign = if amount.0 < 0 && shown > 0 { "▲" } else { "" };
    format!("{sign}{}{}", group_digits(shown), unit.label())
}

/// `1234567` → `1,234,567`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_spaces_and_full_width_digits_are_read_as_whole_yen() {
        assert_eq!(
            parse_amount("1,234,567", Unit::Yen).unwrap(),
            Yen(1_234_567)
        );
        assert_eq!(
            parse_amount(" １２，３４５ ", Unit::Yen).unwrap(),
            Yen(12_345)
        );
        assert_eq!(
            parse_amount("1 234 567", Unit::Yen).unwrap(),
            Yen(1_234_567)
        );
        assert_eq!(parse_amount("¥12,000円", Unit::Yen).unwrap(), Yen(12_000));
        assert_eq!(parse_amount("0", Unit::Yen).unwrap(), Yen(0));
    }

    #[test]
    fn triangle_and_minus_signs_are_negative() {
        assert_eq!(parse_amount("▲1,000", Unit::Yen).unwrap(), Yen(-1_000));
        assert_eq!(parse_amount("△ 250", Unit::Yen).unwrap(), Yen(-250));
        assert_eq!(parse_amount("−３００", Unit::Yen).unwrap(), Yen(-300));
        assert_eq!(parse_amount("-42", Unit::Yen).unwrap(), Yen(-42));
    }

    #[test]
    fn thousand_yen_input_is_multiplied_exactly() {
        assert_eq!(
            parse_amount("12,345", Unit::Thousand).unwrap(),
            Yen(12_345_000)
        );
        assert_eq!(
            parse_amount("▲1,234.5", Unit::Thousand).unwrap(),
            Yen(-1_234_500)
        );
        assert_eq!(parse_amount("0.001千円", Unit::Thousand).unwrap(), Yen(1));
        // 12,345,678,901千円 = 12,345,678,901,000円: beyond 32 bits and beyond f64's comfort, exact here
        assert_eq!(
            parse_amount("１２，３４５，６７８，９０１", Unit::Thousand).unwrap(),
            Yen(12_345_678_901_000)
        );
    }

    #[test]
    fn text_fractions_wrong_units_and_huge_numbers_are_refused_in_japanese() {
        let e = parse_amount("約100万", Unit::Yen).unwrap_err();
        assert!(
            e.message.contains("「約100万」を数値として読めません"),
            "{}",
            e.message
        );
        assert_eq!(e.field.as_deref(), Some("amount"));
        assert!(
            parse_amount("", Unit::Yen)
                .unwrap_err()
                .message
                .contains("空です")
        );
        assert!(parse_amount("▲", Unit::Yen).is_err());
        assert!(
            parse_amount("1.5", Unit::Yen)
                .unwrap_err()
                .message
                .contains("1円未満")
        );
        assert!(
            parse_amount("1.0005", Unit::Thousand)
                .unwrap_err()
                .message
                .contains("1円未満")
        );
        assert!(
            parse_amount("1,000千円", Unit::Yen)
                .unwrap_err()
                .message
                .contains("千円単位")
        );
        assert!(
            parse_amount("1,000円", Unit::Thousand)
                .unwrap_err()
                .message
                .contains("円単位")
        );
        assert!(
            parse_amount("99999999999999999999", Unit::Yen)
                .unwrap_err()
                .message
                .contains("大きすぎ")
        );
        assert!(
            parse_amount("9223372036854776", Unit::Thousand)
                .unwrap_err()
                .message
                .contains("大きすぎ")
        );
    }

    #[test]
    fn amounts_are_shown_grouped_in_the_chosen_unit() {
        assert_eq!(format_yen(Yen(1_234_567), Unit::Yen), "1,234,567円");
        assert_eq!(format_yen(Yen(-1_000), Unit::Yen), "▲1,000円");
        assert_eq!(format_yen(Yen(0), Unit::Yen), "0円");
        assert_eq!(format_yen(Yen(999), Unit::Yen), "999円");
        assert_eq!(format_yen(Yen(1_234_567), Unit::Thousand), "1,235千円");
        assert_eq!(format_yen(Yen(1_499), Unit::Thousand), "1千円");
        assert_eq!(format_yen(Yen(1_500), Unit::Thousand), "2千円");
        assert_eq!(format_yen(Yen(-1_500), Unit::Thousand), "▲2千円");
        assert_eq!(format_yen(Yen(-400), Unit::Thousand), "0千円");
        assert_eq!(
            format_yen(Yen(i64::MIN), Unit::Yen),
            "▲9,223,372,036,854,775,808円"
        );
    }

    #[test]
    fn sums_are_exact_and_overflow_is_a_japanese_error() {
        let ten_billion_and_a_bit =
            Yen::sum([Yen(4_999_999_999), Yen(4_999_999_999), Yen(3_000_000_003)]).unwrap();
        assert_eq!(ten_billion_and_a_bit, Yen(13_000_000_001));
        assert_eq!(
            format_yen(ten_billion_and_a_bit, Unit::Yen),
            "13,000,000,001円"
        );
        let e = Yen(i64::MAX).checked_add(Yen(1)).unwrap_err();
        assert!(
            e.message.contains("大きすぎて計算できません"),
            "{}",
            e.message
        );
        assert!(Yen(i64::MIN).checked_sub(Yen(1)).is_err());
    }

    #[test]
    fn entered_amounts_must_be_zero_or_more_and_at_most_one_trillion() {
        assert!(Yen(0).check("planned", "計画額").is_ok());
        assert!(MAX_AMOUNT.check("planned", "計画額").is_ok());
        let e = Yen(-1).check("planned", "計画額").unwrap_err();
        assert_eq!(
            e.message,
            "計画額にマイナスの金額（▲1円）は入れられません。"
        );
        assert_eq!(e.field.as_deref(), Some("planned"));
        let e = Yen(MAX_AMOUNT.0 + 1).check("actual", "実績額").unwrap_err();
        assert!(e.message.contains("1兆円以下"), "{}", e.message);
    }
}
