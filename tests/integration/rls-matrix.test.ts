import type { Sql, TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb } from "../support/db.ts";
import { EXPECTATIONS } from "./rls/expectations.ts";
import { IDS, TUTOR_MATH_PRICE_CENTS } from "./rls/fixtures.ts";
import { OPERATIONS, TABLE_OPERATIONS, TABLES } from "./rls/operations.ts";
import { EVENT_PAYLOAD_EXPECTATIONS, MONEY_COLUMN_EXPECTATIONS, MONEY_COLUMNS, type TMoneyColumn } from "./rls/columns.ts";
import { authenticateAs, authenticateAsOwner, PERSONAS, USER_IDS, type TFixtureUser, type TSignedInPersona } from "./rls/personas.ts";
import { describeExpectation, normalise, runCase } from "./rls/run-case.ts";
import { asPersona, attempt, expectPgError, INSUFFICIENT_PRIVILEGE, isPostgresError, withFixtures } from "./rls/transaction.ts";

let sql: Sql;
beforeAll(() => {
  sql = testDb(2);
});
afterAll(async () => {
  await sql.end();
});

const as = <T>(who: TFixtureUser | "anon", fn: (tx: TransactionSql) => Promise<T>): Promise<T> => asPersona(sql, who, fn);
const ids = (rows: { k: string }[]): string[] => rows.map((r) => r.k).sort();

// ---------------------------------------------------------------------------
// The grid: table × persona × operation, from one expectation table
// ---------------------------------------------------------------------------
const CASES = TABLES.flatMap((table) =>
  PERSONAS.flatMap((persona) =>
    OPERATIONS.map((operation) => {
      const expected = EXPECTATIONS[table][operation][persona];
      const target = operation === "select" ? "" : ` (${TABLE_OPERATIONS[table][operation].describe})`;
      return {
        table,
        persona,
        operation,
        expected,
        name: `${table} · ${persona} · ${operation}${target} → ${describeExpectation(expected)}`,
      };
    }),
  ),
);

describe("RLS matrix", () => {
  it("has a row for every table in public (a new table must join the matrix)", async () => {
    const rows = await sql<{ relname: string }[]>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`;
    expect([...TABLES].sort()).toEqual(rows.map((r) => r.relname).sort());
    expect(CASES).toHaveLength(TABLES.length * PERSONAS.length * OPERATIONS.length);
  });

  it.each(CASES)("$name", async ({ table, persona, operation, expected }) => {
    const outcome = await runCase(sql, table, persona, operation);
    expect(outcome.result, outcome.detail).toEqual(normalise(expected));
  });
});

// ---------------------------------------------------------------------------
// Column privileges and triggers the grid cannot see
// ---------------------------------------------------------------------------
describe("sessions: money, status and attendance are server-only", () => {
  const columns = [
    ["status", "'CANCELLED'"],
    ["charge_cents", "0"],
    ["charged_at", "now()"],
    ["payout_cents", "0"],
    ["student_joined_at", "now()"],
    ["tutor_joined_at", "now()"],
    ["meeting_started_at", "now()"],
    ["meeting_ended_at", "now()"],
    ["marked_no_show_at", "now()"],
  ] as const;
  it.each(columns)("the tutor cannot update their own session's %s", async (column, value) => {
    await as("tutor", async (tx) => {
      expect(ids(await tx`select id::text as k from public.sessions where id = ${IDS.S3}`)).toEqual([IDS.S3]);
      await expectPgError(tx, (sp) => sp.unsafe(`update public.sessions set ${column} = ${value} where id = '${IDS.S3}'`));
    });
  });

  it("the tutor cannot read or rewrite the meeting link, even inside their own session", async () => {
    await as("tutor", async (tx) => {
      await expectPgError(tx, (sp) => sp`select join_url from public.session_meeting_links where session_id = ${IDS.S1}`);
      await expectPgError(
        tx,
        (sp) => sp`update public.session_meeting_links set join_url = 'https://evil.example/' where session_id = ${IDS.S1}`,
      );
    });
  });

  it("the service role reads meeting links (the join route's path)", async () => {
    await withFixtures(sql, async (tx) => {
      await tx`set local role service_role`;
      const rows = await tx<
        { k: string }[]
      >`select session_id::text as k from public.session_meeting_links where session_id in (${IDS.S1}, ${IDS.S2})`;
      expect(ids(rows)).toEqual([IDS.S1, IDS.S2].sort());
    });
  });
});

describe("profiles: only full_name and timezone are the user's to change", () => {
  it("a student cannot promote their own profile's role", async () => {
    await as("student", async (tx) => {
      await expectPgError(tx, (sp) => sp`update public.profiles set role = 'admin' where id = ${USER_IDS.student}`);
      await expectPgError(tx, (sp) => sp`update public.profiles set role = 'tutor' where id = ${USER_IDS.student}`);
      const [row] = await tx<{ role: string }[]>`select role from public.profiles where id = ${USER_IDS.student}`;
      expect(row?.role).toBe("student");
    });
  });

  it("a tutor updates their own full_name and timezone", async () => {
    await as("tutor", async (tx) => {
      const result = await tx`update public.profiles set full_name = 'Tara T.', timezone = 'Europe/London' where id = ${USER_IDS.tutor}`;
      expect(result.count).toBe(1);
      const [row] = await tx<
        { full_name: string; timezone: string }[]
      >`select full_name, timezone from public.profiles where id = ${USER_IDS.tutor}`;
      expect(row).toEqual({ full_name: "Tara T.", timezone: "Europe/London" });
    });
  });

  it("the fixture admin really is an admin (app_metadata), so admin cells test what they claim", async () => {
    await as("admin", async (tx) => {
      const [row] = await tx<{ role: string }[]>`select public.current_app_role() as role`;
      expect(row?.role).toBe("admin");
    });
  });
});

describe("video connections: tokens are never readable by browser roles", () => {
  it.each(["access_token_encrypted", "refresh_token_encrypted", "token_key_id", "*"])(
    "the tutor cannot select %s of their own connection",
    async (column) => {
      await as("tutor", async (tx) => {
        await expectPgError(tx, (sp) => sp.unsafe(`select ${column} from public.tutor_video_provider_connections where id = '${IDS.C1}'`));
      });
    },
  );

  it("the tutor reads status and provider of their own connection", async () => {
    await as("tutor", async (tx) => {
      const rows = await tx`select provider, status from public.tutor_video_provider_connections`;
      expect([...rows]).toEqual([{ provider: "zoom", status: "connected" }]);
    });
  });

  it("an admin cannot read the tokens either", async () => {
    await as("admin", async (tx) => {
      await expectPgError(tx, (sp) => sp`select access_token_encrypted from public.tutor_video_provider_connections`);
    });
  });
});

describe("bookings: the browser asks, the server decides", () => {
  // Since 20261201010000 a request goes through lib/bookings/request-booking.ts (the slot is re-checked
  // against the engine there); no browser role may insert a booking, however well-formed.
  const forged = "d0000000-0000-4000-8000-0000000000ff";
  const request = (tx: TransactionSql, subjectId: string, requestedBy: string) =>
    tx`insert into public.bookings (id, student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
         price_cents, currency, status)
       values (${forged}, ${USER_IDS.student}, ${USER_IDS.tutor}, ${subjectId}, ${requestedBy},
         date_trunc('hour', now()) + interval '7 days', date_trunc('hour', now()) + interval '7 days 60 minutes',
         ${TUTOR_MATH_PRICE_CENTS}, 'TTD', 'pending')`;
  const written = async (tx: TransactionSql) => {
    await authenticateAsOwner(tx);
    const rows = await tx`select 1 from public.bookings where id = ${forged}`;
    return rows.length;
  };

  it.each(PERSONAS)("%s cannot insert a booking directly, even a plain pending request; nothing is written", async (persona) => {
    await as(persona, async (tx) => {
      const requestedBy = persona === "anon" ? USER_IDS.student : USER_IDS[persona];
      await expectPgError(tx, (sp) => request(sp, IDS.math, requestedBy));
      expect(await written(tx)).toBe(0);
    });
  });

  it("an approved parent cannot insert a request for their child either", async () => {
    await as("parent", async (tx) => {
      await expectPgError(tx, (sp) => request(sp, IDS.math, USER_IDS.parent));
      expect(await written(tx)).toBe(0);
    });
  });

  it("the service role (server code) can insert the request", async () => {
    await withFixtures(sql, async (tx) => {
      await tx`set local role service_role`;
      const inserted = await request(tx, IDS.math, USER_IDS.student);
      expect(inserted.count).toBe(1);
    });
  });
});

describe("parents: nothing of the child until the child approves", () => {
  const childData = async (tx: TransactionSql) => ({
    profile: ids(await tx`select id::text as k from public.profiles where id = ${USER_IDS.student}`),
    bookings: ids(await tx`select id::text as k from public.bookings`),
    sessions: ids(await tx`select id::text as k from public.sessions`),
    // the fixtures' own events by id; the rating's audit event (written by its trigger, id from the sequence) by type
    events: ids(await tx`select case when type like 'rating.%' then type else id::text end as k from public.session_events`),
    ledger: ids(await tx`select id::text as k from public.ledger_entries`),
  });

  it("a parent whose link is not approved sees nothing, cannot approve it, cannot book", async () => {
    await as("pendingParent", async (tx) => {
      expect(await childData(tx)).toEqual({ profile: [], bookings: [], sessions: [], events: [], ledger: [] });
      const approve = await tx`update public.parent_students set approved_at = now() where parent_id = ${USER_IDS.pendingParent}`;
      expect(approve.count).toBe(0);
      await expectPgError(tx, (sp) => TABLE_OPERATIONS.bookings.insert.run(sp));
    });
  });

  it("once the student approves, the same parent sees the child's lessons and charges", async () => {
    await as("student", async (tx) => {
      const approve = await tx`update public.parent_students set approved_at = now() where parent_id = ${USER_IDS.pendingParent}`;
      expect(approve.count).toBe(1);
      await authenticateAs(tx, "pendingParent");
      expect(await childData(tx)).toEqual({
        profile: [USER_IDS.student],
        bookings: [IDS.B1, IDS.B3, IDS.B4].sort(),
        sessions: [IDS.S1, IDS.S3].sort(),
        events: [IDS.E1, "rating.submitted"].sort(),
        ledger: [IDS.charge1],
      });
    });
  });

  it("a student cannot re-point a link to another child", async () => {
    await as("student", async (tx) => {
      await expectPgError(
        tx,
        (sp) => sp`update public.parent_students set student_id = ${USER_IDS.otherStudent} where parent_id = ${USER_IDS.parent}`,
      );
    });
  });
});

describe("tutor catalogue: a tutor writes only their own rows", () => {
  it("a tutor cannot hand their subject to another tutor", async () => {
    await as("tutor", async (tx) => {
      await expectPgError(
        tx,
        (sp) =>
          sp`update public.tutor_subjects set tutor_id = ${USER_IDS.otherTutor} where tutor_id = ${USER_IDS.tutor} and subject_id = ${IDS.math}`,
      );
    });
  });

  it("a student cannot list themselves as a tutor of a subject", async () => {
    await as("student", async (tx) => {
      await expectPgError(
        tx,
        (sp) => sp`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${USER_IDS.student}, ${IDS.math}, 5000)`,
      );
    });
  });
});

describe("audit log and ledger: append-only even for their owners", () => {
  it.each(["owner", "service_role"] as const)("%s cannot update or delete a session event", async (who) => {
    await withFixtures(sql, async (tx) => {
      if (who === "service_role") await tx`set local role service_role`;
      await expectPgError(tx, (sp) => sp`update public.session_events set payload = '{}'::jsonb where id = ${IDS.E1}`);
      await expectPgError(tx, (sp) => sp`delete from public.session_events where id = ${IDS.E1}`);
      const inserted =
        await tx`insert into public.session_events (session_id, type, actor_role) values (${IDS.S1}, 'note.added', 'system')`;
      expect(inserted.count).toBe(1);
    });
  });

  it.each(["owner", "service_role"] as const)("%s cannot delete a ledger entry, but can release a held payout", async (who) => {
    await withFixtures(sql, async (tx) => {
      if (who === "service_role") await tx`set local role service_role`;
      await expectPgError(tx, (sp) => sp`delete from public.ledger_entries where id = ${IDS.charge1}`);
      const released = await tx`update public.ledger_entries set status = 'released', released_at = now() where id = ${IDS.payout1}`;
      expect(released.count).toBe(1);
    });
  });
});

// ---------------------------------------------------------------------------
// Column checks: private money (20261201003000)
// ---------------------------------------------------------------------------
const SIGNED_IN = PERSONAS.filter((p): p is TSignedInPersona => p !== "anon");

describe("money columns: who reads the price, charge, payout and fee", () => {
  it.each(SIGNED_IN)("%s reads exactly the expected money of their session", async (persona) => {
    const { session, columns } = MONEY_COLUMN_EXPECTATIONS[persona];
    await as(persona, async (tx) => {
      const readable: TMoneyColumn[] = [];
      for (const column of MONEY_COLUMNS) {
        const direct = await attempt(tx, (sp) => sp`select ${sp(column)} as v from public.sessions where id = ${IDS[session]}`);
        if (direct.ok) {
          expect(direct.value, `${column} of ${session}`).toHaveLength(1);
          readable.push(column);
          continue;
        }
        expect(isPostgresError(direct.error, INSUFFICIENT_PRIVILEGE), String(direct.error)).toBe(true);
        const [row] = await tx`select ${tx(column)} as v from public.session_private_amounts(${IDS[session]})`;
        if (row && row.v !== null) readable.push(column);
      }
      expect(readable.sort()).toEqual([...columns].sort());
    });
  });

  it("anon reads no money column at all", async () => {
    await as("anon", async (tx) => {
      await expectPgError(tx, (sp) => sp`select price_cents from public.sessions`);
      await expectPgError(tx, (sp) => sp`select * from public.session_private_amounts(${IDS.S1})`);
    });
  });

  it.each(SIGNED_IN)("%s reads only the allowed keys of the charge and payout events", async (persona) => {
    const expected = EVENT_PAYLOAD_EXPECTATIONS[persona];
    await as(persona, async (tx) => {
      await expectPgError(tx, (sp) => sp`select payload from public.session_events where id = ${IDS.E1}`);
      const keys = async (id: string) => {
        const [row] = await tx<{ p: Record<string, unknown> | null }[]>`select public.session_event_payload(${id}) as p`;
        return row?.p ? Object.keys(row.p).sort() : null;
      };
      expect({ E1: await keys(IDS.E1), E4: await keys(IDS.E4) }).toEqual({
        E1: expected.E1 && [...expected.E1].sort(),
        E4: expected.E4 && [...expected.E4].sort(),
      });
    });
  });
});
