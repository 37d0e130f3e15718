// End-to-end, on the demo city in the REAL window: planning on the 工程表 itself. A bar dragged by a month with
// WebDriver pointer actions (the 和暦 label follows it; both dates change), stretched at its end, both undone; a bar
// moved with the keyboard; a drop before a predecessor's end refused with the reason, then moved anyway and undone.
// Needs DXPLAN_APP = path of the app binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, $, click, text, until, screen, openDemo } from "./window.mjs";

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
