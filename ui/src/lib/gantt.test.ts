import { describe, expect, it } from "vitest";
import { barWidth, fiscalRange, makeScale, PX_PER_DAY } from "./gantt";

describe("gantt scale", () => {
  it("widens the range to whole 年度", () => {
    expect(fiscalRange("2021-01-01", "2026-03-31")).toEqual({ start: "2020-04-01", end: "2026-03-31" });
  });
  it("has one column per 年度 at year zoom, labelled like the national 工程表", () => {
    const s = makeScale("2021-04-01", "2026-03-31", "year");
    expect(s.columns.map((c) => c.label)).toEqual([
      "2021年度 (令和3年度)",
      "2022年度 (令和4年度)",
      "2023年度 (令和5年度)",
      "2024年度 (令和6年度)",
      "2025年度 (令和7年度)",
    ]);
    expect(s.x("2021-04-01")).toBe(0);
  });
  it("has four quarters and twelve months per 年度", () => {
    expect(makeScale("2025-04-01", "2026-03-31", "quarter").columns.map((c) => c.label)).toEqual([
      "第1四半期",
      "第2四半期",
      "第3四半期",
      "第4四半期",
    ]);
    const m = makeScale("2025-04-01", "2026-03-31", "month");
    expect(m.columns).toHaveLength(12);
    expect(m.columns[0]!.label).toBe("4月");
    expect(m.columns[0]!.fyStart).toBe(true);
    expect(m.columns[11]!.label).toBe("3月");
  });
  it("draws a one-day bar at least 2px wide", () => {
    const s = makeScale("2025-04-01", "2026-03-31", "year");
    expect(barWidth(s, "2025-05-01", "2025-05-01")).toBe(Math.max(2, PX_PER_DAY.year));
  });
});

describe("stable rows", () => {
  it("keeps the same object for a row that did not change, and a new one for a row that did", async () => {
    const { stableRows } = await import("./gantt");
    const cache = new Map<string, { id: number; start: string }>();
    const a = stableRows(cache, [{ id: 1, start: "2025-04-01" }, { id: 2, start: "2025-05-01" }], (r) => String(r.id));
    const b = stableRows(cache, [{ id: 1, start: "2025-04-01" }, { id: 2, start: "2025-06-01" }], (r) => String(r.id));
    expect(b[0]).toBe(a[0]);
    expect(b[1]).not.toBe(a[1]);
    expect(b[1]!.start).toBe("2025-06-01");
    stableRows(cache, [{ id: 2, start: "2025-06-01" }], (r) => String(r.id));
    expect([...cache.keys()]).toEqual(["2"]);
  });
});
