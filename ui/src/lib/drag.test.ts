import { describe, expect, it } from "vitest";
import { addMonths, dragLabel, dragTo, grab, keyMove, SNAP, unitsFor } from "./drag";
import { PX_PER_DAY } from "./gantt";

describe("dragging a bar", () => {
  it("snaps to days at 月, months at 四半期 and quarters at 年度", () => {
    expect(SNAP).toEqual({ month: "day", quarter: "month", year: "quarter" });
    expect(unitsFor(4.2 * 3, PX_PER_DAY.month, "day")).toBe(3);
    expect(unitsFor(1.6 * 30, PX_PER_DAY.quarter, "month")).toBe(1);
    expect(unitsFor(1.6 * 14, PX_PER_DAY.quarter, "month")).toBe(0);
    expect(unitsFor(-0.62 * 92, PX_PER_DAY.year, "quarter")).toBe(-1);
  });
  it("keeps a month's last day the last day and clamps other days", () => {
    expect(addMonths("2025-09-30", 1)).toBe("2025-10-31");
    expect(addMonths("2025-10-31", 4)).toBe("2026-02-28");
    expect(addMonths("2025-01-30", 1)).toBe("2025-02-28");
    expect(addMonths("2025-04-15", -4)).toBe("2024-12-15");
  });
  it("moves both dates by a month, stretches one end, and lets a stretch pass the start (Rust refuses it)", () => {
    const d = { start: "2025-04-01", end: "2025-09-30" };
    expect(dragTo(d, "move", 1, "month")).toEqual({ start: "2025-05-01", end: "2025-10-31" });
    expect(dragTo(d, "end", 2, "month")).toEqual({ start: "2025-04-01", end: "2025-11-30" });
    expect(dragTo(d, "start", -1, "quarter")).toEqual({ start: "2025-01-01", end: "2025-09-30" });
    expect(dragTo(d, "end", -7, "month")).toEqual({ start: "2025-04-01", end: "2025-02-28" });
  });
  it("only moves a milestone, keeping its length", () => {
    const d = { start: "2025-09-15", end: "2025-09-30" };
    expect(dragTo(d, "end", 1, "month", true)).toEqual({ start: "2025-10-16", end: "2025-10-31" });
  });
  it("grabs an end within the handle, the middle otherwise", () => {
    expect(grab(2, 100)).toBe("start");
    expect(grab(97, 100)).toBe("end");
    expect(grab(50, 100)).toBe("move");
    expect(grab(2, 10)).toBe("move");
    expect(grab(2, 100, true)).toBe("move");
  });
  it("maps arrow keys: move, Shift for the end, Alt+Shift for the start", () => {
    expect(keyMove({ key: "ArrowRight", shiftKey: false, altKey: false })).toEqual({ mode: "move", n: 1 });
    expect(keyMove({ key: "ArrowLeft", shiftKey: true, altKey: false })).toEqual({ mode: "end", n: -1 });
    expect(keyMove({ key: "ArrowRight", shiftKey: true, altKey: true })).toEqual({ mode: "start", n: 1 });
    expect(keyMove({ key: "Enter", shiftKey: false, altKey: false })).toBeNull();
  });
  it("shows the dates in 和暦", () => {
    expect(dragLabel({ start: "2025-05-01", end: "2025-10-31" })).toBe("令和7年5月1日〜令和7年10月31日");
  });
});
