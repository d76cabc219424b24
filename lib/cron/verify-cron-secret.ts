import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { log } from "@/lib/log";

/**
 * Checks `Authorization: Bearer <CRON_SECRET>` in constant time (lib/README.md, Security).
 * Both sides are hashed first so the comparison runs over equal-length buffers
 * and leaks neither the secret's content nor its length.
 * No secret configured → misconfigured (500) and nothing runs.
 */
export function verifyCronSecret(options: { authorization: string | null; secret: string | undefined }): void {
  if (!options.secret) {
    log.error("cron_secret_missing", { message: "CRON_SECRET is not set: refusing to run the charge job" });
    throw new AppError("misconfigured", "The scheduled job is not configured on this server (CRON_SECRET is not set).");
  }
  const match = /^Bearer (.+)$/.exec(options.authorization ?? "");
  const presented = match?.[1] ?? "";
  const isValid = timingSafeEqual(sha256(presented), sha256(options.secret));
  if (!match || !isValid) throw new AppError("unauthorized", "A valid cron secret is required.");
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
