// End-to-end through the REAL window: 運用経費 brought in from the finance system through データ's 取り込み (what
// `dxplan import costs --unit 千円` does), with the same preview and apply as the staff lists. A file with a text
// amount is refused whole (all or nothing, as the CLI) with the line's reason; the corrected file (full-width digits
// and commas, in 千円) is previewed and applied as one undo step, the KPI card's total moves off 23.7 %, and one
// undo brings it back. Needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, browser, $, click, text, until, screen, openDemo, outDir, HOSTILE, assertInert } from "./window.mjs";

launch();

const TOTAL = "[data-testid=kpi-cost-total]";
const HEAD = "業務,年度,区分,計画額,実績額\n";
const GOOD = "健康管理,令和8年度,標準準拠システム利用料,\"８，０００\",\n";

async function preview() {
  await (await $("[data-testid=import-kind]")).selectByVisibleText("運用経費");
  await (await $("[data-testid=import-unit]")).selectByVisibleText("千円");
  await click("[data-testid=import-choose]");
  await (await $("[data-testid=import-preview]")).waitForDisplayed({ timeout: 20000 });
}

test("取り込み: 運用経費 in 千円 from a CSV, refused whole with a bad line, then applied as one step and undone", async () => {
  await openDemo();
  await screen("kpi", "KPI");
  await until(async () => (await text(TOTAL)) === "23.7%", "the demo's total reads 23.7%");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "運用経費.csv"), `${HEAD}${GOOD}戸籍,令和8年度,標準準拠システム利用料,${HOSTILE},\n`);
  await screen("data", "データ");
  await preview();
  assert.match(await text("[data-testid=import-summary]"), /取り込めない行 1件/);
  assert.match(await text("[data-testid=import-rejected]"), /3/, "the bad line's number");
  await assertInert("the 運用経費 preview");
  assert.equal(await (await $("[data-testid=import-accept-partial]")).isExisting(), false, "no partial import of 運用経費");
  await click("[data-testid=import-apply]");
  await until(async () => (await $("[data-testid=import-error]")).isExisting(), "the apply was not refused");
  assert.match(await text("[data-testid=import-error]"), /すべて取り込むか何も変えない/);
  assert.equal(await (await $("[data-testid=undo]")).isEnabled(), false, "the refusal changed nothing");
  await click("[data-testid=import-discard]");

  writeFileSync(join(outDir, "運用経費-修正.csv"), `${HEAD}${GOOD}`);
  await preview();
  assert.match(await text("[data-testid=import-summary]"), /運用経費-修正\.csv/);
  assert.match(await text("[data-testid=import-summary]"), /取り込めない行 0件/);
  if (process.env.DXPLAN_E2E_SHOTS) await browser.saveScreenshot(join(process.env.DXPLAN_E2E_SHOTS, "import-costs.png"));
  await click("[data-testid=import-apply]");
  await until(async () => !(await (await $("[data-testid=import-preview]")).isExisting()), "the preview stayed after the apply");
  assert.match(await (await $("[data-testid=undo]")).getAttribute("title"), /運用経費の取り込み/);

  await screen("kpi", "KPI");
  await until(async () => (await text(TOTAL)) !== "23.7%", "the KPI total did not move after the import");
  await click("[data-testid=undo]");
  await until(async () => (await text(TOTAL)) === "23.7%", "undo brings the total back to 23.7%");
});
