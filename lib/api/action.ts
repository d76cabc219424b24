import "server-only";
import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import { ZodError, type z } from "zod";
import { AppError, describeZodError } from "@/lib/api/errors";
import { enforceRateLimit, type TRateLimitName } from "@/lib/api/rate-limit";
import { assertLiveSession } from "@/lib/auth/assert-live-session";
import { getViewer, type TAppViewer } from "@/lib/auth/get-viewer";
import type { TRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import type { TActionState } from "@/lib/format/action-state";
import { log } from "@/lib/log";

export type TActionOptions<TSchema extends z.ZodType> = {
  /** Who may call it; anyone else gets `forbidden` (signed out: `unauthorized`). */
  role: TRole | readonly TRole[];
  /** Validates the form fields (strings, as FormData sends them). */
  schema: TSchema;
  /** For the logs: which action failed. */
  name: string;
  rateLimit?: TRateLimitName;
  requireLiveSession?: boolean;
};

export type TActionHandler<TSchema extends z.ZodType> = (context: {
  viewer: TAppViewer;
  input: z.infer<TSchema>;
}) => Promise<TActionState | void>;

/**
 * Every server action goes through this, the form twin of `route()`: the caller's role,
 * the form parsed with zod, and errors mapped the same way — an AppError's own message,
 * invalid input as `invalid_input`, anything unexpected logged with a reference and
 * reported as what it is (`internal`), never dressed up as an outcome. `redirect()` and
 * Next's other control flow pass through. Returning nothing means `{ status: "done" }`.
 */
export function action<TSchema extends z.ZodType>(
  options: TActionOptions<TSchema>,
  handler: TActionHandler<TSchema>,
): (previous: TActionState, formData: FormData) => Promise<TActionState> {
  const roles: readonly TRole[] = typeof options.role === "string" ? [options.role] : options.role;
  return async (_previous, formData) => {
    try {
      const viewer = await getViewer();
      if (!viewer) throw new AppError("unauthorized", "Your sign-in has expired. Sign in again, then try once more.");
      if (!roles.includes(viewer.role)) throw new AppError("forbidden", `Only a ${roles.join(" or ")} account can do this.`);
      const input = options.schema.parse(formFields(formData)) as z.infer<TSchema>;
      if (options.requireLiveSession) await assertLiveSession({ db: getDb(), viewer });
      if (options.rateLimit) await enforceRateLimit({ db: getDb(), viewer, name: options.rateLimit, now: new Date() });
      return (await handler({ viewer, input })) ?? { status: "done", message: "Done." };
    } catch (error) {
      unstable_rethrow(error);
      return toActionState(error, options.name);
    }
  };
}

/** FormData → a plain object of its string fields (files and Next's `$ACTION_` fields left out). */
function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) fields[key] = value;
  }
  return fields;
}

function toActionState(error: unknown, name: string): TActionState {
  if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
  if (error instanceof ZodError) return { status: "error", code: "invalid_input", message: describeZodError(error) };
  const reference = randomUUID().slice(0, 8);
  log.error("server_action_failed", { action: name, reference, error, stack: error instanceof Error ? error.stack : undefined });
  return {
    status: "error",
    code: "internal",
    message: `Something went wrong on our side (reference ${reference}). Please try again in a moment.`,
  };
}
