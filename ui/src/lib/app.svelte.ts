// Shared page state: the open workbook, the current screen, and the edit/undo/redo round trips.
import { api } from "../api";
import type { Edit } from "../api/bindings/Edit";
import type { EditOutcome } from "../api/bindings/EditOutcome";
import type { WorkbookInfo } from "../api/bindings/WorkbookInfo";
import type { ApiError } from "./errors";

export type Screen = "home" | "roadmap" | "org" | "training" | "migration" | "kpi" | "meeting" | "export" | "data" | "rollup" | "money";

export const SCREENS: { id: Screen; label: string }[] = [
  { id: "home", label: "ホーム" },
  { id: "roadmap", label: "全体方針" },
  { id: "org", label: "推進体制" },
  { id: "training", label: "人材育成" },
  { id: "migration", label: "標準化・オンライン化" },
  { id: "kpi", label: "KPI" },
  { id: "meeting", label: "会議" },
  { id: "export", label: "出力" },
  { id: "data", label: "データ" },
  { id: "rollup", label: "集計" },
  { id: "money", label: "経費・補助金" },
];

export const app = $state({
  info: null as WorkbookInfo | null,
  screen: "home" as Screen,
  /// bumped after every change of the workbook: screens reload their view when it moves
  version: 0,
  /// an error not tied to a field, shown in the banner
  banner: null as ApiError | null,
  /// a short confirmation ("保存しました")
  notice: "",
  busy: false,
  /// a row another screen was asked to show (a チェック finding's link); the screen clears it once shown
  focus: null as Focus | null,
});

/// A row to show when a screen opens: a 工程表 task or a course.
export type Focus = { kind: "task" | "course"; id: number };

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
export function notify(text: string) {
  app.notice = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (app.notice = ""), 2500);
}

export function opened(info: WorkbookInfo | null) {
  if (!info) return;
  app.info = info;
  app.version++;
  app.banner = null;
}

/// Applies an edit (saved to the file when this resolves). Returns the added row's id, or the error so the form
/// can show it next to its field; errors without a field also go to the banner.
export async function edit(e: Edit, label: string): Promise<{ id: number | null; error: ApiError | null }> {
  return save(() => api.applyEdit(e, label), label);
}

/// Runs a command that saves one undoable edit (apply_edit, update_step …), with the same outcome as `edit`.
export async function save(
  call: () => Promise<EditOutcome>,
  label: string,
): Promise<{ id: number | null; error: ApiError | null }> {
  try {
    const out = await call();
    app.info = out.info;
    app.version++;
    app.banner = null;
    notify(`${label}を保存しました`);
    return { id: out.new_id, error: null };
  } catch (err) {
    const error = err as ApiError;
    if (!error.field) app.banner = error;
    return { id: null, error };
  }
}

export async function undo() {
  if (!app.info?.undo_label) return;
  try {
    app.info = await api.undo();
    app.version++;
    notify("元に戻しました");
  } catch (err) {
    app.banner = err as ApiError;
  }
}

export async function redo() {
  if (!app.info?.redo_label) return;
  try {
    app.info = await api.redo();
    app.version++;
    notify("やり直しました");
  } catch (err) {
    app.banner = err as ApiError;
  }
}

/// Runs a loader whenever the workbook changes; errors go to the banner.
export async function load<T>(f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch (err) {
    app.banner = err as ApiError;
    return null;
  }
}
