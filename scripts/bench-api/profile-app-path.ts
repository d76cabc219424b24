/**
 * Where the app's time per request goes (in-process, no HTTP): each step of the app path of
 * GET /api/sessions/:id and GET /api/sessions timed separately, N times in a row, against a
 * small throwaway stack. `npx tsx --conditions=react-server scripts/bench-api/profile-app-path.ts`
 * with BENCH_AUTH_PORT / BENCH_POSTGRES_PORT. Not part of bench:api; for finding the cost.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import { createRemoteJWKSet, jwtVerify } from "jose";
import postgres from "postgres";
import { startLocalStack } from "../../supabase/local/stack.ts";
import { seedWorld, signInAll } from "./seed.ts";

const N = Number(process.env.PROFILE_N ?? 2_000);
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function timed(label: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => (samples[Math.floor(q * (samples.length - 1))] ?? 0).toFixed(3);
  process.stdout.write(
    `${label.padEnd(58)} p50 ${at(0.5)} ms  p90 ${at(0.9)} ms  mean ${(samples.reduce((a, b) => a + b, 0) / N).toFixed(3)} ms\n`,
  );
}

async function main(): Promise<void> {
  const dataRoot = await mkdtemp(path.join(tmpdir(), "bench-profile-"));
  await chmod(dataRoot, 0o755);
  const stack = await startLocalStack({
    dataDir: path.join(dataRoot, "pg"),
    ports: { app: 0, auth: port("BENCH_AUTH_PORT", 55701), postgres: port("BENCH_POSTGRES_PORT", 55702) },
    persistent: false,
  });
  Object.assign(process.env, stack.env);
  try {
    const sql = postgres(stack.databaseUrl, { max: 4, onnotice: () => {} });
    const world = await seedWorld(sql, new Date());
    const tokens = await signInAll(stack.authUrl, stack.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "", world.users.slice(0, 400));
    const callers = world.owned.filter((o) => tokens.has(o.userId)).map((o) => ({ ...o, token: tokens.get(o.userId) ?? "" }));
    const pick = (i: number) => callers[i % callers.length] ?? callers[0]!;
    const { getViewer } = await import("@/lib/auth/get-viewer");
    const { asUser, getDb } = await import("@/lib/db");
    const { readVisibleSession, listSessionsForViewer } = await import("@/lib/sessions");
    const statusRoute = (await import("@/app/api/sessions/[id]/route")).GET;
    const listRoute = (await import("@/app/api/sessions/route")).GET;
    const { url, anonKey } = { url: stack.env.NEXT_PUBLIC_SUPABASE_URL ?? "", anonKey: stack.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "" };
    const bearer = (token: string) => new Request("http://localhost/api/sessions", { headers: { authorization: `Bearer ${token}` } });
    const viewers = await Promise.all(callers.slice(0, 50).map(async (c) => ({ ...c, viewer: (await getViewer(bearer(c.token)))! })));
    const viewerAt = (i: number) => viewers[i % viewers.length]!;
    const jwks = createRemoteJWKSet(new URL(`${stack.authUrl}/auth/v1/.well-known/jwks.json`));
    const db = getDb();

    await timed("jose jwtVerify (raw server)", (i) => jwtVerify(pick(i).token, jwks));
    await timed("supabase-js createClient only", async () =>
      createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } }),
    );
    await timed("supabase-js createClient + getClaims(token)", (i) =>
      createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } }).auth.getClaims(
        pick(i).token,
      ),
    );
    await timed("role query: asUser(select role from profiles)", (i) =>
      asUser(db, viewerAt(i).viewer, (tx) => tx`select role from public.profiles where id = ${viewerAt(i).viewer.id}`),
    );
    await timed(
      "role query as one owner statement (alternative)",
      (i) => db`select role from public.profiles where id = ${viewerAt(i).viewer.id}`,
    );
    await timed("getViewer(bearer): getClaims + role query", (i) => getViewer(bearer(pick(i).token)));
    await timed("readVisibleSession (asUser)", (i) =>
      readVisibleSession({ db, viewer: viewerAt(i).viewer, sessionId: viewerAt(i).sessionId }),
    );
    await timed("GET /api/sessions/:id handler in-process (all of it)", (i) =>
      statusRoute(
        new Request(`http://localhost/api/sessions/${pick(i).sessionId}`, { headers: { authorization: `Bearer ${pick(i).token}` } }),
        {
          params: Promise.resolve({ id: pick(i).sessionId }),
        },
      ).then((r) => r.text()),
    );
    await timed("listSessionsForViewer (asUser)", (i) => listSessionsForViewer({ db, viewer: viewerAt(i).viewer, now: new Date() }));
    await timed("GET /api/sessions handler in-process (all of it)", (i) => listRoute(bearer(pick(i).token)).then((r) => r.text()));
    await sql.end();
    await db.end();
  } finally {
    await stack.stop();
    await rm(dataRoot, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
