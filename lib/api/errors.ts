import { ZodError } from "zod";
import { log } from "@/lib/log";

/** The closed set of error codes every route may answer with (STYLE: Errors). */
export const ERROR_STATUS = {
  invalid_input: 422,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_early: 409,
  too_late: 409,
  already_done: 409,
  provider_not_connected: 409,
  provider_error: 502,
  // booking requests (lib/bookings/request-booking.ts)
  slot_taken: 409,
  slot_unavailable: 422,
  tutor_not_bookable: 409,
  not_offered: 422,
  // booking needs the payer's saved card (stripe provider): 409, the account's state, fixed by saving a card
  payment_method_required: 409,
  rate_limited: 429,
  misconfigured: 500,
  internal: 500,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: TErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type TErrorBody = { error: { code: TErrorCode; message: string } & Record<string, unknown> };

export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/** Maps any thrown value to a status and a body a person can act on; unexpected errors stay opaque. */
export function toErrorResponse(error: unknown, requestId: string): { status: number; body: TErrorBody; headers?: Record<string, string> } {
  if (error instanceof AppError) {
    const retryAfter = error.details?.retry_after_seconds;
    const headers = typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : undefined;
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...error.details } }, headers };
  }
  if (error instanceof ZodError) {
    return { status: 422, body: { error: { code: "invalid_input", message: describeZodError(error) } } };
  }
  log.error("request_failed", { requestId, error, stack: error instanceof Error ? error.stack : undefined });
  return {
    status: 500,
    body: { error: { code: "internal", message: `Something went wrong on our side (request ${requestId}). Please try again.` } },
  };
}
