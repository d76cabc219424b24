import ICAL from "ical.js";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as feedRoute } from "@/app/api/calendar/[token]/route";
import { GET as sessionIcsRoute } from "@/app/api/sessions/[id]/calendar.ics/route";
import { acceptReschedule } from "@/lib/bookings/accept-reschedule";
import { proposeReschedule } from "@/lib/bookings/propose-reschedule";
import { hashFeedToken } from "@/lib/calendar/feed-token";
import { readFeedStatus } from "@/lib/calendar/read-feed-status";
import { resetFeedToken } from "@/lib/calendar/reset-feed-token";
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
import { hourFrom, openTutorAllWeek } from "../support/reschedule";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let parent: TTestUser;
let stranger: TTestUser;
const now = new Date();

type TParsedEvent = {
  uid: string;
  start: Date;
  end: Date;
  startZone: string | undefined;
  sequence: number;
  status: unknown;
  url: unknown;
  description: string;
};

function parseEvents(text: string): TParsedEvent[] {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      startZone: event.startDate.zone?.tzid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status"),
      url: vevent.getFirstPropertyValue("url"),
      description: event.description,
    };
  });
}

const sessionIcs = async (sessionId: string, user: TTestUser | null) =>
  sessionIcsRoute(
    apiRequest(`/api/sessions/${sessionId}/calendar.ics`, { method: "GET", token: user ? await signIn(user) : null }),
    idParams(sessionId),
  );
const feed = (segment: string) =>
  feedRoute(apiRequest(`/api/calendar/${segment}`, { method: "GET" }), { params: Promise.resolve({ token: segment }) });
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;

beforeAll(async () => {
  sql = testDb();
  [tutor, student, stranger] = await Promise.all([
    createTutor(sql, { fullName: "Tara Tutor" }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
  ]);
  parent = await createParentOf(sql, student);
  await openTutorAllWeek(sql, tutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

describe("GET /api/sessions/[id]/calendar.ics", () => {
  it("gives a participant one event in UTC linking the lesson page, never the meeting link", async () => {
    const startAt = hourFrom(now, 4 * 24);
    const { sessionId, bookingId } = await createSessionAt(sql, {
      tutor,
      student,
      startAt,
      joinUrl: "https://meet.jit.si/secret-room-ics",
    });
    const response = await sessionIcs(sessionId, student);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = await response.text();
    expect(text).not.toContain("secret-room-ics");
    const [event] = parseEvents(text);
    expect(event).toMatchObject({ start: startAt, end: minutesFrom(startAt, 60), startZone: "UTC", sequence: 0, status: "CONFIRMED" });
    expect(event?.uid).toBe(`session-${sessionId}@${new URL(process.env.APP_URL!).host}`);
    expect(event?.url).toBe(`${process.env.APP_URL!.replace(/\/$/, "")}/student/bookings/${bookingId}`);
    const [forTutor] = parseEvents(await (await sessionIcs(sessionId, tutor)).text());
    expect(forTutor?.url).toMatch(new RegExp(`/tutor/bookings/${bookingId}$`));
    const [forParent] = parseEvents(await (await sessionIcs(sessionId, parent)).text());
    expect(forParent?.url).toMatch(new RegExp(`/parent/bookings/${bookingId}$`));
  });

  it("refuses anonymous (401), a stranger (404) and a bad id (422)", async () => {
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: hourFrom(now, 5 * 24) });
    expect(await readResponse(await sessionIcs(sessionId, null))).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await readResponse(await sessionIcs(sessionId, stranger))).toMatchObject({ status: 404, code: "not_found" });
    expect((await readResponse(await sessionIcs("nope", student))).status).toBe(422);
  });
});

describe("GET /api/calendar/<token>.ics", () => {
  it("lists upcoming and recent sessions; a reschedule keeps the UID and raises SEQUENCE; cancelled ones say so", async () => {
    const { url } = await resetFeedToken({ db: sql, viewer: student.viewer, now });
    const token = tokenOf(url);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}\.ics$/);
    const [stored] = await sql`select token_hash from public.calendar_feed_tokens where user_id = ${student.id}`;
    expect(stored!.token_hash).toBe(hashFeedToken(token.slice(0, -4)));
    expect(JSON.stringify(stored)).not.toContain(token.slice(0, -4));
    expect((await readFeedStatus({ db: sql, viewer: student.viewer })).createdAt).toEqual(now);

    const startAt = hourFrom(now, 6 * 24);
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
    const { sessionId: cancelledId } = await createSessionAt(sql, { tutor, student, startAt: hourFrom(now, 7 * 24) });
    await sql`update public.sessions set status = 'CANCELLED', cancelled_at = now() where id = ${cancelledId}`;
    const { sessionId: oldId } = await createSessionAt(sql, { tutor, student, startAt: hourFrom(now, -40 * 24) });
    const { sessionId: recentId } = await createSessionAt(sql, { tutor, student, startAt: hourFrom(now, -10 * 24) });
    await sql`update public.sessions set status = 'CANCELLED', cancelled_at = now() where id in (${oldId}, ${recentId})`;
    const { sessionId: notMine } = await createSessionAt(sql, { tutor, student: stranger, startAt: hourFrom(now, 8 * 24) });

    const first = await feed(token);
    expect(first.status).toBe(200);
    const before = parseEvents(await first.text());
    const uids = before.map((event) => event.uid);
    const uidOf = (id: string) => `session-${id}@${new URL(process.env.APP_URL!).host}`;
    expect(uids).toEqual(expect.arrayContaining([uidOf(sessionId), uidOf(cancelledId), uidOf(recentId)]));
    expect(uids).not.toContain(uidOf(oldId));
    expect(uids).not.toContain(uidOf(notMine));
    // Cancelling raises SEQUENCE too (by trigger, whoever cancels), so calendars take the update.
    expect(before.find((event) => event.uid === uidOf(cancelledId))).toMatchObject({ status: "CANCELLED", sequence: 1 });
    const original = before.find((event) => event.uid === uidOf(sessionId))!;
    expect(original).toMatchObject({ start: startAt, sequence: 0, status: "CONFIRMED", startZone: "UTC" });

    const target = minutesFrom(startAt, 24 * 60 + 60);
    const { proposal } = await proposeReschedule({ db: sql, viewer: tutor.viewer, sessionId, startAt: target, now });
    await acceptReschedule({ db: sql, viewer: student.viewer, proposalId: proposal.id, now });
    const moved = parseEvents(await (await feed(token)).text()).find((event) => event.uid === uidOf(sessionId))!;
    expect(moved).toMatchObject({ start: target, end: minutesFrom(target, 60), startZone: "UTC" });
    expect(moved.sequence).toBeGreaterThan(original.sequence);
  });

  it("refuses a wrong, malformed or reset token with the same 404", async () => {
    const { url } = await resetFeedToken({ db: sql, viewer: parent.viewer, now });
    const token = tokenOf(url);
    expect((await feed(token)).status).toBe(200);
    const wrong = `${"A".repeat(43)}.ics`;
    for (const segment of [wrong, token.slice(0, -4), "short.ics", `${token.slice(0, -4)}.ical`, ""]) {
      expect(await readResponse(await feed(segment))).toMatchObject({ status: 404, code: "not_found" });
    }
    const { url: next } = await resetFeedToken({ db: sql, viewer: parent.viewer, now: minutesFrom(now, 1) });
    expect(next).not.toBe(url);
    expect(await readResponse(await feed(token))).toMatchObject({ status: 404, code: "not_found" });
    expect((await feed(tokenOf(next))).status).toBe(200);
    expect(await sql`select 1 from public.calendar_feed_tokens where user_id = ${parent.id}`).toHaveLength(1);
  });
});
