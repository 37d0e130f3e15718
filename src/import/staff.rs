//! Staff lists from the personnel system (人事給与システム) arrive as CSV, often in Shift_JIS with half-width
//! kana; this module reads them and plans the updates by 職員番号, refusing the whole file when any line is bad.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::edit::{Edit, Entity};
use crate::model::{Employment, Id, Person, Workbook};
use crate::xlsx::{Columns, ImportPlan, Planner, ascii_fold, header_list};

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

/// A record and the line it starts on. A `StringRecord` keeps a row's fields in one buffer: two allocations a row
/// instead of one per field (half a million training lines have 3.5 million fields).
pub type NumberedRow = (usize, csv::StringRecord);

/// Splits CSV text into records with the line each starts on. Records whose field count differs from the
/// header's are returned apart as broken, with a Japanese reason.
pub fn csv_rows(text: &str) -> (Vec<NumberedRow>, Vec<(usize, String)>) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = vec![];
    let mut broken = vec![];
    let mut width: Option<usize> = None;
    let mut rec = csv::StringRecord::new();
    // line numbers from byte offsets: the csv crate's own line count does not advance on CRLF
    // (the reader's offset may sit on the line break that ended the previous record: skip breaks first)
    let bytes = text.as_bytes();
    // positions only move forward: count newlines from the last position, not from the start (linear overall)
    let mut counted = (0usize, 1usize); // (byte, line at that byte)
    let mut line_at = |byte: u64| {
        let mut b = (byte as usize).min(bytes.len());
        while b < bytes.len() && (bytes[b] == b'\n' || bytes[b] == b'\r') {
            b += 1;
        }
        let (from, line) = counted;
        if b < from {
            return bytes[..b].iter().filter(|c| **c == b'\n').count() + 1;
        }
        let line = line + bytes[from..b].iter().filter(|c| **c == b'\n').count();
        counted = (b, line);
        line
    };
    loop {
        let line = line_at(rdr.position().byte());
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map(|p| line_at(p.byte())).unwrap_or(line);
                if rec.len() == 1 && rec[0].trim().is_empty() {
                    continue;
                }
                let fields = rec.clone();
                match width {
                    None => {
                        width = Some(fields.len());
                        rows.push((line, fields));
                    }
                    Some(w) if w != fields.len() => broken.push((
                        line,
                        format!(
                            "列の数が見出しと合いません（見出し{w}列、この行{}列）。行が途中で切れているか、引用符（\"）やカンマが崩れています。",
                            fields.len()
                        ),
                    )),
                    Some(_) => rows.push((line, fields)),
                }
            }
            Err(e) => {
                broken.push((line.max(1), format!("CSVとして読めません（{e}）。")));
                break;
            }
        }
    }
    (rows, broken)
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

/// A personnel-system field: trimmed, half-width kana widened.
fn clean(s: &str) -> String {
    widen_kana(s.trim())
}

pub(crate) const STAFF_NO: &[&str] = &["職員番号", "職員ID", "職員コード", "職員NO", "職員No"];
const NAME: &[&str] = &["氏名", "名前", "職員名", "氏名(漢字)", "漢字氏名"];
const KANA: &[&str] = &[
    "かな",
    "ふりがな",
    "フリガナ",
    "カナ",
    "氏名カナ",
    "カナ氏名",
    "よみ",
    "氏名(カナ)",
    "氏名かな",
];
const UNIT: &[&str] = &["所属", "所属名", "課名", "所属課", "所属部署", "部署"];
const POSITION: &[&str] = &["職位", "役職", "職名", "役職名"];
const EMPLOYMENT: &[&str] = &["任用形態", "雇用形態"];

/// Options of a staff import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffOptions {
    pub encoding: Encoding,
}

/// Plans a staff import: people matched by 職員番号 are updated, others added; nobody is removed.
/// Every bad line (broken, duplicate 職員番号, unknown 所属, empty 氏名 …) is listed with its line number;
/// `ImportPlan::into_edit(false)` then refuses the whole file.
pub fn plan_staff_import(wb: &Workbook, bytes: &[u8], opts: StaffOptions) -> Result<ImportPlan> {
    let text = decode(bytes, opts.encoding)?;
    let (rows, broken) = csv_rows(&text);
    let Some((_, header)) = rows.first() else {
        return Err(Error::invalid("CSVが空です（見出し行がありません）。"));
    };
    let columns = Columns::new(header);
    let col = |names: &[&str]| columns.find(names);
    let (c_no, c_name) = match (col(STAFF_NO), col(NAME)) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            return Err(Error::invalid(format!(
                "見出し行に「職員番号」と「氏名」の列が必要です（見出し: {}）。",
                header_list(header)
            )));
        }
    };
    let (c_kana, c_unit, c_pos, c_emp) = (col(KANA), col(UNIT), col(POSITION), col(EMPLOYMENT));

    let mut p = Planner::new(wb);
    for (line, reason) in broken {
        p.reject(line, reason);
    }
    // lines per 職員番号, to refuse every copy of a duplicate
    let mut lines_of: HashMap<String, Vec<usize>> = HashMap::new();
    for (line, r) in rows.iter().skip(1) {
        let no = ascii_fold(r.get(c_no).unwrap_or("")).trim().to_string();
        if !no.is_empty() {
            lines_of.entry(no).or_default().push(*line);
        }
    }
    let by_no: HashMap<&str, &Person> = wb
        .people
        .iter()
        .filter_map(|p| Some((p.staff_no.as_deref()?, p)))
        .collect();
    for (line, r) in rows.iter().skip(1) {
        let line = *line;
        let cell = |c: Option<usize>| c.and_then(|i| r.get(i)).map(clean);
        let no = ascii_fold(r.get(c_no).unwrap_or("")).trim().to_string();
        if no.is_empty() {
            p.reject(line, "職員番号が空欄です。");
            continue;
        }
        if let Some(ls) = lines_of.get(&no)
            && ls.len() > 1
        {
            let others: Vec<String> = ls
                .iter()
                .filter(|l| **l != line)
                .map(|l| format!("{l}行目"))
                .collect();
            p.reject(
                line,
                format!(
                    "職員番号「{no}」が{}にもあります。どの行が正しいか確認してください。",
                    others.join("・")
                ),
            );
            continue;
        }
        let name = cell(Some(c_name)).unwrap_or_default();
        if name.is_empty() {
            p.reject(line, format!("職員番号「{no}」の氏名が空欄です。"));
            continue;
        }
        let old = by_no.get(no.as_str()).copied();
        let unit_id = match cell(c_unit) {
            None => old.and_then(|o| o.unit_id),
            Some(u) if u.is_empty() => None,
            Some(u) => match find_unit(wb, &u, old.and_then(|o| o.unit_id)) {
                Ok(id) => Some(id),
                Err(reason) => {
                    p.reject(line, reason);
                    continue;
                }
            },
        };
        let employment = match cell(c_emp) {
            None => old.map(|o| o.employment).unwrap_or_default(),
            Some(e) => match Employment::parse(&e) {
                Ok(v) => v,
                Err(err) => {
                    p.reject(line, err.message);
                    continue;
                }
            },
        };
        let person = Person {
            id: old.map(|o| o.id).unwrap_or(0),
            staff_no: Some(no.clone()),
            name: name.clone(),
            kana: cell(c_kana).unwrap_or_else(|| old.map(|o| o.kana.clone()).unwrap_or_default()),
            position: cell(c_pos)
                .unwrap_or_else(|| old.map(|o| o.position.clone()).unwrap_or_default()),
            unit_id,
            employment,
        };
        // the model's rules for a person: its own fields here; its 所属 exists (found above); its 職員番号 is
        // unique (one line per 職員番号, and an existing holder is this very person)
        if let Err(e) = person.validate() {
            p.reject(line, e.message);
            continue;
        }
        match old {
            Some(o) if *o == person => p.unchanged(),
            Some(o) => {
                let mut ch = vec![];
                let mut diff = |label: &str, a: &str, b: &str| {
                    if a != b {
                        ch.push(format!("{label}: {} → {}", show(a), show(b)));
                    }
                };
                diff("氏名", &o.name, &person.name);
                diff("かな", &o.kana, &person.kana);
                diff("職位", &o.position, &person.position);
                diff(
                    "所属",
                    wb.unit_name(o.unit_id),
                    wb.unit_name(person.unit_id),
                );
                diff("任用形態", o.employment.label(), person.employment.label());
                p.accept(
                    line,
                    format!("{no} {name}"),
                    Edit::Put {
                        entity: Entity::Person(person),
                    },
                    ch,
                    false,
                );
            }
            None => {
                let ch = vec![format!("所属: {}", show(wb.unit_name(person.unit_id)))];
                p.accept(
                    line,
                    format!("{no} {name}"),
                    Edit::Put {
                        entity: Entity::Person(person),
                    },
                    ch,
                    true,
                );
            }
        }
    }
    Ok(p.finish())
}

fn show(s: &str) -> String {
    if s.is_empty() {
        "（空欄）".into()
    } else {
        format!("「{s}」")
    }
}

/// Finds a 所属 by name; a name shared by several units may be written with its parent ("市民部 市民課",
/// "市民部／市民課"); the person's current unit wins a tie.
fn find_unit(wb: &Workbook, name: &str, current: Option<Id>) -> std::result::Result<Id, String> {
    let n = name.replace('\u{3000}', " ");
    let parts: Vec<&str> = n
        .split(['/', '／', ' ', '>', '＞'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return Err("所属が空欄です。".into());
    };
    let whole = name.trim();
    let mut found: Vec<Id> = wb
        .units
        .iter()
        .filter(|u| u.name == whole)
        .map(|u| u.id)
        .collect();
    if found.is_empty() {
        found = wb
            .units
            .iter()
            .filter(|u| u.name == *last)
            .map(|u| u.id)
            .collect();
        if parts.len() > 1 {
            // keep the units whose ancestors include every named part
            found.retain(|id| {
                let path = crate::model::org::unit_path(&wb.units, *id);
                parts[..parts.len() - 1]
                    .iter()
                    .all(|p| path.split(" / ").any(|x| x == *p))
            });
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "所属「{whole}」が組織にありません。先に推進体制に登録するか、名前を確認してください。"
        )),
        many => match current.filter(|c| many.contains(c)) {
            Some(c) => Ok(c),
            None => Err(format!(
                "所属「{whole}」が組織に{}つあります。「部名 課名」のように上位組織も書いてください。",
                many.len()
            )),
        },
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
    fn a_record_with_the_wrong_number_of_fields_is_reported_with_its_line() {
        let (rows, broken) = csv_rows("a,b,c\r\n1,2,3\r\n4,5\r\n6,7,8\r\n");
        assert_eq!(rows.len(), 3, "header and two good rows");
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].0, 3, "line 3 is broken");
        assert!(
            broken[0].1.contains("見出し3列、この行2列"),
            "{}",
            broken[0].1
        );
    }

    #[test]
    fn encodings_parse_from_the_cli_spellings() {
        assert_eq!(Encoding::parse("sjis").unwrap(), Encoding::ShiftJis);
        assert_eq!(Encoding::parse("Shift_JIS").unwrap(), Encoding::ShiftJis);
        assert_eq!(Encoding::parse("UTF-8").unwrap(), Encoding::Utf8);
        assert!(Encoding::parse("euc").is_err());
    }
}
