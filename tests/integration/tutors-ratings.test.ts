import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listTutors } from "@/app/api/tutors/route";
import { cancelSession } from "@/lib/bookings/cancel-session";
import { getTutorRatingSummaries } from "@/lib/ratings/get-tutor-rating-summaries";
import { getTutorProfile } from "@/lib/tutors/get-tutor-profile";
import { searchTutors } from "@/lib/tutors/search-tutors";
import { ZSearchTutorsQuery } from "@/lib/tutors/search-tutors-schema";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createSessionAt,
  createTutor,
  createUser,
  minutesFrom,
  readResponse,
  type TTestUser,
} from "../support/factories";

// The marketplace's ratings and cancellation rate as browse and the public profile show them.
let sql: Sql;
// Far from the wall clock and from the other marketplace files' instants.
const now = new Date("2097-03-10T12:00:00.000Z");
const tag = randomUUID().slice(0, 6).replace(/[0-9]/g, "q");
const tutorsToClean: string[] = [];
let subjectId: string;
let student: TTestUser;
let day = 1;

/** A bookable tutor teaching this file's subject, found by `tag`. */
async function makeTutor(name: string): Promise<TTestUser> {
  const tutor = await createTutor(sql, { fullName: `${name} ${tag}` });
  tutorsToClean.push(tutor.id);
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${tutor.id}, ${subjectId}, 10_000)`;
  return tutor;
}

/** A lesson of `tutor` some days before `now`, ended COMPLETED_ASSUMED as the charge job leaves it. */
async function completedLesson(tutor: TTestUser): Promise<string> {
  const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, -24 * 60 * day++) });
  await sql`update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = scheduled_end_at,
    charge_cents = price_cents, payout_cents = price_cents * 9 / 10, platform_fee_cents = price_cents - price_cents * 9 / 10
    where id = ${sessionId}`;
  return sessionId;
}

/** A completed lesson of `tutor` rated `stars` by the student (as the service writes it). */
async function rate(tutor: TTestUser, stars: number, comment: string | null = null): Promise<void> {
  const sessionId = await completedLesson(tutor);
  await sql`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, comment, editable_until)
            values (${sessionId}, ${tutor.id}, ${student.id}, ${student.id}, ${stars}, ${comment}, ${minutesFrom(now, 7 * 24 * 60)})`;
}

const search = (fields: Record<string, unknown>) =>
  searchTutors({ db: sql, viewer: null, query: ZSearchTutorsQuery.parse({ q: tag, ...fields }), now });

let ada: TTestUser; // 4.7 from 6
let bea: TTestUser; // 4.7 from 3
let cy: TTestUser; // 3.0 from 4
let dee: TTestUser; // 2 ratings: no summary
let eve: TTestUser; // none

beforeAll(async () => {
  sql = testDb();
  const [subject] = await sql<{ id: string }[]>`
    insert into public.subjects (slug, name) values (${`rated-${tag}`}, ${`Rated ${tag}`}) returning id`;
  subjectId = subject!.id;
  student = await createUser(sql, { role: "student", fullName: "Sam Student" });
  [ada, bea, cy, dee, eve] = [
    await makeTutor("Ada"),
    await makeTutor("Bea"),
    await makeTutor("Cy"),
    await makeTutor("Dee"),
    await makeTutor("Eve"),
  ];
  for (const stars of [5, 5, 4, 5, 4, 5]) await rate(ada, stars);
  for (const stars of [5, 5, 4]) await rate(bea, stars);
  for (const stars of [3, 3, 3, 3]) await rate(cy, stars);
  for (const stars of [5, 5]) await rate(dee, stars);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorsToClean);
  await sql.end();
});

describe("ratings on browse", () => {
  it("gives each card its average and count, only from 3 published ratings", async () => {
    const result = await search({});
    const rating = new Map(result.tutors.map((tutor) => [tutor.id, tutor.rating]));
    expect(rating.get(ada.id)).toEqual({ average: 4.7, count: 6 });
    expect(rating.get(bea.id)).toEqual({ average: 4.7, count: 3 });
    expect(rating.get(cy.id)).toEqual({ average: 3, count: 4 });
    expect(rating.get(dee.id)).toBeNull();
    expect(rating.get(eve.id)).toBeNull();
  });

  it("sorts by rating: average, then count, then name; tutors without a summary last", async () => {
    const result = await search({ sort: "rating" });
    expect(result.tutors.map((tutor) => tutor.id)).toEqual([ada.id, bea.id, cy.id, dee.id, eve.id]);
  });

  it("counts a third rating, and leaves out a rating of a lesson that is no longer ratable", async () => {
    const fresh = await makeTutor("Fay");
    await rate(fresh, 1);
    await rate(fresh, 1);
    expect((await search({ sort: "rating" })).tutors.at(-1)?.id).toBe(fresh.id);
    await rate(fresh, 4);
    const sorted = await search({ sort: "rating" });
    expect(sorted.tutors.find((tutor) => tutor.id === fresh.id)?.rating).toEqual({ average: 2, count: 3 });
    expect(sorted.tutors.map((tutor) => tutor.id).slice(3, 4)).toEqual([fresh.id]);
    // A lesson that stops being ratable (here: marked short afterwards) no longer counts.
    await sql`update public.sessions set status = 'EARLY_END_SHORT', charged_at = null, charge_cents = null, payout_cents = null,
                platform_fee_cents = null
              where id = (select session_id from public.session_ratings where tutor_id = ${fresh.id} and stars = 4)`;
    expect((await search({})).tutors.find((tutor) => tutor.id === fresh.id)?.rating).toBeNull();
  });

  it("answers GET /api/tutors with rating objects and sort=rating; still 422 for a sort it doesn't know", async () => {
    const get = (search: string) => listTutors(apiRequest(`/api/tutors${search}`, { method: "GET" }));
    const { status, body } = await readResponse(await get(`?q=${tag}&sort=rating`));
    expect(status).toBe(200);
    const tutors = body.tutors as { id: string; rating: unknown }[];
    expect(tutors.slice(0, 3).map((tutor) => [tutor.id, tutor.rating])).toEqual([
      [ada.id, { average: 4.7, count: 6 }],
      [bea.id, { average: 4.7, count: 3 }],
      [cy.id, { average: 3, count: 4 }],
    ]);
    expect(tutors.find((tutor) => tutor.id === eve.id)).toHaveProperty("rating", null);
    const refused = await readResponse(await get(`?sort=best`));
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 422, code: "invalid_input" });
  });

  it("keeps the cached summary browse sorts by equal to the live one through inserts, edits, deletes and status changes", async () => {
    const tutor = await makeTutor("Ivy");
    for (const stars of [2, 3, 4]) await rate(tutor, stars);
    const cached = async () => {
      const [row] = await sql<{ rating_average: string | null; rating_count: number | null }[]>`
        select rating_average::text, rating_count from public.tutor_profiles where tutor_id = ${tutor.id}`;
      const live = (await getTutorRatingSummaries(sql, [tutor.id])).get(tutor.id) ?? null;
      expect(row!.rating_average === null ? null : { average: Number(row!.rating_average), count: row!.rating_count }).toEqual(live);
      return live;
    };
    expect(await cached()).toEqual({ average: 3, count: 3 });
    await sql`update public.session_ratings set stars = 5 where tutor_id = ${tutor.id} and stars = 2`;
    expect(await cached()).toEqual({ average: 4, count: 3 });
    const [one] = await sql<
      { session_id: string }[]
    >`select session_id from public.session_ratings where tutor_id = ${tutor.id} and stars = 3`;
    await sql`update public.sessions set status = 'EARLY_END_SHORT', charged_at = null, charge_cents = null, payout_cents = null,
                platform_fee_cents = null where id = ${one!.session_id}`;
    expect(await cached()).toBeNull();
    await sql`update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = scheduled_end_at, charge_cents = price_cents,
                payout_cents = price_cents * 9 / 10, platform_fee_cents = price_cents - price_cents * 9 / 10 where id = ${one!.session_id}`;
    expect(await cached()).toEqual({ average: 4, count: 3 });
    await sql`delete from public.session_ratings where session_id = ${one!.session_id}`;
    expect(await cached()).toBeNull();
  });

  it("lets anyone read the cached summary and nobody but the service write it", async () => {
    const as = <T>(role: "anon" | "authenticated", sub: string | null, fn: (tx: Sql) => Promise<T>) =>
      sql.begin(async (tx) => {
        const claims = JSON.stringify(sub ? { role, sub } : { role });
        await tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', ${role}, true)`;
        return fn(tx as unknown as Sql);
      });
    const [row] = await as(
      "anon",
      null,
      (tx) => tx`select rating_average::text, rating_count from public.tutor_profiles where tutor_id = ${ada.id}`,
    );
    expect(row).toEqual({ rating_average: "4.7", rating_count: 6 });
    await expect(
      as(
        "authenticated",
        ada.id,
        (tx) => tx`update public.tutor_profiles set rating_average = 5, rating_count = 99 where tutor_id = ${ada.id}`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(as("authenticated", ada.id, (tx) => tx`select public.refresh_tutor_rating(${ada.id})`)).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe("ratings and cancellation rate on the public profile", () => {
  it("shows the summary and the latest reviews, the rater by first name and initial, never their id or email", async () => {
    const tutor = await makeTutor("Gus");
    await rate(tutor, 5, "Clear and patient.");
    await rate(tutor, 4, null);
    const twoRatings = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, now });
    expect(twoRatings.rating).toBeNull();
    expect(twoRatings.reviews).toHaveLength(2);
    await rate(tutor, 3, "Fine.");
    const profile = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, now });
    expect(profile.rating).toEqual({ average: 4, count: 3 });
    // Newest first.
    expect(profile.reviews.map((review) => [review.stars, review.comment, review.rater_name])).toEqual([
      [3, "Fine.", "Sam S."],
      [4, null, "Sam S."],
      [5, "Clear and patient.", "Sam S."],
    ]);
    const text = JSON.stringify(profile.reviews);
    expect(text).not.toContain(student.id);
    expect(text).not.toContain(student.email);
    expect(text).not.toContain("Student");
  });

  it("publishes the tutor's cancellation rate only from 5 lessons in the last 90 days", async () => {
    const tutor = await makeTutor("Hal");
    for (let i = 0; i < 4; i += 1) await completedLesson(tutor);
    const four = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, now });
    expect(four.cancellation).toEqual({ lessons: 4, tutorCancellations: 0, rateBps: null });
    // A fifth lesson, next month, cancelled by the tutor today: 1 of 5.
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, 30 * 24 * 60) });
    await cancelSession({ db: sql, viewer: tutor.viewer, sessionId, now: minutesFrom(now, -60) });
    const five = await getTutorProfile({ db: sql, viewer: null, tutorId: tutor.id, now });
    expect(five.cancellation).toEqual({ lessons: 5, tutorCancellations: 1, rateBps: 2000 });
  });
});
