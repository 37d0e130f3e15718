import { describe, expect, it } from "vitest";
import { render } from "svelte/server";
import Gantt from "./Gantt.svelte";

const hostile = `<img src=x onerror=alert(1)>`;

describe("Gantt SVG", () => {
  it("renders task names as text, never as markup", () => {
    const { body } = render(Gantt, {
      props: {
        rows: [
          { id: 1, kind: "group", label: `①${hostile}`, sub: "令和7年度" },
          { id: 2, kind: "task", label: hostile, start: "2025-04-01", end: "2025-09-30", status: "in_progress", progress: 40 },
          { id: 3, kind: "task", label: `"><script>alert(2)</script>`, start: "2025-10-01", end: "2025-10-01", milestone: true },
        ],
        rangeStart: "2025-04-01",
        rangeEnd: "2026-03-31",
        zoom: "month",
        today: "2025-11-20",
      },
    });
    expect(body).not.toContain("<img");
    expect(body).not.toContain("<script");
    expect(body).toContain("&lt;img src=x onerror=alert(1)>");
    expect(body).toContain("&lt;script>alert(2)&lt;/script>");
    expect(body).toContain("4月");
    expect(body).toContain("今日");
  });
  it("draws one bar per dated task and a diamond for a milestone", () => {
    const { body } = render(Gantt, {
      props: {
        rows: [
          { id: 1, kind: "task", label: "A", start: "2025-04-01", end: "2025-06-30", status: "done" },
          { id: 2, kind: "task", label: "B", start: "2025-07-01", end: "2025-07-01", milestone: true },
          { id: 3, kind: "task", label: "C（日付なし）" },
        ],
        rangeStart: "2025-04-01",
        rangeEnd: "2026-03-31",
        zoom: "year",
        dependencies: [{ predecessor: 1, successor: 2 }],
      },
    });
    expect(body.match(/class="bar done[ "]/g)).toHaveLength(1);
    expect(body).toContain("milestone");
    expect(body).toContain('class="link');
    expect(body).toContain("2025年度");
    expect(body).toContain("(令和7年度)");
  });
  it("draws the イナズマ線 down today's line, bending left at a task behind and right at one ahead", () => {
    const rows = [
      { id: 1, kind: "group" as const, label: "①" },
      { id: 2, kind: "task" as const, label: "遅れ", start: "2025-10-01", end: "2025-12-31", status: "in_progress", progress: 25 },
      { id: 3, kind: "task" as const, label: "予定どおり", start: "2025-10-01", end: "2025-12-31", status: "in_progress" },
      { id: 4, kind: "task" as const, label: "先行", start: "2025-10-01", end: "2025-12-31", status: "in_progress", progress: 75 },
    ];
    const base = { rows, rangeStart: "2025-04-01", rangeEnd: "2026-03-31", zoom: "month" as const, today: "2025-11-20" };
    const { body } = render(Gantt, {
      props: {
        ...base,
        progressLine: [
          { task_id: 2, date: "2025-10-24", days_ahead: -27 },
          { task_id: 3, date: "2025-11-20", days_ahead: 0 },
          { task_id: 4, date: "2025-12-09", days_ahead: 19 },
        ],
      },
    });
    const d = body.match(/<path d="([^"]+)"[^>]*data-testid="inazuma"/);
    expect(d, "the line is drawn").not.toBeNull();
    const pts = d![1].replace(/[ML]/g, " ").trim().split(/\s+/).map((p) => p.split(",").map(Number));
    expect(pts, "start, three points per bend (two bends), end").toHaveLength(8);
    const xs = pts[0][0];
    expect(pts[2][0], "row 2 is behind: left of today").toBeLessThan(xs);
    expect(pts[5][0], "row 4 is ahead: right of today").toBeGreaterThan(xs);
    expect(pts.every((p, i) => i === 0 || p[1] >= pts[i - 1][1]), "the line only goes down").toBe(true);
    expect(body).toContain("イナズマ線（進捗線）");
    expect(render(Gantt, { props: base }).body, "no points, no line").not.toContain('data-testid="inazuma"');
  });
  it("makes bars focusable with their dates and keys in 和暦 when they can be moved", () => {
    const rows = [
      { id: 7, kind: "task" as const, label: "移行計画", start: "2025-04-01", end: "2025-09-30", status: "in_progress" },
      { id: 8, kind: "task" as const, label: "報告", start: "2026-03-31", end: "2026-03-31", milestone: true },
    ];
    const props = { rows, rangeStart: "2025-04-01", rangeEnd: "2026-03-31", zoom: "quarter" as const };
    const still = render(Gantt, { props }).body;
    expect(still).toContain('tabindex="-1"');
    expect(still).not.toContain("←→");
    const movable = render(Gantt, { props: { ...props, ondrop: async () => true } }).body;
    expect(movable).toContain('data-bar="7"');
    expect(movable).toContain('tabindex="0"');
    expect(movable).toContain("移行計画 令和7年4月1日〜令和7年9月30日（←→で1か月移動、Shift+←→で終了日、Alt+Shift+←→で開始日）");
    expect(movable).toContain("◆ 報告 令和8年3月31日（←→で1か月移動）");
  });
  it("draws only the rows near the window of a long chart, at their place in its full height", () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      kind: "task" as const,
      label: `作業${i + 1}`,
      start: "2025-04-01",
      end: "2025-09-30",
      status: "in_progress",
    }));
    const { body } = render(Gantt, { props: { rows, rangeStart: "2025-04-01", rangeEnd: "2026-03-31", zoom: "quarter" } });
    const bars = body.match(/data-bar="\d+"/g) ?? [];
    expect(bars.length, "the first two blocks of 40 rows, not all 300").toBe(80);
    expect(body, "the last row drawn is the 80th").toContain('data-bar="80"');
    expect(body, "the 81st is not in the page").not.toContain('data-bar="81"');
    // the chart keeps the height of all 300 rows (48 px header + 26 px a row + 8), so its scroll bar is the real one
    expect(body).toContain(`height="${48 + 300 * 26 + 8}"`);
  });
});
