import "server-only";
import { serverEnv } from "@/lib/env/server-env";
import { log } from "@/lib/log";

/**
 * Called once by instrumentation.ts. Under `next start` (NODE_ENV=production) Next only logs a failing
 * instrumentation hook and keeps serving, every request then failing: a deployment with a missing or
 * published secret must not come up at all, so it exits. `next dev` keeps Next's own error display.
 */
export function validateEnvAtStart(): void {
  try {
    serverEnv();
  } catch (error) {
    if (process.env.NODE_ENV !== "production") throw error;
    log.error("startup.invalid_environment", { error });
    process.exit(1);
  }
}
