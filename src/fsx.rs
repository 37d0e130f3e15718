//! One home for writing files: a file appears whole under its real name or not at all (temporary file in the
//! same folder, fsync, rename), and an I/O failure reaches the user as a Japanese reason with an `ErrorCode`.
//! Every writer (the workbook store, PDF, Excel) goes through here.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorCode};

/// Writes `bytes` to `path` through a temporary file in the same folder, fsync and a rename, so a crash or a
/// full disk never leaves a half-written file under the real name. On failure the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The temporary name `write_atomically` writes to: hidden, beside `path`, one per process.
fn temp_path(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Moves a finished file written beside `dest` (by SQLite, say) into place: fsync it, rename it over `dest`,
/// fsync the folder. Errors name `dest`. The caller removes `tmp` when this fails.
pub fn place(tmp: &Path, dest: &Path) -> crate::error::Result<()> {
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(dest, &e))?;
    std::fs::rename(tmp, dest).map_err(|e| io_error(dest, &e))?;
    sync_dir(dest);
    Ok(())
}

/// Makes a rename durable: syncs the folder (no-op where folders cannot be opened, e.g. Windows).
pub(crate) fn sync_dir(file: &Path) {
    if let Some(dir) = file.parent()
        && let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
}

/// A file's name as the user knows it (the whole path when it has none).
pub fn display(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Why a write failed, in the user's words (the reason of `render::ExportError::Write`).
pub fn write_reason(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::PermissionDenied => "書き込み権限がありません",
        ErrorKind::NotFound => "保存先のフォルダがありません",
        ErrorKind::ReadOnlyFilesystem => "読み取り専用の場所です",
        ErrorKind::StorageFull => "ディスクの空き容量が足りません",
        ErrorKind::IsADirectory => "同じ名前のフォルダがあります",
        ErrorKind::NotADirectory => "保存先のパスがフォルダではありません",
        _ => "書き込みに失敗しました",
    }
}

/// The error code of an I/O failure.
pub fn code(kind: ErrorKind) -> ErrorCode {
    match kind {
        ErrorKind::NotFound => ErrorCode::NotFound,
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        ErrorKind::StorageFull => ErrorCode::DiskFull,
        ErrorKind::AlreadyExists => ErrorCode::Exists,
        _ => ErrorCode::Io,
    }
}

/// Maps an I/O failure on `path` to a user-facing error (code from `code`, message naming the file).
pub fn io_error(path: &Path, e: &std::io::Error) -> Error {
    let name = display(path);
    let message = match e.kind() {
        ErrorKind::NotFound => format!("「{name}」が見つかりません。"),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            format!("「{name}」に書き込む権限がありません。")
        }
        ErrorKind::StorageFull => {
            format!("ディスクの空き容量が足りないため「{name}」を書き込めませんでした。")
        }
        ErrorKind::AlreadyExists => format!("「{name}」は既にあります。"),
        _ => format!("「{name}」の読み書きに失敗しました（{e}）。"),
    };
    Error::new(code(e.kind()), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.pdf");
        write_atomically(&out, b"old").unwrap();
        write_atomically(&out, b"new").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("none").join("a.pdf");
        let e = write_atomically(&out, b"x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(write_reason(e.kind()), "保存先のフォルダがありません");
        assert_eq!(io_error(&out, &e).code, ErrorCode::NotFound);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
