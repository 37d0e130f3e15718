import { describe, expect, it } from "vitest";
import { barWidth, fiscalRange, makeScale, PX_PER_DAY, rowWindow } from "./gantt";

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

describe("the rows drawn near the window", () => {
  // a header of 48 px, rows of 26 px, blocks of 40 rows
  const w = (top: number, viewport: number) => rowWindow(top, viewport, 48, 26, 40);

  it("draws the first two blocks of a chart at the top of an 800 px window", () => {
    // rows 0..29 are on screen: the block holding them, and one more below
    expect(w(0, 800), "rows 0–79").toEqual({ from: 0, to: 80 });
  });

  it("keeps one whole block above and one below the rows on screen once scrolled into a long chart", () => {
    // scrolled so that row 200 is at the top: -top - 48 = 5200; rows 200..231 on screen (block 5)
    expect(w(-5248, 800), "blocks 4 to 6").toEqual({ from: 160, to: 280 });
    // a few rows further the range does not move
    expect(w(-5248 - 5 * 26, 800), "still blocks 4 to 6").toEqual({ from: 160, to: 280 });
  });

  it("covers a window taller than a block", () => {
    // rows 0..76 on screen in a 2,048 px window: blocks 0 and 1, and one more below
    expect(w(0, 2048), "rows 0–119").toEqual({ from: 0, to: 120 });
  });

  it("draws the first blocks when the chart is below the window's bottom edge", () => {
    expect(w(1200, 800), "nothing on screen yet: the first two blocks").toEqual({ from: 0, to: 80 });
  });

  it("always holds every row on screen, wherever the chart is scrolled", () => {
    for (let top = -20000; top <= 900; top += 37) {
      const { from, to } = w(top, 900);
      const first = Math.max(0, Math.floor((-top - 48) / 26));
      const last = Math.ceil((900 - top - 48) / 26);
      expect(from <= first && to >= last, `top ${top}: ${from}..${to} holds ${first}..${last}`).toBe(true);
    }
  });
});
