import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { listMyClasses } from "@/lib/bookings/list-my-classes";
import { requestBooking } from "@/lib/bookings/request-booking";
import { withdrawBooking } from "@/lib/bookings/withdraw-booking";
import { confirmBooking } from "@/lib/bookings/confirm-booking";
import { createBookableTutor, type TBookableTutor } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createParentOf, createSessionAt, createUser, type TTestUser } from "../support/factories";

const HOUR_MS = 3_600_000;
let sql: Sql;
let fixture: TBookableTutor;
let pastTutor: TBookableTutor;
let student: TTestUser;
let parent: TTestUser;
let otherStudent: TTestUser;
const ids: Record<string, string> = {};
const onTheHour = (offsetHours: number) => new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + offsetHours * HOUR_MS);

beforeAll(async () => {
  sql = testDb();
  [fixture, pastTutor, student, otherStudent] = await Promise.all([
    createBookableTutor(sql),
    createBookableTutor(sql),
    createUser(sql, { role: "student", timezone: "Europe/Berlin" }),
    createUser(sql, { role: "student" }),
  ]);
  parent = await createParentOf(sql, student);
  await sql`update public.tutor_profiles set display_name = 'Tara T.' where tutor_id = ${fixture.tutor.id}`;
  const book = (viewer: TTestUser, hours: number, now = new Date()) =>
    requestBooking({
      db: sql,
      viewer: viewer.viewer,
      input: { tutor_id: fixture.tutor.id, subject_id: fixture.subjectId, start_at: onTheHour(hours).toISOString(), duration_minutes: 60 },
      now,
    });
  ids.waiting = (await book(student, 30)).id;
  ids.declined = (await book(student, 34)).id;
  await declineBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: ids.declined, reason: "I'm away that week", now: new Date() });
  ids.withdrawn = (await book(student, 38)).id;
  await withdrawBooking({ db: sql, viewer: student.viewer, bookingId: ids.withdrawn, now: new Date() });
  // requested 30 hours ago: past its deadline, not yet marked by the cron job
  ids.stale = (await book(student, 42, onTheHour(-30))).id;
  ids.confirmed = (await book(student, 46)).id;
  await confirmBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: ids.confirmed, now: new Date() });
  ids.other = (await book(otherStudent, 50)).id;
  await createSessionAt(sql, { tutor: pastTutor.tutor, student, startAt: onTheHour(-72) });
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [fixture.tutor.id, pastTutor.tutor.id]);
  await sql.end();
});

describe("listMyClasses (My Classes read model)", () => {
  it("a student sees their requests without a lesson, each with its state, the live one first, in their zone", async () => {
    const classes = await listMyClasses({ db: sql, viewer: student.viewer, now: new Date() });
    expect(classes.timeZone).toBe("Europe/Berlin");
    expect(classes.requests.map((request) => [request.id, request.state])).toEqual([
      [ids.waiting, "waiting"],
      [ids.stale, "expired"],
      [ids.withdrawn, "withdrawn"],
      [ids.declined, "declined"],
    ]);
    const byId = Object.fromEntries(classes.requests.map((request) => [request.id, request]));
    expect(byId[ids.waiting!]).toMatchObject({
      tutorId: fixture.tutor.id,
      tutorName: "Tara T.",
      subjectName: "Algebra",
      durationMinutes: 60,
    });
    expect(byId[ids.waiting!]?.expiresAt).toBeInstanceOf(Date);
    expect(byId[ids.declined!]).toMatchObject({ declineReason: "I'm away that week", expiresAt: null });
    expect(byId[ids.stale!]?.expiresAt).toBeNull();
  });

  it("offers to book again the tutors of past lessons", async () => {
    const classes = await listMyClasses({ db: sql, viewer: student.viewer, now: new Date() });
    expect(classes.rebook.map((tutor) => tutor.tutorId)).toEqual([pastTutor.tutor.id]);
  });

  it("an approved parent sees their child's requests; another student sees none of them", async () => {
    const forParent = await listMyClasses({ db: sql, viewer: parent.viewer, now: new Date() });
    expect(forParent.requests.map((request) => request.id).sort()).toEqual([ids.waiting, ids.stale, ids.withdrawn, ids.declined].sort());
    expect(forParent.requests[0]?.studentName).toBe("Test student");
    const forOther = await listMyClasses({ db: sql, viewer: otherStudent.viewer, now: new Date() });
    expect(forOther.requests.map((request) => request.id)).toEqual([ids.other]);
    const unapproved = await createParentOf(sql, student, { approved: false });
    expect((await listMyClasses({ db: sql, viewer: unapproved.viewer, now: new Date() })).requests).toEqual([]);
  });
});
