//! The page's enum label tables as a generated TypeScript file (`ui/src/api/bindings/labels.ts`), written from
//! `dxplan::labels` beside the ts-rs types by `bindings::export_all`, so the same staleness test guards both.

use std::fmt::Write;

/// File name of the generated labels beside the other bindings.
pub const FILE: &str = "labels.ts";

/// `StepStatus` → `STEP_STATUS`.
fn constant(type_name: &str) -> String {
    let mut out = String::new();
    for (n, c) in type_name.chars().enumerate() {
        if c.is_uppercase() && n > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The TypeScript text: one `Record<Type, string>` per enum, one key array per key set.
pub fn typescript() -> String {
    let enums = dxplan::labels::all();
    let sets = dxplan::labels::key_sets();
    let mut o = String::from(
        "// Generated from the Rust label() functions (dxplan::labels) by src-tauri/src/labels.rs. Do not edit:\n\
         // DXPLAN_WRITE_BINDINGS=1 cargo test -p dxplan-app bindings\n",
    );
    let mut types: Vec<&str> = enums.iter().map(|e| e.type_name).collect();
    types.extend(sets.iter().map(|s| s.type_name));
    types.sort_unstable();
    types.dedup();
    for t in types {
        let _ = writeln!(o, "import type {{ {t} }} from \"./{t}\";");
    }
    for e in &enums {
        let _ = writeln!(
            o,
            "\nexport const {}: Record<{}, string> = {{",
            constant(e.type_name),
            e.type_name
        );
        for (k, l) in &e.entries {
            let _ = writeln!(o, "  {}: {},", quoted(k), quoted(l));
        }
        o.push_str("};\n");
    }
    for s in &sets {
        let keys: Vec<String> = s.keys.iter().map(|k| quoted(k)).collect();
        let _ = writeln!(
            o,
            "\nexport const {}: {}[] = [{}];",
            s.name,
            s.type_name,
            keys.join(", ")
        );
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_of_the_core_is_in_the_generated_table() {
        let ts = typescript();
        assert!(ts.contains("export const STEP_STATUS: Record<StepStatus, string> = {"));
        assert!(ts.contains("import type { ProcedureCategory } from \"./ProcedureCategory\";"));
        for e in dxplan::labels::all() {
            for (k, l) in e.entries {
                assert!(ts.contains(&format!("  \"{k}\": \"{l}\",")), "{k}: {l}");
            }
        }
    }
}
