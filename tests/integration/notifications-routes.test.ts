import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/notifications/unsubscribe/route";
import { AppError } from "@/lib/api/errors";
import { parseTokenKeys } from "@/lib/crypto/token-keys";
import { asService, asUser } from "@/lib/db";
import { enqueueNotification } from "@/lib/notifications/enqueue-notification";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { readNotificationPreferences } from "@/lib/notifications/read-notification-preferences";
import { signUnsubscribeToken } from "@/lib/notifications/unsubscribe-token";
import { updateNotificationPreferences } from "@/lib/notifications/update-notification-preferences";
import { testDb } from "../support/db.ts";
import { createUser, readResponse, type TTestUser } from "../support/factories.ts";
import { outboxFor } from "../support/notifications.ts";

let sql: Sql;
const keyring = () => parseTokenKeys(process.env.TOKEN_ENCRYPTION_KEY ?? "");
const noContext = { params: Promise.resolve({}) };

function unsubscribeRequest(method: "GET" | "POST", token: string | null): Request {
  const query = token === null ? "" : `?token=${encodeURIComponent(token)}`;
  return new Request(`http://localhost/api/notifications/unsubscribe${query}`, {
    method,
    headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
    body: method === "POST" ? "List-Unsubscribe=One-Click" : undefined,
  });
}

async function preferenceRows(user: TTestUser) {
  return sql<{ category: string; email_enabled: boolean }[]>`
    select category, email_enabled from public.notification_preferences where user_id = ${user.id} order by category`;
}

async function enqueueConfirmed(user: TTestUser): Promise<void> {
  const data = {
    booking_id: randomUUID(),
    start_at: new Date().toISOString(),
    duration_minutes: 60,
    subject_name: "Mathematics",
    tutor_name: "Tara",
    student_name: "Sam",
  };
  await asService(sql, (tx) =>
    enqueueNotification(tx, { recipientId: user.id, kind: "booking_confirmed", subjectType: "booking", subjectId: data.booking_id, data }),
  );
}

beforeAll(() => {
  sql = testDb();
});

afterAll(async () => {
  await sql.end();
});

describe("GET/POST /api/notifications/unsubscribe", () => {
  it("GET shows a confirm page and changes nothing; POST (one-click, RFC 8058) turns the category off", async () => {
    const user = await createUser(sql, { role: "student" });
    const token = signUnsubscribeToken({ userId: user.id, category: "bookings" }, keyring());
    const page = await GET(unsubscribeRequest("GET", token), noContext);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Booking updates");
    expect(html).toContain('method="post"');
    expect(await preferenceRows(user)).toEqual([]);

    const done = await POST(unsubscribeRequest("POST", token), noContext);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Unsubscribed");
    expect(await preferenceRows(user)).toEqual([{ category: "bookings", email_enabled: false }]);
    // and it is respected: no email for that category any more
    await enqueueConfirmed(user);
    expect(await outboxFor(sql, [user.id])).toEqual([]);
    // a second click is harmless
    expect((await POST(unsubscribeRequest("POST", token), noContext)).status).toBe(200);
  });

  it.each([
    [
      "a forged payload",
      (token: string) => token.replace(/\.[^.]+\./, `.${Buffer.from(`${randomUUID()}:bookings`).toString("base64url")}.`),
    ],
    ["a bad signature", (token: string) => `${token.slice(0, -4)}AAAA`],
    ["an unknown key id", (token: string) => `nope${token}`],
    ["garbage", () => "not-a-token"],
  ])("refuses %s with 403 and writes nothing", async (_name, forge) => {
    const user = await createUser(sql, { role: "student" });
    const forged = forge(signUnsubscribeToken({ userId: user.id, category: "reminders" }, keyring()));
    for (const method of ["GET", "POST"] as const) {
      const handler = method === "GET" ? GET : POST;
      const { status, code } = await readResponse(await handler(unsubscribeRequest(method, forged), noContext));
      expect([status, code]).toEqual([403, "forbidden"]);
    }
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from public.notification_preferences where user_id = ${user.id}`;
    expect(count?.n).toBe(0);
  });

  it("refuses a missing token (422) and a validly signed token for the locked payments category (403)", async () => {
    const missing = await readResponse(await POST(unsubscribeRequest("POST", null), noContext));
    expect([missing.status, missing.code]).toEqual([422, "invalid_input"]);
    const user = await createUser(sql, { role: "student" });
    const payments = signUnsubscribeToken({ userId: user.id, category: "payments" }, keyring());
    const refused = await readResponse(await POST(unsubscribeRequest("POST", payments), noContext));
    expect([refused.status, refused.code]).toEqual([403, "forbidden"]);
    expect(await preferenceRows(user)).toEqual([]);
  });
});

describe("in-app list and preferences", () => {
  it("marks one, then all, of the viewer's own notifications read; another user's is not found and untouched", async () => {
    const owner = await createUser(sql, { role: "student" });
    const other = await createUser(sql, { role: "student" });
    await enqueueConfirmed(owner);
    await enqueueConfirmed(owner);
    await enqueueConfirmed(other);
    const [mine] = await sql<{ id: string }[]>`select id from public.notifications where recipient_id = ${owner.id} limit 1`;
    const [theirs] = await sql<{ id: string }[]>`select id from public.notifications where recipient_id = ${other.id}`;
    if (!mine || !theirs) throw new Error("no rows");
    const now = new Date();
    expect(await markNotificationsRead({ db: sql, viewer: owner.viewer, notificationId: mine.id, now })).toBe(1);
    expect(await markNotificationsRead({ db: sql, viewer: owner.viewer, notificationId: mine.id, now })).toBe(0);
    await expect(markNotificationsRead({ db: sql, viewer: owner.viewer, notificationId: theirs.id, now })).rejects.toMatchObject({
      code: "not_found",
    });
    const [untouched] = await sql<{ read_at: Date | null }[]>`select read_at from public.notifications where id = ${theirs.id}`;
    expect(untouched?.read_at).toBeNull();
    expect(await markNotificationsRead({ db: sql, viewer: owner.viewer, notificationId: null, now })).toBe(1);
    const [unread] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.notifications where recipient_id = ${owner.id} and read_at is null`;
    expect(unread?.n).toBe(0);
  });

  it("a user can change only read_at of their own notification, and never write anyone's preferences", async () => {
    const owner = await createUser(sql, { role: "student" });
    const other = await createUser(sql, { role: "student" });
    await enqueueConfirmed(owner);
    await expect(
      asUser(sql, owner.viewer, (tx) => tx`update public.notifications set title = 'Forged' where recipient_id = ${owner.id}`),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser(
        sql,
        owner.viewer,
        (tx) => tx`insert into public.notification_preferences (user_id, category, email_enabled) values (${other.id}, 'reminders', false)`,
      ),
    ).rejects.toThrow(/row-level security/);
    const [row] = await sql<{ title: string }[]>`select title from public.notifications where recipient_id = ${owner.id}`;
    expect(row?.title).not.toBe("Forged");
  });

  it("saves per-category choices as the user and refuses turning payments off", async () => {
    const user = await createUser(sql, { role: "parent" });
    await updateNotificationPreferences({
      db: sql,
      viewer: user.viewer,
      emailEnabled: { reminders: false, bookings: true },
      now: new Date(),
    });
    const preferences = await readNotificationPreferences({ db: sql, viewer: user.viewer });
    expect(Object.fromEntries(preferences.map((p) => [p.category, p.isEmailEnabled]))).toEqual({
      bookings: true,
      reminders: false,
      lessons: true,
      payments: true,
      disputes: true,
    });
    const refusal = updateNotificationPreferences({ db: sql, viewer: user.viewer, emailEnabled: { payments: false }, now: new Date() });
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ code: "invalid_input" });
    expect(preferences.find((p) => p.category === "payments")?.isLocked).toBe(true);
  });
});

describe("/dev/mail", () => {
  it("lists caught mail on the local stack and is a 404 anywhere else", async () => {
    const { default: DevMailPage } = await import("@/app/dev/mail/page");
    expect(process.env.LOCAL_STACK).toBe("1");
    await expect(DevMailPage()).resolves.toBeTruthy();
    process.env.LOCAL_STACK = "";
    try {
      await expect(DevMailPage()).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    } finally {
      process.env.LOCAL_STACK = "1";
    }
  });
});
