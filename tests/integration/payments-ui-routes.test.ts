import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as adminPayoutsCsv } from "@/app/api/admin/payouts.csv/route";
import { POST as postBooking } from "@/app/api/bookings/route";
import { POST as startCardCheckout } from "@/app/api/payment-methods/checkout/route";
import { GET as cardCheckoutReturn } from "@/app/api/payment-methods/return/route";
import { POST as startPayNow } from "@/app/api/payments/[attemptId]/checkout/route";
import { GET as earningsCsv } from "@/app/api/tutor/earnings.csv/route";
import { POST as startOnboarding } from "@/app/api/tutor/payout-account/onboarding/route";
import { GET as onboardingReturn } from "@/app/api/tutor/payout-account/return/route";
import { GET as payNowReturn } from "@/app/pay/[attemptId]/return/route";
import { startStripeFake } from "../fakes/stripe-fake";
import { bookingFootprint, createBookableTutor } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { apiRequest, createTutor, createUser, readResponse, signIn, type TTestUser } from "../support/factories";
import { createChargedLesson, parkAttempt, releasePayout } from "../support/payment-fixtures";

const HOUR_MS = 3_600_000;
const CARD_OK = "4242424242424242";

let sql: Sql;
let fake: Awaited<ReturnType<typeof startStripeFake>>;
let student: TTestUser;
let otherStudent: TTestUser;
let tutor: TTestUser;
let admin: TTestUser;

beforeAll(async () => {
  sql = testDb(6);
  fake = await startStripeFake({});
  // Rate limits are the collection jobs' concern (payments-collection tests); these pages make a few calls each.
  fake.controls.setRateLimit(null);
  // The routes take the provider from the environment (getPaymentProvider): this file's is the fake.
  Object.assign(process.env, fake.env);
  [student, otherStudent, tutor, admin] = await Promise.all([
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
    createTutor(sql),
    createUser(sql, { role: "admin" }),
  ]);
});
afterAll(async () => {
  await fake?.stop();
  await sql.end();
});

function get(path: string, token?: string) {
  return apiRequest(path, { method: "GET", token });
}
/** The fake's hosted page is `<base>/checkout/<id>`. */
function checkoutRefOf(url: string): string {
  const ref = new URL(url).pathname.split("/").filter(Boolean).at(-1);
  if (!ref) throw new Error(`no Checkout id in ${url}`);
  return ref;
}
const attemptParams = (attemptId: string) => ({ params: Promise.resolve({ attemptId }) });

async function countCustomers(userId: string) {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from public.payment_methods where user_id = ${userId}`;
  return row?.n ?? 0;
}

/** Starts a card Checkout through the route and finishes it on the fake's hosted page. */
async function hostedCardCheckout(user: TTestUser, next = "/student/payments") {
  const response = await startCardCheckout(apiRequest("/api/payment-methods/checkout", { token: await signIn(user), body: { next } }));
  const { status, body } = await readResponse(response);
  expect(status).toBe(201);
  const ref = checkoutRefOf(body.url as string);
  await fake.controls.completeCheckout(ref, CARD_OK);
  return ref;
}

describe("POST /api/payment-methods/checkout", () => {
  it("401 signed out, 400 bad JSON, 422 a next off this site, 403 a tutor: nothing written", async () => {
    expect((await readResponse(await startCardCheckout(apiRequest("/x", { body: { next: "/" } })))).status).toBe(401);
    const token = await signIn(otherStudent);
    const badJson = await readResponse(await startCardCheckout(apiRequest("/x", { token, rawBody: "{" })));
    expect([badJson.status, badJson.code]).toEqual([400, "bad_request"]);
    for (const body of [{ next: "https://evil.example" }, { next: "//evil.example" }, {}, { next: "/", extra: 1 }]) {
      const response = await readResponse(await startCardCheckout(apiRequest("/x", { token, body })));
      expect([response.status, response.code]).toEqual([422, "invalid_input"]);
    }
    const asTutor = await readResponse(await startCardCheckout(apiRequest("/x", { token: await signIn(tutor), body: { next: "/" } })));
    expect([asTutor.status, asTutor.code]).toEqual([403, "forbidden"]);
    expect(await countCustomers(otherStudent.id)).toBe(0);
    expect(await countCustomers(tutor.id)).toBe(0);
  });

  it("201 {url} of the hosted page for a payer", async () => {
    const response = await readResponse(
      await startCardCheckout(apiRequest("/x", { token: await signIn(student), body: { next: "/tutors/abc?start=x#confirm" } })),
    );
    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(/^http/);
  });
});

describe("GET /api/payment-methods/return", () => {
  it("saves the card and sends the payer back to next (303)", async () => {
    const ref = await hostedCardCheckout(student, "/tutors/abc?start=2026#confirm");
    const response = await cardCheckoutReturn(
      get(
        `/api/payment-methods/return?checkout=${ref}&next=${encodeURIComponent("/tutors/abc?start=2026#confirm")}`,
        await signIn(student),
      ),
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.pathname}${location.search}${location.hash}`).toBe("/tutors/abc?start=2026&card=saved#confirm");
    const [row] = await sql<{ last4: string }[]>`select last4 from public.payment_methods where user_id = ${student.id}`;
    expect(row?.last4).toBe("4242");
  });

  it("401, 422 (no checkout, a next off this site), 403 another account's Checkout", async () => {
    expect((await cardCheckoutReturn(get("/api/payment-methods/return?checkout=x&next=/"))).status).toBe(401);
    const token = await signIn(otherStudent);
    for (const query of ["next=/", "checkout=cs_1&next=https://evil.example", "checkout=cs_1&next=//evil.example", "checkout=cs_1"]) {
      const response = await readResponse(await cardCheckoutReturn(get(`/api/payment-methods/return?${query}`, token)));
      expect([response.status, response.code]).toEqual([422, "invalid_input"]);
    }
    const ref = await hostedCardCheckout(student);
    const stolen = await readResponse(await cardCheckoutReturn(get(`/api/payment-methods/return?checkout=${ref}&next=/`, token)));
    expect([stolen.status, stolen.code]).toEqual([403, "forbidden"]);
    const [row] = await sql<{ last4: string | null }[]>`select last4 from public.payment_methods where user_id = ${otherStudent.id}`;
    expect(row?.last4 ?? null).toBeNull();
  });
});

describe("POST /api/bookings without a saved card", () => {
  it("409 payment_method_required, nothing written", async () => {
    const fixture = await createBookableTutor(sql);
    const payer = await createUser(sql, { role: "student" });
    const startAt = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + 40 * HOUR_MS);
    const body = { tutor_id: fixture.tutor.id, subject_id: fixture.subjectId, start_at: startAt.toISOString(), duration_minutes: 60 };
    const response = await readResponse(await postBooking(apiRequest("/api/bookings", { token: await signIn(payer), body })));
    expect([response.status, response.code]).toEqual([409, "payment_method_required"]);
    expect(await bookingFootprint(sql, [payer.id])).toEqual({ bookings: 0, events: 0 });
  });
});

describe("Complete payment routes", () => {
  it("422 a bad id, 404 anyone but the payer, 201 then 303 paid for the payer, 409 once paid", async () => {
    const lesson = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(Date.now() - 200 * HOUR_MS),
      status: "action_required",
      errorCode: "authentication_required",
    });
    const path = `/api/payments/${lesson.chargeAttemptId}/checkout`;
    expect((await readResponse(await startPayNow(apiRequest(path, { token: await signIn(student) }), attemptParams("nope")))).status).toBe(
      422,
    );
    const other = await readResponse(
      await startPayNow(apiRequest(path, { token: await signIn(otherStudent) }), attemptParams(lesson.chargeAttemptId)),
    );
    expect([other.status, other.code]).toEqual([404, "not_found"]);
    const started = await readResponse(
      await startPayNow(apiRequest(path, { token: await signIn(student) }), attemptParams(lesson.chargeAttemptId)),
    );
    expect(started.status).toBe(201);
    const checkout = { id: checkoutRefOf(started.body.url as string) };
    const returnPath = `/pay/${lesson.chargeAttemptId}/return?checkout=${checkout.id}`;
    const open = await payNowReturn(get(returnPath, await signIn(student)), attemptParams(lesson.chargeAttemptId));
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toMatch(/\?paid=0$/);
    await fake.controls.completeCheckout(checkout.id, CARD_OK);
    const notYours = await readResponse(
      await payNowReturn(get(returnPath, await signIn(otherStudent)), attemptParams(lesson.chargeAttemptId)),
    );
    expect([notYours.status, notYours.code]).toEqual([404, "not_found"]);
    const missing = await readResponse(
      await payNowReturn(get(`/pay/x/return`, await signIn(student)), attemptParams(lesson.chargeAttemptId)),
    );
    expect([missing.status, missing.code]).toEqual([422, "invalid_input"]);
    const paid = await payNowReturn(get(returnPath, await signIn(student)), attemptParams(lesson.chargeAttemptId));
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toMatch(new RegExp(`/pay/${lesson.chargeAttemptId}\\?paid=1$`));
    const again = await readResponse(
      await startPayNow(apiRequest(path, { token: await signIn(student) }), attemptParams(lesson.chargeAttemptId)),
    );
    expect([again.status, again.code]).toEqual([409, "already_done"]);
  });
});

describe("payout onboarding routes", () => {
  it("403 a student, 404 a return before starting, 201 then 303 ready once onboarded", async () => {
    const fresh = await createTutor(sql);
    const asStudent = await readResponse(await startOnboarding(apiRequest("/x", { token: await signIn(student) })));
    expect([asStudent.status, asStudent.code]).toEqual([403, "forbidden"]);
    const early = await readResponse(await onboardingReturn(get("/x", await signIn(fresh))));
    expect([early.status, early.code]).toEqual([404, "not_found"]);
    expect((await onboardingReturn(get("/x"))).status).toBe(401);

    const started = await readResponse(await startOnboarding(apiRequest("/x", { token: await signIn(fresh) })));
    expect(started.status).toBe(201);
    expect(started.body.url).toMatch(/^http/);
    const pending = await onboardingReturn(get("/x", await signIn(fresh)));
    expect(pending.headers.get("location")).toMatch(/\/tutor\/earnings\?payouts=pending$/);
    const [account] = await sql<{ account_ref: string }[]>`select account_ref from public.payee_accounts where tutor_id = ${fresh.id}`;
    await fake.controls.completeOnboarding(account!.account_ref);
    const ready = await onboardingReturn(get("/x", await signIn(fresh)));
    expect(ready.status).toBe(303);
    expect(ready.headers.get("location")).toMatch(/\/tutor\/earnings\?payouts=ready$/);
    const again = await readResponse(await startOnboarding(apiRequest("/x", { token: await signIn(fresh) })));
    expect([again.status, again.code]).toEqual([409, "already_done"]);
  });
});

describe("CSV exports", () => {
  it("GET /api/tutor/earnings.csv: the tutor's payouts, formula-safe; 403 for others", async () => {
    const csvTutor = await createTutor(sql);
    const sneaky = await createUser(sql, { role: "student", fullName: '=1+2, "quoted"' });
    await createChargedLesson(sql, {
      tutor: csvTutor,
      student: sneaky,
      startAt: new Date(Date.now() - 10 * HOUR_MS),
      payoutCents: 4_321,
      status: "succeeded",
    });
    const response = await earningsCsv(get("/api/tutor/earnings.csv", await signIn(csvTutor)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await response.text();
    const [header, row] = text.split("\r\n");
    expect(header).toMatch(/^lesson \(/);
    expect(row).toContain(`"'=1+2, ""quoted"""`);
    expect(row).toContain(",held,TTD,43.21,0.00,43.21,");
    const asStudent = await readResponse(await earningsCsv(get("/api/tutor/earnings.csv", await signIn(student))));
    expect([asStudent.status, asStudent.code]).toEqual([403, "forbidden"]);
    expect((await earningsCsv(get("/api/tutor/earnings.csv"))).status).toBe(401);
  });

  it("GET /api/admin/payouts.csv: admins only", async () => {
    const lesson = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(Date.now() - 300 * HOUR_MS),
      payoutCents: 1_000,
      status: "succeeded",
    });
    const transferId = await releasePayout(sql, lesson.payoutId);
    await parkAttempt(sql, transferId, "manual_due");
    const response = await adminPayoutsCsv(get("/api/admin/payouts.csv", await signIn(admin)));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(transferId);
    const asTutor = await readResponse(await adminPayoutsCsv(get("/api/admin/payouts.csv", await signIn(tutor))));
    expect([asTutor.status, asTutor.code]).toEqual([403, "forbidden"]);
  });
});
