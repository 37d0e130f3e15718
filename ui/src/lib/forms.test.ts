import { describe, expect, it } from "vitest";
import type { Course } from "../api/bindings/Course";
import type { SystemStep } from "../api/bindings/SystemStep";
import { courseDraft, courseFromDraft, halfWidth, parseDays, parseWhole, stepDraft, stepField, stepForm } from "./forms";

const step: SystemStep = {
  id: 5,
  system_id: 1,
  template_step_id: 2,
  plan: { start: "2025-12-01", end: "2026-02-27" },
  actual_start: "2025-12-03",
  actual_end: null,
  status: "in_progress",
  notes: "",
};

describe("the step panel", () => {
  it("shows a step's dates in 和暦 and empty inputs for missing ones", () => {
    const d = stepDraft(step);
    expect(d).toEqual({
      status: "in_progress",
      plan_start: "令和7年12月1日",
      plan_end: "令和8年2月27日",
      actual_start: "令和7年12月3日",
      actual_end: "",
    });
    expect(stepDraft({ ...step, plan: null }).plan_start).toBe("");
  });
  it("sends the typed text trimmed, for Rust to parse", () => {
    const f = stepForm(5, { ...stepDraft(step), plan_end: "  R8.3.31 ", status: "done" });
    expect(f).toMatchObject({ step_id: 5, status: "done", plan_end: "R8.3.31", actual_end: "" });
  });
  it("puts a range error of the model next to the end date", () => {
    expect(stepField({ code: "invalid", message: "", field: "plan" })).toBe("plan_end");
    expect(stepField({ code: "invalid", message: "", field: "actual" })).toBe("actual_end");
    expect(stepField({ code: "invalid", message: "", field: "plan_start" })).toBe("plan_start");
    expect(stepField({ code: "io", message: "" })).toBeNull();
    expect(stepField(null)).toBeNull();
  });
});

describe("numbers typed in an office", () => {
  it("reads full-width digits and separators", () => {
    expect(halfWidth("１，２００")).toBe("1200");
    expect(parseWhole("３０", "seats", "定員", 1, 1000)).toBe(30);
    expect(parseWhole(" ", "seats", "定員", 1, 1000)).toBeNull();
  });
  it("refuses text, fractions and out-of-range values with a Japanese message naming the field", () => {
    for (const bad of ["三十", "2.5", "0", "-3"]) {
      const e = parseWhole(bad, "seats", "定員", 1, 1000);
      expect(e, bad).toMatchObject({ code: "invalid", field: "seats" });
      expect((e as { message: string }).message).toContain("定員は1〜1000の整数");
    }
    expect(parseDays("0.5", "days", "日数")).toBe(0.5);
    expect(parseDays("0", "days", "日数")).toMatchObject({ field: "days" });
  });
});

describe("the course form", () => {
  const course: Course = {
    id: 3,
    provider: "県",
    name: "DX推進リーダー研修",
    format: "off_jt",
    length: "2日間",
    days: 2,
    month: 7,
    audience: "係長級",
    seats: 30,
    fee_yen: null,
    skills: [{ skill_id: 2, level: 2 }],
  };
  it("round-trips a course through its draft", () => {
    expect(courseFromDraft(3, courseDraft(course))).toEqual(course);
  });
  it("starts a new course empty and builds it with id 0, dropping skills left at —", () => {
    const d = { ...courseDraft(null), name: " 生成AI活用研修 ", seats: "２０", levels: { 1: 0, 4: 3 } };
    expect(courseFromDraft(0, d)).toEqual({
      id: 0,
      provider: "",
      name: "生成AI活用研修",
      format: "off_jt",
      length: "",
      days: null,
      month: null,
      audience: "",
      seats: 20,
      fee_yen: null,
      skills: [{ skill_id: 4, level: 3 }],
    });
  });
  it("names the field of the first error", () => {
    expect(courseFromDraft(0, courseDraft(null))).toMatchObject({ field: "name", message: "研修名を入力してください。" });
    expect(courseFromDraft(0, { ...courseDraft(course), month: "13" })).toMatchObject({ field: "month" });
    expect(courseFromDraft(0, { ...courseDraft(course), seats: "たくさん" })).toMatchObject({ field: "seats" });
  });
});
