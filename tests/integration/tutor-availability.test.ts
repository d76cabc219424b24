import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { GET, PUT } from "@/app/api/tutor/availability/route";
import { AppError } from "@/lib/api/errors";
import { getTutorAvailabilitySettings } from "@/lib/availability/get-tutor-availability-settings";
import { saveTutorAvailability } from "@/lib/availability/save-tutor-availability";
import type { TTutorAvailabilityRequest } from "@/lib/availability/save-tutor-availability-schema";
import { listOpenSlots } from "@/lib/availability/server";
import { asService, asUser } from "@/lib/db";
import { testDb } from "../support/db";
import { apiRequest, createBooking, createTutor, createUser, readResponse, signIn, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let student: TTestUser;

// A fixed instant: Tuesday 2026-12-01 12:00 UTC (08:00 in Port of Spain, 07:00 in New York).
const NOW = new Date("2026-12-01T12:00:00Z");

function document(overrides: Partial<TTutorAvailabilityRequest> = {}): TTutorAvailabilityRequest {
  return {
    time_zone: "America/New_York",
    weekly: [
      { weekday: 2, start: "09:00", end: "12:00" },
      { weekday: 3, start: "09:00", end: "11:00" },
      { weekday: 3, start: "10:00", end: "12:00" },
      { weekday: 5, start: "22:00", end: "24:00" },
    ],
    overrides: [
      { date: "2026-12-03", kind: "day_off" },
      { date: "2026-12-05", kind: "hours", ranges: [{ start: "13:00", end: "15:00" }] },
    ],
    settings: {
      lesson_lengths: [60, 30],
      step_minutes: 30,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      minimum_notice_minutes: 60,
      horizon_days: 14,
      is_instant_booking: true,
    },
    ...overrides,
  };
}

async function scheduleRows(tutorId: string) {
  const rules =
    await sql`select weekday, start_time::text, end_time::text, timezone from public.tutor_availability where tutor_id = ${tutorId} order by weekday, start_time`;
  const overrides =
    await sql`select on_date::text, start_time::text, end_time::text from public.tutor_availability_overrides where tutor_id = ${tutorId} order by on_date`;
  const [settings] =
    await sql`select lesson_lengths, step_minutes, horizon_days, is_instant_booking from public.tutor_booking_settings where tutor_id = ${tutorId}`;
  const [profile] = await sql`select timezone from public.profiles where id = ${tutorId}`;
  return { rules, overrides, settings, timezone: profile?.timezone };
}

beforeAll(async () => {
  sql = testDb();
  [tutor, otherTutor, student] = await Promise.all([createTutor(sql), createTutor(sql), createUser(sql, { role: "student" })]);
});

afterAll(async () => {
  await sql.end();
});

describe("saveTutorAvailability", () => {
  it("replaces rules, overrides, settings and zone; the preview is listOpenSlots' next 7 days; next_slot_at is its first slot", async () => {
    const saved = await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    const rows = await scheduleRows(tutor.id);
    expect(rows.timezone).toBe("America/New_York");
    expect(rows.rules).toEqual([
      { weekday: 2, start_time: "09:00:00", end_time: "12:00:00", timezone: "America/New_York" },
      { weekday: 3, start_time: "09:00:00", end_time: "12:00:00", timezone: "America/New_York" },
      { weekday: 5, start_time: "22:00:00", end_time: "24:00:00", timezone: "America/New_York" },
    ]);
    expect(rows.overrides).toEqual([
      { on_date: "2026-12-03", start_time: null, end_time: null },
      { on_date: "2026-12-05", start_time: "13:00:00", end_time: "15:00:00" },
    ]);
    expect(rows.settings).toMatchObject({ lesson_lengths: [30, 60], step_minutes: 30, horizon_days: 14, is_instant_booking: true });

    const expected = await asService(sql, (tx) => listOpenSlots({ tx, tutorId: tutor.id, durationMinutes: 60, now: NOW, days: 7 }));
    expect(saved.preview.durationMinutes).toBe(60);
    expect(saved.preview.slots).toEqual(expected.slots);
    // Tue 1 Dec 09:00 New York = 14:00 UTC (notice 60 min from 12:00 UTC is fine); Thu 3 Dec is a day off.
    expect(saved.preview.slots[0]?.startAt.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(saved.preview.slots.some((slot) => slot.startAt.toISOString().startsWith("2026-12-03"))).toBe(false);
    // The 24:00 range: Fri 4 Dec 22:00–24:00 New York = Sat 03:00–05:00 UTC, a 60-min lesson may end at midnight.
    expect(saved.preview.slots.map((slot) => slot.endAt.toISOString())).toContain("2026-12-05T05:00:00.000Z");
    const [profile] = await sql<
      { next_slot_at: Date | null }[]
    >`select next_slot_at from public.tutor_profiles where tutor_id = ${tutor.id}`;
    expect(profile?.next_slot_at?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(saved.nextSlotAt?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(saved.bookability).toEqual({ isBookable: true, reason: null });
  });

  it("replaces the whole schedule on the next save (nothing of the old one is left)", async () => {
    await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    await saveTutorAvailability({
      db: sql,
      viewer: tutor.viewer,
      input: document({ time_zone: "Asia/Kolkata", weekly: [{ weekday: 0, start: "10:00", end: "11:00" }], overrides: [] }),
      now: NOW,
    });
    const rows = await scheduleRows(tutor.id);
    expect(rows.rules).toEqual([{ weekday: 0, start_time: "10:00:00", end_time: "11:00:00", timezone: "Asia/Kolkata" }]);
    expect(rows.overrides).toEqual([]);
    expect(rows.timezone).toBe("Asia/Kolkata");
  });

  it("a busy slot is left out of the preview", async () => {
    await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    await createBooking(sql, { tutor, student, startAt: new Date("2026-12-01T14:00:00Z"), status: "pending" });
    const saved = await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    expect(saved.preview.slots[0]?.startAt.toISOString()).toBe("2026-12-01T15:00:00.000Z");
    expect(saved.nextSlotAt?.toISOString()).toBe("2026-12-01T15:00:00.000Z");
    await sql`update public.bookings set status = 'cancelled' where tutor_id = ${tutor.id}`;
  });

  it("writes nothing when the document is refused (a bad override after valid rules)", async () => {
    await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    const before = await scheduleRows(tutor.id);
    const bad = document({ weekly: [{ weekday: 1, start: "08:00", end: "09:00" }], overrides: [{ date: "2026-11-01", kind: "day_off" }] });
    await expect(saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: bad, now: NOW })).rejects.toBeInstanceOf(ZodError);
    expect(await scheduleRows(tutor.id)).toEqual(before);
  });

  it("rolls everything back when a write fails half way (rules replaced, then the settings row is missing)", async () => {
    const broken = await createTutor(sql);
    await saveTutorAvailability({ db: sql, viewer: broken.viewer, input: document(), now: NOW });
    const before = await scheduleRows(broken.id);
    await sql`delete from public.tutor_booking_settings where tutor_id = ${broken.id}`;
    const changed = document({ time_zone: "Europe/London", weekly: [{ weekday: 1, start: "08:00", end: "09:00" }], overrides: [] });
    await expect(saveTutorAvailability({ db: sql, viewer: broken.viewer, input: changed, now: NOW })).rejects.toMatchObject({
      code: "not_found",
    });
    const after = await scheduleRows(broken.id);
    expect({ ...after, settings: before.settings }).toEqual(before);
    expect(after.timezone).toBe("America/New_York");
  });

  it("refuses a student with forbidden, and RLS keeps one tutor out of another's rows", async () => {
    await expect(saveTutorAvailability({ db: sql, viewer: student.viewer, input: document(), now: NOW })).rejects.toMatchObject({
      code: "forbidden",
    });
    await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    const before = await scheduleRows(tutor.id);
    // The other tutor, as themself, aims straight at my rows: RLS lets nothing through.
    await asUser(sql, otherTutor.viewer, async (tx) => {
      await tx`delete from public.tutor_availability where tutor_id = ${tutor.id}`;
      await tx`delete from public.tutor_availability_overrides where tutor_id = ${tutor.id}`;
      await tx`update public.tutor_booking_settings set horizon_days = 1 where tutor_id = ${tutor.id}`;
    });
    await expect(
      asUser(
        sql,
        otherTutor.viewer,
        (tx) => tx`insert into public.tutor_availability_overrides (tutor_id, on_date) values (${tutor.id}, '2026-12-20')`,
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await scheduleRows(tutor.id)).toEqual(before);
    // And the other tutor's own save touches only their rows.
    await saveTutorAvailability({ db: sql, viewer: otherTutor.viewer, input: document({ weekly: [] }), now: NOW });
    expect(await scheduleRows(tutor.id)).toEqual(before);
  });

  it("says an unbookable tutor (no video connection) is not bookable, and why", async () => {
    const noVideo = await createTutor(sql, { withVideo: false });
    const saved = await saveTutorAvailability({ db: sql, viewer: noVideo.viewer, input: document(), now: NOW });
    expect(saved.bookability.isBookable).toBe(false);
    expect(saved.bookability.reason).toMatch(/No video provider is connected/);
  });
});

describe("getTutorAvailabilitySettings", () => {
  it("reads back what was saved, leaving out overrides before today in the tutor's zone", async () => {
    await saveTutorAvailability({ db: sql, viewer: tutor.viewer, input: document(), now: NOW });
    const later = new Date("2026-12-04T12:00:00Z");
    const { document: read, bookability } = await getTutorAvailabilitySettings({ db: sql, viewer: tutor.viewer, now: later });
    expect(read.timeZone).toBe("America/New_York");
    expect(read.overrides).toEqual([{ date: "2026-12-05", kind: "hours", ranges: [{ start: "13:00", end: "15:00" }] }]);
    expect(read.weeklyRules).toContainEqual({ weekday: 5, start: "22:00", end: "24:00" });
    expect(read.settings.lessonLengths).toEqual([30, 60]);
    expect(bookability.isBookable).toBe(true);
  });

  it("refuses a non-tutor", async () => {
    await expect(getTutorAvailabilitySettings({ db: sql, viewer: student.viewer, now: NOW })).rejects.toBeInstanceOf(AppError);
  });
});

describe("GET and PUT /api/tutor/availability", () => {
  const put = (token: string | null, body: unknown, rawBody?: string) =>
    PUT(apiRequest("/api/tutor/availability", { method: "PUT", token, body: rawBody === undefined ? body : undefined, rawBody }));

  it("401 without a token on both, 403 for a student, never writing", async () => {
    expect((await readResponse(await GET(apiRequest("/api/tutor/availability", { method: "GET" })))).status).toBe(401);
    const anonymous = await readResponse(await put(null, document()));
    expect([anonymous.status, anonymous.code]).toEqual([401, "unauthorized"]);
    const token = await signIn(student);
    const asStudent = await readResponse(await put(token, document()));
    expect([asStudent.status, asStudent.code]).toEqual([403, "forbidden"]);
    const read = await readResponse(await GET(apiRequest("/api/tutor/availability", { method: "GET", token })));
    expect([read.status, read.code]).toEqual([403, "forbidden"]);
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from public.tutor_availability where tutor_id = ${student.id}`;
    expect(count?.n).toBe(0);
  });

  it("422 for malformed JSON (400), a bad shape, and a bad document, and writes nothing", async () => {
    const token = await signIn(tutor);
    await put(token, document());
    const before = await scheduleRows(tutor.id);
    const notJson = await readResponse(await put(token, undefined, "{not json"));
    expect([notJson.status, notJson.code]).toEqual([400, "bad_request"]);
    const cases: unknown[] = [
      {},
      { ...document(), weekly: "every day" },
      document({ time_zone: "Nowhere/Land" }),
      document({ weekly: [{ weekday: 1, start: "18:00", end: "09:00" }] }),
      document({ overrides: [{ date: "2020-01-01", kind: "day_off" }] }),
      document({ settings: { ...document().settings, lesson_lengths: [50] } }),
    ];
    for (const body of cases) {
      const response = await readResponse(await put(token, body));
      expect([response.status, response.code], JSON.stringify(body)).toEqual([422, "invalid_input"]);
    }
    expect(await scheduleRows(tutor.id)).toEqual(before);
  });

  it("200 with the saved document and the preview; GET reads it back", async () => {
    const token = await signIn(tutor);
    // The route reads the real clock: its overrides are days ahead of today, not the fixed NOW's dates.
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const overrides: TTutorAvailabilityRequest["overrides"] = [
      { date: day(2), kind: "day_off" },
      { date: day(4), kind: "hours", ranges: [{ start: "13:00", end: "15:00" }] },
    ];
    const { status, body } = await readResponse(await put(token, document({ time_zone: "America/Port_of_Spain", overrides })));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      availability: { time_zone: "America/Port_of_Spain" },
      bookable: { is_bookable: true },
      preview: { duration_minutes: 60, days: 7 },
    });
    const preview = body.preview as { slots: { start_at: string; end_at: string }[] };
    expect(Array.isArray(preview.slots)).toBe(true);
    const read = await readResponse(await GET(apiRequest("/api/tutor/availability", { method: "GET", token })));
    expect(read.status).toBe(200);
    expect((read.body.availability as { weekly: unknown[] }).weekly).toHaveLength(3);
    expect((read.body.availability as { overrides: { date: string }[] }).overrides.map((override) => override.date)).toEqual([
      day(2),
      day(4),
    ]);
  });
});
