// Geometry and wording of the KPI screen's bars (plain SVG, no chart library): a bar's width for a share, the
// plan marker, and the deadline text.

/// Width in pixels of a bar showing `part` of `whole` in `width` pixels (0 when there is nothing to show).
export function barWidth(part: number, whole: number, width: number): number {
  if (!(whole > 0) || !(part > 0)) return 0;
  return Math.round(Math.min(1, part / whole) * width * 10) / 10;
}

/// Width for a percentage (0–100) in `width` pixels.
export function percentWidth(percent: number, width: number): number {
  return barWidth(percent, 100, width);
}

/// "あと130日" before the deadline, "期限当日", "期限を12日超過" after it.
export function deadlineText(days: number): string {
  if (days > 0) return `あと${days}日`;
  if (days === 0) return "期限当日";
  return `期限を${-days}日超過`;
}

/// Rows of a bar list laid out from the top: y of each row for a given row height and top margin.
export function rowsY(count: number, rowHeight: number, top = 0): number[] {
  return Array.from({ length: count }, (_, i) => top + i * rowHeight);
}
