import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseTokenKeys } from "@/lib/crypto/token-keys";
import { signUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const ring = parseTokenKeys(`a:${keyA}`);
const userId = randomUUID();

describe("unsubscribe tokens", () => {
  it("round-trips the user and category", () => {
    const token = signUnsubscribeToken({ userId, category: "reminders" }, ring);
    expect(verifyUnsubscribeToken(token, ring)).toEqual({ userId, category: "reminders" });
  });

  it("refuses a token whose payload was changed (another user or category)", () => {
    const token = signUnsubscribeToken({ userId, category: "reminders" }, ring);
    const [id, , signature] = token.split(".");
    const forged = Buffer.from(`${randomUUID()}:reminders`).toString("base64url");
    expect(verifyUnsubscribeToken(`${id}.${forged}.${signature}`, ring)).toBeNull();
    const otherCategory = Buffer.from(`${userId}:bookings`).toString("base64url");
    expect(verifyUnsubscribeToken(`${id}.${otherCategory}.${signature}`, ring)).toBeNull();
  });

  it("refuses a token signed with a key the server does not hold, and garbage", () => {
    const foreign = signUnsubscribeToken({ userId, category: "bookings" }, parseTokenKeys(`a:${keyB}`));
    expect(verifyUnsubscribeToken(foreign, ring)).toBeNull();
    for (const junk of ["", "a.b", "a.b.c.d", "a..", "zz.eA.eA"]) expect(verifyUnsubscribeToken(junk, ring)).toBeNull();
  });

  it("keeps working after a key rotation while the old key is listed", () => {
    const token = signUnsubscribeToken({ userId, category: "lessons" }, ring);
    const rotated = parseTokenKeys(`b:${keyB},a:${keyA}`);
    expect(verifyUnsubscribeToken(token, rotated)).toEqual({ userId, category: "lessons" });
  });

  it("never unsubscribes from the locked payments category, even with a valid MAC", () => {
    const token = signUnsubscribeToken({ userId, category: "payments" }, ring);
    expect(verifyUnsubscribeToken(token, ring)).toBeNull();
  });
});
