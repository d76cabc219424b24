import type { IncomingMessage } from "node:http";
import type postgres from "postgres";
import { authErrors } from "./errors.ts";
import { bearerToken } from "./http.ts";
import { verifyAccessToken, type TAccessClaims } from "./keys.ts";
import type { TTokenSettings } from "./sessions.ts";
import { findUserById, type TUserRow } from "./users.ts";

export type TAuthContext = {
  sql: postgres.Sql;
  settings: TTokenSettings;
  serviceRoleKey: string;
};

/** What a route answers: a status and a JSON body (none for 204), plus extra headers. */
export type TReply = { status: number; body?: unknown; headers?: Record<string, string> };

export type TRouteInput = {
  req: IncomingMessage;
  query: URLSearchParams;
  /** Path parameters, e.g. the user id in /admin/users/:id. */
  params: string[];
};

export type TRoute = (ctx: TAuthContext, input: TRouteInput) => Promise<TReply>;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * GoTrue's requireAuthentication: a valid access token whose user and
 * session still exist (a signed-out session answers `session_not_found`,
 * which auth-js turns into AuthSessionMissingError).
 */
export async function authenticate(ctx: TAuthContext, req: IncomingMessage): Promise<{ user: TUserRow; claims: TAccessClaims }> {
  const token = bearerToken(req);
  if (!token) throw authErrors.noAuthorization();
  const claims = await verifyAccessToken(ctx.settings.key, token);
  const user = isUuid(claims.sub) ? await findUserById(ctx.sql, claims.sub) : undefined;
  if (!user) throw authErrors.userNotFoundFromJwt();
  if (claims.session_id) {
    const sessionId = claims.session_id;
    const [session] = isUuid(sessionId)
      ? await ctx.sql<{ id: string }[]>`select id from auth.sessions where id = ${sessionId} and user_id = ${user.id}`
      : [];
    if (!session) throw authErrors.sessionNotFound();
  }
  return { user, claims };
}

export function clientInfo(req: IncomingMessage): { userAgent: string | null; ip: string | null } {
  return { userAgent: req.headers["user-agent"] ?? null, ip: req.socket.remoteAddress ?? null };
}
