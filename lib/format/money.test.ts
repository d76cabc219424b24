import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("formats TTD minor units with two decimals and grouping", () => {
    expect(formatMoney(15_000, "TTD")).toBe("$150.00");
    expect(formatMoney(6_750, "TTD")).toBe("$67.50");
    expect(formatMoney(1, "TTD")).toBe("$0.01");
    expect(formatMoney(0, "TTD")).toBe("$0.00");
    expect(formatMoney(123_456_789, "TTD")).toBe("$1,234,567.89");
  });

  it("uses the currency's own minor units", () => {
    expect(formatMoney(1_500, "JPY")).toBe("JP¥1,500");
    expect(formatMoney(1_050, "USD")).toBe("US$10.50");
  });

  it("refuses fractions of a cent rather than hiding them", () => {
    expect(() => formatMoney(10.5, "TTD")).toThrow(RangeError);
  });
});
