// Errors as the page shows them: every failure becomes {code, message, field}, with Japanese text.
import type { ErrorCode } from "../api/bindings/ErrorCode";

/// The wire form of `dxplan::error::Error` (field is left out when the error is not about one input).
export interface ApiError {
  code: ErrorCode;
  message: string;
  field?: string | null;
}
type WireError = ApiError;

/// A heading per error code, shown above the message (and used alone when a message is missing).
export const CODE_TEXT: Record<ErrorCode, string> = {
  invalid: "入力内容を確認してください",
  not_found: "見つかりません",
  duplicate: "同じものが既にあります",
  cycle: "前後関係が循環しています",
  in_use: "使われているため削除できません",
  not_a_workbook: "dxplanのブックではありません",
  newer_workbook: "新しい版のdxplanで作られたブックです",
  corrupt: "ブックが壊れています",
  busy: "ブックは使用中です",
  read_only: "書き込めません",
  disk_full: "ディスクの空きが足りません",
  exists: "ファイルが既にあります",
  io: "ファイルの読み書きに失敗しました",
  internal: "内部エラーが発生しました",
};

export function codeText(code: string): string {
  return (CODE_TEXT as Record<string, string>)[code] ?? "エラーが発生しました";
}

function isWire(e: unknown): e is WireError {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string";
}

/// At most this much of a foreign error text is repeated in a message.
const DETAIL_MAX = 200;

function clip(s: string): string {
  // control and bidirectional-override characters would garble the banner
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, " ").trim();
  return clean.length > DETAIL_MAX ? `${clean.slice(0, DETAIL_MAX)}…` : clean;
}

/// Tauri's own refusals arrive as English strings, before any dxplan code runs (see src-tauri/src/ipc_fuzz.rs):
/// arguments it could not read (every dxplan command reads them itself and answers `invalid`, so this is a
/// command that does not), a command the capability does not allow, an unknown command.
function tauriError(text: string): ApiError | null {
  const args = /^invalid args `([^`]*)` for command `([^`]*)`/.exec(text);
  if (args) {
    return { code: "invalid", message: `画面から届いた「${clip(args[1])}」の値を読み取れません。画面を開き直してください。` };
  }
  const denied = /^(?:Command )?(\S+) not allowed/.exec(text);
  if (denied) {
    return { code: "internal", message: `この操作（${clip(denied[1])}）は画面から呼び出せません。` };
  }
  const missing = /^Command (\S+) not found/.exec(text);
  if (missing) {
    return { code: "internal", message: `この操作（${clip(missing[1])}）はありません。` };
  }
  return null;
}

/// Normalises whatever a rejected call gave (our error, a Tauri string, an exception) into an ApiError.
export function toApiError(e: unknown): ApiError {
  if (isWire(e)) {
    const code = (e.code in CODE_TEXT ? e.code : "internal") as ErrorCode;
    const message = typeof e.message === "string" && e.message.trim() ? e.message : codeText(code);
    const field = typeof e.field === "string" ? e.field : undefined;
    return field === undefined ? { code, message } : { code, message, field };
  }
  const text = typeof e === "string" ? e : e instanceof Error ? e.message : "";
  const tauri = tauriError(text);
  if (tauri) return tauri;
  return {
    code: "internal",
    message: text ? `予期しないエラーが発生しました（${clip(text)}）。` : "予期しないエラーが発生しました。",
  };
}

/// The message for one field, if the error is about it.
export function fieldError(err: ApiError | null, field: string): string | null {
  return err && err.field === field ? err.message : null;
}
