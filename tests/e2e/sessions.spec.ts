import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { LOCAL_CRON_SECRET } from "../../supabase/local/config.ts";
import { createDemoSession } from "../../supabase/local/seed.ts";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { demoPerson, person, signInAs, type TPerson } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Sessions end to end (issue 3). Every test makes its own tutor (a tutor's
 * confirmed slots may not overlap) and its own sessions at times relative to
 * now, so the tests hold in any order and on a stack seeded minutes earlier.
 */

const MINUTE = 60_000;
const DEMO_PASSWORD = "demo1234";
const PRICE_CENTS = 15_000;

let sql: Sql;

// A 2-core machine running Postgres, Next and Chromium at once: page loads can take seconds.
test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function subjectId(): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.subjects (slug, name) values ('mathematics', 'Mathematics')
    on conflict (slug) do update set name = excluded.name returning id`;
  return row!.id;
}

/** A confirmed booking with its session and Jitsi link, as confirmation would make it. Returns both ids. */
async function session(
  tutor: TPerson,
  student: TPerson,
  startInMinutes: number,
  durationMinutes: number,
  options: { isTutorJoined?: boolean } = {},
) {
  const now = new Date();
  const sessionId = await createDemoSession({
    sql,
    tutorId: tutor.id,
    studentId: student.id,
    subjectId: await subjectId(),
    startAt: new Date(now.getTime() + startInMinutes * MINUTE),
    durationMinutes,
    priceCents: PRICE_CENTS,
    now,
    isTutorJoined: options.isTutorJoined,
  });
  const [row] = await sql<{ booking_id: string }[]>`select booking_id from public.sessions where id = ${sessionId!}`;
  return { sessionId: sessionId!, bookingId: row!.booking_id };
}

async function pendingBooking(tutor: TPerson, student: TPerson, startInMinutes: number): Promise<string> {
  const startAt = new Date(Date.now() + startInMinutes * MINUTE);
  const [row] = await sql<{ id: string }[]>`
    insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at, price_cents, currency, status, note)
    values (${student.id}, ${tutor.id}, ${await subjectId()}, ${student.id}, ${startAt}, ${new Date(startAt.getTime() + 60 * MINUTE)}, ${PRICE_CENTS}, 'TTD', 'pending', 'Algebra revision')
    returning id`;
  return row!.id;
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test("the student sees the countdown turn into Join, and Join opens the meeting in a new tab", async ({ page, context }, testInfo) => {
  const tutor = await person(sql, "tutor");
  // a student of its own: one student never holds two overlapping lessons (bookings_student_no_overlap)
  const student = await person(sql, "student");
  // No internet here: the meeting site answers locally.
  await context.route("https://meet.jit.si/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<title>meeting</title>meeting" }),
  );
  await signInAs(page, student, "/student/sessions");

  // The join window opens 5 minutes before the start: here about 25 seconds from now.
  const { bookingId } = await session(tutor, student, 5 + 25 / 60, 30);
  await page.reload();
  const row = page.getByTestId("session-row").filter({ hasText: tutor.name });
  const join = row.getByRole("button", { name: /^Join/ });
  await expect(row.getByTestId("session-status")).toHaveText("Scheduled");
  await expect(join).toBeDisabled();
  await expect(row.getByTestId("join-countdown")).toHaveText(/^00:[0-2]\d$/);
  await expect(row.getByText(/If you haven't joined by .+, your tutor may mark a no-show and you'll be charged 50/)).toBeVisible();
  await row.screenshot({ path: testInfo.outputPath("student-countdown.png") });

  await expect(join).toBeEnabled({ timeout: 40_000 });
  await expect(row.getByTestId("session-status")).toHaveText("Join open");
  await expect(row.getByTestId("join-countdown")).toHaveCount(0);

  const popupPromise = page.waitForEvent("popup");
  await join.click();
  const popup = await popupPromise;
  await popup.waitForURL(/^https:\/\/meet\.jit\.si\/Tutoring-[0-9a-f]+$/);
  await expect(popup.locator("body")).toHaveText("meeting");

  // The join is recorded and shows in the audit trail.
  await row.getByRole("link", { name: /^View session/ }).click();
  await expect(page).toHaveURL(`/student/bookings/${bookingId}`);
  await expect(page.getByTestId("audit-trail")).toContainText("Joined through the app");
  const [attended] = await sql<
    { student_joined_at: Date | null }[]
  >`select student_joined_at from public.sessions where booking_id = ${bookingId}`;
  expect(attended?.student_joined_at).not.toBeNull();
});

test("the tutor marks a no-show through the dialog after the wait, and sees the payout held", async ({ page }, testInfo) => {
  const tutor = await person(sql, "tutor");
  // a student of its own: one student never holds two overlapping lessons (bookings_student_no_overlap)
  const student = await person(sql, "student");
  // 60 minutes: the 19-minute no-show wait passed a minute ago.
  // The tutor joined (a tutor who never joined can't mark a no-show).
  const inProgress = await session(tutor, student, -20, 60, { isTutorJoined: true });
  // Later the same day: the button waits, counting down.
  const later = await session(tutor, student, 90, 60);

  await signInAs(page, tutor, "/tutor/sessions");
  await page.goto(`/tutor/bookings/${later.bookingId}`);
  await expect(page.getByRole("button", { name: "Mark no-show" })).toBeDisabled();
  await expect(page.getByTestId("no-show-countdown")).toHaveText(/^1:\d\d:\d\d$/);

  await page.goto("/tutor/sessions");
  const row = page.locator(`[data-booking-id="${inProgress.bookingId}"]`);
  await expect(row.getByTestId("session-status")).toHaveText("Join open");
  await row.getByRole("link", { name: /^View session/ }).click();
  await expect(page).toHaveURL(`/tutor/bookings/${inProgress.bookingId}`);
  await expect(page.getByTestId("rule-no-show")).toContainText("19 min after the start");

  const markNoShow = page.getByRole("button", { name: "Mark no-show" });
  await expect(markNoShow).toBeEnabled();
  await markNoShow.click();
  const dialog = page.getByRole("dialog", { name: `Mark ${student.name} as a no-show?` });
  await expect(dialog).toBeVisible();
  // The safe choice has the focus; Escape closes without doing anything.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  const amounts = dialog.getByTestId("no-show-amounts");
  await expect(amounts).toContainText("Student is charged (50 % of TT$150.00)TT$75.00");
  await expect(amounts).toContainText("Your payout (45 %)TT$67.50");
  await expect(amounts).toContainText("Platform fee (5 %)TT$7.50");
  await page.screenshot({ path: testInfo.outputPath("no-show-dialog.png") });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await markNoShow.click();
  await dialog.getByRole("button", { name: "Mark no-show and charge TT$75.00" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("session-status")).toHaveText("No-show");
  await expect(page.getByTestId("amount-charged")).toHaveText("TT$75.00");
  await expect(page.getByTestId("amount-payout")).toContainText(/TT\$67\.50 held until .+/);
  // The platform fee is the admins' to see, not the tutor's (20261201003000).
  await expect(page.getByTestId("amount-fee")).toHaveCount(0);
  await expect(page.getByTestId("audit-trail")).toContainText("Marked as a student no-show");
  await expect(page.getByRole("button", { name: "Mark no-show" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("no-show-marked.png"), fullPage: true });

  await page.goto("/tutor/sessions");
  await expect(row.getByTestId("session-status")).toHaveText("No-show");
  await expect(row.getByTestId("session-amount")).toContainText(/Your payout TT\$67\.50 held until/);
});

test("the charge job, called with the secret, completes an ended session and the tutor sees the payout held", async ({ page, request }) => {
  const tutor = await person(sql, "tutor");
  // a student of its own: one student never holds two overlapping lessons (bookings_student_no_overlap)
  const student = await person(sql, "student");
  const ended = await session(tutor, student, -70, 60);

  await signInAs(page, tutor, "/tutor/sessions");
  const row = page.locator(`[data-booking-id="${ended.bookingId}"]`);
  await expect(row.getByTestId("session-status")).toHaveText("Awaiting charge");
  await expect(row.getByTestId("session-amount")).toHaveText("Price TT$150.00");

  expect((await request.get("/api/cron/process-charges")).status()).toBe(401);
  const response = await request.get("/api/cron/process-charges", { headers: { Authorization: `Bearer ${LOCAL_CRON_SECRET}` } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { processed: number; completed: number; failed: number };
  expect(body.completed).toBeGreaterThanOrEqual(1);

  await page.reload();
  await expect(row.getByTestId("session-status")).toHaveText("Completed");
  await expect(row.getByTestId("session-amount")).toContainText(/Your payout TT\$135\.00 held until .+/);

  await row.getByRole("link", { name: /^View session/ }).click();
  await expect(page.getByTestId("amount-charged")).toHaveText("TT$150.00");
  await expect(page.getByTestId("amount-payout")).toContainText(/TT\$135\.00 held until/);
  await expect(page.getByTestId("amount-fee")).toHaveCount(0);
  await expect(page.getByTestId("ledger")).toContainText("Payout");
  await expect(page.getByTestId("audit-trail")).toContainText("Charged at the scheduled end");
});

test("the tutor confirms and declines requests; without a video connection the refusal links to video setup", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  // a student of its own: one student never holds two overlapping lessons (bookings_student_no_overlap)
  const student = await person(sql, "student");
  const toConfirm = await pendingBooking(tutor, student, 3 * 24 * 60);
  const toDecline = await pendingBooking(tutor, student, 4 * 24 * 60);

  await signInAs(page, tutor, "/tutor/sessions");
  await page.getByRole("link", { name: "Booking requests" }).click();
  await expect(page).toHaveURL("/tutor/bookings");
  const request = page.locator(`[data-booking-id="${toConfirm}"]`);
  await expect(request).toContainText(`from ${student.name}`);
  await expect(request).toContainText("Price TT$150.00");

  await request.getByRole("button", { name: /^Confirm/ }).click();
  const alert = request.getByRole("alert");
  // Only the providers this deployment offers are named (the e2e stack offers all three).
  await expect(alert).toContainText("connect Zoom, Google Meet or Jitsi Meet on the Video setup page before confirming bookings");
  await expect(alert.getByRole("link", { name: "Set up video" })).toHaveAttribute("href", "/tutor/video-setup");

  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  await request.getByRole("button", { name: /^Confirm/ }).click();
  await expect(page).toHaveURL(`/tutor/bookings/${toConfirm}`);
  await expect(page.getByTestId("session-status")).toHaveText("Scheduled");
  await expect(page.getByTestId("rule-join-opens")).toBeVisible();
  await expect(page.getByTestId("audit-trail")).toContainText("Session created with a meeting link");

  await page.goto(`/tutor/bookings/${toDecline}`);
  await page.getByRole("button", { name: /^Decline/ }).click();
  // Declining asks first (the reason is optional).
  await page.getByRole("dialog", { name: "Decline this request?" }).getByRole("button", { name: "Decline request" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("Declined");
  await page.goto("/tutor/bookings");
  await expect(page.getByText("No pending requests right now.")).toBeVisible();
});

test("a student approves a parent's request, and only then the parent sees the child's sessions", async ({ page, browser }, testInfo) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const parent = await person(sql, "parent");
  const { bookingId } = await session(tutor, student, 24 * 60, 60);
  await sql`insert into public.parent_students (parent_id, student_id) values (${parent.id}, ${student.id})`;

  const parentPage = await newPage(browser);
  await signInAs(parentPage, parent, "/parent/sessions");
  await expect(parentPage.getByText("waiting for your child's approval")).toBeVisible();
  await expect(parentPage.getByTestId("session-row")).toHaveCount(0);

  await signInAs(page, student, "/student/sessions");
  const link = page.getByTestId("parent-link").filter({ hasText: parent.name });
  await expect(link).toContainText(`${parent.name} wants to see your sessions.`);
  await page.screenshot({ path: testInfo.outputPath("student-parent-request.png") });
  await link.getByRole("button", { name: `Approve ${parent.name}` }).click();
  await expect(page.getByTestId("parent-link").filter({ hasText: parent.name })).toContainText(`${parent.name} can see your sessions.`);

  await parentPage.reload();
  const row = parentPage.locator(`[data-booking-id="${bookingId}"]`);
  await expect(row).toContainText(`${student.name} with ${tutor.name}`);
  await row.getByRole("link", { name: /^View session/ }).click();
  await expect(parentPage).toHaveURL(`/parent/bookings/${bookingId}`);
  await expect(parentPage.getByTestId("rule-charge")).toBeVisible();
  await parentPage.context().close();
});

test("a booking that is not yours, or not a booking at all, is not found", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  const other = await person(sql, "student");
  const { bookingId } = await session(tutor, other, 2 * 24 * 60, 60);

  await signInAs(page, await demoPerson(sql, "student@example.com"), "/student/sessions");
  for (const id of [bookingId, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
    const response = await page.goto(`/student/bookings/${id}`);
    expect(response?.status(), id).toBe(404);
  }
});

test("the demo tutor's pages fit a 375 px phone and show every kind of session", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signInAs(page, { id: "", email: "tutor@example.com", password: DEMO_PASSWORD, name: "" }, "/tutor/sessions");
  await expect(page.getByRole("heading", { level: 2, name: /Upcoming/ })).toBeVisible();
  const past = page.getByRole("region", { name: /Past/ });
  await expect(past.getByTestId("session-status").filter({ hasText: "Completed" }).first()).toBeVisible();
  await expect(past.getByTestId("session-status").filter({ hasText: "No-show" }).first()).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("tutor-sessions-375.png"), fullPage: true });

  await page
    .getByTestId("session-row")
    .first()
    .getByRole("link", { name: /^View session/ })
    .click();
  await expect(page.getByRole("heading", { level: 2, name: "Audit trail" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("tutor-detail-375.png"), fullPage: true });

  await page.goto("/tutor/bookings");
  await expect(page.getByRole("heading", { level: 1, name: "Booking requests" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("tutor-bookings-375.png"), fullPage: true });
});

test("the admin sees an early-ended session awaiting resolution and the recent charges", async ({ page }, testInfo) => {
  const tutor = await person(sql, "tutor");
  // a student of its own: one student never holds two overlapping lessons (bookings_student_no_overlap)
  const student = await person(sql, "student");
  const { sessionId } = await session(tutor, student, -3 * 60, 60);
  // What the charge job leaves for an admin: the meeting lasted 20 of the 39 payable minutes.
  await sql`
    update public.sessions set status = 'EARLY_END_SHORT',
      meeting_started_at = scheduled_start_at, meeting_ended_at = scheduled_start_at + interval '20 minutes'
    where id = ${sessionId}`;

  await signInAs(page, { id: "", email: "admin@example.com", password: DEMO_PASSWORD, name: "" }, "/admin");
  const attention = page.getByRole("region", { name: /Needs attention/ });
  const item = attention.locator(`[data-session-id="${sessionId}"]`);
  await expect(item).toContainText(`${student.name} with ${tutor.name}`);
  await expect(item.getByTestId("session-status")).toHaveText("Ended early");
  await expect(item).toContainText("(20 min)");
  await expect(page.getByRole("region", { name: "Recent charges" }).getByTestId("admin-session").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("admin.png"), fullPage: true });
});
