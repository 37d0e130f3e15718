import { describe, expect, it } from "vitest";
import { barWidth, deadlineText, percentWidth, rowsY } from "./kpi";

describe("KPI bars", () => {
  it("scale a share to the bar's width and never overflow it", () => {
    expect(barWidth(1, 4, 200)).toBe(50);
    expect(barWidth(5, 4, 200)).toBe(200);
    expect(percentWidth(78.5, 360)).toBe(282.6);
    expect(percentWidth(120, 100)).toBe(100);
  });
  it("draw nothing for nothing, an empty whole or a bad value", () => {
    expect(barWidth(0, 4, 200)).toBe(0);
    expect(barWidth(3, 0, 200)).toBe(0);
    expect(barWidth(Number.NaN, 4, 200)).toBe(0);
    expect(percentWidth(-5, 100)).toBe(0);
  });
  it("lay rows out from the top", () => {
    expect(rowsY(3, 26, 4)).toEqual([4, 30, 56]);
    expect(rowsY(0, 26)).toEqual([]);
  });
});

describe("KPI wording", () => {
  it("says how far the deadline is, or by how much it passed", () => {
    expect(deadlineText(130)).toBe("あと130日");
    expect(deadlineText(0)).toBe("期限当日");
    expect(deadlineText(-12)).toBe("期限を12日超過");
  });
});
