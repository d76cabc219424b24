import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { TTokenKeyring } from "@/lib/crypto/token-keys";

/**
 * The OAuth `state` parameter: `<payload b64url>.<HMAC-SHA256 b64url>`. The payload names a
 * nonce (a row in public.oauth_states, consumed once), the tutor who started the flow, the
 * provider and an expiry. The MAC key is derived (HKDF) from a token encryption key and
 * named by its id, so no extra secret is needed and rotation keeps in-flight states valid.
 */
export const OAUTH_STATE_TTL_SECONDS = 10 * 60;

const ZOAuthStatePayload = z.object({
  v: z.literal(1),
  n: z.uuid(),
  t: z.uuid(),
  p: z.enum(["google_meet", "zoom"]),
  e: z.number().int().positive(),
  k: z.string().min(1).max(40),
});
export type TOAuthStatePayload = z.infer<typeof ZOAuthStatePayload>;

export type TOAuthStateCheck =
  { isValid: true; payload: TOAuthStatePayload } | { isValid: false; reason: "malformed" | "bad_signature" | "expired" };

export function signOAuthState(
  keyring: TTokenKeyring,
  fields: { nonce: string; tutorId: string; provider: TOAuthStatePayload["p"]; expiresAt: Date },
): string {
  const payload: TOAuthStatePayload = {
    v: 1,
    n: fields.nonce,
    t: fields.tutorId,
    p: fields.provider,
    e: Math.floor(fields.expiresAt.getTime() / 1000),
    k: keyring.current.id,
  };
  const encoded = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${encoded}.${mac(keyring.current.key, encoded).toString("base64url")}`;
}

export function verifyOAuthState(keyring: TTokenKeyring, state: string, now: Date): TOAuthStateCheck {
  const match = /^([A-Za-z0-9_-]{1,1024})\.([A-Za-z0-9_-]{43})$/.exec(state);
  if (!match?.[1] || !match[2]) return { isValid: false, reason: "malformed" };
  const [, encoded, signature] = match;
  const parsed = ZOAuthStatePayload.safeParse(parseJson(Buffer.from(encoded, "base64url").toString("utf8")));
  if (!parsed.success) return { isValid: false, reason: "malformed" };
  const key = keyring.byId.get(parsed.data.k);
  const given = Buffer.from(signature, "base64url");
  if (!key || given.length !== 32 || !timingSafeEqual(given, mac(key.key, encoded))) {
    return { isValid: false, reason: "bad_signature" };
  }
  if (parsed.data.e * 1000 <= now.getTime()) return { isValid: false, reason: "expired" };
  return { isValid: true, payload: parsed.data };
}

function mac(tokenKey: Buffer, encodedPayload: string): Buffer {
  const macKey = Buffer.from(hkdfSync("sha256", tokenKey, Buffer.alloc(0), "oauth-state-v1", 32));
  return createHmac("sha256", macKey).update(encodedPayload).digest();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
