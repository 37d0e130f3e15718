// Moving and stretching a bar on a chart, as dates: the snap unit of each zoom, a move or a stretch by whole units
// (from a pointer's travel in px or from one arrow key), and the label shown while dragging. Pure: the chart keeps
// the dragged bar locally and asks Rust (move_bar) only on release, where the real rules are checked.
import type { Zoom } from "./gantt";
import { addDays, daysBetween, daysInMonth, parseIso, toIso, wareki } from "./format";

/// What a drag changes: the whole bar, or one of its ends.
export type DragMode = "move" | "start" | "end";

export type SnapUnit = "day" | "month" | "quarter";

/// The snap unit at each zoom: days at 月 (4.2 px a day), months at 四半期, quarters at 年度.
export const SNAP: Record<Zoom, SnapUnit> = { month: "day", quarter: "month", year: "quarter" };

export const SNAP_LABEL: Record<SnapUnit, string> = { day: "1日", month: "1か月", quarter: "1四半期" };

/// Average length of a unit in days (to turn a pointer's travel into whole units).
const UNIT_DAYS: Record<SnapUnit, number> = { day: 1, month: 365.25 / 12, quarter: 365.25 / 4 };

/// Pixels within this distance of a bar's end grab that end (the bar's middle moves it).
export const HANDLE_PX = 6;

/// Whole units a pointer travelled `dx` px at `pxPerDay`, rounded to the nearest.
export function unitsFor(dx: number, pxPerDay: number, unit: SnapUnit): number {
  const n = Math.round(dx / pxPerDay / UNIT_DAYS[unit]);
  return Object.is(n, -0) ? 0 : n;
}

/// The date `n` months later; a month's last day stays the last day (9/30 + 1 → 10/31), other days are clamped.
export function addMonths(iso: string, n: number): string {
  const v = parseIso(iso);
  if (!v) return iso;
  const total = v.y * 12 + (v.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = daysInMonth(y, m);
  const d = v.d === daysInMonth(v.y, v.m) ? last : Math.min(v.d, last);
  return toIso({ y, m, d });
}

/// A date moved by `n` units.
export function shiftBy(iso: string, n: number, unit: SnapUnit): string {
  if (n === 0) return iso;
  switch (unit) {
    case "day":
      return addDays(iso, n);
    case "month":
      return addMonths(iso, n);
    case "quarter":
      return addMonths(iso, 3 * n);
  }
}

export interface Dates {
  start: string;
  end: string;
}

/// The bar's dates after a move or stretch by `n` units. A milestone (◆) only moves, by the days its date moved, so
/// its length never changes. An end may pass its start here: Rust refuses such a drop with the reason.
export function dragTo(d: Dates, mode: DragMode, n: number, unit: SnapUnit, milestone = false): Dates {
  if (milestone || mode === "move") {
    if (milestone) {
      const end = shiftBy(d.end, n, unit);
      return { start: addDays(d.start, daysBetween(d.end, end)), end };
    }
    return { start: shiftBy(d.start, n, unit), end: shiftBy(d.end, n, unit) };
  }
  return mode === "start" ? { start: shiftBy(d.start, n, unit), end: d.end } : { start: d.start, end: shiftBy(d.end, n, unit) };
}

/// Which part of a bar a pointer `offset` px from its left edge grabs (a bar narrower than three handles moves).
export function grab(offset: number, width: number, milestone = false): DragMode {
  if (milestone || width < HANDLE_PX * 3) return "move";
  if (offset <= HANDLE_PX) return "start";
  if (offset >= width - HANDLE_PX) return "end";
  return "move";
}

/// What an arrow key does to a selected bar: ←/→ move by one unit, Shift+←/→ stretch the end, Alt+Shift+←/→ the
/// start; null for any other key.
export function keyMove(e: { key: string; shiftKey: boolean; altKey: boolean }): { mode: DragMode; n: number } | null {
  const n = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
  if (n === 0) return null;
  if (e.shiftKey && e.altKey) return { mode: "start", n };
  if (e.shiftKey) return { mode: "end", n };
  return { mode: "move", n };
}

/// The label shown while dragging: 「令和7年5月1日〜令和7年10月31日」.
export function dragLabel(d: Dates): string {
  return `${wareki(d.start)}〜${wareki(d.end)}`;
}
