// End-to-end, on the demo city in the REAL window: dependencies that schedule (issue #14). A predecessor's planned
// end moved in the task editor pushes its successor: the dialog lists the shift in 和暦, 「やめる」 changes nothing,
// 「後続も動かす」 moves both as one undo step, and one undo puts both back. The ラグ is set beside the dependency.
// Needs DXPLAN_APP = path of the app binary (see window.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { launch, browser, $, click, type, text, until, openDemo, screen, outDir } from "./window.mjs";

launch();

const PRED = "窓口業務の業務フロー見直し（市民課・保険年金課）"; // R6.4.1〜R7.9.30
const SUCC = "書かない窓口の試行開始"; // ◆ R8.1.5

/** The table row's planned dates of the task named `name` (table mode). */
async function datesOf(name) {
  return browser.execute((n) => {
    const tr = [...document.querySelectorAll("[data-testid=task-table] tbody tr")].find(
      (r) => r.querySelector("input[aria-label=取組内容]")?.value === n,
    );
    if (!tr) return null;
    return [tr.querySelector("input[aria-label=開始日]").value, tr.querySelector("input[aria-label=終了日]").value];
  }, name);
}

async function selectRow(name) {
  await browser.execute((n) => {
    const tr = [...document.querySelectorAll("[data-testid=task-table] tbody tr")].find(
      (r) => r.querySelector("input[aria-label=取組内容]")?.value === n,
    );
    tr?.querySelector("td")?.click();
  }, name);
  await until(async () => (await (await $("[data-testid=task-name]")).getValue()) === name, `${name} selected`);
}

async function setEnd(value) {
  await type("[data-testid=task-plan-end]", value);
  await browser.keys("Tab"); // the editor saves on change (leaving the field)
}

test("moving a predecessor in the task editor offers to shift its successor; やめる, 後続も動かす, undo", async () => {
  await openDemo();
  await screen("roadmap", "全体方針");
  await click("[data-testid=mode-table]");
  await (await $("[data-testid=task-table]")).waitForDisplayed({ timeout: 10000 });
  const predBefore = await datesOf(PRED);
  const succBefore = await datesOf(SUCC);
  assert.deepEqual(predBefore, ["2024-04-01", "2025-09-30"]);
  assert.deepEqual(succBefore, ["2026-01-05", "2026-01-05"]);

  await selectRow(PRED);
  await setEnd("2026-02-27");
  const dialog = await $("[data-testid=shift-dialog]");
  await dialog.waitForDisplayed({ timeout: 10000 });
  const row = await text("[data-testid=shift-row]");
  assert.ok(row.includes(SUCC), `the successor is listed: ${row}`);
  assert.ok(row.includes("令和8年1月5日") && row.includes("令和8年2月27日"), `before → after in 和暦: ${row}`);

  // やめる: nothing changes
  await click("[data-testid=shift-cancel]");
  await until(async () => !(await (await $("[data-testid=shift-dialog]")).isExisting()), "the dialog closes");
  assert.deepEqual(await datesOf(PRED), predBefore, "やめる leaves the predecessor");
  assert.deepEqual(await datesOf(SUCC), succBefore, "and the successor");

  // again, and 後続も動かす
  await selectRow(PRED);
  await setEnd("2026-02-27");
  await (await $("[data-testid=shift-dialog]")).waitForDisplayed({ timeout: 10000 });
  await click("[data-testid=shift-all]");
  await until(async () => (await datesOf(SUCC))?.[0] === "2026-02-27", "the successor starts on the new end (lag 0)");
  assert.deepEqual(await datesOf(PRED), ["2024-04-01", "2026-02-27"], "the predecessor moved");
  assert.deepEqual(await datesOf(SUCC), ["2026-02-27", "2026-02-27"], "the milestone moved whole");
  const undoTitle = await (await $("[data-testid=undo]")).getAttribute("title");
  assert.ok((undoTitle ?? "").includes("後続1件"), `one undo step for both: ${undoTitle}`);

  await click("[data-testid=undo]");
  await until(async () => (await datesOf(SUCC))?.[0] === "2026-01-05", "undo moves the successor back");
  assert.deepEqual(await datesOf(PRED), predBefore, "and the predecessor, in the same step");
});

test("the ラグ of a dependency is set beside it, a negative one refused in Japanese", async () => {
  await selectRow(SUCC);
  const lag = await $("[data-testid=dep-lag]");
  await lag.waitForDisplayed({ timeout: 10000 });
  await lag.setValue("-2");
  await browser.keys("Tab");
  const err = await text("[data-testid=dep-error]");
  assert.match(err, /マイナスのラグ/, err);
  await (await $("[data-testid=dep-lag]")).setValue("3");
  await browser.keys("Tab");
  await until(
    async () => ((await (await $("[data-testid=undo]")).getAttribute("title")) ?? "").includes("ラグ"),
    "the lag is saved as an undo step",
  );
  assert.equal(await (await $("[data-testid=dep-lag]")).getValue(), "3");
});

test("推進体制 is drawn as the PDF's chart; a box opens its unit's form; the list stays as 一覧", async () => {
  await screen("org", "推進体制");
  const img = await $("[data-testid=org-chart] img");
  await img.waitForDisplayed({ timeout: 15000 });
  const src = await img.getAttribute("src");
  assert.ok(src.startsWith("data:image/svg+xml;base64,"), "the chart is an SVG image made in Rust");
  const boxes = await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=org-chart] button.hit")].map((b) => ({ unit: b.getAttribute("data-unit"), label: b.getAttribute("aria-label") })),
  );
  assert.ok(boxes.length >= 10, `a clickable area over each box: ${boxes.length}`);
  const target = boxes.find((b) => b.label.startsWith("DX推進課"));
  assert.ok(target, `DX推進課 has a box: ${JSON.stringify(boxes.slice(0, 5))}`);
  await click(`[data-testid=org-chart] button.hit[data-unit="${target.unit}"]`);
  await until(async () => (await text("[data-testid=unit-title]")).includes("DX推進課"), "the box opened DX推進課's form");
  assert.ok(await (await $(`[data-testid=org-chart] button.hit.sel[data-unit="${target.unit}"]`)).isExisting(), "the box is marked selected");
  await click("[data-testid=org-tab-list]");
  await (await $("[data-testid=org-tree]")).waitForDisplayed({ timeout: 5000 });
  assert.ok(!(await (await $("[data-testid=org-chart]")).isExisting()), "一覧 shows the list instead of the chart");
});

test("クリティカルパス to a chosen ◆ outlines its bars on the 工程表 and is saved as a PDF with its legend", async () => {
  await screen("roadmap", "全体方針");
  await click("[data-testid=mode-gantt]");
  await click("[data-testid=critical-toggle]");
  await (await $("[data-testid=critical-target]")).selectByVisibleText("◆ 移行完了報告（R8.3.31）まで");
  await until(async () => (await text("[data-testid=critical-summary]")).includes("「移行完了報告」まで 3件"), "the path to the milestone has 3 tasks");
  const marks = await browser.execute(() => document.querySelectorAll("[data-testid=gantt] [data-testid=critical-mark]").length);
  assert.equal(marks, 3, "three bars outlined on the Gantt");
  await click("[data-testid=critical-export]");
  let file = null;
  await until(async () => {
    file = readdirSync(outDir).find((f) => f.includes("クリティカルパス") && f.endsWith(".pdf")) ?? null;
    return file !== null;
  }, "the PDF is saved through the (test) save dialog");
  const pdfText = execFileSync("pdftotext", [join(outDir, file), "-"]).toString();
  assert.ok(pdfText.includes("クリティカルパス"), "the PDF's legend names the outline");
  assert.ok(pdfText.includes("移行完了報告"), "and it is the 工程表");
});
