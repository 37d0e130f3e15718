// End-to-end, on the demo city in the REAL window (tauri-driver + WebKitWebDriver under Xvfb): a step's dates
// edited on the 標準化 board (Japanese errors next to the field, undo/redo), a procedure's 所管課 and 目標時期,
// a course added to the catalogue (duplicate refused), and the KPI screen's figures. It starts its own driver and
// app through window.mjs, like the other e2e files. Needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, $, click, type, text, openDemo } from "./window.mjs";

launch();

async function waitText(sel, pred, what) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const el = await $(sel);
      last = (await el.isExisting()) ? await el.getText() : "";
      return pred(last);
    },
    { timeout: 10000, timeoutMsg: `${what} (last: ${last})` },
  );
  return last;
}

test("標準化 board: a step's dates are edited in a panel; bad dates are refused in Japanese next to the field", async () => {
  await openDemo(); // the tests below go on in the same window
  await click("[data-screen=migration]");
  // the last step of the first system
  const cell = await browser.execute(() => {
    const b = [...document.querySelectorAll("[data-testid=board] tbody tr:first-child button.dates")].pop();
    return b?.getAttribute("data-dates");
  });
  assert.ok(cell, "the board has date buttons");
  const btn = `[data-dates="${cell}"]`;
  const before = await text(btn);
  await click(btn);
  await (await $("[data-testid=step-panel]")).waitForDisplayed({ timeout: 10000 });

  await type("[data-testid=step-plan-start]", "令和8年1月5日");
  await type("[data-testid=step-plan-end]", "あいう");
  await click("[data-testid=step-save]");
  assert.match(await text("[data-testid=step-panel] [data-for=plan_end]"), /計画終了日/);

  await type("[data-testid=step-plan-end]", "R7.12.1");
  await click("[data-testid=step-save]");
  const order = await waitText("[data-testid=step-panel] [data-for=plan_end]", (t) => /より前/.test(t), "end before start refused");
  assert.match(order, /令和7年12月1日/, "the message names the dates in 和暦");

  await type("[data-testid=step-plan-end]", "2026-03-31");
  await click("[data-testid=step-save]");
  await waitText(btn, (t) => t === "〜R8.3.31", "the cell shows the new planned end in 和暦");
  assert.ok(!(await (await $("[data-testid=step-panel]")).isExisting()), "the panel closes after saving");

  // reopened, the panel shows the saved dates in 和暦
  await click(btn);
  assert.equal(await (await $("[data-testid=step-plan-start]")).getValue(), "令和8年1月5日");
  assert.equal(await (await $("[data-testid=step-plan-end]")).getValue(), "令和8年3月31日");
  await click("[data-testid=step-panel] button.close");

  await click("[data-testid=undo]");
  await waitText(btn, (t) => t === before, "undo restores the step's dates");
  await click("[data-testid=redo]");
  await waitText(btn, (t) => t === "〜R8.3.31", "redo applies them again");
});

test("オンライン化: a procedure's 所管課 and 目標時期 are edited in the list", async () => {
  await click("button=オンライン化（手続）");
  await (await $("[data-testid=procedures]")).waitForDisplayed({ timeout: 10000 });
  const owner = await $("[data-testid=proc-owner-1]");
  const options = await owner.$$("option");
  const last = await options[options.length - 1].getAttribute("value");
  await owner.selectByAttribute("value", last);
  await browser.waitUntil(async () => (await (await $("[data-testid=proc-owner-1]")).getValue()) === last, {
    timeout: 10000,
    timeoutMsg: "the owner was not saved",
  });
  await type("[data-testid=proc-target-1]", "令和8年2月30日");
  await browser.keys("Tab");
  assert.match(await text("[data-testid=proc-target-error]"), /目標時期/);
  await type("[data-testid=proc-target-1]", "2026/3/31");
  await browser.keys("Tab");
  await browser.waitUntil(async () => (await (await $("[data-testid=proc-target-1]")).getValue()) === "令和8年3月31日", {
    timeout: 10000,
    timeoutMsg: "the target date is not shown in 和暦",
  });
  assert.ok(!(await (await $("[data-testid=proc-target-error]")).isExisting()), "the error is gone");
});

test("人材育成: a course is added to the catalogue; the same name again is refused in Japanese; undo removes it", async () => {
  await click("[data-screen=training]");
  await click("[data-testid=course-add]");
  await click("[data-testid=course-save]");
  assert.match(await text("[data-testid=course-form] [data-for=name]"), /研修名を入力してください/);
  const name = "生成AI活用研修（e2e）";
  await type("[data-testid=course-name]", name);
  await type("[data-testid=course-provider]", "庁内");
  await type("[data-testid=course-seats]", "二十");
  await click("[data-testid=course-save]");
  assert.match(await text("[data-testid=course-form] [data-for=seats]"), /定員/);
  await type("[data-testid=course-seats]", "２０");
  await click("[data-testid=course-save]");
  await browser.waitUntil(async () => (await $(`[data-course-edit="${name}"]`)).isExisting(), {
    timeout: 10000,
    timeoutMsg: "the course is not in the catalogue",
  });
  const seats = await browser.execute(
    (n) => [...document.querySelectorAll(`[data-course-edit]`)].find((b) => b.getAttribute("data-course-edit") === n)?.closest("tr")?.children[4]?.textContent,
    name,
  );
  assert.equal(seats?.trim(), "20", "定員 typed in full-width digits is saved as 20");

  await click("[data-testid=course-add]");
  await type("[data-testid=course-name]", name);
  await type("[data-testid=course-provider]", "庁内");
  await click("[data-testid=course-save]");
  assert.match(await text("[data-testid=course-form] [data-for=name]"), /既にあります/);
  await click("[data-testid=course-close]");

  await click("[data-testid=undo]");
  await browser.waitUntil(async () => !(await (await $(`[data-course-edit="${name}"]`)).isExisting()), {
    timeout: 10000,
    timeoutMsg: "undo did not remove the course",
  });
});

test("KPI: the demo's figures, the same as the board's", async () => {
  await click("[data-screen=migration]");
  await click("button=標準化（業務×作業項目）");
  await (await $("[data-testid=board]")).waitForDisplayed({ timeout: 10000 });
  const boardOverall = await text("[data-testid=overall]");
  const { rows: boardRows, behind: boardBehind } = await browser.execute(() => {
    const rows = [...document.querySelectorAll("[data-testid=board] tbody tr")];
    return { rows: rows.length, behind: rows.filter((r) => /遅れ/.test(r.querySelector("th")?.textContent ?? "")).length };
  });
  await click("[data-screen=kpi]");
  const completion = await text("[data-testid=kpi-completion]");
  assert.equal(completion, boardOverall, "完了率 on the KPI screen = the board's 全体の完了率");
  const systems = await browser.execute(() => document.querySelectorAll("[data-testid=kpi-systems] g[data-system]").length);
  assert.equal(systems, boardRows, "one bar per system of the board");
  const behind = await text("[data-testid=kpi-behind]");
  assert.match(behind, new RegExp(`^${boardBehind}\\s*/\\s*${boardRows} 業務`), "systems behind plan = rows marked 遅れ on the board");
  assert.match(await text("[data-testid=kpi-online]"), /^\d+\s*\/\s*\d+ 手続$/);
  const methods = await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=kpi-methods] g[data-method]")].map((g) => g.getAttribute("data-method")),
  );
  assert.ok(methods.length >= 2 && methods.every((m) => /^方式[1-4]|^未定$/.test(m)), `連携方式 rows: ${methods}`);
  const positions = await browser.execute(() => document.querySelectorAll("[data-testid=kpi-positions] g[data-position]").length);
  assert.ok(positions > 0, "training coverage per 職位 is drawn");
  assert.match(await text("[data-testid=kpi-late]"), /^\d+\s*件$/);
  assert.match(await text(".head-row"), /令和7年11月20日時点/, "as of the demo's date, in 和暦");
});
