// End-to-end, on the demo city in the REAL window: planning on the 工程表 itself. A bar dragged by a month with
// WebDriver pointer actions (the 和暦 label follows it; both dates change), stretched at its end, both undone; a bar
// moved with the keyboard; a drop before a predecessor's end refused with the reason, then moved anyway and undone;
// a bar stretched into its successor offering the shift dialog, 後続も動かす moving both as one undo step;
// two rows of Excel text pasted into the table (a real `paste` event with a DataTransfer), previewed, added, undone;
// checked rows copied out as Excel's tab-separated text.
// Needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, $, click, text, until, screen, openDemo, assertInert, HOSTILE } from "./window.mjs";

launch();

const FLOW = "窓口業務の業務フロー見直し（市民課・保険年金課）";
const COUNTER = "書かない窓口の試行開始";

/** The bar of the task named `name` (its aria-label starts with the name). */
async function bar(name) {
  const id = await browser.execute(
    (n) => [...document.querySelectorAll("[data-testid=gantt] [data-bar]")].find((b) => b.getAttribute("aria-label")?.startsWith(n + " ") || b.getAttribute("aria-label")?.startsWith("◆ " + n + " "))?.getAttribute("data-bar"),
    name,
  );
  assert.ok(id, `a bar for ${name}`);
  const el = await $(`[data-testid=gantt] [data-bar="${id}"]`);
  await el.scrollIntoView({ block: "center", inline: "center" });
  return el;
}

async function dates(name) {
  const el = await bar(name);
  return `${await el.getAttribute("data-start")}〜${await el.getAttribute("data-end")}`;
}

/** Presses at `x` px from the bar's centre, drags `dx` px to the right in steps, and (unless `hold`) releases. */
async function dragBar(el, x, dx, { hold = false } = {}) {
  const a = browser.action("pointer", { parameters: { pointerType: "mouse" } }).move({ origin: el, x, y: 0 }).down({ button: 0 });
  for (let i = 1; i <= 5; i++) a.move({ origin: "pointer", x: Math.round(dx / 5), y: 0, duration: 30 });
  if (!hold) a.up({ button: 0 });
  await a.perform(!hold);
}

test("工程表: a bar dragged by a month changes both dates, its end stretched, each one undo step", async () => {
  await openDemo();
  await screen("roadmap", "全体方針");
  await click("[data-zoom=quarter]");
  assert.equal(await dates(FLOW), "2024-04-01〜2025-09-30");
  const el = await bar(FLOW);
  // 四半期 zoom: 1.6 px a day, snapping to months; 50 px ≈ one month
  await dragBar(el, 0, 50, { hold: true });
  await until(async () => (await $("[data-testid=drag-tip]")).isExisting(), "the 和暦 label follows the drag");
  assert.equal(await text("[data-testid=drag-tip]"), "令和6年5月1日〜令和7年10月31日", "the new dates in 和暦 while dragging");
  if (process.env.DXPLAN_SHOTS) await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/roadmap-dragging.png`);
  await browser.action("pointer", { parameters: { pointerType: "mouse" } }).up({ button: 0 }).perform();
  await until(async () => (await dates(FLOW)) === "2024-05-01〜2025-10-31", "both dates moved by a month");
  assert.match(await text("[data-testid=undo]"), /元に戻す/);

  // the right end: a few px inside the bar's edge
  const moved = await bar(FLOW);
  const w = (await moved.getSize()).width;
  await dragBar(moved, Math.floor(w / 2) - 2, 50);
  await until(async () => (await dates(FLOW)) === "2024-05-01〜2025-11-30", "the end stretched by a month");
  if (process.env.DXPLAN_SHOTS) await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/roadmap-after-drag.png`);

  await click("[data-testid=undo]");
  await until(async () => (await dates(FLOW)) === "2024-05-01〜2025-10-31", "undo takes back the stretch");
  await click("[data-testid=undo]");
  await until(async () => (await dates(FLOW)) === "2024-04-01〜2025-09-30", "and then the move");
});

test("工程表: a selected bar moves by a month with → and back with undo", async () => {
  const el = await bar(FLOW);
  await browser.execute((e) => e.focus(), el);
  await browser.keys(["ArrowRight"]);
  await until(async () => (await dates(FLOW)) === "2024-05-01〜2025-10-31", "→ moved the bar by one month");
  await click("[data-testid=undo]");
  await until(async () => (await dates(FLOW)) === "2024-04-01〜2025-09-30", "undo puts it back");
});

test("工程表: a drop before the predecessor's end is refused with the reason; moving anyway is one undo step", async () => {
  assert.equal(await dates(COUNTER), "2026-01-05〜2026-01-05");
  const el = await bar(COUNTER);
  await dragBar(el, 0, -50 * 5);
  const msg = await text("[data-testid=drop-error]");
  assert.match(msg, new RegExp(`先行する作業『${FLOW.replace(/[()（）]/g, ".")}』の終了（令和7年9月30日）より前には動かせません`), msg);
  assert.equal(await dates(COUNTER), "2026-01-05〜2026-01-05", "the bar went back");
  if (process.env.DXPLAN_SHOTS) await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/roadmap-refused.png`);
  await click("[data-testid=drop-force]");
  await until(async () => (await dates(COUNTER)) === "2025-08-05〜2025-08-05", "moved anyway, five months earlier");
  await click("[data-testid=undo]");
  await until(async () => (await dates(COUNTER)) === "2026-01-05〜2026-01-05", "undo puts it back");
});

test("工程表: a bar stretched into its successor's start offers to shift it; 後続も動かす moves both as one undo step", async () => {
  assert.equal(await dates(COUNTER), "2026-01-05〜2026-01-05");
  const el = await bar(FLOW);
  const w = (await el.getSize()).width;
  // four months past its end at 四半期 zoom: into 書かない窓口の試行開始 (which may start once FLOW has ended)
  await dragBar(el, Math.floor(w / 2) - 2, 50 * 4);
  await (await $("[data-testid=shift-dialog]")).waitForDisplayed({ timeout: 10000 });
  assert.match(await text("[data-testid=shift-dialog]"), /書かない窓口の試行開始/, "the dialog names the successor");
  await click("[data-testid=shift-all]");
  await until(async () => (await dates(FLOW)).split("〜")[1] > "2026-01-05", "the bar's end moved into 令和8年");
  const end = (await dates(FLOW)).split("〜")[1];
  await until(async () => (await dates(COUNTER)).split("〜")[0] >= end, "the successor now starts after the new end");
  await click("[data-testid=undo]");
  await until(async () => (await dates(FLOW)) === "2024-04-01〜2025-09-30", "one undo puts the bar back");
  assert.equal(await dates(COUNTER), "2026-01-05〜2026-01-05", "and its successor");
});

test("標準化: a step's bar on the system's timeline is dragged by a month and moved with the keys, each undone", async () => {
  await screen("migration", "標準化・オンライン化");
  await click("[data-testid=tab-timeline]");
  await (await $("[data-testid=step-timeline]")).waitForDisplayed();
  const first = await browser.execute(() => document.querySelector("[data-testid=step-timeline] [data-bar]")?.getAttribute("data-bar"));
  assert.ok(first, "the first system's planned steps are drawn");
  const sel = `[data-testid=step-timeline] [data-bar="${first}"]`;
  const span = async () => `${await (await $(sel)).getAttribute("data-start")}〜${await (await $(sel)).getAttribute("data-end")}`;
  const before = await span();
  const el = await $(sel);
  await el.scrollIntoView({ block: "center", inline: "center" });
  await dragBar(el, 0, 50);
  await until(async () => (await span()) !== before, "the step moved by a month");
  const moved = await span();
  if (process.env.DXPLAN_SHOTS) await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/migration-timeline.png`);
  const [s0, s1] = [before.slice(0, 7), moved.slice(0, 7)];
  assert.notEqual(s0, s1, `the start moved to another month: ${before} → ${moved}`);
  await click("[data-testid=undo]");
  await until(async () => (await span()) === before, "undo puts the step back");
  await browser.execute((s) => document.querySelector(s)?.focus(), sel);
  await browser.keys(["Shift", "ArrowRight"]);
  await until(async () => (await span()) !== before, "Shift+→ stretched the end");
  assert.equal((await span()).slice(0, 10), before.slice(0, 10), "the start stayed");
  await click("[data-testid=undo]");
  await until(async () => (await span()) === before, "undo puts it back");
});

/** Dispatches a real `paste` event carrying `data` as text/plain on the 工程表 table. */
async function pasteIntoTable(data) {
  return browser.execute((t) => {
    const dt = new DataTransfer();
    dt.setData("text/plain", t);
    const target = document.querySelector("[data-testid=task-table-wrap]");
    target.focus();
    return target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

const rowCount = () => browser.execute(() => document.querySelectorAll("[data-testid=task-table] tbody tr").length);

test("工程表の表: two rows pasted from Excel are previewed, added as one undo step, and undone", async () => {
  await screen("roadmap", "全体方針");
  await click("[data-testid=mode-table]");
  await (await $("[data-testid=task-table]")).waitForDisplayed();
  const before = await rowCount();
  const tsv = `取組内容\t開始\t終了\t担当課\t状態\r\nAI議事録の試行\tR8.4.1\t２０２６／９／３０\tDX推進課\t未着手\r\n"${HOSTILE}"\t2026/10/1\t令和9年3月31日\t\t作業中\r\n`;
  const notCancelled = await pasteIntoTable(tsv);
  assert.equal(notCancelled, false, "the table takes the paste (the event is cancelled)");
  await (await $("[data-testid=paste-preview]")).waitForDisplayed();
  assert.match(await text("[data-testid=paste-preview] h3"), /2行（見出し行を除く）/);
  const preview = await text("[data-testid=paste-preview] tbody");
  assert.match(preview, /AI議事録の試行/);
  assert.match(preview, /令和8年4月1日/, "dates shown in 和暦");
  assert.match(preview, /令和8年9月30日/);
  await assertInert("the paste preview");
  if (process.env.DXPLAN_SHOTS) await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/roadmap-paste.png`);
  await click("[data-testid=paste-add]");
  await until(async () => (await rowCount()) === before + 2, "two rows added to the table");
  await assertInert("the table after the paste");
  assert.match(await text("[data-testid=undo]"), /元に戻す/);
  await click("[data-testid=undo]");
  await until(async () => (await rowCount()) === before, "one undo removes both rows");
});

test("工程表の表: a paste with unreadable cells lists each with its line and column and adds nothing", async () => {
  const before = await rowCount();
  await pasteIntoTable("調査\t2026/2/30\t2026/3/31\r\n検討\t2026/4/1\t2026/3/1\r\n");
  await (await $("[data-testid=paste-errors]")).waitForDisplayed();
  const errs = await text("[data-testid=paste-errors]");
  assert.match(errs, /1行目「開始」: 「2026\/2\/30」は存在しない日付です。/, errs);
  assert.match(errs, /2行目「終了」: 終了日（令和8年3月1日）が開始日（令和8年4月1日）より前です。/, errs);
  assert.equal(await (await $("[data-testid=paste-add]")).isEnabled(), false, "追加 is disabled");
  await click("[data-testid=paste-cancel]");
  assert.equal(await rowCount(), before, "nothing added");
});

test("工程表の表: checked rows are copied out as tab-separated text Excel pastes into columns", async () => {
  const ids = await browser.execute(() => [...document.querySelectorAll("[data-testid=task-table] tbody tr")].slice(0, 2).map((r) => r.getAttribute("data-task")));
  for (const id of ids) await click(`[data-testid=task-table] tr[data-task="${id}"] input.pick`);
  const copied = await browser.execute(() => {
    let out = null;
    const grab = (e) => {
      // the page's own handler has run (it sets the data and cancels the event): read what it set
      out = { data: e.clipboardData.getData("text/plain"), cancelled: e.defaultPrevented };
    };
    document.addEventListener("copy", grab);
    const dt = new DataTransfer();
    document.querySelector("[data-testid=task-table-wrap]").focus();
    document.querySelector("[data-testid=task-table-wrap]").dispatchEvent(new ClipboardEvent("copy", { clipboardData: dt, bubbles: true, cancelable: true }));
    document.removeEventListener("copy", grab);
    return out;
  });
  assert.ok(copied?.cancelled, "the page wrote the rows itself");
  // what the two rows show: 取組内容, 開始, 終了, 担当課, 状態 (dates as Excel writes them)
  const shown = await browser.execute((ids) =>
    ids
      .map((id) => {
        const tr = document.querySelector(`[data-testid=task-table] tr[data-task="${id}"]`);
        const v = (label) => tr.querySelector(`[aria-label="${label}"]`);
        const st = tr.querySelector("select");
        return [v("取組内容").value, v("開始日").value.replaceAll("-", "/"), v("終了日").value.replaceAll("-", "/"), v("担当課").value, st.options[st.selectedIndex].text].join("\t") + "\r\n";
      })
      .join(""),
  ids);
  assert.ok(/^[^\t]+\t\d{4}\/\d{2}\/\d{2}\t/.test(shown), `two rows with dates: ${shown}`);
  assert.equal(copied.data, shown, "the rows as the table shows them, one line each, cells split by tabs");
});
