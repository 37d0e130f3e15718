// Rows copied out of the 工程表 table as Excel reads the clipboard: tab-separated cells, CRLF after each row, a cell
// holding a tab, a newline or a quote quoted (quotes doubled), dates as 2026/04/01. A cell that Excel would take as
// a formula (= + - @ first) gets a leading ' so it is pasted as the text it is.

/// "2026-04-01" → "2026/04/01"; empty for no date.
export function excelDate(iso: string | null | undefined): string {
  return iso ? iso.replaceAll("-", "/") : "";
}

/// One cell as Excel pastes it back: formula-like text marked as text, quoted when it holds a tab, newline or quote.
export function tsvCell(s: string): string {
  let v = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  if (/[\t\r\n"]/.test(v)) v = `"${v.replaceAll('"', '""')}"`;
  return v;
}

/// Rows of cells as the clipboard text Excel pastes into columns.
export function toTsv(rows: string[][]): string {
  return rows.map((r) => r.map(tsvCell).join("\t") + "\r\n").join("");
}
