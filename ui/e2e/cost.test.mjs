// End-to-end, on the demo city in the REAL window: the KPI screen's card 「運用経費（平成30年度比）」. 健康管理's
// 令和8年度 cost is entered in 千円 with full-width digits, the total moves off 23.7 % and 健康管理 turns 達成; undo
// puts both back. Bad amounts and years (the hostile string among them) are refused in Japanese at the field,
// shown as text, and change nothing. Needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, $, click, type, text, until, screen, openDemo, assertInert, HOSTILE } from "./window.mjs";

launch();

const TOTAL = "[data-testid=kpi-cost-total]";
const HEALTH = "[data-testid=kpi-cost-systems] g[data-system=健康管理]";

async function healthStatus() {
  return (await $(HEALTH)).getAttribute("data-status");
}

async function chooseHealth() {
  const sel = await $("[data-testid=cost-system]");
  await sel.scrollIntoView({ block: "center" });
  await sel.selectByVisibleText("健康管理");
}

test("運用経費: 健康管理's 令和8年度 cost entered in 千円 moves the total off 23.7 %, undo brings it back", async () => {
  await openDemo();
  await screen("kpi", "KPI");
  await until(async () => (await text(TOTAL)) === "23.7%", "the demo's total reads 23.7%");
  assert.match(await text("[data-testid=kpi-cost-status]"), /3割削減目標（令和8年度）: 未達成/);
  assert.equal(await healthStatus(), "not_yet_met", "健康管理 is still on its current system");

  await chooseHealth();
  await type("[data-testid=cost-year]", "令和８年度");
  await type("[data-testid=cost-amount]", "８，０００");
  await click("[data-testid=cost-save]");
  await until(async () => (await text(TOTAL)) !== "23.7%", "the total moved after the entry");
  const moved = await text(TOTAL);
  assert.match(moved, /^\d+\.\d%$/, `the total is a rate: ${moved}`);
  await until(async () => (await healthStatus()) === "met", "12,400千円 → 8,000千円 is 達成");
  assert.match(await text(HEALTH), /8,000千円/, "the bar's figure shows the new amount");
  // for a person to look at (scripts/screenshots style): the card after the entry
  if (process.env.DXPLAN_SHOTS) {
    await (await $("[data-testid=kpi-cost]")).scrollIntoView({ block: "start" });
    await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/kpi-cost-entered.png`);
  }

  await click("[data-testid=undo]");
  await until(async () => (await text(TOTAL)) === "23.7%", "undo brings the total back to 23.7%");
  assert.equal(await healthStatus(), "not_yet_met", "and 健康管理 back to 未達成");
});

test("運用経費: bad amounts and years, the hostile string among them, are refused at the field and change nothing", async () => {
  await chooseHealth();
  await type("[data-testid=cost-year]", "令和8年度");
  for (const bad of [HOSTILE, "12x", "▲1,000"]) {
    await type("[data-testid=cost-amount]", bad);
    await click("[data-testid=cost-save]");
    const msg = await text("[data-testid=cost-form] [data-for=amount]");
    assert.match(msg, /金額/, `a Japanese message at the amount for 「${bad}」: ${msg}`);
  }
  await type("[data-testid=cost-amount]", HOSTILE);
  await click("[data-testid=cost-save]");
  await assertInert("the cost form's amount");

  await type("[data-testid=cost-amount]", "8,000");
  await type("[data-testid=cost-year]", HOSTILE);
  await click("[data-testid=cost-save]");
  const msg = await text("[data-testid=cost-form] [data-for=year]");
  assert.match(msg, /年度「<img src=x onerror=alert\(1\)>」を読めません/, `the year's message quotes the text: ${msg}`);
  await assertInert("the cost form's year");

  assert.equal(await text(TOTAL), "23.7%", "nothing changed: the total is still 23.7%");
  assert.equal(await healthStatus(), "not_yet_met", "nothing changed: 健康管理 is still 未達成");
});
