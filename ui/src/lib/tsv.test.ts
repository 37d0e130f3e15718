import { describe, expect, it } from "vitest";
import { excelDate, toTsv, tsvCell } from "./tsv";

describe("copying rows out for Excel", () => {
  it("writes dates as 2026/04/01", () => {
    expect(excelDate("2026-04-01")).toBe("2026/04/01");
    expect(excelDate(null)).toBe("");
  });
  it("separates cells with tabs and ends each row with CRLF", () => {
    expect(toTsv([["調査", "2026/04/01", "2026/09/30", "DX推進課", "作業中"], ["移行", "", "", "", "未着手"]])).toBe(
      "調査\t2026/04/01\t2026/09/30\tDX推進課\t作業中\r\n移行\t\t\t\t未着手\r\n",
    );
  });
  it("quotes a cell with a tab, a newline or a quote, doubling quotes", () => {
    expect(tsvCell("a\tb")).toBe('"a\tb"');
    expect(tsvCell("一行目\n二行目")).toBe('"一行目\n二行目"');
    expect(tsvCell('say "hi"')).toBe('"say ""hi"""');
  });
  it("marks formula-like text as text and leaves markup as it is", () => {
    expect(tsvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(tsvCell("-1")).toBe("'-1");
    expect(tsvCell("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });
});
