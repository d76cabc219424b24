import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { confirmBooking } from "@/lib/bookings/confirm-booking";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { readDeclineReason } from "@/lib/bookings/read-decline-reason";
import { testDb } from "../support/db";
import { createBooking, createParentOf, createTutor, createUser, minutesFrom, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
const now = new Date("2096-05-04T12:00:00.000Z");
let slot = 0;
const nextStart = () => minutesFrom(now, 24 * 60 * ++slot);

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql);
  student = await createUser(sql, { role: "student" });
});

afterAll(async () => {
  await sql.end();
});

const events = (bookingId: string) =>
  sql<{ type: string; actor_id: string | null; actor_role: string; payload: Record<string, unknown> }[]>`
    select type, actor_id, actor_role, payload from public.booking_events where booking_id = ${bookingId} order by id`;

describe("declineBooking", () => {
  it("stores the reason, records the decision, and the student and an approved parent read it", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: nextStart() });
    const { booking, isChanged } = await declineBooking({
      db: sql,
      viewer: tutor.viewer,
      bookingId,
      reason: "  I'm away that week.  ",
      now,
    });
    expect(isChanged).toBe(true);
    expect(booking.status).toBe("declined");
    expect(await events(bookingId)).toEqual([
      { type: "booking.declined", actor_id: tutor.id, actor_role: "tutor", payload: { reason: "I'm away that week." } },
    ]);
    expect(await readDeclineReason({ db: sql, viewer: student.viewer, bookingId })).toBe("I'm away that week.");
    const parent = await createParentOf(sql, student, { approved: true });
    expect(await readDeclineReason({ db: sql, viewer: parent.viewer, bookingId })).toBe("I'm away that week.");
    const stranger = await createUser(sql, { role: "student" });
    expect(await readDeclineReason({ db: sql, viewer: stranger.viewer, bookingId })).toBeNull();

    // A retry changes nothing and records nothing more.
    expect((await declineBooking({ db: sql, viewer: tutor.viewer, bookingId, reason: "other", now })).isChanged).toBe(false);
    expect(await events(bookingId)).toHaveLength(1);
  });

  it("declines without a reason (blank counts as none)", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: nextStart() });
    await declineBooking({ db: sql, viewer: tutor.viewer, bookingId, reason: "   ", now });
    const [row] = await sql`select decline_reason from public.bookings where id = ${bookingId}`;
    expect(row!.decline_reason).toBeNull();
    expect((await events(bookingId))[0]!.payload).toEqual({});
  });

  it("refuses a reason over 500 characters and writes nothing", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: nextStart() });
    await expect(declineBooking({ db: sql, viewer: tutor.viewer, bookingId, reason: "x".repeat(501), now })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const [row] = await sql`select status, decline_reason from public.bookings where id = ${bookingId}`;
    expect(row).toEqual({ status: "pending", decline_reason: null });
    expect(await events(bookingId)).toHaveLength(0);
  });

  it("another tutor's decline is refused and records nothing", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: nextStart() });
    const other = await createTutor(sql);
    await expect(declineBooking({ db: sql, viewer: other.viewer, bookingId, now })).rejects.toBeInstanceOf(AppError);
    expect(await events(bookingId)).toHaveLength(0);
  });

  it("the database refuses a reason on a booking that is not declined (browser roles may insert requests)", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: nextStart() });
    await expect(sql`update public.bookings set decline_reason = 'sneaky' where id = ${bookingId}`).rejects.toMatchObject({
      code: "23514",
    });
  });
});

describe("confirmBooking", () => {
  it("records one booking.confirmed event, and none on a retry", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: nextStart() });
    const { session, isCreated } = await confirmBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
    expect(isCreated).toBe(true);
    expect(await events(bookingId)).toEqual([
      { type: "booking.confirmed", actor_id: tutor.id, actor_role: "tutor", payload: { session_id: session.id } },
    ]);
    expect((await confirmBooking({ db: sql, viewer: tutor.viewer, bookingId, now })).isCreated).toBe(false);
    expect(await events(bookingId)).toHaveLength(1);
  });

  it("a refused confirm (no video connection) records nothing", async () => {
    const noVideo = await createTutor(sql, { withVideo: false });
    const { bookingId } = await createBooking(sql, { tutor: noVideo, student, startAt: nextStart() });
    await expect(confirmBooking({ db: sql, viewer: noVideo.viewer, bookingId, now })).rejects.toMatchObject({
      code: "provider_not_connected",
    });
    expect(await events(bookingId)).toHaveLength(0);
  });
});
