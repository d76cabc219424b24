import { describe, expect, it } from "vitest";
import { centsToDecimal, csvCell, toCsv } from "./csv";

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("Maths")).toBe("Maths");
    expect(csvCell(1500)).toBe("1500");
    expect(csvCell(null)).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("cr\rlf")).toBe('"cr\rlf"');
  });

  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")'])("neutralises the formula %j", (value) => {
    expect(csvCell(value).replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it("refuses a non-finite number", () => {
    expect(() => csvCell(Number.NaN)).toThrow(RangeError);
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x, y", 2],
          ["=cmd", null],
        ],
      ),
    ).toBe('a,b\r\n"x, y",2\r\n\'=cmd,\r\n');
  });
});

describe("centsToDecimal", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [1500, "15.00"],
    [123456, "1234.56"],
    [-250, "-2.50"],
  ])("%d → %s", (cents, text) => {
    expect(centsToDecimal(cents)).toBe(text);
  });

  it("keeps zero-decimal currencies whole", () => {
    expect(centsToDecimal(1500, 0)).toBe("1500");
  });
});
