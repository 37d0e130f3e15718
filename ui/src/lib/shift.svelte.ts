// Moving a 工程表 task to new plan dates, with its successors when the dependencies ask for it: one function for
// every path that changes a task's dates (the task editor, the table, the Gantt's drag). It previews the shift in
// Rust (`roadmap_plan_shift`); when successors would conflict, the dialog (`ShiftDialog.svelte`, mounted once by the
// 工程表 screen) asks 「後続も動かす」/「この作業だけ」/「やめる」; the choice is applied as one undo step.
import { api } from "../api";
import type { ShiftPreview } from "../api/bindings/ShiftPreview";
import { app, save } from "./app.svelte";
import type { ApiError } from "./errors";

export type ShiftChoice = "all" | "only" | "cancel";

/// The dialog's state: the preview waiting for a choice, and the function that takes it.
export const shiftDialog = $state<{ preview: ShiftPreview | null; choose: ((c: ShiftChoice) => void) | null }>({
  preview: null,
  choose: null,
});

/// Whether the dialog must ask before the task moves: successors to shift, or a shift that cannot be done.
export function needsChoice(p: ShiftPreview): boolean {
  return p.successors.length > 0 || p.refused !== null;
}

/// Moves task `taskId` to `start`..`end` (西暦 or 和暦). Resolves once saved, refused (`error`, shown at the field
/// `plan`/`start`/`end` or in the banner) or given up in the dialog (`cancelled`: nothing changed; a drag puts its
/// bar back).
export async function moveTask(
  taskId: number,
  start: string,
  end: string,
  label: string,
): Promise<{ error: ApiError | null; cancelled: boolean }> {
  let preview: ShiftPreview;
  try {
    preview = await api.roadmapPlanShift(taskId, start, end);
  } catch (err) {
    const error = err as ApiError;
    if (!error.field) app.banner = error;
    return { error, cancelled: false };
  }
  let successors = false;
  if (needsChoice(preview)) {
    const choice = await new Promise<ShiftChoice>((resolve) => {
      shiftDialog.preview = preview;
      shiftDialog.choose = resolve;
    });
    shiftDialog.preview = null;
    shiftDialog.choose = null;
    if (choice === "cancel") return { error: null, cancelled: true };
    successors = choice === "all";
  }
  const r = await save(() => api.roadmapApplyShift(taskId, start, end, successors, null), label);
  return { error: r.error, cancelled: false };
}
