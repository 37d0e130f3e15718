//! Checks the installers' configuration (`tauri.conf.json` → `bundle`) through Tauri's own config types, so a
//! misspelt key fails here (they deny unknown fields) instead of silently producing the wrong package: the `.deb`
//! depends on the font the PDF export draws with, the Windows `.msi` carries WebView2's offline installer (municipal
//! PCs have no internet) and is in Japanese.

#[cfg(test)]
mod tests {
    use tauri::utils::config::{BundleTarget, BundleType, Config, WebviewInstallMode, WixLanguage};

    fn config() -> Config {
        serde_json::from_str(include_str!("../tauri.conf.json"))
            .unwrap_or_else(|e| panic!("tauri.conf.json does not match Tauri 2's config: {e}"))
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
            dxplan::export::font::KNOWN_FONT_PATHS[0],
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
}
