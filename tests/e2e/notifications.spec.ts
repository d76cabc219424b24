import { expect, test } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { readCaughtMail } from "../../lib/notifications/transports/read-caught-mail.ts";
import { LOCAL_CRON_SECRET } from "../../supabase/local/config.ts";
import { MINUTE, pendingBooking, person, signInAs } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Notifications end to end (issue 12): a tutor's decision shows in the student's bell and
 * list, the cron tick emails it through the local SMTP catcher (/dev/mail), and the email's
 * one-click unsubscribe link works.
 */

let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

test("a tutor's decline shows in the student's bell and in /dev/mail; its unsubscribe link works", async ({ page, browser, request }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const bookingId = await pendingBooking(sql, tutor, student, new Date(Date.now() + 3 * 24 * 60 * MINUTE));

  await signInAs(page, tutor, "/tutor/sessions");
  await page.goto(`/tutor/bookings/${bookingId}`);
  await page.getByRole("button", { name: /^Decline/ }).click();
  const dialog = page.getByRole("dialog", { name: "Decline this request?" });
  await dialog.getByLabel("Reason (optional)").fill("Away that week");
  await dialog.getByRole("button", { name: "Decline request" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("Declined");
  // the tutor is not told about their own decision
  await expect(page.getByTestId("notification-count")).toHaveCount(0);

  const studentPage = await (await browser.newContext()).newPage();
  await signInAs(studentPage, student, "/student/sessions");
  const bell = studentPage.getByTestId("notification-bell");
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(studentPage.getByTestId("notification-count")).toHaveText("1");
  await bell.click();
  await expect(studentPage).toHaveURL("/notifications");
  const item = studentPage.getByTestId("notification-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`Booking declined: Mathematics with ${tutor.name}`);
  await expect(item).toContainText("Unread");
  await item.getByRole("button", { name: /as read$/ }).click();
  await expect(studentPage.getByTestId("notification-count")).toHaveCount(0);
  await expect(item).toHaveAttribute("data-read", "true");
  // the title links to the booking
  await item.getByRole("link", { name: /Booking declined/ }).click();
  await expect(studentPage).toHaveURL(`/student/bookings/${bookingId}`);

  // The cron tick delivers the email to the local catcher.
  const tick = await request.get("/api/cron/process-charges", { headers: { Authorization: `Bearer ${LOCAL_CRON_SECRET}` } });
  expect(tick.status()).toBe(200);
  expect(((await tick.json()) as { notifications: { sent: number } }).notifications.sent).toBeGreaterThanOrEqual(1);
  await studentPage.goto("/dev/mail");
  const mail = studentPage.getByTestId("caught-mail-item").filter({ hasText: student.email });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText(`Booking declined: Mathematics with ${tutor.name}`);
  await mail.locator("summary").click();
  await expect(mail).toContainText("Away that week");
  await expect(mail).toContainText(`/student/bookings/${bookingId}`);

  // The email's List-Unsubscribe link: a confirm page, then one click turns booking emails off.
  const [caught] = (await readCaughtMail(e2eStack().mailFile)).filter((m) => m.to.includes(student.email));
  const unsubscribeUrl = caught?.headers["list-unsubscribe"]?.replace(/^<|>$/g, "");
  expect(unsubscribeUrl).toMatch(/\/api\/notifications\/unsubscribe\?token=/);
  await studentPage.goto(unsubscribeUrl!);
  await expect(studentPage.getByRole("heading", { name: "Stop “Booking updates” emails?" })).toBeVisible();
  await studentPage.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(studentPage.getByRole("heading", { name: "Unsubscribed" })).toBeVisible();
  await studentPage.goto("/account/notifications");
  await expect(studentPage.getByLabel("Booking updates")).not.toBeChecked();
  await expect(studentPage.getByLabel(/Payments and receipts/)).toBeDisabled();
  await expect(studentPage.getByLabel(/Payments and receipts/)).toBeChecked();
  await studentPage.context().close();
});
