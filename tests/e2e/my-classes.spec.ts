import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { person, session, signInAs, subjectId, type TPerson } from "./support/people.ts";
import { giveSavedCard } from "./support/payments.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * "My Classes" (issue 9): a student books an open slot through POST /api/bookings, sees the request
 * waiting for the tutor with the deadline in their own zone, withdraws it after confirming, reads a
 * decline's reason, and gets a "Book again" link for a past tutor; their parent sees the child's
 * requests too; the page fits a 375 px phone.
 */

let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** A tutor anyone can book: a Jitsi connection, maths at TT$150 an hour, open every day around the clock (UTC). */
async function bookableTutor(): Promise<{ tutor: TPerson; subject: string }> {
  const tutor = await person(sql, "tutor");
  const subject = await subjectId(sql);
  await sql`update public.profiles set timezone = 'UTC' where id = ${tutor.id}`;
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${tutor.id}, ${subject}, 15000)`;
  await sql`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
            select ${tutor.id}, d, '00:00', '24:00', 'UTC' from generate_series(0, 6) d`;
  return { tutor, subject };
}

test("a student books, sees the request waiting with its deadline, withdraws it, reads a decline, and books again", async ({
  page,
  browser,
}, testInfo) => {
  const { tutor, subject } = await bookableTutor();
  const pastTutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const parent = await person(sql, "parent");
  // Booking needs the payer's saved card with the Stripe fake (payments.spec.ts walks the Checkout pages).
  await giveSavedCard(sql, student);
  await sql`update public.profiles set timezone = 'Asia/Tokyo' where id = ${student.id}`;
  await sql`insert into public.parent_students (parent_id, student_id, approved_at) values (${parent.id}, ${student.id}, now())`;
  await session(sql, { tutor: pastTutor, student, startInMinutes: -3 * 24 * 60, durationMinutes: 60 });

  await signInAs(page, student, "/student/sessions");
  await expect(page.getByTestId("request-row")).toHaveCount(0);

  // The public slots, then two requests through the API with the page's own session cookie.
  const slots = await page.request.get(`/api/tutors/${tutor.id}/slots?duration=60&days=3`);
  expect(slots.status()).toBe(200);
  const open = ((await slots.json()) as { slots: { start_at: string }[] }).slots;
  expect(open.length).toBeGreaterThan(10);
  const book = (startAt: string) =>
    page.request.post("/api/bookings", { data: { tutor_id: tutor.id, subject_id: subject, start_at: startAt, duration_minutes: 60 } });
  const first = await book(open[4]!.start_at);
  expect(first.status()).toBe(201);
  const toWithdraw = ((await first.json()) as { booking: { id: string; status: string } }).booking;
  expect(toWithdraw.status).toBe("pending");
  const second = await book(open[8]!.start_at);
  expect(second.status()).toBe(201);
  const toDecline = ((await second.json()) as { booking: { id: string } }).booking;
  // Someone slower for the same slot is told it was taken.
  const taken = await book(open[4]!.start_at);
  expect(taken.status()).toBe(409);
  expect(((await taken.json()) as { error: { code: string } }).error.code).toBe("conflict");
  await sql`update public.bookings set status = 'declined', decided_at = now(), decline_reason = 'Away at a conference that day'
            where id = ${toDecline.id}`;

  await page.reload();
  await expect(page.getByText("Times are in your time zone, Asia/Tokyo").first()).toBeVisible();
  const waiting = page.locator(`[data-testid="request-row"][data-booking-id="${toWithdraw.id}"]`);
  await expect(waiting.getByTestId("request-state")).toHaveText("Waiting for the tutor");
  await expect(waiting.getByTestId("request-note")).toContainText("The tutor has until");
  const declined = page.locator(`[data-testid="request-row"][data-booking-id="${toDecline.id}"]`);
  await expect(declined.getByTestId("request-state")).toHaveText("Declined");
  await expect(declined.getByTestId("request-note")).toContainText("Away at a conference that day");
  await expect(declined.getByRole("link", { name: `Book again with ${tutor.name}` })).toHaveAttribute("href", `/tutors/${tutor.id}`);
  await expect(page.getByTestId("book-again-row").getByRole("link", { name: `Book again with ${pastTutor.name}` })).toHaveAttribute(
    "href",
    `/tutors/${pastTutor.id}`,
  );

  // Withdraw asks first; Cancel keeps the request.
  await waiting.getByRole("button", { name: /^Withdraw request/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Withdraw this request?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(waiting.getByTestId("request-state")).toHaveText("Waiting for the tutor");

  // The parent sees the child's waiting request before it goes.
  const parentPage = await newPage(browser);
  await signInAs(parentPage, parent, "/parent/sessions");
  const childRequest = parentPage.locator(`[data-testid="request-row"][data-booking-id="${toWithdraw.id}"]`);
  await expect(childRequest).toContainText(`for ${student.name}`);
  await expect(childRequest.getByTestId("request-state")).toHaveText("Waiting for the tutor");
  // The request's own page shows its deadline and offers the same Withdraw.
  await parentPage.goto(`/parent/bookings/${toWithdraw.id}`);
  await expect(parentPage.getByTestId("booking-status")).toHaveText("Pending");
  await expect(parentPage.getByText("Tutor answers by")).toBeVisible();
  await expect(parentPage.getByRole("button", { name: /^Withdraw request/ })).toBeVisible();
  await parentPage.goto("/parent/sessions");

  await waiting.getByRole("button", { name: /^Withdraw request/ }).click();
  await dialog.getByRole("button", { name: "Withdraw request" }).click();
  await expect(waiting.getByTestId("request-state")).toHaveText("Withdrawn");
  const [row] = await sql<{ status: string }[]>`select status from public.bookings where id = ${toWithdraw.id}`;
  expect(row?.status).toBe("withdrawn");
  await page.goto(`/student/bookings/${toWithdraw.id}`);
  await expect(page.getByTestId("booking-status")).toHaveText("Withdrawn");
  await expect(page.getByRole("button", { name: /^Withdraw request/ })).toHaveCount(0);
  await page.goto("/student/sessions");
  // the slot is free again
  const again = await page.request.get(`/api/tutors/${tutor.id}/slots?duration=60&days=3`);
  expect(((await again.json()) as { slots: { start_at: string }[] }).slots.map((slot) => slot.start_at)).toContain(open[4]!.start_at);

  await page.setViewportSize({ width: 375, height: 800 });
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("my-classes-375.png"), fullPage: true });
  await parentPage.reload();
  await parentPage.setViewportSize({ width: 375, height: 800 });
  await expect(childRequest.getByTestId("request-state")).toHaveText("Withdrawn");
  await expectNoHorizontalScroll(parentPage);
  await parentPage.screenshot({ path: testInfo.outputPath("parent-my-classes-375.png"), fullPage: true });
});
