//! Hostile text in every text field: stored as typed, and exported to PDF and XLSX as inert text — never markup,
//! never a formula, never a control character on the page.

use std::io::Read;

use dxplan::model::*;
use dxplan::store::Store;

use crate::support::*;

const HOSTILE: [&str; 6] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)\u{0000}\u{0007}",
    "\u{202E}右から左\u{202C}－1",
];

/// The demo with every text field of every row replaced by a hostile string (names kept unique).
fn hostile_workbook() -> Workbook {
    let mut wb = dxplan::data::demo::demo_workbook().unwrap();
    let h = |i: usize| HOSTILE[i % HOSTILE.len()];
    let long_note = format!("{}{}", HOSTILE[2], "長".repeat(40_000));
    wb.meta.municipality = format!("{}市", HOSTILE[0]);
    wb.vision.statement = format!("{}\n{}", HOSTILE[1], long_note);
    wb.vision.policies = HOSTILE.iter().map(|s| s.to_string()).collect();
    for (i, x) in wb.initiatives.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.target_label = h(i + 1).into();
    }
    for (i, x) in wb.tasks.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.notes = long_note.clone();
    }
    for (i, x) in wb.units.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
    }
    for (i, x) in wb.people.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.kana = h(i + 1).into();
        x.position = h(i + 2).into();
    }
    for (i, x) in wb.roles.iter_mut().enumerate() {
        x.title = h(i).into();
    }
    for (i, x) in wb.skill_targets.iter_mut().enumerate() {
        x.position = h(i).into();
    }
    wb.skill_targets.sort_by_key(|t| t.id);
    let mut seen = std::collections::HashSet::new();
    wb.skill_targets
        .retain(|t| seen.insert((t.position.clone(), t.skill_id)));
    for (i, x) in wb.skills.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.description = h(i + 1).into();
    }
    for (i, x) in wb.courses.iter_mut().enumerate() {
        x.provider = h(i).into();
        x.name = format!("{}{i}", h(i + 1));
        x.length = h(i + 2).into();
        x.audience = h(i + 3).into();
    }
    for (i, x) in wb.systems.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.vendor = h(i + 1).into();
        x.notes = long_note.clone();
        if x.specified {
            x.specified_reason = h(i + 2).into();
        }
    }
    for (i, x) in wb.template.steps.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.phase = h(i / 6).into();
        x.details = h(i + 1).into();
    }
    for x in wb.system_steps.iter_mut() {
        x.notes = HOSTILE[3].into();
    }
    for (i, x) in wb.procedures.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
        x.notes = h(i + 1).into();
        if x.status == Status::NotApplicable {
            x.excluded_reason = h(i + 2).into();
        }
    }
    for (i, x) in wb.kpis.iter_mut().enumerate() {
        x.name = h(i).into();
        x.unit = h(i + 1).into();
    }
    for (i, x) in wb.baselines.iter_mut().enumerate() {
        x.name = format!("{}{i}", h(i));
    }
    wb
}

#[test]
fn hostile_text_in_every_field_is_stored_exactly_as_typed() {
    let dir = tmp();
    let f = dir.path().join("hostile.dxplan");
    let wb = hostile_workbook();
    let errors = dxplan::query::check::findings(&wb).errors;
    assert!(
        errors.is_empty(),
        "hostile text is valid content: {:?}",
        &errors[..errors.len().min(3)]
    );
    let store = Store::create(&f, &wb, false).expect("stored");
    assert_eq!(
        normalized(store.load().unwrap()),
        normalized(wb),
        "every string read back byte for byte"
    );
}

#[test]
fn hostile_text_exports_to_pdf_as_visible_inert_text() {
    let dir = tmp();
    let f = dir.path().join("hostile.dxplan");
    Store::create(&f, &hostile_workbook(), false).unwrap();
    for view in ["roadmap", "migration", "training", "org", "council"] {
        let pdf = dir.path().join(format!("{view}.pdf"));
        let r = dxplan(&[
            "export",
            "pdf",
            path_str(&f),
            "-o",
            path_str(&pdf),
            "--view",
            view,
            "--today",
            "2025-11-20",
        ]);
        assert_eq!(r.code, 0, "{view}: {}", r.stderr);
        let out = std::process::Command::new("pdftotext")
            .args([path_str(&pdf), "-"])
            .output()
            .expect("pdftotext installed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("<script>") || text.contains("<img"),
            "{view}: markup printed as text"
        );
        assert!(
            !text.contains('\u{0000}') && !text.contains('\u{0007}') && !text.contains('\u{202E}'),
            "{view}: no control or bidi characters drawn"
        );
    }
}

#[test]
fn hostile_text_exports_to_xlsx_as_strings_and_never_as_formulas() {
    let dir = tmp();
    let f = dir.path().join("hostile.dxplan");
    Store::create(&f, &hostile_workbook(), false).unwrap();
    let xlsx = dir.path().join("h.xlsx");
    let r = dxplan(&[
        "export",
        "xlsx",
        path_str(&f),
        "-o",
        path_str(&xlsx),
        "--today",
        "2025-11-20",
        "--personal",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut formulas = vec![];
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut xml = String::new();
        if entry.read_to_string(&mut xml).is_err() {
            continue;
        }
        let mut rest = xml.as_str();
        while let Some(a) = rest.find("<f>") {
            let b = rest[a..].find("</f>").map(|b| a + b).unwrap_or(rest.len());
            formulas.push(rest[a + 3..b].to_string());
            rest = &rest[b..];
        }
        all.push_str(&xml);
    }
    for f in &formulas {
        assert!(
            !f.contains("HYPERLINK")
                && !f.contains("cmd")
                && !f.contains("script")
                && !f.contains("SUM(1+1)"),
            "no user text in a formula: {f}"
        );
    }
    assert!(
        all.contains("=HYPERLINK(\"http://example.invalid\"")
            || all.contains("=HYPERLINK(&quot;http://example.invalid"),
        "the formula-like text is there, as a string"
    );
    assert!(all.contains("&lt;script&gt;"), "markup escaped in the XML");
}
