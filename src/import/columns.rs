//! Finding columns by their header, because every office names them differently (職員番号 / 職員ID /
//! ｼｮｸｲﾝﾊﾞﾝｺﾞｳ, with or without spaces, in any width): one [`Columns`] type for every importer.

use super::text::{ascii_fold, widen_kana};

/// A header name reduced for matching: folded, without spaces, brackets' content kept.
pub fn header_key(s: &str) -> String {
    ascii_fold(s.trim_start_matches('\u{FEFF}'))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// The column names of a header row, folded as [`header_key`] does after widening half-width kana, so a column is
/// found by any of the names clerks give it (職員番号 / 職員ID / ｼｮｸｲﾝﾊﾞﾝｺﾞｳ …) whatever the spacing and width.
pub struct Columns(Vec<String>);

impl Columns {
    pub fn new<'a>(cells: impl IntoIterator<Item = &'a str>) -> Columns {
        Columns(
            cells
                .into_iter()
                .map(|c| header_key(&widen_kana(c)))
                .collect(),
        )
    }

    /// The first column named by any of `names`.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| header_key(n)).collect();
        self.0.iter().position(|k| wanted.contains(k))
    }
}

/// A header row as an error message shows it: the cells trimmed and joined with 、.
pub fn header_list<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    cells
        .into_iter()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_found_by_any_of_its_names_whatever_the_width_and_spacing() {
        let columns = Columns::new(["\u{FEFF}職員 番号", "ｼﾒｲ", "ＳＴＡＴＵＳ", "年度"]);
        assert_eq!(
            columns.find(&["職員ID", "職員番号"]),
            Some(0),
            "BOM and a space"
        );
        assert_eq!(columns.find(&["シメイ"]), Some(1), "half-width kana");
        assert_eq!(columns.find(&["status"]), Some(2), "full-width, any case");
        assert_eq!(columns.find(&["受講日"]), None);
        assert_eq!(header_list([" 職員番号 ", "氏名"]), "職員番号、氏名");
    }

    #[test]
    fn header_keys_ignore_width_and_spaces() {
        assert_eq!(header_key("\u{FEFF}職員ＩＤ"), "職員ID");
        assert_eq!(header_key(" 開始 日 "), "開始日");
    }
}
