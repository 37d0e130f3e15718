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

/// The longest message an error carries. Messages quote what was typed; a 10 MB value quoted back would be sent
/// whole to the window (and printed whole by the CLI), so a longer message keeps its beginning and its end (the
/// instruction) around 「…（中略）…」.
pub const MESSAGE_MAX_CHARS: usize = 400;

/// A message as it is kept: at most `MESSAGE_MAX_CHARS` characters, and the quoted input's control and
/// bidirectional-override characters (which would garble a terminal or reorder the sentence on screen) shown as
/// U+FFFD. Line breaks are kept.
pub fn bounded_message(message: String) -> String {
    let garbling = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    let n = message.chars().count();
    if n <= MESSAGE_MAX_CHARS && !message.chars().any(garbling) {
        return message;
    }
    let clean = |s: &mut dyn Iterator<Item = char>| -> String {
        s.map(|c| if garbling(c) { '\u{fffd}' } else { c })
            .collect()
    };
    if n <= MESSAGE_MAX_CHARS {
        return clean(&mut message.chars());
    }
    let (head, tail) = (MESSAGE_MAX_CHARS * 2 / 3, MESSAGE_MAX_CHARS / 3 - 10);
    format!(
        "{}…（中略）…{}",
        clean(&mut message.chars().take(head)),
        clean(&mut message.chars().skip(n - tail))
    )
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: bounded_message(message.into()),
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
            message: bounded_message(message.into()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_quoting_a_huge_input_keeps_its_beginning_and_its_instruction() {
        let e = Error::field(
            "code",
            format!(
                "団体コード「{}」は6桁の数字で入力してください。",
                "9".repeat(10 << 20)
            ),
        );
        assert!(
            e.message.chars().count() <= MESSAGE_MAX_CHARS + 10,
            "{}",
            e.message.len()
        );
        assert!(e.message.starts_with("団体コード「999"), "{}", e.message);
        assert!(
            e.message.ends_with("6桁の数字で入力してください。"),
            "{}",
            e.message
        );
        assert!(e.message.contains("…（中略）…"), "{}", e.message);
    }

    #[test]
    fn control_and_bidi_characters_in_a_quoted_input_are_shown_as_replacement_characters() {
        let e = Error::invalid("出力の種類「a\u{0}\u{1b}[31m\u{202e}txt」はありません。\n次の行");
        assert_eq!(
            e.message,
            "出力の種類「a\u{fffd}\u{fffd}[31m\u{fffd}txt」はありません。\n次の行"
        );
    }

    #[test]
    fn an_ordinary_message_is_kept_as_written() {
        let m = "基準計画「2025年度当初」が見つかりません。";
        assert_eq!(Error::new(ErrorCode::NotFound, m).message, m);
    }
}
