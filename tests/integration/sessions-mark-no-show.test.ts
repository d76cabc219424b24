import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/sessions/[id]/mark-no-show/route";
import { chargeDueSessions } from "@/lib/sessions/charge-due-sessions";
import { joinSession } from "@/lib/sessions/join-session";
import { markNoShow } from "@/lib/sessions/mark-no-show";
import { recordAttendance } from "@/lib/sessions/record-attendance";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createParentOf,
  createSessionAt,
  createTutor,
  createUser,
  idParams,
  minutesFrom,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";
import { caught } from "../support/caught";

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let student: TTestUser;
let parent: TTestUser;
let admin: TTestUser;
const tutorsToClean: string[] = [];
// Domain tests run at fixed instants far from the wall clock; route tests use the real one.
const base = new Date("2094-05-01T15:00:00.000Z");
let slot = 0;
const nextStart = () => minutesFrom(base, 24 * 60 * slot++);

/** Everything a no-show writes, to prove a refused call wrote nothing. */
async function footprint(sessionId: string) {
  const [row] = await sql`
    select s.status, s.charged_at, s.charge_cents, s.payout_cents, s.platform_fee_cents, s.marked_no_show_at, s.updated_at,
           (select count(*)::int from public.ledger_entries l where l.session_id = s.id) as ledger_rows,
           (select count(*)::int from public.session_events e where e.session_id = s.id) as events
    from public.sessions s where s.id = ${sessionId}`;
  return row;
}

/** The tutor opens the lesson through the app at `at` (the no-show needs the tutor present). */
async function tutorJoins(sessionId: string, at: Date, who: TTestUser = tutor): Promise<void> {
  await joinSession({ db: sql, viewer: who.viewer, sessionId, now: at });
}

const settleAt = (now: Date) => ({ payoutReleaseAt: minutesFrom(now, 24 * 60), attendanceGraceMinutes: 30 });

beforeAll(async () => {
  sql = testDb();
  [tutor, otherTutor, student, admin] = await Promise.all([
    createTutor(sql),
    createTutor(sql),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "admin" }),
  ]);
  parent = await createParentOf(sql, student);
  tutorsToClean.push(tutor.id, otherTutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorsToClean);
  await sql.end();
});

describe("markNoShow", () => {
  it("opens at start + wait: too_early with available_at before, then 50/45/5 with held payout, ledger and event", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60, priceCents: 10_000 });
    const availableAt = minutesFrom(startAt, 19);
    await tutorJoins(sessionId, startAt);
    const early = await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: new Date(availableAt.getTime() - 1) }));
    expect(early).toMatchObject({ code: "too_early", status: 409, details: { available_at: availableAt.toISOString() } });

    const { session } = await markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: availableAt });
    expect(session).toMatchObject({
      status: "NO_SHOW_STUDENT",
      marked_no_show_at: availableAt,
      charged_at: availableAt,
      charge_cents: 5000,
      payout_cents: 4500,
      platform_fee_cents: 500,
    });
    const ledger = await sql`select kind, party_id, amount_cents::int, status, release_at, idempotency_key
                             from public.ledger_entries where session_id = ${sessionId} order by kind`;
    expect(ledger).toEqual([
      {
        kind: "charge",
        party_id: student.id,
        amount_cents: 5000,
        status: "posted",
        release_at: null,
        idempotency_key: `session:${sessionId}:charge`,
      },
      {
        kind: "payout",
        party_id: tutor.id,
        amount_cents: 4500,
        status: "held",
        release_at: minutesFrom(availableAt, 24 * 60),
        idempotency_key: `session:${sessionId}:payout`,
      },
      {
        kind: "platform_fee",
        party_id: null,
        amount_cents: 500,
        status: "posted",
        release_at: null,
        idempotency_key: `session:${sessionId}:platform_fee`,
      },
    ]);
    const events =
      await sql`select type, actor_id, actor_role, payload from public.session_events where session_id = ${sessionId} and type <> 'session.joined'`;
    expect(events).toEqual([
      {
        type: "session.no_show_marked",
        actor_id: tutor.id,
        actor_role: "tutor",
        payload: {
          charge_cents: 5000,
          payout_cents: 4500,
          platform_fee_cents: 500,
          payout_release_at: minutesFrom(availableAt, 24 * 60).toISOString(),
        },
      },
    ]);
  });

  it("a second call changes nothing and says it is already marked", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    await tutorJoins(sessionId, startAt);
    await markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 30) });
    const before = await footprint(sessionId);
    const error = await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 31) }));
    expect(error).toMatchObject({ code: "already_done", status: 409, message: "This session is already marked as no-show." });
    expect(await footprint(sessionId)).toEqual(before);
    expect(before).toMatchObject({ ledger_rows: 3, events: 2 });
  });

  it("uses the split frozen on the session, rounding half up with the fee as the remainder", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, priceCents: 333 });
    await sql`update public.sessions set no_show_charge_bps = 6000, no_show_payout_bps = 5000 where id = ${sessionId}`;
    await tutorJoins(sessionId, startAt);
    const { session } = await markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 20) });
    // 333 × 60 % = 199.8 → 200; 333 × 50 % = 166.5 → 167; fee = 33.
    expect(session).toMatchObject({ charge_cents: 200, payout_cents: 167, platform_fee_cents: 33 });
  });

  it("closes at the scheduled end (too_late) and is refused once the student joined", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60 });
    expect(await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 60) }))).toMatchObject({
      code: "too_late",
      status: 409,
    });

    const joinedAt = minutesFrom(startAt, 15);
    await joinSession({ db: sql, viewer: student.viewer, sessionId, now: joinedAt });
    const before = await footprint(sessionId);
    const error = await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 25) }));
    expect(error).toMatchObject({
      code: "conflict",
      status: 409,
      message: `The student joined at ${joinedAt.toISOString()}; you can't mark a no-show.`,
    });
    expect(await footprint(sessionId)).toEqual(before);
  });

  it("needs the tutor present: 409 tutor_not_joined, nothing written; a provider participant event counts as present", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60 });
    const error = await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 25) }));
    expect(error).toMatchObject({ code: "conflict", status: 409, details: { reason: "tutor_not_joined" } });
    expect(error.message).toBe("You must join the lesson before you can mark the student absent.");
    expect(await footprint(sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0, events: 0 });
    // A participant event from the provider (here through the same writer the Zoom webhook uses).
    await sql.begin((tx) => recordAttendance(tx, { sessionId, facts: [{ kind: "joined", role: "tutor", at: minutesFrom(startAt, 2) }] }));
    const { session } = await markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 25) });
    expect(session.status).toBe("NO_SHOW_STUDENT");
  });

  it("a tutor join two days early (another run of the meeting) is not presence", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60 });
    await sql.begin((tx) =>
      recordAttendance(tx, { sessionId, facts: [{ kind: "joined", role: "tutor", at: minutesFrom(startAt, -2 * 24 * 60) }] }),
    );
    const error = await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 25) }));
    expect(error.details).toMatchObject({ reason: "tutor_not_joined" });
  });

  it("is refused once the session was charged", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60 });
    await chargeDueSessions({ db: sql, now: minutesFrom(startAt, 60), limit: 1, sessionId, ...settleAt(minutesFrom(startAt, 60)) });
    const error = await caught(markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 59) }));
    expect(error).toMatchObject({ code: "conflict", status: 409 });
    expect(error.message).toContain("COMPLETED_ASSUMED");
  });

  it("only the session's tutor: student, parent and admin 403; another tutor 404", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    const now = minutesFrom(startAt, 30);
    for (const viewer of [student.viewer, parent.viewer, admin.viewer]) {
      expect(await caught(markNoShow({ db: sql, viewer, sessionId, now }))).toMatchObject({ code: "forbidden", status: 403 });
    }
    expect(await caught(markNoShow({ db: sql, viewer: otherTutor.viewer, sessionId, now }))).toMatchObject({
      code: "not_found",
      status: 404,
    });
    expect(await footprint(sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0, events: 0 });
  });

  it("races a student's join: exactly one of them wins, every time", async () => {
    const sessions = await Promise.all(Array.from({ length: 20 }, () => createSessionAt(sql, { tutor, student, startAt: nextStart() })));
    for (const { sessionId } of sessions) {
      const [row] = await sql<{ scheduled_start_at: Date }[]>`select scheduled_start_at from public.sessions where id = ${sessionId}`;
      const now = minutesFrom(row!.scheduled_start_at, 25);
      await tutorJoins(sessionId, row!.scheduled_start_at);
      const [join, mark] = await Promise.allSettled([
        joinSession({ db: sql, viewer: student.viewer, sessionId, now }),
        markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now }),
      ]);
      const state = await footprint(sessionId);
      const [joined] = await sql`select student_joined_at from public.sessions where id = ${sessionId}`;
      if (mark.status === "fulfilled") {
        expect(join.status).toBe("rejected");
        expect(state).toMatchObject({ status: "NO_SHOW_STUDENT", ledger_rows: 3 });
        expect(joined?.student_joined_at).toBeNull();
      } else {
        expect(join.status).toBe("fulfilled");
        expect(state).toMatchObject({ status: "SCHEDULED", ledger_rows: 0 });
        expect(joined?.student_joined_at).not.toBeNull();
      }
    }
  });
});

describe("POST /api/sessions/[id]/mark-no-show", () => {
  const call = async (token: string | null, id: string) =>
    readResponse(await POST(apiRequest(`/api/sessions/${id}/mark-no-show`, { token }), idParams(id)));

  it("200 with the session after the wait, then 409 already_done", async () => {
    const routeTutor = await createTutor(sql);
    tutorsToClean.push(routeTutor.id);
    const { sessionId } = await createSessionAt(sql, { tutor: routeTutor, student, startAt: minutesFrom(new Date(), -30) });
    await tutorJoins(sessionId, new Date(), routeTutor);
    const token = await signIn(routeTutor);
    const first = await call(token, sessionId);
    expect(first.status).toBe(200);
    expect(first.body.session).toMatchObject({
      id: sessionId,
      status: "NO_SHOW_STUDENT",
      charge_cents: 5000,
      payout_cents: 4500,
    });
    // The platform's fee is the admins' to see, not the tutor's.
    expect(first.body.session).not.toHaveProperty("platform_fee_cents");
    const second = await call(token, sessionId);
    expect({ status: second.status, code: second.code }).toEqual({ status: 409, code: "already_done" });
  });

  it("rejects every wrong call with its status and code, never a 500", async () => {
    const now = new Date();
    const routeTutor = await createTutor(sql);
    tutorsToClean.push(routeTutor.id);
    // Students of their own: a student never holds two overlapping lessons (bookings_student_no_overlap).
    const student = await createUser(sql, { role: "student" });
    const parent = await createParentOf(sql, student);
    const absentStudent = await createUser(sql, { role: "student" });
    const inWait = await createSessionAt(sql, { tutor: routeTutor, student, startAt: minutesFrom(now, -5) });
    const ended = await createSessionAt(sql, { tutor: routeTutor, student, startAt: minutesFrom(now, -180) });
    const charged = await createSessionAt(sql, { tutor: routeTutor, student, startAt: minutesFrom(now, -300) });
    await chargeDueSessions({ db: sql, now, limit: 1, sessionId: charged.sessionId, ...settleAt(now) });
    const future = await createSessionAt(sql, { tutor: routeTutor, student, startAt: minutesFrom(now, 600) });
    const neverJoined = await createTutor(sql);
    tutorsToClean.push(neverJoined.id);
    const absentTutor = await createSessionAt(sql, { tutor: neverJoined, student: absentStudent, startAt: minutesFrom(now, -30) });
    const [tutorToken, otherTutorToken, studentToken, parentToken] = await Promise.all([
      signIn(routeTutor),
      signIn(otherTutor),
      signIn(student),
      signIn(parent),
    ]);

    const cases: [string, Awaited<ReturnType<typeof call>>, number, string][] = [
      ["anonymous", await call(null, inWait.sessionId), 401, "unauthorized"],
      ["malformed id", await call(tutorToken, "abc"), 422, "invalid_input"],
      ["unknown id", await call(tutorToken, randomUUID()), 404, "not_found"],
      ["other tutor", await call(otherTutorToken, inWait.sessionId), 404, "not_found"],
      ["the student", await call(studentToken, inWait.sessionId), 403, "forbidden"],
      ["the parent", await call(parentToken, inWait.sessionId), 403, "forbidden"],
      ["before the wait", await call(tutorToken, inWait.sessionId), 409, "too_early"],
      ["not started", await call(tutorToken, future.sessionId), 409, "too_early"],
      ["after the end", await call(tutorToken, ended.sessionId), 409, "too_late"],
      ["already charged", await call(tutorToken, charged.sessionId), 409, "conflict"],
      ["the tutor never joined", await call(await signIn(neverJoined), absentTutor.sessionId), 409, "conflict"],
    ];
    for (const [label, response, status, code] of cases) {
      expect({ label, status: response.status, code: response.code }).toEqual({ label, status, code });
    }
    const early = cases.find(([label]) => label === "before the wait")?.[1];
    expect(new Date((early?.body.error as { available_at: string }).available_at).getTime()).toBe(minutesFrom(now, 14).getTime());
    expect(await footprint(inWait.sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0, events: 0 });
    const absent = cases.find(([label]) => label === "the tutor never joined")?.[1];
    expect(absent?.body.error).toMatchObject({
      reason: "tutor_not_joined",
      message: "You must join the lesson before you can mark the student absent.",
    });
    expect(await footprint(absentTutor.sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0, events: 0 });
  });
});
