import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseTokenKeys, TokenKeyConfigError } from "./token-keys";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

describe("parseTokenKeys", () => {
  it("takes the first key as current and names every key by id", () => {
    const keyring = parseTokenKeys(`${keyA}, ${keyB}`);
    expect(keyring.current.key.equals(Buffer.from(keyA, "base64"))).toBe(true);
    expect(keyring.byId.size).toBe(2);
    expect(keyring.current.id).toMatch(/^k[0-9a-f]{12}$/);
  });

  it("derives the same id for a key wherever it sits in the list", () => {
    const first = parseTokenKeys(`${keyA},${keyB}`);
    const second = parseTokenKeys(`${keyB},${keyA}`);
    expect(second.byId.has(first.current.id)).toBe(true);
  });

  it("accepts an explicit id prefix", () => {
    expect(parseTokenKeys(`2026-11:${keyA}`).current.id).toBe("2026-11");
  });

  it.each([
    ["a passphrase", "correct horse battery staple"],
    ["31 bytes", randomBytes(31).toString("base64")],
    ["33 bytes", randomBytes(33).toString("base64")],
    ["hex of 32 bytes", randomBytes(32).toString("hex")],
    ["base64 with junk", `${keyA.slice(0, -1)}!`],
    ["an empty entry", `${keyA},`],
    ["a bad id", `bad id:${keyA}`],
  ])("refuses %s instead of hashing it into a key", (_label, value) => {
    expect(() => parseTokenKeys(value)).toThrow(TokenKeyConfigError);
  });

  it("refuses the same key id twice", () => {
    expect(() => parseTokenKeys(`${keyA},${keyA}`)).toThrow(/twice/);
  });
});
