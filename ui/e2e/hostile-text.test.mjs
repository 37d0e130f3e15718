// End-to-end through the REAL window: the hostile string `<img src=x onerror=alert(1)>` is typed into every text
// field of every screen (each distinct field once: the first row of a table stands for its column; editors that a
// button opens are opened first; screens are read from the side bar), each change is committed (Tab, and the
// screen's add/save buttons), and then every screen is visited again. Nowhere may the text
// become an element or run: no <img src=x> in the DOM, no alert, and the string is shown literally where it was
// saved (the org tree, the vision, the Gantt, error messages quoting it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, $, click, until, screen, openDemo, HOSTILE } from "./window.mjs";

launch();

const FIELDS = "input:not([type]), input[type=text], input[type=search], textarea";
const filled = new Map(); // screen → field keys typed into

/**
 * No element made from the typed markup, and nothing ran: window.alert is replaced by a counter when a screen is
 * first filled (a real alert would also fail every later WebDriver command with "unexpected alert open").
 */
async function assertNoMarkup(where) {
  const found = await browser.execute(() => ({
    imgs: [...document.querySelectorAll("img")].filter((i) => !(i.getAttribute("src") ?? "").startsWith("data:image/svg+xml")).map((i) => i.outerHTML),
    // any element whose tag came out of the string, or an onerror attribute anywhere
    injected: document.querySelectorAll("[onerror], img[src=x]").length,
    alerts: window.__dxplanAlerts ?? 0,
  }));
  assert.deepEqual(found.imgs, [], `${where}: an <img> that is not the export preview appeared`);
  assert.equal(found.injected, 0, `${where}: typed markup became an element`);
  assert.equal(found.alerts, 0, `${where}: alert() ran`);
}

async function countAlerts() {
  await browser.execute(() => {
    if (window.__dxplanAlerts === undefined) {
      window.__dxplanAlerts = 0;
      window.alert = () => {
        window.__dxplanAlerts += 1;
      };
    }
  });
}

/** Whether the page shows the hostile string literally, as text or as a field's value. */
const shown = () =>
  browser.execute(
    (h, sel) => document.body.textContent.includes(h) || [...document.querySelectorAll(sel)].some((f) => f.value === h),
    HOSTILE,
    FIELDS,
  );

/**
 * Types HOSTILE into each distinct visible text field of the current screen and leaves it with Tab (fields save on
 * change). Fields appearing afterwards (error rows, editors) are typed into too. Returns the keys of the fields.
 */
async function fillEvery(where) {
  await countAlerts();
  const done = new Set(filled.get(where) ?? []);
  for (let round = 0; round < 200; round++) {
    const key = await browser.execute(
      (sel, done) => {
        for (const f of document.querySelectorAll("[data-hostile-target]")) f.removeAttribute("data-hostile-target");
        for (const f of document.querySelectorAll(sel)) {
          if (f.disabled || f.readOnly || !f.getClientRects().length) continue;
          const label = f.closest("label");
          const labelText = label ? [...label.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join("") : "";
          // fields of the same name in different forms are different fields (e.g. a unit's 名称 and a new unit's)
          const form = f.closest("form");
          const scope = form ? `form${[...document.forms].indexOf(form)}` : "";
          const key = `${scope}:${f.dataset.testid || f.getAttribute("aria-label") || labelText || f.placeholder || f.name || f.outerHTML.slice(0, 80)}`;
          if (done.includes(key)) continue;
          f.setAttribute("data-hostile-target", "");
          return key;
        }
        return null;
      },
      FIELDS,
      [...done],
    );
    if (key === null) break;
    done.add(key);
    const el = await $("[data-hostile-target]");
    await el.scrollIntoView({ block: "center" });
    await el.click();
    await el.clearValue();
    await el.setValue(HOSTILE);
    await browser.keys("Tab");
    await assertNoMarkup(`${where} / ${key}`);
  }
  filled.set(where, [...done]);
  return [...done];
}

/** Clicks a button found by its text (optionally inside `scope`), if it is there and enabled. */
async function press(label, scope = "main") {
  return browser.execute(
    (label, scope) => {
      const b = [...document.querySelectorAll(`${scope} button`)].find((x) => x.textContent.trim() === label && !x.disabled);
      b?.click();
      return !!b;
    },
    label,
    scope,
  );
}
const settle = () => browser.pause(400);

test("ホーム: the new-workbook fields", async () => {
  const keys = await fillEvery("home");
  assert.ok(keys.length >= 2, `ホーム has the name and code fields: ${keys}`);
  await click("[data-testid=new-create]");
  await settle();
  await assertNoMarkup("home after create");
  assert.ok(await shown(), "ホーム: the typed text is shown");
});

/** Clicks the first element matching `sel` if the screen has one (editors opened by a button). */
const clickIfThere = (sel) => browser.execute((sel) => (document.querySelector(sel)?.click(), !!document.querySelector(sel)), sel);

test("標準化・オンライン化: every text field of both tabs", async (t) => {
  await openDemo();
  // a step's state-and-dates panel, opened from its cell
  if (await clickIfThere("[data-testid=board] button[data-dates]")) {
    await (await $("[data-testid=step-panel]")).waitForDisplayed({ timeout: 10000 });
  }
  await fillEvery("migration");
  await clickIfThere("[data-testid=step-save]");
  await settle();
  assert.ok(await press("オンライン化（手続）"), "the procedures tab");
  await (await $("[data-testid=procedures]")).waitForDisplayed({ timeout: 10000 });
  const keys = await fillEvery("migration");
  t.diagnostic(keys.join(" | "));
  await settle();
  await assertNoMarkup("migration");
  assert.ok(await shown(), "標準化: the typed text is shown");
});

test("全体方針: vision, the task editor, the table and both add forms", async (t) => {
  await screen("roadmap", "全体方針");
  await click("[data-testid=vision-edit]");
  await click("[data-testid=mode-table]");
  // select the first task: its editor opens beside the table
  await browser.execute(() => document.querySelector("[data-testid=task-table] tbody tr td")?.click());
  await (await $("[data-testid=task-editor]")).waitForDisplayed({ timeout: 10000 });
  const keys = await fillEvery("roadmap");
  t.diagnostic(keys.join(" | "));
  assert.ok(keys.length >= 10, `the roadmap's fields: ${keys.join(" | ")}`);
  await click("[data-testid=vision-save]");
  await until(async () => (await browser.execute(() => document.querySelector("[data-testid=vision]")?.textContent ?? "")) === HOSTILE, "the vision shows the typed text literally");
  await (await $("[data-testid=add-initiative]")).selectByIndex(1);
  await click("[data-testid=add-submit]");
  await press("取組事項を追加");
  await settle();
  await assertNoMarkup("roadmap after saving");
  // the Gantt draws the renamed task's text as SVG text
  await click("[data-testid=mode-gantt]");
  await until(
    () => browser.execute((h) => [...document.querySelectorAll("[data-testid=gantt] text")].some((t) => t.textContent.includes(h.slice(0, 12))), HOSTILE),
    "the Gantt draws the typed name as text",
  );
  await assertNoMarkup("gantt");
});

test("推進体制: unit, people, roles and the add forms", async (t) => {
  await screen("org", "推進体制");
  // select the first unit so its editor, staff table and role form show
  await browser.execute(() => document.querySelector("[data-testid=org-tree] button.node")?.click());
  await (await $("[data-testid=role-title]")).waitForDisplayed({ timeout: 10000 });
  const keys = await fillEvery("org");
  t.diagnostic(keys.join(" | "));
  assert.ok(keys.length >= 5, `the org screen's fields: ${keys.join(" | ")}`);
  await (await $("[data-testid=role-person]")).selectByIndex(1);
  await click("[data-testid=role-add]");
  await settle();
  await click("[data-testid=person-add]");
  await settle();
  // a 課 under a cross-cutting body is refused: the message quotes both typed names, as text
  await (await $("[data-testid=unit-new-kind]")).selectByAttribute("value", "section");
  await click("[data-testid=unit-add]");
  await until(
    () => browser.execute((h) => [...document.querySelectorAll(".field-error")].some((e) => e.textContent.split(h).length === 3), HOSTILE),
    "the refusal quotes the typed names literally",
  );
  await assertNoMarkup("org refusal");
  await (await $("[data-testid=unit-new-kind]")).selectByAttribute("value", "subcommittee");
  await click("[data-testid=unit-add]");
  await until(
    () => browser.execute((h) => [...document.querySelectorAll("[data-testid=org-tree] button.node")].filter((b) => b.textContent.includes(h)).length >= 2, HOSTILE),
    "the renamed unit and the added one are drawn in the tree with the typed text",
  );
  await assertNoMarkup("org after saving");
});

/** Every screen of the side bar (read from the page, so a new screen is covered without changing this test). */
const screens = () => browser.execute(() => [...document.querySelectorAll("nav [data-screen]")].map((b) => b.dataset.screen));
async function visit(id) {
  await click(`[data-screen=${id}]`);
  await until(
    () => browser.execute((id) => !!document.querySelector(`nav [data-screen=${id}].active`) && !!document.querySelector("main h2"), id),
    `${id}: the screen did not open`,
  );
  await settle();
}

test("every other screen (人材育成, 会議, 出力, …): every text field", async (t) => {
  const rest = (await screens()).filter((id) => !["home", "migration", "roadmap", "org"].includes(id));
  assert.ok(rest.includes("training") && rest.includes("meeting") && rest.includes("export"), `screens: ${rest}`);
  for (const id of rest) {
    await visit(id);
    // editors that a button opens: the course form of 人材育成
    await clickIfThere("[data-testid=course-add]");
    await settle();
    const keys = await fillEvery(id);
    t.diagnostic(`${id}: ${keys.join(" | ")}`);
    await press("集計する");
    if (id === "money") {
      // 経費・補助金: each form saved as typed; the claim's amounts, the programme's 補助率 and the 予算 line's 年度 are
      // refused with the typed text quoted, as text
      for (const b of ["grant-save", "programme-save", "budget-save"]) await clickIfThere(`[data-testid=${b}]`);
      await until(
        () => browser.execute((h) => [...document.querySelectorAll(".field-error")].filter((e) => e.textContent.includes(h)).length >= 3, HOSTILE),
        "経費・補助金: the three refusals quote the typed text",
      );
      await assertNoMarkup("money refused");
    }
    if (id === "data") {
      // データ: the baseline's typed date is refused, quoted as text; with the date emptied the baseline is taken
      // under the typed name, and its rename field (opened from the list) is typed into and saved too
      await press("基準計画を保存");
      await until(shown, "データ: the refused date is shown as text");
      await assertNoMarkup("data refused");
      await browser.execute(() => {
        const f = document.querySelector("[data-testid=baseline-date]");
        f.value = "";
        f.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await press("基準計画を保存");
      await until(
        () => browser.execute((h) => [...document.querySelectorAll("[data-testid=baseline-row-name]")].some((e) => e.textContent === h), HOSTILE),
        "the baseline is listed under the typed name, as text",
      );
      assert.ok(await clickIfThere("[data-testid=baseline-rename]"), "データ: a baseline to rename");
      const renamed = await fillEvery(id);
      assert.ok(renamed.some((k) => k.endsWith(":baseline-rename-input")), `データ: the rename field was typed into: ${renamed}`);
      await clickIfThere("[data-testid=baseline-rename-save]");
      await settle();
    }
    if (await clickIfThere("[data-testid=course-save]")) {
      // numbers are refused with the typed text quoted; emptied, the course is added under the typed name
      await settle();
      await assertNoMarkup(`${id} refused`);
      // the form names one refused field at a time: empty it and save again, until it is added
      for (let i = 0; i < 8; i++) {
        const emptied = await browser.execute(() => {
          const bad = [...document.querySelectorAll("[data-testid=course-form] input.invalid")];
          for (const f of bad) {
            f.value = "";
            f.dispatchEvent(new Event("input", { bubbles: true }));
          }
          return bad.length;
        });
        if (!emptied) break;
        await clickIfThere("[data-testid=course-save]");
        await settle();
      }
      await until(
        () => browser.execute((h) => [...document.querySelectorAll("button.link")].some((b) => b.textContent === h), HOSTILE),
        "the course is listed in the catalogue under the typed name, as text",
      );
    }
    await settle();
    await assertNoMarkup(id);
  }
  // the meeting's refusal quotes what was typed, as text
  await visit("meeting");
  await fillEvery("meeting-again");
  await press("集計する");
  await until(shown, "会議: the typed date is shown as text in the field or its error");
});

test("every screen again: the saved text is shown as text, never as markup", async () => {
  for (const id of await screens()) {
    await visit(id);
    await assertNoMarkup(`revisit ${id}`);
  }
  await visit("roadmap");
  assert.ok(await shown(), "全体方針 shows the saved text");
  await visit("org");
  assert.ok(await shown(), "推進体制 shows the saved text");
  const total = [...filled.values()].reduce((n, k) => n + k.length, 0);
  assert.ok(total >= 20, `typed into ${total} distinct fields: ${JSON.stringify(Object.fromEntries(filled))}`);
});
