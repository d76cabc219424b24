import "server-only";
import { serverEnv } from "@/lib/env/server-env";
import { parseTokenKeys, type TTokenKeyring } from "./token-keys";

let cached: { source: string; keyring: TTokenKeyring } | undefined;

/** The configured token keys (validated at start-up by serverEnv). */
export function tokenKeyring(): TTokenKeyring {
  const source = serverEnv().TOKEN_ENCRYPTION_KEY;
  if (cached?.source !== source) cached = { source, keyring: parseTokenKeys(source) };
  return cached.keyring;
}

export { tokenContext } from "./token-cipher";
