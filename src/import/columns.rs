//! Finding columns by their header, because every office names them differently (職員番号 / 職員ID /
//! ｼｮｸｲﾝﾊﾞﾝｺﾞｳ, with or without spaces, in any width): one [`Columns`] type for every importer. When the guess is
//! wrong, the person names the column for a field ([`ColumnMap`]: the window's drop-downs, the CLI's `--map
//! 職員番号=社員コード,…`) and [`resolve`] takes that choice over the guess; [`ColumnUse`] says, for the preview,
//! which column each field was read from.

use super::text::{ascii_fold, widen_kana};
use crate::error::{Error, Result};

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

/// A field an importer reads from one column: its name in the preview and `--map`, the header names it is
/// guessed by, and whether the file must have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

/// The columns a person chose: field label → the header of its column, or `None` for 「なし」 (the field is not
/// read). Fields not named keep the guess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap(pub Vec<(String, Option<String>)>);

impl ColumnMap {
    /// Parses `--map 職員番号=社員コード,氏名=漢字氏名,職位=` (an empty header: 「なし」); each label must be one of
    /// `fields`.
    pub fn parse(s: &str, fields: &[Field]) -> Result<ColumnMap> {
        let mut out = vec![];
        for part in s
            .split([',', '、', '，'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (label, header) = part.split_once(['=', '＝']).ok_or_else(|| {
                Error::invalid(format!(
                    "列の指定「{part}」が読めません。「職員番号=社員コード」のように、項目=見出し で書いてください。"
                ))
            })?;
            let label = label.trim();
            let field = fields
                .iter()
                .find(|f| header_key(f.label) == header_key(label))
                .ok_or_else(|| unknown_field(label, fields))?;
            let header = header.trim();
            if out
                .iter()
                .any(|(l, _): &(String, Option<String>)| l == field.label)
            {
                return Err(Error::invalid(format!(
                    "列の指定で「{}」が2回あります。",
                    field.label
                )));
            }
            out.push((
                field.label.to_string(),
                (!header.is_empty()).then(|| header.to_string()),
            ));
        }
        Ok(ColumnMap(out))
    }

    /// The choice for `label`: `None` when not chosen, `Some(None)` for 「なし」.
    pub fn get(&self, label: &str) -> Option<Option<&str>> {
        self.0
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, h)| h.as_deref())
    }
}

fn unknown_field(label: &str, fields: &[Field]) -> Error {
    Error::invalid(format!(
        "「{label}」は取り込む項目にありません（{}）。",
        fields
            .iter()
            .map(|f| f.label)
            .collect::<Vec<_>>()
            .join("・")
    ))
}

/// Which column a field was read from, for the preview (and where the person can pick another).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnUse {
    pub field: &'static str,
    pub required: bool,
    /// the column's position in the header row, `None`: not read
    pub column: Option<usize>,
    /// chosen by the person rather than guessed
    pub chosen: bool,
}

/// Every field's column in `header`: the person's choice in `map` when there is one (its header must be in the
/// row), else the guess by the field's names. Labels in `map` that are not fields are refused.
pub fn resolve(fields: &[Field], header: &[&str], map: &ColumnMap) -> Result<Vec<ColumnUse>> {
    if let Some((label, _)) = map
        .0
        .iter()
        .find(|(l, _)| !fields.iter().any(|f| f.label == l))
    {
        return Err(unknown_field(label, fields));
    }
    let columns = Columns::new(header.iter().copied());
    fields
        .iter()
        .map(|f| {
            let (column, chosen) = match map.get(f.label) {
                None => (columns.find(f.names), false),
                Some(None) => (None, true),
                Some(Some(h)) => {
                    let c = columns.find(&[h]).ok_or_else(|| {
                        Error::invalid(format!(
                            "「{}」の列に指定した見出し「{h}」が見出し行にありません（見出し: {}）。",
                            f.label,
                            header_list(header.iter().copied())
                        ))
                    })?;
                    (Some(c), true)
                }
            };
            Ok(ColumnUse {
                field: f.label,
                required: f.required,
                column,
                chosen,
            })
        })
        .collect()
}

/// The column `resolve` found for `label`.
pub fn column_of(uses: &[ColumnUse], label: &str) -> Option<usize> {
    uses.iter()
        .find(|u| u.field == label)
        .and_then(|u| u.column)
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

    const FIELDS: &[Field] = &[
        Field {
            label: "職員番号",
            names: &["職員番号"],
            required: true,
        },
        Field {
            label: "氏名",
            names: &["氏名"],
            required: true,
        },
        Field {
            label: "職位",
            names: &["職位"],
            required: false,
        },
    ];

    #[test]
    fn a_chosen_column_wins_over_the_guess_and_none_leaves_a_field_unread() {
        let header = ["社員コード", "氏名", "漢字氏名", "職位"];
        let map = ColumnMap::parse("職員番号=社員コード, 氏名＝漢字氏名,職位=", FIELDS).unwrap();
        let uses = resolve(FIELDS, &header, &map).unwrap();
        assert_eq!(
            column_of(&uses, "職員番号"),
            Some(0),
            "chosen by its header"
        );
        assert_eq!(
            column_of(&uses, "氏名"),
            Some(2),
            "the choice over the guess"
        );
        assert_eq!(column_of(&uses, "職位"), None, "「なし」");
        assert!(uses.iter().all(|u| u.chosen), "{uses:?}");
        let guessed = resolve(FIELDS, &header, &ColumnMap::default()).unwrap();
        assert_eq!(
            (column_of(&guessed, "職員番号"), column_of(&guessed, "氏名")),
            (None, Some(1)),
            "without a choice, the guess"
        );
    }

    #[test]
    fn a_map_naming_an_unknown_field_or_a_header_not_in_the_row_is_refused_in_japanese() {
        let e = ColumnMap::parse("社員番号=社員コード", FIELDS).unwrap_err();
        assert!(
            e.message.contains("「社員番号」は取り込む項目にありません"),
            "{}",
            e.message
        );
        let e = ColumnMap::parse("職員番号", FIELDS).unwrap_err();
        assert!(e.message.contains("項目=見出し"), "{}", e.message);
        let e = ColumnMap::parse("職員番号=A,職員番号=B", FIELDS).unwrap_err();
        assert!(e.message.contains("2回"), "{}", e.message);
        let map = ColumnMap::parse("職員番号=社員番号", FIELDS).unwrap();
        let e = resolve(FIELDS, &["社員コード", "氏名"], &map).unwrap_err();
        assert!(
            e.message
                .contains("見出し「社員番号」が見出し行にありません"),
            "{}",
            e.message
        );
    }

    #[test]
    fn header_keys_ignore_width_and_spaces() {
        assert_eq!(header_key("\u{FEFF}職員ＩＤ"), "職員ID");
        assert_eq!(header_key(" 開始 日 "), "開始日");
    }
}
