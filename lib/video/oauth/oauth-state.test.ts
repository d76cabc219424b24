import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseTokenKeys } from "@/lib/crypto/token-keys";
import { OAUTH_STATE_TTL_SECONDS, signOAuthState, verifyOAuthState } from "./oauth-state";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const keyring = parseTokenKeys(keyA);
const now = new Date("2026-11-21T12:00:00Z");
const fields = {
  nonce: randomUUID(),
  tutorId: randomUUID(),
  provider: "zoom" as const,
  expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_SECONDS * 1000),
};

describe("OAuth state", () => {
  it("verifies what it signed, with the nonce, tutor and provider", () => {
    const check = verifyOAuthState(keyring, signOAuthState(keyring, fields), now);
    expect(check).toMatchObject({ isValid: true, payload: { n: fields.nonce, t: fields.tutorId, p: "zoom" } });
  });

  it("rejects a payload changed to another tutor (signature no longer matches)", () => {
    const [payload, signature] = signOAuthState(keyring, fields).split(".");
    const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...decoded, t: randomUUID() })).toString("base64url");
    expect(verifyOAuthState(keyring, `${forged}.${signature}`, now)).toEqual({ isValid: false, reason: "bad_signature" });
  });

  it("rejects a state signed with a key we do not hold", () => {
    const foreign = signOAuthState(parseTokenKeys(keyB), fields);
    expect(verifyOAuthState(keyring, foreign, now)).toMatchObject({ isValid: false });
  });

  it("expires after ten minutes", () => {
    const state = signOAuthState(keyring, fields);
    expect(verifyOAuthState(keyring, state, new Date(now.getTime() + 9 * 60_000)).isValid).toBe(true);
    expect(verifyOAuthState(keyring, state, new Date(now.getTime() + 10 * 60_000))).toEqual({ isValid: false, reason: "expired" });
  });

  it("stays valid across a key rotation (old key listed second)", () => {
    const state = signOAuthState(keyring, fields);
    expect(verifyOAuthState(parseTokenKeys(`${keyB},${keyA}`), state, now).isValid).toBe(true);
  });

  it.each(["", "abc", "a.b.c", `${"x".repeat(20)}.${"y".repeat(43)}`, "https://evil.example/"])("rejects malformed %j", (value) => {
    expect(verifyOAuthState(keyring, value, now).isValid).toBe(false);
  });
});
