// Screenshots of every screen on the demo workbook, taken through WebDriver from the REAL window under Xvfb.
// Usage (from the repo root): scripts/screenshots [out-dir]  (default docs/screenshots)
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

const APP = process.env.DXPLAN_APP;
const out = resolve(process.argv[2] ?? "docs/screenshots");
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "dxplan-shots-"));
const port = 4900 + Math.floor(Math.random() * 90);
const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 100)], {
  detached: true,
  stdio: ["ignore", "inherit", "inherit"],
  env: {
    ...process.env,
    DXPLAN_DIALOG_DIR: join(work, "out"),
    DXPLAN_CONFIG_DIR: join(work, "config"),
    DXPLAN_WORKBOOK: process.env.DXPLAN_WORKBOOK ?? "",
  },
});
await new Promise((r) => setTimeout(r, 1500));
const browser = await remote({ hostname: "127.0.0.1", port, logLevel: "error", capabilities: { "tauri:options": { application: APP } } });
try {
  const frames = () => browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
  async function shot(name) {
    await new Promise((r) => setTimeout(r, 400));
    await frames();
    writeFileSync(join(out, `${name}.png`), Buffer.from(await browser.takeScreenshot(), "base64"));
    console.log(`${name}.png`);
  }
  async function go(screen) {
    await (await browser.$(`[data-screen=${screen}]`)).click();
  }
  if (!process.env.DXPLAN_WORKBOOK) await (await browser.$("[data-testid=open-demo]")).click();
  await (await browser.$("[data-testid=board]")).waitForDisplayed({ timeout: 15000 });
  await go("home");
  await shot("home");
  await go("migration");
  await shot("migration");
  await (await browser.$("[data-testid=board] button.dates.late")).click();
  await (await browser.$("[data-testid=step-panel]")).waitForDisplayed();
  await shot("migration-step");
  await (await browser.$("[data-testid=step-panel] button.close")).click();
  await (await browser.$("button=オンライン化（手続）")).click();
  await shot("procedures");
  await go("roadmap");
  await (await browser.$("[data-testid=gantt]")).waitForDisplayed();
  await shot("roadmap");
  await (await browser.$("[data-zoom=quarter]")).click();
  await browser.execute(() =>
    document.querySelectorAll("[data-testid=gantt] [data-row^=task] .row-bg")[3]?.dispatchEvent(new MouseEvent("click", { bubbles: true })),
  );
  await shot("roadmap-quarter");
  await (await browser.$("[data-testid=mode-table]")).click();
  await shot("roadmap-table");
  await go("org");
  await (await browser.$("[data-testid=org-chart] img")).waitForDisplayed({ timeout: 15000 });
  await shot("org-chart");
  await (await browser.$("[data-testid=org-tab-list]")).click();
  await (await browser.$("[data-testid=org-tree] button.node.body")).click();
  await shot("org");
  await go("training");
  await shot("training");
  await (await browser.$("[data-testid=course-add]")).click();
  await (await browser.$("[data-testid=course-form]")).scrollIntoView();
  await shot("training-course");
  await go("kpi");
  await (await browser.$("[data-testid=kpi-systems]")).waitForDisplayed({ timeout: 10000 });
  await shot("kpi");
  const trend = await browser.$("[data-testid=kpi-trend]");
  await trend.waitForDisplayed({ timeout: 10000 });
  await trend.scrollIntoView();
  await shot("kpi-trend");
  await go("meeting");
  await (await browser.$("[data-testid=late]")).waitForDisplayed({ timeout: 10000 });
  await shot("meeting");
  await go("export");
  await (await browser.$("[data-testid=preview]")).waitForDisplayed({ timeout: 20000 });
  await shot("export");
  await go("data");
  await (await browser.$("[data-testid=baseline-diff]")).click();
  await (await browser.$("[data-testid=check-run]")).click();
  await (await browser.$("[data-testid=check-findings]")).waitForDisplayed({ timeout: 10000 });
  await shot("data");
  // 取り込み: the preview of the e2e's CP932 staff list (one rejected line)
  mkdirSync(join(work, "out"), { recursive: true });
  copyFileSync(resolve("ui/e2e/fixtures/staff-cp932.csv"), join(work, "out", "職員一覧.csv"));
  await (await browser.$("[data-testid=import-choose]")).click();
  await (await browser.$("[data-testid=import-preview]")).waitForDisplayed({ timeout: 20000 });
  await (await browser.$("[data-testid=import]")).scrollIntoView({ block: "start" });
  await shot("data-import");
  await go("money");
  await (await browser.$("[data-testid=grant-claims]")).waitForDisplayed({ timeout: 10000 });
  await shot("money");
  await (await browser.$("[data-testid=money-budgets]")).scrollIntoView({ block: "start" });
  await shot("money-budget");
} finally {
  await browser.deleteSession().catch(() => {});
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
