// End-to-end through the REAL window (tauri-driver + WebKitWebDriver under Xvfb) on the demo city:
// 推進体制 (a new 分科会, a person in it, a role: drawn in the tree, then undone) and 人材育成 (an enrolment planned
// for a person with a gap: the gap and the 職位's coverage move, then undone).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, browser, $, click, type, text, until, screen, openDemo } from "./window.mjs";

launch();

test("the demo city opens", async () => {
  await openDemo();
});

/** The 推進体制 tree's node whose text contains `name`: its text and whether it is selected; null when not drawn. */
function treeNode(name) {
  return browser.execute((n) => {
    const b = [...document.querySelectorAll("[data-testid=org-tree] button.node")].find((x) => x.textContent.includes(n));
    return b ? { text: b.textContent.replace(/\s+/g, " ").trim(), body: b.classList.contains("body"), selected: b.classList.contains("sel") } : null;
  }, name);
}
const tableText = (sel) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", sel);
const peopleNames = () =>
  browser.execute(() => [...document.querySelectorAll("input[aria-label=氏名]")].map((i) => i.value));

test("推進体制: a new 分科会 with a person in a role is drawn in the tree; undo takes them out again", async () => {
  await screen("org", "推進体制");
  const UNIT = "e2e検証分科会";
  const PERSON = "検証 花子";
  assert.equal(await treeNode(UNIT), null, "the unit is not there before the test");

  await type("[data-testid=unit-new-name]", UNIT);
  await (await $("[data-testid=unit-new-kind]")).selectByAttribute("value", "subcommittee");
  await click("[data-testid=unit-add]");
  await until(async () => (await treeNode(UNIT))?.selected, "the new 分科会 is drawn in the tree and selected");
  const drawn = await treeNode(UNIT);
  assert.ok(drawn.body, `a 分科会 is drawn among the cross-cutting bodies: ${JSON.stringify(drawn)}`);
  assert.match(drawn.text, /^分科会\s*e2e検証分科会\s*0名$/, `the node shows its kind and no members yet: ${drawn.text}`);

  await type("[data-testid=person-name]", PERSON);
  await type("[data-testid=person-position]", "主任");
  await click("[data-testid=person-add]");
  await until(async () => (await peopleNames()).includes(PERSON), "the person is listed among the unit's staff");

  await (await $("[data-testid=role-person]")).selectByVisibleText(`${PERSON}（主任）`);
  await (await $("[data-testid=role-role]")).selectByAttribute("value", "chair");
  await type("[data-testid=role-title]", "分科会長");
  await click("[data-testid=role-add]");
  await until(async () => (await treeNode(UNIT))?.text.endsWith("1名"), "the tree counts the member in the role");
  const roles = await tableText("[data-testid=unit-roles]");
  assert.ok(roles.includes(PERSON) && roles.includes("分科会長") && roles.includes("長"), `role listed: ${roles}`);

  // undo, one edit at a time: the role, the person, the unit
  await click("[data-testid=undo]");
  await until(async () => (await treeNode(UNIT))?.text.endsWith("0名"), "undo removed the role from the tree");
  assert.ok(!(await tableText("[data-testid=unit-roles]")).includes(PERSON), "undo removed the role from the list");
  await click("[data-testid=undo]");
  await until(async () => !(await peopleNames()).includes(PERSON), "undo removed the person");
  await click("[data-testid=undo]");
  await until(async () => (await treeNode(UNIT)) === null, "undo removed the 分科会 from the tree");
  // and redo draws it again
  await click("[data-testid=redo]");
  await until(async () => (await treeNode(UNIT)) !== null, "redo drew the 分科会 again");
  await click("[data-testid=undo]");
  await until(async () => (await treeNode(UNIT)) === null, "undone again");
});

/** Course name → {skill name: level} from the national catalogue the demo city uses (assets/templates/courses.csv). */
function catalogue() {
  const csv = readFileSync(new URL("../../assets/templates/courses.csv", import.meta.url), "utf8").replace(/^\uFEFF/, "");
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && csv[i + 1] === "\n") i++;
      row.push(cell), rows.push(row), (row = []), (cell = "");
    } else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  const [head, ...body] = rows.filter((r) => r.length > 1);
  const name = head.indexOf("研修名");
  const skills = head.indexOf("スキル");
  return new Map(
    body.map((r) => [r[name], Object.fromEntries(r[skills].split(";").filter(Boolean).map((s) => s.split(":")).map(([k, v]) => [k, Number(v)]))]),
  );
}

/** The 人材育成 screen's figures as shown: gap rows, coverage rows, the gap total badge. */
function trainingFigures() {
  return browser.execute(() => {
    const sections = [...document.querySelectorAll("section.card")];
    const gapCard = sections.find((s) => s.querySelector("h3")?.textContent.includes("スキルが不足している職員"));
    const covTable = sections
      .flatMap((s) => [...s.querySelectorAll("table")])
      .find((t) => t.querySelector("thead")?.textContent.includes("受講予定を含む"));
    const cells = (tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim());
    return {
      gapTotal: Number(gapCard?.querySelector("h3 .badge")?.textContent ?? NaN),
      gaps: [...(gapCard?.querySelectorAll("tbody tr") ?? [])].map((tr) => {
        const [person, position, unit, skill, required, reached, planned] = cells(tr);
        return { person, position, unit, skill, required: Number(required), reached: Number(reached), planned: Number(planned) };
      }),
      coverage: Object.fromEntries(
        [...(covTable?.querySelectorAll("tbody tr") ?? [])].map((tr) => {
          const [position, people, full, withPlans] = cells(tr);
          return [position, { people: Number(people), full: Number(full), withPlans: Number(withPlans) }];
        }),
      ),
      courses: [...document.querySelectorAll("button.link")].map((b) => b.textContent.trim()),
    };
  });
}

test("人材育成: an enrolment planned for a person with a gap closes it in plan, 修了 closes it; undo restores the figures", async (t) => {
  await screen("training", "人材育成");
  await until(async () => (await trainingFigures()).gaps.length > 0, "the demo city has people with skill gaps");
  const before = await trainingFigures();
  const courses = catalogue();
  // a person all of whose open gaps (not closed even by plans) one course closes. Open gaps are listed first, so
  // every open gap is shown when the list is whole or already reaches a gap closed by a plan
  const complete = before.gapTotal === before.gaps.length || before.gaps.some((g) => g.planned >= g.required);
  t.diagnostic(`gaps: ${before.gapTotal}, shown ${before.gaps.length}, every open gap shown: ${complete}`);
  const open = before.gaps.filter((g) => g.planned < g.required);
  assert.ok(open.length > 0, "some gap has no plan yet");
  const byPerson = new Map();
  for (const g of open) {
    const key = `${g.person}\u0000${g.unit}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), g]);
  }
  let pick = null;
  for (const [, rows] of byPerson) {
    const course = [...courses.entries()].find(
      ([name, skills]) => before.courses.includes(name) && rows.every((g) => (skills[g.skill] ?? 0) >= g.required),
    );
    if (course) {
      pick = { rows, course: course[0] };
      break;
    }
  }
  assert.ok(pick, "some course of the catalogue closes some person's open gaps");
  const gap = pick.rows[0];
  t.diagnostic(`${gap.person}（${gap.position}）: ${pick.rows.map((g) => g.skill).join("・")} ← 「${pick.course}」`);

  // choose the course, then plan it for the person from the gap list
  await browser.execute((name) => [...document.querySelectorAll("button.link")].find((b) => b.textContent.trim() === name).click(), pick.course);
  await until(
    async () => (await text("main")).includes(`「${pick.course}」の`),
    "the chosen course's enrolment list is shown",
  );
  const clicked = await browser.execute(
    (g) => {
      const tr = [...document.querySelectorAll("tbody tr")].find((r) => {
        const c = [...r.querySelectorAll("td")].map((td) => td.textContent.trim());
        return c[0] === g.person && c[2] === g.unit && c[3] === g.skill;
      });
      const b = tr?.querySelector("button");
      if (!b || b.disabled) return false;
      b.click();
      return true;
    },
    gap,
  );
  assert.ok(clicked, "the gap row's 受講予定に追加 button is there and enabled");

  const rowOf = (figs, g) => figs.gaps.find((x) => x.person === g.person && x.unit === g.unit && x.skill === g.skill);
  // the list shows the worst gaps first: a row closed by a plan moves to the end (possibly past the rows shown)
  await until(async () => {
    const r = rowOf(await trainingFigures(), gap);
    return !r || r.planned >= r.required;
  }, "the gap is no longer open: its 予定込み reached the target");
  const after = await trainingFigures();
  for (const g of pick.rows) {
    const r = rowOf(after, g);
    assert.ok(!r || (r.planned >= r.required && r.reached === g.reached), `${g.skill}: closed by the plan, not reached: ${JSON.stringify(r)}`);
  }
  assert.equal(after.gapTotal, before.gapTotal, "a planned course does not close a gap until it is completed");
  assert.equal(after.coverage[gap.position].full, before.coverage[gap.position].full, "fully covered is unchanged");
  if (complete) {
    assert.equal(
      after.coverage[gap.position].withPlans,
      before.coverage[gap.position].withPlans + 1,
      `${gap.position}: one more person covered once plans are done`,
    );
  } else {
    assert.ok(after.coverage[gap.position].withPlans >= before.coverage[gap.position].withPlans, "coverage did not drop");
  }
  const enrolled = await text("main");
  assert.ok(enrolled.includes(gap.person), "the person is listed among the course's enrolments");

  // 修了: the course's levels are reached, so the person's gaps in its skills close for good
  const marked = await browser.execute((person) => {
    const tr = [...document.querySelectorAll("tbody tr")].find((r) => r.querySelector("td")?.textContent.trim() === person && r.querySelector("select"));
    const sel = tr?.querySelector("select");
    if (!sel) return false;
    sel.value = "completed";
    sel.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }, gap.person);
  assert.ok(marked, "the enrolment's status can be set in the course's list");
  await until(async () => (await trainingFigures()).gapTotal <= before.gapTotal - pick.rows.length, "修了 closed the person's gaps");
  const completed = await trainingFigures();
  for (const g of pick.rows) assert.equal(rowOf(completed, g), undefined, `${g.skill}: no longer a gap once completed`);
  assert.ok(completed.coverage[gap.position].full >= before.coverage[gap.position].full, "fully covered did not drop");

  // undo both: the plan is gone, every figure as before
  await click("[data-testid=undo]");
  await until(async () => (await trainingFigures()).gapTotal === before.gapTotal, "undo reopened the gaps");
  await click("[data-testid=undo]");
  await until(async () => rowOf(await trainingFigures(), gap)?.planned === gap.planned, "undo took the plan back: the gap is open again");
  const undone = await trainingFigures();
  assert.deepEqual(undone.coverage, before.coverage, "coverage is as before");
  assert.equal(undone.gapTotal, before.gapTotal);
});
