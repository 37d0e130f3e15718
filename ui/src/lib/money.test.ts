import { describe, expect, it } from "vitest";
import { amountField, budgetedOf, fundedOf, maybeYen, targetKey, yenText } from "./money";

describe("amounts on the 経費・補助金 screen", () => {
  it("are grouped by three digits in the chosen unit, 千円 rounded half-up, negatives as ▲", () => {
    expect(yenText(12_345_678, "yen"), "円 keeps every yen").toBe("12,345,678円");
    expect(yenText(12_345_678, "thousand"), "千円 rounds 678 up").toBe("12,346千円");
    expect(yenText(12_345_499, "thousand"), "千円 rounds 499 down").toBe("12,345千円");
    expect(yenText(-1_500, "thousand"), "a negative amount").toBe("▲2千円");
    expect(yenText(-400, "thousand"), "a negative that rounds to 0 has no ▲").toBe("0千円");
    expect(yenText(10_000_000_001, "yen"), "over ¥10,000,000,000 exactly").toBe("10,000,000,001円");
    expect(maybeYen(null, "yen"), "not entered").toBe("—");
  });
  it("go back into a form exactly, so saving an edit unchanged changes no yen", () => {
    expect(amountField(1_234_500, "thousand")).toBe("1,234.5");
    expect(amountField(1_000_000, "thousand")).toBe("1,000");
    expect(amountField(1_234_567, "thousand")).toBe("1,234.567");
    expect(amountField(999, "thousand")).toBe("0.999");
    expect(amountField(1_234_567, "yen")).toBe("1,234,567");
    expect(amountField(null, "yen"), "not entered stays empty").toBe("");
  });
});

describe("the select values naming what a claim or a budget line is for", () => {
  it("round-trip a system, an initiative and a task", () => {
    expect(fundedOf(targetKey({ kind: "system", id: 3 }))).toEqual({ kind: "system", id: 3 });
    expect(fundedOf(targetKey({ kind: "initiative", id: 12 }))).toEqual({ kind: "initiative", id: 12 });
    expect(budgetedOf(targetKey({ kind: "task", id: 7 }))).toEqual({ kind: "task", id: 7 });
  });
  it("refuse anything else", () => {
    expect(fundedOf("task:7"), "a claim is never for a task").toBeNull();
    expect(budgetedOf("system:1"), "a budget line is never for a system").toBeNull();
    expect(fundedOf("system:<script>"), "hostile text").toBeNull();
    expect(fundedOf(""), "nothing chosen").toBeNull();
  });
});
