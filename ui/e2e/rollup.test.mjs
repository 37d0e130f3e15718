// End-to-end through the REAL window: 集計 does what `dxplan rollup DIR` does. A folder holding the demo city, a new
// workbook (`dxplan new`) and a damaged file is opened through the (test-answered) folder dialog WITHOUT an open
// workbook: both 団体 appear in the heat-map, the damaged file is listed with its reason, みなと川市 opens its
// detail with its 完了率; nothing in the folder changes. Then a folder whose 団体名 is markup shows it as text.
// The workbooks are made by the CLI built beside the app (DXPLAN_CLI, else target/debug/dxplan).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { launch, browser, $, click, text, until, screen, outDir, APP, HOSTILE } from "./window.mjs";

launch();

const CLI = process.env.DXPLAN_CLI || (APP ? join(dirname(APP), "dxplan") : "");

/**
 * A folder under the dialog folder that the folder dialog answers with (the newest subfolder): its time is set
 * `ahead` seconds into the future so that nothing the app writes meanwhile is newer.
 */
function folder(name, ahead, fill) {
  assert.ok(existsSync(CLI), `the CLI must be built beside the app (${CLI}); set DXPLAN_CLI`);
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  fill(dir);
  const t = new Date(Date.now() + ahead * 1000);
  utimesSync(dir, t, t);
  return dir;
}

const snapshot = (dir) => readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size, readFileSync(join(dir, f)).toString("base64")]);
const names = () =>
  browser.execute(() => [...document.querySelectorAll("[data-testid=rollup-entry]")].map((b) => b.textContent.trim()));

test("集計: a folder of two workbooks and a damaged file, read without an open workbook; みなと川市 drilled into", async (t) => {
  const dir = folder("集計-県内", 3600, (d) => {
    execFileSync(CLI, ["demo", join(d, "みなと川市.dxplan")]);
    execFileSync(CLI, ["new", "--name", "さくら町", join(d, "さくら町.dxplan")]);
    writeFileSync(join(d, "壊れた.dxplan"), "これはブックではありません");
    // さくら町 last changed 80 days before the app's today (2025-11-20): stale
    const old = new Date("2025-09-01T09:00:00");
    utimesSync(join(d, "さくら町.dxplan"), old, old);
  });
  const before = snapshot(dir);

  await screen("rollup", "集計");
  const started = Date.now();
  await click("[data-testid=rollup-open]");
  await (await $("[data-testid=rollup-matrix]")).waitForDisplayed({ timeout: 20000 });
  t.diagnostic(`click → heat-map shown: ${Date.now() - started} ms (3 files)`);
  const listed = await names();
  assert.ok(listed.includes("みなと川市") && listed.includes("さくら町"), `both 団体 are rows of the heat-map: ${listed}`);
  assert.equal(listed.length, 2, "the damaged file is not a row");
  const refused = await text("[data-testid=rollup-refused]");
  assert.match(refused, /壊れた\.dxplan/, "the damaged file is listed by name");
  // the demo city's 特定移行支援システム counted by the category of its 事由 (the national survey's)
  const causes = await text("[data-testid=rollup-causes]");
  assert.match(causes, /事由の区分ごとの件数/, "the causes card is shown");
  assert.match(causes, /メインフレーム/, `every category is listed: ${causes}`);
  assert.match(causes, /1件\s*1団体/, `one system in one 団体: ${causes}`);
  const cells = await browser.execute(
    () => [...document.querySelectorAll("[data-testid=rollup-matrix] tbody td.num")].filter((td) => td.style.backgroundColor).length,
  );
  assert.ok(cells > 20, `the heat-map's cells are coloured (${cells} coloured)`);

  if (process.env.DXPLAN_ROLLUP_SHOT) await browser.saveScreenshot(process.env.DXPLAN_ROLLUP_SHOT.replace(/\.png$/, "-matrix.png"));

  const stale = await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=rollup-matrix] tbody tr")].map((r) => [
      r.querySelector("[data-testid=rollup-entry]").textContent.trim(),
      r.querySelector("[data-testid=rollup-stale]").classList.contains("stale"),
      r.querySelector("[data-testid=rollup-stale]").textContent.trim(),
    ]),
  );
  assert.deepEqual(
    stale.find(([n]) => n === "さくら町"),
    ["さくら町", true, "80日前"],
    `a file untouched for 80 days is highlighted as stale: ${JSON.stringify(stale)}`,
  );

  const demo = await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=rollup-entry]")].findIndex((b) => b.textContent.trim() === "みなと川市"),
  );
  await (await browser.$$("[data-testid=rollup-entry]"))[demo].click();
  await until(async () => (await text("[data-testid=rollup-detail-name]")) === "みなと川市", "the detail of みなと川市 did not open");
  const completion = await text("[data-testid=rollup-detail-completion]");
  assert.match(completion, /^\d+\.\d%$/, `みなと川市's 完了率 is shown as a percentage: ${completion}`);
  const overall = await browser.execute(() => {
    const row = [...document.querySelectorAll("[data-testid=rollup-matrix] tbody tr")].find((r) => r.textContent.includes("みなと川市"));
    return row.children[1].textContent.trim();
  });
  assert.equal(completion, overall, "the detail shows the same 完了率 as the heat-map");
  assert.ok(await (await $("[data-testid=rollup-detail-systems]")).isDisplayed(), "the per-業務 完了率 are listed");
  if (process.env.DXPLAN_ROLLUP_SHOT) await browser.saveScreenshot(process.env.DXPLAN_ROLLUP_SHOT);

  // saved as the CLI's `-o 集計.xlsx` / `-o 集計.pdf` through the (test-answered) save dialog
  for (const ext of ["xlsx", "pdf"]) {
    await click(`[data-testid=rollup-save-${ext}]`);
    await until(() => existsSync(join(outDir, `集計.${ext}`)), `the roll-up was not saved as ${ext}`);
  }

  assert.deepEqual(snapshot(dir), before, "the roll-up changed nothing in the folder");
  const undo = await $("[data-testid=undo]");
  assert.equal(await undo.isEnabled(), false, "nothing to undo: the roll-up is not an edit");
});

test("集計: a 団体名 written as markup is shown as text", async () => {
  folder("集計-悪意", 7200, (d) => {
    execFileSync(CLI, ["new", "--name", HOSTILE, join(d, "hostile.dxplan")]);
  });
  await browser.execute(() => {
    window.__rollupAlerts = 0;
    window.alert = () => (window.__rollupAlerts += 1);
  });
  await click("[data-testid=rollup-open]");
  await until(async () => (await names()).includes(HOSTILE), "the markup name is not shown literally");
  await (await browser.$$("[data-testid=rollup-entry]"))[0].click();
  await until(async () => (await text("[data-testid=rollup-detail-name]")) === HOSTILE, "the detail shows the name as text");
  const r = await browser.execute(() => ({
    imgs: document.querySelectorAll("img[src=x], [onerror]").length,
    alerts: window.__rollupAlerts,
  }));
  assert.equal(r.imgs, 0, "the name became no element");
  assert.equal(r.alerts, 0, "nothing ran");
});
