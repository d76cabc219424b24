import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveTutorAvailability } from "@/lib/availability/save-tutor-availability";
import { getTutorCalendarWeek } from "@/lib/tutors/get-tutor-calendar-week";
import { testDb } from "../support/db";
import { createBooking, createSessionAt, createTutor, createUser, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let student: TTestUser;

const NOW = new Date("2026-10-20T12:00:00Z");
const SETTINGS = {
  lesson_lengths: [60],
  step_minutes: 60,
  buffer_before_minutes: 0,
  buffer_after_minutes: 0,
  minimum_notice_minutes: 0,
  horizon_days: 90,
  is_instant_booking: false,
};

beforeAll(async () => {
  sql = testDb();
  [tutor, otherTutor, student] = await Promise.all([
    createTutor(sql),
    createTutor(sql),
    createUser(sql, { role: "student", fullName: "Sam Calendar" }),
  ]);
  await saveTutorAvailability({
    db: sql,
    viewer: tutor.viewer,
    now: NOW,
    input: {
      time_zone: "America/New_York",
      weekly: [
        { weekday: 0, start: "13:00", end: "17:00" },
        { weekday: 1, start: "09:00", end: "12:00" },
        { weekday: 5, start: "18:00", end: "24:00" },
      ],
      overrides: [{ date: "2026-11-02", kind: "day_off" }],
      settings: SETTINGS,
    },
  });
});

afterAll(async () => {
  await sql`update public.bookings set status = 'cancelled' where tutor_id = ${tutor.id}`;
  await sql.end();
});

describe("getTutorCalendarWeek", () => {
  it("the fall-back week (169 h) in New York: a day off, a 24:00 range, sessions and requests, not cancelled ones", async () => {
    // Week of Mon 2026-10-26; Sunday 2026-11-01 falls back. Mon 2026-11-02 (the next week) is a day off.
    const confirmed = await createBooking(sql, { tutor, student, startAt: new Date("2026-10-26T13:00:00Z"), status: "confirmed" });
    const pending = await createBooking(sql, { tutor, student, startAt: new Date("2026-10-30T22:00:00Z") });
    await createBooking(sql, { tutor, student, startAt: new Date("2026-10-27T13:00:00Z"), status: "cancelled" });
    const week = await getTutorCalendarWeek({ db: sql, viewer: tutor.viewer, weekOf: "2026-10-28", now: NOW });
    expect(week.timeZone).toBe("America/New_York");
    expect(week.hours).toBe(169);
    expect(week.days[0]!.items).toEqual([
      expect.objectContaining({ kind: "session", bookingId: confirmed.bookingId, studentName: "Sam Calendar" }),
    ]);
    expect(week.days[4]!.items).toEqual([expect.objectContaining({ kind: "request", bookingId: pending.bookingId })]);
    expect(week.days.flatMap((day) => day.items)).toHaveLength(2);
    const friday = week.days[4]!;
    expect(friday.availability.map((range) => [range.start, range.end])).toEqual([["18:00", "24:00"]]);
    expect(friday.availability[0]!.endAt).toEqual(friday.endAt);
    // Sunday 13:00 after the change is EST: 18:00 UTC.
    expect(week.days[6]!.availability[0]!.startAt.toISOString()).toBe("2026-11-01T18:00:00.000Z");

    const next = await getTutorCalendarWeek({ db: sql, viewer: tutor.viewer, weekOf: week.nextWeek, now: NOW });
    expect(next.hours).toBe(168);
    expect(next.days[0]).toMatchObject({ date: "2026-11-02", override: "day_off", availability: [] });
  });

  it("shows an open reschedule proposal at the time it holds, linked to the session's booking; not a declined one", async () => {
    const { sessionId, bookingId } = await createSessionAt(sql, { tutor, student, startAt: new Date("2026-10-28T14:00:00Z") });
    const propose = (startAt: string, status: "pending" | "declined") => sql`
      insert into public.reschedule_proposals (session_id, booking_id, tutor_id, student_id, proposed_by, proposed_by_role,
        start_at, end_at, status, expires_at, decided_at)
      values (${sessionId}, ${bookingId}, ${tutor.id}, ${student.id}, ${student.id}, 'student', ${new Date(startAt)},
        ${new Date(new Date(startAt).getTime() + 3_600_000)}, ${status}, ${new Date("2026-10-21T12:00:00Z")},
        ${status === "pending" ? null : NOW})`;
    await propose("2026-10-30T14:00:00Z", "declined");
    await propose("2026-10-29T14:00:00Z", "pending");
    const week = await getTutorCalendarWeek({ db: sql, viewer: tutor.viewer, weekOf: "2026-10-28", now: NOW });
    const proposals = week.days.flatMap((day) => day.items).filter((item) => item.kind === "proposal");
    expect(proposals).toEqual([
      expect.objectContaining({ bookingId, startAt: new Date("2026-10-29T14:00:00Z"), studentName: "Sam Calendar" }),
    ]);
    expect(week.days[3]!.items.map((item) => item.kind)).toEqual(["proposal"]);
    const otherWeek = await getTutorCalendarWeek({ db: sql, viewer: otherTutor.viewer, weekOf: "2026-10-28", now: NOW });
    expect(otherWeek.days.flatMap((day) => day.items)).toEqual([]);
  });

  it("defaults to the current week in the tutor's zone and shows another tutor nothing of mine", async () => {
    const week = await getTutorCalendarWeek({ db: sql, viewer: tutor.viewer, now: NOW });
    expect(week.weekStart).toBe("2026-10-19");
    const theirs = await getTutorCalendarWeek({ db: sql, viewer: otherTutor.viewer, weekOf: "2026-10-26", now: NOW });
    expect(theirs.days.flatMap((day) => day.items)).toEqual([]);
  });

  it("refuses a student and a malformed week", async () => {
    await expect(getTutorCalendarWeek({ db: sql, viewer: student.viewer, now: NOW })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getTutorCalendarWeek({ db: sql, viewer: tutor.viewer, weekOf: "2026-13-01", now: NOW })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
