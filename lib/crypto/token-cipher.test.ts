import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openToken, sealedKeyId, sealToken, TokenDecryptionError, tokenContext } from "./token-cipher";
import { parseTokenKeys } from "./token-keys";

const oldKey = randomBytes(32).toString("base64");
const newKey = randomBytes(32).toString("base64");
const keyring = parseTokenKeys(oldKey);
const context = tokenContext("connection", "7d6f1c52-0000-4000-8000-000000000001", "access_token");
const secret = "ya29.a0AfH6SMB-very-secret-access-token";

function flipCharAt(sealed: string, partIndex: number): string {
  const parts = sealed.split(":");
  const part = parts[partIndex] ?? "";
  const bytes = Buffer.from(part, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(":");
}

describe("token cipher (AES-256-GCM with key ids)", () => {
  it("round-trips and never shows the plaintext", () => {
    const sealed = sealToken(keyring, secret, context);
    expect(sealed).not.toContain(secret);
    expect(sealed.startsWith(`v1:${keyring.current.id}:`)).toBe(true);
    expect(openToken(keyring, sealed, context)).toBe(secret);
  });

  it("uses a fresh nonce every time", () => {
    expect(sealToken(keyring, secret, context)).not.toBe(sealToken(keyring, secret, context));
  });

  it.each([
    ["nonce", 2],
    ["ciphertext", 3],
  ])("rejects a tampered %s", (_label, partIndex) => {
    const tampered = flipCharAt(sealToken(keyring, secret, context), partIndex);
    expect(() => openToken(keyring, tampered, context)).toThrow(TokenDecryptionError);
  });

  it("rejects a tampered tag (last byte)", () => {
    const parts = sealToken(keyring, secret, context).split(":");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 0x80;
    parts[3] = body.toString("base64url");
    expect(() => openToken(keyring, parts.join(":"), context)).toThrow(TokenDecryptionError);
  });

  it("rejects a ciphertext moved to another row or column", () => {
    const sealed = sealToken(keyring, secret, context);
    expect(() => openToken(keyring, sealed, tokenContext("connection", "another-row", "access_token"))).toThrow(TokenDecryptionError);
    expect(() => openToken(keyring, sealed, tokenContext("connection", "7d6f1c52-0000-4000-8000-000000000001", "refresh_token"))).toThrow(
      TokenDecryptionError,
    );
  });

  it("rejects a key id that is not configured, naming it", () => {
    const sealed = sealToken(keyring, secret, context);
    const other = parseTokenKeys(newKey);
    expect(() => openToken(other, sealed, context)).toThrow(/not in TOKEN_ENCRYPTION_KEY/);
  });

  it("rejects a ciphertext relabelled with another configured key id", () => {
    const both = parseTokenKeys(`${newKey},${oldKey}`);
    const sealed = sealToken(keyring, secret, context);
    const relabelled = sealed.replace(`v1:${keyring.current.id}:`, `v1:${both.current.id}:`);
    expect(() => openToken(both, relabelled, context)).toThrow(TokenDecryptionError);
  });

  it("reads old ciphertexts by key id after a new key is put first; new writes use the new key", () => {
    const sealedWithOld = sealToken(keyring, secret, context);
    const rotated = parseTokenKeys(`${newKey},${oldKey}`);
    expect(openToken(rotated, sealedWithOld, context)).toBe(secret);
    expect(sealedKeyId(sealToken(rotated, secret, context))).toBe(rotated.current.id);
    expect(sealedKeyId(sealedWithOld)).toBe(keyring.current.id);
  });

  it("rejects malformed values", () => {
    for (const value of ["", "v1:x", "v2:a:b:c", "plaintext-token"]) {
      expect(() => openToken(keyring, value, context)).toThrow(TokenDecryptionError);
    }
  });
});
