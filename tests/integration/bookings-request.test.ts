import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { listOpenSlots } from "@/lib/availability/server";
import { asService } from "@/lib/db";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { priceForMinutes, REQUEST_DEADLINE_MS, requestBooking } from "@/lib/bookings/request-booking";
import type { TRequestBooking } from "@/lib/bookings/request-booking-schema";
import { withdrawBooking } from "@/lib/bookings/withdraw-booking";
import { expireStaleRequests } from "@/lib/jobs/expire-stale-requests";
import { createBookableTutor, type TBookableTutor, type TBookableTutorOptions } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { createParentOf, createUser, createUsersBulk, minutesFrom, type TTestUser } from "../support/factories";
import { caught } from "../support/caught";

let sql: Sql;
const HOUR_MS = 3_600_000;

beforeAll(() => {
  sql = testDb(12);
});
afterAll(async () => {
  await sql.end();
});

/** A real instant on the hour, so the tutors' 30-minute steps fall on round times. */
function onTheHour(offsetHours = 0): Date {
  const now = new Date();
  return new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS + offsetHours * HOUR_MS);
}

/**
 * `hour`:00 UTC (the fixtures' tutors' zone) `days` days from today: for lessons whose length or offset would cross
 * local midnight (which a slot never does) at some hour of the day if placed at now + N hours.
 */
function atUtcHour(days: number, hour: number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour));
}

function input(fixture: TBookableTutor, startAt: Date, durationMinutes = 60, extra: Partial<TRequestBooking> = {}): TRequestBooking {
  return {
    tutor_id: fixture.tutor.id,
    subject_id: fixture.subjectId,
    start_at: startAt.toISOString(),
    duration_minutes: durationMinutes,
    ...extra,
  };
}

async function openStarts(fixture: TBookableTutor, durationMinutes: number, now: Date): Promise<number[]> {
  const { slots } = await asService(sql, (tx) => listOpenSlots({ tx, tutorId: fixture.tutor.id, durationMinutes, now }));
  return slots.map((slot) => slot.startAt.getTime());
}

async function liveBookings(tutorId: string) {
  return sql<{ id: string; student_id: string; start_at: Date; end_at: Date; status: string }[]>`
    select id, student_id, requested_start_at as start_at, requested_end_at as end_at, status
    from public.bookings where tutor_id = ${tutorId} and status in ('pending', 'confirmed') order by requested_start_at`;
}

function overlapping(rows: { start_at: Date; end_at: Date }[]): boolean {
  return rows.some((a, i) => rows.some((b, j) => i !== j && a.start_at < b.end_at && b.start_at < a.end_at));
}

async function tutorWith(options: TBookableTutorOptions = {}): Promise<TBookableTutor> {
  return createBookableTutor(sql, options);
}

describe("requestBooking: what a new request holds", () => {
  let student: TTestUser;
  beforeAll(async () => {
    student = await createUser(sql, { role: "student" });
  });

  it("writes a pending request with the tutor's price, frozen buffers, the deadline, its event and the next slot", async () => {
    const fixture = await tutorWith({ priceCents: 12_345, bufferBeforeMinutes: 10, bufferAfterMinutes: 15 });
    const now = onTheHour();
    const startAt = atUtcHour(3, 10);
    const booking = await requestBooking({
      db: sql,
      viewer: student.viewer,
      input: input(fixture, startAt, 90, { note: "  Exam prep " }),
      now,
    });
    expect(booking).toMatchObject({
      status: "pending",
      tutor_id: fixture.tutor.id,
      student_id: student.id,
      start_at: startAt.toISOString(),
      end_at: minutesFrom(startAt, 90).toISOString(),
      duration_minutes: 90,
      price_cents: priceForMinutes(12_345, 90),
      currency: "TTD",
      expires_at: new Date(now.getTime() + REQUEST_DEADLINE_MS).toISOString(),
      session_id: null,
    });
    const [row] = await sql`select status, requested_by, note, buffer_before_minutes, buffer_after_minutes, price_cents::int
                            from public.bookings where id = ${booking.id}`;
    expect(row).toEqual({
      status: "pending",
      requested_by: student.id,
      note: "Exam prep",
      buffer_before_minutes: 10,
      buffer_after_minutes: 15,
      price_cents: 18_518,
    });
    const events = await sql`select type, actor_id, actor_role from public.booking_events where booking_id = ${booking.id}`;
    expect([...events]).toEqual([{ type: "booking.requested", actor_id: student.id, actor_role: "student" }]);
    const [profile] = await sql<{ next_slot_computed_at: Date }[]>`
      select next_slot_computed_at from public.tutor_profiles where tutor_id = ${fixture.tutor.id}`;
    expect(profile?.next_slot_computed_at).toEqual(now);
    // the held slot and its buffers are no longer offered
    const open = await openStarts(fixture, 60, now);
    expect(open).not.toContain(startAt.getTime());
    expect(open).not.toContain(startAt.getTime() - 30 * 60_000);
    expect(open).not.toContain(startAt.getTime() + 90 * 60_000);
  });

  it("prices half up in whole cents (integer math)", () => {
    expect(priceForMinutes(12_000, 60)).toBe(12_000);
    expect(priceForMinutes(12_345, 90)).toBe(18_518); // 18 517.5 → 18 518
    expect(priceForMinutes(101, 30)).toBe(51); // 50.5 → 51
    expect(priceForMinutes(100, 45)).toBe(75);
    expect(priceForMinutes(7, 45)).toBe(5); // 5.25 → 5
  });

  it("deadline: 24 h after the request, unless the slot's minimum-notice cut-off comes first (both bounds)", async () => {
    const fixture = await tutorWith({ minimumNoticeMinutes: 120 });
    const now = onTheHour();
    // far slot: now + 24 h wins
    const far = new Date(now.getTime() + 48 * HOUR_MS);
    const a = await requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, far), now });
    expect(a.expires_at).toBe(new Date(now.getTime() + 24 * HOUR_MS).toISOString());
    // near slot: start − notice (now + 4 h) wins
    const near = new Date(now.getTime() + 6 * HOUR_MS);
    const b = await requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, near), now });
    expect(b.expires_at).toBe(new Date(near.getTime() - 120 * 60_000).toISOString());
    // exactly at the boundary both rules agree: start − notice = now + 24 h
    const boundary = new Date(now.getTime() + 26 * HOUR_MS);
    const c = await requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, boundary), now });
    expect(c.expires_at).toBe(new Date(now.getTime() + 24 * HOUR_MS).toISOString());
    // earliest possible slot: start = now + notice, so the tutor must answer by now
    const earliest = new Date(now.getTime() + 2 * HOUR_MS);
    const d = await requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, earliest, 30), now });
    expect(d.expires_at).toBe(now.toISOString());
  });

  it("a parent books for an approved child (recorded as the requester), never for someone else's", async () => {
    const fixture = await tutorWith();
    const child = await createUser(sql, { role: "student" });
    const parent = await createParentOf(sql, child);
    const pending = await createParentOf(sql, child, { approved: false });
    const stranger = await createUser(sql, { role: "student" });
    const now = onTheHour();
    const startAt = new Date(now.getTime() + 30 * HOUR_MS);
    const booking = await requestBooking({
      db: sql,
      viewer: parent.viewer,
      input: input(fixture, startAt, 60, { student_id: child.id }),
      now,
    });
    expect(booking.student_id).toBe(child.id);
    const [row] = await sql`select requested_by from public.bookings where id = ${booking.id}`;
    expect(row?.requested_by).toBe(parent.id);
    const [event] = await sql`select actor_role from public.booking_events where booking_id = ${booking.id}`;
    expect(event?.actor_role).toBe("parent");

    const later = new Date(startAt.getTime() + 4 * HOUR_MS);
    expect(
      await caught(requestBooking({ db: sql, viewer: parent.viewer, input: input(fixture, later, 60, { student_id: stranger.id }), now })),
    ).toMatchObject({ code: "not_found", status: 404 });
    expect(
      await caught(requestBooking({ db: sql, viewer: pending.viewer, input: input(fixture, later, 60, { student_id: child.id }), now })),
    ).toMatchObject({ code: "not_found", status: 404 });
    expect(await caught(requestBooking({ db: sql, viewer: parent.viewer, input: input(fixture, later), now }))).toMatchObject({
      code: "invalid_input",
      status: 422,
    });
    const rows = await sql`select id from public.bookings where tutor_id = ${fixture.tutor.id}`;
    expect(rows.map((r) => r.id)).toEqual([booking.id]);
  });

  it("a student already in a lesson at that time is refused (409), with another tutor too", async () => {
    const [first, second] = await Promise.all([tutorWith(), tutorWith()]);
    const now = onTheHour();
    const startAt = atUtcHour(2, 12);
    // Their own student: the describe's shared one books other hours of these days in other tests.
    const learner = await createUser(sql, { role: "student" });
    await requestBooking({ db: sql, viewer: learner.viewer, input: input(first!, startAt), now });
    const error = await caught(requestBooking({ db: sql, viewer: learner.viewer, input: input(second!, minutesFrom(startAt, 30)), now }));
    expect(error).toMatchObject({ code: "conflict", status: 409, message: "You already have a lesson at that time." });
    expect(await liveBookings(second!.tutor.id)).toHaveLength(0);
  });
  it("asking again for a slot one already holds says so, not that someone else took it", async () => {
    const fixture = await tutorWith();
    const now = onTheHour();
    const startAt = new Date(now.getTime() + 52 * HOUR_MS);
    await requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, startAt), now });
    expect(await caught(requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, startAt), now }))).toMatchObject({
      code: "conflict",
      message: "You already have a lesson at that time.",
    });
  });
});

describe("requestBooking: no double booking, by construction (real Postgres, concurrent)", () => {
  it("50 students request the same slot at once: exactly one succeeds, 49 get 409 slot_taken, no overlap", async () => {
    const fixture = await tutorWith();
    const students = await createUsersBulk(sql, { role: "student", count: 50 });
    const now = onTheHour();
    const startAt = new Date(now.getTime() + 20 * HOUR_MS);
    const results = await Promise.allSettled(
      students.map((student) => requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, startAt), now })),
    );
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(49);
    for (const reason of rejected) {
      expect(reason).toBeInstanceOf(AppError);
      expect(reason).toMatchObject({ code: "slot_taken", status: 409 });
    }
    const rows = await liveBookings(fixture.tutor.id);
    expect(rows).toHaveLength(1);
    const [events] = await sql`select count(*)::int as n from public.booking_events e join public.bookings b on b.id = e.booking_id
                               where b.tutor_id = ${fixture.tutor.id}`;
    expect(events?.n).toBe(1);
  });

  it("overlapping slots of different lengths (30/60/90) at once: exactly one wins", async () => {
    const fixture = await tutorWith({ lessonLengths: [30, 60, 90] });
    const students = await createUsersBulk(sql, { role: "student", count: 40 });
    const now = onTheHour();
    // Noon (UTC, the tutor's zone) the day after tomorrow: the 90-minute shapes never cross local midnight,
    // which a slot never does (lib/availability/generate-slots.ts) — whatever time of day the suite runs.
    const base = atUtcHour(2, 12);
    // every one of these contains [base, base + 30 min)
    const shapes: [number, number][] = [
      [0, 30],
      [0, 60],
      [0, 90],
      [-30, 60],
      [-30, 90],
      [-60, 90],
    ];
    const results = await Promise.allSettled(
      students.map((student, i) => {
        const [offset, duration] = shapes[i % shapes.length]!;
        return requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, minutesFrom(base, offset), duration), now });
      }),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "slot_taken", status: 409 });
    }
    const rows = await liveBookings(fixture.tutor.id);
    expect(rows).toHaveLength(1);
    expect(overlapping(rows)).toBe(false);
  });

  it("buffers are part of the race: back-to-back requests inside a 15-minute buffer never both land", async () => {
    const fixture = await tutorWith({ lessonLengths: [60], bufferAfterMinutes: 15, stepMinutes: 15 });
    const students = await createUsersBulk(sql, { role: "student", count: 20 });
    const now = onTheHour();
    const base = new Date(now.getTime() + 40 * HOUR_MS);
    const results = await Promise.allSettled(
      students.map((student, i) =>
        requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, minutesFrom(base, i % 2 === 0 ? 0 : 60)), now }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("one student racing two tutors for overlapping times gets exactly one lesson", async () => {
    const student = await createUser(sql, { role: "student" });
    const [a, b] = await Promise.all([tutorWith(), tutorWith()]);
    const now = onTheHour();
    // From 09:00 UTC (the tutors' zone) three days on, every 3 h: b's lesson, 30 min later, never crosses local midnight.
    const firstStart = atUtcHour(3, 9).getTime();
    for (let round = 0; round < 5; round += 1) {
      const startAt = new Date(firstStart + round * 3 * HOUR_MS);
      const results = await Promise.allSettled([
        requestBooking({ db: sql, viewer: student.viewer, input: input(a!, startAt), now }),
        requestBooking({ db: sql, viewer: student.viewer, input: input(b!, minutesFrom(startAt, 30)), now }),
      ]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((result) => result.status === "rejected");
      expect(rejected?.reason).toMatchObject({ code: "conflict", status: 409, message: "You already have a lesson at that time." });
    }
    const rows = await sql<{ start_at: Date; end_at: Date }[]>`
      select requested_start_at as start_at, requested_end_at as end_at from public.bookings
      where student_id = ${student.id} and status in ('pending', 'confirmed')`;
    expect(rows).toHaveLength(5);
    expect(overlapping([...rows])).toBe(false);
  });
});

describe("regression: cancelled, declined, withdrawn and expired bookings never block a slot", () => {
  it.each(["cancelled", "declined", "withdrawn", "expired"] as const)("a %s booking leaves its slot open and bookable", async (status) => {
    const fixture = await tutorWith({ bufferBeforeMinutes: 30, bufferAfterMinutes: 30 });
    const [first, second] = await Promise.all([createUser(sql, { role: "student" }), createUser(sql, { role: "student" })]);
    const now = onTheHour();
    const startAt = new Date(now.getTime() + 20 * HOUR_MS);
    const { id } = await requestBooking({ db: sql, viewer: first.viewer, input: input(fixture, startAt), now });
    await sql`update public.bookings set status = ${status}, decided_at = ${now} where id = ${id}`;
    expect(await openStarts(fixture, 60, now)).toContain(startAt.getTime());
    const again = await requestBooking({ db: sql, viewer: second.viewer, input: input(fixture, startAt), now });
    expect(again.status).toBe("pending");
  });

  it("a decline or a withdrawal through the app frees the slot at once", async () => {
    const fixture = await tutorWith();
    const students = await Promise.all([1, 2, 3].map(() => createUser(sql, { role: "student" })));
    const now = onTheHour();
    const startAt = new Date(now.getTime() + 22 * HOUR_MS);
    const first = await requestBooking({ db: sql, viewer: students[0]!.viewer, input: input(fixture, startAt), now });
    const decidedAt = minutesFrom(now, 1);
    await declineBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: first.id, reason: "Away that day", now: decidedAt });
    const [profile] = await sql<{ next_slot_computed_at: Date }[]>`
      select next_slot_computed_at from public.tutor_profiles where tutor_id = ${fixture.tutor.id}`;
    expect(profile?.next_slot_computed_at).toEqual(decidedAt);
    const second = await requestBooking({ db: sql, viewer: students[1]!.viewer, input: input(fixture, startAt), now });
    await withdrawBooking({ db: sql, viewer: students[1]!.viewer, bookingId: second.id, now });
    const third = await requestBooking({ db: sql, viewer: students[2]!.viewer, input: input(fixture, startAt), now });
    expect(third.status).toBe("pending");
  });
});

describe("withdrawBooking", () => {
  it("the student withdraws their pending request once; the event is written and the slot reopens", async () => {
    const fixture = await tutorWith();
    const student = await createUser(sql, { role: "student" });
    const now = onTheHour();
    const startAt = new Date(now.getTime() + 26 * HOUR_MS);
    const { id } = await requestBooking({ db: sql, viewer: student.viewer, input: input(fixture, startAt), now });
    const later = minutesFrom(now, 5);
    const first = await withdrawBooking({ db: sql, viewer: student.viewer, bookingId: id, now: later });
    expect(first).toMatchObject({ isChanged: true, booking: { status: "withdrawn", decided_at: later } });
    const second = await withdrawBooking({ db: sql, viewer: student.viewer, bookingId: id, now: minutesFrom(later, 1) });
    expect(second).toMatchObject({ isChanged: false, booking: { status: "withdrawn", decided_at: later } });
    const events = await sql`select type, actor_id from public.booking_events where booking_id = ${id} order by id`;
    expect(events.map((event) => event.type)).toEqual(["booking.requested", "booking.withdrawn"]);
    expect(await openStarts(fixture, 60, later)).toContain(startAt.getTime());
  });

  it("an approved parent withdraws their child's request, even one the child made", async () => {
    const fixture = await tutorWith();
    const child = await createUser(sql, { role: "student" });
    const parent = await createParentOf(sql, child);
    const now = onTheHour();
    const { id } = await requestBooking({
      db: sql,
      viewer: child.viewer,
      input: input(fixture, new Date(now.getTime() + 27 * HOUR_MS)),
      now,
    });
    const result = await withdrawBooking({ db: sql, viewer: parent.viewer, bookingId: id, now });
    expect(result.booking.status).toBe("withdrawn");
    const [event] =
      await sql`select actor_id, actor_role from public.booking_events where booking_id = ${id} and type = 'booking.withdrawn'`;
    expect(event).toEqual({ actor_id: parent.id, actor_role: "parent" });
  });

  it("refuses everyone else and every decided request, writing nothing", async () => {
    const fixture = await tutorWith();
    const other = await tutorWith();
    const student = await createUser(sql, { role: "student" });
    const otherStudent = await createUser(sql, { role: "student" });
    const unapproved = await createParentOf(sql, student, { approved: false });
    const now = onTheHour();
    const { id } = await requestBooking({
      db: sql,
      viewer: student.viewer,
      input: input(fixture, new Date(now.getTime() + 28 * HOUR_MS)),
      now,
    });
    const cases: [string, () => Promise<unknown>, string][] = [
      ["its tutor", () => withdrawBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: id, now }), "forbidden"],
      ["another tutor", () => withdrawBooking({ db: sql, viewer: other.tutor.viewer, bookingId: id, now }), "not_found"],
      ["another student", () => withdrawBooking({ db: sql, viewer: otherStudent.viewer, bookingId: id, now }), "not_found"],
      ["an unapproved parent", () => withdrawBooking({ db: sql, viewer: unapproved.viewer, bookingId: id, now }), "not_found"],
      ["an unknown id", () => withdrawBooking({ db: sql, viewer: student.viewer, bookingId: crypto.randomUUID(), now }), "not_found"],
    ];
    for (const [label, run, code] of cases) expect({ label, code: (await caught(run())).code }).toEqual({ label, code });
    const [row] = await sql`select status from public.bookings where id = ${id}`;
    expect(row?.status).toBe("pending");

    await declineBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: id, now });
    expect(await caught(withdrawBooking({ db: sql, viewer: student.viewer, bookingId: id, now }))).toMatchObject({
      code: "conflict",
      status: 409,
      message: "This request was declined; there is nothing to withdraw.",
    });
    const events = await sql`select type from public.booking_events where booking_id = ${id} order by id`;
    expect(events.map((event) => event.type)).toEqual(["booking.requested", "booking.declined"]);
  });
});

describe("expiry of stale requests", () => {
  // Requests made "30 hours ago" (a `now` in the past) are stale against the real clock, so the job can run
  // with the real time without touching other files' fresh requests in the shared database.
  it("the job expires exactly the requests past their deadline, once, with events, and refreshes the tutor", async () => {
    const fixture = await tutorWith();
    const [s1, s2] = await Promise.all([createUser(sql, { role: "student" }), createUser(sql, { role: "student" })]);
    const requestedAt = onTheHour(-30);
    const stale = await requestBooking({
      db: sql,
      viewer: s1.viewer,
      input: input(fixture, new Date(requestedAt.getTime() + 72 * HOUR_MS)),
      now: requestedAt,
    });
    const deadline = new Date(stale.expires_at!);
    expect(deadline).toEqual(new Date(requestedAt.getTime() + 24 * HOUR_MS));
    const fresh = await requestBooking({
      db: sql,
      viewer: s2.viewer,
      input: input(fixture, new Date(requestedAt.getTime() + 80 * HOUR_MS)),
      now: minutesFrom(requestedAt, 60),
    });

    expect(await expireStaleRequests({ db: sql, now: new Date(deadline.getTime() - 1) })).toEqual({ expired: 0 });
    const atDeadline = await expireStaleRequests({ db: sql, now: deadline });
    expect(atDeadline.expired).toBeGreaterThanOrEqual(1);
    const statuses = await sql`select id, status from public.bookings where id in (${stale.id}, ${fresh.id})`;
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [stale.id]: "expired", [fresh.id]: "pending" });
    const events = await sql`select type, actor_id, actor_role, at from public.booking_events where booking_id = ${stale.id} order by id`;
    expect(events.map((event) => [event.type, event.actor_id, event.actor_role])).toEqual([
      ["booking.requested", s1.id, "student"],
      ["booking.expired", null, "system"],
    ]);
    const [profile] = await sql<{ next_slot_computed_at: Date }[]>`
      select next_slot_computed_at from public.tutor_profiles where tutor_id = ${fixture.tutor.id}`;
    expect(profile?.next_slot_computed_at).toEqual(deadline);

    // idempotent: the same instant again changes nothing for this request
    await expireStaleRequests({ db: sql, now: deadline });
    const [count] =
      await sql`select count(*)::int as n from public.booking_events where booking_id = ${stale.id} and type = 'booking.expired'`;
    expect(count?.n).toBe(1);
  });

  it("a new request for a slot held by a stale request expires it in the same transaction and succeeds", async () => {
    const fixture = await tutorWith();
    const [s1, s2] = await Promise.all([createUser(sql, { role: "student" }), createUser(sql, { role: "student" })]);
    const requestedAt = onTheHour(-30);
    const startAt = atUtcHour(3, 10);
    const stale = await requestBooking({ db: sql, viewer: s1.viewer, input: input(fixture, startAt), now: requestedAt });
    const now = onTheHour();
    const winner = await requestBooking({ db: sql, viewer: s2.viewer, input: input(fixture, minutesFrom(startAt, 30)), now });
    expect(winner.status).toBe("pending");
    const [row] = await sql`select status from public.bookings where id = ${stale.id}`;
    expect(row?.status).toBe("expired");
    const [event] = await sql`select type from public.booking_events where booking_id = ${stale.id} order by id desc limit 1`;
    expect(event?.type).toBe("booking.expired");
  });

  it("the student's own stale request does not keep them out of a new lesson at that time", async () => {
    const [a, b] = await Promise.all([tutorWith(), tutorWith()]);
    const student = await createUser(sql, { role: "student" });
    const requestedAt = onTheHour(-30);
    const startAt = new Date(requestedAt.getTime() + 75 * HOUR_MS);
    await requestBooking({ db: sql, viewer: student.viewer, input: input(a, startAt), now: requestedAt });
    const booked = await requestBooking({ db: sql, viewer: student.viewer, input: input(b, startAt), now: onTheHour() });
    expect(booked.status).toBe("pending");
  });

  it("a request past its deadline can no longer be confirmed", async () => {
    const fixture = await tutorWith();
    const student = await createUser(sql, { role: "student" });
    const requestedAt = onTheHour(-30);
    const stale = await requestBooking({
      db: sql,
      viewer: student.viewer,
      input: input(fixture, new Date(requestedAt.getTime() + 74 * HOUR_MS)),
      now: requestedAt,
    });
    const { confirmBooking } = await import("@/lib/bookings/confirm-booking");
    expect(await caught(confirmBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: stale.id, now: new Date() }))).toMatchObject({
      code: "conflict",
      status: 409,
    });
  });
});
