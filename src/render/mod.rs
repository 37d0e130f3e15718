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
    /// A write error with a Japanese reason for the user.
    pub fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let reason = match source.kind() {
            K::PermissionDenied => "書き込み権限がありません",
            K::NotFound => "保存先のフォルダがありません",
            K::ReadOnlyFilesystem => "読み取り専用の場所です",
            K::StorageFull => "ディスクの空き容量が足りません",
            K::IsADirectory => "同じ名前のフォルダがあります",
            K::NotADirectory => "保存先のパスがフォルダではありません",
            _ => "書き込みに失敗しました",
        };
        ExportError::Write {
            path: path.display().to_string(),
            reason,
            source,
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename,
/// so a crash or full disk never leaves a half-written file under the real name.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), ExportError> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(ExportError::write(path, e));
    }
    Ok(())
}

impl From<ExportError> for crate::error::Error {
    fn from(e: ExportError) -> Self {
        use crate::error::{Error, ErrorCode};
        let code = match &e {
            ExportError::FontMissing(_) => ErrorCode::Io,
            ExportError::Layout(_) => ErrorCode::Invalid,
            ExportError::Pdf(_) => ErrorCode::Internal,
            ExportError::Write { source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    ErrorCode::ReadOnly
                }
                std::io::ErrorKind::StorageFull => ErrorCode::DiskFull,
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
