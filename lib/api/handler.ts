import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, toErrorResponse } from "@/lib/api/errors";
import { enforceRateLimit, type TRateLimitName } from "@/lib/api/rate-limit";
import { assertLiveSession } from "@/lib/auth/assert-live-session";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { requestViewer } from "@/lib/auth/request-viewer";
import { verifyCronSecret } from "@/lib/cron/verify-cron-secret";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";

/**
 * Who may call a route:
 * - "user": a signed-in user (cookie or Bearer token); 401 otherwise. The handler gets its viewer.
 * - "public": anyone; the handler gets the viewer or null.
 * - "cron": `Authorization: Bearer $CRON_SECRET`, compared in constant time; 401 otherwise.
 * - "webhook": a provider; the handler verifies the signature over the raw body itself.
 */
export type TRouteAuth = "user" | "public" | "cron" | "webhook";

type TViewerFor<TAuth extends TRouteAuth> = TAuth extends "user" ? TAppViewer : TAuth extends "public" ? TAppViewer | null : null;

export type TRouteOptions<TAuth extends TRouteAuth, TParams extends z.ZodType | undefined> = {
  auth: TAuth;
  /** Validates the dynamic segments (`[id]`); a mismatch is a 422 before the handler runs. */
  params?: TParams;
  /** Per-user write limit (lib/api/rate-limit.ts); only for auth "user". */
  rateLimit?: TRateLimitName;
  /** Money or trust on the line: the Supabase session behind the token must still be live (not signed out). */
  requireLiveSession?: boolean;
};

export type TRouteContext<TAuth extends TRouteAuth, TParams extends z.ZodType | undefined> = {
  request: Request;
  viewer: TViewerFor<TAuth>;
  params: TParams extends z.ZodType ? z.infer<TParams> : Record<string, never>;
  requestId: string;
};

type TNextContext = { params?: Promise<Record<string, string | string[]>> };

/**
 * Every route handler goes through this: it verifies the caller as `auth` says, parses the
 * path params, applies the rate limit, and maps AppError / ZodError to
 * `{ error: { code, message } }` with the mapped status; anything unexpected is an opaque,
 * logged 500 with a request id.
 */
export function route<TAuth extends TRouteAuth, TParams extends z.ZodType | undefined = undefined>(
  options: TRouteOptions<TAuth, TParams>,
  handler: (context: TRouteContext<TAuth, TParams>) => Promise<Response>,
): (request: Request, context?: TNextContext) => Promise<Response> {
  return async (request, nextContext) => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      const viewer = await verifyCaller(options, request);
      const rawParams = (await nextContext?.params) ?? {};
      const params = options.params ? options.params.parse(rawParams) : {};
      return await handler({ request, viewer, params, requestId } as TRouteContext<TAuth, TParams>);
    } catch (error) {
      const { status, body, headers } = toErrorResponse(error, requestId);
      return NextResponse.json(body, { status, headers: { "x-request-id": requestId, ...headers } });
    }
  };
}

async function verifyCaller(options: TRouteOptions<TRouteAuth, z.ZodType | undefined>, request: Request): Promise<TAppViewer | null> {
  switch (options.auth) {
    case "cron":
      verifyCronSecret({ authorization: request.headers.get("authorization"), secret: serverEnv().CRON_SECRET });
      return null;
    case "webhook":
      return null;
    case "public":
      return requestViewer(request);
    case "user": {
      const viewer = await requestViewer(request);
      if (!viewer) throw new AppError("unauthorized", "Sign in to do this.");
      if (options.requireLiveSession) await assertLiveSession({ db: getDb(), viewer });
      if (options.rateLimit) await enforceRateLimit({ db: getDb(), viewer, name: options.rateLimit, now: new Date() });
      return viewer;
    }
  }
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
