import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as requestRoute } from "@/app/api/bookings/route";
import { POST as withdrawRoute } from "@/app/api/bookings/[id]/withdraw/route";
import { GET as slotsRoute } from "@/app/api/tutors/[id]/slots/route";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { bookingFootprint, createBookableTutor, type TBookableTutor } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { apiRequest, createParentOf, createUser, idParams, readResponse, signIn, type TTestUser } from "../support/factories";

const HOUR_MS = 3_600_000;
let sql: Sql;
let fixture: TBookableTutor;
let unbookable: TBookableTutor;
let student: TTestUser;
let otherStudent: TTestUser;
let parent: TTestUser;
let admin: TTestUser;
let dayOff: Date;

function onTheHour(offsetHours = 0): Date {
  return new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + offsetHours * HOUR_MS);
}

beforeAll(async () => {
  sql = testDb();
  [fixture, unbookable, student, otherStudent, admin] = await Promise.all([
    createBookableTutor(sql, { minimumNoticeMinutes: 120, horizonDays: 14, lessonLengths: [30, 60, 90] }),
    createBookableTutor(sql, { withVideo: false }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "admin" }),
  ]);
  parent = await createParentOf(sql, student);
  // a day off five days ahead (UTC, the tutor's zone; every other slot used here is within 96 h): its noon is outside availability
  dayOff = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 5, 12));
  await sql`insert into public.tutor_availability_overrides (tutor_id, on_date) values (${fixture.tutor.id}, ${dayOff.toISOString().slice(0, 10)}::date)`;
});

afterAll(async () => {
  await sql.end();
});

const book = async (token: string | null, body: unknown, rawBody?: string) =>
  readResponse(await requestRoute(apiRequest("/api/bookings", { token, body, rawBody }), undefined));
const withdraw = async (token: string | null, id: string) =>
  readResponse(await withdrawRoute(apiRequest(`/api/bookings/${id}/withdraw`, { token }), idParams(id)));
const slots = async (id: string, query = "") =>
  readResponse(await slotsRoute(apiRequest(`/api/tutors/${id}/slots${query}`, { method: "GET" }), idParams(id)));

function body(startAt: Date, extra: Record<string, unknown> = {}, target: TBookableTutor = fixture) {
  return { tutor_id: target.tutor.id, subject_id: target.subjectId, start_at: startAt.toISOString(), duration_minutes: 60, ...extra };
}

describe("GET /api/tutors/:id/slots (public)", () => {
  it("answers the engine's open slots in UTC, to anyone, without the held ones", async () => {
    const response = await slots(fixture.tutor.id, "?duration=60&days=2");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ time_zone: "UTC", is_bookable: true, duration_minutes: 60, lesson_lengths: [30, 60, 90] });
    const list = response.body.slots as { start_at: string; end_at: string }[];
    expect(list.length).toBeGreaterThan(40);
    for (const slot of list) {
      expect(slot.start_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:[03]0:00\.000Z$/);
      expect(new Date(slot.end_at).getTime() - new Date(slot.start_at).getTime()).toBe(HOUR_MS);
      expect(new Date(slot.start_at).getTime()).toBeGreaterThanOrEqual(Date.now() + 2 * HOUR_MS - 60_000);
      expect(new Date(slot.start_at).getTime()).toBeLessThan(Date.now() + 2 * 24 * HOUR_MS);
    }
    expect(response.text).not.toContain("@");
  });

  it("an unbookable tutor has no slots and says so; bad params are 422, an unknown tutor 404, never a 500", async () => {
    const none = await slots(unbookable.tutor.id, "?duration=60");
    expect({ status: none.status, slots: none.body.slots, is_bookable: none.body.is_bookable }).toEqual({
      status: 200,
      slots: [],
      is_bookable: false,
    });
    const cases: [string, Awaited<ReturnType<typeof slots>>, number, string][] = [
      ["unknown tutor", await slots(randomUUID()), 404, "not_found"],
      ["a student is not a tutor", await slots(student.id), 404, "not_found"],
      ["malformed id", await slots("not-a-uuid"), 422, "invalid_input"],
      ["duration not a number", await slots(fixture.tutor.id, "?duration=abc"), 422, "invalid_input"],
      ["duration no tutor offers", await slots(fixture.tutor.id, "?duration=61"), 422, "invalid_input"],
      ["duration this tutor does not offer", await slots(fixture.tutor.id, "?duration=45"), 422, "invalid_input"],
      ["days 0", await slots(fixture.tutor.id, "?days=0"), 422, "invalid_input"],
      ["days too many", await slots(fixture.tutor.id, "?days=1000"), 422, "invalid_input"],
      ["unknown parameter", await slots(fixture.tutor.id, "?sort=price"), 422, "invalid_input"],
    ];
    for (const [label, response, status, code] of cases) {
      expect({ label, status: response.status, code: response.code }).toEqual({ label, status, code });
    }
  });
});

describe("POST /api/bookings", () => {
  it("201 with the booking for a student's open slot; the slot leaves the public list", async () => {
    const startAt = onTheHour(30);
    const token = await signIn(student);
    const created = await book(token, body(startAt, { note: "Calculus, chapter 3" }));
    expect(created.status).toBe(201);
    expect(created.body.booking).toMatchObject({
      status: "pending",
      tutor_id: fixture.tutor.id,
      student_id: student.id,
      start_at: startAt.toISOString(),
      duration_minutes: 60,
      price_cents: 12_000,
      currency: "TTD",
      session_id: null,
    });
    const list = (await slots(fixture.tutor.id, "?duration=60")).body.slots as { start_at: string }[];
    expect(list.map((slot) => slot.start_at)).not.toContain(startAt.toISOString());
    // someone slower gets 409 slot_taken
    const late = await book(await signIn(otherStudent), body(startAt));
    expect({ status: late.status, code: late.code }).toEqual({ status: 409, code: "slot_taken" });
    expect(late.body.error).toMatchObject({ message: "Someone else just booked this time with this tutor. Please pick another slot." });
  });

  it("a parent books for their approved child with student_id", async () => {
    const startAt = onTheHour(50);
    const created = await book(await signIn(parent), body(startAt, { student_id: student.id }));
    expect(created.status).toBe(201);
    expect(created.body.booking).toMatchObject({ student_id: student.id, status: "pending" });
  });

  it("rejects every wrong call with its status and code, never a 500, and writes nothing", async () => {
    const [studentToken, ownerToken, tutorToken, adminToken, parentToken] = await Promise.all([
      signIn(otherStudent),
      signIn(student),
      signIn(fixture.tutor),
      signIn(admin),
      signIn(parent),
    ]);
    const stranger = await createUser(sql, { role: "student" });
    const unapproved = await createParentOf(sql, stranger, { approved: false });
    const everyone = [fixture.tutor.id, unbookable.tutor.id, otherStudent.id, stranger.id];
    const before = await bookingFootprint(sql, everyone);
    const slot = onTheHour(60);
    const cases: [string, Awaited<ReturnType<typeof book>>, number, string][] = [
      ["anonymous", await book(null, body(slot)), 401, "unauthorized"],
      ["forged token", await book("not.a.jwt", body(slot)), 401, "unauthorized"],
      ["a tutor booking", await book(tutorToken, body(slot, { student_id: otherStudent.id })), 403, "forbidden"],
      ["an admin booking", await book(adminToken, body(slot)), 403, "forbidden"],
      ["parent for someone else's child", await book(parentToken, body(slot, { student_id: stranger.id })), 404, "not_found"],
      ["unapproved parent", await book(await signIn(unapproved), body(slot, { student_id: stranger.id })), 404, "not_found"],
      ["parent without student_id", await book(parentToken, body(slot)), 422, "invalid_input"],
      ["student booking for another", await book(ownerToken, body(slot, { student_id: stranger.id })), 403, "forbidden"],
      ["past slot", await book(studentToken, body(onTheHour(-2))), 422, "slot_unavailable"],
      ["inside notice", await book(studentToken, body(onTheHour(1))), 422, "slot_unavailable"],
      ["beyond horizon", await book(studentToken, body(onTheHour(15 * 24))), 422, "slot_unavailable"],
      ["outside availability (a day off)", await book(studentToken, body(dayOff)), 422, "slot_unavailable"],
      ["not on the step", await book(studentToken, body(new Date(slot.getTime() + 7 * 60_000))), 422, "slot_unavailable"],
      ["unbookable tutor", await book(studentToken, body(slot, {}, unbookable)), 409, "tutor_not_bookable"],
      ["subject not taught", await book(studentToken, body(slot, { subject_id: fixture.otherSubjectId })), 422, "not_offered"],
      ["length not offered", await book(studentToken, body(slot, { duration_minutes: 45 })), 422, "invalid_input"],
      ["unknown tutor", await book(studentToken, body(slot, { tutor_id: randomUUID() })), 404, "not_found"],
      ["extra keys", await book(studentToken, body(slot, { price_cents: 1, status: "confirmed" })), 422, "invalid_input"],
      ["bad uuid", await book(studentToken, body(slot, { tutor_id: "tutor-1" })), 422, "invalid_input"],
      ["note over 1000", await book(studentToken, body(slot, { note: "x".repeat(1001) })), 422, "invalid_input"],
      ["start not an instant", await book(studentToken, body(slot, { start_at: "tomorrow at 3" })), 422, "invalid_input"],
      ["duration as text", await book(studentToken, body(slot, { duration_minutes: "60" })), 422, "invalid_input"],
      ["missing fields", await book(studentToken, {}), 422, "invalid_input"],
      ["body not JSON", await book(studentToken, undefined, "{tutor_id:"), 400, "bad_request"],
    ];
    for (const [label, response, status, code] of cases) {
      expect({ label, status: response.status, code: response.code }).toEqual({ label, status, code });
      expect(typeof (response.body.error as { message?: unknown }).message).toBe("string");
    }
    const messages = Object.fromEntries(cases.map(([label, response]) => [label, (response.body.error as { message: string }).message]));
    expect(messages["past slot"]).toContain("passed");
    expect(messages["inside notice"]).toContain("2 hours' notice");
    expect(messages["beyond horizon"]).toContain("14 days ahead");
    expect(messages["outside availability (a day off)"]).toContain("not one of this tutor's open slots");
    expect(await bookingFootprint(sql, everyone)).toEqual(before);
  });
});

describe("POST /api/bookings/:id/withdraw", () => {
  it("the student withdraws (200, twice), others are refused with their codes, a decided request is 409", async () => {
    const [studentToken, tutorToken, strangerToken] = await Promise.all([
      signIn(await createUser(sql, { role: "student" })),
      signIn(fixture.tutor),
      signIn(await createUser(sql, { role: "student" })),
    ]);
    const created = await book(studentToken, body(onTheHour(70)));
    expect(created.status).toBe(201);
    const id = (created.body.booking as { id: string }).id;
    const refusals: [string, Awaited<ReturnType<typeof withdraw>>, number, string][] = [
      ["anonymous", await withdraw(null, id), 401, "unauthorized"],
      ["malformed id", await withdraw(studentToken, "123"), 422, "invalid_input"],
      ["unknown id", await withdraw(studentToken, randomUUID()), 404, "not_found"],
      ["another student", await withdraw(strangerToken, id), 404, "not_found"],
      ["its tutor", await withdraw(tutorToken, id), 403, "forbidden"],
    ];
    for (const [label, response, status, code] of refusals) {
      expect({ label, status: response.status, code: response.code }).toEqual({ label, status, code });
    }
    const [untouched] = await sql`select status from public.bookings where id = ${id}`;
    expect(untouched?.status).toBe("pending");

    const first = await withdraw(studentToken, id);
    expect({ status: first.status, booking: first.body.booking }).toMatchObject({ status: 200, booking: { id, status: "withdrawn" } });
    const again = await withdraw(studentToken, id);
    expect({ status: again.status, booking: again.body.booking }).toMatchObject({ status: 200, booking: { id, status: "withdrawn" } });

    const declined = await book(studentToken, body(onTheHour(74)));
    const declinedId = (declined.body.booking as { id: string }).id;
    await declineBooking({ db: sql, viewer: fixture.tutor.viewer, bookingId: declinedId, now: new Date() });
    const late = await withdraw(studentToken, declinedId);
    expect({ status: late.status, code: late.code }).toEqual({ status: 409, code: "conflict" });
  });
});
