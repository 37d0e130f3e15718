//! The shipped 補助金・財政措置 programmes (national programmes and their rates, `assets/templates/subsidies.csv`),
//! read into the model's `Programme` rows; a user's own list is read the same way.

use crate::calendar::FiscalYear;
use crate::data::templates::read_csv;
use crate::error::{Error, Result};
use crate::model::Id;
use crate::model::cost::{Programme, ProgrammeKind, Rate, Unit, parse_amount, parse_year};

/// The shipped programme list (national programmes and their rates), compiled in.
pub const SUBSIDIES_CSV: &str = include_str!("../../assets/templates/subsidies.csv");

/// Parses a programme list (columns 制度名,区分,補助率,開始年度,終了年度,上限額円,対象経費), numbering the rows
/// from 1. Errors name the line.
pub fn parse_programmes(csv_text: &str) -> Result<Vec<Programme>> {
    let recs = read_csv(csv_text, &["制度名", "補助率"])?;
    let mut out: Vec<Programme> = vec![];
    for (i, r) in recs.iter().enumerate() {
        let year = |col: &str| -> Result<Option<FiscalYear>> {
            match r.get(col) {
                "" => Ok(None),
                t => parse_year(t).map(Some).map_err(|e| r.at(e)),
            }
        };
        let p = Programme {
            id: i as Id + 1,
            name: r.req("制度名")?.to_string(),
            kind: ProgrammeKind::parse(r.get("区分")).map_err(|e| r.at(e))?,
            rate: Rate::parse(r.req("補助率")?).map_err(|e| r.at(e))?,
            first_year: year("開始年度")?,
            last_year: year("終了年度")?,
            cap: match r.get("上限額円") {
                "" => None,
                t => Some(parse_amount(t, Unit::Yen).map_err(|e| r.at(e))?),
            },
            scope: r.get("対象経費").to_string(),
        };
        p.validate().map_err(|e| r.at(e))?;
        if out.iter().any(|q| q.name == p.name) {
            return Err(r.at(Error::duplicate("制度", &p.name)));
        }
        out.push(p);
    }
    Ok(out)
}

/// The shipped national programmes.
pub fn national_programmes() -> Result<Vec<Programme>> {
    parse_programmes(SUBSIDIES_CSV)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cost::Yen;

    #[test]
    fn the_shipped_programmes_carry_the_national_rates_and_years() {
        let ps = national_programmes().unwrap();
        assert_eq!(ps.len(), 4);
        let by = |needle: &str| ps.iter().find(|p| p.name.contains(needle)).unwrap();
        let std = by("標準化・共通化");
        assert_eq!((std.rate.num(), std.rate.den()), (1, 1));
        assert_eq!(std.rate.label(), "10/10");
        assert_eq!(std.kind, ProgrammeKind::Subsidy);
        assert_eq!(std.last_year, None);
        let online = by("オンライン化");
        assert_eq!(online.rate.label(), "1/2");
        assert_eq!(online.last_year, Some(FiscalYear(2022)));
        assert!(online.covers(FiscalYear(2022)) && !online.covers(FiscalYear(2023)));
        assert_eq!(by("セキュリティクラウド").last_year, Some(FiscalYear(2022)));
        let cio = by("CIO補佐官");
        assert_eq!(cio.kind, ProgrammeKind::SpecialGrant);
        assert_eq!(cio.rate.label(), "1/2", "0.5 in the file is exactly 1/2");
        assert_eq!(
            (cio.first_year, cio.last_year),
            (Some(FiscalYear(2021)), Some(FiscalYear(2025)))
        );
        assert!(!cio.covers(FiscalYear(2020)));
    }

    #[test]
    fn a_programme_list_with_a_bad_rate_or_year_is_refused_at_its_line() {
        let head = "制度名,区分,補助率,開始年度,終了年度,上限額円,対象経費\n";
        let e = parse_programmes(&format!("{head}独自補助,補助金,3/2,,,,\n")).unwrap_err();
        assert!(
            e.message.starts_with("2行目: 補助率「3/2」は0から1の間"),
            "{}",
            e.message
        );
        let e = parse_programmes(&format!(
            "{head}独自補助,補助金,1/2,令和5年度,令和3年度,,\n"
        ))
        .unwrap_err();
        assert!(
            e.message
                .contains("終了年度（令和3年度）が開始年度（令和5年度）より前"),
            "{}",
            e.message
        );
        let e = parse_programmes(&format!("{head}独自補助,補助金,1/2,,,▲1,\n")).unwrap_err();
        assert!(e.message.contains("マイナス"), "{}", e.message);
        let e =
            parse_programmes(&format!("{head}A,補助金,1/2,,,,\nA,補助金,1/3,,,,\n")).unwrap_err();
        assert!(
            e.message.starts_with("3行目: 制度「A」は既にあります"),
            "{}",
            e.message
        );
        let ok =
            parse_programmes(&format!("{head}県補助,補助金,2/3,R4,R6,\"5,000,000\",\n")).unwrap();
        assert_eq!(ok[0].cap, Some(Yen(5_000_000)));
        assert_eq!(ok[0].first_year, Some(FiscalYear(2022)));
    }
}
