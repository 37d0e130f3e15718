//! 所管課 as units: a system or row may be owned by several 課 (保険年金課・納税課). Every per-課 view counts and
//! lists a row under each of them, the first as 主管課; this is the one place an owner field is split.

/// The separators real files use between 課: ・ 、 , ／ / (half- and full-width) and spaces.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '・' | '･' | '、' | '､' | ',' | '，' | '／' | '/' | '\u{3000}'
    ) || c.is_whitespace()
}

/// The units an owner field names, in order (the first is the 主管課), each once, none empty.
pub fn owner_units(field: &str) -> Vec<&str> {
    let mut out: Vec<&str> = vec![];
    for u in field.split(is_separator).map(str::trim) {
        if !u.is_empty() && !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// An owner field as shown in a list: the units joined with ・, the first marked （主管） when there are several.
pub fn owner_display(field: &str) -> String {
    let units = owner_units(field);
    match units.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first, rest @ ..] => {
            let mut s = format!("{first}（主管）");
            for u in rest {
                s.push('・');
                s.push_str(u);
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owner_field_splits_at_every_separator_real_files_use() {
        let cases: &[(&str, &[&str])] = &[
            ("保険年金課・納税課", &["保険年金課", "納税課"]),
            ("保険年金課、納税課", &["保険年金課", "納税課"]),
            ("保険年金課,納税課", &["保険年金課", "納税課"]),
            ("保険年金課，納税課", &["保険年金課", "納税課"]),
            ("保険年金課／納税課", &["保険年金課", "納税課"]),
            ("保険年金課/納税課", &["保険年金課", "納税課"]),
            ("保険年金課 納税課", &["保険年金課", "納税課"]),
            ("保険年金課　納税課", &["保険年金課", "納税課"]),
            ("保険年金課･納税課", &["保険年金課", "納税課"]),
            (
                " 市民課 ・ 子育て支援課 、 納税課 ",
                &["市民課", "子育て支援課", "納税課"],
            ),
        ];
        for (field, want) in cases {
            assert_eq!(owner_units(field), *want, "field {field:?}");
        }
    }

    #[test]
    fn one_unit_stays_one_and_empty_fields_name_none() {
        assert_eq!(owner_units("DX推進課"), vec!["DX推進課"]);
        assert!(owner_units("").is_empty(), "empty field");
        assert!(owner_units(" ・ 、 ").is_empty(), "separators only");
    }

    #[test]
    fn a_unit_named_twice_counts_once_and_the_first_stays_first() {
        assert_eq!(
            owner_units("納税課・市民課・納税課"),
            vec!["納税課", "市民課"]
        );
    }

    #[test]
    fn the_first_of_several_units_is_shown_as_the_lead() {
        assert_eq!(
            owner_display("保険年金課、納税課"),
            "保険年金課（主管）・納税課"
        );
        assert_eq!(owner_display("納税課"), "納税課");
        assert_eq!(owner_display(""), "");
    }
}
