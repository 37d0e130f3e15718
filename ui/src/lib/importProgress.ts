// 取り込み's count while a large file is planned: the words under the bar (「12,000 / 50,000 行」).
import type { ImportProgress } from "../api/bindings/ImportProgress";

const n = new Intl.NumberFormat("ja-JP");

/// 「12,000 / 50,000 行」 once the file is read; before that, that it is being read.
export function importCount(p: ImportProgress | null): string {
  if (!p || !p.planning || p.total === 0) return "ファイルを読み込んでいます…";
  return `${n.format(Math.min(p.done, p.total))} / ${n.format(p.total)} 行`;
}

/// How often the card asks for the count, in ms.
export const POLL_MS = 200;
