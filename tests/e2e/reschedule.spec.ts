import { expect, request, test, type Browser, type Page } from "@playwright/test";
import ICAL from "ical.js";
import postgres, { type Sql } from "postgres";
import { createDemoSession } from "../../supabase/local/seed.ts";
import { formatInTimeZone } from "../../lib/format/date-time.ts";
import { person, signInAs, subjectId } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Rescheduling end to end (issue 10): a tutor proposes a new time from their open slots, the student
 * accepts, both booking pages show the new time, and the student's calendar feed moves the event
 * (same UID, higher SEQUENCE).
 */

const HOUR = 3_600_000;
const ZONE = "America/Port_of_Spain"; // every new profile's default zone

let sql: Sql;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** 15:00 UTC (11:00 in Port of Spain) `days` from today: well inside the tutor's open hours. */
function at15Utc(days: number): Date {
  const date = new Date(Date.now() + days * 24 * HOUR);
  date.setUTCHours(15, 0, 0, 0);
  return date;
}

/** The session's event in an .ics document fetched by `get` (a calendar app has no cookies: the feed needs none). */
async function icsEvent(get: () => Promise<{ status: () => number; text: () => Promise<string> }>, sessionId: string) {
  const response = await get();
  expect(response.status()).toBe(200);
  const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const event = events.find((candidate) => candidate.uid.startsWith(`session-${sessionId}@`));
  expect(event, "the session is in the feed").toBeTruthy();
  return { start: event!.startDate.toJSDate(), sequence: event!.sequence, zone: event!.startDate.zone?.tzid };
}

test("a tutor proposes a new time, the student accepts, both pages and the student's calendar feed move", async ({ page, browser }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  for (let weekday = 0; weekday < 7; weekday += 1) {
    await sql`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
              values (${tutor.id}, ${weekday}, '08:00', '20:00', ${ZONE})`;
  }
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  const startAt = at15Utc(3);
  const target = new Date(startAt.getTime() + 25 * HOUR);
  const sessionId = (await createDemoSession({
    sql,
    tutorId: tutor.id,
    studentId: student.id,
    subjectId: await subjectId(sql),
    startAt,
    durationMinutes: 60,
    priceCents: 15_000,
    now: new Date(),
  }))!;
  const [row] = await sql<{ booking_id: string }[]>`select booking_id from public.sessions where id = ${sessionId}`;
  const bookingId = row!.booking_id;

  // The student makes a feed URL first: the lesson is there at its first time, SEQUENCE 0.
  await signInAs(page, student, "/student/sessions");
  await page.goto("/account");
  await page.getByRole("button", { name: "Create feed URL" }).click();
  const feedUrl = await page.getByTestId("calendar-feed-url").inputValue();
  expect(feedUrl).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const calendarApp = await request.newContext();
  const before = await icsEvent(() => calendarApp.get(feedUrl), sessionId);
  expect(before).toMatchObject({ start: startAt, sequence: 0, zone: "UTC" });

  // The tutor proposes the new time from the picker, with the keyboard.
  const tutorPage = await newPage(browser);
  await signInAs(tutorPage, tutor, "/tutor/sessions");
  await tutorPage.goto(`/tutor/bookings/${bookingId}`);
  await expect(tutorPage.getByRole("link", { name: "Add to calendar" })).toBeVisible();
  await tutorPage.getByRole("button", { name: "Reschedule" }).click();
  const dialog = tutorPage.getByRole("dialog", { name: "Propose a new time" });
  await expect(dialog).toBeVisible();
  const day = dialog.getByRole("group", { name: formatInTimeZone(target, ZONE, "date") });
  const slot = day.getByRole("radio", { name: formatInTimeZone(target, ZONE, "time") });
  await slot.focus();
  await tutorPage.keyboard.press("Space");
  await expect(slot).toBeChecked();
  await dialog.getByRole("button", { name: /^Propose / }).click();
  await expect(tutorPage.getByTestId("reschedule-proposal")).toContainText("You proposed");
  await expect(tutorPage.getByRole("button", { name: "Withdraw proposal" })).toBeVisible();

  // The student sees it and accepts.
  await page.goto(`/student/bookings/${bookingId}`);
  const proposal = page.getByTestId("reschedule-proposal");
  await expect(proposal).toContainText("The tutor proposed");
  await expect(proposal).toContainText(formatInTimeZone(target, ZONE));
  await page.getByRole("button", { name: "Accept new time" }).click();
  await expect(page.getByTestId("reschedule-proposal")).toHaveCount(0);
  await expect(page.locator("header").getByText(formatInTimeZone(target, ZONE))).toBeVisible();

  // The meeting was moved right after the commit: nothing is left for the cron retry.
  expect(await sql`select 1 from public.session_meeting_update_retries where session_id = ${sessionId}`).toHaveLength(0);

  // The tutor's page shows the new time too.
  await tutorPage.reload();
  await expect(tutorPage.locator("header").getByText(formatInTimeZone(target, ZONE))).toBeVisible();

  // The feed moves the same event and raises its SEQUENCE.
  const after = await icsEvent(() => calendarApp.get(feedUrl), sessionId);
  expect(after.start).toEqual(target);
  expect(after.sequence).toBeGreaterThan(before.sequence);
  // "Add to calendar" on the page gives the same moved event.
  const single = await icsEvent(() => page.request.get(`/api/sessions/${sessionId}/calendar.ics`), sessionId);
  expect(single).toEqual(after);
  await calendarApp.dispose();
});
