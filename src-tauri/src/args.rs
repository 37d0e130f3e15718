//! Command arguments that fail as `{code, message}` like everything else: Tauri answers an argument it cannot
//! deserialise with a bare English string ("invalid args `index` for command `open_recent`: …"); an argument
//! declared as `Arg<T>` answers the same failure with `dxplan::error::Error` (code `invalid`, Japanese message).
//!
//! The page only sends what `ui/src/api/bindings` types allow, so this error means a bug in the page or a
//! hostile script; it is still an answer the page can show, never a panic and never a change to the workbook.

use dxplan::error::Error;
use serde::Deserialize;
use tauri::Runtime;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};

/// One argument of a command, deserialised by Tauri's own rules (camelCase key, missing key = `None` for an
/// `Option`), failing with a typed error.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg<T>(pub T);

impl<T> Arg<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Arg<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// How much of serde's description of the bad value the message repeats (a 10 MB string is not echoed back).
const DETAIL_MAX: usize = 120;

/// Characters that reorder the text around them (LRE … RLO, LRI … PDI, LRM, RLM, ALM).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The error an argument that cannot be read answers with.
pub fn arg_error(key: &str, detail: &str) -> Error {
    let mut short: String = detail.chars().take(DETAIL_MAX).collect();
    if short.len() < detail.len() {
        short.push('…');
    }
    let short: String = short
        .chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    if detail.contains("missing required key") {
        Error::invalid(format!(
            "画面から届いた要求に「{key}」がありません。画面を開き直してください。"
        ))
    } else {
        Error::invalid(format!(
            "画面から届いた「{key}」の値を読み取れません（{short}）。画面を開き直してください。"
        ))
    }
}

impl<'de, T: Deserialize<'de>, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let key = command.key;
        T::deserialize(command)
            .map(Arg)
            .map_err(|e| InvokeError::from(arg_error(key, &e.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dxplan::error::ErrorCode;

    #[test]
    fn a_huge_bad_value_is_not_echoed_back_in_the_message() {
        let detail = format!(
            "invalid type: string \"{}\", expected u32",
            "x".repeat(1 << 20)
        );
        let e = arg_error("index", &detail);
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(
            e.message.chars().count() < 250,
            "message too long: {}",
            e.message.len()
        );
        assert!(e.message.contains("「index」"), "{}", e.message);
    }

    #[test]
    fn control_characters_in_the_bad_value_are_blanked_in_the_message() {
        let e = arg_error("kind", "invalid value: \"a\u{0}b\u{1b}[31m\u{202e}\"");
        assert!(
            !e.message
                .chars()
                .any(|c| c.is_control() || is_bidi_control(c)),
            "{:?}",
            e.message
        );
    }

    #[test]
    fn a_missing_argument_is_named() {
        let e = arg_error("edit", "command apply_edit missing required key edit");
        assert!(e.message.contains("「edit」がありません"), "{}", e.message);
    }
}
