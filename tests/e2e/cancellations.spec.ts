import { expect, test } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { formatMoney } from "../../lib/format/money.ts";
import { person, session, signInAs } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Cancellations end to end (issue 10, README "Cancellation policy"). Each test has its own tutor and
 * student and a session at a time relative to now: one well inside the free window, one late.
 */

const HOUR_MINUTES = 60;
// tests/e2e/support/people.ts books every session at this price.
const PRICE_CENTS = 15_000;

let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

async function stored(sessionId: string) {
  const [row] = await sql<{ status: string; charge_cents: string | null; ledger_rows: number; booking_status: string }[]>`
    select s.status, s.charge_cents, b.status as booking_status,
           (select count(*)::int from public.ledger_entries l where l.session_id = s.id) as ledger_rows
    from public.sessions s join public.bookings b on b.id = s.booking_id where s.id = ${sessionId}`;
  return row;
}

test("a student cancels inside the free window: no charge, the lesson is cancelled", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const { sessionId, bookingId } = await session(sql, { tutor, student, startInMinutes: 72 * HOUR_MINUTES, durationMinutes: 60 });

  await signInAs(page, student, "/student/sessions");
  // The list offers it too; the session page is where this test cancels.
  await expect(page.locator(`[data-session-id="${sessionId}"]`).getByRole("button", { name: /^Cancel lesson/ })).toBeEnabled();
  await page.goto(`/student/bookings/${bookingId}`);
  await page.getByRole("button", { name: /^Cancel lesson/ }).click();

  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Free cancellation");
  await expect(dialog.getByTestId("cancel-charge")).toHaveText(formatMoney(0, "TTD"));
  await expect(dialog.getByRole("button", { name: "Keep lesson" })).toBeFocused();
  await dialog.getByLabel("Reason (optional)").fill("Family trip");
  await dialog.getByRole("button", { name: "Cancel lesson for free" }).click();

  await expect(page.getByTestId("session-status").first()).toHaveText("Cancelled");
  await expect(page.getByRole("button", { name: /^Cancel lesson/ })).toHaveCount(0);
  await expect(page.getByText("Session cancelled")).toBeVisible();
  expect(await stored(sessionId)).toEqual({ status: "CANCELLED", charge_cents: null, ledger_rows: 0, booking_status: "cancelled" });
});

test("a student cancels late: the 50 % charge is shown before confirming, then charged", async ({ page }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const { sessionId, bookingId } = await session(sql, { tutor, student, startInMinutes: 3 * HOUR_MINUTES, durationMinutes: 60 });
  const charge = formatMoney(PRICE_CENTS / 2, "TTD");

  await signInAs(page, student, "/student/sessions");
  await page.goto(`/student/bookings/${bookingId}`);
  await page.getByRole("button", { name: /^Cancel lesson/ }).click();

  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Late cancellation");
  await expect(dialog.getByTestId("cancel-charge")).toHaveText(charge);
  await expect(dialog.getByTestId("cancel-amounts")).toContainText(`50\u00a0% of ${formatMoney(PRICE_CENTS, "TTD")}`);
  // Keyboard: Escape keeps the lesson, nothing changes.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await stored(sessionId))?.status).toBe("SCHEDULED");

  await page.getByRole("button", { name: /^Cancel lesson/ }).click();
  await expect(dialog.getByTestId("cancel-charge")).toHaveText(charge);
  await dialog.getByRole("button", { name: `Cancel and pay ${charge}` }).click();

  await expect(page.getByTestId("session-status").first()).toHaveText("Cancelled late");
  expect(await stored(sessionId)).toEqual({
    status: "CANCELLED_LATE",
    charge_cents: String(PRICE_CENTS / 2),
    ledger_rows: 3,
    booking_status: "cancelled",
  });
});
