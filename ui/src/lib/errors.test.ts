import { describe, expect, it } from "vitest";
import { CODE_TEXT, codeText, fieldError, toApiError } from "./errors";

describe("errors", () => {
  it("has Japanese text for every error code", () => {
    for (const [code, text] of Object.entries(CODE_TEXT)) {
      expect(text, code).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
    expect(codeText("busy")).toBe("ブックは使用中です");
    expect(codeText("no_such_code")).toBe("エラーが発生しました");
  });
  it("keeps the server's message and field", () => {
    const e = toApiError({ code: "invalid", message: "団体名を入力してください。", field: "municipality" });
    expect(e).toEqual({ code: "invalid", message: "団体名を入力してください。", field: "municipality" });
    expect(fieldError(e, "municipality")).toBe("団体名を入力してください。");
    expect(fieldError(e, "code")).toBeNull();
  });
  it("fills a missing message from the code and maps unknown codes to internal", () => {
    expect(toApiError({ code: "disk_full", message: "" }).message).toBe("ディスクの空きが足りません");
    expect(toApiError({ code: "???", message: "x" }).code).toBe("internal");
  });
  it("turns strings and exceptions into an internal error with Japanese text", () => {
    expect(toApiError("boom")).toEqual({ code: "internal", message: "予期しないエラーが発生しました（boom）。" });
    expect(toApiError(new Error("x")).code).toBe("internal");
    expect(toApiError(undefined).message).toBe("予期しないエラーが発生しました。");
  });
  it("maps Tauri's own English refusals to Japanese messages", () => {
    const args = toApiError("invalid args `index` for command `open_recent`: invalid type: string \"x\", expected u32");
    expect(args).toEqual({
      code: "invalid",
      message: "画面から届いた「index」の値を読み取れません。画面を開き直してください。",
    });
    const acl = toApiError("Command plugin:fs|read_file not allowed by ACL");
    expect(acl.code).toBe("internal");
    expect(acl.message).toBe("この操作（plugin:fs|read_file）は画面から呼び出せません。");
    expect(toApiError("dialog.open not allowed. Permissions associated with this command: dialog:allow-open").message).toBe(
      "この操作（dialog.open）は画面から呼び出せません。",
    );
    expect(toApiError("Command no_such_command not found").message).toBe("この操作（no_such_command）はありません。");
  });
  it("never repeats a huge or garbling text in a message", () => {
    const e = toApiError(`\u202e${"x".repeat(1_000_000)}\u0000`);
    expect(e.message.length).toBeLessThan(260);
    expect(e.message).not.toMatch(/[\u0000\u202e]/);
  });
});
