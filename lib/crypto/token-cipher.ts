import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { TTokenKeyring } from "./token-keys";

/**
 * AES-256-GCM for provider tokens at rest (lib/README.md, Security).
 * Sealed form: `v1:<keyId>:<nonce b64url>:<ciphertext‖tag b64url>`. The key id and a caller
 * context (e.g. `<connectionId>/refresh_token`) are authenticated as associated data, so a
 * ciphertext cannot be relabelled with another key id or moved to another row or column.
 */
const VERSION = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class TokenDecryptionError extends Error {
  readonly keyId: string | null;
  constructor(message: string, keyId: string | null = null) {
    super(message);
    this.name = "TokenDecryptionError";
    this.keyId = keyId;
  }
}

export function sealToken(keyring: TTokenKeyring, plaintext: string, context: string): string {
  const { id, key } = keyring.current;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(id, context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, id, nonce.toString("base64url"), body.toString("base64url")].join(":");
}

export function openToken(keyring: TTokenKeyring, sealed: string, context: string): string {
  const parts = sealed.split(":");
  const [version, keyId, nonceText, bodyText] = parts;
  if (parts.length !== 4 || version !== VERSION || !keyId || !nonceText || !bodyText) {
    throw new TokenDecryptionError("The stored token is not in the expected format.");
  }
  const entry = keyring.byId.get(keyId);
  if (!entry) {
    throw new TokenDecryptionError(`The stored token was sealed with key "${keyId}", which is not in TOKEN_ENCRYPTION_KEY.`, keyId);
  }
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new TokenDecryptionError("The stored token is truncated.", keyId);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", entry.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(keyId, context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new TokenDecryptionError("The stored token failed authentication (tampered, or sealed for another row).", keyId);
  }
}

/** Associated data naming where a sealed value belongs: it opens only in that row and column. */
export function tokenContext(table: "connection" | "oauth_state", rowId: string, column: string): string {
  return `${table}/${rowId}/${column}`;
}

/** The key id a sealed value names, without opening it. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(":");
  return parts.length === 4 && parts[0] === VERSION && parts[1] ? parts[1] : null;
}

function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}\0${keyId}\0${context}`, "utf8");
}
