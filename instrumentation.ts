/**
 * Runs once when the server starts: validate the environment up front, so a
 * missing or malformed variable (a TOKEN_ENCRYPTION_KEY that is not 32 bytes,
 * say), or outside the local stack a published local secret, stops the app with
 * a clear message instead of failing a request later.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { validateEnvAtStart } = await import("./lib/env/validate-env-at-start");
  validateEnvAtStart();
}
