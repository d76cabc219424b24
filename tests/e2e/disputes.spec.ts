import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { MINUTE, person, session, signInAs, type TPerson } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Disputes end to end (README "Disputes and refunds"): a student whose tutor never came reports
 * it on the charged lesson's page and sees the refund at once (the attendance record decides it);
 * the tutor sees the outcome; an admin resolves a short lesson from the early-ends queue, seeing
 * each outcome's amounts before deciding.
 */

let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function signedIn(browser: Browser, who: TPerson, home: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await signInAs(page, who, home);
  return page;
}

test("a student reports a tutor no-show on a charged lesson and is refunded at once; the tutor sees it", async ({ browser }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const { sessionId, bookingId } = await session(sql, {
    tutor,
    student,
    startInMinutes: -180,
    durationMinutes: 60,
    outcome: "COMPLETED_ASSUMED",
  });
  // The attendance record: the student joined, the tutor never did.
  await sql`update public.sessions set tutor_joined_at = null where id = ${sessionId}`;

  const page = await signedIn(browser, student, "/student/sessions");
  await page.goto(`/student/bookings/${bookingId}`);
  const card = page.getByRole("region", { name: "Report a problem" });
  await expect(card).toBeVisible();
  // Keyboard and labels: the radio group and the description are reachable by name.
  await card.getByRole("radio", { name: "The tutor didn't show up" }).check();
  await card.getByLabel("What happened").fill("Short");
  await card.getByRole("button", { name: "Report the problem" }).click();
  await expect(card.getByRole("alert")).toContainText("at least 10 characters");
  await card.getByLabel("What happened").fill("I waited in the meeting for the whole hour; the tutor never came.");
  await card.getByRole("button", { name: "Report the problem" }).click();

  const report = page.getByRole("region", { name: "Your report" });
  await expect(report.getByTestId("dispute-status")).toHaveText("Accepted: refunded in full");
  await expect(report.getByTestId("dispute-refund")).toContainText("150.00");
  await expect(page.getByTestId("session-status").first()).toHaveText("Tutor no-show");
  await expect(page.getByRole("region", { name: "Report a problem" })).toHaveCount(0);

  const [ledger] = await sql<{ refunds: string; payout_status: string; attempts: number }[]>`
    select (select coalesce(sum(amount_cents), 0) from public.ledger_entries where session_id = ${sessionId} and kind = 'refund')::text as refunds,
           (select status from public.ledger_entries where session_id = ${sessionId} and kind = 'payout') as payout_status,
           (select count(*)::int from public.payment_attempts where session_id = ${sessionId} and kind = 'refund') as attempts`;
  expect(ledger).toEqual({ refunds: "15000", payout_status: "void", attempts: 1 });

  // A second report is refused.
  const again = await page.request.post(`/api/sessions/${sessionId}/disputes`, {
    data: { kind: "lesson_problem", description: "Trying to report this lesson again." },
  });
  expect(again.status()).toBe(409);

  const tutorPage = await signedIn(browser, tutor, "/tutor/sessions");
  await tutorPage.goto(`/tutor/bookings/${bookingId}`);
  const seen = tutorPage.getByRole("region", { name: "A problem was reported" });
  await expect(seen).toContainText("I waited in the meeting for the whole hour");
  await expect(seen.getByTestId("dispute-status")).toHaveText("Accepted: refunded in full");
  await expect(seen.getByLabel("Your answer")).toHaveCount(0);
});

test("the tutor answers a lesson problem and an admin refunds part of it from the queue", async ({ browser }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const { sessionId, bookingId } = await session(sql, {
    tutor,
    student,
    startInMinutes: -180,
    durationMinutes: 60,
    outcome: "COMPLETED_ASSUMED",
  });
  const opened = await (
    await signedIn(browser, student, "/student/sessions")
  ).request.post(`/api/sessions/${sessionId}/disputes`, {
    data: { kind: "lesson_problem", description: "We only covered half of the agreed topics." },
  });
  expect(opened.status()).toBe(201);

  const tutorPage = await signedIn(browser, tutor, "/tutor/sessions");
  await tutorPage.goto(`/tutor/bookings/${bookingId}`);
  const card = tutorPage.getByRole("region", { name: "A problem was reported" });
  await card.getByLabel("Your answer").fill("We agreed to go slower on the first topic.");
  await card.getByRole("button", { name: "Send answer" }).click();
  await expect(card.getByTestId("dispute-status")).toHaveText("Answered: waiting for an admin");

  const adminPage = await signedIn(browser, await person(sql, "admin"), "/admin");
  await adminPage.getByRole("link", { name: "Disputes", exact: true }).click();
  await expect(adminPage).toHaveURL("/admin/disputes");
  const item = adminPage.getByTestId("admin-dispute").filter({ hasText: "We only covered half of the agreed topics." });
  await expect(item).toContainText("We agreed to go slower on the first topic.");
  await item.getByRole("radio", { name: "Refund part" }).check();
  await item.getByLabel("Amount to refund (TTD)").fill("50");
  await item.getByRole("button", { name: "Decide" }).click();
  await expect(item.getByRole("alert")).toContainText("A reason is required");
  await item.getByLabel("Reason (kept with the decision)").fill("Half the topics, as both sides agree.");
  await item.getByRole("button", { name: "Decide" }).click();
  await expect(adminPage.getByTestId("admin-dispute").filter({ hasText: "We only covered half of the agreed topics." })).toHaveCount(0);
  const [row] = await sql<{ refunds: string; reversal: string }[]>`
    select (select sum(amount_cents) from public.ledger_entries where session_id = ${sessionId} and kind = 'refund')::text as refunds,
           (select sum(amount_cents) from public.ledger_entries where session_id = ${sessionId} and kind = 'payout_reversal')::text as reversal`;
  expect(row).toEqual({ refunds: "5000", reversal: "4500" });
});

test("an admin resolves an early end from the queue, seeing each outcome's amounts first", async ({ browser }) => {
  const tutor = await person(sql, "tutor");
  const student = await person(sql, "student");
  const { sessionId } = await session(sql, { tutor, student, startInMinutes: -180, durationMinutes: 60 });
  const startAt = new Date(Date.now() - 180 * MINUTE);
  await sql`
    insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at, ended_at)
    select id, 'jitsi', 'e2e-run', scheduled_start_at, scheduled_start_at + interval '20 minutes' from public.sessions where id = ${sessionId}`;
  await sql`update public.sessions set status = 'EARLY_END_SHORT', meeting_started_at = ${startAt} where id = ${sessionId}`;

  const page = await signedIn(browser, await person(sql, "admin"), "/admin");
  await page.getByRole("link", { name: "Early ends", exact: true }).click();
  await expect(page).toHaveURL("/admin/early-ends");
  const item = page.getByTestId("admin-early-end").filter({ hasText: tutor.name });
  await expect(item.getByTestId("held-minutes")).toHaveText("20 of 60 minutes");
  // 150.00 × 20 / 60 = 50.00, split 90 / 10.
  await expect(
    item.getByRole("radio", { name: /Charge for the minutes held: charge .*50\.00 · tutor .*45\.00 · fee .*5\.00/ }),
  ).toBeVisible();
  await expect(item.getByRole("radio", { name: /Charge in full: charge .*150\.00/ })).toBeVisible();
  await item.getByRole("radio", { name: /Charge for the minutes held/ }).check();
  await item.getByLabel("Reason (kept with the decision)").fill("The connection failed after 20 minutes.");
  await item.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByTestId("admin-early-end").filter({ hasText: tutor.name })).toHaveCount(0);
  const [row] = await sql<{ early_end_resolution: string; charge_cents: string; charges: number }[]>`
    select early_end_resolution, charge_cents::text,
      (select count(*)::int from public.payment_attempts a where a.session_id = s.id and a.kind = 'charge') as charges
    from public.sessions s where id = ${sessionId}`;
  expect(row).toEqual({ early_end_resolution: "charge_pro_rata", charge_cents: "5000", charges: 1 });
});
