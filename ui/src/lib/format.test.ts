import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  fiscalQuarter,
  fiscalYearOf,
  fyLabel,
  fyLongLabel,
  fyShort,
  percentText,
  shiftText,
  wareki,
  warekiShort,
} from "./format";

describe("和暦", () => {
  it("writes 令和 dates, year 1 as 元", () => {
    expect(wareki("2025-04-01")).toBe("令和7年4月1日");
    expect(wareki("2019-05-01")).toBe("令和元年5月1日");
    expect(warekiShort("2025-11-20")).toBe("R7.11.20");
    expect(warekiShort("2019-05-01")).toBe("R1.5.1");
  });
  it("switches era on the first day of the new era", () => {
    expect(wareki("2019-04-30")).toBe("平成31年4月30日");
    expect(wareki("1989-01-07")).toBe("昭和64年1月7日");
    expect(wareki("1989-01-08")).toBe("平成元年1月8日");
  });
  it("leaves empty and malformed input readable", () => {
    expect(wareki(null)).toBe("");
    expect(wareki("")).toBe("");
    expect(wareki("2025-02-30")).toBe("2025-02-30");
  });
});

describe("年度", () => {
  it("January to March belong to the previous 年度", () => {
    expect(fiscalYearOf("2026-03-31")).toBe(2025);
    expect(fiscalYearOf("2025-04-01")).toBe(2025);
    expect(fiscalYearOf("2025-03-31")).toBe(2024);
  });
  it("labels 年度 as the national 工程表 does", () => {
    expect(fyLabel(2025)).toBe("令和7年度");
    expect(fyLabel(2019)).toBe("令和元年度");
    expect(fyLabel(2018)).toBe("平成30年度");
    expect(fyLongLabel(2021)).toBe("2021年度 (令和3年度)");
    expect(fyShort(2019)).toBe("R元");
    expect(fyShort(2025)).toBe("R7");
  });
  it("numbers quarters from April", () => {
    expect(fiscalQuarter("2025-04-01")).toBe(1);
    expect(fiscalQuarter("2025-09-30")).toBe(2);
    expect(fiscalQuarter("2025-12-31")).toBe(3);
    expect(fiscalQuarter("2026-01-01")).toBe(4);
  });
});

describe("days and figures", () => {
  it("counts calendar days across month and year ends", () => {
    expect(daysBetween("2025-04-01", "2026-03-31")).toBe(364);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });
  it("writes shifts and percentages", () => {
    expect(shiftText(14)).toBe("+14日");
    expect(shiftText(-3)).toBe("−3日");
    expect(shiftText(0)).toBe("±0日");
    expect(percentText(66.666)).toBe("66.7%");
    expect(percentText(null)).toBe("—");
  });
});
