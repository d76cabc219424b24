import type { TAccessTokenSource } from "@/lib/video/connections/connection-token-source";

/** Thrown by a provider call that got HTTP 401: the token is refreshed and the call retried once. */
export class ProviderUnauthorizedError extends Error {
  constructor(message = "The provider rejected the access token.") {
    super(message);
    this.name = "ProviderUnauthorizedError";
  }
}

/**
 * Runs `call` with a fresh token; on a 401, refreshes once (under the row lock) and retries.
 * A second 401 is not retried again: it surfaces as the call's error.
 */
export async function withAccessToken<T>(tokens: TAccessTokenSource, call: (accessToken: string) => Promise<T>): Promise<T> {
  const token = await tokens.accessToken();
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof ProviderUnauthorizedError)) throw error;
  }
  return call(await tokens.refreshAfterUnauthorized(token));
}
