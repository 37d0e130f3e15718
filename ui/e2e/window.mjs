// Shared by the e2e test files: starts tauri-driver (which starts WebKitWebDriver and the REAL dxplan window) for the
// test file that calls launch(), ends them together afterwards, and gives the small helpers the tests click with.
// Each test file runs in its own process (node --test), so this module's state is one window per file.
// Not a test file itself (the runner only picks *.test.mjs).
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remote } from "webdriverio";

export const APP = process.env.DXPLAN_APP;
export const HOSTILE = "<img src=x onerror=alert(1)>";
export const work = mkdtempSync(join(tmpdir(), "dxplan-e2e-"));
/** Where the native dialogs are answered (DXPLAN_DIALOG_DIR): new workbooks, the demo, exports. */
export const outDir = join(work, "out");
const port = 4444 + Math.floor(Math.random() * 400);
let driver;
/** The WebdriverIO session on the app window (set in launch()'s `before`). */
export let browser;

async function waitForPort(p, ms) {
  const net = await import("node:net");
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((res) => {
      const s = net.connect(p, "127.0.0.1", () => (s.end(), res(true)));
      s.on("error", () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${p}`);
}

function killDriverGroup() {
  if (!driver?.pid) return;
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/** Registers the hooks that open the window before this file's tests and close it after them. */
export function launch() {
  before(async () => {
    assert.ok(APP && existsSync(APP), "DXPLAN_APP must name the built app binary");
    assert.ok(process.env.DISPLAY, "DISPLAY must be set (run under xvfb-run)");
    // its own process group: teardown ends tauri-driver, WebKitWebDriver and the app together
    driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 500)], {
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        DXPLAN_DIALOG_DIR: outDir,
        DXPLAN_CONFIG_DIR: join(work, "config"),
        DXPLAN_TODAY: "2025-11-20",
        DXPLAN_WORKBOOK: "",
      },
    });
    await waitForPort(port, 15000);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      capabilities: { "tauri:options": { application: APP } },
    });
  });
  after(async () => {
    await Promise.race([browser?.deleteSession().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    killDriverGroup();
  });
  process.on("exit", killDriverGroup);
}

export const $ = (sel) => browser.$(sel);

export async function click(sel) {
  const el = await $(sel);
  await el.waitForExist({ timeout: 10000 });
  await el.scrollIntoView({ block: "center" });
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

export async function type(sel, text) {
  const el = await $(sel);
  await el.waitForExist({ timeout: 10000 });
  await el.scrollIntoView({ block: "center" });
  await el.waitForDisplayed({ timeout: 10000 });
  await el.clearValue();
  await el.setValue(text);
}

export async function text(sel) {
  const el = await $(sel);
  await el.waitForDisplayed({ timeout: 10000 });
  return el.getText();
}

/** Waits until `fn` (run in the test, may call the browser) returns a truthy value; fails with `message`. */
export async function until(fn, message, timeout = 10000) {
  await browser.waitUntil(fn, { timeout, timeoutMsg: message });
}

/** Runs in the page: no <img> made from typed text, and the hostile string is present as text. */
export async function assertInert(where) {
  const r = await browser.execute((h) => {
    const imgs = [...document.querySelectorAll("img")].filter((i) => i.getAttribute("src") === "x");
    const inInput = [...document.querySelectorAll("input")].some((i) => i.value === h);
    return { imgs: imgs.length, shown: document.body.textContent.includes(h) || inInput };
  }, HOSTILE);
  assert.equal(r.imgs, 0, `${where}: typed markup became an element`);
  assert.ok(r.shown, `${where}: typed text is shown as text`);
}

/** Goes to one of the screens of the side bar and waits for its heading. */
export async function screen(id, heading) {
  await click(`[data-screen=${id}]`);
  await until(async () => (await text("main h2")).includes(heading), `${id}: no heading ${heading}`);
}

/** Opens the demo city from ホーム and waits for the 標準化 board it lands on. */
export async function openDemo() {
  await click("[data-screen=home]");
  await click("[data-testid=open-demo]");
  await (await $("[data-testid=board]")).waitForDisplayed({ timeout: 15000 });
}
