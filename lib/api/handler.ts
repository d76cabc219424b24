import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { AppError, toErrorResponse } from "@/lib/api/errors";

/**
 * Wraps a route handler: one request id, AppError/ZodError → `{ error: { code, message } }`
 * with the mapped status, anything unexpected → an opaque, logged 500.
 */
export function route<TContext>(
  handler: (request: Request, context: TContext) => Promise<Response>,
): (request: Request, context: TContext) => Promise<Response> {
  return async (request, context) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      return await handler(request, context);
    } catch (error) {
      const { status, body } = toErrorResponse(error, requestId);
      return NextResponse.json(body, { status, headers: { "x-request-id": requestId } });
    }
  };
}

/** Reads a JSON body; a missing or malformed body is the caller's mistake, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}
