//! Build script: compiles the Tauri context and declares the app's own commands, so the capability file can grant
//! exactly these (a command not listed here cannot be called from the page).

/// The commands the page may call: one list, shared with the app (`generate_handler!`) and its tests.
#[allow(unused_imports)] // `command_list` is for the app's `generate_handler!`
#[path = "src/commands/names.rs"]
mod names;

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
            .app_manifest(tauri_build::AppManifest::new().commands(names::COMMANDS)),
    )
    .expect("tauri-build failed (see the message above)");
}
