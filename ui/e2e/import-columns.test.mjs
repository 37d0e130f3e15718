// End-to-end through the REAL window: 取り込み's header mapping (issue #15). A personnel export whose 職員番号 is
// under 社員コード (a header the guesser does not know) and whose 職名 column (a job type) stands before the real
// 職位 is chosen through the (test-answered) open dialog: the preview reads no row and says why, 取り込む is
// disabled, the 列の対応 drop-downs list the file's headers; choosing 社員コード for 職員番号 and 職位 for 職位 reads
// the file again with them, the apply imports the person with the chosen columns, and one undo removes them.
// A header written as markup is shown as text in the drop-down.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, browser, $, click, text, until, screen, openDemo, outDir, HOSTILE, assertInert } from "./window.mjs";

launch();

/** The value and the options of the 列の対応 drop-down for `field`. */
const columnSelect = (field) =>
  browser.execute((f) => {
    const s = document.querySelector(`[data-testid=import-column-select][data-field="${f}"]`);
    return s ? { value: s.value, options: [...s.options].map((o) => o.textContent) } : null;
  }, field);

const choose = async (field, header) => {
  const s = await $(`[data-testid=import-column-select][data-field="${field}"]`);
  await s.selectByVisibleText(header);
};

test("取り込み: a staff list the guesser misreads is read once its columns are chosen, applied, and undone", async () => {
  await openDemo();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, "人事システム出力.csv"),
    `社員コード,名前,所属,職名,職位,${HOSTILE}\nA-0101,髙橋　一郎,DX推進課,事務,主事,x\nA-0102,山﨑　花子,DX推進課,技術,主任,y\n`,
  );
  await screen("data", "データ");
  await click("[data-testid=import-choose]");
  await (await $("[data-testid=import-preview]")).waitForDisplayed({ timeout: 20000 });
  assert.match(await text("[data-testid=import-unmapped]"), /「職員番号」と「氏名」の列が必要です/, "why no row was read");
  assert.equal(await (await $("[data-testid=import-apply]")).isEnabled(), false, "取り込む is disabled while 職員番号 has no column");
  const no = await columnSelect("職員番号");
  assert.equal(no.value, "", "no column guessed for 職員番号");
  assert.deepEqual(
    no.options,
    ["（選んでください）", "社員コード", "名前", "所属", "職名", "職位", HOSTILE],
    "the file's headers to choose from, the markup one as text",
  );
  assert.equal((await columnSelect("氏名")).value, "名前", "氏名 guessed from 名前");
  assert.equal((await columnSelect("職位")).value, "職名", "the guess takes 職名 for 職位");
  await assertInert("the 列の対応 drop-downs");
  if (process.env.DXPLAN_E2E_SHOTS) await browser.saveScreenshot(join(process.env.DXPLAN_E2E_SHOTS, "import-columns-unmapped.png"));

  await choose("職員番号", "社員コード");
  await until(async () => !(await (await $("[data-testid=import-unmapped]")).isExisting()), "choosing 社員コード left the refusal");
  assert.match(await text("[data-testid=import-summary]"), /追加 2件/, "both rows read with the chosen column");
  await choose("職位", "職位");
  await until(async () => (await columnSelect("職位")).value === "職位", "the 職位 choice was not kept");
  const added = await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=import-added]")].map((r) => r.textContent).join("\n"),
  );
  assert.match(added, /A-0101 髙橋　一郎/, "the 社員コード read as 職員番号");
  assert.equal((await columnSelect("職員番号")).value, "社員コード", "the first choice kept when choosing the second");
  if (process.env.DXPLAN_E2E_SHOTS) await browser.saveScreenshot(join(process.env.DXPLAN_E2E_SHOTS, "import-columns-chosen.png"));
  assert.equal(await (await $("[data-testid=import-apply]")).isEnabled(), true, "取り込む enabled once the columns are chosen");
  await click("[data-testid=import-apply]");
  await until(async () => !(await (await $("[data-testid=import-preview]")).isExisting()), "the preview stayed after the apply");
  await until(async () => (await $("[data-testid=undo]")).isEnabled(), "the import is not an undo step");
  assert.match(await (await $("[data-testid=undo]")).getAttribute("title"), /職員名簿の取り込み/);

  // the imported people on 推進体制, with the chosen 職位
  await screen("org", "推進体制");
  await browser.execute(() =>
    [...document.querySelectorAll("[data-testid=org-tree] button.node")].find((b) => b.textContent.includes("DX推進課"))?.click(),
  );
  const people = () =>
    browser.execute(() => [...document.querySelectorAll("input[aria-label=氏名]")].map((i) => i.value));
  await until(async () => (await people()).includes("山﨑　花子"), "山﨑　花子 is not among DX推進課's people");
  const positions = await browser.execute(() => [...document.querySelectorAll("input[aria-label=職位]")].map((i) => i.value));
  assert.ok(positions.includes("主任"), `the chosen 職位 column was read: ${positions}`);
  assert.ok(!positions.includes("技術"), `the 職名 column was not read as 職位: ${positions}`);
  await click("[data-testid=undo]");
  await until(async () => !(await people()).includes("山﨑　花子"), "undo left 山﨑　花子");
  assert.ok(!(await people()).includes("髙橋　一郎"), "undo left 髙橋　一郎");
});
