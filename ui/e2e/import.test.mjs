// End-to-end through the REAL window: 取り込み on the データ screen does what `dxplan import staff` does, with a
// preview first. A CP932 staff list (fixtures/staff-cp932.csv, made with `iconv -f UTF-8 -t CP932`: 髙﨑　一郎 and
// 山﨑　花子, and line 3 without a name) is chosen through the (test-answered) open dialog; the preview shows the
// rejected line with its reason and changes nothing; the apply is refused until 「取り込めない行を除いて取り込む」 is
// ticked; one undo removes the imported staff again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, browser, $, click, text, until, screen, openDemo, outDir, HOSTILE, assertInert } from "./window.mjs";

launch();

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "staff-cp932.csv");

/** The names in the selected unit's people list on 推進体制. */
const peopleNames = () =>
  browser.execute(() => [...document.querySelectorAll("input[aria-label=氏名]")].map((i) => i.value));

test("取り込み: a CP932 staff list is previewed with its rejected line, refused, accepted, and undone", async () => {
  await openDemo();
  mkdirSync(outDir, { recursive: true });
  copyFileSync(FIXTURE, join(outDir, "職員一覧.csv"));
  await screen("data", "データ");
  await click("[data-testid=import-choose]");
  await (await $("[data-testid=import-preview]")).waitForDisplayed({ timeout: 20000 });
  const summary = await text("[data-testid=import-summary]");
  assert.match(summary, /職員一覧\.csv/);
  assert.match(summary, /追加 2件/);
  assert.match(summary, /取り込めない行 1件/);
  const rejected = await text("[data-testid=import-rejected]");
  assert.match(rejected, /3/, "the rejected line's number");
  assert.match(rejected, /氏名が空欄/, "the rejected line's reason");
  const added = await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=import-added]")].map((r) => r.textContent).join("\n"),
  );
  assert.match(added, /髙﨑　一郎/, "CP932's 髙 and 﨑 decoded");
  assert.match(added, /山﨑　花子/);
  assert.equal(await (await $("[data-testid=undo]")).isEnabled(), false, "the preview changed nothing");

  // refused until the rejected line is accepted
  await click("[data-testid=import-apply]");
  await until(async () => (await $("[data-testid=import-error]")).isExisting(), "the apply was not refused");
  assert.match(await text("[data-testid=import-error]"), /取り込めない行が1行/);
  assert.equal(await (await $("[data-testid=undo]")).isEnabled(), false, "the refusal changed nothing");

  await click("[data-testid=import-accept-partial]");
  await click("[data-testid=import-apply]");
  await until(async () => !(await (await $("[data-testid=import-preview]")).isExisting()), "the preview stayed after the apply");
  await until(async () => (await $("[data-testid=undo]")).isEnabled(), "the import is not an undo step");
  assert.match(await (await $("[data-testid=undo]")).getAttribute("title"), /職員名簿の取り込み/);

  // the imported staff are DX推進課's people on 推進体制
  await screen("org", "推進体制");
  await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=org-tree] button.node")].find((b) => b.textContent.includes("DX推進課"))?.click(),
  );
  await until(async () => (await peopleNames()).includes("髙﨑　一郎"), "髙﨑　一郎 is not among DX推進課's people");
  assert.ok((await peopleNames()).includes("山﨑　花子"), "山﨑　花子 is among DX推進課's people");

  // one undo removes both
  await click("[data-testid=undo]");
  await until(async () => !(await peopleNames()).includes("髙﨑　一郎"), "undo left 髙﨑　一郎");
  assert.ok(!(await peopleNames()).includes("山﨑　花子"), "undo left 山﨑　花子");
  assert.ok((await peopleNames()).length > 0, "DX推進課's own people are still listed");
});

test("取り込み: markup in a file's name and cells is shown as text, and やめる changes nothing", async () => {
  await screen("data", "データ");
  const undoBefore = await (await $("[data-testid=undo]")).getAttribute("title");
  writeFileSync(join(outDir, `${HOSTILE}.csv`), `職員番号,氏名,ふりがな,所属,職位\n900201,${HOSTILE},かな,DX推進課,${HOSTILE}\n`);
  await click("[data-testid=import-choose]");
  await (await $("[data-testid=import-preview]")).waitForDisplayed({ timeout: 20000 });
  assert.match(await text("[data-testid=import-summary]"), /追加 1件/);
  await assertInert("the import preview");
  await click("[data-testid=import-discard]");
  await until(async () => !(await (await $("[data-testid=import-preview]")).isExisting()), "やめる left the preview");
  assert.equal(await (await $("[data-testid=undo]")).getAttribute("title"), undoBefore, "やめる added no undo step");
});

test("取り込み: while a large file is read the window answers and counts its rows, and やめる leaves no preview and no change", async () => {
  await screen("data", "データ");
  const undoBefore = await (await $("[data-testid=undo]")).getAttribute("title");
  const ROWS = 200000;
  let csv = "職員番号,氏名,ふりがな,所属,職位\n";
  for (let i = 0; i < ROWS; i++) csv += `${9000000 + i},職員${i},しょくいん,DX推進課,主事\n`;
  writeFileSync(join(outDir, "大きい名簿.csv"), csv);
  await click("[data-testid=import-choose]");
  await (await $("[data-testid=import-working]")).waitForDisplayed({ timeout: 10000 });
  // another command answers meanwhile: the check report
  const asked = Date.now();
  await click("[data-testid=check-run]");
  await until(async () => (await text("[data-testid=check-summary]")).length > 0, "the check did not answer while the file was read");
  const answeredMs = Date.now() - asked;
  assert.ok(
    await (await $("[data-testid=import-working]")).isExisting(),
    `the file was already read when the check answered (${answeredMs} ms): pick a larger file`,
  );
  console.log(`# check answered in ${answeredMs} ms while the 200,000-line file was read`);
  // the count of rows planned grows under the bar (「12,000 / 200,000 行」)
  const counts = [];
  await until(async () => {
    const m = (await text("[data-testid=import-count]")).match(/^([\d,]+) \/ 200,000 行$/);
    if (m) counts.push(Number(m[1].replaceAll(",", "")));
    return counts.length >= 2 && counts.at(-1) > counts[0];
  }, "the count under the bar did not grow", 30000);
  assert.ok(counts.at(-1) < ROWS, `the count reached the end before やめる: ${counts}`);
  assert.ok(await (await $("[data-testid=import-bar]")).isDisplayed(), "the progress bar is shown");
  if (process.env.DXPLAN_E2E_SHOTS) await browser.saveScreenshot(join(process.env.DXPLAN_E2E_SHOTS, "import-progress.png"));
  console.log(`# counts seen while the 200,000-line file was planned: ${counts.join(", ")}`);
  await click("[data-testid=import-cancel]");
  await until(async () => !(await (await $("[data-testid=import-working]")).isExisting()), "やめる left the reading note");
  await browser.pause(3000); // the planning stops at its next count: no answer comes
  assert.equal(await (await $("[data-testid=import-preview]")).isExisting(), false, "a cancelled preview appeared");
  assert.equal(await (await $("[data-testid=undo]")).getAttribute("title"), undoBefore, "やめる changed the workbook");
});
