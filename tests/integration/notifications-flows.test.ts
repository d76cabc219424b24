import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmBooking } from "@/lib/bookings/confirm-booking";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { asService } from "@/lib/db";
import { deliverDueNotifications } from "@/lib/notifications/deliver-due-notifications";
import { enqueueSessionReminders } from "@/lib/notifications/enqueue-session-reminders";
import type { TNotificationDataMap } from "@/lib/notifications/notification-data";
import { renderInApp } from "@/lib/notifications/templates";
import { createSmtpTransport } from "@/lib/notifications/transports/smtp";
import type { MailTransport } from "@/lib/notifications/transports/types";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { markNoShow, processDueCharges, recordAttendance } from "@/lib/sessions";
import { markAttemptSucceeded } from "@/lib/payments/settle-attempt";
import { testDb } from "../support/db.ts";
import {
  cancelScheduledSessions,
  createBooking,
  createParentOf,
  createSessionAt,
  createTutor,
  createUser,
  minutesFrom,
  type TTestUser,
} from "../support/factories.ts";
import { caughtFor, inAppFor, outboxFor, smtpUrl } from "../support/notifications.ts";

let sql: Sql;
let transport: MailTransport;
const tutors: TTestUser[] = [];

/** A tutor, a student and the student's approved parent, fresh for each test (no calendar clashes). */
async function people(): Promise<{ tutor: TTestUser; student: TTestUser; parent: TTestUser }> {
  const tutor = await createTutor(sql, { fullName: "Tara Tutor" });
  tutors.push(tutor);
  const student = await createUser(sql, { role: "student", fullName: "Sam Student", timezone: "Asia/Kolkata" });
  const parent = await createParentOf(sql, student);
  return { tutor, student, parent };
}

const deliver = (now: Date) => deliverDueNotifications({ db: sql, now, transport, timeBudgetMs: 120_000 });

beforeAll(() => {
  sql = testDb(4);
  transport = createSmtpTransport(smtpUrl());
});

afterAll(async () => {
  await cancelScheduledSessions(
    sql,
    tutors.map((t) => t.id),
  );
  transport.close();
  await sql.end();
});

describe("booking decisions tell the student and their approved parents", () => {
  it("a confirmation: in-app and email to student and parent, reminders queued for both sides", async () => {
    const { tutor, student, parent } = await people();
    const now = new Date();
    const startAt = minutesFrom(now, 3 * 24 * 60);
    const { bookingId } = await createBooking(sql, { tutor, student, startAt });
    const { session } = await confirmBooking({ db: sql, viewer: tutor.viewer, bookingId, now });

    const inApp = await inAppFor(sql, [student.id, parent.id, tutor.id]);
    expect(inApp.map((n) => [n.recipient_id, n.kind, n.link]).sort()).toEqual(
      [
        [student.id, "booking_confirmed", `/student/bookings/${bookingId}`],
        [parent.id, "booking_confirmed", `/parent/bookings/${bookingId}`],
      ].sort(),
    );
    const outbox = await outboxFor(sql, [student.id, parent.id, tutor.id]);
    const count = (kind: string) => outbox.filter((row) => row.kind === kind).length;
    expect(count("booking_confirmed")).toBe(2);
    expect(count("reminder_24h")).toBe(3);
    expect(count("reminder_15m")).toBe(3);

    await deliver(new Date());
    const mails = await caughtFor([student.email, parent.email]);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      "Booking confirmed: Mathematics with Tara Tutor",
      "Booking confirmed: Mathematics with Tara Tutor",
    ]);
    const toStudent = mails.find((m) => m.to.includes(student.email));
    expect(toStudent?.text).toContain(`/student/bookings/${bookingId}`);
    expect(toStudent?.text).toContain("(Asia/Kolkata)");
    expect(toStudent?.headers["list-unsubscribe"]).toMatch(/^<http.*\/api\/notifications\/unsubscribe\?token=/);
    expect(toStudent?.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(session.status).toBe("SCHEDULED");
  });

  it("a decline: the reason reaches the student and the parent, the tutor hears nothing", async () => {
    const { tutor, student, parent } = await people();
    const now = new Date();
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: minutesFrom(now, 4 * 24 * 60) });
    await declineBooking({ db: sql, viewer: tutor.viewer, bookingId, reason: "Away that week", now });
    expect((await inAppFor(sql, [student.id, parent.id])).map((n) => n.kind)).toEqual(["booking_declined", "booking_declined"]);
    expect(await inAppFor(sql, [tutor.id])).toEqual([]);
    await deliver(new Date());
    const mails = await caughtFor([student.email, parent.email]);
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.text.includes("Away that week"))).toBe(true);
  });
});

describe("reminders", () => {
  it("a cancelled lesson's reminders are never sent", async () => {
    const { tutor, student, parent } = await people();
    const now = new Date();
    const startAt = minutesFrom(now, 2 * 24 * 60);
    const { bookingId } = await createBooking(sql, { tutor, student, startAt });
    const { session } = await confirmBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
    await deliver(new Date()); // the confirmation emails
    await sql`update public.sessions set status = 'CANCELLED', cancelled_at = now() where id = ${session.id}`;
    await deliver(minutesFrom(startAt, -24 * 60 + 1));
    await deliver(minutesFrom(startAt, -14));
    const reminders = (await outboxFor(sql, [student.id, parent.id, tutor.id])).filter((row) => row.kind.startsWith("reminder"));
    expect(reminders).toHaveLength(6);
    expect(reminders.every((row) => row.status === "skipped")).toBe(true);
    const mails = await caughtFor([student.email, parent.email, tutor.email]);
    expect(mails.filter((m) => /^(Tomorrow|In 15 minutes)/.test(m.subject))).toEqual([]);
  });

  it("a moved lesson's old reminders are skipped and the new ones are sent with the new time", async () => {
    const { tutor, student } = await people();
    const now = new Date();
    const oldStart = minutesFrom(now, 2 * 24 * 60);
    const newStart = minutesFrom(oldStart, 3 * 60);
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: oldStart });
    const { session } = await confirmBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
    await deliver(new Date());
    await asService(sql, async (tx) => {
      await tx`
        update public.sessions set scheduled_start_at = ${newStart}, scheduled_end_at = ${minutesFrom(newStart, 60)},
          charge_scheduled_at = ${minutesFrom(newStart, 60)}
        where id = ${session.id}`;
      await enqueueSessionReminders(tx, { sessionId: session.id, now });
    });
    await deliver(minutesFrom(oldStart, -24 * 60 + 1)); // the old 24 h reminder's time
    await deliver(minutesFrom(newStart, -14)); // past every reminder, old and new
    const reminders = (await outboxFor(sql, [student.id])).filter((row) => row.kind.startsWith("reminder"));
    expect(reminders.map((row) => row.status).sort()).toEqual(["sent", "sent", "skipped", "skipped"]);
    const mails = (await caughtFor([student.email])).filter((m) => /^(Tomorrow|In 15 minutes)/.test(m.subject));
    expect(mails).toHaveLength(2);
    const newLocal = new Intl.DateTimeFormat("en-TT", { hour: "numeric", minute: "2-digit", timeZone: "Asia/Kolkata" }).format(newStart);
    const oldLocal = new Intl.DateTimeFormat("en-TT", { hour: "numeric", minute: "2-digit", timeZone: "Asia/Kolkata" }).format(oldStart);
    expect(mails.every((m) => m.text.includes(newLocal) && !m.text.includes(oldLocal))).toBe(true);
  });
});

describe("during and after the lesson", () => {
  it("the tutor's first join tells the student in-app; a no-show tells student and parent the amount", async () => {
    const { tutor, student, parent } = await people();
    const now = new Date();
    const startAt = minutesFrom(now, -25);
    const { sessionId, bookingId } = await createSessionAt(sql, { tutor, student, startAt, priceCents: 15_000 });
    await asService(sql, (tx) =>
      recordAttendance(tx, { sessionId, facts: [{ kind: "joined", role: "tutor", at: minutesFrom(startAt, 1) }] }),
    );
    // a second report of the same join tells nobody again
    await asService(sql, (tx) =>
      recordAttendance(tx, { sessionId, facts: [{ kind: "joined", role: "tutor", at: minutesFrom(startAt, 2) }] }),
    );
    const joined = (await inAppFor(sql, [student.id, parent.id, tutor.id])).filter((n) => n.kind === "session_joined");
    expect(joined.map((n) => n.recipient_id)).toEqual([student.id]);
    expect(joined[0]?.title).toBe("Tara Tutor has joined: Mathematics with Tara Tutor");
    expect(joined[0]?.link).toBe(`/student/bookings/${bookingId}`);
    expect((await outboxFor(sql, [student.id])).filter((row) => row.kind === "session_joined")).toEqual([]);

    await markNoShow({ db: sql, viewer: tutor.viewer, sessionId, now });
    await deliver(new Date());
    const mails = (await caughtFor([student.email, parent.email])).filter((m) => m.subject.startsWith("Marked as no-show"));
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.text.includes("TT$75.00"))).toBe(true);
  });

  it("a lesson the parent booked: the parent paid, so the parent gets the receipt, not the child", async () => {
    const { tutor, student, parent } = await people();
    const now = new Date();
    const { sessionId, bookingId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, -120), priceCents: 15_000 });
    await sql`update public.bookings set requested_by = ${parent.id} where id = ${bookingId}`;
    await processDueCharges({ db: sql, now });
    const [attempt] = await sql<{ id: string; party_id: string }[]>`
      select id, party_id from public.payment_attempts where session_id = ${sessionId} and kind = 'charge'`;
    expect(attempt?.party_id).toBe(parent.id);
    await sql.begin((tx) => markAttemptSucceeded(tx, { attemptId: attempt!.id, providerRef: "pi_parent_paid", now }));
    const receipts = (await inAppFor(sql, [student.id, parent.id])).filter(
      (n) => n.kind === "charge_receipt" && n.link.endsWith(bookingId),
    );
    expect(receipts.map((n) => [n.recipient_id, n.link])).toEqual([[parent.id, `/parent/bookings/${bookingId}`]]);
  });

  it("the receipt (when the charge is collected, to the payer) and the payout release, in the templates' words", async () => {
    const { tutor, student } = await people();
    const now = new Date();
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(now, -120), priceCents: 15_000 });
    await processDueCharges({ db: sql, now });
    // Charged in the ledger is not paid: no receipt until the provider collected it.
    expect((await inAppFor(sql, [student.id])).filter((n) => n.kind === "charge_receipt")).toEqual([]);
    const [attempt] = await sql<
      { id: string }[]
    >`select id from public.payment_attempts where session_id = ${sessionId} and kind = 'charge'`;
    await sql.begin((tx) => markAttemptSucceeded(tx, { attemptId: attempt!.id, providerRef: "pi_receipt_test", now }));
    const [receipt] = (await inAppFor(sql, [student.id])).filter((n) => n.kind === "charge_receipt");
    const [receiptRow] = await sql<{ data: TNotificationDataMap["charge_receipt"] }[]>`
      select data from public.notification_outbox where recipient_id = ${student.id} and kind = 'charge_receipt' and subject_id = ${sessionId}`;
    if (!receipt || !receiptRow) throw new Error("no receipt");
    const expected = renderInApp("charge_receipt", receiptRow.data, { role: "student", timeZone: "UTC", recipientName: "Sam" });
    expect({ title: receipt.title, body: receipt.body, link: receipt.link }).toEqual(expected);
    expect(receipt.title).toBe("Receipt: TT$150.00");
    // …and asks the student to rate the completed lesson, in the template's words too.
    const [rating] = (await inAppFor(sql, [student.id])).filter((n) => n.kind === "rating_requested");
    const [ratingRow] = await sql<{ data: TNotificationDataMap["rating_requested"] }[]>`
      select data from public.notification_outbox where recipient_id = ${student.id} and kind = 'rating_requested' and subject_id = ${sessionId}`;
    if (!rating || !ratingRow) throw new Error("no rating request");
    expect({ title: rating.title, body: rating.body, link: rating.link }).toEqual(
      renderInApp("rating_requested", ratingRow.data, { role: "student", timeZone: "UTC", recipientName: "Sam" }),
    );

    await sql`update public.ledger_entries set release_at = ${minutesFrom(now, -1)} where session_id = ${sessionId} and kind = 'payout'`;
    await releaseDuePayouts({ db: sql, now });
    const [payout] = (await inAppFor(sql, [tutor.id])).filter((n) => n.kind === "payout_released");
    const [payoutRow] = await sql<{ data: TNotificationDataMap["payout_released"] }[]>`
      select data from public.notification_outbox where recipient_id = ${tutor.id} and kind = 'payout_released'`;
    if (!payout || !payoutRow) throw new Error("no payout notice");
    expect({ title: payout.title, body: payout.body, link: payout.link }).toEqual(
      renderInApp("payout_released", payoutRow.data, { role: "tutor", timeZone: "UTC", recipientName: "Tara" }),
    );
    expect(payout.title).toBe("Payout released: TT$135.00");

    await deliver(new Date());
    expect((await caughtFor([student.email])).map((m) => m.subject)).toContain("Receipt: TT$150.00");
    expect((await caughtFor([tutor.email])).map((m) => m.subject)).toContain("Payout released: TT$135.00");
  });
});
