import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptReschedule } from "@/lib/bookings/accept-reschedule";
import { cancelSession } from "@/lib/bookings/cancel-session";
import { proposeReschedule } from "@/lib/bookings/propose-reschedule";
import { requestBooking } from "@/lib/bookings/request-booking";
import { expireStaleRequests } from "@/lib/jobs/expire-stale-requests";
import { createBookableTutor } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createParentOf, createSessionAt, createTutor, createUser, type TTestUser } from "../support/factories";
import { hourFrom, openTutorAllWeek } from "../support/reschedule";

/** Requests (issue 9) and change of plans (issue 10) tell the other side, in the same transaction (issue 12). */
let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let parent: TTestUser;
const now = new Date();

const inApp = (recipientId: string, kind: string) =>
  sql<{ kind: string; link: string | null }[]>`
    select kind, link from public.notifications where recipient_id = ${recipientId} and kind = ${kind}`;
const outbox = (sessionId: string, kind: string) =>
  sql<{ recipient_id: string; status: string; send_at: Date }[]>`
    select o.recipient_id, o.status, o.send_at from public.notification_outbox o
    join public.sessions s on s.id = ${sessionId}
    where o.kind = ${kind} and (o.subject_id = s.id or o.subject_id = s.booking_id) order by o.send_at`;

beforeAll(async () => {
  sql = testDb();
  [tutor, student] = await Promise.all([createTutor(sql, { fullName: "Tara Tutor" }), createUser(sql, { role: "student" })]);
  parent = await createParentOf(sql, student);
  await openTutorAllWeek(sql, tutor.id);
  await sql`update public.tutor_booking_settings set horizon_days = 60 where tutor_id = ${tutor.id}`;
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

describe("change-of-plans notifications", () => {
  it("a tutor's cancellation reaches the student and the parent, never the tutor", async () => {
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: hourFrom(now, 72) });
    await cancelSession({ db: sql, viewer: tutor.viewer, sessionId, reason: "Clash", now });
    expect(await inApp(student.id, "booking_cancelled")).toHaveLength(1);
    expect(await inApp(parent.id, "booking_cancelled")).toHaveLength(1);
    expect(await inApp(tutor.id, "booking_cancelled")).toHaveLength(0);
  });

  it("a proposal reaches the other side; accepting tells the proposer and queues reminders at the new time", async () => {
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: hourFrom(now, 24 * 9) });
    const newStart = hourFrom(now, 24 * 11);
    const { proposal } = await proposeReschedule({ db: sql, viewer: tutor.viewer, sessionId, startAt: newStart, now });
    expect(await inApp(student.id, "reschedule_proposed")).toHaveLength(1);
    expect(await inApp(tutor.id, "reschedule_proposed")).toHaveLength(0);

    await acceptReschedule({ db: sql, viewer: student.viewer, proposalId: proposal.id, now });
    expect(await inApp(tutor.id, "reschedule_accepted")).toHaveLength(1);
    expect(await inApp(student.id, "reschedule_accepted")).toHaveLength(0);
    const reminders = await outbox(sessionId, "reminder_24h");
    expect(reminders.map((row) => row.send_at.getTime())).toContain(newStart.getTime() - 24 * 3_600_000);
  });
});

describe("booking request notifications", () => {
  it("a request tells the tutor; the slower of two requests for one slot rolls back and announces nothing", async () => {
    const { tutor: bookable, subjectId } = await createBookableTutor(sql, { minimumNoticeMinutes: 0 });
    const [first, second] = await Promise.all([createUser(sql, { role: "student" }), createUser(sql, { role: "student" })]);
    const startAt = hourFrom(now, 30);
    const input = { tutor_id: bookable.id, subject_id: subjectId, start_at: startAt.toISOString(), duration_minutes: 60 };
    await requestBooking({ db: sql, viewer: first.viewer, input, now });
    await expect(requestBooking({ db: sql, viewer: second.viewer, input, now })).rejects.toMatchObject({ code: "slot_taken" });
    const notices = await sql<{ subject_id: string }[]>`
      select subject_id from public.notifications where recipient_id = ${bookable.id} and kind = 'booking_requested'`;
    const emails = await sql`select 1 from public.notification_outbox where recipient_id = ${bookable.id} and kind = 'booking_requested'`;
    expect(notices).toHaveLength(1);
    expect(emails).toHaveLength(1);
  });

  it("an expired request tells the student and their parent", async () => {
    const { tutor: bookable, subjectId } = await createBookableTutor(sql, { minimumNoticeMinutes: 0 });
    const child = await createUser(sql, { role: "student" });
    const childParent = await createParentOf(sql, child);
    const startAt = hourFrom(now, 6);
    const input = { tutor_id: bookable.id, subject_id: subjectId, start_at: startAt.toISOString(), duration_minutes: 60 };
    await requestBooking({ db: sql, viewer: child.viewer, input, now });
    await expireStaleRequests({ db: sql, now: startAt });
    expect(await inApp(child.id, "booking_expired")).toHaveLength(1);
    expect(await inApp(childParent.id, "booking_expired")).toHaveLength(1);
    expect(await inApp(bookable.id, "booking_expired")).toHaveLength(0);
  });
});
