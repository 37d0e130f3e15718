import { describe, expect, it } from "vitest";
import type { SystemReduction } from "../api/bindings/SystemReduction";
import { TARGET_TEXT, costScale, perMilleText, thousandYen } from "./cost";

function sys(baseline: number | null, amount: number | null): SystemReduction {
  const y = (a: number | null) => (a === null ? null : { amount: a, basis: "planned" as const, by_category: [] });
  return {
    system_id: 1,
    name: "健康管理",
    baseline: y(baseline),
    in_service_from: null,
    amount: y(amount),
    reduction: null,
    status: "unknown",
    label: "不明（令和8年度の経費が未入力）",
  };
}

describe("the 運用経費 card", () => {
  it("shows amounts in 千円 with grouping, rounded half-up, negatives as ▲", () => {
    expect(thousandYen(12_400_000), "a round amount").toBe("12,400千円");
    expect(thousandYen(12_896_499), "rounds down below 500").toBe("12,896千円");
    expect(thousandYen(12_896_500), "rounds up from 500").toBe("12,897千円");
    expect(thousandYen(-1_500), "a negative amount").toBe("▲2千円");
  });
  it("says 不明 for an unknown state, never a rate", () => {
    expect(TARGET_TEXT.unknown).toBe("不明");
    expect(TARGET_TEXT.met).toBe("達成");
    expect(TARGET_TEXT.not_yet_met).toBe("未達成");
  });
  it("scales every bar to the largest amount of either year, ignoring missing figures", () => {
    expect(costScale([sys(12_400_000, null), sys(null, 20_000_000), sys(null, null)])).toBe(20_000_000);
    expect(costScale([sys(null, null)]), "nothing entered: no scale").toBe(0);
  });
  it("writes a rate in ‰ as the core's label does", () => {
    expect(perMilleText(237)).toBe("23.7%");
    expect(perMilleText(300)).toBe("30.0%");
    expect(perMilleText(-50), "cost went up").toBe("▲5.0%");
  });
});
