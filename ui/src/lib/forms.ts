// Form drafts of the board's step panel and the course catalogue: rows ↔ the strings the inputs show, numbers
// parsed with Japanese messages next to their field. Dates are shown in 和暦 and parsed by Rust (西暦 or 和暦).
import type { Course } from "../api/bindings/Course";
import type { CourseFormat } from "../api/bindings/CourseFormat";
import type { SystemStep } from "../api/bindings/SystemStep";
import type { StepForm } from "../api/bindings/StepForm";
import type { ApiError } from "./errors";
import { wareki } from "./format";

// ---- the step panel

export interface StepDraft {
  status: SystemStep["status"];
  plan_start: string;
  plan_end: string;
  actual_start: string;
  actual_end: string;
}

/// What the panel shows for a step: its dates in 和暦 (empty when there is none).
export function stepDraft(s: SystemStep): StepDraft {
  return {
    status: s.status,
    plan_start: wareki(s.plan?.start),
    plan_end: wareki(s.plan?.end),
    actual_start: wareki(s.actual_start),
    actual_end: wareki(s.actual_end),
  };
}

export function stepForm(stepId: number, d: StepDraft): StepForm {
  return {
    step_id: stepId,
    status: d.status,
    plan_start: d.plan_start.trim(),
    plan_end: d.plan_end.trim(),
    actual_start: d.actual_start.trim(),
    actual_end: d.actual_end.trim(),
  };
}

/// The panel's input an error belongs to: a range error of the model ("plan", "actual") stands at its end date.
export function stepField(err: ApiError | null): string | null {
  if (!err?.field) return null;
  if (err.field === "plan") return "plan_end";
  if (err.field === "actual") return "actual_end";
  return err.field;
}

// ---- numbers typed in Japanese offices (full-width digits, thousands separators)

/// "１，２００" → "1200"; other text unchanged.
export function halfWidth(s: string): string {
  return s
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，、]/g, "")
    .trim();
}

/// A whole number within [min, max], or null when empty; an ApiError naming the field otherwise.
export function parseWhole(text: string, field: string, label: string, min: number, max: number): number | null | ApiError {
  const t = halfWidth(text);
  if (t === "") return null;
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
    return { code: "invalid", field, message: `${label}は${min}〜${max}の整数で入力してください（「${text.trim()}」）。` };
  }
  return Number(t);
}

/// A positive number of days (one decimal allowed, e.g. 0.5), or null when empty.
export function parseDays(text: string, field: string, label: string): number | null | ApiError {
  const t = halfWidth(text);
  if (t === "") return null;
  if (!/^\d+(\.\d+)?$/.test(t) || Number(t) <= 0 || Number(t) > 366) {
    return { code: "invalid", field, message: `${label}は0より大きく366以下の数で入力してください（「${text.trim()}」）。` };
  }
  return Number(t);
}

function isError(v: unknown): v is ApiError {
  return typeof v === "object" && v !== null && "code" in v;
}

// ---- the course catalogue

export interface CourseDraft {
  provider: string;
  name: string;
  format: CourseFormat;
  length: string;
  days: string;
  month: string;
  audience: string;
  seats: string;
  fee_yen: string;
  /// skill id → level (0 = the course does not build it)
  levels: Record<number, number>;
}

export function courseDraft(c: Course | null): CourseDraft {
  if (!c) {
    return { provider: "", name: "", format: "off_jt", length: "", days: "", month: "", audience: "", seats: "", fee_yen: "", levels: {} };
  }
  return {
    provider: c.provider,
    name: c.name,
    format: c.format,
    length: c.length,
    days: c.days === null ? "" : String(c.days),
    month: c.month === null ? "" : String(c.month),
    audience: c.audience,
    seats: c.seats === null ? "" : String(c.seats),
    fee_yen: c.fee_yen === null ? "" : String(c.fee_yen),
    levels: Object.fromEntries(c.skills.map((s) => [s.skill_id, s.level])),
  };
}

/// The course a draft describes (id 0 adds it), or the first error, naming its field.
export function courseFromDraft(id: number, d: CourseDraft): Course | ApiError {
  if (!d.name.trim()) return { code: "invalid", field: "name", message: "研修名を入力してください。" };
  const days = parseDays(d.days, "days", "日数");
  if (isError(days)) return days;
  const month = parseWhole(d.month, "month", "実施月", 1, 12);
  if (isError(month)) return month;
  const seats = parseWhole(d.seats, "seats", "定員", 1, 100000);
  if (isError(seats)) return seats;
  const fee = parseWhole(d.fee_yen, "fee_yen", "受講料", 0, 100000000);
  if (isError(fee)) return fee;
  const skills = Object.entries(d.levels)
    .map(([k, v]) => ({ skill_id: Number(k), level: Number(v) }))
    .filter((s) => s.level > 0)
    .sort((a, b) => a.skill_id - b.skill_id);
  return {
    id,
    provider: d.provider.trim(),
    name: d.name.trim(),
    format: d.format,
    length: d.length.trim(),
    days,
    month,
    audience: d.audience.trim(),
    seats,
    fee_yen: fee,
    skills,
  };
}
