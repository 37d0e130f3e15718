// End-to-end through the REAL window: the データ screen does what `dxplan baseline`, `backups`, `restore`, `backup`
// and `check` do. A baseline is taken (a bad date refused next to its field, nothing saved), offered by 会議,
// renamed and the rename undone; a backup is restored and the restore gone back on through the snapshot taken
// before it; a copy is saved through the (test-answered) save dialog; the check report links to its screens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { launch, browser, $, click, type, text, until, screen, openDemo, outDir } from "./window.mjs";

launch();

const NAME = "令和7年12月議会報告時点";
const baselineNames = () =>
  browser.execute(() => [...document.querySelectorAll("[data-testid=baseline-row-name]")].map((e) => e.textContent.trim()));
const meetingOptions = () =>
  browser.execute(() => [...document.querySelectorAll("main select option")].map((o) => o.textContent.trim()));
const backupReasons = () =>
  browser.execute(() => [...document.querySelectorAll("[data-testid=backup-list] tbody tr")].map((r) => r.children[1].textContent.trim()));

test("基準計画: a bad date is refused next to its field and nothing is saved", async () => {
  await openDemo();
  await screen("data", "データ");
  const before = await baselineNames();
  await type("[data-testid=baseline-name]", NAME);
  await type("[data-testid=baseline-date]", "令和7年13月40日");
  await click("[data-testid=baseline-take]");
  await until(async () => (await $("[data-testid=baseline-date] ~ .field-error")).isExisting(), "no message next to 基準日");
  assert.match(await text("[data-testid=baseline-date] ~ .field-error"), /基準日/);
  assert.deepEqual(await baselineNames(), before, "the refused baseline was not saved");
});

test("基準計画: taken, offered by 会議, renamed, the rename undone", async () => {
  await type("[data-testid=baseline-date]", "令和7年12月1日");
  await click("[data-testid=baseline-take]");
  await until(async () => (await baselineNames()).includes(NAME), "the new baseline is not listed");
  await screen("meeting", "会議");
  await until(async () => (await meetingOptions()).some((o) => o.startsWith(NAME)), "会議 does not offer the new baseline");

  await screen("data", "データ");
  const row = await browser.execute(
    (n) => [...document.querySelectorAll("[data-testid=baseline-row-name]")].findIndex((e) => e.textContent.trim() === n),
    NAME,
  );
  const renames = await browser.$$("[data-testid=baseline-rename]");
  await renames[row].click();
  await type("[data-testid=baseline-rename-input]", "12月議会");
  await click("[data-testid=baseline-rename-save]");
  await until(async () => (await baselineNames()).includes("12月議会"), "the renamed baseline is not listed");
  await screen("meeting", "会議");
  await until(async () => (await meetingOptions()).some((o) => o.startsWith("12月議会")), "会議 does not offer the new name");

  await screen("data", "データ");
  await click("[data-testid=undo]");
  await until(async () => (await baselineNames()).includes(NAME), "undo did not give the old name back");
  assert.ok(!(await baselineNames()).includes("12月議会"), "the new name is gone after undo");
});

test("基準計画: what differs from the current plan", async () => {
  // the demo's own baseline (taken earlier) differs from today's plan; the one just taken does not
  const names = await baselineNames();
  const diffs = await browser.$$("[data-testid=baseline-diff]");
  await diffs[names.indexOf(NAME)].click();
  await (await $("[data-testid=baseline-diff-empty]")).waitForDisplayed({ timeout: 10000 });
  const older = names.findIndex((n) => n !== NAME);
  assert.ok(older >= 0, `the demo has a baseline of its own: ${names}`);
  await diffs[older].click();
  await (await $("[data-testid=baseline-diff-rows]")).waitForDisplayed({ timeout: 10000 });
  const rows = await browser.execute(() => document.querySelectorAll("[data-testid=baseline-diff-rows] tbody tr").length);
  assert.ok(rows > 0, "the older baseline lists rows that moved");
});

test("バックアップ: restore the snapshot taken before the first edit, then go back", async () => {
  await until(async () => (await backupReasons()).includes("定時"), "the first edit's automatic backup is not listed");
  const reasons = await backupReasons();
  const restores = await browser.$$("[data-testid=backup-restore]");
  await restores[reasons.lastIndexOf("定時")].click();
  await click("[data-testid=backup-restore-confirm]");
  await until(async () => !(await baselineNames()).includes(NAME), "the restored workbook still has the new baseline");
  await until(async () => (await backupReasons())[0] === "復元の前", "the content before the restore was not backed up first");
  assert.equal(await (await $("[data-testid=undo]")).isEnabled(), false, "the undo history starts afresh on the restored file");
  await screen("meeting", "会議");
  assert.ok(!(await meetingOptions()).some((o) => o.startsWith(NAME)), "会議 no longer offers the restored-away baseline");

  // going back: restore the backup taken just before
  await screen("data", "データ");
  await (await browser.$$("[data-testid=backup-restore]"))[0].click();
  await click("[data-testid=backup-restore-confirm]");
  await until(async () => (await baselineNames()).includes(NAME), "restoring 復元の前 did not bring the baseline back");
});

test("バックアップ: a copy through the save dialog", async () => {
  await click("[data-testid=save-copy]");
  await until(async () => existsSync(join(outDir, "demo-みなと川市-コピー.dxplan")), "the copy was not written where the dialog said");
  // saving again over the same name (the dialog has asked about replacing it) succeeds too
  await click("[data-testid=save-copy]");
  await browser.pause(500);
  assert.equal(await (await $("[data-testid=backup-error]")).isExisting(), false, "saving over an earlier copy is refused");
});

test("チェック: the report, each finding linked to its screen", async () => {
  await click("[data-testid=check-run]");
  await until(async () => (await text("[data-testid=check-summary]")).length > 0, "no check summary");
  assert.match(await text("[data-testid=check-summary]"), /問題はありません/);
  // the demo plans two steps of 介護保険 past the system's deadline: a warning about that system
  assert.match(await text("[data-testid=check-findings]"), /介護保険/);
  const links = await browser.$$("[data-testid=finding-link]");
  assert.equal(links.length, 1, "one warning, one link");
  assert.match(await links[0].getText(), /標準化・オンライン化/);
  await links[0].click();
  await until(
    () => browser.execute(() => document.querySelector("nav button.active")?.textContent.trim() === "標準化・オンライン化"),
    "the finding's link did not open 標準化・オンライン化",
  );
});
