import { AuthApiError, AuthRetryableFetchError, AuthWeakPasswordError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { ACCOUNT_EXISTS_MESSAGE, describeAuthError, OFFLINE_MESSAGE, WRONG_CREDENTIALS_MESSAGE } from "./describe-auth-error";

describe("describeAuthError", () => {
  it("reports a failed fetch as the offline message", () => {
    expect(describeAuthError(new AuthRetryableFetchError("Failed to fetch", 0))).toEqual({ kind: "offline", message: OFFLINE_MESSAGE });
    expect(describeAuthError(new TypeError("Failed to fetch")).message).toBe(OFFLINE_MESSAGE);
    expect(OFFLINE_MESSAGE).toBe("Can't reach the server — check your internet connection");
  });

  it("maps invalid_credentials to the wrong email or password message", () => {
    const error = new AuthApiError("Invalid login credentials", 400, "invalid_credentials");
    expect(describeAuthError(error)).toEqual({ kind: "wrong_credentials", message: WRONG_CREDENTIALS_MESSAGE });
  });

  it("maps an existing account to the sign-in-instead message", () => {
    const error = new AuthApiError("User already registered", 422, "user_already_exists");
    expect(describeAuthError(error)).toEqual({ kind: "account_exists", message: ACCOUNT_EXISTS_MESSAGE });
  });

  it("explains a weak password with the server's reasons", () => {
    const error = new AuthWeakPasswordError("Password is weak", 422, ["length"]);
    expect(describeAuthError(error).message).toBe("That password is too weak: make it longer.");
    expect(describeAuthError(new AuthApiError("weak", 422, "weak_password")).message).toMatch(/too weak/);
  });

  it("keeps unexpected failures opaque", () => {
    expect(describeAuthError(new Error("boom")).message).toMatch(/Something went wrong/);
    expect(describeAuthError(new AuthApiError("db down", 500, "unexpected_failure")).message).toMatch(/Something went wrong/);
  });
});
