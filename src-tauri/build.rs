//! Build script: compiles the Tauri context and declares the app's own commands, so the capability file can grant
//! exactly these (a command not listed here cannot be called from the page).

/// Every command the page may call (kept in step with `generate_handler!` in `src/lib.rs`).
const COMMANDS: &[&str] = &[
    "home",
    "open_dialog",
    "open_recent",
    "new_from_template",
    "open_demo",
    "close_workbook",
    "workbook_info",
    "apply_edit",
    "undo",
    "redo",
    "summary",
    "roadmap_view",
    "org_view",
    "unit_people",
    "training_view",
    "course_enrolments",
    "systems_view",
    "update_step",
    "update_procedure",
    "kpi_view",
    "review_defaults",
    "run_review",
    "export_formats",
    "gantt_preview",
    "export_file",
];

fn main() {
    // A checkout without a built UI still compiles (cargo clippy/test before `npm run build`): the window then
    // says how to build it. scripts/run and scripts/test always build the real UI first.
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>dxplan</title><p>画面がビルドされていません。./scripts/run で起動してください。</p>",
        );
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed (see the message above)");
}
