import { describe, expect, it } from "vitest";
import { lessonPriceCents } from "./lesson-price";

describe("lessonPriceCents", () => {
  it("is the hourly price for an hour and scales with the length", () => {
    expect(lessonPriceCents(15_000, 60)).toBe(15_000);
    expect(lessonPriceCents(15_000, 30)).toBe(7_500);
    expect(lessonPriceCents(15_000, 90)).toBe(22_500);
  });
  it("rounds half a cent up, less down, for every length and a range of prices", () => {
    expect(lessonPriceCents(101, 30)).toBe(51); // 50.5
    expect(lessonPriceCents(100, 45)).toBe(75);
    expect(lessonPriceCents(1_001, 45)).toBe(751); // 750.75
    for (const minutes of [15, 30, 45, 60, 75, 90, 105, 120, 150, 180]) {
      for (let hourly = 100; hourly < 2_000; hourly += 7) {
        const exact = (hourly * minutes) / 60;
        const price = lessonPriceCents(hourly, minutes);
        expect(price - exact).toBeLessThanOrEqual(0.5);
        expect(exact - price).toBeLessThan(0.5);
      }
    }
  });
});
