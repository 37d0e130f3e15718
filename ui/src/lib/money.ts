// Wording of the 「経費・補助金」 screen: amounts in the unit the user chose (円 or 千円, three-digit grouping, ▲ for
// a negative, as the core's `format_yen` writes them), amounts put back into a form exactly, and the select
// values naming a system, initiative or task.
import type { Budgeted } from "../api/bindings/Budgeted";
import type { Funded } from "../api/bindings/Funded";
import type { ProgrammeKind } from "../api/bindings/ProgrammeKind";
import type { Unit } from "../api/bindings/Unit";

/// 12,345,678円 → "12,345,678円" or "12,346千円" (rounded half-up on the magnitude); ▲ when below zero and not 0.
export function yenText(yen: number, unit: Unit): string {
  const f = unit === "thousand" ? 1000 : 1;
  const m = Math.abs(yen);
  const shown = Math.floor(m / f) + (f > 1 && (m % f) * 2 >= f ? 1 : 0);
  return `${yen < 0 && shown > 0 ? "▲" : ""}${shown.toLocaleString("en-US")}${unit === "thousand" ? "千円" : "円"}`;
}

/// An amount or "—" when not entered.
export function maybeYen(yen: number | null, unit: Unit): string {
  return yen === null ? "—" : yenText(yen, unit);
}

/// An amount as a form field holds it, exact in the unit: 1,234,500円 in 千円 → "1,234.5"; null → "".
export function amountField(yen: number | null, unit: Unit): string {
  if (yen === null) return "";
  const sign = yen < 0 ? "▲" : "";
  const m = Math.abs(yen);
  if (unit === "yen") return sign + m.toLocaleString("en-US");
  const whole = Math.floor(m / 1000).toLocaleString("en-US");
  const frac = String(m % 1000).padStart(3, "0").replace(/0+$/, "");
  return sign + whole + (frac ? `.${frac}` : "");
}

/// A select's value for what a claim or a budget line is for: "system:3", "initiative:2", "task:7".
export function targetKey(t: Funded | Budgeted): string {
  return `${t.kind}:${t.id}`;
}

/// The claim target a select's value names; null for anything else.
export function fundedOf(key: string): Funded | null {
  const m = /^(system|initiative):(\d+)$/.exec(key);
  return m ? { kind: m[1] as Funded["kind"], id: Number(m[2]) } : null;
}

/// The budget target a select's value names; null for anything else.
export function budgetedOf(key: string): Budgeted | null {
  const m = /^(initiative|task):(\d+)$/.exec(key);
  return m ? { kind: m[1] as Budgeted["kind"], id: Number(m[2]) } : null;
}

/// 財政措置の区分 as the core names them (`ProgrammeKind::label`).
export const PROGRAMME_KIND: [ProgrammeKind, string][] = [
  ["subsidy", "補助金"],
  ["special_grant", "特別交付税"],
  ["other", "その他"],
];
