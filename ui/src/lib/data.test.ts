import { describe, expect, it } from "vitest";
import { subjectTarget, timeOf } from "./data";

describe("a チェック finding's link", () => {
  it("opens the 工程表 on the task it is about", () => {
    expect(subjectTarget({ kind: "task", id: 7 })).toEqual({ screen: "roadmap", focus: { kind: "task", id: 7 } });
  });
  it("opens 人材育成 on the course it is about", () => {
    expect(subjectTarget({ kind: "course", id: 3 })).toEqual({ screen: "training", focus: { kind: "course", id: 3 } });
  });
  it("opens the screen of rows no screen can point at", () => {
    expect(subjectTarget({ kind: "step", id: 1 }).screen).toBe("migration");
    expect(subjectTarget({ kind: "person", id: 1 }).screen).toBe("org");
    expect(subjectTarget({ kind: "meta" }).screen).toBe("home");
  });
  it("opens 経費・補助金 for a money row", () => {
    expect(subjectTarget({ kind: "money" }).screen).toBe("money");
  });
});

describe("a backup's time", () => {
  it("reads hours and minutes from the snapshot's time", () => {
    expect(timeOf("2025-11-20T09:15:30")).toBe("09:15");
    expect(timeOf("2025-11-20")).toBe("");
  });
});
