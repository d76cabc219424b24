import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("names TTD as TT$ (never a bare $ a visitor reads as US dollars), two decimals and grouping", () => {
    expect(formatMoney(15_000, "TTD")).toBe("TT$150.00");
    expect(formatMoney(6_750, "TTD")).toBe("TT$67.50");
    expect(formatMoney(1, "TTD")).toBe("TT$0.01");
    expect(formatMoney(0, "TTD")).toBe("TT$0.00");
    expect(formatMoney(123_456_789, "TTD")).toBe("TT$1,234,567.89");
  });

  it("prefixes any other currency with its ISO code, in the currency's own minor units", () => {
    expect(formatMoney(2_000, "USD")).toBe("USD 20.00");
    expect(formatMoney(1_050, "usd")).toBe("USD 10.50");
    expect(formatMoney(1_500, "JPY")).toBe("JPY 1,500");
  });

  it("never shows a bare dollar sign", () => {
    for (const currency of ["TTD", "USD", "CAD", "AUD"]) expect(formatMoney(100, currency)).not.toMatch(/(^|[^A-Z])\$/);
  });

  it("puts the sign before the currency", () => {
    expect(formatMoney(-500, "TTD")).toBe("−TT$5.00");
  });

  it("refuses fractions of a cent rather than hiding them", () => {
    expect(() => formatMoney(10.5, "TTD")).toThrow(RangeError);
  });
});
