import { describe, expect, it } from "vitest";
import { baseName, staleText } from "./rollup.svelte";

describe("the 集計 screen's texts", () => {
  it("says how long ago a file was changed, and when it is not known", () => {
    expect(staleText(0)).toBe("今日");
    expect(staleText(61)).toBe("61日前");
    expect(staleText(null)).toBe("—");
    expect(staleText(-3)).toBe("基準日より後");
  });
  it("names a file without its folder, on Windows and elsewhere", () => {
    expect(baseName("/home/県/集計/みなと川市.dxplan")).toBe("みなと川市.dxplan");
    expect(baseName("C:\\県\\集計\\さくら町.dxplan")).toBe("さくら町.dxplan");
    expect(baseName("a.dxplan")).toBe("a.dxplan");
  });
});
