//! Finds the Japanese font the exports draw with (IPAex ゴシック), so every PDF and
//! preview measures and renders text with the same glyphs.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::layout::FontMetrics;

use super::ExportError;
use super::pdf::PdfFace;

/// Environment variable that overrides the font path.
pub const FONT_ENV: &str = "DXPLAN_FONT";

/// The font's file name, as IPA ships it (the license forbids renaming it).
pub const FONT_FILE: &str = "ipaexg.ttf";

/// The folder, beside the executable or in the app's resource folder, that the Windows installer puts the
/// bundled font in (`src-tauri/tauri.windows.conf.json` → `bundle.resources`).
pub const BUNDLED_FONT_DIR: &str = "fonts";

/// Where Debian/Ubuntu's `fonts-ipaexfont` package puts IPAex ゴシック.
pub const KNOWN_FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/ipaexfont/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont/ipaexg.ttf",
    "/usr/local/share/fonts/ipaexg.ttf",
];

/// The operating system's own font folders that may hold IPAex ゴシック.
#[derive(Debug, Clone, Default)]
pub struct SystemFonts {
    /// Windows rather than Debian: which installed fonts to look for, and which advice to give
    pub windows: bool,
    /// `%WINDIR%` (fonts installed for all users are in its `Fonts` folder)
    pub windir: Option<PathBuf>,
    /// `%LOCALAPPDATA%` (fonts installed by one user, without administrator rights)
    pub local_app_data: Option<PathBuf>,
}

impl SystemFonts {
    /// This machine's folders, read from the environment.
    pub fn current() -> Self {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        SystemFonts {
            windows: cfg!(windows),
            windir: var("WINDIR"),
            local_app_data: var("LOCALAPPDATA"),
        }
    }

    /// The installed font files to try, in order.
    pub fn paths(&self) -> Vec<PathBuf> {
        if !self.windows {
            return KNOWN_FONT_PATHS.iter().map(PathBuf::from).collect();
        }
        let mut paths = vec![];
        if let Some(w) = &self.windir {
            paths.push(w.join("Fonts").join(FONT_FILE));
        }
        if let Some(l) = &self.local_app_data {
            paths.push(
                l.join("Microsoft")
                    .join("Windows")
                    .join("Fonts")
                    .join(FONT_FILE),
            );
        }
        paths
    }
}

/// The files to try, in order: `fonts/ipaexg.ttf` beside the executable (where the Windows installer puts it),
/// the same in the app's resource folder (when the app knows one and it is another folder), then the installed
/// fonts. Pure, so the order is tested on any platform.
pub fn font_candidates(
    exe_dir: Option<&Path>,
    resource_dir: Option<&Path>,
    installed: &[PathBuf],
) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = vec![];
    for dir in [exe_dir, resource_dir].into_iter().flatten() {
        let p = dir.join(BUNDLED_FONT_DIR).join(FONT_FILE);
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    paths.extend(installed.iter().cloned());
    paths
}

/// Picks the font: the `DXPLAN_FONT` value if one is given (and then only that file), else the first candidate
/// `exists` accepts. The error says, in Japanese, where it looked and what to do. Pure: the caller passes the
/// environment value and the file check.
pub fn search_font(
    env: Option<&OsStr>,
    candidates: &[PathBuf],
    windows: bool,
    exists: impl Fn(&Path) -> bool,
) -> Result<PathBuf, ExportError> {
    if let Some(p) = env.filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if exists(&p) {
            Ok(p)
        } else {
            Err(ExportError::FontMissing(format!(
                "環境変数 {FONT_ENV} のフォント {} が見つかりません",
                p.display()
            )))
        };
    }
    if let Some(p) = candidates.iter().find(|p| exists(p)) {
        return Ok(p.clone());
    }
    let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
    let advice = if windows {
        "アプリを再インストールするか、IPAexゴシック (ipaexg.ttf) をインストールするか、環境変数 DXPLAN_FONT にフォントファイルを指定してください"
    } else {
        "fonts-ipaexfont-gothic をインストールするか、環境変数 DXPLAN_FONT にフォントファイルを指定してください"
    };
    Err(ExportError::FontMissing(format!(
        "日本語フォント (IPAexゴシック) が見つかりません（探した場所: {}）。{advice}",
        looked.join("、")
    )))
}

/// The font path on this machine: `DXPLAN_FONT` if set, else the first of [`font_candidates`] that exists.
/// `resource_dir`: the app's resource folder, if the app shell knows one.
pub fn find_font_in(resource_dir: Option<&Path>) -> Result<PathBuf, ExportError> {
    let exe = std::env::current_exe().ok();
    let exe_dir = exe.as_deref().and_then(Path::parent);
    let system = SystemFonts::current();
    let candidates = font_candidates(exe_dir, resource_dir, &system.paths());
    search_font(
        std::env::var_os(FONT_ENV).as_deref(),
        &candidates,
        system.windows,
        Path::is_file,
    )
}

/// The font path, for a program without a resource folder (the CLI, the tests): see [`find_font_in`].
pub fn find_font() -> Result<PathBuf, ExportError> {
    find_font_in(None)
}

/// The font's bytes, its metrics, and (prepared on the first PDF) its face for the PDF writer.
#[derive(Debug, Clone)]
pub struct Font {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub metrics: FontMetrics,
    /// parsed once per loaded font, not once per PDF: parsing the 4 MB IPAex file is not free
    pdf_face: OnceLock<PdfFace>,
}

impl Font {
    /// Loads the font found by [`find_font`].
    pub fn load() -> Result<Self, ExportError> {
        Self::load_from(&find_font()?)
    }

    /// Loads the font found by [`find_font_in`]: the app shell passes its resource folder.
    pub fn load_with_resources(resource_dir: Option<&Path>) -> Result<Self, ExportError> {
        Self::load_from(&find_font_in(resource_dir)?)
    }

    /// Loads a font file.
    pub fn load_from(path: &Path) -> Result<Self, ExportError> {
        let bytes = std::fs::read(path).map_err(|e| {
            ExportError::FontMissing(format!("フォント {} を読み込めません: {e}", path.display()))
        })?;
        let metrics = FontMetrics::from_font_bytes(&bytes)?;
        Ok(Self {
            path: path.to_path_buf(),
            bytes,
            metrics,
            pdf_face: OnceLock::new(),
        })
    }

    /// The face the PDF writer draws with, parsed on first use and kept.
    pub fn pdf_face(&self) -> Result<&PdfFace, ExportError> {
        if let Some(face) = self.pdf_face.get() {
            return Ok(face);
        }
        let face = PdfFace::from_bytes(&self.bytes)?;
        Ok(self.pdf_face.get_or_init(|| face))
    }
}

/// The app keeps one `Font` in its state and exports from several threads.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Font>();
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    fn message(e: ExportError) -> String {
        match e {
            ExportError::FontMissing(m) => m,
            other => panic!("expected FontMissing, got {other:?}"),
        }
    }

    #[test]
    fn the_bundled_font_beside_the_exe_comes_before_the_resource_folder_and_the_installed_fonts() {
        let got = font_candidates(
            Some(Path::new("/app")),
            Some(Path::new("/res")),
            &[p("/sys/ipaexg.ttf")],
        );
        assert_eq!(
            got,
            vec![
                p("/app/fonts/ipaexg.ttf"),
                p("/res/fonts/ipaexg.ttf"),
                p("/sys/ipaexg.ttf")
            ],
            "exe dir, then resource dir, then the installed fonts"
        );
        let same = font_candidates(Some(Path::new("/app")), Some(Path::new("/app")), &[]);
        assert_eq!(
            same,
            vec![p("/app/fonts/ipaexg.ttf")],
            "a resource dir that is the exe dir is tried once"
        );
    }

    #[test]
    fn windows_looks_in_the_system_fonts_then_the_users_fonts_and_debian_in_its_package_paths() {
        let windows = SystemFonts {
            windows: true,
            windir: Some(p("C:/Windows")),
            local_app_data: Some(p("C:/Users/a/AppData/Local")),
        };
        assert_eq!(
            windows.paths(),
            vec![
                p("C:/Windows/Fonts/ipaexg.ttf"),
                p("C:/Users/a/AppData/Local/Microsoft/Windows/Fonts/ipaexg.ttf")
            ],
            "all-users fonts, then the per-user fonts Windows installs without administrator rights"
        );
        let debian = SystemFonts {
            windows: false,
            ..SystemFonts::default()
        };
        assert_eq!(
            debian.paths().first(),
            Some(&p(KNOWN_FONT_PATHS[0])),
            "Debian: the fonts-ipaexfont-gothic path first"
        );
    }

    #[test]
    fn the_environment_variable_wins_over_every_candidate() {
        let all = [p("/app/fonts/ipaexg.ttf"), p("/sys/ipaexg.ttf")];
        let env = OsString::from("/mine/font.ttf");
        let got = search_font(Some(&env), &all, false, |_| true).expect("the env font exists");
        assert_eq!(got, p("/mine/font.ttf"), "DXPLAN_FONT first");
        let err = search_font(Some(&env), &all, false, |f| {
            f != Path::new("/mine/font.ttf")
        })
        .expect_err("a missing env font is an error, not a fallback");
        assert!(
            message(err).contains("/mine/font.ttf"),
            "the error names the file DXPLAN_FONT points to"
        );
        let empty = OsString::new();
        let got =
            search_font(Some(&empty), &all, false, |_| true).expect("an empty variable is unset");
        assert_eq!(got, all[0], "an empty DXPLAN_FONT is ignored");
    }

    #[test]
    fn the_first_existing_candidate_is_taken() {
        let all = [
            p("/app/fonts/ipaexg.ttf"),
            p("/res/fonts/ipaexg.ttf"),
            p("/sys/ipaexg.ttf"),
        ];
        let got = search_font(None, &all, false, |f| f != all[0]).expect("two exist");
        assert_eq!(
            got, all[1],
            "the exe dir's font is missing, the resource dir's is next"
        );
    }

    #[test]
    fn a_font_in_fonts_beside_the_exe_is_found_when_nothing_else_is() {
        let exe_dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(exe_dir.path().join("fonts")).expect("fonts dir");
        let font = exe_dir.path().join("fonts").join("ipaexg.ttf");
        std::fs::write(&font, b"font").expect("font file");
        let nowhere = [exe_dir.path().join("nowhere").join("ipaexg.ttf")];
        let all = font_candidates(Some(exe_dir.path()), None, &nowhere);
        let got = search_font(None, &all, true, Path::is_file).expect("the bundled font is found");
        assert_eq!(got, font, "the installer's fonts/ipaexg.ttf beside the exe");
    }

    #[test]
    fn the_error_names_every_place_it_looked_and_says_what_to_do_in_japanese() {
        let all = [p("/app/fonts/ipaexg.ttf"), p("C:/Windows/Fonts/ipaexg.ttf")];
        let m = message(search_font(None, &all, true, |_| false).expect_err("nothing exists"));
        for place in &all {
            assert!(
                m.contains(&place.display().to_string()),
                "{m} does not name {}",
                place.display()
            );
        }
        assert!(
            m.contains("見つかりません") && m.contains("再インストール"),
            "Windows advice: {m}"
        );
        let m = message(search_font(None, &all, false, |_| false).expect_err("nothing exists"));
        assert!(
            m.contains("fonts-ipaexfont-gothic"),
            "Debian advice names the package: {m}"
        );
    }
}
