import { describe, expect, it } from "vitest";
import { importCount } from "./importProgress";

describe("取り込み's count", () => {
  it("reads rows done over rows in the file with thousands separators", () => {
    expect(importCount({ planning: true, done: 12000, total: 50000 })).toBe("12,000 / 50,000 行");
    expect(importCount({ planning: true, done: 500000, total: 500000 })).toBe("500,000 / 500,000 行");
  });
  it("says the file is being read before its rows are known", () => {
    expect(importCount({ planning: true, done: 0, total: 0 })).toBe("ファイルを読み込んでいます…");
    expect(importCount(null)).toBe("ファイルを読み込んでいます…");
  });
  it("never shows more done than there are rows", () => {
    expect(importCount({ planning: true, done: 1200, total: 1000 })).toBe("1,000 / 1,000 行");
  });
});
