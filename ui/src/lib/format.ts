// Dates as a Japanese office reads them: 和暦 (令和7年4月1日, R7.4.1) and 年度 (April–March).
// Dates travel as ISO strings ("2025-04-01"); these helpers never touch time zones.

interface Era {
  name: string;
  initial: string;
  start: string; // first day, ISO
}

const ERAS: Era[] = [
  { name: "令和", initial: "R", start: "2019-05-01" },
  { name: "平成", initial: "H", start: "1989-01-08" },
  { name: "昭和", initial: "S", start: "1926-12-25" },
  { name: "大正", initial: "T", start: "1912-07-30" },
  { name: "明治", initial: "M", start: "1868-01-25" },
];

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function parseIso(iso: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}

export function toIso(v: Ymd): string {
  return `${String(v.y).padStart(4, "0")}-${String(v.m).padStart(2, "0")}-${String(v.d).padStart(2, "0")}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function eraOf(iso: string): { era: Era; year: number } | null {
  const v = parseIso(iso);
  if (!v) return null;
  for (const era of ERAS) {
    if (iso >= era.start) return { era, year: v.y - Number(era.start.slice(0, 4)) + 1 };
  }
  return null;
}

function yearText(n: number): string {
  return n === 1 ? "元" : String(n);
}

/// "令和7年4月1日" (year 1 is 元); dates before 明治 in 西暦; empty for no date.
export function wareki(iso: string | null | undefined): string {
  if (!iso) return "";
  const v = parseIso(iso);
  if (!v) return iso;
  const e = eraOf(iso);
  if (!e) return `${v.y}年${v.m}月${v.d}日`;
  return `${e.era.name}${yearText(e.year)}年${v.m}月${v.d}日`;
}

/// "R7.4.1".
export function warekiShort(iso: string | null | undefined): string {
  if (!iso) return "";
  const v = parseIso(iso);
  if (!v) return iso;
  const e = eraOf(iso);
  if (!e) return `${v.y}.${v.m}.${v.d}`;
  return `${e.era.initial}${e.year}.${v.m}.${v.d}`;
}

/// 年度 of a date: January–March belong to the previous year's 年度.
export function fiscalYearOf(iso: string): number {
  const v = parseIso(iso);
  if (!v) return NaN;
  return v.m >= 4 ? v.y : v.y - 1;
}

/// "令和7年度"; FY2019 is 令和元年度 although 令和 began on May 1.
export function fyLabel(fy: number): string {
  if (fy === 2019) return "令和元年度";
  const e = eraOf(`${String(fy).padStart(4, "0")}-04-01`);
  if (!e) return `${fy}年度`;
  return `${e.era.name}${yearText(e.year)}年度`;
}

/// "2025年度 (令和7年度)", the column header of the national 工程表.
export function fyLongLabel(fy: number): string {
  return `${fy}年度 (${fyLabel(fy)})`;
}

/// "R7", the short 年度 mark used in narrow columns.
export function fyShort(fy: number): string {
  if (fy === 2019) return "R元";
  const e = eraOf(`${String(fy).padStart(4, "0")}-04-01`);
  if (!e) return String(fy);
  return `${e.era.initial}${yearText(e.year)}`;
}

/// 四半期 of the 年度 (1 = April–June).
export function fiscalQuarter(iso: string): number {
  const v = parseIso(iso);
  if (!v) return NaN;
  return Math.floor(((v.m + 8) % 12) / 3) + 1;
}

/// Days from a to b (b − a), calendar days.
export function daysBetween(a: string, b: string): number {
  const x = parseIso(a);
  const y = parseIso(b);
  if (!x || !y) return NaN;
  return Math.round((Date.UTC(y.y, y.m - 1, y.d) - Date.UTC(x.y, x.m - 1, x.d)) / 86_400_000);
}

export function addDays(iso: string, n: number): string {
  const v = parseIso(iso);
  if (!v) return iso;
  const t = new Date(Date.UTC(v.y, v.m - 1, v.d + n));
  return toIso({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/// "+14日" / "−3日" for a shift in days.
export function shiftText(days: number): string {
  if (days === 0) return "±0日";
  return days > 0 ? `+${days}日` : `−${-days}日`;
}

/// A percentage with one decimal, "66.7%"; "—" for none.
export function percentText(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "—";
  return `${(Math.round(p * 10) / 10).toFixed(1)}%`;
}
