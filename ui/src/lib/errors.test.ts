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
});
