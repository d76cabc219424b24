import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as join } from "@/app/api/sessions/[id]/join/route";
import { POST as markNoShow } from "@/app/api/sessions/[id]/mark-no-show/route";
import { RATE_LIMITS } from "@/lib/api/rate-limit";
import { testDb } from "../support/db";
import { apiRequest, createTutor, createUser, idParams, readResponse, signIn, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql);
});

afterAll(async () => {
  await sql.end();
});

/** A fresh sign-in (its own Supabase session), not the factories' cached token. */
async function freshSession(user: TTestUser) {
  const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
  return { supabase, token: data.session.access_token };
}

describe("per-user rate limits on write routes", () => {
  it("answers 429 rate_limited with Retry-After past the limit, before the handler runs, and counts per user", async () => {
    const user = await createUser(sql, { role: "tutor" });
    const token = await signIn(user);
    const { max } = RATE_LIMITS.decision;
    const call = () => markNoShow(apiRequest(`/api/sessions/x/mark-no-show`, { token }), idParams(randomUUID()));
    // A run can straddle a window boundary once at most (it takes well under a minute): then the second round is whole.
    let limited: Response | null = null;
    for (let round = 0; round < 2 && !limited; round += 1) {
      const statuses: number[] = [];
      for (let i = 0; i < max + 1; i += 1) {
        const response = await call();
        if (response.status === 429) {
          limited = response;
          break;
        }
        statuses.push(response.status);
      }
      // Under the limit the handler ran: unknown sessions are not found.
      expect(new Set(statuses)).toEqual(new Set([404]));
      if (limited && round === 0) expect(statuses).toHaveLength(max);
    }
    if (!limited) throw new Error("never rate limited");
    const { status, code, body } = await readResponse(limited);
    expect(status).toBe(429);
    expect(code).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.decision.windowSeconds);
    expect((body.error as { retry_after_seconds: number }).retry_after_seconds).toBe(retryAfter);

    // Another user is not affected by this one's count.
    const other = await signIn(tutor);
    const response = await markNoShow(apiRequest(`/api/sessions/x/mark-no-show`, { token: other }), idParams(randomUUID()));
    expect(response.status).toBe(404);
  });

  it("starts a new window once the old one has passed", async () => {
    const user = await createUser(sql, { role: "student" });
    const token = await signIn(user);
    await sql`
      insert into public.api_rate_limits (user_id, bucket, window_start, hits)
      values (${user.id}, 'join', now() - interval '10 minutes', ${RATE_LIMITS.join.max + 5})`;
    const response = await join(apiRequest(`/api/sessions/x/join`, { token }), idParams(randomUUID()));
    expect(response.status).toBe(404);
    const [row] = await sql<{ hits: number }[]>`select hits from public.api_rate_limits where user_id = ${user.id} and bucket = 'join'`;
    expect(row?.hits).toBe(1);
  });
});

describe("sensitive actions need a live Supabase session", () => {
  it("refuses a signed-out token on mark-no-show with 401, while it still verifies elsewhere until it expires", async () => {
    const { supabase, token } = await freshSession(tutor);
    const before = await markNoShow(apiRequest(`/api/sessions/x/mark-no-show`, { token }), idParams(randomUUID()));
    expect(before.status).toBe(404);

    const { error } = await supabase.auth.signOut({ scope: "local" });
    expect(error).toBeNull();

    const after = await readResponse(await markNoShow(apiRequest(`/api/sessions/x/mark-no-show`, { token }), idParams(randomUUID())));
    expect(after.status).toBe(401);
    expect(after.code).toBe("unauthorized");
    expect(String((after.body.error as { message: string }).message)).toMatch(/signed out/i);

    // The JWT itself is still valid for its hour: a non-sensitive route accepts it.
    const joined = await join(apiRequest(`/api/sessions/x/join`, { token }), idParams(randomUUID()));
    expect(joined.status).toBe(404);
  });

  it("refuses a token whose session id is unknown", async () => {
    const { token } = await freshSession(tutor);
    await sql`delete from auth.sessions where user_id = ${tutor.id}`;
    const response = await readResponse(await markNoShow(apiRequest(`/api/sessions/x/mark-no-show`, { token }), idParams(randomUUID())));
    expect(response.status).toBe(401);
  });
});
