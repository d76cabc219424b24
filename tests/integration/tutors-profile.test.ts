import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTutorProfile } from "@/lib/tutors/get-tutor-profile";
import { testDb } from "../support/db";
import { createBooking, createTutor, createUser, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let subjectId: string;
// A Wednesday, 10:00 in Port of Spain (UTC-4).
const now = new Date("2096-06-06T14:00:00.000Z");

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql, { fullName: "Profile Tutor" });
  const tag = randomUUID().slice(0, 8);
  const [subject] = await sql<
    { id: string }[]
  >`insert into public.subjects (slug, name) values (${`prof-${tag}`}, 'Profile Maths') returning id`;
  subjectId = subject!.id;
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${tutor.id}, ${subjectId}, 12_000)`;
  await sql`update public.tutor_profiles set headline = 'Maths made clear', bio = 'A long bio.' where tutor_id = ${tutor.id}`;
  await sql`update public.tutor_booking_settings set lesson_lengths = '{30,60}', minimum_notice_minutes = 0, is_instant_booking = true
            where tutor_id = ${tutor.id}`;
  await sql`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
            values (${tutor.id}, 3, '10:00', '12:00', 'America/Port_of_Spain')`;
  const student = await createUser(sql, { role: "student" });
  await createBooking(sql, { tutor, student, startAt: new Date("2096-06-06T15:00:00.000Z") });
});

afterAll(async () => {
  await sql.end();
});

describe("getTutorProfile", () => {
  it("shows an anonymous visitor the public profile, prices, lengths, the tutor's zone and 14 days of open slots", async () => {
    const profile = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, now });
    expect(profile).toMatchObject({
      name: "Profile Tutor",
      headline: "Maths made clear",
      bio: "A long bio.",
      lessonLengths: [30, 60],
      isInstantBooking: true,
      isBookable: true,
      timeZone: "America/Port_of_Spain",
      durationMinutes: 60,
      subjects: [{ id: subjectId, name: "Profile Maths", price_cents: 12_000, currency: "TTD" }],
    });
    // Wednesdays 10–12 local; 11:00–12:00 today is held by someone else's pending request: 10:00 still fits
    // before it, 10:30 and 11:00 don't; next week all three are open.
    const starts = profile.slots.map((slot) => slot.startAt.toISOString());
    expect(starts.slice(0, 4)).toEqual([
      "2096-06-06T14:00:00.000Z",
      "2096-06-13T14:00:00.000Z",
      "2096-06-13T14:30:00.000Z",
      "2096-06-13T15:00:00.000Z",
    ]);
    expect(starts.every((start) => new Date(start).getTime() < now.getTime() + 14 * 86_400_000)).toBe(true);
    expect(JSON.stringify(profile)).not.toContain("@");
  });

  it("gives slots for a chosen length it offers, else its browse length", async () => {
    const short = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, durationMinutes: 30, now });
    expect(short.durationMinutes).toBe(30);
    expect(short.slots[0]!.startAt.toISOString()).toBe("2096-06-06T14:00:00.000Z");
    const odd = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, durationMinutes: 45, now });
    expect(odd.durationMinutes).toBe(60);
  });

  it("lists no slots for a tutor without a working video connection, and not_found for anyone else", async () => {
    const unbookable = await createTutor(sql, { withVideo: false });
    expect(await getTutorProfile({ db: sql, viewer: null, tutorId: unbookable.id, now })).toMatchObject({ isBookable: false, slots: [] });
    const student = await createUser(sql, { role: "student" });
    await expect(getTutorProfile({ db: sql, viewer: null, tutorId: student.id, now })).rejects.toMatchObject({ code: "not_found" });
    await expect(getTutorProfile({ db: sql, viewer: student.viewer, tutorId: randomUUID(), now })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
