// Wording and geometry of the 運用経費 card: amounts in 千円 as a council table shows them, the target state's
// words (不明 is never drawn as 0 %), and bar widths on one scale for every system.
import type { SystemReduction } from "../api/bindings/SystemReduction";
import type { CostCategory } from "../api/bindings/CostCategory";
import type { TargetStatus } from "../api/bindings/TargetStatus";

export const TARGET_TEXT: Record<TargetStatus, string> = {
  met: "達成",
  not_yet_met: "未達成",
  unknown: "不明",
  not_comparable: "比較対象外",
};

/// 12,400,000 → "12,400千円" (rounded half-up on the magnitude), negative as ▲.
export function thousandYen(yen: number): string {
  const k = Math.floor((Math.abs(yen) + 500) / 1000);
  return `${yen < 0 ? "▲" : ""}${k.toLocaleString("en-US")}千円`;
}

/// The largest amount of any system in either year: the bars' common scale (0 when nothing is entered).
export function costScale(systems: SystemReduction[]): number {
  let max = 0;
  for (const s of systems) {
    max = Math.max(max, s.baseline?.amount ?? 0, s.amount?.amount ?? 0);
  }
  return max;
}

/// The five 区分 in the core's order (`CostCategory::ALL`), with the core's labels.
export const COST_CATEGORY: [CostCategory, string][] = [
  ["current_system", "現行システム保守・使用料"],
  ["standard_system", "標準準拠システム利用料"],
  ["gov_cloud", "ガバメントクラウド利用料"],
  ["network", "接続回線"],
  ["other", "その他"],
];

/// A rate in ‰ as the core's `Reduction::label` writes it: 237 → "23.7%", -50 → "▲5.0%".
export function perMilleText(perMille: number): string {
  const m = Math.abs(perMille);
  return `${perMille < 0 ? "▲" : ""}${Math.floor(m / 10)}.${m % 10}%`;
}
