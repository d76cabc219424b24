import { createHash } from "node:crypto";

/**
 * The keys that seal provider tokens (lib/README.md, Security), parsed from TOKEN_ENCRYPTION_KEY:
 * a comma-separated list, newest first. Each entry is the base64 of exactly 32 random
 * bytes, optionally prefixed with an id (`2026-11:<base64>`). Without an id, the id is a
 * fingerprint of the key, so reordering the list never changes which key an id names.
 * New writes use the first key; reads pick the key by the id stored beside the ciphertext.
 */
export type TTokenKey = { id: string; key: Buffer };
export type TTokenKeyring = { current: TTokenKey; byId: ReadonlyMap<string, TTokenKey> };

const KEY_BYTES = 32;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export class TokenKeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenKeyConfigError";
  }
}

/** Parses and validates the whole list; any malformed entry is an error naming its position. */
export function parseTokenKeys(value: string): TTokenKeyring {
  const entries = value.split(",").map((entry) => entry.trim());
  const keys = entries.map((entry, index) => parseEntry(entry, index + 1));
  const byId = new Map<string, TTokenKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw new TokenKeyConfigError(`TOKEN_ENCRYPTION_KEY lists key id "${key.id}" twice`);
    byId.set(key.id, key);
  }
  const current = keys[0];
  if (!current) throw new TokenKeyConfigError("TOKEN_ENCRYPTION_KEY is empty");
  return { current, byId };
}

function parseEntry(entry: string, position: number): TTokenKey {
  const separator = entry.indexOf(":");
  const explicitId = separator === -1 ? null : entry.slice(0, separator);
  const encoded = separator === -1 ? entry : entry.slice(separator + 1);
  if (explicitId !== null && !KEY_ID_PATTERN.test(explicitId)) {
    throw new TokenKeyConfigError(
      `TOKEN_ENCRYPTION_KEY entry ${position}: a key id may use only letters, digits, "_" and "-" (at most 32)`,
    );
  }
  const key = decodeStrictBase64(encoded);
  if (!key || key.length !== KEY_BYTES) {
    throw new TokenKeyConfigError(
      `TOKEN_ENCRYPTION_KEY entry ${position} must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)`,
    );
  }
  return { id: explicitId ?? fingerprint(key), key };
}

/** Node's decoder skips junk; a key must round-trip exactly, so a typo is never silently accepted. */
function decodeStrictBase64(encoded: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const decoded = Buffer.from(encoded, "base64");
  return decoded.toString("base64") === encoded ? decoded : null;
}

/** A public, stable name for a key: 48 bits of a domain-separated SHA-256 (reveals nothing usable). */
function fingerprint(key: Buffer): string {
  return `k${createHash("sha256").update("token-encryption-key-id\0").update(key).digest("hex").slice(0, 12)}`;
}
