//! Writers that turn a `crate::layout::Document` into files (PDF) or strings (SVG),
//! and the lookup of the font they draw with.

pub mod font;
pub mod pdf;
pub mod svg;

pub use font::{FONT_ENV, Font, find_font, find_font_in};
pub use pdf::{pdf_bytes, write_pdf};
pub use svg::{document_svg, page_svg};

/// Why an export failed (messages are shown to the user as is).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    FontMissing(String),
    #[error(transparent)]
    Layout(#[from] crate::layout::LayoutError),
    #[error("PDFを作成できません: {0}")]
    Pdf(String),
    #[error("ファイル {path} に書き込めません ({reason})")]
    Write {
        path: String,
        reason: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl ExportError {
    /// A write error with a Japanese reason for the user (the reason from `fsx::write_reason`).
    pub fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        ExportError::Write {
            path: path.display().to_string(),
            reason: crate::fsx::write_reason(source.kind()),
            source,
        }
    }
}

/// Writes `bytes` to `path` whole or not at all (`fsx::write_atomically`), as an export error.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::fsx::write_atomically(path, bytes).map_err(|e| ExportError::write(path, e))
}

impl From<ExportError> for crate::error::Error {
    fn from(e: ExportError) -> Self {
        use crate::error::{Error, ErrorCode};
        let code = match &e {
            ExportError::FontMissing(_) => ErrorCode::Io,
            ExportError::Layout(_) => ErrorCode::Invalid,
            ExportError::Pdf(_) => ErrorCode::Internal,
            // an export keeps Io for a missing folder (its message says so), read-only and full disk as fsx
            ExportError::Write { source, .. } => match crate::fsx::code(source.kind()) {
                c @ (ErrorCode::ReadOnly | ErrorCode::DiskFull) => c,
                _ => ErrorCode::Io,
            },
        };
        Error::new(code, e.to_string())
    }
}

impl From<crate::layout::LayoutError> for crate::error::Error {
    fn from(e: crate::layout::LayoutError) -> Self {
        crate::error::Error::invalid(e.to_string())
    }
}
