import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listTutors } from "@/app/api/tutors/route";
import { listOpenSlots } from "@/lib/availability/server";
import { refreshNextSlots } from "@/lib/jobs/refresh-next-slots";
import { liveNextSlots } from "@/lib/tutors/live-next-slots";
import { browseLessonLength } from "@/lib/tutors/refresh-next-slot";
import { searchTutors } from "@/lib/tutors/search-tutors";
import { ZSearchTutorsQuery, type TSearchTutorsQuery } from "@/lib/tutors/search-tutors-schema";
import { testDb } from "../support/db";
import { apiRequest, createBooking, createTutor, createUser, readResponse, type TTestUser } from "../support/factories";

let sql: Sql;
// A Wednesday, 10:00 in Port of Spain (UTC-4): every tutor below works 09:00–17:00 local on weekdays.
const now = new Date("2096-06-06T14:00:00.000Z");
const tag = randomUUID().slice(0, 6).replace(/[0-9]/g, "x");
const word = (name: string) => `${name}${tag}`;
const query = (fields: Record<string, unknown>): TSearchTutorsQuery => ZSearchTutorsQuery.parse(fields);

async function createSubject(slug: string, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into public.subjects (slug, name) values (${slug}, ${name}) returning id`;
  return row!.id;
}

type TTutorSpec = { name: string; headline?: string; bio?: string; prices: [string, number][]; withVideo?: boolean; hours?: boolean };

async function makeTutor(spec: TTutorSpec): Promise<TTestUser> {
  const tutor = await createTutor(sql, { fullName: spec.name, withVideo: spec.withVideo ?? true });
  await sql`update public.tutor_profiles set headline = ${spec.headline ?? ""}, bio = ${spec.bio ?? ""} where tutor_id = ${tutor.id}`;
  await sql`update public.tutor_booking_settings set minimum_notice_minutes = 0 where tutor_id = ${tutor.id}`;
  for (const [subjectId, cents] of spec.prices) {
    await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${tutor.id}, ${subjectId}, ${cents})`;
  }
  if (spec.hours ?? true) {
    await sql`
      insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
      select ${tutor.id}, d, '09:00', '17:00', 'America/Port_of_Spain' from generate_series(1, 5) d`;
  }
  return tutor;
}

let physics: string;
let chemistry: string;
let piano: string;
let ada: TTestUser;
let bea: TTestUser;
let cy: TTestUser;
let hidden: TTestUser;
let idle: TTestUser;

beforeAll(async () => {
  sql = testDb();
  physics = await createSubject(`physics-${tag}`, `Physics ${tag}`);
  chemistry = await createSubject(`chem-${tag}`, `Chemistry ${tag}`);
  piano = await createSubject(`piano-${tag}`, `Piano ${tag}`);
  ada = await makeTutor({
    name: `Ada ${word("Lovel")}`,
    headline: `Physics and ${word("mechanics")} for exams`,
    bio: "I have taught physics for ten years.",
    prices: [
      [physics, 15_000],
      [chemistry, 9_000],
    ],
  });
  bea = await makeTutor({ name: `Bea ${word("Curie")}`, headline: "Chemistry made clear", prices: [[chemistry, 12_000]] });
  cy = await makeTutor({ name: `Cy ${word("Tone")}`, headline: "Piano lessons", prices: [[piano, 20_000]] });
  hidden = await makeTutor({ name: `Hid ${word("Den")}`, headline: "No video yet", prices: [[physics, 5_000]], withVideo: false });
  idle = await makeTutor({ name: `Idle ${word("Slot")}`, prices: [[piano, 8_000]], hours: false });
  // Cy is booked solid today, so Ada and Bea are free sooner.
  const student = await createUser(sql, { role: "student" });
  await createBooking(sql, {
    tutor: cy,
    student,
    startAt: new Date("2096-06-06T14:00:00.000Z"),
    durationMinutes: 180,
    status: "confirmed",
  });
  await createBooking(sql, {
    tutor: cy,
    student,
    startAt: new Date("2096-06-06T17:00:00.000Z"),
    durationMinutes: 180,
    status: "confirmed",
  });
  await sql`update public.tutor_profiles set next_slot_computed_at = null
            where tutor_id in ${sql([ada.id, bea.id, cy.id, hidden.id, idle.id])}`;
  await refreshNextSlots({ db: sql, now, timeBudgetMs: 60_000 });
});

afterAll(async () => {
  await sql.end();
});

const ids = (result: { tutors: { id: string }[] }) => result.tutors.map((tutor) => tutor.id);

describe("searchTutors", () => {
  it("finds tutors by a word of their headline, a prefix, their name, or a subject's name", async () => {
    const byHeadline = await searchTutors({ db: sql, viewer: null, query: query({ q: word("mechanics") }), now });
    expect(ids(byHeadline)).toEqual([ada.id]);
    const byPrefix = await searchTutors({ db: sql, viewer: null, query: query({ q: word("mechanics").slice(0, -2) }), now });
    expect(ids(byPrefix)).toEqual([ada.id]);
    const byName = await searchTutors({ db: sql, viewer: null, query: query({ q: word("curie") }), now });
    expect(ids(byName)).toEqual([bea.id]);
    const bySubject = await searchTutors({ db: sql, viewer: null, query: query({ q: `Piano ${tag}` }), now });
    expect(new Set(ids(bySubject))).toEqual(new Set([cy.id, idle.id]));
    const nothing = await searchTutors({ db: sql, viewer: null, query: query({ q: word("zzqq") }), now });
    expect(nothing).toEqual({ tutors: [], next_page: null });
  });

  it("filters by subject and by price on that subject, else on any subject", async () => {
    const chem = await searchTutors({ db: sql, viewer: null, query: query({ subject: `chem-${tag}` }), now });
    expect(new Set(ids(chem))).toEqual(new Set([ada.id, bea.id]));
    const cheapChem = await searchTutors({ db: sql, viewer: null, query: query({ subject: `chem-${tag}`, max_price: "100" }), now });
    expect(ids(cheapChem)).toEqual([ada.id]);
    // Ada's physics (150) is in range though her chemistry is not; without a subject any subject counts.
    const anyPrice = await searchTutors({ db: sql, viewer: null, query: query({ q: tag, min_price: "140", max_price: "160" }), now });
    expect(ids(anyPrice)).toEqual([ada.id]);
    const physicsOnly = await searchTutors({
      db: sql,
      viewer: null,
      query: query({ subject: `physics-${tag}`, min_price: "80", max_price: "100" }),
      now,
    });
    expect(ids(physicsOnly)).toEqual([]);
  });

  it("hides tutors who are not bookable, and lists only public fields", async () => {
    const result = await searchTutors({ db: sql, viewer: null, query: query({ subject: `physics-${tag}` }), now });
    expect(ids(result)).toEqual([ada.id]);
    const [card] = result.tutors;
    expect(Object.keys(card!).sort()).toEqual(["bio_excerpt", "headline", "id", "name", "next_slot_at", "rating", "subjects"]);
    expect(JSON.stringify(result)).not.toContain("@");
    // Bookability follows the video connection both ways (the cached column's trigger).
    const [connection] = await sql<{ id: string }[]>`
      insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${hidden.id}, 'jitsi', 'connected') returning id`;
    const connected = await searchTutors({ db: sql, viewer: null, query: query({ subject: `physics-${tag}` }), now });
    expect(new Set(ids(connected))).toEqual(new Set([ada.id, hidden.id]));
    await sql`update public.tutor_video_provider_connections set status = 'revoked' where id = ${connection!.id}`;
    const revoked = await searchTutors({ db: sql, viewer: null, query: query({ subject: `physics-${tag}` }), now });
    expect(ids(revoked)).toEqual([ada.id]);
    expect(card!.subjects).toEqual([
      { id: chemistry, slug: `chem-${tag}`, name: `Chemistry ${tag}`, price_cents: 9_000, currency: "TTD" },
      { id: physics, slug: `physics-${tag}`, name: `Physics ${tag}`, price_cents: 15_000, currency: "TTD" },
    ]);
  });

  it("gives each card its live next slot, and filters by free within N days on the cache", async () => {
    const all = await searchTutors({ db: sql, viewer: null, query: query({ q: tag }), now });
    const next = new Map(all.tutors.map((tutor) => [tutor.id, tutor.next_slot_at]));
    expect(next.get(ada.id)).toBe("2096-06-06T14:00:00.000Z");
    // Cy is booked 10:00–16:00 local; the last hour of the day is free.
    expect(next.get(cy.id)).toBe("2096-06-06T20:00:00.000Z");
    expect(next.get(idle.id)).toBeNull();
    const free = await searchTutors({ db: sql, viewer: null, query: query({ q: tag, free_within_days: "1" }), now });
    expect(new Set(ids(free))).toEqual(new Set([ada.id, bea.id, cy.id]));
  });

  it("sorts by soonest (no slot last), price ascending and descending", async () => {
    const soonest = await searchTutors({ db: sql, viewer: null, query: query({ q: tag }), now });
    expect(ids(soonest).slice(-2)).toEqual([cy.id, idle.id]);
    expect(new Set(ids(soonest).slice(0, 2))).toEqual(new Set([ada.id, bea.id]));
    const cheapest = await searchTutors({ db: sql, viewer: null, query: query({ q: tag, sort: "price_asc" }), now });
    expect(ids(cheapest)).toEqual([idle.id, ada.id, bea.id, cy.id]);
    const dearest = await searchTutors({ db: sql, viewer: null, query: query({ q: tag, sort: "price_desc" }), now });
    expect(ids(dearest)).toEqual([cy.id, bea.id, ada.id, idle.id]);
    const chemDear = await searchTutors({ db: sql, viewer: null, query: query({ subject: `chem-${tag}`, sort: "price_desc" }), now });
    expect(ids(chemDear)).toEqual([bea.id, ada.id]);
  });

  it("pages by 20 with a next page until the last", async () => {
    const subject = await createSubject(`many-${tag}`, `Many ${tag}`);
    const made: string[] = [];
    for (let i = 0; i < 23; i += 1) {
      made.push((await makeTutor({ name: `Many ${i}`, prices: [[subject, 10_000 + i * 100]], hours: false })).id);
    }
    const first = await searchTutors({ db: sql, viewer: null, query: query({ subject: `many-${tag}`, sort: "price_asc" }), now });
    expect(ids(first)).toEqual(made.slice(0, 20));
    expect(first.next_page).toBe(2);
    const second = await searchTutors({
      db: sql,
      viewer: null,
      query: query({ subject: `many-${tag}`, sort: "price_asc", page: "2" }),
      now,
    });
    expect(ids(second)).toEqual(made.slice(20));
    expect(second.next_page).toBeNull();
  });

  it("reads the same as a signed-in student", async () => {
    const student = await createUser(sql, { role: "student" });
    const result = await searchTutors({ db: sql, viewer: student.viewer, query: query({ subject: `chem-${tag}` }), now });
    expect(new Set(ids(result))).toEqual(new Set([ada.id, bea.id]));
  });
});

describe("refreshNextSlots", () => {
  it("recomputes a stale cache (a slot now inside the notice) and leaves fresh ones alone", async () => {
    await sql`update public.tutor_profiles set next_slot_at = ${new Date("2096-06-06T12:00:00Z")} where tutor_id = ${bea.id}`;
    const result = await refreshNextSlots({ db: sql, now, timeBudgetMs: 60_000 });
    expect(result.refreshed).toBeGreaterThanOrEqual(1);
    const [row] = await sql<{ next_slot_at: Date }[]>`select next_slot_at from public.tutor_profiles where tutor_id = ${bea.id}`;
    expect(row!.next_slot_at.toISOString()).toBe("2096-06-06T14:00:00.000Z");
    const again = await sql<{ n: number }[]>`
      select count(*)::int as n from public.tutor_profiles where tutor_id in ${sql([ada.id, bea.id, cy.id])}
        and next_slot_computed_at = ${now}`;
    expect(again[0]!.n).toBe(3);
  });
});

describe("liveNextSlots", () => {
  it("agrees with listOpenSlots (the one read) for every tutor: buffers, overrides, pending and expired requests", async () => {
    const drift = await makeTutor({ name: `Drift ${word("Check")}`, prices: [[piano, 9_000]] });
    await sql`update public.tutor_booking_settings set lesson_lengths = '{45,90}', step_minutes = 15, buffer_before_minutes = 10,
                buffer_after_minutes = 15, minimum_notice_minutes = 90 where tutor_id = ${drift.id}`;
    await sql`insert into public.tutor_availability_overrides (tutor_id, on_date, start_time, end_time)
              values (${drift.id}, '2096-06-07', null, null), (${drift.id}, '2096-06-08', '12:00', '13:30')`;
    const student = await createUser(sql, { role: "student" });
    await createBooking(sql, { tutor: drift, student, startAt: new Date("2096-06-06T16:00:00.000Z"), durationMinutes: 45 });
    const { bookingId } = await createBooking(sql, { tutor: drift, student, startAt: new Date("2096-06-06T18:00:00.000Z") });
    await sql`update public.bookings set expires_at = ${new Date(now.getTime() - 60_000)} where id = ${bookingId}`;
    const tutors = [ada, bea, cy, idle, drift];
    const live = await sql.begin((tx) => liveNextSlots(tx, { tutorIds: tutors.map((tutor) => tutor.id), now }));
    for (const tutor of tutors) {
      const one = await sql.begin(async (tx) => {
        const [settings] = await tx<{ lesson_lengths: number[] }[]>`
          select lesson_lengths from public.tutor_booking_settings where tutor_id = ${tutor.id}`;
        const { slots } = await listOpenSlots({
          tx,
          tutorId: tutor.id,
          durationMinutes: browseLessonLength(settings!.lesson_lengths),
          now,
        });
        return slots[0]?.startAt ?? null;
      });
      expect(live.get(tutor.id)?.toISOString() ?? null, tutor.id).toBe(one?.toISOString() ?? null);
    }
    expect(live.get(drift.id)).not.toBeNull();
  });
});

describe("GET /api/tutors", () => {
  const get = (search: string) => listTutors(apiRequest(`/api/tutors${search}`, { method: "GET" }));

  it("answers the public list without a sign-in", async () => {
    const { status, body } = await readResponse(await get(`?subject=chem-${tag}&sort=price_asc`));
    expect(status).toBe(200);
    expect((body.tutors as { id: string }[]).map((tutor) => tutor.id)).toEqual([ada.id, bea.id]);
    expect(body.next_page).toBeNull();
  });

  it.each([
    ["a sort it doesn't know", "?sort=newest"],
    ["a negative price", "?min_price=-5"],
    ["a price that isn't a number", "?max_price=cheap"],
    ["min above max", "?min_price=200&max_price=100"],
    ["page zero", "?page=0"],
    ["free within 0 days", "?free_within_days=0"],
    ["free within a year", "?free_within_days=365"],
    ["a subject slug with odd characters", "?subject=Ph%20ysics"],
    ["an unknown parameter", "?colour=blue"],
    ["a repeated parameter", "?q=a&q=b"],
    ["a query over 100 characters", `?q=${"x".repeat(101)}`],
  ])("refuses %s with 422 invalid_input", async (_label, search) => {
    const { status, code } = await readResponse(await get(search));
    expect(status).toBe(422);
    expect(code).toBe("invalid_input");
  });

  it("treats blank fields (a GET form's empty inputs) as no filter and odd search text as plain words", async () => {
    const blank = await readResponse(await get(`?q=&subject=&min_price=&max_price=&free_within_days=&sort=&page=`));
    expect(blank.status).toBe(200);
    const odd = await readResponse(await get(`?q=${encodeURIComponent(`'":*&|!()<-> % _ \\ ${tag}`)}`));
    expect(odd.status).toBe(200);
    for (const q of ["!!!", "the", "-", "a & b | !c", "'"]) {
      const { status, body } = await readResponse(await get(`?q=${encodeURIComponent(q)}&subject=chem-${tag}`));
      expect({ q, status }).toEqual({ q, status: 200 });
      expect(Array.isArray(body.tutors)).toBe(true);
    }
  });
});

describe("what an anonymous visitor can read", () => {
  const asAnon = <T>(fn: (tx: Sql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('role', 'anon', true)`;
      return fn(tx as unknown as Sql);
    });

  it("reads tutors' public profiles, subjects and settings, but no account, email or private column", async () => {
    const [profile] = await asAnon((tx) => tx`select display_name, headline from public.tutor_profiles where tutor_id = ${ada.id}`);
    expect(profile).toEqual({ display_name: `Ada ${word("Lovel")}`, headline: `Physics and ${word("mechanics")} for exams` });
    await expect(asAnon((tx) => tx`select full_name, timezone from public.profiles limit 1`)).rejects.toThrow(/permission denied/);
    await expect(asAnon((tx) => tx`select id from public.profiles limit 1`)).rejects.toThrow(/permission denied/);
    await expect(asAnon((tx) => tx`select email from auth.users limit 1`)).rejects.toThrow(/permission denied/);
    await expect(asAnon((tx) => tx`select next_slot_computed_at from public.tutor_profiles limit 1`)).rejects.toThrow(/permission denied/);
    await expect(asAnon((tx) => tx`select id from public.bookings limit 1`)).rejects.toThrow(/permission denied/);
    const subjects = await asAnon((tx) => tx`select price_cents from public.tutor_subjects where tutor_id = ${ada.id}`);
    expect(subjects).toHaveLength(2);
  });
});
