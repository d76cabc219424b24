import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/sessions/[id]/join/route";
import { joinSession } from "@/lib/sessions/join-session";
import { markNoShow } from "@/lib/sessions/mark-no-show";
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
let otherStudent: TTestUser;
let parent: TTestUser;
let unapprovedParent: TTestUser;
let admin: TTestUser;
// Domain tests run at fixed instants far from the wall clock; route tests use the real one.
const base = new Date("2093-03-01T15:00:00.000Z");
let slot = 0;
const tutorsToClean: string[] = [];
const nextStart = () => minutesFrom(base, 24 * 60 * slot++);

async function attendance(sessionId: string) {
  const [row] = await sql<{ student_joined_at: Date | null; tutor_joined_at: Date | null; join_url: string }[]>`
    select s.student_joined_at, s.tutor_joined_at, l.join_url
    from public.sessions s join public.session_meeting_links l on l.session_id = s.id where s.id = ${sessionId}`;
  if (!row) throw new Error("no session");
  return row;
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
  unapprovedParent = await createParentOf(sql, student, { approved: false });
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id, otherTutor.id, ...tutorsToClean]);
  await sql.end();
});

describe("joinSession", () => {
  it("opens exactly at T−5: before that it is too_early with opens_at and no link", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    const justBefore = new Date(minutesFrom(startAt, -5).getTime() - 1);
    const error = await caught(joinSession({ db: sql, viewer: student.viewer, sessionId, now: justBefore }));
    expect(error).toMatchObject({ code: "too_early", status: 409, details: { opens_at: minutesFrom(startAt, -5).toISOString() } });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain("https://");

    const joined = await joinSession({ db: sql, viewer: student.viewer, sessionId, now: minutesFrom(startAt, -5) });
    expect(joined).toMatchObject({ role: "student", isFirstJoin: true, joinUrl: (await attendance(sessionId)).join_url });
  });

  it("records the first join per role and an audit event for every join", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    const firstAt = minutesFrom(startAt, 2);
    await joinSession({ db: sql, viewer: student.viewer, sessionId, now: firstAt });
    const second = await joinSession({ db: sql, viewer: student.viewer, sessionId, now: minutesFrom(startAt, 10) });
    expect(second.isFirstJoin).toBe(false);
    await joinSession({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(startAt, 3) });
    expect(await attendance(sessionId)).toMatchObject({ student_joined_at: firstAt, tutor_joined_at: minutesFrom(startAt, 3) });

    const events =
      await sql`select type, actor_id, actor_role, payload from public.session_events where session_id = ${sessionId} order by id`;
    expect(events.map((event) => [event.type, event.actor_id, event.actor_role, event.payload.first_join])).toEqual([
      ["session.joined", student.id, "student", true],
      ["session.joined", student.id, "student", false],
      ["session.joined", tutor.id, "tutor", true],
    ]);
  });

  it("lets the approved parent join without counting as the student's attendance", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    const joined = await joinSession({ db: sql, viewer: parent.viewer, sessionId, now: startAt });
    expect(joined.role).toBe("parent");
    expect(await attendance(sessionId)).toMatchObject({ student_joined_at: null, tutor_joined_at: null });
    const [event] = await sql`select actor_id, actor_role from public.session_events where session_id = ${sessionId}`;
    expect(event).toEqual({ actor_id: parent.id, actor_role: "parent" });
  });

  it("closes at the scheduled end (too_late) and refuses a session that is no longer SCHEDULED", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60 });
    const lastMoment = new Date(minutesFrom(startAt, 60).getTime() - 1);
    await expect(joinSession({ db: sql, viewer: tutor.viewer, sessionId, now: lastMoment })).resolves.toMatchObject({ role: "tutor" });
    expect(await caught(joinSession({ db: sql, viewer: student.viewer, sessionId, now: minutesFrom(startAt, 60) }))).toMatchObject({
      code: "too_late",
      status: 409,
    });

    const marked = await createSessionAt(sql, { tutor, student, startAt: nextStart() });
    await sql`update public.sessions set status = 'NO_SHOW_STUDENT', marked_no_show_at = now(), charged_at = now(),
              charge_cents = 0, payout_cents = 0, platform_fee_cents = 0 where id = ${marked.sessionId}`;
    const [row] = await sql<{ scheduled_start_at: Date }[]>`select scheduled_start_at from public.sessions where id = ${marked.sessionId}`;
    const error = await caught(
      joinSession({ db: sql, viewer: student.viewer, sessionId: marked.sessionId, now: minutesFrom(row!.scheduled_start_at, 30) }),
    );
    expect(error).toMatchObject({ code: "conflict", status: 409 });
    expect(error.message).toContain("no-show");
  });

  it("hides the session from everyone else (404) and refuses an admin (403)", async () => {
    const startAt = nextStart();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    for (const outsider of [otherTutor, otherStudent, unapprovedParent]) {
      expect(await caught(joinSession({ db: sql, viewer: outsider.viewer, sessionId, now: startAt }))).toMatchObject({
        code: "not_found",
        status: 404,
      });
    }
    expect(await caught(joinSession({ db: sql, viewer: admin.viewer, sessionId, now: startAt }))).toMatchObject({
      code: "forbidden",
      status: 403,
    });
    expect(await caught(joinSession({ db: sql, viewer: student.viewer, sessionId: randomUUID(), now: startAt }))).toMatchObject({
      code: "not_found",
    });
    expect(await attendance(sessionId)).toMatchObject({ student_joined_at: null, tutor_joined_at: null });
  });
});

describe("POST /api/sessions/[id]/join", () => {
  const call = async (token: string | null, id: string) =>
    readResponse(await POST(apiRequest(`/api/sessions/${id}/join`, { token }), idParams(id)));

  it("200 with the link inside the window (never cached); 409 too_early with opens_at and no link before it", async () => {
    const now = new Date();
    const open = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, 2) });
    const later = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, 120) });
    const token = await signIn(student);

    const response = await POST(apiRequest(`/api/sessions/${open.sessionId}/join`, { token }), idParams(open.sessionId));
    expect(response.headers.get("cache-control")).toBe("no-store");
    const joined = await readResponse(response);
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ join_url: (await attendance(open.sessionId)).join_url });

    const early = await call(token, later.sessionId);
    expect({ status: early.status, code: early.code }).toEqual({ status: 409, code: "too_early" });
    const opensAt = new Date((early.body.error as { opens_at: string }).opens_at);
    expect(opensAt.getTime()).toBe(minutesFrom(now, 115).getTime());
    expect(early.text).not.toContain((await attendance(later.sessionId)).join_url);
    expect(early.text).not.toContain("https://");
  });

  it("rejects every wrong call with its status and code, never a 500", async () => {
    const now = new Date();
    const tutor = await createTutor(sql);
    tutorsToClean.push(tutor.id);
    // Students of their own: a student never holds two overlapping lessons (bookings_student_no_overlap).
    const student = await createUser(sql, { role: "student" });
    const parent = await createParentOf(sql, student);
    const markedStudent = await createUser(sql, { role: "student" });
    const open = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, -2) });
    const ended = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, -180) });
    const marked = await createSessionAt(sql, { tutor: otherTutor, student: markedStudent, startAt: minutesFrom(now, -30) });
    await joinSession({ db: sql, viewer: otherTutor.viewer, sessionId: marked.sessionId, now: minutesFrom(now, -30) });
    await markNoShow({ db: sql, viewer: otherTutor.viewer, sessionId: marked.sessionId, now });
    const [studentToken, parentToken, otherTutorToken, otherStudentToken, unapprovedToken] = await Promise.all([
      signIn(student),
      signIn(parent),
      signIn(otherTutor),
      signIn(otherStudent),
      signIn(unapprovedParent),
    ]);
    const cases: [string, Awaited<ReturnType<typeof call>>, number, string | undefined][] = [
      ["anonymous", await call(null, open.sessionId), 401, "unauthorized"],
      ["malformed id", await call(studentToken, "123"), 422, "invalid_input"],
      ["unknown id", await call(studentToken, randomUUID()), 404, "not_found"],
      ["other tutor", await call(otherTutorToken, open.sessionId), 404, "not_found"],
      ["other student", await call(otherStudentToken, open.sessionId), 404, "not_found"],
      ["unapproved parent", await call(unapprovedToken, open.sessionId), 404, "not_found"],
      ["too late", await call(studentToken, ended.sessionId), 409, "too_late"],
      ["marked no-show", await call(await signIn(markedStudent), marked.sessionId), 409, "conflict"],
      ["approved parent", await call(parentToken, open.sessionId), 200, undefined],
    ];
    for (const [label, response, status, code] of cases) {
      expect({ label, status: response.status, code: response.code }).toEqual({ label, status, code });
    }
  });
});
