//! Checks the installers' configuration (`tauri.conf.json` → `bundle`) through Tauri's own config types, so a
//! misspelt key fails here (they deny unknown fields) instead of silently producing the wrong package: the `.deb`
//! depends on the font the PDF export draws with, the Windows `.msi` carries WebView2's offline installer (municipal
//! PCs have no internet), is in Japanese and carries the PDF font itself (`tauri.windows.conf.json`, merged the way
//! Tauri's CLI merges it).

use std::path::Path;

use dxplan::render::font::{BUNDLED_FONT_DIR, FONT_FILE};
use tauri::utils::config::{
    BundleResources, BundleTarget, BundleType, Config, WebviewInstallMode, WixLanguage,
};
use tauri::utils::platform::Target;

fn config() -> Config {
    serde_json::from_str(include_str!("../../tauri.conf.json"))
        .unwrap_or_else(|e| panic!("tauri.conf.json does not match Tauri 2's config: {e}"))
}

/// The configuration `tauri build` uses on `target`: tauri.conf.json with the platform's file merged in
/// (JSON Merge Patch), read by Tauri's own reader.
fn config_for(target: Target) -> Config {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (value, _files) = tauri::utils::config::parse::read_from(target, dir)
        .unwrap_or_else(|e| panic!("the {target:?} configuration cannot be read: {e}"));
    serde_json::from_value(value).unwrap_or_else(|e| {
        panic!("the merged {target:?} configuration does not match Tauri 2's config: {e}")
    })
}

#[test]
fn bundling_is_active_for_a_deb_and_an_msi() {
    let bundle = config().bundle;
    assert!(
        bundle.active,
        "bundle.active must be true, or `tauri build` makes no package"
    );
    let BundleTarget::List(targets) = &bundle.targets else {
        panic!(
            "bundle.targets must list deb and msi, got {:?}",
            bundle.targets
        );
    };
    assert!(
        targets.contains(&BundleType::Deb),
        "no deb target: {targets:?}"
    );
    assert!(
        targets.contains(&BundleType::Msi),
        "no msi target: {targets:?}"
    );
    assert!(
        !targets.contains(&BundleType::AppImage),
        "AppImage's tooling downloads from outside and cannot be built offline"
    );
    for (key, set) in [
        ("publisher", bundle.publisher.is_some()),
        ("copyright", bundle.copyright.is_some()),
        ("category", bundle.category.is_some()),
        ("shortDescription", bundle.short_description.is_some()),
    ] {
        assert!(set, "bundle.{key} is not set");
    }
}

#[test]
fn the_msi_installs_webview2_offline_and_speaks_japanese() {
    let windows = config().bundle.windows;
    assert!(
        matches!(
            windows.webview_install_mode,
            WebviewInstallMode::OfflineInstaller { silent: true }
        ),
        "municipal PCs have no internet: WebView2 must come from the offline installer, got {:?}",
        windows.webview_install_mode
    );
    let wix = windows.wix.expect("bundle.windows.wix is not set");
    assert_eq!(
        wix.language,
        WixLanguage::One("ja-JP".into()),
        "the installer's language"
    );
    assert!(
        wix.upgrade_code.is_some(),
        "a fixed upgrade code keeps later versions upgrading this one"
    );
    let icons = config().bundle.icon;
    assert!(
        icons.iter().any(|i| i.ends_with(".ico")),
        "the msi needs an .ico icon: {icons:?}"
    );
}

#[test]
fn the_deb_depends_on_the_pdf_font_and_ships_the_cli() {
    // (the bundler itself adds libwebkit2gtk-4.1-0 and libgtk-3-0; scripts/bundle --check reads them back)
    let deb = config().bundle.linux.deb;
    let depends = deb.depends.unwrap_or_default();
    assert!(
        depends.iter().any(|d| d == "fonts-ipaexfont-gothic"),
        "the PDF export draws with IPAex ゴシック: the deb must depend on its package: {depends:?}"
    );
    // the package that ships the font must put it where the exporter looks first
    assert_eq!(
        dxplan::render::font::KNOWN_FONT_PATHS[0],
        "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        "fonts-ipaexfont-gothic (Debian 12) installs IPAex ゴシック here"
    );
    assert!(
        deb.files
            .keys()
            .any(|k| k.to_str() == Some("/usr/bin/dxplan")),
        "the CLI ships beside the app: {:?}",
        deb.files
    );
}

#[test]
fn the_msi_carries_the_pdf_font_and_its_license_into_fonts_beside_the_exe() {
    let Some(BundleResources::Map(resources)) = config_for(Target::Windows).bundle.resources else {
        panic!(
            "tauri.windows.conf.json must declare bundle.resources as a map (source → place in the install folder)"
        );
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let font_target = format!("{BUNDLED_FONT_DIR}/{FONT_FILE}");
    let (font_source, _) = resources
        .iter()
        .find(|(_, target)| **target == font_target)
        .unwrap_or_else(|| {
            panic!("the msi must install the font as {font_target} (beside the exe, where the exporter looks): {resources:?}")
        });
    let font = dxplan::render::Font::load_from(&dir.join(font_source)).unwrap_or_else(|e| {
        panic!("the bundled font {font_source} is not a usable font (a Git LFS pointer?): {e}")
    });
    assert!(
        font.bytes.len() > 1_000_000,
        "{font_source} is {} bytes: not the whole IPAex ゴシック",
        font.bytes.len()
    );
    let license_target = format!("{BUNDLED_FONT_DIR}/IPA_Font_License_Agreement_v1.0.txt");
    let (license_source, _) = resources
        .iter()
        .find(|(_, target)| **target == license_target)
        .unwrap_or_else(|| {
            panic!("the IPA Font License requires its text beside the redistributed font: {resources:?}")
        });
    let license = std::fs::read_to_string(dir.join(license_source))
        .unwrap_or_else(|e| panic!("{license_source}: {e}"));
    assert!(
        license.contains("IPAフォントライセンスv1.0")
            && license.contains("IPA Font License Agreement v1.0"),
        "{license_source} is not the IPA Font License Agreement v1.0"
    );
    // the merge keeps the rest of the Windows settings
    assert!(
        matches!(
            config_for(Target::Windows)
                .bundle
                .windows
                .webview_install_mode,
            WebviewInstallMode::OfflineInstaller { silent: true }
        ),
        "the merged Windows configuration lost the offline WebView2 installer"
    );
}

#[test]
fn the_deb_does_not_carry_the_font_it_depends_on() {
    assert!(
        config_for(Target::Linux).bundle.resources.is_none(),
        "the .deb depends on fonts-ipaexfont-gothic; the 6 MB font belongs only in the msi"
    );
}
