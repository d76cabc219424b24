/** Child processes of `npm run bench:api`: next build (when needed), next start, the raw server. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type TChild = { stop: () => Promise<void>; tail: () => string };

/** Keeps the last lines of a child's output, shown only if the benchmark fails. */
export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): TChild {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  return {
    tail: () => `--- last output of ${name} ---\n${output}\n`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * `next build` unless .next was built by this script for the same sources and the same
 * NEXT_PUBLIC_* values (they are inlined at build time). The stamp hashes the build inputs'
 * committed trees, their uncommitted diff and untracked names.
 */
export async function ensureBuild(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const stampFile = path.join(root, ".next/bench-api-stamp");
  const stamp = buildStamp(root, env);
  const isFresh = existsSync(path.join(root, ".next/BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp;
  if (isFresh && process.env.BENCH_REBUILD !== "1") return "reused .next (same sources and env)";
  const startedAt = Date.now();
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      env: { ...env, NODE_ENV: "production" },
    });
    let output = "";
    build.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    build.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code}):\n${output}`))));
  });
  writeFileSync(stampFile, stamp);
  return `next build in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
}

// What `next build` reads; the benchmark's own scripts are not among them.
const BUILD_INPUTS = ["app", "lib", "components", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

function buildStamp(root: string, env: NodeJS.ProcessEnv): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  const publicEnv = Object.keys(env)
    .filter((key) => key.startsWith("NEXT_PUBLIC_"))
    .sort()
    .map((key) => `${key}=${env[key]}`);
  return createHash("sha256")
    .update(git("ls-tree", "HEAD", ...BUILD_INPUTS))
    .update(git("diff", "HEAD", "--", ...BUILD_INPUTS))
    .update(git("ls-files", "--others", "--exclude-standard", "--", ...BUILD_INPUTS))
    .update(publicEnv.join("\n"))
    .digest("hex");
}
