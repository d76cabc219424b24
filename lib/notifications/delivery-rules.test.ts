import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./delivery-rules";

describe("retryDelayMs", () => {
  it("doubles from one minute and stops at six hours", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16]);
    expect(retryDelayMs(20)).toBe(6 * 60 * 60_000);
  });
});
