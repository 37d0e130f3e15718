// Dragging on a 500-row 工程表 in the REAL window (Xvfb, WebDriver pointer actions): frame times while a bar follows
// the pointer (requestAnimationFrame timestamps taken in the page) and the edit round trip of each drop (pointer
// released → the page's Gantt stops changing after move_bar and the reloaded roadmap_view). Prints figures; not a
// test (nothing here fails on a slow machine).
//
// Usage (from the repo root, after `cargo build -p dxplan -p dxplan-app` and `npm --prefix ui run build`):
//   DXPLAN_APP=target/debug/dxplan-app DXPLAN_CLI=target/debug/dxplan xvfb-run -a -s "-screen 0 1600x1000x24" \
//     node ui/tools/bench-drag.mjs [drags]
// The workbook: the demo city (29 tasks) with 471 generated tasks added through `dxplan apply`: 500 rows
// (DXPLAN_BENCH_ROWS=N for another size). DXPLAN_BENCH_TRACE=1 prints, for the first drops, each IPC call's start and
// length after the release and when the page's main thread was busy (gaps in a message-channel loop).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remote } from "webdriverio";

const APP = process.env.DXPLAN_APP;
const CLI = process.env.DXPLAN_CLI ?? "target/debug/dxplan";
const DRAGS = Number(process.argv[2] ?? 20);
const work = mkdtempSync(join(tmpdir(), "dxplan-bench-drag-"));
const book = join(work, "large-roadmap.dxplan");

execFileSync(CLI, ["demo", book, "--force"]);
const edits = [];
const EXTRA = Number(process.env.DXPLAN_BENCH_ROWS ?? 500) - 29;
for (let i = 0; i < EXTRA; i++) {
  const y = 2021 + (i % 5);
  const m = 4 + (i % 9);
  edits.push({
    op: "put",
    entity: {
      kind: "task",
      row: {
        id: 0, initiative_id: 1 + (i % 16), name: `ベンチ取組${String(i + 1).padStart(3, "0")}`, owner_unit: null,
        plan: { start: `${y}-${String(m).padStart(2, "0")}-01`, end: `${y + 1}-03-31` },
        actual_start: null, actual_end: null, progress: (i * 7) % 100, status: i % 3 ? "in_progress" : "not_started",
        milestone: false, notes: "", sort: 1000 + i,
      },
    },
  });
}
writeFileSync(join(work, "edits.json"), JSON.stringify(edits));
execFileSync(CLI, ["apply", book, join(work, "edits.json")]);

const port = 5100 + Math.floor(Math.random() * 300);
const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 400)], {
  detached: true,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, DXPLAN_WORKBOOK: book, DXPLAN_CONFIG_DIR: join(work, "config"), DXPLAN_TODAY: "2025-11-20" },
});
const stop = () => {
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {
    // gone
  }
};
process.on("exit", stop);
await new Promise((r) => setTimeout(r, 1500));
const browser = await remote({ hostname: "127.0.0.1", port, logLevel: "error", capabilities: { "tauri:options": { application: APP } } });

const pct = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)];
};
const fmt = (v) => `p50 ${pct(v, 0.5).toFixed(1)} ms, p95 ${pct(v, 0.95).toFixed(1)} ms, max ${Math.max(...v).toFixed(1)} ms (n=${v.length})`;

try {
  await (await browser.$("[data-screen=roadmap]")).waitForClickable({ timeout: 20000 });
  await (await browser.$("[data-screen=roadmap]")).click();
  await (await browser.$("[data-testid=gantt]")).waitForDisplayed({ timeout: 20000 });
  await (await browser.$("[data-zoom=quarter]")).click();
  // a bar in the middle of the chart: scrolled to (only the rows near the window are drawn), then the one nearest
  // the middle of the chart's box
  await browser.execute(() => {
    const wrap = document.querySelector("[data-testid=gantt]");
    wrap.scrollTop = wrap.scrollHeight / 2 - wrap.clientHeight / 2;
  });
  await new Promise((r) => setTimeout(r, 500));
  const id = await browser.execute(() => {
    const box = document.querySelector("[data-testid=gantt]").getBoundingClientRect();
    const mid = box.top + box.height / 2;
    const bars = [...document.querySelectorAll("[data-testid=gantt] rect[data-bar]")].filter((b) => b.getAttribute("aria-label")?.startsWith("ベンチ取組"));
    bars.sort((a, b) => Math.abs(a.getBoundingClientRect().top - mid) - Math.abs(b.getBoundingClientRect().top - mid));
    return bars[0]?.getAttribute("data-bar");
  });
  const drawn = await browser.execute(() => document.querySelectorAll("[data-testid=gantt] [data-bar]").length);
  const sel = `[data-testid=gantt] [data-bar="${id}"]`;
  // page-side probes: rAF timestamps while asked, the pointer's release, the last change of the chart's DOM
  await browser.execute(() => {
    const w = window;
    w.__bench = { frames: [], run: false, up: 0, last: 0, first: 0 };
    const loop = (t) => {
      if (!w.__bench.run) return;
      w.__bench.frames.push(t);
      requestAnimationFrame(loop);
    };
    w.__benchStart = () => {
      w.__bench.frames = [];
      w.__bench.run = true;
      requestAnimationFrame(loop);
    };
    window.addEventListener("pointerup", () => ((w.__bench.up = performance.now()), (w.__bench.first = 0), (w.__bench.calls = [])), true);
    // DXPLAN_BENCH_TRACE: when the page's main thread was busy after a release (gaps in a message-channel loop)
    w.__bench.gaps = [];
    window.addEventListener("pointerup", () => {
      const up = performance.now();
      const ch = new MessageChannel();
      let last = up;
      w.__bench.gaps = [];
      ch.port1.onmessage = () => {
        const t = performance.now();
        if (t - last > 8) w.__bench.gaps.push([Math.round(last - up), Math.round(t - last)]);
        last = t;
        if (t - up < 600) ch.port2.postMessage(0);
      };
      ch.port2.postMessage(0);
    });
    // each IPC call after the release, timed where the page makes it: where the round trip's time goes
    w.__bench.calls = [];
    w.__dxplanIpcTrace = (cmd, start, end) => {
      if (w.__bench.up && start >= w.__bench.up) w.__bench.calls.push([cmd, start - w.__bench.up, end - start]);
    };
    new MutationObserver(() => {
      const t = performance.now();
      if (!w.__bench.first && w.__bench.up && t > w.__bench.up) w.__bench.first = t;
      w.__bench.last = t;
    }).observe(document.querySelector("[data-testid=gantt]"), {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  // the window's own pace with nothing moving: what the frame times below can be compared with
  const idle = [];
  for (let k = 0; k < 5; k++) {
    await browser.execute(() => window.__benchStart());
    await new Promise((r) => setTimeout(r, 500));
    const f = await browser.execute(() => {
      window.__bench.run = false;
      return window.__bench.frames;
    });
    for (let i = 1; i < f.length; i++) idle.push(f[i] - f[i - 1]);
  }
  // the view's IPC alone, with the page otherwise idle: the answer's size and the call → parsed answer time
  const alone = await browser.execute(async () => {
    const out = [];
    let size = 0;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const v = await window.__TAURI_INTERNALS__.invoke("roadmap_view", {});
      out.push(performance.now() - t0);
      size = JSON.stringify(v).length;
    }
    return [out, size];
  });
  const calls = new Map();
  const answered = [];
  const frameTimes = [];
  const trips = [];
  const firsts = [];
  for (let k = 0; k < DRAGS; k++) {
    const el = await browser.$(sel);
    await el.scrollIntoView({ block: "center", inline: "center" });
    await browser.execute(() => window.__benchStart());
    const dir = k % 2 === 0 ? 1 : -1;
    const a = browser.action("pointer", { parameters: { pointerType: "mouse" } }).move({ origin: el, x: 0, y: 0 }).down({ button: 0 });
    // one month at 四半期 (≈ 49 px), in 25 moves over ≈ 0.5 s, like a hand
    for (let i = 0; i < 25; i++) a.move({ origin: "pointer", x: 2 * dir, y: 0, duration: 20 });
    await a.perform(true);
    const f = await browser.execute(() => {
      window.__bench.run = false;
      return window.__bench.frames;
    });
    for (let i = 1; i < f.length; i++) frameTimes.push(f[i] - f[i - 1]);
    await browser.action("pointer", { parameters: { pointerType: "mouse" } }).up({ button: 0 }).perform();
    // the round trip: release → the chart's last change (move_bar, then the reloaded view drawn)
    await new Promise((r) => setTimeout(r, 1200));
    const t = await browser.execute(() => [window.__bench.last - window.__bench.up, window.__bench.first - window.__bench.up]);
    const made = await browser.execute(() => window.__bench.calls);
    if (process.env.DXPLAN_BENCH_TRACE && k < 4) {
      const gaps = await browser.execute(() => window.__bench.gaps);
      console.log(`drop ${k + 1}: calls ${made.map(([c, at, took]) => `${c} @${Math.round(at)}+${Math.round(took)}`).join(", ")}; busy ${gaps.map(([at, len]) => `@${at}+${len}`).join(" ")}; last change @${Math.round(t[0])}`);
    }
    for (const [cmd, , took] of made) calls.set(cmd, [...(calls.get(cmd) ?? []), took]);
    if (made.length) answered.push(Math.max(...made.map(([, at, took]) => at + took)));
    if (t[0] > 0) trips.push(t[0]);
    if (t[1] > 0) firsts.push(t[1]);
  }
  const dropped = frameTimes.filter((d) => d > 1.5 * (1000 / 60)).length;
  console.log(`工程表 rows with a bar: ${EXTRA + 29} (${drawn} of them drawn near the window); ${DRAGS} drags of one month at 四半期`);
  console.log(`roadmap_view alone (page idle, ${(alone[1] / 1024).toFixed(0)} KiB of JSON): ${fmt(alone[0])}`);
  console.log(`frame time with nothing moving (rAF intervals, the window's own pace): ${fmt(idle)}`);
  console.log(`frame time while dragging (rAF intervals): ${fmt(frameTimes)}; over 25 ms: ${dropped}`);
  console.log(`edit round trip (release → chart redrawn from the saved edit): ${fmt(trips)}`);
  console.log(`  release → the last IPC answer (the rest is the page drawing): ${fmt(answered)}`);
  for (const [cmd, v] of calls) console.log(`  IPC ${cmd} (call → answer in the page): ${fmt(v)}`);
  console.log(`  of which release → first change of the chart (the ghost's bar at its saved dates): ${fmt(firsts)}`);
} finally {
  await Promise.race([browser.deleteSession().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  stop();
}
