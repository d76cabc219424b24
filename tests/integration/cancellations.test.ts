import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelSession, previewCancellation } from "@/lib/bookings/cancel-session";
import { getTutorCancellationRate } from "@/lib/bookings/get-tutor-cancellation-rate";
import { joinSession, markNoShow, processDueCharges } from "@/lib/sessions";
import { readPlatformSettings } from "@/lib/settings/platform-settings";
import { testDb } from "../support/db";
import {
  cancelScheduledSessions,
  createBooking,
  createParentOf,
  createSessionAt,
  createTutor,
  createUser,
  minutesFrom,
  type TTestUser,
} from "../support/factories";
import { caught } from "../support/caught";

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let student: TTestUser;
let otherStudent: TTestUser;
let parent: TTestUser;
let unrelatedParent: TTestUser;
let admin: TTestUser;
const tutorsToClean: string[] = [];
// Fixed instants far from the wall clock; each session gets its own day.
const base = new Date("2094-06-01T15:00:00.000Z");
let day = 0;
const nextStart = () => minutesFrom(base, 24 * 60 * day++);
const HOUR = 60;

/** Everything a cancellation writes, to prove a refused call (or a preview) wrote nothing. */
async function footprint(sessionId: string) {
  const [row] = await sql`
    select s.status, s.cancelled_at, s.charged_at, s.charge_cents, s.payout_cents, s.platform_fee_cents, s.cancellation_policy,
           s.updated_at, b.status as booking_status,
           (select count(*)::int from public.ledger_entries l where l.session_id = s.id) as ledger_rows,
           (select count(*)::int from public.session_events e where e.session_id = s.id) as events,
           (select count(*)::int from public.booking_events e where e.booking_id = s.booking_id) as booking_events
    from public.sessions s join public.bookings b on b.id = s.booking_id where s.id = ${sessionId}`;
  return row;
}

async function ledger(sessionId: string) {
  return sql<
    { kind: string; party_id: string | null; amount_cents: string; status: string; release_at: Date | null; idempotency_key: string }[]
  >`
    select kind, party_id, amount_cents, status, release_at, idempotency_key from public.ledger_entries
    where session_id = ${sessionId} order by kind`;
}

async function lesson(startAt: Date, who: { tutor?: TTestUser; student?: TTestUser; priceCents?: number } = {}) {
  return createSessionAt(sql, {
    tutor: who.tutor ?? tutor,
    student: who.student ?? student,
    startAt,
    priceCents: who.priceCents ?? 10_000,
  });
}

beforeAll(async () => {
  sql = testDb();
  [tutor, otherTutor, student, otherStudent, admin] = await Promise.all([
    createTutor(sql),
    createTutor(sql),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "admin" }),
  ]);
  parent = await createParentOf(sql, student);
  unrelatedParent = await createParentOf(sql, otherStudent);
  tutorsToClean.push(tutor.id, otherTutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorsToClean);
  await sql.end();
});

describe("cancelSession: the policy at every boundary, per actor", () => {
  it("student exactly free_cancel_hours before: free, slot freed, audited with the reason", async () => {
    const startAt = nextStart();
    const { sessionId, bookingId } = await lesson(startAt);
    const now = minutesFrom(startAt, -24 * HOUR);
    const result = await cancelSession({ db: sql, viewer: student.viewer, sessionId, reason: "  I'm ill  ", now });
    expect(result.cancellation).toMatchObject({ allowed: true, policy: "free", actor: "student", charge_cents: 0, payout_cents: null });
    expect(result.session).toEqual({ id: sessionId, status: "CANCELLED", cancelled_at: now.toISOString() });
    expect(result.meeting).toBe("deleted");
    expect(await footprint(sessionId)).toMatchObject({
      status: "CANCELLED",
      cancelled_at: now,
      charged_at: null,
      charge_cents: null,
      cancellation_policy: "free",
      booking_status: "cancelled",
      ledger_rows: 0,
    });
    const [event] = await sql`select type, actor_id, actor_role, payload, at from public.session_events
                              where session_id = ${sessionId} and type = 'session.cancelled'`;
    expect(event).toMatchObject({ actor_id: student.id, actor_role: "student", at: now });
    expect(event?.payload).toMatchObject({ policy: "free", reason: "I'm ill", charge_cents: 0 });
    const [bookingEvent] =
      await sql`select actor_role, payload from public.booking_events where booking_id = ${bookingId} and type = 'booking.cancelled'`;
    expect(bookingEvent).toMatchObject({ actor_role: "student", payload: { policy: "free", reason: "I'm ill", session_id: sessionId } });
    // Browse's next-slot cache was recomputed in the same transaction.
    const [profile] = await sql`select next_slot_computed_at from public.tutor_profiles where tutor_id = ${tutor.id}`;
    expect(profile?.next_slot_computed_at).toEqual(now);
    // The slot is free at once: another student's confirmed booking of the same time passes the no-overlap constraint.
    await expect(createBooking(sql, { tutor, student: otherStudent, startAt, status: "confirmed" })).resolves.toBeTruthy();
  });

  it("student one second after the free window: late, 50 % charged, 45 % held for the tutor, 5 % fee, ledger exact", async () => {
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt, { priceCents: 4999 });
    const now = new Date(minutesFrom(startAt, -24 * HOUR).getTime() + 1000);
    const result = await cancelSession({ db: sql, viewer: student.viewer, sessionId, now });
    expect(result.cancellation).toMatchObject({ policy: "late", charge_cents: 2500, payout_cents: null, platform_fee_cents: null });
    expect(result.session.status).toBe("CANCELLED_LATE");
    expect(await footprint(sessionId)).toMatchObject({
      status: "CANCELLED_LATE",
      charged_at: now,
      charge_cents: "2500",
      payout_cents: "2250",
      platform_fee_cents: "250",
      cancellation_policy: "late",
      booking_status: "cancelled",
    });
    const releaseAt = minutesFrom(now, (await readPlatformSettings(sql)).payoutHoldHours * 60);
    expect(await ledger(sessionId)).toEqual([
      {
        kind: "charge",
        party_id: student.id,
        amount_cents: "2500",
        status: "posted",
        release_at: null,
        idempotency_key: `session:${sessionId}:charge`,
      },
      {
        kind: "payout",
        party_id: tutor.id,
        amount_cents: "2250",
        status: "held",
        release_at: releaseAt,
        idempotency_key: `session:${sessionId}:payout`,
      },
      {
        kind: "platform_fee",
        party_id: null,
        amount_cents: "250",
        status: "posted",
        release_at: null,
        idempotency_key: `session:${sessionId}:platform_fee`,
      },
    ]);
  });

  it("student at the start: too_late, nothing written; the same one second before: late", async () => {
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt);
    const before = await footprint(sessionId);
    const error = await caught(cancelSession({ db: sql, viewer: student.viewer, sessionId, now: startAt }));
    expect(error).toMatchObject({ code: "too_late", details: { reason: "started" } });
    expect(await footprint(sessionId)).toEqual(before);
    const late = await cancelSession({ db: sql, viewer: student.viewer, sessionId, now: new Date(startAt.getTime() - 1000) });
    expect(late.cancellation).toMatchObject({ policy: "late", charge_cents: 5000 });
  });

  it("parent: free exactly at the boundary, late one second after, refused at the start", async () => {
    const free = await lesson(nextStart());
    const freeStart = (await sql`select scheduled_start_at from public.sessions where id = ${free.sessionId}`)[0]
      ?.scheduled_start_at as Date;
    const r1 = await cancelSession({ db: sql, viewer: parent.viewer, sessionId: free.sessionId, now: minutesFrom(freeStart, -24 * HOUR) });
    expect(r1.cancellation).toMatchObject({ policy: "free", actor: "parent", charge_cents: 0 });

    const startAt = nextStart();
    const late = await lesson(startAt);
    expect(await caught(cancelSession({ db: sql, viewer: parent.viewer, sessionId: late.sessionId, now: startAt }))).toMatchObject({
      code: "too_late",
    });
    const now = new Date(minutesFrom(startAt, -24 * HOUR).getTime() + 1000);
    const r2 = await cancelSession({ db: sql, viewer: parent.viewer, sessionId: late.sessionId, now });
    expect(r2.cancellation).toMatchObject({ policy: "late", actor: "parent", charge_cents: 5000, payout_cents: null });
    const [event] =
      await sql`select actor_id, actor_role from public.session_events where session_id = ${late.sessionId} and type = 'session.cancelled'`;
    expect(event).toEqual({ actor_id: parent.id, actor_role: "parent" });
  });

  it("tutor: free for the student at every point before the start (counted), refused at the start", async () => {
    for (const offsetSeconds of [-24 * 3600, -24 * 3600 + 1, -1]) {
      const startAt = nextStart();
      const { sessionId } = await lesson(startAt);
      const result = await cancelSession({
        db: sql,
        viewer: tutor.viewer,
        sessionId,
        now: new Date(startAt.getTime() + offsetSeconds * 1000),
      });
      expect(result.cancellation).toMatchObject({ policy: "tutor", actor: "tutor", charge_cents: 0, payout_cents: 0 });
      expect(await footprint(sessionId)).toMatchObject({ status: "CANCELLED", cancellation_policy: "tutor", ledger_rows: 0 });
      const [row] = await sql`select cancelled_by_role from public.sessions where id = ${sessionId}`;
      expect(row?.cancelled_by_role).toBe("tutor");
    }
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt);
    expect(await caught(cancelSession({ db: sql, viewer: tutor.viewer, sessionId, now: startAt }))).toMatchObject({ code: "too_late" });
  });

  it("admin: free (audited as admin) inside the late window, refused at the start", async () => {
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt);
    const result = await cancelSession({ db: sql, viewer: admin.viewer, sessionId, now: minutesFrom(startAt, -60) });
    expect(result.cancellation).toMatchObject({ policy: "admin", actor: "admin", charge_cents: 0, payout_cents: 0, platform_fee_cents: 0 });
    const [event] =
      await sql`select actor_id, actor_role from public.session_events where session_id = ${sessionId} and type = 'session.cancelled'`;
    expect(event).toEqual({ actor_id: admin.id, actor_role: "admin" });
    const other = await lesson(nextStart());
    const [otherRow] = await sql`select scheduled_start_at from public.sessions where id = ${other.sessionId}`;
    expect(
      await caught(cancelSession({ db: sql, viewer: admin.viewer, sessionId: other.sessionId, now: otherRow?.scheduled_start_at as Date })),
    ).toMatchObject({ code: "too_late" });
  });

  it("other users get not_found and write nothing", async () => {
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt);
    const before = await footprint(sessionId);
    const pendingParent = await createParentOf(sql, student, { approved: false });
    for (const viewer of [otherStudent.viewer, otherTutor.viewer, unrelatedParent.viewer, pendingParent.viewer]) {
      const now = minutesFrom(startAt, -48 * HOUR);
      expect(await caught(cancelSession({ db: sql, viewer, sessionId, now }))).toMatchObject({ code: "not_found" });
      expect(await caught(previewCancellation({ db: sql, viewer, sessionId, now }))).toMatchObject({ code: "not_found" });
    }
    expect(await footprint(sessionId)).toEqual(before);
  });

  it("already cancelled: already_done for everyone, nothing more written", async () => {
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt);
    const now = minutesFrom(startAt, -48 * HOUR);
    await cancelSession({ db: sql, viewer: student.viewer, sessionId, now });
    const after = await footprint(sessionId);
    for (const viewer of [student.viewer, parent.viewer, tutor.viewer, admin.viewer]) {
      expect(await caught(cancelSession({ db: sql, viewer, sessionId, now }))).toMatchObject({
        code: "already_done",
        details: { reason: "already_cancelled" },
      });
    }
    expect(await previewCancellation({ db: sql, viewer: student.viewer, sessionId, now })).toMatchObject({
      allowed: false,
      reason: "already_cancelled",
    });
    expect(await footprint(sessionId)).toEqual(after);
  });

  it("already charged (completed or no-show): conflict already_charged, the ledger untouched", async () => {
    const startAt = minutesFrom(base, -10 * 24 * 60);
    const { sessionId } = await lesson(startAt);
    await processDueCharges({ db: sql, now: minutesFrom(startAt, 61) });
    const after = await footprint(sessionId);
    expect(after?.status).toBe("COMPLETED_ASSUMED");
    const error = await caught(cancelSession({ db: sql, viewer: student.viewer, sessionId, now: minutesFrom(startAt, -48 * HOUR) }));
    expect(error).toMatchObject({ code: "conflict", details: { reason: "already_charged" } });
    expect(await footprint(sessionId)).toEqual(after);
  });

  it("preview tells each actor the outcome and writes nothing", async () => {
    const startAt = nextStart();
    const { sessionId } = await lesson(startAt);
    const before = await footprint(sessionId);
    const late = minutesFrom(startAt, -HOUR);
    expect(await previewCancellation({ db: sql, viewer: student.viewer, sessionId, now: late })).toMatchObject({
      allowed: true,
      policy: "late",
      charge_cents: 5000,
      payout_cents: null,
      free_until: minutesFrom(startAt, -24 * HOUR).toISOString(),
    });
    expect(await previewCancellation({ db: sql, viewer: admin.viewer, sessionId, now: late })).toMatchObject({
      policy: "admin",
      platform_fee_cents: 0,
    });
    expect(await previewCancellation({ db: sql, viewer: student.viewer, sessionId, now: startAt })).toMatchObject({
      allowed: false,
      reason: "started",
    });
    expect(await footprint(sessionId)).toEqual(before);
  });
});

describe("races: exactly one outcome", () => {
  // A later epoch than the tests above, so the charge job sees only what it races here.
  const raceBase = new Date("2096-01-01T15:00:00.000Z");

  it("a late cancellation racing the charge job: one winner, its ledger only", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const startAt = minutesFrom(raceBase, i * 24 * 60);
      const { sessionId } = await lesson(startAt);
      const [cancelled, charged] = await Promise.allSettled([
        cancelSession({ db: sql, viewer: student.viewer, sessionId, now: minutesFrom(startAt, -HOUR) }),
        processDueCharges({ db: sql, now: minutesFrom(startAt, 61) }),
      ]);
      expect(charged.status).toBe("fulfilled");
      const state = await footprint(sessionId);
      const rows = await ledger(sessionId);
      if (cancelled.status === "fulfilled") {
        expect(state).toMatchObject({ status: "CANCELLED_LATE", charge_cents: "5000", ledger_rows: 3 });
        expect(rows.map((row) => [row.kind, row.amount_cents])).toEqual([
          ["charge", "5000"],
          ["payout", "4500"],
          ["platform_fee", "500"],
        ]);
      } else {
        expect(cancelled.reason).toMatchObject({ code: "conflict", details: { reason: "already_charged" } });
        expect(state).toMatchObject({ status: "COMPLETED_ASSUMED", charge_cents: "10000", ledger_rows: 3, cancellation_policy: null });
        expect(rows.map((row) => [row.kind, row.amount_cents])).toEqual([
          ["charge", "10000"],
          ["payout", "9000"],
          ["platform_fee", "1000"],
        ]);
      }
      const [events] = await sql`select count(*) filter (where type = 'session.cancelled')::int as cancelled,
                                        count(*) filter (where type = 'session.charged')::int as charged
                                 from public.session_events where session_id = ${sessionId}`;
      expect((events?.cancelled as number) + (events?.charged as number)).toBe(1);
      outcomes.push(String(state?.status));
    }
    expect(outcomes).toHaveLength(6);
  });

  it("in either order: a cancelled session is never charged again, a charged one never cancelled", async () => {
    const first = minutesFrom(raceBase, 30 * 24 * 60);
    const cancelledFirst = await lesson(first);
    await cancelSession({ db: sql, viewer: student.viewer, sessionId: cancelledFirst.sessionId, now: minutesFrom(first, -HOUR) });
    await processDueCharges({ db: sql, now: minutesFrom(first, 61) });
    expect(await footprint(cancelledFirst.sessionId)).toMatchObject({ status: "CANCELLED_LATE", charge_cents: "5000", ledger_rows: 3 });

    const second = minutesFrom(raceBase, 31 * 24 * 60);
    const chargedFirst = await lesson(second);
    await processDueCharges({ db: sql, now: minutesFrom(second, 61) });
    const error = await caught(
      cancelSession({ db: sql, viewer: student.viewer, sessionId: chargedFirst.sessionId, now: minutesFrom(second, -HOUR) }),
    );
    expect(error).toMatchObject({ code: "conflict", details: { reason: "already_charged" } });
    expect(await footprint(chargedFirst.sessionId)).toMatchObject({ status: "COMPLETED_ASSUMED", charge_cents: "10000", ledger_rows: 3 });
  });

  it("two cancellations at once (student and tutor): one wins, the other is told it is already cancelled", async () => {
    const startAt = minutesFrom(raceBase, 32 * 24 * 60);
    const { sessionId } = await lesson(startAt);
    const now = minutesFrom(startAt, -HOUR);
    const results = await Promise.allSettled([
      cancelSession({ db: sql, viewer: student.viewer, sessionId, now }),
      cancelSession({ db: sql, viewer: tutor.viewer, sessionId, now }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((result) => result.status === "rejected");
    expect(loser?.reason).toMatchObject({ code: "already_done" });
    const [events] =
      await sql`select count(*)::int as n from public.session_events where session_id = ${sessionId} and type = 'session.cancelled'`;
    expect(events?.n).toBe(1);
    const state = await footprint(sessionId);
    expect(state?.ledger_rows).toBe(state?.status === "CANCELLED_LATE" ? 3 : 0);
  });

  it("a cancellation racing a no-show mark: one winner", async () => {
    for (let i = 0; i < 6; i++) {
      const startAt = minutesFrom(raceBase, (10 + i) * 24 * 60);
      const { sessionId } = await lesson(startAt);
      await joinSession({ db: sql, viewer: tutor.viewer, sessionId, now: startAt });
      const [cancelled, marked] = await Promise.allSettled([
        cancelSession({ db: sql, viewer: student.viewer, sessionId, now: minutesFrom(startAt, -1) }),
        markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 25) }),
      ]);
      expect([cancelled.status, marked.status].filter((status) => status === "fulfilled")).toHaveLength(1);
      const state = await footprint(sessionId);
      expect(state?.ledger_rows).toBe(3);
      const rows = await ledger(sessionId);
      expect(new Set(rows.map((row) => row.idempotency_key)).size).toBe(3);
      if (cancelled.status === "fulfilled") {
        expect(state).toMatchObject({ status: "CANCELLED_LATE", charge_cents: "5000", booking_status: "cancelled" });
      } else {
        expect(state).toMatchObject({
          status: "NO_SHOW_STUDENT",
          charge_cents: "5000",
          cancellation_policy: null,
          booking_status: "confirmed",
        });
      }
    }
  });
});

describe("tutor_cancellation_rate", () => {
  it("counts the tutor's own cancellations over 90 days, published from 5 lessons on", async () => {
    const rated = await createTutor(sql);
    tutorsToClean.push(rated.id);
    const now = new Date("2093-03-01T12:00:00.000Z");
    expect(await getTutorCancellationRate({ db: sql, tutorId: rated.id, now })).toEqual({
      lessons: 0,
      tutorCancellations: 0,
      rateBps: null,
    });
    // Four lessons in the window: two held, one the tutor cancelled, one the student cancelled.
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) ids.push((await lesson(minutesFrom(now, -i * 24 * 60), { tutor: rated })).sessionId);
    // An old one, outside the 90 days, and never counted.
    const old = await lesson(minutesFrom(now, -120 * 24 * 60), { tutor: rated });
    await cancelSession({ db: sql, viewer: rated.viewer, sessionId: ids[0] ?? "", now: minutesFrom(now, -5 * 24 * 60) });
    await cancelSession({ db: sql, viewer: student.viewer, sessionId: ids[1] ?? "", now: minutesFrom(now, -6 * 24 * 60) });
    await cancelSession({ db: sql, viewer: rated.viewer, sessionId: old.sessionId, now: minutesFrom(now, -121 * 24 * 60) });
    expect(await getTutorCancellationRate({ db: sql, tutorId: rated.id, now })).toEqual({
      lessons: 4,
      tutorCancellations: 1,
      rateBps: null,
    });
    // A fifth lesson, cancelled by the tutor in the window though it would have been next week.
    const future = await lesson(minutesFrom(now, 7 * 24 * 60), { tutor: rated });
    await cancelSession({ db: sql, viewer: rated.viewer, sessionId: future.sessionId, now: minutesFrom(now, -60) });
    expect(await getTutorCancellationRate({ db: sql, tutorId: rated.id, now })).toEqual({
      lessons: 5,
      tutorCancellations: 2,
      rateBps: 4000,
    });
    // Anyone may read it (the public profile).
    const [anon] = await sql.begin(async (tx) => {
      await tx`set local role anon`;
      return tx`select rate_bps from public.tutor_cancellation_rate(${rated.id}, ${now})`;
    });
    expect(anon?.rate_bps).toBe(4000);
  });
});
