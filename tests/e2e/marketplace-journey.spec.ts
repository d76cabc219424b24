import { TZDate } from "@date-fns/tz";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { LOCAL_CRON_SECRET } from "../../supabase/local/config.ts";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { person, signInAs } from "./support/people.ts";
import { giveSavedCard } from "./support/payments.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * The marketplace journey (issues 9 and 12), all through the pages: a Port of Spain tutor sets weekly hours,
 * their profile and a subject; a student in Kolkata (browser and profile) finds them by search text and by
 * subject, books a slot with a note, sees the confirmation and the request waiting in My Classes; the tutor
 * gets it in the bell, in /bookings and by email (/dev/mail), confirms it; each side sees the lesson at its
 * own local time; a London parent books the same tutor for one of two linked children. 375 px screenshots.
 */

const TUTOR_ZONE = "America/Port_of_Spain";
const STUDENT_ZONE = "Asia/Kolkata";
const PARENT_ZONE = "Europe/London";
const PHONE = { width: 375, height: 800 };
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

let sql: Sql;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

// Letters only: it goes into a search word, a subject slug and names.
const tag =
  Math.random()
    .toString(36)
    .replace(/[^a-z]/g, "")
    .slice(0, 6) || "qz";

/** How every page writes an instant (lib/format/date-time.ts "datetime"), computed here on its own. */
function localDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-TT", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(at);
}

/** `days` from today on the tutor's calendar, at `hour`:00 their time, as an instant. */
function tutorWallTime(days: number, hour: number): Date {
  const today = TZDate.tz(TUTOR_ZONE);
  return new Date(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + days, hour, 0, 0, TUTOR_ZONE).getTime());
}

async function contextPage(browser: Browser, options: { timezoneId: string; phone?: boolean }): Promise<Page> {
  const context = await browser.newContext({ timezoneId: options.timezoneId, ...(options.phone ? { viewport: PHONE } : {}) });
  return context.newPage();
}

/** A slot link by its instant; its day may be folded away (only the first days open), so unfold it like a person would. */
async function pickSlot(page: Page, at: Date): Promise<Locator> {
  const slot = page.locator(`[data-testid="slot"][data-start="${at.toISOString()}"]`);
  await expect(slot).toHaveCount(1);
  const day = slot.locator("xpath=ancestor::details[1]");
  if (!(await day.evaluate((element) => (element as HTMLDetailsElement).open))) await day.locator("summary").click();
  await slot.click();
  await expect(page).toHaveURL(new RegExp(`start=${encodeURIComponent(at.toISOString())}`));
  return slot;
}

test("a tutor publishes hours, a student in another zone books, the tutor confirms, a parent books for a child", async ({
  browser,
}, testInfo) => {
  const tutorName = `Rowan Vale${tag}`;
  const subjectName = `Astronomy ${tag}`;
  const subjectSlug = `astronomy-${tag}`;
  const searchWord = `stargazing${tag}`;
  const tutor = await person(sql, "tutor", { name: tutorName });
  const student = await person(sql, "student");
  const parent = await person(sql, "parent");
  const otherChild = await person(sql, "student");
  // Booking needs the payer's saved card with the Stripe fake (payments.spec.ts walks the Checkout pages).
  await giveSavedCard(sql, student);
  await giveSavedCard(sql, parent);
  await sql`update public.profiles set timezone = ${STUDENT_ZONE} where id = ${student.id}`;
  await sql`update public.profiles set timezone = ${PARENT_ZONE} where id = ${parent.id}`;
  // A working video connection (video-setup.spec.ts walks that page); subjects are an admin's list.
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  await sql`insert into public.subjects (slug, name) values (${subjectSlug}, ${subjectName})`;
  await sql`insert into public.parent_students (parent_id, student_id, approved_at)
            values (${parent.id}, ${student.id}, now()), (${parent.id}, ${otherChild.id}, now())`;

  // ── The tutor: weekly hours 09:00–17:00 every day in Port of Spain, then the public profile and a subject.
  const tutorPage = await contextPage(browser, { timezoneId: TUTOR_ZONE });
  await signInAs(tutorPage, tutor, "/tutor/sessions");
  await tutorPage.getByRole("link", { name: "Availability" }).click();
  await expect(tutorPage.getByRole("heading", { level: 1, name: "Availability" })).toBeVisible();
  await tutorPage.getByLabel("Your time zone").fill(TUTOR_ZONE);
  for (const day of WEEKDAYS) await tutorPage.getByRole("button", { name: `Add a range on ${day}` }).click();
  await expect(tutorPage.getByLabel("Sunday, range 1, from")).toHaveValue("09:00");
  await expect(tutorPage.getByLabel("Sunday, range 1, until")).toHaveValue("17:00");
  await tutorPage.getByRole("button", { name: "Save availability" }).click();
  await expect(tutorPage.getByText("Saved. Students now see these hours.")).toBeVisible();
  await expect(tutorPage.getByTestId("availability-preview")).toContainText(`start times in ${TUTOR_ZONE}`);

  await tutorPage.getByRole("link", { name: "Profile", exact: true }).click();
  await tutorPage.getByLabel("Name students see").fill(tutorName);
  await tutorPage.getByLabel("Headline").fill(`Stargazing${tag} and the night sky, from first telescope to exams`);
  await tutorPage.getByLabel("About you").fill("Amateur astronomer and physics teacher.");
  await tutorPage.getByRole("button", { name: "Save profile" }).click();
  await expect(tutorPage.getByText("Saved. Students see your profile as shown here.")).toBeVisible();
  await tutorPage.getByLabel("Subject", { exact: true }).selectOption({ label: subjectName });
  await tutorPage.getByLabel("Hourly price (TT$)", { exact: true }).fill("120");
  await tutorPage.getByRole("button", { name: "Add subject" }).click();
  await expect(tutorPage.getByTestId("tutor-subject")).toContainText("TT$120.00");

  // ── The student, in Kolkata: search by text, then by subject alone, at phone width.
  const studentPage = await contextPage(browser, { timezoneId: STUDENT_ZONE, phone: true });
  await signInAs(studentPage, student, "/student/sessions");
  await studentPage.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Find a tutor" }).click();
  await expect(studentPage).toHaveURL("/tutors");
  await studentPage.getByLabel("Search", { exact: true }).fill(searchWord);
  await studentPage.getByRole("button", { name: "Search", exact: true }).click();
  await expect(studentPage).toHaveURL(new RegExp(`q=${searchWord}`));
  const cards = studentPage.getByTestId("tutor-card");
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText(tutorName);
  await expect(cards).toContainText(subjectName);
  await expect(studentPage.getByTestId("viewer-zone")).toContainText(/Asia\/(Kolkata|Calcutta)/);

  await studentPage.getByLabel("Search", { exact: true }).fill("");
  await studentPage.getByLabel("Subject", { exact: true }).selectOption({ label: subjectName });
  await studentPage.getByRole("button", { name: "Search", exact: true }).click();
  await expect(studentPage).toHaveURL(new RegExp(`subject=${subjectSlug}`));
  await expect(studentPage).not.toHaveURL(/q=stargazing/);
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText(tutorName);
  await expect(cards.getByTestId("next-slot")).toContainText("Next free");
  await expectNoHorizontalScroll(studentPage);
  await studentPage.screenshot({ path: testInfo.outputPath("journey-browse-375.png"), fullPage: true });

  // The profile: the day after tomorrow at 10:00 in Port of Spain is 7:30 pm in Kolkata.
  await cards.getByRole("link", { name: tutorName }).click();
  await expect(studentPage.getByRole("heading", { level: 1, name: tutorName })).toBeVisible();
  await expect(studentPage.getByTestId("tutor-subjects")).toContainText(subjectName);
  const lessonAt = tutorWallTime(2, 10);
  const studentSees = localDateTime(lessonAt, STUDENT_ZONE);
  const tutorSees = localDateTime(lessonAt, TUTOR_ZONE);
  expect(studentSees).toMatch(/, 7:30 pm$/);
  expect(tutorSees).toMatch(/, 10:00 am$/);
  const slot = await pickSlot(studentPage, lessonAt);
  await expect(slot.locator("time")).toHaveText("7:30 pm");
  await expect(slot).toContainText("tutor: 10:00 am");
  await expect(studentPage.getByTestId("lesson-when")).toHaveText(studentSees);
  await expect(studentPage.getByTestId("lesson-price")).toHaveText(/120\.00/);
  const note = `Please bring star charts (${tag}).`;
  await studentPage.getByLabel(/Special requirements/).fill(note);
  await expectNoHorizontalScroll(studentPage);
  await studentPage.screenshot({ path: testInfo.outputPath("journey-profile-375.png"), fullPage: true });
  await studentPage.getByRole("button", { name: "Book this lesson" }).click();

  // The confirmation page, then the request waiting in My Classes.
  await expect(studentPage).toHaveURL(/\/bookings\/[0-9a-f-]{36}\/requested$/, { timeout: 30_000 });
  const bookingId = /\/bookings\/([0-9a-f-]{36})\/requested$/.exec(studentPage.url())![1]!;
  await expect(studentPage.getByRole("heading", { level: 1, name: "Request sent" })).toBeVisible();
  await expect(studentPage.getByTestId("booking-status")).toHaveText("Waiting for the tutor");
  await expect(studentPage.getByTestId("booking-when")).toHaveText(studentSees);
  await expect(studentPage.getByRole("main")).toContainText(note);
  await expectNoHorizontalScroll(studentPage);
  await studentPage.screenshot({ path: testInfo.outputPath("journey-confirmation-375.png"), fullPage: true });
  await studentPage.getByRole("link", { name: "My Classes" }).click();
  await expect(studentPage).toHaveURL("/student/sessions");
  const request = studentPage.locator(`[data-testid="request-row"][data-booking-id="${bookingId}"]`);
  await expect(request.getByTestId("request-state")).toHaveText("Waiting for the tutor");
  await expect(request).toContainText(studentSees);
  await expect(request).toContainText(`with ${tutorName}`);
  await expectNoHorizontalScroll(studentPage);
  await studentPage.screenshot({ path: testInfo.outputPath("journey-my-classes-pending-375.png"), fullPage: true });

  // ── The tutor: the bell, the request list (in their own zone, with the note), and the email.
  await tutorPage.goto("/tutor/bookings");
  const bell = tutorPage.getByTestId("notification-bell");
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  const incoming = tutorPage.locator(`[data-testid="booking-request"][data-booking-id="${bookingId}"]`);
  await expect(incoming).toContainText(tutorSees);
  await expect(incoming).toContainText(`from ${student.name}`);
  await expect(incoming).toContainText(note);
  await bell.click();
  await expect(tutorPage).toHaveURL("/notifications");
  const newRequest = `New booking request: ${subjectName} with ${student.name}`;
  await expect(tutorPage.getByTestId("notification-item").filter({ hasText: newRequest })).toHaveCount(1);

  const tick = await tutorPage.request.get("/api/cron/process-charges", { headers: { Authorization: `Bearer ${LOCAL_CRON_SECRET}` } });
  expect(tick.status()).toBe(200);
  await tutorPage.goto("/dev/mail");
  const mail = tutorPage.getByTestId("caught-mail-item").filter({ hasText: tutor.email });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText(newRequest);
  await mail.locator("summary").click();
  await expect(mail).toContainText(tutorSees);
  await expect(mail).toContainText(`/tutor/bookings/${bookingId}`);

  await tutorPage.goto("/tutor/bookings");
  await incoming.getByRole("button", { name: `Confirm ${subjectName} request from ${student.name}` }).click();
  await expect(tutorPage).toHaveURL(`/tutor/bookings/${bookingId}`, { timeout: 30_000 });
  // Confirmed: the booking's page is now the session's, with its join button and times in the tutor's zone.
  await expect(tutorPage.getByRole("heading", { level: 1, name: subjectName })).toBeVisible();
  await expect(tutorPage.getByRole("button", { name: `Join ${subjectName} with ${student.name}` })).toBeVisible();
  await expect(tutorPage.getByRole("region", { name: "When and the rules" })).toContainText(tutorSees);

  // ── Both see the lesson, each at their own local time.
  await tutorPage.goto("/tutor/sessions");
  const tutorLesson = tutorPage.locator(`[data-testid="session-row"][data-booking-id="${bookingId}"]`);
  await expect(tutorLesson).toContainText(tutorSees);
  await expect(tutorLesson).toContainText(subjectName);
  await expect(tutorPage.getByText("Times are in your time zone, America/Port of Spain").first()).toBeVisible();

  await studentPage.reload();
  const studentLesson = studentPage.locator(`[data-testid="session-row"][data-booking-id="${bookingId}"]`);
  await expect(studentLesson).toContainText(studentSees);
  await expect(studentLesson).toContainText(subjectName);
  await expect(request).toHaveCount(0);
  // The confirmation reached the student's bell too.
  await expect(studentPage.getByTestId("notification-bell")).toHaveAccessibleName("Notifications, 1 unread");
  await expectNoHorizontalScroll(studentPage);
  await studentPage.screenshot({ path: testInfo.outputPath("journey-my-classes-375.png"), fullPage: true });
  await studentPage.context().close();

  // ── The parent, in London, books the next day for one of two children, chosen on the profile page.
  const parentPage = await contextPage(browser, { timezoneId: PARENT_ZONE, phone: true });
  await signInAs(parentPage, parent, "/parent/sessions");
  await parentPage.goto(`/tutors?subject=${subjectSlug}`);
  await parentPage.getByTestId("tutor-card").getByRole("link", { name: tutorName }).click();
  await expect(parentPage.getByRole("heading", { level: 1, name: tutorName })).toBeVisible();
  const childLessonAt = tutorWallTime(3, 11);
  const parentSees = localDateTime(childLessonAt, PARENT_ZONE);
  expect(parentSees).toMatch(/, [34]:00 pm$/); // 3 pm in winter, 4 pm in British Summer Time
  await pickSlot(parentPage, childLessonAt);
  // The student's lesson is held: that slot is no longer offered.
  await expect(parentPage.locator(`[data-testid="slot"][data-start="${lessonAt.toISOString()}"]`)).toHaveCount(0);
  const who = parentPage.getByLabel("Who is the lesson for?");
  await expect(who.locator("option")).toHaveCount(2);
  await expect(who.locator("option", { hasText: otherChild.name })).toHaveCount(1);
  await who.selectOption({ label: student.name });
  await parentPage.getByRole("button", { name: "Book this lesson" }).click();
  await expect(parentPage).toHaveURL(/\/bookings\/[0-9a-f-]{36}\/requested$/, { timeout: 30_000 });
  const childBookingId = /\/bookings\/([0-9a-f-]{36})\/requested$/.exec(parentPage.url())![1]!;
  await expect(parentPage.getByTestId("booking-when")).toHaveText(parentSees);
  await expect(parentPage.getByRole("main")).toContainText(student.name);
  await parentPage.getByRole("link", { name: "My Classes" }).click();
  const childRequest = parentPage.locator(`[data-testid="request-row"][data-booking-id="${childBookingId}"]`);
  await expect(childRequest).toContainText(`for ${student.name}`);
  await expect(childRequest).toContainText(parentSees);
  await expect(childRequest.getByTestId("request-state")).toHaveText("Waiting for the tutor");
  await expectNoHorizontalScroll(parentPage);
  await parentPage.screenshot({ path: testInfo.outputPath("journey-parent-my-classes-375.png"), fullPage: true });
  const [row] = await sql<{ student_id: string; requested_by: string; status: string }[]>`
    select student_id, requested_by, status from public.bookings where id = ${childBookingId}`;
  expect(row).toMatchObject({ student_id: student.id, requested_by: parent.id, status: "pending" });
  await parentPage.context().close();

  // The tutor sees the child's request too, at their own time.
  await tutorPage.goto("/tutor/bookings");
  await expect(tutorPage.locator(`[data-testid="booking-request"][data-booking-id="${childBookingId}"]`)).toContainText(
    localDateTime(childLessonAt, TUTOR_ZONE),
  );
  await tutorPage.context().close();
});
