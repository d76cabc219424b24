import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getRating, PUT as putRating } from "@/app/api/sessions/[id]/rating/route";
import { POST as postReply } from "@/app/api/sessions/[id]/rating/reply/route";
import { GET as getTutorRatingsRoute } from "@/app/api/tutors/[id]/ratings/route";
import { getTutorRatingSummaries } from "@/lib/ratings/get-tutor-rating-summaries";
import { listTutorReviews } from "@/lib/ratings/list-tutor-reviews";
import { rateSession } from "@/lib/ratings/rate-session";
import { RATING_EDIT_MS } from "@/lib/ratings/rating-rules";
import { replyToRating } from "@/lib/ratings/reply-to-rating";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createParentOf,
  createSessionAt,
  createTutor,
  createUser,
  idParams,
  minutesFrom,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";
import { caught } from "../support/caught";

let sql: Sql;
const tutorsToClean: string[] = [];
beforeAll(() => {
  sql = testDb();
});
afterAll(async () => {
  // The still-SCHEDULED lessons (past their end) would be due for a later file's charge job.
  await cancelScheduledSessions(sql, tutorsToClean);
  await sql.end();
});

type TOutcome = "COMPLETED_ASSUMED" | "NO_SHOW_STUDENT" | "CANCELLED" | "EARLY_END_SHORT" | "SCHEDULED";

/** A lesson of its own tutor and student (3 h ago, 60 min), ended in `outcome`, as the server would leave it. */
async function lesson(outcome: TOutcome = "COMPLETED_ASSUMED", people: { tutor?: TTestUser; student?: TTestUser; hoursAgo?: number } = {}) {
  const tutor = people.tutor ?? (await createTutor(sql, { fullName: "Rita Rated" }));
  tutorsToClean.push(tutor.id);
  const student = people.student ?? (await createUser(sql, { role: "student", fullName: "Sam Student" }));
  const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(new Date(), -60 * (people.hoursAgo ?? 3)) });
  if (outcome === "COMPLETED_ASSUMED") {
    await sql`update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = scheduled_end_at,
      charge_cents = price_cents, payout_cents = price_cents * 9 / 10, platform_fee_cents = price_cents - price_cents * 9 / 10
      where id = ${sessionId}`;
  } else if (outcome === "NO_SHOW_STUDENT") {
    await sql`update public.sessions set status = 'NO_SHOW_STUDENT', charged_at = scheduled_start_at + interval '30 minutes',
      marked_no_show_at = scheduled_start_at + interval '30 minutes',
      charge_cents = price_cents / 2, payout_cents = price_cents * 45 / 100, platform_fee_cents = price_cents / 2 - price_cents * 45 / 100
      where id = ${sessionId}`;
  } else if (outcome === "CANCELLED") {
    await sql`update public.sessions set status = 'CANCELLED', cancelled_at = scheduled_start_at - interval '1 day' where id = ${sessionId}`;
  } else if (outcome === "EARLY_END_SHORT") {
    await sql`update public.sessions set status = 'EARLY_END_SHORT' where id = ${sessionId}`;
  }
  return { tutor, student, sessionId };
}

/** The rating's audit events on the session, oldest first. */
async function ratingEvents(sessionId: string) {
  const rows = await sql<{ type: string; actor_id: string | null; actor_role: string; payload: { stars?: number } }[]>`
    select type, actor_id, actor_role, payload from public.session_events
    where session_id = ${sessionId} and type like 'rating.%' order by id`;
  return rows.map(({ payload, ...event }) => (payload.stars === undefined ? event : { ...event, stars: payload.stars }));
}

async function ratingRow(sessionId: string) {
  const [row] = await sql<{ stars: number; comment: string | null; reply: string | null; rated_by: string; editable_until: Date }[]>`
    select stars, comment, reply, rated_by, editable_until from public.session_ratings where session_id = ${sessionId}`;
  return row ?? null;
}

const put = async (sessionId: string, token: string | null, body: unknown) =>
  readResponse(await putRating(apiRequest(`/api/sessions/${sessionId}/rating`, { method: "PUT", token, body }), idParams(sessionId)));
const reply = async (sessionId: string, token: string | null, body: unknown) =>
  readResponse(await postReply(apiRequest(`/api/sessions/${sessionId}/rating/reply`, { token, body }), idParams(sessionId)));

describe("rating a lesson through PUT /api/sessions/[id]/rating", () => {
  it("the student rates a completed lesson (201), edits it (200) within 7 days; the window never moves", async () => {
    const { student, sessionId } = await lesson();
    const token = await signIn(student);
    const first = await put(sessionId, token, { stars: 4, comment: "Clear explanations" });
    expect(first.status).toBe(201);
    expect(first.body.rating).toMatchObject({ session_id: sessionId, stars: 4, comment: "Clear explanations", reply: null });
    const before = await ratingRow(sessionId);
    const second = await put(sessionId, token, { stars: 5 });
    expect(second.status).toBe(200);
    expect(second.body.rating).toMatchObject({ stars: 5, comment: null });
    const after = await ratingRow(sessionId);
    expect(after?.editable_until.getTime()).toBe(before?.editable_until.getTime());
    expect(await sql`select 1 from public.session_ratings where session_id = ${sessionId}`).toHaveLength(1);
    // Audited: who rated, then who changed it, with the stars.
    expect(await ratingEvents(sessionId)).toEqual([
      { type: "rating.submitted", actor_id: student.id, actor_role: "student", stars: 4 },
      { type: "rating.edited", actor_id: student.id, actor_role: "student", stars: 5 },
    ]);
  });

  it("an approved parent rates their child's lesson and becomes its rater; an unapproved parent does not see it", async () => {
    const { student, sessionId } = await lesson();
    const parent = await createParentOf(sql, student);
    const pending = await createParentOf(sql, student, { approved: false });
    expect((await put(sessionId, await signIn(parent), { stars: 3 })).status).toBe(201);
    expect((await ratingRow(sessionId))?.rated_by).toBe(parent.id);
    const refused = await put(sessionId, await signIn(pending), { stars: 1 });
    expect([refused.status, refused.code]).toEqual([404, "not_found"]);
    expect((await ratingRow(sessionId))?.stars).toBe(3);
  });

  describe("rejections: the right status and code, never a 500, nothing written", () => {
    it.each([
      ["stars 0", { stars: 0 }],
      ["stars 6", { stars: 6 }],
      ["stars 2.5", { stars: 2.5 }],
      ["stars as text", { stars: "5" }],
      ["no stars", { comment: "Nice" }],
      ["a comment over 2000 characters", { stars: 5, comment: "x".repeat(2001) }],
      ["a reply smuggled into the rating", { stars: 5, reply: "from me" }],
    ])("%s → 422 invalid_input", async (_name, body) => {
      const { student, sessionId } = await lesson();
      const { status, code } = await put(sessionId, await signIn(student), body);
      expect([status, code]).toEqual([422, "invalid_input"]);
      expect(await ratingRow(sessionId)).toBeNull();
    });

    it("malformed JSON → 400, a bad id → 422", async () => {
      const { student, sessionId } = await lesson();
      const token = await signIn(student);
      const malformed = await putRating(
        apiRequest(`/api/sessions/${sessionId}/rating`, { method: "PUT", token, rawBody: "{stars:" }),
        idParams(sessionId),
      );
      expect(malformed.status).toBe(400);
      const badId = await putRating(apiRequest(`/api/sessions/x/rating`, { method: "PUT", token, body: { stars: 5 } }), idParams("x"));
      expect(badId.status).toBe(422);
      expect(await ratingRow(sessionId)).toBeNull();
    });

    it("anonymous → 401; another student → 404; the lesson's tutor → 403", async () => {
      const { tutor, sessionId } = await lesson();
      const other = await createUser(sql, { role: "student" });
      expect((await put(sessionId, null, { stars: 5 })).status).toBe(401);
      const asOther = await put(sessionId, await signIn(other), { stars: 1 });
      expect([asOther.status, asOther.code]).toEqual([404, "not_found"]);
      const asTutor = await put(sessionId, await signIn(tutor), { stars: 5 });
      expect([asTutor.status, asTutor.code]).toEqual([403, "forbidden"]);
      expect(await ratingRow(sessionId)).toBeNull();
    });

    it.each([
      ["SCHEDULED", 409, "too_early"],
      ["NO_SHOW_STUDENT", 409, "conflict"],
      ["CANCELLED", 409, "conflict"],
      ["EARLY_END_SHORT", 409, "conflict"],
    ] as const)("a %s lesson → %i %s", async (outcome, status, code) => {
      const { student, sessionId } = await lesson(outcome);
      const response = await put(sessionId, await signIn(student), { stars: 5 });
      expect([response.status, response.code]).toEqual([status, code]);
      expect(await ratingRow(sessionId)).toBeNull();
    });

    it("an edit after the 7 days → 409 too_late, the rating unchanged", async () => {
      const { student, sessionId } = await lesson("COMPLETED_ASSUMED", { hoursAgo: 9 * 24 });
      const eightDaysAgo = minutesFrom(new Date(), -8 * 24 * 60);
      await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: 2, comment: null }, now: eightDaysAgo });
      const response = await put(sessionId, await signIn(student), { stars: 5 });
      expect([response.status, response.code]).toEqual([409, "too_late"]);
      expect((await ratingRow(sessionId))?.stars).toBe(2);
    });
  });
});

describe("reading a lesson's rating: GET /api/sessions/[id]/rating", () => {
  it("its people read it; anonymous → 401; another student reads nothing; an admin cannot rate", async () => {
    const { student, sessionId } = await lesson();
    await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: 3, comment: "Fine" }, now: new Date() });
    const get = async (token: string | null) =>
      readResponse(await getRating(apiRequest(`/api/sessions/${sessionId}/rating`, { method: "GET", token }), idParams(sessionId)));
    expect((await get(await signIn(student))).body.rating).toMatchObject({ stars: 3, comment: "Fine" });
    expect((await get(null)).status).toBe(401);
    const other = await createUser(sql, { role: "student" });
    const asOther = await get(await signIn(other));
    expect([asOther.status, asOther.body.rating]).toEqual([200, null]);
    const admin = await createUser(sql, { role: "admin" });
    expect((await get(await signIn(admin))).body.rating).toMatchObject({ stars: 3 });
    const error = await caught(
      rateSession({ db: sql, viewer: admin.viewer, sessionId, input: { stars: 1, comment: null }, now: new Date() }),
    );
    expect(error.code).toBe("forbidden");
    expect((await ratingRow(sessionId))?.stars).toBe(3);
  });
});

describe("the edit window at its boundary (domain, with `now` passed in)", () => {
  it("edits until, not at, 7 days after the first rating", async () => {
    const { student, sessionId } = await lesson("COMPLETED_ASSUMED", { hoursAgo: 8 * 24 });
    const first = minutesFrom(new Date(), -7 * 24 * 60 + 10);
    const { rating, isNew } = await rateSession({
      db: sql,
      viewer: student.viewer,
      sessionId,
      input: { stars: 3, comment: null },
      now: first,
    });
    expect(isNew).toBe(true);
    expect(Date.parse(rating.editable_until) - first.getTime()).toBe(RATING_EDIT_MS);
    const lastMoment = new Date(first.getTime() + RATING_EDIT_MS - 1);
    const edited = await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: 4, comment: "ok" }, now: lastMoment });
    expect(edited.rating.stars).toBe(4);
    const error = await caught(
      rateSession({
        db: sql,
        viewer: student.viewer,
        sessionId,
        input: { stars: 1, comment: null },
        now: new Date(first.getTime() + RATING_EDIT_MS),
      }),
    );
    expect(error.code).toBe("too_late");
    expect((await ratingRow(sessionId))?.stars).toBe(4);
  });

  it("two racing first ratings leave one row", async () => {
    const { student, sessionId } = await lesson();
    const parent = await createParentOf(sql, student);
    const now = new Date();
    const results = await Promise.all([
      rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: 5, comment: null }, now }),
      rateSession({ db: sql, viewer: parent.viewer, sessionId, input: { stars: 4, comment: null }, now }),
    ]);
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(await sql`select 1 from public.session_ratings where session_id = ${sessionId}`).toHaveLength(1);
  });
});

describe("the tutor's reply through POST /api/sessions/[id]/rating/reply", () => {
  it("the tutor replies once; a second reply → 409 already_done, the first kept; both sides read it", async () => {
    const { tutor, student, sessionId } = await lesson();
    await put(sessionId, await signIn(student), { stars: 5, comment: "Great" });
    const tutorToken = await signIn(tutor);
    const first = await reply(sessionId, tutorToken, { reply: "Thank you!" });
    expect(first.status).toBe(200);
    expect(first.body.rating).toMatchObject({ reply: "Thank you!" });
    const second = await reply(sessionId, tutorToken, { reply: "Edited" });
    expect([second.status, second.code]).toEqual([409, "already_done"]);
    expect((await ratingRow(sessionId))?.reply).toBe("Thank you!");
    expect((await ratingEvents(sessionId)).map((event) => [event.type, event.actor_role])).toEqual([
      ["rating.submitted", "student"],
      ["rating.replied", "tutor"],
    ]);
    for (const who of [tutor, student]) {
      const read = await readResponse(
        await getRating(apiRequest(`/api/sessions/${sessionId}/rating`, { method: "GET", token: await signIn(who) }), idParams(sessionId)),
      );
      expect(read.body.rating).toMatchObject({ stars: 5, comment: "Great", reply: "Thank you!" });
    }
  });

  it("rejections: anonymous 401, the student 403, another tutor 404, no rating yet 404, too long or empty 422", async () => {
    const { tutor, student, sessionId } = await lesson();
    const otherTutor = await createTutor(sql);
    const tutorToken = await signIn(tutor);
    const none = await reply(sessionId, tutorToken, { reply: "Thanks" });
    expect([none.status, none.code]).toEqual([404, "not_found"]);
    await put(sessionId, await signIn(student), { stars: 2 });
    expect((await reply(sessionId, null, { reply: "x" })).status).toBe(401);
    const asStudent = await reply(sessionId, await signIn(student), { reply: "I reply to myself" });
    expect([asStudent.status, asStudent.code]).toEqual([403, "forbidden"]);
    const asOther = await reply(sessionId, await signIn(otherTutor), { reply: "Not mine" });
    expect([asOther.status, asOther.code]).toEqual([404, "not_found"]);
    for (const body of [{ reply: "x".repeat(2001) }, { reply: "   " }, {}, { reply: "ok", stars: 5 }]) {
      const response = await reply(sessionId, tutorToken, body);
      expect([response.status, response.code]).toEqual([422, "invalid_input"]);
    }
    expect(await ratingRow(sessionId)).toMatchObject({ stars: 2, reply: null });
  });

  it("the domain refuses a student's reply the same way", async () => {
    const { student, sessionId } = await lesson();
    await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: 4, comment: null }, now: new Date() });
    const error = await caught(replyToRating({ db: sql, viewer: student.viewer, sessionId, input: { reply: "hi" }, now: new Date() }));
    expect(error.code).toBe("forbidden");
  });
});

describe("public ratings: GET /api/tutors/[id]/ratings, summaries and reviews", () => {
  it("shows no average below 3 ratings, then the 1-decimal average and count; reviews name the rater by first name + initial", async () => {
    const tutor = await createTutor(sql, { fullName: "Rita Rated" });
    const stars = [5, 5, 4];
    for (const [i, value] of stars.entries()) {
      const student = await createUser(sql, { role: "student", fullName: `Sam${i} Student Smith` });
      const { sessionId } = await lesson("COMPLETED_ASSUMED", { tutor, student, hoursAgo: 3 + i * 2 });
      await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: value, comment: `Comment ${i}` }, now: new Date() });
      const summaries = await getTutorRatingSummaries(sql, [tutor.id]);
      expect(summaries.get(tutor.id)).toEqual(i < 2 ? undefined : { average: 4.7, count: 3 });
    }
    const { status, body, text } = await readResponse(
      await getTutorRatingsRoute(apiRequest(`/api/tutors/${tutor.id}/ratings`, { method: "GET" }), idParams(tutor.id)),
    );
    expect(status).toBe(200);
    expect(body.summary).toEqual({ average: 4.7, count: 3 });
    const reviews = body.reviews as { rater_name: string; stars: number; subject_name: string }[];
    expect(reviews.map((r) => r.stars)).toEqual([4, 5, 5]);
    expect(reviews[0]).toMatchObject({ rater_name: "Sam2 S.", subject_name: "Mathematics" });
    expect(text).not.toMatch(/rated_by|student_id|@factories\.test/);
  });

  it("a no-show, cancelled or short lesson's rating never counts (a rating is only ever written for completed lessons)", async () => {
    const tutor = await createTutor(sql);
    for (const outcome of ["NO_SHOW_STUDENT", "CANCELLED", "EARLY_END_SHORT"] as const) {
      const { student, sessionId } = await lesson(outcome, {
        tutor,
        hoursAgo: outcome === "CANCELLED" ? 10 : outcome === "NO_SHOW_STUDENT" ? 3 : 6,
      });
      // even the service cannot write one: the table's trigger holds the rule
      await expect(
        sql`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, editable_until)
            values (${sessionId}, ${tutor.id}, ${student.id}, ${student.id}, 1, now() + interval '7 days')`,
      ).rejects.toMatchObject({ code: "23514" });
    }
    expect(await listTutorReviews(sql, { tutorId: tutor.id })).toEqual([]);
  });

  it("a lesson that stops being ratable (an admin resolution) takes its rating out of the public reads", async () => {
    const tutor = await createTutor(sql);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { student, sessionId } = await lesson("COMPLETED_ASSUMED", { tutor, hoursAgo: 3 + i * 2 });
      await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: 5, comment: null }, now: new Date() });
      ids.push(sessionId);
    }
    expect((await getTutorRatingSummaries(sql, [tutor.id])).get(tutor.id)).toEqual({ average: 5, count: 3 });
    await sql`update public.sessions set status = 'EARLY_END_SHORT', charged_at = null, charge_cents = null,
      payout_cents = null, platform_fee_cents = null where id = ${ids[0]!}`;
    expect((await getTutorRatingSummaries(sql, [tutor.id])).get(tutor.id)).toBeUndefined();
    expect(await listTutorReviews(sql, { tutorId: tutor.id })).toHaveLength(2);
  });

  it("browse can sort by rating in SQL: a lateral join on tutor_rating_summary, unrated tutors last", async () => {
    const [high, low, unrated] = [await createTutor(sql), await createTutor(sql), await createTutor(sql)];
    for (const [tutor, value] of [
      [high, 5],
      [low, 3],
    ] as const) {
      for (let i = 0; i < 3; i += 1) {
        const { student, sessionId } = await lesson("COMPLETED_ASSUMED", { tutor, hoursAgo: 3 + i * 2 });
        await rateSession({ db: sql, viewer: student.viewer, sessionId, input: { stars: value, comment: null }, now: new Date() });
      }
    }
    const rows = await sql<{ tutor_id: string }[]>`
      select tp.tutor_id from public.tutor_profiles tp
      left join lateral public.tutor_rating_summary(array[tp.tutor_id]) rs on true
      where tp.tutor_id = any(${[unrated.id, low.id, high.id]}::uuid[])
      order by rs.average desc nulls last, rs.rating_count desc nulls last, tp.tutor_id`;
    expect(rows.map((r) => r.tutor_id)).toEqual([high.id, low.id, unrated.id]);
  });

  it("an unknown tutor → 404, a bad id → 422, an empty list of ids → an empty map", async () => {
    const unknown = "00000000-0000-4000-8000-00000000abcd";
    const missing = await readResponse(
      await getTutorRatingsRoute(apiRequest(`/api/tutors/x/ratings`, { method: "GET" }), idParams(unknown)),
    );
    expect([missing.status, missing.code]).toEqual([404, "not_found"]);
    const bad = await getTutorRatingsRoute(apiRequest(`/api/tutors/x/ratings`, { method: "GET" }), idParams("nope"));
    expect(bad.status).toBe(422);
    expect((await getTutorRatingSummaries(sql, [])).size).toBe(0);
  });
});
