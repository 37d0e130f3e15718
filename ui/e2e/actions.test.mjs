// End-to-end, on the demo city in the REAL window: 会議's 指摘事項・宿題. A 宿題 about a late row is added at the
// 令和7年11月20日 meeting with its 課 and 期限; the next meeting (令和7年12月18日) opens with it under 前回の宿題,
// past its due date; 完了にする closes it on the meeting day and undo opens it again. A due date before the meeting
// is refused at the field, and a 宿題 written as markup is shown as text. Needs DXPLAN_APP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, browser, $, click, type, text, until, screen, openDemo, assertInert, HOSTILE } from "./window.mjs";

launch();

async function runMeeting(day) {
  await type("[data-testid=meeting-today]", day);
  await type("[data-testid=meeting-next]", "令和8年1月22日");
  await click("[data-testid=meeting-run]");
}

test("会議: a 宿題 raised about a late row is 前回の宿題 at the next meeting, closed there, and undo opens it again", async () => {
  await openDemo();
  await screen("meeting", "会議");
  await (await $("[data-testid=late]")).waitForDisplayed({ timeout: 15000 });
  await runMeeting("令和7年11月20日");
  await click("[data-testid=late-action]");
  await type("[data-testid=action-text]", "遅れの原因をベンダに確認し次回報告");
  await type("[data-testid=action-owner]", "介護保険課");
  await type("[data-testid=action-due]", "R7.12.12");
  await click("[data-testid=action-add]");
  await until(async () => (await text("[data-testid=actions-new]")).includes("遅れの原因をベンダに確認し次回報告"), "the 宿題 is listed for this meeting");
  assert.match(await text("[data-testid=actions-new]"), /介護保険課/);
  assert.match(await text("[data-testid=actions-new]"), /令和7年12月12日/);

  await runMeeting("令和7年12月18日");
  await until(async () => (await text("[data-testid=actions-previous]")).includes("遅れの原因をベンダに確認し次回報告"), "the next meeting lists it as 前回の宿題");
  assert.match(await text("[data-testid=actions-previous] [data-testid=action-state]"), /未了（期限切れ）/, "past its 期限");

  await click("[data-testid=actions-previous] [data-testid=action-close]");
  await until(async () => /完了 R7\.12\.18/.test(await text("[data-testid=actions-previous] [data-testid=action-state]")), "closed on the meeting day");

  // for a person to look at: the 会議 screen with 前回の宿題 (DXPLAN_SHOTS=folder)
  if (process.env.DXPLAN_SHOTS) {
    await (await $("[data-testid=actions]")).scrollIntoView({ block: "start" });
    await browser.saveScreenshot(`${process.env.DXPLAN_SHOTS}/meeting-actions.png`);
  }
  await click("[data-testid=undo]");
  await until(async () => /未了/.test(await text("[data-testid=actions-previous] [data-testid=action-state]")), "undo opens it again");
});

test("会議: a due date before the meeting is refused at the field; a 宿題 written as markup is shown as text", async () => {
  await runMeeting("令和7年12月18日");
  await type("[data-testid=action-text]", "期限の誤り");
  await type("[data-testid=action-due]", "令和7年12月1日");
  await click("[data-testid=action-add]");
  await until(async () => /期限が会議日より前です/.test(await text("[data-testid=action-form] [data-for=due]")), "a Japanese message at 期限");
  await type("[data-testid=action-due]", "R7.12.25");
  await type("[data-testid=action-text]", HOSTILE);
  await click("[data-testid=action-add]");
  await until(async () => (await text("[data-testid=actions-new]")).includes(HOSTILE), "the markup is listed as its own characters");
  await assertInert();
});
