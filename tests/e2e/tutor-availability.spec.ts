import { expect, test } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { formatInTimeZone } from "../../lib/format/date-time.ts";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { MINUTE, pendingBooking, person, signInAs, subjectId, type TPerson } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/** The tutor side of issue 9: availability editor, its preview, the calendar week, the profile editor. */

const ZONE = "America/New_York";
const DAY = 24 * 60 * MINUTE;

let sql: Sql;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function bookableTutor(): Promise<TPerson> {
  const tutor = await person(sql, "tutor");
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  return tutor;
}

/** "YYYY-MM-DD" of an instant on a zone's calendar. */
function dateIn(zone: string, at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

test("a tutor sets weekly hours, a day off and settings, saves, sees the preview and the week on the calendar", async ({
  page,
}, testInfo) => {
  const tutor = await bookableTutor();
  await signInAs(page, tutor, "/tutor/sessions");
  await page.getByRole("link", { name: "Availability" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Availability" })).toBeVisible();
  await expect(page.getByTestId("not-bookable")).toHaveCount(0);

  await page.getByLabel("Your time zone").fill(ZONE);
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) {
    await page.getByRole("button", { name: `Add a range on ${day}` }).click();
  }
  // Every day 09:00–17:00; Friday's evening range runs to midnight (24:00).
  await page.getByRole("button", { name: "Add a range on Friday" }).click();
  await page.getByLabel("Friday, range 2, from").selectOption("20:00");
  await page.getByLabel("Friday, range 2, until").selectOption("24:00");

  const dayOff = dateIn(ZONE, new Date(Date.now() + 2 * DAY));
  await page.getByRole("button", { name: "Add a day off" }).click();
  await page.getByLabel("Date", { exact: true }).fill(dayOff);

  await page.getByLabel("30 min", { exact: true }).check();
  await page.getByLabel("Lessons can start every").selectOption("60");
  await page.getByLabel("Minimum notice (hours)").fill("1");
  await page.getByLabel("Instant booking").check();
  await page.getByRole("button", { name: "Save availability" }).click();

  await expect(page.getByText("Saved. Students now see these hours.")).toBeVisible();
  const preview = page.getByTestId("availability-preview");
  await expect(preview).toContainText("Open slots in the next 7 days");
  await expect(preview).toContainText(`1 h lessons, start times in ${ZONE}`);
  // The day off offers nothing; the day after it does.
  const label = (date: string) => formatInTimeZone(new Date(`${date}T17:00:00Z`), ZONE, "date");
  await expect(preview).not.toContainText(label(dayOff));
  await expect(preview).toContainText(label(dateIn(ZONE, new Date(Date.now() + 3 * DAY))));

  const rules = await sql`select timezone from public.tutor_availability where tutor_id = ${tutor.id}`;
  expect(rules).toHaveLength(8);
  expect(new Set(rules.map((rule) => rule.timezone))).toEqual(new Set([ZONE]));
  const [settings] =
    await sql`select lesson_lengths, step_minutes, minimum_notice_minutes, is_instant_booking from public.tutor_booking_settings where tutor_id = ${tutor.id}`;
  expect(settings).toMatchObject({ lesson_lengths: [30, 60], step_minutes: 60, minimum_notice_minutes: 60, is_instant_booking: true });
  const [profile] = await sql`select next_slot_at from public.tutor_profiles where tutor_id = ${tutor.id}`;
  expect(profile?.next_slot_at).not.toBeNull();
  await page.screenshot({ path: testInfo.outputPath("tutor-availability-saved.png"), fullPage: true });

  // A pending request shows on the calendar and opens its booking.
  const student = await person(sql, "student");
  const requestAt = new Date(Date.now() + 3 * DAY);
  const bookingId = await pendingBooking(sql, tutor, student, requestAt);
  await page.getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByTestId("calendar-zone")).toContainText(`Times in ${ZONE}`);
  await page.goto(`/tutor/calendar?week=${dateIn(ZONE, requestAt)}`);
  const grid = page.getByTestId("calendar-grid");
  await expect(grid).toBeVisible();
  await expect(grid.getByTestId("calendar-request")).toHaveCount(1);
  await page.goto(`/tutor/calendar?week=${dayOff}`);
  await expect(grid.getByText("Day off")).toBeVisible();

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/tutor/calendar?week=${dayOff}`);
  await expect(grid).toBeHidden();
  const dayList = page.getByTestId("calendar-day-list");
  await expect(dayList.getByTestId(`calendar-day-${dayOff}`)).toContainText("Day off");
  await expect(dayList.getByTestId(`calendar-day-${dayOff}`)).toContainText("Not available");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("tutor-calendar-375.png"), fullPage: true });

  await page.goto(`/tutor/calendar?week=${dateIn(ZONE, requestAt)}`);
  await dayList.getByTestId("calendar-request").click();
  await expect(page).toHaveURL(`/tutor/bookings/${bookingId}`);

  await page.goto("/tutor/availability");
  await expect(page.getByLabel("Friday, range 2, until")).toHaveValue("24:00");
  await expect(page.getByLabel("Your time zone")).toHaveValue(ZONE);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("tutor-availability-375.png"), fullPage: true });
});

test("a tutor without a video connection is told they can't be booked, and where to fix it", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  await signInAs(page, tutor, "/tutor/sessions");
  await page.goto("/tutor/availability");
  const notice = page.getByTestId("not-bookable");
  await expect(notice).toContainText("Students can't book you yet.");
  await expect(notice).toContainText("No video provider is connected");
  await notice.getByRole("link", { name: "Go to video setup" }).click();
  await expect(page).toHaveURL("/tutor/video-setup");
});

test("a tutor edits their public profile and sets a subject's hourly price", async ({ page }, testInfo) => {
  await subjectId(sql);
  const tutor = await bookableTutor();
  await signInAs(page, tutor, "/tutor/sessions");
  await page.getByRole("link", { name: "Profile", exact: true }).click();
  await page.getByLabel("Name students see").fill("Ada Lovelace");
  await expect(page.getByTestId("initials-avatar")).toHaveText("AL");
  await page.getByLabel("Headline").fill("CSEC maths, patiently");
  await page.getByLabel("About you").fill("Ten years of teaching.");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Saved. Students see your profile as shown here.")).toBeVisible();

  await page.getByLabel("Subject", { exact: true }).selectOption({ label: "Mathematics" });
  await page.getByLabel("Hourly price (TT$)", { exact: true }).fill("150.50");
  await page.getByRole("button", { name: "Add subject" }).click();
  await expect(page.getByTestId("tutor-subject")).toContainText("TT$150.50");
  const [row] = await sql`select price_cents, currency from public.tutor_subjects where tutor_id = ${tutor.id}`;
  expect(row).toMatchObject({ price_cents: "15050", currency: "TTD" });
  const [profile] = await sql`select display_name, headline from public.tutor_profiles where tutor_id = ${tutor.id}`;
  expect(profile).toMatchObject({ display_name: "Ada Lovelace", headline: "CSEC maths, patiently" });
  await page.setViewportSize({ width: 375, height: 800 });
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("tutor-profile-375.png"), fullPage: true });
});
