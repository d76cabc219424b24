import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService } from "@/lib/db";
import { deliverDueNotifications } from "@/lib/notifications/deliver-due-notifications";
import { DELIVERY_LEASE_MS, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "@/lib/notifications/delivery-rules";
import { enqueueNotification } from "@/lib/notifications/enqueue-notification";
import type { TLessonFacts } from "@/lib/notifications/notification-data";
import { readOutboxHealth } from "@/lib/notifications/read-outbox-health";
import { createSmtpTransport } from "@/lib/notifications/transports/smtp";
import type { MailTransport } from "@/lib/notifications/transports/types";
import { testDb } from "../support/db.ts";
import { createUser, createUsersBulk, type TTestUser } from "../support/factories.ts";
import { caughtFor, outboxFor, rawDeliveriesFor, smtpUrl } from "../support/notifications.ts";

let sql: Sql;
let transport: MailTransport;

function facts(): TLessonFacts {
  return {
    booking_id: randomUUID(),
    start_at: "2026-12-20T15:00:00.000Z",
    duration_minutes: 60,
    subject_name: "Mathematics",
    tutor_name: "Tara Tutor",
    student_name: "Sam Student",
  };
}

/** One booking_confirmed email per recipient, written as a flow would (in its transaction). */
async function enqueueConfirmed(db: Sql, recipients: readonly TTestUser[]): Promise<void> {
  await asService(db, async (tx) => {
    for (const user of recipients) {
      const data = facts();
      await enqueueNotification(tx, {
        recipientId: user.id,
        kind: "booking_confirmed",
        subjectType: "booking",
        subjectId: data.booking_id,
        data,
      });
    }
  });
}

/** Sends everything already due, so each test starts from an empty queue. */
async function drain(now: Date): Promise<void> {
  await deliverDueNotifications({ db: sql, now, transport, timeBudgetMs: 120_000 });
}

beforeAll(() => {
  sql = testDb(8);
  transport = createSmtpTransport(smtpUrl());
});

afterAll(async () => {
  transport.close();
  await sql.end();
});

describe("delivery: exactly once", () => {
  it("two workers racing over 1 000 due notifications send each once (counted at the SMTP catcher)", async () => {
    await drain(new Date());
    const students = await createUsersBulk(sql, { role: "student", count: 1000 });
    await enqueueConfirmed(sql, students);
    const now = new Date();
    const dbA = testDb(2);
    const dbB = testDb(2);
    const transportA = createSmtpTransport(smtpUrl());
    const transportB = createSmtpTransport(smtpUrl());
    try {
      const [a, b] = await Promise.all([
        deliverDueNotifications({ db: dbA, now, transport: transportA, batchSize: 50, timeBudgetMs: 300_000 }),
        deliverDueNotifications({ db: dbB, now, transport: transportB, batchSize: 50, timeBudgetMs: 300_000 }),
      ]);
      // both really worked: SKIP LOCKED split the rows between them
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      expect(a.sent + b.sent).toBeGreaterThanOrEqual(1000);
    } finally {
      transportA.close();
      transportB.close();
      await Promise.all([dbA.end(), dbB.end()]);
    }
    const emails = students.map((s) => s.email);
    const raw = await rawDeliveriesFor(emails);
    expect(raw).toHaveLength(1000);
    const caught = await caughtFor(emails);
    expect(caught).toHaveLength(1000);
    expect(caught.every((mail) => mail.deliveries === 1)).toBe(true);
    expect(new Set(caught.map((mail) => mail.to[0])).size).toBe(1000);
    const rows = await outboxFor(
      sql,
      students.map((s) => s.id),
    );
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  }, 300_000);

  it("a crash after sending and before marking is resent with the same Message-ID and dedupe key; the catcher shows it once", async () => {
    await drain(new Date());
    const student = await createUser(sql, { role: "student" });
    await enqueueConfirmed(sql, [student]);
    const now = new Date();
    const [row] = await outboxFor(sql, [student.id]);
    if (!row) throw new Error("no outbox row");
    // This worker's process dies right after the SMTP server accepted the message: its
    // connection is gone before it can mark the row sent.
    const doomedDb = testDb(1);
    const crashing: MailTransport = {
      async send(email) {
        await transport.send(email);
        if (email.messageId === row.message_id) await doomedDb.end({ timeout: 0 });
      },
      close() {},
    };
    await expect(deliverDueNotifications({ db: doomedDb, now, transport: crashing, timeBudgetMs: 60_000 })).rejects.toThrow();
    const [afterCrash] = await outboxFor(sql, [student.id]);
    expect(afterCrash).toMatchObject({ status: "sending", attempts: 1 });
    // Within the lease nobody resends it…
    await deliverDueNotifications({ db: sql, now: new Date(now.getTime() + DELIVERY_LEASE_MS - 1000), transport });
    expect(await rawDeliveriesFor([student.email])).toHaveLength(1);
    // …after it, the next tick does, with the same Message-ID and dedupe key.
    await deliverDueNotifications({ db: sql, now: new Date(now.getTime() + DELIVERY_LEASE_MS + 1000), transport });
    const raw = await rawDeliveriesFor([student.email]);
    expect(raw).toHaveLength(2);
    expect(raw[0]?.messageId).toBe(row.message_id);
    expect(raw[1]?.messageId).toBe(row.message_id);
    expect(raw[0]?.headers["x-notification-key"]).toBeTruthy();
    expect(raw[1]?.headers["x-notification-key"]).toBe(raw[0]?.headers["x-notification-key"]);
    const caught = await caughtFor([student.email]);
    expect(caught).toHaveLength(1);
    expect(caught[0]?.deliveries).toBe(2);
    const [final] = await outboxFor(sql, [student.id]);
    expect(final).toMatchObject({ status: "sent", attempts: 2, message_id: row.message_id });
    // and it is done: a later tick sends nothing more
    await deliverDueNotifications({ db: sql, now: new Date(now.getTime() + 10 * DELIVERY_LEASE_MS), transport });
    expect(await rawDeliveriesFor([student.email])).toHaveLength(2);
  });

  it("enqueueing the same notification twice (same dedupe key) queues it once", async () => {
    const student = await createUser(sql, { role: "student" });
    const data = facts();
    const sendAt = new Date(Date.now() + 3_600_000);
    const input = {
      recipientId: student.id,
      kind: "booking_confirmed" as const,
      subjectType: "booking" as const,
      subjectId: data.booking_id,
      sendAt,
      data,
    };
    await asService(sql, (tx) => enqueueNotification(tx, input));
    const second = await asService(sql, (tx) => enqueueNotification(tx, input));
    expect(second).toEqual({ isInAppWritten: false, isEmailQueued: false });
    expect(await outboxFor(sql, [student.id])).toHaveLength(1);
  });
});

describe("delivery: transactions, retries, dead letters", () => {
  it("a rolled-back transaction sends nothing and leaves no in-app row", async () => {
    const student = await createUser(sql, { role: "student" });
    await expect(
      asService(sql, async (tx) => {
        const data = facts();
        await enqueueNotification(tx, {
          recipientId: student.id,
          kind: "booking_confirmed",
          subjectType: "booking",
          subjectId: data.booking_id,
          data,
        });
        throw new Error("the change failed after enqueueing");
      }),
    ).rejects.toThrow("the change failed");
    await drain(new Date());
    expect(await outboxFor(sql, [student.id])).toHaveLength(0);
    const [inApp] = await sql<
      { count: number }[]
    >`select count(*)::int as count from public.notifications where recipient_id = ${student.id}`;
    expect(inApp?.count).toBe(0);
    expect(await caughtFor([student.email])).toHaveLength(0);
  });

  it("retries with backoff and is dead after the last attempt, visible to admins only", async () => {
    await drain(new Date());
    const student = await createUser(sql, { role: "student" });
    await enqueueConfirmed(sql, [student]);
    const now = new Date();
    const [row] = await outboxFor(sql, [student.id]);
    if (!row) throw new Error("no outbox row");
    const failing: MailTransport = {
      async send(email) {
        if (email.messageId === row.message_id) throw new Error("550 mailbox unavailable");
        await transport.send(email);
      },
      close() {},
    };
    let at = now;
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      await deliverDueNotifications({ db: sql, now: at, transport: failing });
      const [current] = await outboxFor(sql, [student.id]);
      expect(current?.attempts).toBe(attempt);
      expect(current?.status).toBe(attempt < MAX_DELIVERY_ATTEMPTS ? "pending" : "dead");
      expect(current?.last_error).toContain("550");
      // not due again before its backoff
      if (attempt < MAX_DELIVERY_ATTEMPTS) {
        await deliverDueNotifications({ db: sql, now: new Date(at.getTime() + retryDelayMs(attempt) - 1000), transport: failing });
        expect((await outboxFor(sql, [student.id]))[0]?.attempts).toBe(attempt);
      }
      at = new Date(at.getTime() + retryDelayMs(attempt) + 1000);
    }
    await deliverDueNotifications({ db: sql, now: new Date(at.getTime() + 86_400_000), transport });
    expect((await outboxFor(sql, [student.id]))[0]?.status).toBe("dead");
    expect(await caughtFor([student.email])).toHaveLength(0);
    const admin = await createUser(sql, { role: "admin" });
    const health = await readOutboxHealth({ db: sql, viewer: admin.viewer });
    expect(health.dead).toBeGreaterThanOrEqual(1);
    expect(health.recentDead.map((dead) => dead.id)).toContain(row.id);
    const asStudent = await readOutboxHealth({ db: sql, viewer: student.viewer });
    expect(asStudent).toEqual({ pending: 0, dead: 0, recentDead: [] });
  });
});

describe("preferences", () => {
  it("a category turned off gets no email (in-app still); turned off after enqueueing, the email is skipped", async () => {
    await drain(new Date());
    const student = await createUser(sql, { role: "student" });
    await sql`insert into public.notification_preferences (user_id, category, email_enabled) values (${student.id}, 'bookings', false)`;
    await enqueueConfirmed(sql, [student]);
    expect(await outboxFor(sql, [student.id])).toHaveLength(0);
    const [inApp] = await sql<
      { count: number }[]
    >`select count(*)::int as count from public.notifications where recipient_id = ${student.id}`;
    expect(inApp?.count).toBe(1);

    const other = await createUser(sql, { role: "student" });
    await enqueueConfirmed(sql, [other]);
    await sql`insert into public.notification_preferences (user_id, category, email_enabled) values (${other.id}, 'bookings', false)`;
    const result = await deliverDueNotifications({ db: sql, now: new Date(), transport });
    expect(result.skipped).toBeGreaterThanOrEqual(1);
    expect((await outboxFor(sql, [other.id]))[0]?.status).toBe("skipped");
    expect(await caughtFor([student.email, other.email])).toHaveLength(0);
  });

  it("payment notices can't be turned off: the database refuses it and receipts are still sent", async () => {
    const student = await createUser(sql, { role: "student" });
    await expect(
      sql`insert into public.notification_preferences (user_id, category, email_enabled) values (${student.id}, 'payments', false)`,
    ).rejects.toThrow(/notification_preferences_payments_locked/);
    const data = { ...facts(), session_id: randomUUID(), amount_cents: 15_000, currency: "TTD" };
    await asService(sql, (tx) =>
      enqueueNotification(tx, {
        recipientId: student.id,
        kind: "charge_receipt",
        subjectType: "session",
        subjectId: data.session_id,
        data,
      }),
    );
    await drain(new Date());
    const [mail] = await caughtFor([student.email]);
    expect(mail?.subject).toBe("Receipt: TT$150.00");
    expect(mail?.headers["list-unsubscribe"]).toBeUndefined();
    expect(mail?.text).toContain("cannot be turned off");
  });
});
