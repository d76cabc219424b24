import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { LOCAL_CRON_SECRET } from "../../supabase/local/config.ts";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { person, session, signInAs, type TPerson } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Money through the pages (issue 11), against the local Stripe fake's hosted pages: a new student saves a card
 * through Checkout on the tutor's slot and books it; a lesson is charged and collected by the cron tick and shows
 * as paid with a receipt; a lesson whose tutor never came is charged, reported, accepted on the evidence and
 * refunded to the card through the provider; a declined card leads to "Complete payment", paid on-session with 4242; the tutor sets up
 * payouts on the fake's onboarding page and sees a payout move from held to paid out. 375 px screenshots.
 */

const PHONE = { width: 375, height: 800 };
const HOUR = 3_600_000;
const CARD_OK = "4242 4242 4242 4242";
const CARD_DECLINED = "4000 0000 0000 9995";
const CARD_REFUND_FAILS = "4000 0000 0000 5126";

let sql: Sql;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, timezoneId: "America/Port_of_Spain" });
  return context.newPage();
}

/** A bookable tutor: a video connection, a subject at TT$120 an hour, every day open in UTC, instant booking. */
async function bookableTutor(): Promise<{ tutor: TPerson; subjectId: string; subjectName: string }> {
  const tutor = await person(sql, "tutor");
  const tag = Math.random().toString(36).slice(2, 8);
  const subjectName = `Geometry ${tag}`;
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  const [subject] = await sql<
    { id: string }[]
  >`insert into public.subjects (slug, name) values (${`geometry-${tag}`}, ${subjectName}) returning id`;
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents, currency) values (${tutor.id}, ${subject!.id}, 12000, 'TTD')`;
  await sql`update public.profiles set timezone = 'UTC' where id = ${tutor.id}`;
  await sql`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
            select ${tutor.id}, d, '00:00'::time, '24:00'::time, 'UTC' from generate_series(0, 6) d`;
  await sql`update public.tutor_booking_settings set is_instant_booking = true, lesson_lengths = '{60}', step_minutes = 60
            where tutor_id = ${tutor.id}`;
  return { tutor, subjectId: subject!.id, subjectName };
}

/** A new student, signed in on a phone, who saved `card` from their payments page through the hosted Checkout. */
async function studentWithCard(browser: Browser, card: string): Promise<{ student: TPerson; page: Page }> {
  const student = await person(sql, "student");
  const page = await phonePage(browser);
  await signInAs(page, student, "/student/sessions");
  await page.goto("/student/payments");
  await page.getByRole("button", { name: "Add a card" }).click();
  await payOnHostedCheckout(page, card, "Save card");
  await expect(page).toHaveURL(/\/student\/payments\?card=saved$/, { timeout: 30_000 });
  return { student, page };
}

/** The hosted Checkout of the fake: type a card, submit, come back to the app. */
async function payOnHostedCheckout(page: Page, card: string, button: "Save card" | "Pay"): Promise<void> {
  await expect(page.getByLabel("Card number")).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Card number").fill(card);
  await page.getByRole("button", { name: button }).click();
}

/** One cron tick (charges, collection, releases, transfers), as the scheduler sends it. */
async function tick(page: Page): Promise<void> {
  const response = await page.request.get("/api/cron/process-charges", { headers: { Authorization: `Bearer ${LOCAL_CRON_SECRET}` } });
  expect(response.status()).toBe(200);
}

async function attemptOf(sessionId: string): Promise<{ id: string; status: string } | undefined> {
  const [row] = await sql<{ id: string; status: string }[]>`
    select id, status from public.payment_attempts where session_id = ${sessionId} and kind = 'charge'`;
  return row;
}

/** Ticks until the lesson's charge attempt reaches one of `statuses` (the tick may take two rounds: charge, then collect). */
async function tickUntilCharge(page: Page, sessionId: string, statuses: string[]): Promise<{ id: string; status: string }> {
  for (let round = 0; round < 6; round += 1) {
    await tick(page);
    const attempt = await attemptOf(sessionId);
    if (attempt && statuses.includes(attempt.status)) return attempt;
  }
  throw new Error(`the charge of ${sessionId} never reached ${statuses.join("/")}: ${JSON.stringify(await attemptOf(sessionId))}`);
}

/**
 * A lesson of the student's that the tutor never came to (the student waited in the meeting): charged and collected
 * at its end like any other; the student reports it, and the attendance record decides it at once.
 */
async function reportedTutorNoShow(page: Page, tutor: TPerson, student: TPerson): Promise<{ sessionId: string; bookingId: string }> {
  const noShow = await session(sql, { tutor, student, startInMinutes: -90, durationMinutes: 60 });
  await sql`update public.sessions set student_joined_at = scheduled_start_at + interval '1 minute' where id = ${noShow.sessionId}`;
  await tickUntilCharge(page, noShow.sessionId, ["succeeded"]);
  await page.goto(`/student/bookings/${noShow.bookingId}`);
  const report = page.getByRole("region", { name: "Report a problem" });
  await report.getByRole("radio", { name: "The tutor didn't show up" }).check();
  await report.getByLabel("What happened").fill("I waited in the meeting for the whole hour; the tutor never came.");
  await report.getByRole("button", { name: "Report the problem" }).click();
  await expect(page.getByRole("region", { name: "Your report" }).getByTestId("dispute-status")).toHaveText("Accepted: refunded in full");
  return noShow;
}

test("a new student saves a card at booking, is charged, sees the receipt, and is refunded after reporting a tutor no-show", async ({
  browser,
}, testInfo) => {
  const { tutor, subjectId } = await bookableTutor();
  const student = await person(sql, "student");
  const page = await phonePage(browser);
  await signInAs(page, student, "/student/sessions");

  // The slot: the day after tomorrow at 10:00 UTC.
  const day = new Date(Date.now() + 2 * 24 * HOUR);
  const startAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10));
  const slotPath = `/tutors/${tutor.id}?subject=${subjectId}&length=60&start=${encodeURIComponent(startAt.toISOString())}`;
  await page.goto(`${slotPath}#confirm`);
  await expect(page.getByTestId("lesson-when")).toBeVisible();
  await expect(page.getByRole("button", { name: "Book this lesson" })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-add-card-375.png"), fullPage: true });
  await page.getByRole("button", { name: "Add a card to book" }).click();

  await payOnHostedCheckout(page, CARD_OK, "Save card");
  // Back on the same slot, with the card on file.
  await expect(page).toHaveURL(new RegExp(`/tutors/${tutor.id}\\?.*start=`), { timeout: 30_000 });
  await expect(page.getByTestId("saved-card")).toContainText("Visa •••• 4242");
  await expect(page.getByTestId("lesson-when")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-card-saved-375.png"), fullPage: true });
  await page.getByRole("button", { name: "Book this lesson" }).click();
  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]{36}\/requested$/, { timeout: 30_000 });

  // A lesson of theirs that has happened: the tick charges it and collects it from the saved card.
  const past = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60, isTutorJoined: true });
  await tickUntilCharge(page, past.sessionId, ["succeeded"]);
  await page.goto("/student/payments");
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  await expect(page.getByTestId("saved-card")).toContainText("Visa •••• 4242");
  const row = page.getByTestId("payment-row").first();
  await expect(row.getByTestId("payment-status")).toHaveText("Paid");
  await expect(row).not.toContainText(/fee|payout/i);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-list-375.png"), fullPage: true });
  await row.getByRole("link", { name: "Receipt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Receipt" })).toBeVisible();
  await expect(page.getByTestId("receipt-card")).toHaveText("Visa •••• 4242");
  await expect(page.getByTestId("receipt-reference")).toHaveText(/^pi_/);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-receipt-375.png"), fullPage: true });

  // Another lesson of theirs: the student waited in the meeting, the tutor never came. Charged and collected at its
  // end like any other; the student reports it, the evidence decides at once, and the refund goes back to the card.
  const noShow = await reportedTutorNoShow(page, tutor, student);
  await expect(page.getByTestId("session-status").first()).toHaveText("Tutor no-show");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-tutor-no-show-refunded-375.png"), fullPage: true });
  // The next tick refunds it at the provider (the fake): the refund attempt carries the provider's Refund id.
  let refund: { status: string; provider_ref: string | null } | undefined;
  for (let round = 0; round < 6 && refund?.status !== "succeeded"; round += 1) {
    await tick(page);
    [refund] = await sql<{ status: string; provider_ref: string | null }[]>`
      select status, provider_ref from public.payment_attempts where session_id = ${noShow.sessionId} and kind = 'refund'`;
  }
  expect(refund).toMatchObject({ status: "succeeded", provider_ref: expect.stringMatching(/^re_/) });
  await page.goto("/student/payments");
  const refundedRow = page.getByTestId("payment-row").filter({ hasText: "Refunded" });
  await expect(refundedRow.first()).toBeVisible();
  await page.context().close();
});

test("a declined card leads to Complete payment, paid on-session with 4242", async ({ browser }, testInfo) => {
  const { tutor } = await bookableTutor();
  const { student, page } = await studentWithCard(browser, CARD_DECLINED);
  await expect(page.getByTestId("saved-card")).toContainText("•••• 9995");

  const past = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60, isTutorJoined: true });
  const attempt = await tickUntilCharge(page, past.sessionId, ["action_required"]);
  await page.goto("/student/payments");
  const row = page.getByTestId("payment-row").first();
  await expect(row.getByTestId("payment-status")).toHaveText("Needs your action");
  await row.getByRole("link", { name: "Complete payment" }).click();
  await expect(page).toHaveURL(`/pay/${attempt.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Complete payment" })).toBeVisible();
  await expect(page.getByTestId("pay-reason")).toContainText("declined");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-complete-payment-375.png"), fullPage: true });
  await page.getByRole("button", { name: "Pay now" }).click();
  await payOnHostedCheckout(page, CARD_OK, "Pay");
  await expect(page).toHaveURL(`/pay/${attempt.id}?paid=1`, { timeout: 30_000 });
  await expect(page.getByTestId("payment-done")).toContainText("This lesson is paid");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-paid-375.png"), fullPage: true });
  expect((await attemptOf(past.sessionId))?.status).toBe("succeeded");
  await page.goto("/student/payments");
  await expect(page.getByTestId("payment-row").first().getByTestId("payment-status")).toHaveText("Paid");
  await page.context().close();
});

test("a refund the card issuer returns: the payer sees it delayed and is told, and it waits in the admin's failed payments", async ({
  browser,
}, testInfo) => {
  const { tutor } = await bookableTutor();
  const { student, page } = await studentWithCard(browser, CARD_REFUND_FAILS);

  // A lesson the tutor never came to: charged, reported, accepted on the evidence, refunded to the card by the tick.
  const noShow = await reportedTutorNoShow(page, tutor, student);

  // The refund succeeds at the provider; a moment later the issuer returns it and the fake's webhook tells the app.
  let refund: { status: string } | undefined;
  for (let round = 0; round < 30 && refund?.status !== "failed"; round += 1) {
    if (refund?.status !== "succeeded") await tick(page);
    else await page.waitForTimeout(500);
    [refund] = await sql<{ status: string }[]>`
      select status from public.payment_attempts where session_id = ${noShow.sessionId} and kind = 'refund'`;
  }
  expect(refund?.status).toBe("failed");

  await page.goto("/student/payments");
  const delayed = page.getByTestId("payment-row").filter({ hasText: "Refund delayed" });
  await expect(delayed).toHaveCount(1);
  await expect(delayed.getByTestId("refund-delayed-note")).toContainText("our team will return it to you another way");
  // The charge is not "Refunded" while the money has not reached the payer.
  const charged = page.getByTestId("payment-row").filter({ hasNotText: "Refund:" });
  await expect(charged.getByTestId("payment-status")).toHaveText("Paid");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-refund-delayed-375.png"), fullPage: true });
  const [told] = await sql<{ title: string; amount_cents: number }[]>`
    select n.title, a.amount_cents::int from public.notifications n, public.payment_attempts a
    where n.recipient_id = ${student.id} and n.kind = 'refund_failed' and a.session_id = ${noShow.sessionId} and a.kind = 'refund'`;
  expect(told?.title).toBe(`Refund delayed: TT$${((told?.amount_cents ?? 0) / 100).toFixed(2)}`);
  await page.context().close();

  const adminPage = await phonePage(browser);
  await signInAs(adminPage, await person(sql, "admin"), "/admin");
  await adminPage.goto("/admin/payments");
  // The queue names the payer (the session's own subject is the helper's, not the bookable one).
  const failed = adminPage.getByTestId("admin-failed-payment").filter({ hasText: student.name });
  await expect(failed.getByRole("heading", { name: /^Refund · / })).toBeVisible();
  await expect(failed).toContainText("expired_or_canceled_card");
  await adminPage.context().close();
});

test("a tutor sets up payouts on the hosted onboarding and sees a payout move from held to paid out", async ({ browser }, testInfo) => {
  const { tutor } = await bookableTutor();
  const student = await person(sql, "student");
  // The student's card, saved as the setup Checkout would (the first test walks those pages).
  const studentPage = await phonePage(browser);
  await signInAs(studentPage, student, "/student/sessions");
  await studentPage.goto("/student/payments");
  await studentPage.getByRole("button", { name: "Add a card" }).click();
  await payOnHostedCheckout(studentPage, CARD_OK, "Save card");
  await expect(studentPage).toHaveURL(/\/student\/payments\?card=saved$/, { timeout: 30_000 });
  await studentPage.context().close();

  const past = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60, isTutorJoined: true });
  const page = await phonePage(browser);
  await signInAs(page, tutor, "/tutor/sessions");
  await tickUntilCharge(page, past.sessionId, ["succeeded"]);

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Earnings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Earnings" })).toBeVisible();
  const earning = page.getByTestId("earning-row").first();
  await expect(earning.getByTestId("earning-state")).toHaveText("Held");
  await expect(earning).toContainText("releases");
  await expect(page.getByTestId("total-held")).not.toHaveText(/^TT\$0\.00$/);
  await expect(page.getByTestId("earnings-chart")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-earnings-held-375.png"), fullPage: true });

  await page.getByRole("button", { name: "Set up payouts" }).click();
  await expect(page.getByRole("button", { name: "Complete onboarding" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Complete onboarding" }).click();
  await expect(page).toHaveURL(/\/tutor\/earnings\?payouts=ready$/, { timeout: 30_000 });
  await expect(page.getByTestId("payouts-enabled")).toBeVisible();

  // The 24-hour hold ends (moved into the past here); the tick releases the payout and transfers it.
  await sql`update public.ledger_entries set release_at = now() - interval '1 minute'
            where session_id = ${past.sessionId} and kind = 'payout' and status = 'held'`;
  for (let round = 0; round < 6; round += 1) {
    await tick(page);
    const [transfer] = await sql<{ status: string }[]>`
      select status from public.payment_attempts where session_id = ${past.sessionId} and kind = 'transfer'`;
    if (transfer?.status === "succeeded") break;
  }
  await page.goto("/tutor/earnings");
  await expect(page.getByTestId("earning-row").first().getByTestId("earning-state")).toHaveText("Paid out");
  await expect(page.getByTestId("total-paid-out")).not.toHaveText(/^TT\$0\.00$/);
  await expect(page.getByTestId("total-held")).toHaveText("TT$0.00");
  const csv = await page.request.get("/api/tutor/earnings.csv");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("paid out");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-earnings-paid-375.png"), fullPage: true });
  await page.context().close();
});

test("a parent pays for their child's lesson with their own card; the child's payments page does not list it", async ({
  browser,
}, testInfo) => {
  const { tutor } = await bookableTutor();
  const child = await person(sql, "student");
  const parent = await person(sql, "parent");
  await sql`insert into public.parent_students (parent_id, student_id, approved_at) values (${parent.id}, ${child.id}, now())`;
  const page = await phonePage(browser);
  await signInAs(page, parent, "/parent/sessions");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Payments" }).click();
  await expect(page).toHaveURL("/parent/payments");
  await page.getByRole("button", { name: "Add a card" }).click();
  await payOnHostedCheckout(page, CARD_OK, "Save card");
  await expect(page).toHaveURL(/\/parent\/payments\?card=saved$/, { timeout: 30_000 });

  // A lesson the parent booked for the child, now over: the parent is its payer.
  const past = await session(sql, { tutor, student: child, startInMinutes: -180, durationMinutes: 60, isTutorJoined: true });
  await sql`update public.bookings set requested_by = ${parent.id} where id = ${past.bookingId}`;
  await tickUntilCharge(page, past.sessionId, ["succeeded"]);
  await page.reload();
  const row = page.getByTestId("payment-row").first();
  await expect(row.getByTestId("payment-status")).toHaveText("Paid");
  await expect(row).toContainText(`for ${child.name}`);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("payments-parent-375.png"), fullPage: true });
  await page.context().close();

  const childPage = await phonePage(browser);
  await signInAs(childPage, child, "/student/sessions");
  await childPage.goto("/student/payments");
  await expect(childPage.getByText("No charges yet.")).toBeVisible();
  await childPage.context().close();
});
