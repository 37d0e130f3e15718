// The 集計 screen's state, kept while other screens are visited: the roll-up last read and the 団体 drilled into.
// Read-only: nothing here edits a workbook.
import type { RollupView } from "../api/bindings/RollupView";

export const rollup = $state({
  view: null as RollupView | null,
  /// index into view.rollup.entries of the 団体 whose detail is open
  selected: null as number | null,
  reading: false,
});

/// "12日前" / "今日"; "—" when the file's time is unknown; "基準日より後" for a file changed after the roll-up's date.
export function staleText(days: number | null): string {
  if (days === null) return "—";
  if (days < 0) return "基準日より後";
  if (days === 0) return "今日";
  return `${days}日前`;
}

/// The file's name without its folder, as the list shows it (the full path is in the tooltip).
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i >= 0 ? path.slice(i + 1) : path;
}

/// The 推進体制 marks' meanings, in the order of `RollupRow.governance_marks`.
export const GOVERNANCE_LABELS = ["CIO", "CIO補佐官等", "全体方針", "推進本部", "外部人材"];
