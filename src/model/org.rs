//! 推進体制: the line organisation (部・課・係), the cross-cutting bodies (本部・部会・分科会 …), people and their roles.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Id, clean_name};
use crate::error::{Error, ErrorCode, Result};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 部 (incl. 局, 教育委員会事務局)
    Department,
    /// 課
    Section,
    /// 係
    Subsection,
    /// 室
    Office,
    /// 本部
    Headquarters,
    /// 部会
    Committee,
    /// 分科会
    Subcommittee,
    /// 会議体
    Council,
    /// 事務局
    Secretariat,
}

impl UnitKind {
    pub const ALL: [UnitKind; 9] = [
        UnitKind::Department,
        UnitKind::Section,
        UnitKind::Subsection,
        UnitKind::Office,
        UnitKind::Headquarters,
        UnitKind::Committee,
        UnitKind::Subcommittee,
        UnitKind::Council,
        UnitKind::Secretariat,
    ];
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Department => "部",
            UnitKind::Section => "課",
            UnitKind::Subsection => "係",
            UnitKind::Office => "室",
            UnitKind::Headquarters => "本部",
            UnitKind::Committee => "部会",
            UnitKind::Subcommittee => "分科会",
            UnitKind::Council => "会議体",
            UnitKind::Secretariat => "事務局",
        }
    }
    pub fn parse(s: &str) -> Result<UnitKind> {
        let t = s.trim();
        UnitKind::ALL
            .into_iter()
            .find(|k| k.label() == t || format!("{k:?}").eq_ignore_ascii_case(t))
            .or(if t == "局" { Some(UnitKind::Department) } else { None })
            .ok_or_else(|| Error::field("kind", format!("組織の種別「{t}」は使えません（部・課・係・室・本部・部会・分科会・会議体・事務局）。")))
    }
    /// A body that gathers people across the line organisation (本部・部会・分科会・会議体・事務局).
    pub fn is_cross_cutting(self) -> bool {
        matches!(
            self,
            UnitKind::Headquarters
                | UnitKind::Committee
                | UnitKind::Subcommittee
                | UnitKind::Council
                | UnitKind::Secretariat
        )
    }
}

/// 組織: a node of the organisation tree.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: Id,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<Id>,
    /// For a cross-cutting body: the line units whose members sit on it (e.g. the 業務主管課 of a 分科会).
    pub linked_units: Vec<Id>,
    pub sort: i64,
    /// 同時に進められる標準化の作業数: how many 標準化 steps the 課 can carry in one month (the 山積み chart marks
    /// the months above it); `None`: not set.
    #[serde(default)]
    pub step_capacity: Option<u32>,
}

/// The largest 作業数の上限 a 課 can be given.
pub const MAX_STEP_CAPACITY: u32 = 999;

impl OrgUnit {
    /// The 作業数の上限, when set, is 1–999.
    pub fn check_capacity(&self) -> Result<()> {
        match self.step_capacity {
            Some(c) if c == 0 || c > MAX_STEP_CAPACITY => Err(Error::field(
                "step_capacity",
                format!(
                    "「{}」の同時に進められる作業数（{c}）は1〜{MAX_STEP_CAPACITY}で入力してください（上限なしは空欄）。",
                    self.name
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// 任用形態.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    /// 職員 (regular staff)
    #[default]
    Staff,
    /// 特別職非常勤職員 (external expert, e.g. CIO補佐官)
    SpecialPartTime,
    /// 業務委託
    Contract,
}

impl Employment {
    pub fn label(self) -> &'static str {
        match self {
            Employment::Staff => "職員",
            Employment::SpecialPartTime => "特別職非常勤",
            Employment::Contract => "業務委託",
        }
    }
    pub fn parse(s: &str) -> Result<Employment> {
        match s.trim() {
            "" | "職員" | "staff" => Ok(Employment::Staff),
            "特別職非常勤" | "特別職非常勤職員" | "special_part_time" => {
                Ok(Employment::SpecialPartTime)
            }
            "業務委託" | "contract" => Ok(Employment::Contract),
            t => Err(Error::field(
                "employment",
                format!("任用形態「{t}」は使えません（職員・特別職非常勤・業務委託）。"),
            )),
        }
    }
    pub fn is_external(self) -> bool {
        self != Employment::Staff
    }
}

/// 職員 or external person.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    /// 職員番号 (personnel system key; none for external people)
    pub staff_no: Option<String>,
    /// 氏名
    pub name: String,
    /// かな
    pub kana: String,
    /// 職位 (部長, 課長, 係長, 主事 …)
    pub position: String,
    /// 所属
    pub unit_id: Option<Id>,
    pub employment: Employment,
}

impl Person {
    pub fn validate(&self) -> Result<()> {
        clean_name("name", "氏名", &self.name)?;
        if let Some(no) = &self.staff_no {
            let t = no.trim();
            if t.is_empty() || t.chars().count() > 20 || t.chars().any(char::is_control) {
                return Err(Error::field(
                    "staff_no",
                    format!("職員番号「{t}」は1〜20文字で入力してください。"),
                ));
            }
        }
        if !self.kana.is_empty() && self.kana.chars().count() > 200 {
            return Err(Error::field("kana", "かなが長すぎます。"));
        }
        Ok(())
    }
}

/// 役割 in the 推進体制.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 首長
    Mayor,
    /// CIO (often a deputy mayor)
    Cio,
    /// CIO補佐官 (external expert)
    CioAdviser,
    /// 長 of a body (本部長, 部会長, 分科会長)
    Chair,
    /// 副 (副本部長 …)
    ViceChair,
    /// 構成員
    Member,
    /// 事務局
    Secretariat,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Mayor,
        Role::Cio,
        Role::CioAdviser,
        Role::Chair,
        Role::ViceChair,
        Role::Member,
        Role::Secretariat,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Role::Mayor => "首長",
            Role::Cio => "CIO",
            Role::CioAdviser => "CIO補佐官",
            Role::Chair => "長",
            Role::ViceChair => "副",
            Role::Member => "構成員",
            Role::Secretariat => "事務局",
        }
    }
    pub fn parse(s: &str) -> Result<Role> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.label() == t || format!("{r:?}").eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::field(
                    "role",
                    format!(
                        "役割「{t}」は使えません（首長・CIO・CIO補佐官・長・副・構成員・事務局）。"
                    ),
                )
            })
    }
}

/// A person in a role, optionally within a body (e.g. 分科会長 of 標準化・共通化分科会).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub id: Id,
    pub person_id: Id,
    pub unit_id: Option<Id>,
    pub role: Role,
    /// 役職名 shown on the chart, e.g. "DX推進本部長"
    pub title: String,
}

/// Checks a set of units: names unique among siblings, parents exist, no unit its own ancestor,
/// line units (部・課・係・室) never under a cross-cutting body.
pub fn check_units(units: &[OrgUnit]) -> Result<()> {
    let by_id: HashMap<Id, &OrgUnit> = units.iter().map(|u| (u.id, u)).collect();
    let mut siblings: HashSet<(Option<Id>, &str)> = HashSet::new();
    for u in units {
        clean_name("name", "組織名", &u.name)?;
        u.check_capacity()?;
        if !siblings.insert((u.parent_id, u.name.as_str())) {
            return Err(Error::duplicate("組織", &u.name).with_field("name"));
        }
        if let Some(p) = u.parent_id {
            let parent = by_id
                .get(&p)
                .ok_or_else(|| Error::not_found("上位組織", p).with_field("parent_id"))?;
            if !u.kind.is_cross_cutting() && parent.kind.is_cross_cutting() {
                return Err(Error::field(
                    "parent_id",
                    format!(
                        "{}「{}」を{}「{}」の下に置くことはできません。",
                        u.kind.label(),
                        u.name,
                        parent.kind.label(),
                        parent.name
                    ),
                ));
            }
        }
        for l in &u.linked_units {
            if !by_id.contains_key(l) {
                return Err(Error::not_found("関係課", l).with_field("linked_units"));
            }
        }
        // walk up: a cycle shows as revisiting a unit
        let mut seen = HashSet::from([u.id]);
        let mut cur = u.parent_id;
        while let Some(p) = cur {
            if !seen.insert(p) {
                return Err(Error::new(
                    ErrorCode::Cycle,
                    format!("組織「{}」が自分の下位組織の下に置かれています。", u.name),
                ));
            }
            cur = by_id.get(&p).and_then(|x| x.parent_id);
        }
    }
    Ok(())
}

/// Full path of a unit, e.g. "政策経営部 / DX推進課".
pub fn unit_path(units: &[OrgUnit], id: Id) -> String {
    let by_id: HashMap<Id, &OrgUnit> = units.iter().map(|u| (u.id, u)).collect();
    let mut parts = vec![];
    let mut cur = Some(id);
    let mut guard = 0;
    while let Some(i) = cur {
        let Some(u) = by_id.get(&i) else { break };
        parts.push(u.name.as_str());
        cur = u.parent_id;
        guard += 1;
        if guard > units.len() {
            break;
        }
    }
    parts.reverse();
    parts.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: Id, name: &str, kind: UnitKind, parent: Option<Id>) -> OrgUnit {
        OrgUnit {
            id,
            name: name.into(),
            kind,
            parent_id: parent,
            linked_units: vec![],
            sort: id,
            step_capacity: None,
        }
    }

    #[test]
    fn a_line_tree_with_a_cross_cutting_body_is_valid() {
        let units = vec![
            unit(1, "政策経営部", UnitKind::Department, None),
            unit(2, "DX推進課", UnitKind::Section, Some(1)),
            unit(3, "DX推進本部", UnitKind::Headquarters, None),
            unit(4, "標準化・共通化分科会", UnitKind::Subcommittee, Some(3)),
        ];
        assert!(check_units(&units).is_ok());
        assert_eq!(unit_path(&units, 2), "政策経営部 / DX推進課");
    }

    #[test]
    fn same_name_is_fine_in_different_sections_but_not_among_siblings() {
        let mut units = vec![
            unit(1, "市民課", UnitKind::Section, None),
            unit(2, "税務課", UnitKind::Section, None),
            unit(3, "庶務係", UnitKind::Subsection, Some(1)),
            unit(4, "庶務係", UnitKind::Subsection, Some(2)),
        ];
        assert!(check_units(&units).is_ok());
        units[3].parent_id = Some(1);
        assert_eq!(check_units(&units).unwrap_err().code, ErrorCode::Duplicate);
    }

    #[test]
    fn a_unit_under_its_own_descendant_is_refused() {
        let units = vec![
            unit(1, "A部", UnitKind::Department, Some(2)),
            unit(2, "B課", UnitKind::Section, Some(1)),
        ];
        // B課 under A部 under B課: a cycle (the line-under-body rule does not apply: both are line units)
        assert_eq!(check_units(&units).unwrap_err().code, ErrorCode::Cycle);
    }

    #[test]
    fn a_section_cannot_sit_under_a_committee() {
        let units = vec![
            unit(1, "DX推進本部", UnitKind::Headquarters, None),
            unit(2, "市民課", UnitKind::Section, Some(1)),
        ];
        assert!(
            check_units(&units)
                .unwrap_err()
                .message
                .contains("下に置くことはできません")
        );
    }

    #[test]
    fn kinds_roles_and_employment_parse_from_japanese() {
        assert_eq!(UnitKind::parse("分科会").unwrap(), UnitKind::Subcommittee);
        assert_eq!(UnitKind::parse("局").unwrap(), UnitKind::Department);
        assert!(UnitKind::parse("チーム").is_err());
        assert_eq!(Role::parse("CIO補佐官").unwrap(), Role::CioAdviser);
        assert_eq!(
            Employment::parse("特別職非常勤職員").unwrap(),
            Employment::SpecialPartTime
        );
        assert!(
            Employment::parse("派遣")
                .unwrap_err()
                .message
                .contains("派遣")
        );
    }

    #[test]
    fn a_units_step_capacity_is_one_to_999_or_unset() {
        for (cap, ok) in [
            (None, true),
            (Some(1), true),
            (Some(999), true),
            (Some(0), false),
            (Some(1000), false),
        ] {
            let mut u = unit(1, "市民課", UnitKind::Section, None);
            u.step_capacity = cap;
            let r = check_units(&[u]);
            assert_eq!(r.is_ok(), ok, "capacity {cap:?}: {r:?}");
            if let Err(e) = r {
                assert_eq!(
                    e.field.as_deref(),
                    Some("step_capacity"),
                    "the message points at the field"
                );
                assert!(
                    e.message.contains("1〜999"),
                    "says the range in Japanese: {}",
                    e.message
                );
            }
        }
    }
}
