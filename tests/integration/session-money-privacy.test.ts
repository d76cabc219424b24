import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBookingDetail } from "@/lib/bookings/get-booking-detail";
import { listSessionsForViewer, readVisibleSession } from "@/lib/sessions";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createParentOf, createSessionAt, createTutor, createUser, type TTestUser } from "../support/factories";

/**
 * The pages' read models under the money column grants (20261201003000): students and
 * parents get price and charge only, the tutor the payout too (never the fee), admins
 * everything; server callers of readVisibleSession still get the whole row.
 */
let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let parent: TTestUser;
let admin: TTestUser;
let session: { sessionId: string; bookingId: string };
const startAt = new Date("2096-02-01T15:00:00.000Z");

beforeAll(async () => {
  sql = testDb();
  [tutor, student, admin] = await Promise.all([
    createTutor(sql, { withVideo: false }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "admin" }),
  ]);
  parent = await createParentOf(sql, student, { approved: true });
  session = await createSessionAt(sql, { tutor, student, startAt });
  // Charged as the job would: 150.00 → payout 135.00, fee 15.00, then the payout released.
  await sql`
    update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = scheduled_end_at,
      charge_cents = 15000, payout_cents = 13500, platform_fee_cents = 1500, price_cents = 15000
    where id = ${session.sessionId}`;
  await sql`
    insert into public.session_events (session_id, type, actor_role, payload) values
      (${session.sessionId}, 'session.charged', 'system', ${sql.json({ charge_cents: 15000, payout_cents: 13500, platform_fee_cents: 1500 })}),
      (${session.sessionId}, 'payout.released', 'system', ${sql.json({ payout_cents: 13500 })})`;
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

async function seen(user: TTestUser) {
  const list = await listSessionsForViewer({ db: sql, viewer: user.viewer, now: startAt });
  const summary = list.past.find((s) => s.id === session.sessionId);
  const detail = await getBookingDetail({ db: sql, viewer: user.viewer, bookingId: session.bookingId, now: startAt });
  return {
    list: summary && {
      charge: summary.chargeCents,
      payout: summary.payoutCents,
      fee: summary.platformFeeCents,
      payoutBps: summary.splitBps.completionPayoutBps,
    },
    detailPayout: detail?.session?.payoutCents ?? null,
    hasNoShowPreview: detail?.session?.noShowPreview !== null,
    events: detail?.events.map((event) => ({ type: event.type, keys: Object.keys(event.payload).sort() })),
  };
}

describe("what each role reads of a charged session's money", () => {
  it.each([
    ["student", () => student],
    ["parent", () => parent],
  ] as const)("the %s: price and charge, no payout, fee, split or payout event", async (_role, who) => {
    expect(await seen(who())).toEqual({
      list: { charge: 15000, payout: null, fee: null, payoutBps: null },
      detailPayout: null,
      hasNoShowPreview: false,
      events: [{ type: "session.charged", keys: ["charge_cents"] }],
    });
  });

  it("the tutor: the payout and its split, never the platform fee", async () => {
    expect(await seen(tutor)).toEqual({
      list: { charge: 15000, payout: 13500, fee: null, payoutBps: 9000 },
      detailPayout: 13500,
      hasNoShowPreview: true,
      events: [
        { type: "session.charged", keys: ["charge_cents", "payout_cents"] },
        { type: "payout.released", keys: ["payout_cents"] },
      ],
    });
  });

  it("an admin: everything", async () => {
    expect(await seen(admin)).toMatchObject({
      detailPayout: 13500,
      events: [
        { type: "session.charged", keys: ["charge_cents", "payout_cents", "platform_fee_cents"] },
        { type: "payout.released", keys: ["payout_cents"] },
      ],
    });
  });

  it("readVisibleSession still hands its server callers the whole row, once RLS shows the session", async () => {
    const { session: row, relation } = await readVisibleSession({ db: sql, viewer: student.viewer, sessionId: session.sessionId });
    expect({ relation, payout: row.payout_cents, fee: row.platform_fee_cents, bps: row.completion_payout_bps }).toEqual({
      relation: "student",
      payout: 13500,
      fee: 1500,
      bps: 9000,
    });
    const stranger = await createUser(sql, { role: "student" });
    await expect(readVisibleSession({ db: sql, viewer: stranger.viewer, sessionId: session.sessionId })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
