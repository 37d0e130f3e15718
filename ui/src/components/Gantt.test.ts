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
});
