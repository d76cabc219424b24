import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { authErrors } from "./errors.ts";
import { signJwt, type TSigningKey } from "./keys.ts";
import { findUserById, toUserJson, type TDb, type TUserRow } from "./users.ts";

export type TTokenSettings = {
  key: TSigningKey;
  issuer: string;
  accessTokenTtlSeconds: number;
  /** GoTrue's refresh-token reuse interval: a just-rotated token may be replayed this long (concurrent tabs, SSR). */
  refreshTokenReuseIntervalSeconds: number;
};

type TSessionRow = { id: string; user_id: string; aal: string | null; created_at: Date };
type TRefreshRow = { id: string; token: string; revoked: boolean; updated_at: Date; session_id: string | null };

export type TSessionResponse = {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
};

function newRefreshToken(): string {
  return randomBytes(24).toString("base64url");
}

async function accessTokenFor(settings: TTokenSettings, user: TUserRow, session: TSessionRow): Promise<{ token: string; exp: number }> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + settings.accessTokenTtlSeconds;
  const token = await signJwt(settings.key, {
    iss: settings.issuer,
    sub: user.id,
    aud: user.aud ?? "authenticated",
    exp,
    iat,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "authenticated",
    aal: session.aal ?? "aal1",
    amr: [{ method: "password", timestamp: Math.floor(session.created_at.getTime() / 1000) }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  });
  return { token, exp };
}

async function sessionResponse(
  settings: TTokenSettings,
  user: TUserRow,
  session: TSessionRow,
  refreshToken: string,
): Promise<TSessionResponse> {
  const { token, exp } = await accessTokenFor(settings, user, session);
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: settings.accessTokenTtlSeconds,
    expires_at: exp,
    refresh_token: refreshToken,
    user: toUserJson(user),
  };
}

/** Starts a session for a user who just proved who they are (sign-up or password grant). */
export async function startSession(
  db: TDb,
  settings: TTokenSettings,
  user: TUserRow,
  client: { userAgent: string | null; ip: string | null },
): Promise<TSessionResponse> {
  const [session] = await db<TSessionRow[]>`
    insert into auth.sessions (id, user_id, aal, user_agent, ip, created_at, updated_at)
    values (${crypto.randomUUID()}, ${user.id}, 'aal1', ${client.userAgent}, ${client.ip}::inet, now(), now())
    returning id, user_id, aal, created_at`;
  if (!session) throw authErrors.unexpected();
  const refreshToken = newRefreshToken();
  await db`insert into auth.refresh_tokens (instance_id, token, user_id, session_id, revoked)
           values ('00000000-0000-0000-0000-000000000000', ${refreshToken}, ${user.id}, ${session.id}, false)`;
  const [signedIn] = await db<{ last_sign_in_at: Date }[]>`
    update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${user.id} returning last_sign_in_at`;
  const current = { ...user, last_sign_in_at: signedIn?.last_sign_in_at ?? new Date() };
  return sessionResponse(settings, current, session, refreshToken);
}

/**
 * The refresh_token grant: rotates the token (the old one is revoked, a child
 * issued). Replaying a revoked token within the reuse interval answers with the
 * session's current token; after it, the whole session is revoked, as GoTrue does.
 */
export async function refreshSession(sql: postgres.Sql, settings: TTokenSettings, refreshToken: string): Promise<TSessionResponse> {
  const outcome = await sql.begin(async (tx) => {
    const [row] = await tx<TRefreshRow[]>`
      select id, token, revoked, updated_at, session_id from auth.refresh_tokens
      where token = ${refreshToken} for update`;
    if (!row?.session_id) return { error: authErrors.refreshTokenNotFound() };
    const [session] = await tx<TSessionRow[]>`
      select id, user_id, aal, created_at from auth.sessions where id = ${row.session_id} for update`;
    const user = session ? await findUserById(tx, session.user_id) : undefined;
    if (!session || !user) return { error: authErrors.refreshTokenNotFound() };

    if (row.revoked) {
      const ageMs = Date.now() - row.updated_at.getTime();
      const [active] = await tx<{ token: string }[]>`
        select token from auth.refresh_tokens
        where session_id = ${session.id} and revoked = false order by id desc limit 1`;
      if (active && ageMs <= settings.refreshTokenReuseIntervalSeconds * 1000) {
        return { user, session, token: active.token };
      }
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = ${session.id}`;
      return { error: authErrors.refreshTokenAlreadyUsed() };
    }

    const next = newRefreshToken();
    await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${row.id}`;
    await tx`insert into auth.refresh_tokens (instance_id, token, user_id, session_id, parent, revoked)
             values ('00000000-0000-0000-0000-000000000000', ${next}, ${user.id}, ${session.id}, ${row.token}, false)`;
    await tx`update auth.sessions set refreshed_at = now(), updated_at = now() where id = ${session.id}`;
    return { user, session, token: next };
  });
  // The family revocation above must commit, so the error is thrown only after the transaction.
  if ("error" in outcome) throw outcome.error;
  return sessionResponse(settings, outcome.user, outcome.session, outcome.token);
}

export type TSignOutScope = "global" | "local" | "others";

export async function endSessions(db: TDb, userId: string, sessionId: string | undefined, scope: TSignOutScope): Promise<void> {
  if (scope === "global" || !sessionId) {
    await db`delete from auth.sessions where user_id = ${userId}`;
  } else if (scope === "local") {
    await db`delete from auth.sessions where id = ${sessionId}`;
  } else {
    await db`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  }
}
