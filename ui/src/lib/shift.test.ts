import { describe, expect, it, vi } from "vitest";

vi.mock("../api", () => ({ api: {} }));
vi.mock("./app.svelte", () => ({ app: {}, save: vi.fn() }));

const { needsChoice } = await import("./shift.svelte");

const row = { task_id: 2, name: "後続", old_start: "", old_end: "", new_start: "", new_end: "", old_label: "", new_label: "" };

describe("moving a task asks first only when its successors are concerned", () => {
  it("moves at once when no successor would conflict", () => {
    expect(needsChoice({ task: row, successors: [], refused: null })).toBe(false);
  });
  it("asks when successors would have to move", () => {
    expect(needsChoice({ task: row, successors: [row], refused: null })).toBe(true);
  });
  it("asks when the shift is refused (a successor has begun): この作業だけ is still offered", () => {
    expect(needsChoice({ task: row, successors: [], refused: "後続の「後続」は既に始まっている…" })).toBe(true);
  });
});
