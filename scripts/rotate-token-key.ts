/**
 * `npm run rotate-token-key`: re-encrypts every stored provider token with the FIRST key of
 * TOKEN_ENCRYPTION_KEY. Rotation, step by step:
 *   1. generate a key:            openssl rand -base64 32
 *   2. put it first, keep the old: TOKEN_ENCRYPTION_KEY="<new>,<old>"  (deploy: new writes use it)
 *   3. run this script with the same TOKEN_ENCRYPTION_KEY and DATABASE_URL
 *   4. remove the old key from TOKEN_ENCRYPTION_KEY and deploy again.
 * Reads the environment, or .env.local when a variable is not set.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { rotateTokenKeys } from "../lib/crypto/rotate-token-keys.ts";
import { parseTokenKeys } from "../lib/crypto/token-keys.ts";

async function main(): Promise<void> {
  const envFile = path.resolve(import.meta.dirname, "../.env.local");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const databaseUrl = process.env.DATABASE_URL;
  const keys = process.env.TOKEN_ENCRYPTION_KEY;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set (the database whose tokens to re-encrypt).");
  if (!keys) throw new Error('TOKEN_ENCRYPTION_KEY is not set: list the new key first, then the old ones ("<new>,<old>").');
  const keyring = parseTokenKeys(keys);
  const db = postgres(databaseUrl, { max: 2, prepare: false, onnotice: () => {} });
  try {
    const report = await rotateTokenKeys({ db, keyring });
    process.stdout.write(
      `Re-encrypted ${report.connections} connection(s) and ${report.oauthStates} pending OAuth state(s) with key "${report.keyId}".\n` +
        (keyring.byId.size > 1 ? "Every row now uses the first key: the other keys can be removed from TOKEN_ENCRYPTION_KEY.\n" : ""),
    );
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rotate-token-key: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
