import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { createDemoSession } from "../../supabase/local/seed.ts";
import { MINUTE, person, session, signInAs, subjectId, type TPerson } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Ratings end to end (README "Ratings"): a student rates a completed lesson with the
 * keyboard, the tutor replies once on their booking page and the student sees the reply;
 * the tutor's average shows once there are 3 ratings.
 */

let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function signedIn(browser: Browser, who: TPerson, home: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await signInAs(page, who, home);
  return page;
}

/** A rating given earlier (as the server would write it), on its own completed lesson with this tutor. */
async function earlierRating(tutor: TPerson, startInMinutes: number, stars: number): Promise<void> {
  const student = await person(sql, "student");
  const { sessionId } = await session(sql, { tutor, student, startInMinutes, durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });
  await sql`insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, created_at, updated_at, editable_until)
    values (${sessionId}, ${tutor.id}, ${student.id}, ${student.id}, ${stars}, now(), now(), now() + interval '7 days')`;
}

async function rateWithKeyboard(page: Page, stars: number, comment: string): Promise<void> {
  const card = page.getByRole("region", { name: "Rate this lesson" });
  await expect(card).toBeVisible();
  await card.getByRole("radio", { name: "1 star" }).focus();
  for (let i = 1; i < stars; i += 1) await page.keyboard.press("ArrowRight");
  await expect(card.getByRole("radio", { name: `${stars} stars` })).toBeChecked();
  await card.getByLabel("Comment (optional)").fill(comment);
  await card.getByRole("button", { name: "Submit rating" }).click();
  await expect(page.getByRole("region", { name: "Your rating" })).toContainText(comment);
}

test("a student rates a completed lesson, the tutor replies once and both see rating and reply", async ({ browser }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student", { name: "Rory Rater" });
  const { bookingId } = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });

  const studentPage = await signedIn(browser, student, "/student/sessions");
  await studentPage.goto(`/student/bookings/${bookingId}`);
  await rateWithKeyboard(studentPage, 4, "Clear steps, good pace.");
  const yours = studentPage.getByRole("region", { name: "Your rating" });
  await expect(yours.getByRole("img", { name: "4 out of 5 stars" })).toBeVisible();

  // Edit within the 7 days: the form opens with the current stars.
  await yours.getByRole("button", { name: "Change rating" }).click();
  await expect(yours.getByRole("radio", { name: "4 stars" })).toBeChecked();
  await yours.getByRole("radio", { name: "5 stars" }).check();
  await yours.getByRole("button", { name: "Save changes" }).click();
  await expect(yours.getByRole("img", { name: "5 out of 5 stars" })).toBeVisible();

  const tutorPage = await signedIn(browser, tutor, "/tutor/sessions");
  await tutorPage.goto(`/tutor/bookings/${bookingId}`);
  const theirs = tutorPage.getByRole("region", { name: "The student's rating" });
  await expect(theirs).toContainText("Clear steps, good pace.");
  await expect(theirs.getByRole("img", { name: "5 out of 5 stars" })).toBeVisible();
  await expect(theirs.getByRole("button", { name: "Change rating" })).toHaveCount(0);
  await theirs.getByLabel("Your reply").fill("Thanks, Rory — see you next week.");
  await theirs.getByRole("button", { name: "Send reply" }).click();
  await expect(theirs.getByTestId("rating-reply")).toContainText("Thanks, Rory — see you next week.");
  await expect(theirs.getByLabel("Your reply")).toHaveCount(0);

  await studentPage.reload();
  await expect(studentPage.getByTestId("rating-reply")).toContainText("The tutor's reply");
  await expect(studentPage.getByTestId("rating-reply")).toContainText("Thanks, Rory — see you next week.");

  // The public reviews name the rater by first name and initial only.
  const response = await studentPage.request.get(`/api/tutors/${tutor.id}/ratings`);
  const body = (await response.json()) as { summary: unknown; reviews: { rater_name: string; reply: string }[] };
  expect(body.summary).toBeNull();
  expect(body.reviews).toEqual([expect.objectContaining({ rater_name: "Rory R.", reply: "Thanks, Rory — see you next week." })]);
  expect(JSON.stringify(body)).not.toContain(student.email);
});

test("a no-show lesson offers no rating", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const now = new Date();
  const sessionId = await createDemoSession({
    sql,
    tutorId: tutor.id,
    studentId: student.id,
    subjectId: await subjectId(sql),
    startAt: new Date(now.getTime() - 180 * MINUTE),
    durationMinutes: 60,
    priceCents: 15_000,
    now,
    outcome: "NO_SHOW_STUDENT",
  });
  const [row] = await sql<{ booking_id: string }[]>`select booking_id from public.sessions where id = ${sessionId!}`;
  await signInAs(page, student, "/student/sessions");
  await page.goto(`/student/bookings/${row!.booking_id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("No-show", { exact: false }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Rate this lesson" })).toHaveCount(0);
  const put = await page.request.put(`/api/sessions/${sessionId}/rating`, { data: { stars: 5 } });
  expect(put.status()).toBe(409);
});

test("the tutor's average shows once there are 3 ratings, on their booking page, browse card and profile", async ({ browser }) => {
  const tutor = await person(sql, "tutor");
  // Bookable with a subject of its own, so the browse list shows the tutor's card.
  const word = `rated${Math.random()
    .toString(36)
    .replace(/[^a-z]/g, "")
    .slice(0, 6)}`;
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  await sql`update public.tutor_profiles set headline = ${`Patient ${word} lessons`} where tutor_id = ${tutor.id}`;
  const [subject] = await sql<{ id: string }[]>`insert into public.subjects (slug, name) values (${word}, ${`Rated ${word}`}) returning id`;
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${tutor.id}, ${subject!.id}, 12000)`;
  await earlierRating(tutor, -300, 5);
  await earlierRating(tutor, -420, 4);
  const student = await person(sql, "student");
  const { bookingId } = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });

  const tutorPage = await signedIn(browser, tutor, "/tutor/sessions");
  await tutorPage.goto(`/tutor/bookings/${bookingId}`);
  await expect(tutorPage.getByRole("region", { name: "Rating" })).toContainText("shown once you have 3 ratings");
  await expect(tutorPage.getByTestId("rating-summary")).toHaveCount(0);

  const studentPage = await signedIn(browser, student, "/student/sessions");
  await studentPage.goto(`/student/bookings/${bookingId}`);
  await rateWithKeyboard(studentPage, 5, "Excellent.");

  await tutorPage.reload();
  const summary = tutorPage.getByTestId("rating-summary");
  await expect(summary).toContainText("4.7 (3)");
  await expect(summary).toHaveAccessibleName("Rated 4.7 out of 5 from 3 reviews");
  const response = await tutorPage.request.get(`/api/tutors/${tutor.id}/ratings`);
  expect(((await response.json()) as { summary: unknown }).summary).toEqual({ average: 4.7, count: 3 });

  // The browse card shows the average, and sorting by rating keeps the URL shareable.
  await studentPage.goto(`/tutors?q=${word}`);
  const card = studentPage.getByTestId("tutor-card").filter({ hasText: tutor.name });
  await expect(card.getByTestId("rating-summary")).toContainText("4.7 (3)");
  await expect(card.getByTestId("rating-summary")).toHaveAccessibleName("Rated 4.7 out of 5 from 3 reviews");
  await studentPage.getByLabel("Sort by").selectOption("rating");
  await studentPage.getByRole("button", { name: "Search", exact: true }).click();
  await expect(studentPage).toHaveURL(/sort=rating/);
  await expect(card.getByTestId("rating-summary")).toContainText("4.7 (3)");
  const api = await studentPage.request.get(`/api/tutors?q=${word}&sort=rating`);
  const listed = ((await api.json()) as { tutors: { id: string; rating: unknown }[] }).tutors;
  expect(listed.find((item) => item.id === tutor.id)?.rating).toEqual({ average: 4.7, count: 3 });

  // The profile shows the summary and the reviews, the rater by first name and initial.
  await card.getByRole("link", { name: tutor.name }).click();
  await expect(studentPage.getByRole("heading", { level: 1 })).toContainText(tutor.name);
  await expect(studentPage.getByTestId("rating-summary")).toContainText("4.7 (3)");
  const reviews = studentPage.getByRole("list", { name: "Reviews" });
  await expect(reviews.getByRole("listitem")).toHaveCount(3);
  await expect(reviews).toContainText("Excellent.");
  await expect(reviews).not.toContainText(student.name);
  await expect(reviews).not.toContainText(student.email);
  // Fewer than 5 lessons in 90 days: no cancellation rate yet.
  await expect(studentPage.getByTestId("cancellation-rate")).toHaveCount(0);
});
