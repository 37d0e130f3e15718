// End-to-end, on the demo city in the REAL window: the 経費・補助金 screen's 補助金・財政措置. A claim (交付決定額 1,000千円) of a
// system under the 標準化 programme lowers what is left to claim from 30,940千円 to 29,940千円; one undo brings it
// back. Bad amounts and years (the hostile string among them) are refused at their field, shown as text, and change
// nothing. Needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launch, browser, $, click, type, text, until, screen, openDemo, assertInert, HOSTILE } from "./window.mjs";

launch();

const LEFT = "[data-testid=grant-balances] tbody tr:first-child [data-testid=grant-left]";

test("補助金: a claim lowers what is left to claim, bad input is refused at its field, undo restores it", async () => {
  await openDemo();
  await screen("money", "経費・補助金");
  await until(async () => (await text(LEFT)) === "30,940千円", "the demo's 標準化 programme has 30,940千円 left");
  await (await $("[data-testid=grant-form]")).scrollIntoView({ block: "center" });

  for (const [field, value, sel] of [
    ["decided", HOSTILE, "[data-testid=grant-decided]"],
    ["decided", "▲1,000", "[data-testid=grant-decided]"],
  ]) {
    await type(sel, value);
    await click("[data-testid=grant-save]");
    await until(async () => (await $(`[data-testid=grant-form] [data-for=${field}]`)).isExisting(), `no message at ${field}`);
    assert.match(await text(`[data-testid=grant-form] [data-for=${field}]`), /交付決定額/);
    if (value === HOSTILE) await assertInert("the 補助金 form's refusal");
  }
  await type("[data-testid=grant-decided]", "1,000");
  await type("[data-testid=grant-year]", "令和50年度");
  await click("[data-testid=grant-save]");
  await until(async () => (await $("[data-testid=grant-form] [data-for=year]")).isExisting(), "a year outside the plan was not refused at 年度");
  assert.equal(await text(LEFT), "30,940千円", "the refusals changed nothing");

  await type("[data-testid=grant-year]", "令和8年度");
  await click("[data-testid=grant-save]");
  await until(async () => (await text(LEFT)) === "29,940千円", "what is left to claim did not drop by 1,000千円");
  assert.match(await (await $("[data-testid=undo]")).getAttribute("title"), /補助金申請（令和8年度）/);
  if (process.env.DXPLAN_E2E_SHOTS) await browser.saveScreenshot(join(process.env.DXPLAN_E2E_SHOTS, "grants.png"));
  await click("[data-testid=undo]");
  await until(async () => (await text(LEFT)) === "30,940千円", "undo did not restore what is left to claim");
});
