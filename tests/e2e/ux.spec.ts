import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { formatShortDay } from "../../lib/format/booking-title.ts";
import { LONG_DEMO_EMAIL } from "../../supabase/local/seed.ts";
import { demoPerson, MINUTE, pendingBooking, person, session, signInAs, type TPerson } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * What people see (issue 8): confirmations, the no-show warning, charge times, the account
 * page, page titles, and long names on a 375 px phone. Each test makes its own people.
 */

const ZONE = "America/Port_of_Spain"; // accounts made here keep the platform's default zone
const APP = "Tutoring Sessions";
let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function newPage(browser: Browser, options: { timezoneId?: string } = {}): Promise<Page> {
  return (await browser.newContext(options)).newPage();
}

async function expectFitsPhone(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "page width at 375 px").toBeLessThanOrEqual(375);
}

test("Decline asks first and takes a reason the student then reads; booking pages are titled by subject, person and day", async ({
  page,
  browser,
}, testInfo) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const startAt = new Date(Date.now() + 3 * 24 * 60 * MINUTE);
  const bookingId = await pendingBooking(sql, tutor, student, startAt);
  const day = formatShortDay(startAt, ZONE);

  await signInAs(page, tutor, "/tutor/sessions");
  await page.goto(`/tutor/bookings/${bookingId}`);
  await expect(page).toHaveTitle(`Mathematics with ${student.name} · ${day} · ${APP}`);

  await page.getByRole("button", { name: /^Decline/ }).click();
  const dialog = page.getByRole("dialog", { name: "Decline this request?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("the student is told");
  // Cancel has the focus: one Enter or Escape declines nothing.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  expect((await sql`select status from public.bookings where id = ${bookingId}`)[0]!.status).toBe("pending");

  await page.getByRole("button", { name: /^Decline/ }).click();
  await dialog.getByLabel("Reason (optional)").fill("I'm away that week, sorry.");
  await expect(dialog).toContainText(`${500 - "I'm away that week, sorry.".length} characters left`);
  await page.screenshot({ path: testInfo.outputPath("decline-dialog.png") });
  await dialog.getByRole("button", { name: "Decline request" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("Declined");
  await expect(page.getByTestId("decline-reason")).toHaveText("Declined: I'm away that week, sorry.");
  const [row] = await sql`select decline_reason from public.bookings where id = ${bookingId}`;
  expect(row!.decline_reason).toBe("I'm away that week, sorry.");
  const events = await sql`select type, actor_id from public.booking_events where booking_id = ${bookingId}`;
  expect(events).toEqual([{ type: "booking.declined", actor_id: tutor.id }]);

  const studentPage = await newPage(browser);
  await signInAs(studentPage, student, "/student/sessions");
  await expect(studentPage).toHaveTitle(`My sessions · ${APP}`);
  await studentPage.goto(`/student/bookings/${bookingId}`);
  await expect(studentPage).toHaveTitle(`Mathematics with ${tutor.name} · ${day} · ${APP}`);
  await expect(studentPage.getByTestId("decline-reason")).toHaveText("Declined: I'm away that week, sorry.");
  await studentPage.context().close();
});

test("the no-show warning goes once the student joins, and never shows a deadline that has passed", async ({ page, context, browser }) => {
  const student = await person(sql, "student");
  // Another student for the second lesson: one student never holds two overlapping lessons (bookings_student_no_overlap).
  const otherStudent = await person(sql, "student");
  const tutorA = await person(sql, "tutor");
  const tutorB = await person(sql, "tutor");
  await context.route("https://meet.jit.si/**", (route) => route.fulfill({ contentType: "text/html", body: "meeting" }));
  // 60 minutes, started 15 minutes ago: the 19-minute wait ends in 4 minutes.
  const soon = await session(sql, { tutor: tutorA, student, startInMinutes: -15, durationMinutes: 60 });
  // Started 25 minutes ago: the wait ended 6 minutes ago.
  const passed = await session(sql, { tutor: tutorB, student: otherStudent, startInMinutes: -25, durationMinutes: 60 });

  const otherPage = await newPage(browser);
  await signInAs(otherPage, otherStudent, "/student/sessions");
  const passedRow = otherPage.locator(`[data-booking-id="${passed.bookingId}"]`);
  await expect(passedRow.getByTestId("no-show-note")).toHaveText(/^You haven't joined yet: your tutor may now mark a no-show/);
  await expect(passedRow.getByTestId("no-show-note")).not.toContainText(" by ");
  await otherPage.close();

  await signInAs(page, student, "/student/sessions");

  const row = page.locator(`[data-booking-id="${soon.bookingId}"]`);
  await expect(row.getByTestId("no-show-note")).toHaveText(/^If you haven't joined by \d{1,2}:\d\d [ap]m, your tutor may mark a no-show/);
  const popup = page.waitForEvent("popup");
  await row.getByRole("button", { name: /^Join/ }).click();
  await (await popup).close();
  await expect(row.getByTestId("no-show-note")).toHaveCount(0);
  // The join is recorded: after a reload the warning stays away, on the list and on the session's page.
  await page.reload();
  await expect(row.getByTestId("session-status")).toBeVisible();
  await expect(row.getByTestId("no-show-note")).toHaveCount(0);
  await page.goto(`/student/bookings/${soon.bookingId}`);
  await expect(page.getByTestId("session-join")).toBeVisible();
  await expect(page.getByTestId("no-show-note")).toHaveCount(0);
});

test("the tutor's no-show dialog says the tutor must have joined; Charged at shows the charge's own time", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const { bookingId, sessionId } = await session(sql, { tutor, student, startInMinutes: -20, durationMinutes: 60, isTutorJoined: true });

  await signInAs(page, tutor, "/tutor/sessions");
  await page.goto(`/tutor/bookings/${bookingId}`);
  const [scheduled] = await sql<{ charge_scheduled_at: Date }[]>`select charge_scheduled_at from public.sessions where id = ${sessionId}`;
  await expect(page.getByText("Charge scheduled for", { exact: true })).toBeVisible();
  await expect(page.getByTestId("rule-charge").locator("time")).toHaveAttribute("datetime", scheduled!.charge_scheduled_at.toISOString());

  await page.getByRole("button", { name: "Mark no-show" }).click();
  const dialog = page.getByRole("dialog", { name: `Mark ${student.name} as a no-show?` });
  await expect(dialog.getByTestId("no-show-tutor-joined-note")).toContainText("You must have joined the lesson yourself first");
  await dialog.getByRole("button", { name: /^Mark no-show and charge/ }).click();
  await expect(page.getByTestId("session-status")).toHaveText("No-show");

  const [charged] = await sql<{ charged_at: Date }[]>`select charged_at from public.sessions where id = ${sessionId}`;
  await expect(page.getByText("Charged at", { exact: true })).toBeVisible();
  await expect(page.getByText("Charge scheduled for", { exact: true })).toHaveCount(0);
  // When it happened (now), not the scheduled end 40 minutes away.
  await expect(page.getByTestId("rule-charge").locator("time")).toHaveAttribute("datetime", charged!.charged_at.toISOString());
});

test("every role has an Account page: name and zone saved, the browser's zone one click away, email read-only", async ({
  browser,
}, testInfo) => {
  const student = await person(sql, "student");
  const page = await newPage(browser, { timezoneId: "Asia/Tokyo" });
  await signInAs(page, student, "/student/sessions");
  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page).toHaveURL("/account");
  await expect(page).toHaveTitle(`Account · ${APP}`);
  await expect(page.getByTestId("account-email")).toHaveText(student.email);
  await expect(page.getByLabel("Time zone")).toHaveValue(ZONE);

  await page.getByLabel("Name", { exact: true }).fill("Renamed Person");
  await page.getByRole("button", { name: "Use my browser's zone" }).click();
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Saved. Times are shown in Asia/Tokyo.");
  await page.screenshot({ path: testInfo.outputPath("account.png"), fullPage: true });
  const saved = async () => (await sql`select full_name, timezone from public.profiles where id = ${student.id}`)[0];
  expect(await saved()).toEqual({ full_name: "Renamed Person", timezone: "Asia/Tokyo" });

  await page.getByLabel("Time zone").fill("Nowhere/Land");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Choose a time zone from the list")).toBeVisible();
  await expect(page.getByLabel("Time zone")).toBeFocused();
  expect(await saved()).toEqual({ full_name: "Renamed Person", timezone: "Asia/Tokyo" });
  await page.context().close();

  for (const [role, home] of [
    ["tutor", "/tutor/sessions"],
    ["parent", "/parent/sessions"],
  ] as const) {
    const other = await newPage(browser);
    await signInAs(other, await person(sql, role), home);
    await other.goto("/account");
    await expect(other.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await other.context().close();
  }
});

test("long unbroken names and emails wrap at 375 px instead of widening the page", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const long = await demoPerson(sql, LONG_DEMO_EMAIL);
  const tutor: TPerson = await person(sql, "tutor", { name: "Bartholomew-Alexander Featherstonehaughmontgomeryworthington-Smythe" });
  const { bookingId } = await session(sql, { tutor, student: long, startInMinutes: 2 * 24 * 60, durationMinutes: 60 });

  await signInAs(page, long, "/student/sessions");
  await expect(page.getByTestId("viewer-email")).toHaveText(LONG_DEMO_EMAIL);
  await expect(page.locator(`[data-booking-id="${bookingId}"]`)).toContainText(tutor.name);
  await expectFitsPhone(page);
  await page.screenshot({ path: testInfo.outputPath("long-student-sessions-375.png"), fullPage: true });

  await page.goto(`/student/bookings/${bookingId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Mathematics" })).toBeVisible();
  await expectFitsPhone(page);
  await page.screenshot({ path: testInfo.outputPath("long-student-detail-375.png"), fullPage: true });

  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(LONG_DEMO_EMAIL);
  await expectFitsPhone(page);
  await page.screenshot({ path: testInfo.outputPath("long-account-375.png"), fullPage: true });

  // The tutor's side: the long-named student's request (seeded for tutor@) and session.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/, { timeout: 30_000 });
  await signInAs(page, await demoPerson(sql, "tutor@example.com"), "/tutor/sessions");
  await page.goto("/tutor/bookings");
  await expect(page).toHaveTitle(`Booking requests · ${APP}`);
  await expect(page.getByTestId("booking-request").filter({ hasText: long.name })).toBeVisible();
  await expectFitsPhone(page);
  await page.screenshot({ path: testInfo.outputPath("long-tutor-bookings-375.png"), fullPage: true });
  await page.goto("/tutor/video-setup");
  await expect(page).toHaveTitle(`Video setup · ${APP}`);
  await expectFitsPhone(page);
});
