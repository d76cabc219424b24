import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, MigrationHistoryError, migrationChecksum } from "../../supabase/local/migrate.ts";
import { testDb } from "../support/db.ts";

// A fresh database inside the run's Postgres, and a throwaway migrations folder: the runner's history
// checks are tested without touching the real schema.
let admin: Sql;
let db: Sql;
let databaseName: string;
let dir: string;

beforeAll(async () => {
  admin = testDb(1);
  databaseName = `migrations_checksum_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${databaseName}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  db = postgres(url.toString(), { max: 1, onnotice: () => {} });
  dir = await mkdtemp(path.join(tmpdir(), "tutoring-migrations-"));
});

afterAll(async () => {
  await db.end();
  await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

async function write(file: string, body: string): Promise<void> {
  await writeFile(path.join(dir, file), body);
}

async function refusal(): Promise<MigrationHistoryError> {
  const error = await applyMigrations(db, { migrationsDir: dir }).then(
    () => new Error("expected applyMigrations to refuse"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof MigrationHistoryError)) throw error;
  return error;
}

async function tables(): Promise<string[]> {
  const rows = await db<{ tablename: string }[]>`select tablename from pg_tables where schemaname = 'public' order by tablename`;
  return rows.map((r) => r.tablename);
}

describe("migration history", () => {
  it("records each applied file's sha256; an untouched folder applies nothing on the next start", async () => {
    await write("20990101000100_create_alpha.sql", "create table public.alpha (id int primary key);\n");
    await write("20990101000200_create_beta.sql", "create table public.beta (id int primary key);\n");
    expect(await applyMigrations(db, { migrationsDir: dir })).toEqual([
      "20990101000100_create_alpha.sql",
      "20990101000200_create_beta.sql",
    ]);

    const rows = await db<
      { version: string; checksum: string }[]
    >`select version, checksum from supabase_migrations.schema_migrations order by version`;
    expect(rows).toEqual([
      { version: "20990101000100", checksum: migrationChecksum("create table public.alpha (id int primary key);\n") },
      { version: "20990101000200", checksum: migrationChecksum("create table public.beta (id int primary key);\n") },
    ]);
    expect(await applyMigrations(db, { migrationsDir: dir })).toEqual([]);
  });

  it("refuses to start, naming the file, when an applied migration was edited; and applies nothing else", async () => {
    const original = await readFile(path.join(dir, "20990101000200_create_beta.sql"), "utf8");
    await write("20990101000200_create_beta.sql", "create table public.beta (id int primary key, note text);\n");
    await write("20990101000300_create_gamma.sql", "create table public.gamma (id int primary key);\n");

    const error = await refusal();
    expect(error.message).toContain("20990101000200_create_beta.sql was changed after it was applied");
    expect(error.message).toContain("delete the .data/ folder");
    expect(error.message).toContain("new migration");
    expect(await tables()).toEqual(["alpha", "beta"]);

    // Restoring the text is enough: the pending migration then applies.
    await write("20990101000200_create_beta.sql", original);
    expect(await applyMigrations(db, { migrationsDir: dir })).toEqual(["20990101000300_create_gamma.sql"]);
  });

  it("refuses to start when an applied migration's file is missing", async () => {
    const body = await readFile(path.join(dir, "20990101000100_create_alpha.sql"), "utf8");
    await unlink(path.join(dir, "20990101000100_create_alpha.sql"));
    const error = await refusal();
    expect(error.message).toContain("20990101000100_create_alpha.sql");
    expect(error.message).toContain("file is missing");
    await write("20990101000100_create_alpha.sql", body);
  });

  it("backfills a database migrated before checksums were recorded from the current text, then guards it", async () => {
    await db`update supabase_migrations.schema_migrations set checksum = null`;
    await db`alter table supabase_migrations.schema_migrations drop column checksum`;

    expect(await applyMigrations(db, { migrationsDir: dir })).toEqual([]);
    const rows = await db<{ checksum: string | null }[]>`select checksum from supabase_migrations.schema_migrations`;
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.checksum?.length === 64)).toBe(true);

    await write("20990101000300_create_gamma.sql", "create table public.gamma (id bigint primary key);\n");
    expect((await refusal()).message).toContain("20990101000300_create_gamma.sql");
  });

  it("reads a CRLF checkout of a file as the same text", () => {
    expect(migrationChecksum("select 1;\r\nselect 2;\r\n")).toBe(migrationChecksum("select 1;\nselect 2;\n"));
  });
});
