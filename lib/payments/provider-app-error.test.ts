import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { PaymentProviderError } from "@/lib/payments/providers/types";
import { toAppError } from "./provider-app-error";

describe("toAppError", () => {
  it("maps a rate limit to 429 with Retry-After in seconds", () => {
    const error = toAppError(new PaymentProviderError("rate_limited", "rate_limit", "slow down", 2500));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(429);
    expect((error as AppError).details).toEqual({ retry_after_seconds: 3 });
  });

  it.each([
    ["transient", 502],
    ["invalid", 502],
    ["unsupported", 409],
  ] as const)("maps %s to %d", (kind, status) => {
    expect((toAppError(new PaymentProviderError(kind, "x", "y")) as AppError).status).toBe(status);
  });

  it("passes anything else through", () => {
    const other = new Error("boom");
    expect(toAppError(other)).toBe(other);
  });
});
