import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql } from "postgres";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../migrations");
const BOOTSTRAP_FILE = path.resolve(import.meta.dirname, "bootstrap.sql");

/** Applies the local-only Supabase bootstrap (idempotent). */
export async function applyBootstrap(sql: Sql): Promise<void> {
  await sql.unsafe(await readFile(BOOTSTRAP_FILE, "utf8"));
}

/**
 * Applies every migration in supabase/migrations once, in file-name order,
 * recording each in supabase_migrations.schema_migrations (the table the
 * Supabase CLI uses). Each file runs in its own transaction with its record,
 * so a failing migration leaves nothing half-applied. Returns the versions applied now.
 */
export async function applyMigrations(sql: Sql): Promise<string[]> {
  await sql.unsafe(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key,
      name text not null,
      statements text[],
      applied_at timestamptz not null default now()
    );`);
  // One runner at a time (dev server and a test setup may race on one database).
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql")).sort();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`;
    const rows = await tx<{ version: string }[]>`select version from supabase_migrations.schema_migrations`;
    const done = new Set(rows.map((r) => r.version));
    for (const file of files) {
      const [version, ...nameParts] = file.replace(/\.sql$/, "").split("_");
      if (!version || done.has(version)) continue;
      const body = await readFile(path.join(MIGRATIONS_DIR, file), "utf8");
      await tx.unsafe(body);
      await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
               values (${version}, ${nameParts.join("_")}, ${[body]})`;
      applied.push(file);
    }
  });
  return applied;
}
