//! One error type for the whole crate, so every failure reaches a user as `{code, message}` with Japanese text.
//!
//! `code` is stable (the UI and scripts branch on it); `message` is the Japanese sentence shown to a
//! clerk; `field` names the input that caused it so the UI can show the message next to that field.

use serde::Serialize;

/// Stable machine-readable error codes. Never rename a variant: the UI picks its text by it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input that breaks a rule of the model (bad date, end before start, empty name …).
    Invalid,
    /// A referenced row does not exist.
    NotFound,
    /// A name that must be unique is taken.
    Duplicate,
    /// A dependency would close a cycle.
    Cycle,
    /// The row is still referenced and cannot be removed.
    InUse,
    /// The file is not a dxplan workbook.
    NotAWorkbook,
    /// The workbook was written by a newer dxplan.
    NewerWorkbook,
    /// The workbook file is damaged.
    Corrupt,
    /// Another program holds the workbook.
    Busy,
    /// The file or folder cannot be written.
    ReadOnly,
    /// The disk is full.
    DiskFull,
    /// A file already exists and overwriting was not asked for.
    Exists,
    /// Any other input/output failure.
    Io,
    /// A bug: an invariant of dxplan itself did not hold.
    Internal,
}

/// An error with a stable code and a Japanese message for the user.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }
    /// An invalid value in a named field (the UI shows the message next to it).
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Error {
            code: ErrorCode::Invalid,
            message: message.into(),
            field: Some(field.to_string()),
        }
    }
    pub fn not_found(what: &str, key: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("{what}「{key}」が見つかりません。"),
        )
    }
    pub fn duplicate(what: &str, name: &str) -> Self {
        Self::new(
            ErrorCode::Duplicate,
            format!("{what}「{name}」は既にあります。別の名前にしてください。"),
        )
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            ErrorCode::Internal,
            format!("内部エラーが発生しました: {}", message.into()),
        )
    }
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
