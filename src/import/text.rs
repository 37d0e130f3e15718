//! Text as files from other systems spell it, made comparable, because the same 職員番号 or header arrives in
//! full-width letters, half-width kana or Shift_JIS: width folding, kana widening and decoding CSV bytes, shared
//! by every importer.

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Full-width ASCII (Ａ１＠) to half-width, ideographic space to a plain space; for keys and header names.
pub fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

const HALF: &str = "｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ";
const FULL: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

/// Half-width katakana (ｶﾞ) to full-width (ガ), joining voiced and semi-voiced marks; other text unchanged.
pub fn widen_kana(s: &str) -> String {
    if !s.chars().any(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c)) {
        return s.to_string();
    }
    let map: HashMap<char, char> = HALF.chars().zip(FULL.chars()).collect();
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        let Some(&f) = map.get(&c) else {
            out.push(c);
            continue;
        };
        let prev = out.last().copied();
        let joined = match (c, prev) {
            ('ﾞ', Some('ウ')) => Some('ヴ'),
            ('ﾞ', Some(p)) if ('カ'..='ト').contains(&p) && is_unvoiced(p) => {
                char::from_u32(p as u32 + 1)
            }
            ('ﾞ', Some(p))
                if ('ハ'..='ホ').contains(&p) && (p as u32 - 'ハ' as u32).is_multiple_of(3) =>
            {
                char::from_u32(p as u32 + 1)
            }
            ('ﾟ', Some(p))
                if ('ハ'..='ホ').contains(&p) && (p as u32 - 'ハ' as u32).is_multiple_of(3) =>
            {
                char::from_u32(p as u32 + 2)
            }
            _ => None,
        };
        match joined {
            Some(j) => {
                out.pop();
                out.push(j);
            }
            None => out.push(f),
        }
    }
    out.into_iter().collect()
}

/// カ…ト whose next code point is the voiced form (カ→ガ, but not ッ or the voiced forms themselves).
fn is_unvoiced(c: char) -> bool {
    "カキクケコサシスセソタチツテト".contains(c)
}

/// Character encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Shift_JIS (CP932)
    #[default]
    Auto,
    Utf8,
    /// Shift_JIS as Windows writes it (CP932: NEC/IBM extensions such as 髙 﨑 ① included)
    ShiftJis,
}

impl Encoding {
    pub fn parse(s: &str) -> Result<Encoding> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], "")
            .as_str()
        {
            "" | "auto" => Ok(Encoding::Auto),
            "utf8" => Ok(Encoding::Utf8),
            "sjis" | "shiftjis" | "cp932" | "windows31j" | "ms932" => Ok(Encoding::ShiftJis),
            _ => Err(Error::field(
                "encoding",
                format!(
                    "文字コード「{}」は使えません（sjis または utf8）。",
                    s.trim()
                ),
            )),
        }
    }
}

/// Decodes CSV bytes. A malformed byte sequence is refused with the line it sits on.
pub fn decode(bytes: &[u8], enc: Encoding) -> Result<String> {
    let utf8 = |b: &[u8]| -> Result<String> {
        let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
        std::str::from_utf8(b).map(str::to_string).map_err(|e| {
            let line = b[..e.valid_up_to()].iter().filter(|c| **c == b'\n').count() + 1;
            Error::field(
                "encoding",
                format!("{line}行目にUTF-8として読めない文字があります。Shift_JISのファイルなら文字コードにsjisを指定してください。"),
            )
        })
    };
    let sjis = |b: &[u8]| -> Result<String> {
        let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(b);
        if had_errors {
            let line = text
                .split('\n')
                .position(|l| l.contains('\u{FFFD}'))
                .map(|i| i + 1)
                .unwrap_or(1);
            return Err(Error::field(
                "encoding",
                format!(
                    "{line}行目にShift_JISとして読めない文字があります。文字コードを確認してください（UTF-8ならutf8を指定）。"
                ),
            ));
        }
        Ok(text.into_owned())
    };
    match enc {
        Encoding::Utf8 => utf8(bytes),
        Encoding::ShiftJis => sjis(bytes),
        Encoding::Auto => {
            if bytes.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(bytes).is_ok() {
                utf8(bytes)
            } else {
                sjis(bytes)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_kana_becomes_full_width_with_voiced_marks_joined() {
        assert_eq!(widen_kana("ﾀｶｻｷ ﾊﾅｺ"), "タカサキ ハナコ");
        assert_eq!(widen_kana("ｶﾞｷﾞﾊﾟﾋﾟｳﾞ"), "ガギパピヴ");
        assert_eq!(
            widen_kana("ｯﾞ"),
            "ッ゛",
            "no voiced form: the mark stays as a full-width mark"
        );
        assert_eq!(
            widen_kana("やまだ　はなこ"),
            "やまだ　はなこ",
            "hiragana untouched"
        );
    }

    #[test]
    fn shift_jis_with_cp932_extensions_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("職員番号,氏名\r\n1,髙﨑　一郎\r\n");
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the test bytes really are not UTF-8"
        );
        let text = decode(&bytes, Encoding::Auto).unwrap();
        assert!(text.contains("髙﨑　一郎"), "{text}");
    }

    #[test]
    fn a_utf8_bom_is_dropped_and_a_wrong_forced_encoding_names_the_line() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b", Encoding::Auto).unwrap(), "a,b");
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("a\n職員");
        let err = decode(&bytes, Encoding::Utf8).unwrap_err();
        assert!(err.message.contains("2行目"), "{}", err.message);
    }

    #[test]
    fn encodings_parse_from_the_cli_spellings() {
        assert_eq!(Encoding::parse("sjis").unwrap(), Encoding::ShiftJis);
        assert_eq!(Encoding::parse("Shift_JIS").unwrap(), Encoding::ShiftJis);
        assert_eq!(Encoding::parse("UTF-8").unwrap(), Encoding::Utf8);
        assert!(Encoding::parse("euc").is_err());
    }
}
