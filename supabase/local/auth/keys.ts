import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import { authErrors } from "./errors.ts";

const ALG = "ES256";

export type TSigningKey = {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK as Supabase publishes it at /auth/v1/.well-known/jwks.json. */
  publicJwk: JWK;
};

async function fromPrivateJwk(jwk: JWK): Promise<TSigningKey> {
  const kid = jwk.kid;
  if (!kid || jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d) {
    throw new Error("The auth signing key file does not hold a P-256 private JWK with a kid");
  }
  const { d: _private, key_ops: _ops, ext: _ext, ...publicPart } = jwk;
  const privateKey = await importJWK({ ...jwk, alg: ALG }, ALG);
  const publicKey = await importJWK({ ...publicPart, alg: ALG }, ALG);
  if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey)) {
    throw new Error("Unexpected key material in the auth signing key file");
  }
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { kty: "EC", crv: "P-256", x: publicPart.x, y: publicPart.y, kid, alg: ALG, use: "sig", key_ops: ["verify"], ext: true },
  };
}

async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALG };
}

/**
 * Loads the signing key from `file` (creating it, mode 0600, on first use) so
 * sessions survive dev restarts; without a file the key lives only in memory.
 */
export async function loadSigningKey(file?: string): Promise<TSigningKey> {
  if (!file) return fromPrivateJwk(await generatePrivateJwk());
  if (existsSync(file)) return readSigningKey(file);
  const jwk = await generatePrivateJwk();
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, JSON.stringify(jwk, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs, so both sign with one key.
    if (error instanceof Error && "code" in error && error.code === "EEXIST") return readSigningKey(file);
    throw error;
  }
  await chmod(file, 0o600);
  return fromPrivateJwk(jwk);
}

async function readSigningKey(file: string): Promise<TSigningKey> {
  const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${file} does not hold a JWK`);
  return fromPrivateJwk(parsed);
}

export async function signJwt(key: TSigningKey, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: ALG, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

export type TAccessClaims = JWTPayload & { sub: string; session_id?: string; role?: string };

/** Verifies an access token as GoTrue does, with GoTrue's 403 `bad_jwt` wording on failure. */
export async function verifyAccessToken(key: TSigningKey, token: string): Promise<TAccessClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key.publicKey, { algorithms: [ALG] }));
  } catch (error) {
    throw authErrors.badJwt(describeJwtError(error));
  }
  if (typeof payload.sub !== "string" || payload.sub.length === 0) {
    throw authErrors.missingSub();
  }
  const sessionId = typeof payload.session_id === "string" ? payload.session_id : undefined;
  const role = typeof payload.role === "string" ? payload.role : undefined;
  return { ...payload, sub: payload.sub, session_id: sessionId, role };
}

function describeJwtError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "token has invalid claims: token is expired";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token signature is invalid: crypto/ecdsa: verification error";
  if (error instanceof errors.JWTClaimValidationFailed) return `token has invalid claims: ${error.message}`;
  return "token is malformed: could not parse or verify the token";
}
