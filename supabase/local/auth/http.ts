import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { authErrors, type GoTrueError } from "./errors.ts";

const MAX_BODY_BYTES = 1024 * 1024;
// auth-js reads error codes from `code` only when the response names this version.
const API_VERSION = "2024-01-01";
const DEFAULT_ALLOWED_HEADERS = "apikey, authorization, content-type, x-client-info, x-supabase-api-version";

/** Headers Supabase's gateway adds so the browser may call Auth from another origin. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers["access-control-request-headers"];
  return {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": requested && requested.length > 0 ? requested : DEFAULT_ALLOWED_HEADERS,
    "Access-Control-Expose-Headers": "X-Supabase-Api-Version, X-Total-Count, Link",
    "Access-Control-Max-Age": "3600",
  };
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...corsHeaders(req),
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    "X-Supabase-Api-Version": API_VERSION,
    ...headers,
  });
  res.end(payload);
}

export function sendEmpty(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.writeHead(status, { ...corsHeaders(req), "X-Supabase-Api-Version": API_VERSION });
  res.end();
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: GoTrueError): void {
  sendJson(req, res, error.status, error.toBody());
}

/** Reads and parses a JSON body with `schema`; an empty body parses as `{}` (auth-js sends none on logout). */
export async function readBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw authErrors.payloadTooLarge();
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  let raw: unknown = {};
  if (text.length > 0) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw authErrors.badJson(error instanceof Error ? error.message : "invalid JSON");
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw authErrors.badJson(issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid body");
  }
  return parsed.data;
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? /^bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

/** Compares secrets in constant time (hashing first so lengths never leak). */
export function isSameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export type TApiKeyCheck = "ok" | "missing" | "invalid";

/** The gateway's key check: `apikey` header (or query parameter) must be one of the project's keys. */
export function checkApiKey(req: IncomingMessage, query: URLSearchParams, keys: string[]): TApiKeyCheck {
  const header = req.headers.apikey;
  const given = (Array.isArray(header) ? header[0] : header) ?? query.get("apikey");
  if (!given) return "missing";
  return keys.some((key) => isSameSecret(given, key)) ? "ok" : "invalid";
}
