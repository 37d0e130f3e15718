// End-to-end, on the demo city in the REAL window: the 経費・補助金 screen. A programme of the user's own is added with
// its rate typed as 1/2 (3/2 is refused at the field first); a claim of an initiative under it, past the programme's
// end, lowers what is left to claim and shows the warning, is edited and deleted, and undo brings it back; a 予算 line
// for a task moves the 令和8年度 total (▲ is refused at the field and changes nothing). Needs DXPLAN_APP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launch, browser, $, click, type, text, until, screen, openDemo } from "./window.mjs";

launch();

const NAME = "県DX推進補助金";
const PROGRAMME_ROW = `[data-testid=programme-list] tr[data-programme="${NAME}"]`;
const LEFT = `[data-testid=grant-balances] tr[data-programme="${NAME}"] [data-testid=grant-left]`;
const CLAIM = `//table[@data-testid="grant-claims"]//tr[td[normalize-space()="${NAME}"]]`;
const R8_PLANNED = "[data-testid=budget-years] tbody[data-year='2026'] [data-testid=budget-year-planned]";

async function exists(sel) {
  return (await $(sel)).isExisting();
}

async function select(sel, visible) {
  const el = await $(sel);
  await el.scrollIntoView({ block: "center" });
  await el.selectByVisibleText(visible);
}

test("経費・補助金: a programme at 1/2, a claim of an initiative under it edited, deleted and undone, a 予算 line", async () => {
  await openDemo();
  await screen("money", "経費・補助金");

  // 制度: a rate outside 0–1 is refused at its field and adds nothing
  await type("[data-testid=programme-name]", NAME);
  await type("[data-testid=programme-rate-input]", "3/2");
  await type("[data-testid=programme-cap]", "10,000");
  await type("[data-testid=programme-last-year]", "令和8年度");
  await click("[data-testid=programme-save]");
  await until(() => exists("[data-testid=programme-form] [data-for=rate]"), "3/2 was not refused at 補助率");
  assert.match(await text("[data-testid=programme-form] [data-for=rate]"), /補助率「3\/2」は0から1の間/);
  assert.equal(await exists(PROGRAMME_ROW), false, "a refused programme is not listed");
  await type("[data-testid=programme-rate-input]", "1/2");
  await click("[data-testid=programme-save]");
  await until(() => exists(PROGRAMME_ROW), "the programme is not listed");
  assert.equal(await text(`${PROGRAMME_ROW} [data-testid=programme-rate]`), "1/2");
  await until(async () => (await text(LEFT)) === "10,000千円", "nothing claimed: 10,000千円 left");

  // a claim of an initiative under it
  await select("[data-testid=grant-programme]", NAME);
  await select("[data-testid=grant-target]", "自治体情報システムの標準化・共通化");
  await type("[data-testid=grant-year]", "令和9年度");
  await type("[data-testid=grant-decided]", "4,000");
  await click("[data-testid=grant-save]");
  await until(async () => (await text(LEFT)) === "6,000千円", "交付決定額 4,000千円 did not leave 6,000千円");
  assert.match(await (await $(CLAIM)).getText(), /自治体情報システムの標準化・共通化（取組事項）/);
  // 令和9年度 is past the programme's end: kept, with the warning under its row
  const warning = await $(`${CLAIM}/following-sibling::tr[1]//td[@data-testid="claim-warning"]`);
  await warning.waitForDisplayed({ timeout: 10000 });
  assert.match(await warning.getText(), /制度は令和8年度で終了しています/);

  // the programme cannot be deleted while the claim uses it
  await click(`${PROGRAMME_ROW} [data-testid=programme-delete]`);
  await click(`${PROGRAMME_ROW} [data-testid=programme-delete-confirm]`);
  await until(() => exists("[data-testid=programme-list-error]"), "deleting a programme in use was not refused");
  assert.match(await text("[data-testid=programme-list-error]"), /申請が1件あるため削除できません/);
  assert.ok(await exists(PROGRAMME_ROW), "the programme is still listed");
  assert.equal(await exists("[data-testid=banner]"), false, "the refusal is shown under the list, not also in the banner");

  // edited: the form comes back filled, 5,000千円 replaces 4,000千円
  await (await $(`${CLAIM}//button[@data-testid="claim-edit"]`)).click();
  const decided = async () => (await $("[data-testid=grant-decided]")).getValue();
  await until(async () => (await decided()) === "4,000", "the form is not filled with the claim");
  // switching the unit while editing fills the amounts in again in that unit (4,000千円 is never saved as 4,000円)
  await (await $("[data-testid=money-unit]")).selectByAttribute("value", "yen");
  await until(async () => (await decided()) === "4,000,000", "in 円 the form did not show 4,000,000");
  await (await $("[data-testid=money-unit]")).selectByAttribute("value", "thousand");
  await until(async () => (await decided()) === "4,000", "back in 千円 the form did not show 4,000");
  await type("[data-testid=grant-decided]", "5,000");
  await click("[data-testid=grant-save]");
  await until(async () => (await text(LEFT)) === "5,000千円", "the edit did not leave 5,000千円");
  assert.equal((await browser.$$(CLAIM)).length, 1, "editing replaced the claim");

  // deleted after asking, then undone
  await (await $(`${CLAIM}//button[@data-testid="claim-delete"]`)).click();
  await (await $(`${CLAIM}//button[@data-testid="claim-delete-confirm"]`)).click();
  await until(async () => (await text(LEFT)) === "10,000千円", "the delete did not give the 5,000千円 back");
  assert.equal(await exists(CLAIM), false, "the claim is gone");
  assert.match(await (await $("[data-testid=undo]")).getAttribute("title"), /補助金申請（令和9年度）の削除/);
  await click("[data-testid=undo]");
  await until(async () => (await text(LEFT)) === "5,000千円", "undo did not bring the edited claim back");
  if (process.env.DXPLAN_E2E_SHOTS) await browser.saveScreenshot(join(process.env.DXPLAN_E2E_SHOTS, "money.png"));

  // 予算: ▲ is refused at 予算額 and changes nothing; a task's line moves the 令和8年度 total
  assert.equal(await text(R8_PLANNED), "38,000千円", "the demo's 令和8年度 予算額");
  assert.equal(
    await text("[data-testid=budget-years] tbody[data-year='2026'] [data-testid=budget-year-executed]"),
    "—",
    "nothing executed in 令和8年度 yet reads —, not 0千円 (as in the council PDF)",
  );
  const task = await browser.execute(
    () => document.querySelector("[data-testid=budget-target] optgroup[label='取組内容'] option")?.textContent ?? "",
  );
  await select("[data-testid=budget-target]", task);
  await type("[data-testid=budget-year]", "令和8年度");
  await type("[data-testid=budget-planned]", "▲1,000");
  await click("[data-testid=budget-save]");
  await until(() => exists("[data-testid=budget-form] [data-for=planned]"), "▲ was not refused at 予算額");
  assert.match(await text("[data-testid=budget-form] [data-for=planned]"), /予算額にマイナス/);
  assert.equal(await text(R8_PLANNED), "38,000千円", "the refusal changed nothing");
  await type("[data-testid=budget-planned]", "1,200");
  await click("[data-testid=budget-save]");
  await until(async () => (await text(R8_PLANNED)) === "39,200千円", "the 令和8年度 total did not become 39,200千円");
  await click("[data-testid=undo]");
  await until(async () => (await text(R8_PLANNED)) === "38,000千円", "undo did not restore the 令和8年度 total");
});
