//! Finds the Japanese font the exports draw with (IPAex ゴシック), so every PDF and
//! preview measures and renders text with the same glyphs.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::layout::FontMetrics;

use super::ExportError;
use super::pdf::PdfFace;

/// Environment variable that overrides the font path.
pub const FONT_ENV: &str = "DXPLAN_FONT";

/// Where Debian/Ubuntu's `fonts-ipaexfont` package puts IPAex ゴシック.
pub const KNOWN_FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/ipaexfont/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont/ipaexg.ttf",
    "/usr/local/share/fonts/ipaexg.ttf",
];

/// The font's bytes, its metrics, and (prepared on the first PDF) its face for the PDF writer.
#[derive(Debug, Clone)]
pub struct Font {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub metrics: FontMetrics,
    /// parsed once per loaded font, not once per PDF: parsing the 4 MB IPAex file is not free
    pdf_face: OnceLock<PdfFace>,
}

/// The font path: `DXPLAN_FONT` if set, else the first known path that exists.
pub fn find_font() -> Result<PathBuf, ExportError> {
    if let Some(p) = std::env::var_os(FONT_ENV).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(ExportError::FontMissing(format!(
                "環境変数 {FONT_ENV} のフォント {} が見つかりません",
                p.display()
            )))
        };
    }
    KNOWN_FONT_PATHS.iter().map(Path::new).find(|p| p.is_file()).map(Path::to_path_buf).ok_or_else(|| {
        ExportError::FontMissing(
            "日本語フォント (IPAexゴシック) が見つかりません。fonts-ipaexfont をインストールするか、環境変数 DXPLAN_FONT にフォントファイルを指定してください".into(),
        )
    })
}

impl Font {
    /// Loads the font found by [`find_font`].
    pub fn load() -> Result<Self, ExportError> {
        Self::load_from(&find_font()?)
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
