//! The layering as a test, in the style of rust-analyzer's tidy tests: the pure modules of the core never reach for
//! the database, the file system, the network, the PDF or Excel writers, or the clock, so every rule, query and
//! layout stays testable with plain values. A failure names the file, the line and what it used.

use std::path::{Path, PathBuf};

/// The modules that must stay pure (no I/O, no clock): the domain model, its queries, and the layout of documents.
const PURE: &[&str] = &[
    "calendar",
    "model",
    "query",
    "layout",
    "documents",
    "labels",
];

/// What a pure module may not name, with the reason shown when it does.
const FORBIDDEN: &[(&str, &str)] = &[
    ("rusqlite", "the database belongs to crate::store"),
    (
        "crate::store",
        "the store is a shell around the core, not the other way round",
    ),
    ("printpdf", "PDF writing belongs to crate::render"),
    ("lopdf", "PDF writing belongs to crate::render"),
    ("rust_xlsxwriter", "Excel writing belongs to crate::xlsx"),
    ("calamine", "Excel reading belongs to crate::import"),
    (
        "std::fs",
        "files are read and written by the shells (store, render, xlsx, import, fsx)",
    ),
    ("std::net", "dxplan never calls out to a network"),
    (
        "now()",
        "the clock is read by the shells; pure code takes `today` as an argument",
    ),
    (
        "SystemTime",
        "the clock is read by the shells; pure code takes `today` as an argument",
    ),
    ("std::env", "the environment is read by the shells"),
];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The lines of a source file that count: comments are left out, and so is a trailing `#[cfg(test)] mod tests`
/// block (a test may read a fixture file; the code it tests may not).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let end = text
        .lines()
        .position(|l| l.trim() == "#[cfg(test)]")
        .unwrap_or(usize::MAX);
    text.lines()
        .enumerate()
        .take(end)
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| {
            let t = l.trim_start();
            !(t.starts_with("//") || t.starts_with("/*") || t.starts_with('*'))
        })
}

fn violations(module: &str) -> Vec<String> {
    let mut files = Vec::new();
    let root = src_dir().join(module);
    if root.is_dir() {
        rust_files(&root, &mut files);
    } else {
        files.push(src_dir().join(format!("{module}.rs")));
    }
    let mut found = Vec::new();
    for f in files {
        // a test-only file beside the code (`tests.rs`) is not part of the module's code
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
        for (no, line) in code_lines(&text) {
            for (needle, why) in FORBIDDEN {
                if line.contains(needle) {
                    found.push(format!(
                        "{}:{no}: `{needle}` in a pure module ({why})\n    {}",
                        f.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                            .unwrap_or(&f)
                            .display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn pure_modules_use_no_database_files_network_writers_or_clock() {
    let mut all = Vec::new();
    for m in PURE {
        let exists = src_dir().join(m).is_dir() || src_dir().join(format!("{m}.rs")).is_file();
        assert!(
            exists,
            "the pure module `{m}` is missing from src/ (was it renamed? update PURE)"
        );
        all.extend(violations(m));
    }
    assert!(
        all.is_empty(),
        "pure modules reach outside the core:\n{}",
        all.join("\n")
    );
}

#[test]
fn the_architecture_check_catches_a_forbidden_use() {
    let sample = "use std::fs;\n// std::net in a comment is fine\nlet t = Utc::now();\n#[cfg(test)]\nmod tests { use std::fs; }\n";
    let hits: Vec<(usize, &str)> = code_lines(sample)
        .filter(|(_, l)| FORBIDDEN.iter().any(|(n, _)| l.contains(n)))
        .collect();
    assert_eq!(
        hits.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        vec![1, 3],
        "the check sees code lines, skips comments and the test module"
    );
}
