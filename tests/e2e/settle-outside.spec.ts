import { expect, test } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { person, session, signInAs } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Settling outside the payment provider (README "Payments"), on a phone: an admin records a failed charge as
 * settled outside (a bank transfer, with its reference) and marks a payout due by hand as paid, from
 * /admin/payments; each leaves its list, the attempts are settled with the admin's reference, and the
 * payer's payments page shows the charge paid.
 */

const PHONE = { width: 375, height: 800 };

let sql: Sql;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

test("an admin settles a failed charge and a payout due by hand outside the provider; both leave the page", async ({ browser }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  // A charged lesson whose charge the collection job gave up on (as after its last decline).
  const failed = await session(sql, { tutor, student, startInMinutes: -300, durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });
  await sql`
    update public.payment_attempts set status = 'failed', attempt_count = 4, next_attempt_at = now() + interval '30 days',
      last_error_code = 'card_declined', last_error_message = 'Your card was declined.'
    where session_id = ${failed.sessionId} and kind = 'charge'`;
  // Another whose payout was released and is due by hand (paid by bank transfer, not through the provider).
  const paid = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });
  await sql`update public.payment_attempts set status = 'succeeded', provider_ref = 'pi_e2e_settled', succeeded_at = now()
            where session_id = ${paid.sessionId} and kind = 'charge'`;
  await sql`update public.ledger_entries set status = 'released', released_at = now() where session_id = ${paid.sessionId} and kind = 'payout'`;
  const [transfer] = await sql<{ id: string }[]>`
    update public.payment_attempts set status = 'manual_due', next_attempt_at = now() + interval '30 days'
    where session_id = ${paid.sessionId} and kind = 'transfer' returning id`;
  expect(transfer, "the release enqueued a transfer").toBeTruthy();

  const context = await browser.newContext({ viewport: PHONE, timezoneId: "America/Port_of_Spain" });
  const page = await context.newPage();
  const who = await person(sql, "admin");
  await signInAs(page, who, "/admin");
  await page.goto("/admin/payments");

  await expect(page.getByRole("region", { name: /Due by hand/ })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: "test-results/settle-outside-375-before.png", fullPage: true });

  // The failed charge: the third choice, with its reference.
  const item = page.getByTestId("admin-failed-payment").filter({ hasText: student.name });
  await expect(item).toHaveCount(1);
  await item.getByRole("radio", { name: "Settled outside" }).check();
  await item.getByLabel("Reference (bank reference, receipt or cheque number)").fill("FT-E2E-0001");
  await item.getByLabel("Reason (kept with the decision)").fill("The family paid by bank transfer.");
  await expectNoHorizontalScroll(page);
  await item.getByRole("button", { name: "Decide" }).click();
  await expect(page.getByTestId("admin-failed-payment").filter({ hasText: student.name })).toHaveCount(0);

  // The payout due by hand: listed under the tutors' payouts, marked paid.
  const due = page.getByRole("region", { name: /Due by hand/ });
  const payouts = due.getByRole("region", { name: /Payouts to pay tutors/ });
  const row = payouts.getByTestId("admin-due-by-hand").filter({ hasText: tutor.name });
  await expect(row).toHaveCount(1);
  await row.getByLabel("Reference (bank reference, receipt or cheque number)").fill("BANK-E2E-77");
  await row.getByLabel("Note (kept with the record)").fill("Paid from the bank.");
  await expectNoHorizontalScroll(page);
  await row.getByRole("button", { name: "Mark paid" }).click();
  await expect(page.getByTestId("admin-due-by-hand").filter({ hasText: tutor.name })).toHaveCount(0);
  await page.screenshot({ path: "test-results/settle-outside-375-after.png", fullPage: true });

  const attempts = await sql<{ kind: string; status: string; provider_ref: string; by_admin: boolean }[]>`
    select kind, status, provider_ref, settled_outside_by = ${who.id} as by_admin from public.payment_attempts
    where session_id in (${failed.sessionId}, ${paid.sessionId}) and settled_outside_by is not null order by kind`;
  expect(attempts).toEqual([
    { kind: "charge", status: "succeeded", provider_ref: "FT-E2E-0001", by_admin: true },
    { kind: "transfer", status: "succeeded", provider_ref: "BANK-E2E-77", by_admin: true },
  ]);
  await context.close();

  // The payer sees the charge paid, and its receipt says how.
  const [charge] = await sql<{ id: string }[]>`
    select id from public.ledger_entries where session_id = ${failed.sessionId} and kind = 'charge'`;
  const payerContext = await browser.newContext({ viewport: PHONE });
  const payerPage = await payerContext.newPage();
  await signInAs(payerPage, student, "/student/sessions");
  await payerPage.goto("/student/payments");
  await expect(payerPage.getByTestId("payment-status")).toHaveText(["Paid", "Paid"]);
  await payerPage.goto(`/student/payments/${charge!.id}`);
  await expect(payerPage.getByTestId("receipt-card")).toHaveText("Paid outside the card processor · reference FT-E2E-0001");
  await expectNoHorizontalScroll(payerPage);
  await payerContext.close();
});
