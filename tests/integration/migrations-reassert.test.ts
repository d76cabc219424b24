import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Sql, TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../support/db.ts";

const MIGRATION = path.resolve(import.meta.dirname, "../../supabase/migrations/20261201001000_reassert_edited_definitions.sql");
const ROLLBACK = Symbol("rollback");

let sql: Sql;
beforeAll(() => {
  sql = testDb(1);
});
afterAll(async () => {
  await sql.end();
});

/** The definitions a database migrated before the in-place edits still has. */
async function simulateOldDefinitions(tx: TransactionSql): Promise<void> {
  await tx.unsafe(`
    alter function public.bookings_prepare_request() security definer;
    alter table public.session_events drop constraint session_events_actor_id_fkey;
    alter table public.session_events add constraint session_events_actor_id_fkey
      foreign key (actor_id) references public.profiles (id) on delete set null;
    drop index public.bookings_subject_id_idx, public.bookings_requested_by_idx,
      public.sessions_subject_id_idx, public.session_events_actor_id_idx;
    alter table public.profiles drop constraint profiles_timezone_check;
    alter table public.profiles add constraint profiles_timezone_check check (char_length(timezone) <= 64);
    alter table public.tutor_availability drop constraint tutor_availability_timezone_check;
    alter table public.tutor_availability add constraint tutor_availability_timezone_check check (char_length(timezone) <= 64);
    drop function public.is_valid_timezone(text);
    drop policy if exists "Parents can cancel their own invitations" on public.parent_link_invitations;
    revoke delete on public.parent_link_invitations from authenticated;`);
}

type TDefinitions = {
  isBookingTriggerDefiner: boolean;
  actorDeleteRule: string;
  indexes: string[];
  timezoneChecks: string[];
  hasTimezoneHelper: boolean;
  cancelPolicy: string | null;
  canAuthenticatedDelete: boolean;
};

async function definitions(tx: TransactionSql): Promise<TDefinitions> {
  const [fn] = await tx<
    { prosecdef: boolean }[]
  >`select prosecdef from pg_proc where oid = 'public.bookings_prepare_request()'::regprocedure`;
  const [fk] = await tx<{ confdeltype: string }[]>`
    select confdeltype from pg_constraint where conrelid = 'public.session_events'::regclass and conname = 'session_events_actor_id_fkey'`;
  const indexes = await tx<{ indexname: string }[]>`
    select indexname from pg_indexes where schemaname = 'public' and indexname in
      ('bookings_subject_id_idx', 'bookings_requested_by_idx', 'sessions_subject_id_idx', 'session_events_actor_id_idx')
    order by indexname`;
  const checks = await tx<{ definition: string }[]>`
    select pg_get_constraintdef(oid) as definition from pg_constraint
    where conname in ('profiles_timezone_check', 'tutor_availability_timezone_check') order by conname`;
  const [helper] = await tx<{ exists: boolean }[]>`select to_regprocedure('public.is_valid_timezone(text)') is not null as exists`;
  const [policy] = await tx<{ qual: string }[]>`
    select qual from pg_policies where tablename = 'parent_link_invitations' and policyname = 'Parents can cancel their own invitations' and cmd = 'DELETE'`;
  const [grant] = await tx<
    { ok: boolean }[]
  >`select has_table_privilege('authenticated', 'public.parent_link_invitations', 'DELETE') as ok`;
  return {
    isBookingTriggerDefiner: fn!.prosecdef,
    actorDeleteRule: fk!.confdeltype,
    indexes: indexes.map((i) => i.indexname),
    timezoneChecks: checks.map((c) => c.definition),
    hasTimezoneHelper: helper!.exists,
    cancelPolicy: policy?.qual ?? null,
    canAuthenticatedDelete: grant!.ok,
  };
}

describe("20261201001000_reassert_edited_definitions", () => {
  it("turns the definitions of a database migrated before the in-place edits into today's", async () => {
    const body = await readFile(MIGRATION, "utf8");
    let seen: { today: TDefinitions; old: TDefinitions; converged: TDefinitions; again: TDefinitions } | undefined;
    await sql
      .begin(async (tx) => {
        const today = await definitions(tx);
        await simulateOldDefinitions(tx);
        const old = await definitions(tx);
        await tx.unsafe(body);
        const converged = await definitions(tx);
        await tx.unsafe(body); // idempotent
        seen = { today, old, converged, again: await definitions(tx) };
        throw ROLLBACK;
      })
      .catch((error: unknown) => {
        if (error !== ROLLBACK) throw error;
      });

    const { today, old, converged, again } = seen!;
    expect(today.isBookingTriggerDefiner).toBe(false);
    expect(today.actorDeleteRule).toBe("r");
    expect(today.indexes).toHaveLength(4);
    expect(today.timezoneChecks.every((c) => c.includes("is_valid_timezone"))).toBe(true);
    // A later migration (20261201003100_harden_parent_link_requests) makes invitations service-only:
    // this one restores the cancel policy as it stood in its time, and that one then removes it.
    expect(today.cancelPolicy).toBeNull();
    expect(today.canAuthenticatedDelete).toBe(false);

    expect(old).toEqual({
      isBookingTriggerDefiner: true,
      actorDeleteRule: "n",
      indexes: [],
      timezoneChecks: ["CHECK ((char_length(timezone) <= 64))", "CHECK ((char_length(timezone) <= 64))"],
      hasTimezoneHelper: false,
      cancelPolicy: null,
      canAuthenticatedDelete: false,
    });
    const asOfThisMigration = { ...today, cancelPolicy: expect.stringContaining("auth.uid()"), canAuthenticatedDelete: true };
    expect(converged).toEqual(asOfThisMigration);
    expect(again).toEqual(asOfThisMigration);
  });
});
