/**
 * The baseline of `npm run bench:api`: the three routes on bare `node:http` + postgres.js,
 * doing the app's SQL under RLS as the app does (`set local role authenticated` plus the
 * verified JWT claims, see asUser in lib/db/index.ts), with the JWT verified by `jose`
 * against the auth endpoint's JWKS (fetched once, cached). No framework, no wrappers:
 * one transaction per read, and for a join the same three steps as the app (rate-limit
 * count, the read as the user, the write as the service).
 *
 * The SQL is copied from lib/sessions (list-sessions-for-viewer.ts, read-visible-session.ts,
 * join-session.ts) and lib/api/rate-limit.ts; keep them alike when those change.
 *
 * Run as its own process: RAW_PORT, DATABASE_URL, AUTH_URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import postgres, { type TransactionSql } from "postgres";

const port = Number(process.env.RAW_PORT);
const sql = postgres(required("DATABASE_URL"), { max: 10, prepare: false, onnotice: () => {}, transform: { undefined: null } });
const jwks = createRemoteJWKSet(new URL(`${required("AUTH_URL")}/auth/v1/.well-known/jwks.json`));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOIN_LIMIT = { max: 60, windowSeconds: 60 };
const PAST_LIMIT = 100;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.extra = extra;
  }
  readonly extra: Record<string, unknown>;
}

async function verify(request: IncomingMessage): Promise<JWTPayload & { sub: string }> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) throw new HttpError(401, "unauthorized");
  const { payload } = await jwtVerify(match[1], jwks).catch(() => {
    throw new HttpError(401, "unauthorized");
  });
  if (typeof payload.sub !== "string" || payload.role !== "authenticated") throw new HttpError(401, "unauthorized");
  return payload as JWTPayload & { sub: string };
}

function asUser<T>(claims: JWTPayload & { sub: string }, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const json = JSON.stringify({ ...claims, role: "authenticated" });
  return sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${json}, true), set_config('role', 'authenticated', true)`;
    return fn(tx);
  }) as Promise<T>;
}

async function profileOf(tx: TransactionSql, id: string): Promise<{ role: string; timezone: string }> {
  const [profile] = await tx<{ role: string; timezone: string }[]>`select role, timezone from public.profiles where id = ${id}`;
  if (!profile) throw new HttpError(401, "unauthorized");
  return profile;
}

function roleFilter(tx: TransactionSql, role: string, id: string) {
  if (role === "student") return tx`s.student_id = ${id}`;
  if (role === "tutor") return tx`s.tutor_id = ${id}`;
  if (role === "parent") {
    return tx`s.student_id in (select ps.student_id from public.parent_students ps where ps.parent_id = ${id} and ps.approved_at is not null)`;
  }
  return tx`true`;
}

type TListRow = Record<string, unknown> & { status: string; scheduled_start_at: Date; scheduled_end_at: Date };

async function listSessions(claims: JWTPayload & { sub: string }, now: Date): Promise<unknown> {
  return asUser(claims, async (tx) => {
    const profile = await profileOf(tx, claims.sub);
    const rows = await tx<TListRow[]>`
      select s.id, s.booking_id, s.status, s.scheduled_start_at, s.scheduled_end_at, s.duration_minutes, s.no_show_wait_minutes,
        s.price_cents, s.charge_cents, private.payout_cents, private.platform_fee_cents, s.currency, s.charged_at, s.student_joined_at,
        private.completion_payout_bps, s.no_show_charge_bps, private.no_show_payout_bps,
        subject.name as subject_name, nullif(tutor.full_name, '') as tutor_name, nullif(student.full_name, '') as student_name,
        payout.status as payout_status, payout.release_at as payout_release_at, payout.released_at as payout_released_at
      from public.sessions s
      join public.subjects subject on subject.id = s.subject_id
      left join public.profiles tutor on tutor.id = s.tutor_id
      left join public.profiles student on student.id = s.student_id
      left join lateral public.session_private_amounts(s.id) private on true
      left join lateral (
        select l.status, l.release_at, l.released_at from public.ledger_entries l
        where l.session_id = s.id and l.kind = 'payout'
        order by l.created_at desc limit 1
      ) payout on true
      where ${roleFilter(tx, profile.role, claims.sub)}
      order by s.scheduled_start_at`;
    const isUpcoming = (row: TListRow) => row.status === "SCHEDULED" && now < row.scheduled_end_at;
    const withDisplay = rows.map(({ payout_cents: payoutCents, platform_fee_cents: feeCents, ...row }) => ({
      ...row,
      ...visibleShares(profile.role, payoutCents, feeCents),
      display_status: displayStatus(row, now),
      is_upcoming: isUpcoming(row),
    }));
    return {
      time_zone: profile.timezone,
      upcoming: withDisplay.filter((row) => row.is_upcoming),
      past: withDisplay
        .filter((row) => !row.is_upcoming)
        .reverse()
        .slice(0, PAST_LIMIT),
    };
  });
}

function displayStatus(row: { status: string; scheduled_start_at: Date; scheduled_end_at: Date }, now: Date): string {
  if (row.status !== "SCHEDULED") return row.status;
  if (now >= new Date(row.scheduled_start_at.getTime() - 5 * 60_000) && now < row.scheduled_end_at) return "JOIN_OPEN";
  return now >= row.scheduled_end_at ? "AWAITING_CHARGE" : "SCHEDULED";
}

/** As the app's routes do: the payout to the tutor and admins, the fee to admins only. */
function visibleShares(role: string, payoutCents: unknown, feeCents: unknown): Record<string, unknown> {
  if (role === "admin") return { payout_cents: payoutCents, platform_fee_cents: feeCents };
  return role === "tutor" ? { payout_cents: payoutCents } : {};
}

type TSession = Record<string, unknown> & {
  id: string;
  tutor_id: string;
  student_id: string;
  status: string;
  scheduled_start_at: Date;
  scheduled_end_at: Date;
  is_parent: boolean;
};

async function readSession(tx: TransactionSql, claims: { sub: string }, sessionId: string): Promise<{ role: string; session: TSession }> {
  const profile = await profileOf(tx, claims.sub);
  const [session] = await tx<TSession[]>`
    select s.id, booking_id, tutor_id, student_id, subject_id, provider, status,
      scheduled_start_at, scheduled_end_at, duration_minutes, no_show_wait_minutes, min_payable_minutes,
      charge_scheduled_at, charged_at, price_cents, charge_cents, private.payout_cents, private.platform_fee_cents, currency,
      private.completion_payout_bps, no_show_charge_bps, private.no_show_payout_bps,
      meeting_started_at, meeting_ended_at, student_joined_at, tutor_joined_at, marked_no_show_at, cancelled_at,
      s.created_at, s.updated_at, public.is_parent_of(student_id) as is_parent
    from public.sessions s left join lateral public.session_private_amounts(s.id) private on true
    where s.id = ${sessionId}`;
  if (!session) throw new HttpError(404, "not_found");
  return { role: profile.role, session };
}

async function sessionStatus(claims: JWTPayload & { sub: string }, sessionId: string, now: Date): Promise<unknown> {
  const { role, session } = await asUser(claims, (tx) => readSession(tx, claims, sessionId));
  const { payout_cents: payoutCents, platform_fee_cents: feeCents, is_parent: _isParent, ...rest } = session;
  return { ...rest, ...visibleShares(role, payoutCents, feeCents), display_status: displayStatus(session, now) };
}

async function countJoin(userId: string, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / (JOIN_LIMIT.windowSeconds * 1000)) * JOIN_LIMIT.windowSeconds * 1000);
  const [row] = await sql<{ hits: number }[]>`
    insert into public.api_rate_limits (user_id, bucket, window_start, hits)
    values (${userId}, 'join', ${windowStart}, 1)
    on conflict (user_id, bucket) do update set
      hits = case when api_rate_limits.window_start = excluded.window_start then api_rate_limits.hits + 1 else 1 end,
      window_start = excluded.window_start
    returning hits`;
  if ((row?.hits ?? 0) > JOIN_LIMIT.max) throw new HttpError(429, "rate_limited");
}

async function join(claims: JWTPayload & { sub: string }, sessionId: string, now: Date): Promise<unknown> {
  await countJoin(claims.sub, now);
  const { session } = await asUser(claims, (tx) => readSession(tx, claims, sessionId));
  const role =
    session.tutor_id === claims.sub ? "tutor" : session.student_id === claims.sub ? "student" : session.is_parent ? "parent" : null;
  if (!role) throw new HttpError(403, "forbidden");
  if (now < new Date(session.scheduled_start_at.getTime() - 5 * 60_000)) throw new HttpError(409, "too_early");
  if (now >= session.scheduled_end_at) throw new HttpError(409, "too_late");
  if (session.status !== "SCHEDULED") throw new HttpError(409, "conflict");
  return sql.begin(async (tx) => {
    const [current] = await tx<{ status: string; student_joined_at: Date | null; tutor_joined_at: Date | null }[]>`
      select status, student_joined_at, tutor_joined_at from public.sessions where id = ${sessionId} for update`;
    if (!current || current.status !== "SCHEDULED") throw new HttpError(409, "conflict");
    const column = role === "tutor" ? "tutor_joined_at" : "student_joined_at";
    const isFirstJoin = role !== "parent" && current[column] === null;
    if (isFirstJoin) await tx`update public.sessions set ${tx(column)} = ${now} where id = ${sessionId}`;
    await tx`
      insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
      values (${sessionId}, 'session.joined', ${claims.sub}, ${role}, ${tx.json({ first_join: isFirstJoin })}, ${now})`;
    const [link] = await tx<{ join_url: string }[]>`select join_url from public.session_meeting_links where session_id = ${sessionId}`;
    if (!link) throw new Error("no meeting link");
    return { join_url: link.join_url };
  });
}

async function handle(request: IncomingMessage): Promise<unknown> {
  const url = new URL(request.url ?? "/", "http://raw");
  const match = /^\/api\/sessions(?:\/([^/]+)(\/join)?)?$/.exec(url.pathname);
  if (!match) throw new HttpError(404, "not_found");
  const claims = await verify(request);
  const now = new Date();
  const [, id, joinSuffix] = match;
  if (id === undefined && request.method === "GET") return listSessions(claims, now);
  if (id === undefined || !UUID.test(id)) throw new HttpError(422, "invalid_input");
  if (joinSuffix && request.method === "POST") return join(claims, id, now);
  if (!joinSuffix && request.method === "GET") return sessionStatus(claims, id, now);
  throw new HttpError(405, "method_not_allowed");
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

const server = createServer((request, response) => {
  request.resume();
  handle(request).then(
    (body) => send(response, 200, body),
    (error: unknown) => {
      if (error instanceof HttpError) return send(response, error.status, { error: { code: error.code, ...error.extra } });
      process.stderr.write(`[raw] ${error instanceof Error ? error.message : String(error)}\n`);
      send(response, 500, { error: { code: "internal" } });
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.stdout.write(`listening ${port}\n`));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close();
    void sql.end({ timeout: 1 }).finally(() => process.exit(0));
  });
}
