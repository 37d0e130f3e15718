// End-to-end: drives the REAL dxplan window (WebKitGTK) through tauri-driver + WebKitWebDriver, under Xvfb.
// Run by scripts/test (which builds the app and provides DISPLAY); needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, browser, $, click, type, text, assertInert, HOSTILE, outDir } from "./window.mjs";

launch();

test("home: a new workbook from the national template, with field errors in Japanese", async () => {
  await click("[data-testid=new-create]");
  const err = await text("label.f .field-error");
  assert.match(err, /団体名を入力してください/);
  await type("[data-testid=new-municipality]", "テスト市");
  await type("[data-testid=new-code]", "131017");
  await click("[data-testid=new-create]");
  assert.match(await text("label.f .field-error"), /検査数字/);
  await type("[data-testid=new-code]", "131016");
  await click("[data-testid=new-create]");
  await (await $("[data-testid=gantt]")).waitForDisplayed({ timeout: 15000 });
  assert.ok(existsSync(join(outDir, "テスト市.dxplan")), "the workbook file was written where the dialog said");
});

test("全体方針: add a task with dates, hostile text stays text, undo and redo", async () => {
  const init = await $("[data-testid=add-initiative]");
  await init.selectByIndex(1);
  await type("[data-testid=add-name]", HOSTILE);
  await type("[data-testid=add-start]", "2025-12-01");
  await type("[data-testid=add-end]", "2026-02-27");
  await click("[data-testid=add-submit]");
  await (await $("[data-testid=task-editor]")).waitForDisplayed({ timeout: 10000 });
  await assertInert("gantt");
  const bars = await browser.execute(
    (h) => [...document.querySelectorAll("[data-testid=gantt] text")].some((t) => t.textContent.startsWith(h.slice(0, 20))),
    HOSTILE,
  );
  assert.ok(bars, "the new row is drawn in the Gantt");
  // end before start: refused, message next to the dates
  await type("[data-testid=add-name]", "逆転した日付");
  await type("[data-testid=add-start]", "2026-03-01");
  await type("[data-testid=add-end]", "2026-02-01");
  await click("[data-testid=add-submit]");
  assert.match(await text("form.add .field-error"), /終了日/);
  // undo removes the added task, redo brings it back
  await click("[data-testid=undo]");
  await browser.waitUntil(async () => !(await browser.execute((h) => document.body.textContent.includes(h), HOSTILE)), {
    timeout: 10000,
    timeoutMsg: "undo did not remove the task",
  });
  await click("[data-testid=redo]");
  await browser.waitUntil(async () => browser.execute((h) => document.body.textContent.includes(h), HOSTILE), {
    timeout: 10000,
    timeoutMsg: "redo did not restore the task",
  });
  // table view with keyboard editing
  await click("[data-testid=mode-table]");
  await (await $("[data-testid=task-table]")).waitForDisplayed({ timeout: 10000 });
  await assertInert("table");
});

test("標準化: changing a step's status updates the system's 完了率", async () => {
  await click("[data-screen=migration]");
  const board = await $("[data-testid=board]");
  await board.waitForDisplayed({ timeout: 10000 });
  const firstRate = async () => (await $("[data-testid=board] tbody tr [data-testid=rate]")).getText();
  const before = await firstRate();
  const sel = await $("[data-testid=board] tbody tr select");
  await sel.selectByAttribute("value", "done");
  await browser.waitUntil(async () => (await firstRate()) !== before, {
    timeout: 10000,
    timeoutMsg: `完了率 stayed ${before}`,
  });
  assert.match(await firstRate(), /%/);
});

test("会議: the review runs for a 和暦 date; a bad date is refused next to its field", async () => {
  await click("[data-screen=meeting]");
  await type("[data-testid=meeting-today]", "令和7年11月20日");
  await type("[data-testid=meeting-next]", "R7.12.18");
  await click("[data-testid=meeting-run]");
  await browser.waitUntil(async () => (await text("[data-testid=meeting-summary]")).includes("令和7年11月20日"), {
    timeout: 10000,
  });
  await type("[data-testid=meeting-today]", "あいう");
  await click("[data-testid=meeting-run]");
  assert.match(await text("form .field-error"), /会議日/);
});

test("the demo city opens and its board lists every system", async () => {
  await click("[data-screen=home]");
  await click("[data-testid=open-demo]");
  const board = await $("[data-testid=board]");
  await board.waitForDisplayed({ timeout: 15000 });
  const rows = await browser.execute(() => document.querySelectorAll("[data-testid=board] tbody tr").length);
  assert.ok(rows >= 17, `expected the demo's systems, got ${rows}`);
});

test("会議: one click writes the meeting handout as a PDF", async () => {
  await click("[data-screen=meeting]");
  await type("[data-testid=meeting-today]", "2025-11-20");
  await click("[data-testid=meeting-run]");
  await click("[data-testid=meeting-pdf]");
  await browser.waitUntil(() => readdirSync(outDir).some((f) => f.includes("会議資料") && f.endsWith(".pdf")), {
    timeout: 30000,
    timeoutMsg: "no meeting PDF written",
  });
  const file = readdirSync(outDir).find((f) => f.includes("会議資料"));
  assert.equal(readFileSync(join(outDir, file)).subarray(0, 4).toString("latin1"), "%PDF");
});

test("出力: the preview is drawn and PDF (and XLSX when built) exports are written where the dialog says", async (t) => {
  await click("[data-screen=export]");
  await assertPreview();
  for (const [kind, ext, name] of [["roadmap", "pdf", "工程表"], ["xlsx", "xlsx", "工程表"], ["national", "xlsx", "国の進捗調査"]]) {
    const button = await $(`[data-export=${kind}]`);
    await button.waitForExist({ timeout: 10000 });
    if (!(await button.isEnabled())) {
      t.diagnostic(`${kind}: not available in this build`);
      continue;
    }
    await click(`[data-export=${kind}]`);
    const written = (f) => f.endsWith(`.${ext}`) && f.includes(name);
    await browser.waitUntil(() => readdirSync(outDir).some(written), {
      timeout: 30000,
      timeoutMsg: `no ${name}.${ext} written`,
    });
    const file = readdirSync(outDir).find(written);
    const head = readFileSync(join(outDir, file)).subarray(0, 4).toString("latin1");
    assert.equal(head, ext === "pdf" ? "%PDF" : "PK\u0003\u0004", `${file} is a real ${ext}`);
  }
});

async function assertPreview() {
  const img = await $("[data-testid=preview]");
  await img.waitForDisplayed({ timeout: 15000 });
  const src = await img.getAttribute("src");
  assert.ok(src.startsWith("data:image/svg+xml;base64,"), "the preview is an SVG image");
}
