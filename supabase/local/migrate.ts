import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql, TransactionSql } from "postgres";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../migrations");
const BOOTSTRAP_FILE = path.resolve(import.meta.dirname, "bootstrap.sql");

/** Applies the local-only Supabase bootstrap (idempotent). */
export async function applyBootstrap(sql: Sql): Promise<void> {
  await sql.unsafe(await readFile(BOOTSTRAP_FILE, "utf8"));
}

/** A migration already applied to this database no longer matches its file: the schema history can't be trusted. */
export class MigrationHistoryError extends Error {
  override name = "MigrationHistoryError";
}

type TMigrationFile = { file: string; version: string; name: string; body: string; checksum: string };
type TAppliedRow = { version: string; name: string; checksum: string | null };

/** sha256 of the file's text; CRLF is read as LF so a Windows checkout hashes like the committed file. */
export function migrationChecksum(body: string): string {
  return createHash("sha256").update(body.replace(/\r\n/g, "\n"), "utf8").digest("hex");
}

/**
 * Applies every migration in supabase/migrations (or `options.migrationsDir`) once, in file-name order,
 * recording each in supabase_migrations.schema_migrations (the table the Supabase CLI uses) with the
 * sha256 of its text. Each run first checks that every applied migration's file is still there with
 * the same text, and refuses to apply anything otherwise (MigrationHistoryError naming the file):
 * a landed migration is immutable, a change goes in a new one. All of it runs in one transaction,
 * so a failing migration leaves nothing half-applied. Returns the files applied now.
 */
export async function applyMigrations(sql: Sql, options: { migrationsDir?: string } = {}): Promise<string[]> {
  const files = await readMigrationFiles(options.migrationsDir ?? MIGRATIONS_DIR);
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    // One runner at a time (dev server and a test setup may race on one database).
    await tx`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`;
    await ensureHistoryTable(tx);
    const rows = await tx<TAppliedRow[]>`select version, name, checksum from supabase_migrations.schema_migrations order by version`;
    await backfillChecksums(tx, rows, files);
    assertHistoryUnchanged(rows, files);
    const done = new Set(rows.map((r) => r.version));
    for (const migration of files) {
      if (done.has(migration.version)) continue;
      await tx.unsafe(migration.body);
      await tx`insert into supabase_migrations.schema_migrations (version, name, statements, checksum)
               values (${migration.version}, ${migration.name}, ${[migration.body]}, ${migration.checksum})`;
      applied.push(migration.file);
    }
  });
  return applied;
}

async function readMigrationFiles(dir: string): Promise<TMigrationFile[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const files: TMigrationFile[] = [];
  for (const file of names) {
    const [version, ...nameParts] = file.replace(/\.sql$/, "").split("_");
    if (!version) continue;
    const body = await readFile(path.join(dir, file), "utf8");
    files.push({ file, version, name: nameParts.join("_"), body, checksum: migrationChecksum(body) });
  }
  return files;
}

async function ensureHistoryTable(tx: TransactionSql): Promise<void> {
  await tx.unsafe(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key,
      name text not null,
      statements text[],
      applied_at timestamptz not null default now()
    );
    alter table supabase_migrations.schema_migrations add column if not exists checksum text;`);
}

/**
 * Databases migrated before checksums were recorded get theirs from the files' CURRENT text on this
 * first run: what was applied back then can't be proven, so from now on the current text is the
 * reference. Definitions that were edited in place before that are re-asserted by
 * 20261201001000_reassert_edited_definitions.sql, so those databases converge anyway.
 */
async function backfillChecksums(tx: TransactionSql, rows: TAppliedRow[], files: TMigrationFile[]): Promise<void> {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of rows) {
    const migration = byVersion.get(row.version);
    if (row.checksum !== null || !migration) continue;
    await tx`update supabase_migrations.schema_migrations set checksum = ${migration.checksum} where version = ${row.version}`;
    row.checksum = migration.checksum;
  }
}

const HOW_TO_RECOVER =
  "Applied migrations are immutable: restore the file (git checkout -- supabase/migrations/) and put the change in a new migration " +
  "(supabase/migrations/<timestamp>_<verb>_<thing>.sql). To start a local database over instead: stop `npm run dev`, " +
  "delete the .data/ folder, and run `npm run dev` again (the demo data is recreated).";

function assertHistoryUnchanged(rows: TAppliedRow[], files: TMigrationFile[]): void {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of rows) {
    const migration = byVersion.get(row.version);
    if (!migration) {
      throw new MigrationHistoryError(
        `Migration ${row.version}_${row.name}.sql was applied to this database but its file is missing from supabase/migrations. ${HOW_TO_RECOVER}`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationHistoryError(
        `Migration ${migration.file} was changed after it was applied to this database (its sha256 no longer matches). ${HOW_TO_RECOVER}`,
      );
    }
  }
}
