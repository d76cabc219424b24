import "server-only";
import { AppError } from "@/lib/api/errors";
import { log } from "@/lib/log";
import type { TActionState } from "./action-state";

/**
 * A server action's failure in words a person can act on: AppError messages are
 * written for people; anything else is logged and stays opaque.
 */
export function toActionError(error: unknown, action: string): TActionState {
  if (error instanceof AppError) return { status: "error", code: error.code, message: error.message };
  log.error("server_action_failed", { action, error });
  return { status: "error", code: "internal", message: "Something went wrong on our side. Please try again in a moment." };
}

export function invalidInput(message: string): TActionState {
  return { status: "error", code: "invalid_input", message };
}
