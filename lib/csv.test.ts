import { describe, expect, it } from "vitest";
import { csvCell } from "./csv";

// Issue 14, finding 8: a spreadsheet runs a cell that starts like a formula,
// and some (Excel with an East Asian input method) read fullwidth ＝ ＋ － ＠ as = + - @.
describe("csvCell defuses formulas", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["＝HYPERLINK(\"x\")", "\"'＝HYPERLINK(\"\"x\"\")\""],
    ["＋1", "'＋1"],
    ["－1", "'－1"],
    ["＠SUM(A1)", "'＠SUM(A1)"],
    ["﹦1", "'﹦1"],
    ["﹢1", "'﹢1"],
    ["﹣1", "'﹣1"],
    ["﹫x", "'﹫x"],
    ["\t=1", "'\t=1"],
    ["\r=1", "\"'\r=1\""],
    ["\n=1", "\"'\n=1\""],
  ])("%j becomes %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("leaves ordinary text and numbers alone", () => {
    for (const value of ["Alicia Fernández", "a=b", "5 + 5", "Ｍａｙａ", "(212) 555-0143"]) expect(csvCell(value)).toBe(value);
    expect(csvCell(-5)).toBe("-5");
  });
});
