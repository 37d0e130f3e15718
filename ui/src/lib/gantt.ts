// The time scale of the on-screen 工程表: where a date falls, and the header columns for a zoom level.
import { addDays, daysBetween, fiscalYearOf, fyLongLabel, fyShort, parseIso, toIso } from "./format";

export type Zoom = "year" | "quarter" | "month";

export const ZOOM_LABEL: Record<Zoom, string> = { year: "年度", quarter: "四半期", month: "月" };

/// Pixels per day at each zoom.
export const PX_PER_DAY: Record<Zoom, number> = { year: 0.62, quarter: 1.6, month: 4.2 };

export interface Column {
  label: string;
  start: string; // first day, ISO
  x: number;
  width: number;
  /// first column of a 年度 (drawn with a stronger line)
  fyStart: boolean;
}

export interface Scale {
  start: string;
  end: string;
  pxPerDay: number;
  width: number;
  x: (iso: string) => number;
  columns: Column[];
  /// the 年度 band drawn above quarter/month columns
  years: Column[];
}

/// Widens [start, end] to whole 年度 so the header reads like the national 工程表.
export function fiscalRange(start: string, end: string): { start: string; end: string } {
  const a = fiscalYearOf(start);
  const b = fiscalYearOf(end);
  return { start: `${a}-04-01`, end: `${b + 1}-03-31` };
}

function monthStart(iso: string): string {
  const v = parseIso(iso)!;
  return toIso({ y: v.y, m: v.m, d: 1 });
}

function nextMonth(iso: string, n: number): string {
  const v = parseIso(iso)!;
  const total = v.y * 12 + (v.m - 1) + n;
  return toIso({ y: Math.floor(total / 12), m: (total % 12) + 1, d: 1 });
}

/// Pixels per day that fit [start, end] (widened to whole 年度) into `width` px, never below `min`.
export function fitPxPerDay(rangeStart: string, rangeEnd: string, width: number, min = 0.3): number {
  const { start, end } = fiscalRange(rangeStart, rangeEnd);
  return Math.max(min, width / (daysBetween(start, end) + 1));
}

export function makeScale(rangeStart: string, rangeEnd: string, zoom: Zoom, pxPerDay = PX_PER_DAY[zoom]): Scale {
  const { start, end } = fiscalRange(rangeStart, rangeEnd);
  const x = (iso: string) => daysBetween(start, iso) * pxPerDay;
  const width = (daysBetween(start, end) + 1) * pxPerDay;
  const years: Column[] = [];
  for (let fy = fiscalYearOf(start); fy <= fiscalYearOf(end); fy++) {
    const s = `${fy}-04-01`;
    const e = `${fy + 1}-04-01`;
    years.push({
      label: zoom === "year" ? fyLongLabel(fy) : `${fy}年度 (${fyShort(fy)})`,
      start: s,
      x: x(s),
      width: x(e) - x(s),
      fyStart: true,
    });
  }
  if (zoom === "year") return { start, end, pxPerDay, width, x, columns: years, years };
  const step = zoom === "quarter" ? 3 : 1;
  const columns: Column[] = [];
  for (let m = monthStart(start); m <= end; m = nextMonth(m, step)) {
    const v = parseIso(m)!;
    const n = nextMonth(m, step);
    const q = Math.floor(((v.m + 8) % 12) / 3) + 1;
    columns.push({
      label: zoom === "quarter" ? `第${q}四半期` : `${v.m}月`,
      start: m,
      x: x(m),
      width: x(n) - x(m),
      fyStart: v.m === 4,
    });
  }
  return { start, end, pxPerDay, width, x, columns, years };
}

/// Width in px of a bar covering [start, end] inclusive (at least 2 px so a one-day bar shows).
export function barWidth(scale: Scale, start: string, end: string): number {
  return Math.max(2, scale.x(addDays(end, 1)) - scale.x(start));
}

/// The rows of a new view with every row equal (field by field) to one of `cache` replaced by that same object, and
/// the cache refreshed: a chart keyed by row then redraws only the rows an edit changed.
export function stableRows<T extends object>(cache: Map<string, T>, rows: T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  const out = rows.map((r) => {
    const k = key(r);
    seen.add(k);
    const old = cache.get(k);
    if (old && shallowEqual(old, r)) return old;
    cache.set(k, r);
    return r;
  });
  for (const k of [...cache.keys()]) if (!seen.has(k)) cache.delete(k);
  return out;
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/// The rows a chart draws, `from`..`to` (end excluded, may pass the last row): the rows between the window's top and
/// bottom edges, widened to whole blocks of `block` rows plus one block above and one below, and never fewer than
/// the first two blocks. `top` is the chart's top edge on screen (negative once scrolled past), `viewport` the
/// window's height. Whole blocks keep the range still while the pointer or a small scroll moves.
export function rowWindow(top: number, viewport: number, headH: number, rowH: number, block: number): { from: number; to: number } {
  const first = Math.floor((-top - headH) / rowH);
  const last = Math.ceil((viewport - top - headH) / rowH);
  return {
    from: Math.max(0, (Math.floor(first / block) - 1) * block),
    to: Math.max(2 * block, (Math.floor(Math.max(0, last) / block) + 2) * block),
  };
}
