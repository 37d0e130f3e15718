// End-to-end through the REAL window: 照会・回答 on the データ screen does what `dxplan inquiry new|import` does. A
// round is recorded and its forms written to the (test-answered) folder dialog's folder; returns edited by openpyxl
// (python3 with openpyxl is needed) are read back from another folder: the preview shows a change and a conflict
// (one 固定資産税 step answered differently by 資産税課 and 納税課); 取り込む applies it and records who answered;
// one 元に戻す takes it all back. A second round dated on the meeting day (令和7年11月20日) with one step answered
// 完了済み moves the KPI screen's 完了率の推移 (the progress history at the round's 基準日), and undo moves it back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, utimesSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, browser, $, click, type, text, until, screen, openDemo, outDir } from "./window.mjs";

launch();

const HELPER = join(dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures/third-party/inquiry.py");

/** A folder the folder dialog answers with next: its time is set `ahead` seconds into the future. */
function folder(name, ahead) {
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const t = new Date(Date.now() + ahead * 1000);
  utimesSync(dir, t, t);
  return dir;
}

const py = (...args) => execFileSync("python3", [HELPER, ...args]).toString();

test("照会・回答: forms written, returns read with a change and a conflict, applied, undone", async () => {
  await openDemo();
  await screen("data", "データ");
  const forms = folder("照会-様式", 3600);
  await type("[data-testid=inquiry-name]", "令和7年12月 進捗照会");
  await type("[data-testid=inquiry-as-of]", "令和7年12月1日");
  await type("[data-testid=inquiry-due]", "R7.12.12");
  await click("[data-testid=inquiry-new]");
  await until(async () => (await $("[data-testid=inquiry-written]")).isDisplayed(), "the forms were not written", 20000);
  const written = readdirSync(forms);
  assert.ok(written.includes("R7.12進捗照会_介護保険課.xlsx"), `a form per 課: ${written.slice(0, 5)}`);
  assert.match(await text("[data-testid=inquiry-rounds]"), /令和7年12月 進捗照会[\s\S]*0 \/ \d+/, "the round, nobody answered yet");

  const returns = folder("照会-回答", 7200);
  const form = (unit) => join(forms, `R7.12進捗照会_${unit}.xlsx`);
  // the first 標準化 row of 資産税課 and of 納税課 is the same 固定資産税 step
  const key = (unit) => JSON.parse(py("inspect", form(unit))).sheets.find((s) => s.name === "標準化").cells.A5;
  assert.equal(key("資産税課"), key("納税課"), "both forms start with the same shared step");
  py("answer", form("資産税課"), join(returns, "資産税課.xlsx"), JSON.stringify({ 標準化: { K5: "資産税課の見解" } }));
  py("answer", form("納税課"), join(returns, "納税課.xlsx"), JSON.stringify({ 標準化: { K5: "納税課の見解" } }));
  py(
    "answer",
    form("介護保険課"),
    join(returns, "介護保険課.xlsx"),
    JSON.stringify({ 標準化: { K5: "介護保険課の回答" }, 記入のしかた: { C15: "介護保険課 山田" } }),
  );
  utimesSync(returns, new Date(Date.now() + 7200e3), new Date(Date.now() + 7200e3));

  await click("[data-testid=inquiry-read]");
  await (await $("[data-testid=inquiry-preview]")).waitForDisplayed({ timeout: 20000 });
  const summary = await text("[data-testid=inquiry-summary]");
  assert.match(summary, /回答 3件/, summary);
  assert.match(summary, /変更 1行/, summary);
  assert.match(summary, /競合 1行/, summary);
  const report = await text("[data-testid=inquiry-report]");
  assert.match(report, /介護保険課の回答/, "before → after of the change");
  assert.match(report, /資産税課の見解[\s\S]*納税課の見解|納税課の見解[\s\S]*資産税課の見解/, "both answers of the conflict");
  assert.match(report, /未回答の課（督促）: .*市民課/, "the 督促 list");
  if (process.env.DXPLAN_INQUIRY_SHOT) {
    await (await $("[data-testid=inquiry]")).scrollIntoView({ block: "start" });
    await browser.saveScreenshot(process.env.DXPLAN_INQUIRY_SHOT);
  }

  await click("[data-testid=inquiry-apply]");
  await until(async () => /3 \/ \d+/.test(await text("[data-testid=inquiry-rounds]")), "the answers were not recorded", 15000);
  await click("[data-testid=undo]");
  await until(async () => /0 \/ \d+/.test(await text("[data-testid=inquiry-rounds]")), "undo did not take the answers back", 15000);
});

test("照会・回答: a step answered 完了済み in a round dated on the meeting day moves the KPI screen's 完了率の推移; undo moves it back", async () => {
  const trendSrc = async () => {
    await screen("kpi", "KPI");
    const img = await $("[data-testid=kpi-trend]");
    await img.waitForExist({ timeout: 15000 });
    return img.getAttribute("src");
  };
  const before = await trendSrc();
  await screen("data", "データ");
  const forms = folder("照会-11月-様式", 10800);
  await type("[data-testid=inquiry-name]", "令和7年11月 進捗照会");
  await type("[data-testid=inquiry-as-of]", "令和7年11月20日");
  await type("[data-testid=inquiry-due]", "R7.11.28");
  await click("[data-testid=inquiry-new]");
  await until(async () => readdirSync(forms).includes("R7.11進捗照会_介護保険課.xlsx"), "the November forms were not written", 20000);
  const form = join(forms, "R7.11進捗照会_介護保険課.xlsx");
  const sheet = JSON.parse(py("inspect", form)).sheets.find((s) => s.name === "標準化");
  // the first step of the form that is not done yet
  const row = Object.entries(sheet.cells).find(
    ([k, v]) => /^G\d+$/.test(k) && k !== "G4" && !["完了済み", "対象外"].includes(v),
  )?.[0].slice(1);
  assert.ok(row, "介護保険課 has a step still open");
  const returns = folder("照会-11月-回答", 14400);
  py("answer", form, join(returns, "介護保険課.xlsx"), JSON.stringify({ 標準化: { [`G${row}`]: "完了済み", [`J${row}`]: "date:2025-11-18" } }));
  utimesSync(returns, new Date(Date.now() + 14400e3), new Date(Date.now() + 14400e3));
  await click("[data-testid=inquiry-read]");
  await until(async () => /変更 1行/.test(await text("[data-testid=inquiry-summary]")), "the return's change is previewed", 20000);
  await click("[data-testid=inquiry-apply]");
  await until(async () => /1 \/ \d+/.test(await text("[data-testid=inquiry-rounds]")), "the answer was not recorded", 15000);
  const after = await trendSrc();
  assert.notEqual(after, before, "the curve moved: one more step done in 令和7年11月");
  await click("[data-testid=undo]");
  await until(async () => (await trendSrc()) === before, "undo puts the curve back", 15000);
});
