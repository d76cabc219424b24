import { describe, expect, it } from "vitest";
import { formatBps } from "./percent";

describe("formatBps", () => {
  it("shows basis points as a percentage", () => {
    expect(formatBps(5000)).toBe("50\u00a0%");
    expect(formatBps(4500)).toBe("45\u00a0%");
    expect(formatBps(10_000)).toBe("100\u00a0%");
    expect(formatBps(3333)).toBe("33.33\u00a0%");
    expect(formatBps(0)).toBe("0\u00a0%");
  });
});
