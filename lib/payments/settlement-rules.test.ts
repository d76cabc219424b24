import { describe, expect, it } from "vitest";
import { canWriteOff, ZSettleOutside, ZSettlementReference } from "./settlement-rules";

describe("ZSettlementReference", () => {
  it("trims and keeps 1 to 120 characters of one line", () => {
    expect(ZSettlementReference.parse("  FT 2026-12-01 / 4471  ")).toBe("FT 2026-12-01 / 4471");
    expect(ZSettlementReference.parse("x".repeat(120))).toHaveLength(120);
    expect(ZSettlementReference.safeParse("x".repeat(121)).success).toBe(false);
    expect(ZSettlementReference.safeParse("   ").success).toBe(false);
    expect(ZSettlementReference.safeParse("").success).toBe(false);
  });

  it("refuses control characters (a newline, a tab, NUL, DEL)", () => {
    for (const value of ["FT\n123", "FT\t123", "FT\u0000123", "FT\u007f123"]) {
      expect(ZSettlementReference.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
    expect(ZSettlementReference.parse("Reçu nº 42 — caisse")).toBe("Reçu nº 42 — caisse");
  });
});

describe("ZSettleOutside", () => {
  it("needs a reference and a reason (3+ characters), and nothing else", () => {
    expect(ZSettleOutside.parse({ reference: "R1", reason: " Paid by bank transfer " })).toEqual({
      reference: "R1",
      reason: "Paid by bank transfer",
    });
    expect(ZSettleOutside.safeParse({ reference: "R1", reason: "ok" }).success).toBe(false);
    expect(ZSettleOutside.safeParse({ reference: "R1" }).success).toBe(false);
    expect(ZSettleOutside.safeParse({ reference: "R1", reason: "Paid in cash", extra: 1 }).success).toBe(false);
  });
});

describe("canWriteOff", () => {
  it("only a charge: a refund or a transfer is money owed to someone", () => {
    expect(canWriteOff("charge")).toBe(true);
    expect(canWriteOff("refund")).toBe(false);
    expect(canWriteOff("transfer")).toBe(false);
  });
});
