import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { TTokenKeyring } from "@/lib/crypto/token-keys";
import { NOTIFICATION_CATEGORY_NAMES, isCategoryLocked, type TNotificationCategory } from "./kinds";

/**
 * One-click unsubscribe links (README "Notifications"): `<key id>.<payload>.<mac>`, the payload
 * naming the user and the category, the MAC an HMAC-SHA256 with a key derived (HKDF) from the
 * token encryption key, so no new secret is needed and rotating that key keeps old links
 * working while its previous key stays listed. No expiry: an unsubscribe link must keep working.
 */
export type TUnsubscribe = { userId: string; category: TNotificationCategory };

const HKDF_INFO = "notification-unsubscribe-v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function macKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), HKDF_INFO, 32));
}

function mac(key: Buffer, signed: string): Buffer {
  return createHmac("sha256", macKey(key)).update(signed).digest();
}

export function signUnsubscribeToken(input: TUnsubscribe, keyring: TTokenKeyring): string {
  const payload = Buffer.from(`${input.userId}:${input.category}`).toString("base64url");
  const signed = `${keyring.current.id}.${payload}`;
  return `${signed}.${mac(keyring.current.key, signed).toString("base64url")}`;
}

/** The token's user and category, or null for anything forged, altered or malformed. */
export function verifyUnsubscribeToken(token: string, keyring: TTokenKeyring): TUnsubscribe | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [keyId, payload, signature] = parts as [string, string, string];
  const key = keyring.byId.get(keyId);
  if (!key) return null;
  const expected = mac(key.key, `${keyId}.${payload}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [userId, category] = Buffer.from(payload, "base64url").toString("utf8").split(":");
  if (!userId || !UUID.test(userId)) return null;
  const known = NOTIFICATION_CATEGORY_NAMES.find((name) => name === category);
  if (!known || isCategoryLocked(known)) return null;
  return { userId, category: known };
}
