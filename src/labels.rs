//! Every enum label the page shows, listed once as (wire key, label) pairs taken from the Rust `label()` functions,
//! so the UI's label tables are generated from here (`src-tauri/src/labels.rs`) instead of being copied by hand.

use serde::Serialize;

use crate::model::{
    CourseFormat, Employment, EnrolmentStatus, InitiativeGroup, LinkMethod, Pattern,
    ProcedureCategory, Role, Status, StepStatus, SystemGroup, UnitKind,
};
use crate::query::review::Area;

/// One enum's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumLabels {
    /// the Rust (and TypeScript) type name, e.g. `StepStatus`
    pub type_name: &'static str,
    /// (key on the wire, Japanese label), in the enum's order
    pub entries: Vec<(String, &'static str)>,
}

/// A named subset of an enum's keys that the page needs as a rule (e.g. which unit kinds are 会議体).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySet {
    /// the name the page knows it by, e.g. `CROSS_CUTTING`
    pub name: &'static str,
    pub type_name: &'static str,
    pub keys: Vec<String>,
}

/// Every variant of an enum without an `ALL` list; a variant added to the enum and not here fails to compile.
macro_rules! variants {
    ($t:ident: $($v:ident),+ $(,)?) => {{
        let _exhaustive = |x: $t| match x {
            $($t::$v)|+ => (),
        };
        [$($t::$v),+]
    }};
}

/// The key serde writes for a unit variant (`not_started`, `A` …).
fn key<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

fn labels<T: Serialize + Copy>(values: &[T], label: fn(T) -> &'static str) -> EnumLabels {
    EnumLabels {
        type_name: type_name::<T>(),
        entries: values.iter().map(|v| (key(v), label(*v))).collect(),
    }
}

/// The labels of every enum the page shows, in a fixed order.
pub fn all() -> Vec<EnumLabels> {
    vec![
        labels(&Status::ALL, Status::label),
        labels(&StepStatus::ALL, StepStatus::label),
        labels(&LinkMethod::ALL, LinkMethod::label),
        labels(&ProcedureCategory::ALL, ProcedureCategory::label),
        labels(&UnitKind::ALL, UnitKind::label),
        labels(&Role::ALL, Role::label),
        labels(
            &variants!(Employment: Staff, SpecialPartTime, Contract),
            Employment::label,
        ),
        labels(&InitiativeGroup::ALL, InitiativeGroup::label),
        labels(
            &variants!(SystemGroup: Separate, First, Second, Added, Other),
            SystemGroup::label,
        ),
        labels(&variants!(Pattern: A, B), Pattern::label),
        labels(
            &variants!(CourseFormat: Ojt, OffJt, ELearning, Qualification),
            CourseFormat::label,
        ),
        labels(
            &variants!(EnrolmentStatus: Planned, Completed, Cancelled),
            EnrolmentStatus::label,
        ),
        labels(&variants!(Area: Roadmap, Migration, Online), Area::label),
    ]
}

/// The enum rules the page applies to keys: the unit kinds drawn as 推進体制 bodies (`UnitKind::is_cross_cutting`).
pub fn key_sets() -> Vec<KeySet> {
    vec![KeySet {
        name: "CROSS_CUTTING",
        type_name: type_name::<UnitKind>(),
        keys: UnitKind::ALL
            .into_iter()
            .filter(|k| k.is_cross_cutting())
            .map(|k| key(&k))
            .collect(),
    }]
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_enum_has_distinct_keys_and_labels() {
        let all = all();
        let names: HashSet<_> = all.iter().map(|e| e.type_name).collect();
        assert_eq!(names.len(), all.len(), "one entry per enum");
        for e in &all {
            assert!(!e.entries.is_empty(), "{}", e.type_name);
            let keys: HashSet<_> = e.entries.iter().map(|(k, _)| k.as_str()).collect();
            let labels: HashSet<_> = e.entries.iter().map(|(_, l)| *l).collect();
            assert_eq!(
                keys.len(),
                e.entries.len(),
                "{}: keys distinct",
                e.type_name
            );
            assert_eq!(
                labels.len(),
                e.entries.len(),
                "{}: labels distinct",
                e.type_name
            );
            assert!(
                e.entries
                    .iter()
                    .all(|(k, l)| !k.is_empty() && !l.is_empty()),
                "{}: {:?}",
                e.type_name,
                e.entries
            );
        }
    }

    #[test]
    fn keys_are_the_wire_keys() {
        let status = &all()[0];
        assert_eq!(status.type_name, "Status");
        assert_eq!(status.entries[0], ("not_started".to_string(), "未着手"));
        assert_eq!(
            key_sets()[0].keys,
            [
                "headquarters",
                "committee",
                "subcommittee",
                "council",
                "secretariat"
            ]
        );
    }
}
