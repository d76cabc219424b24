import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import { NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, type TNotificationKind } from "../kinds";
import type { TLessonFacts, TNotificationDataMap } from "../notification-data";
import { renderInApp, renderNotificationEmail } from "./index";

const START = "2026-12-05T14:00:00.000Z";
const OTHER = "2026-12-07T23:45:00.000Z";
const facts: TLessonFacts = {
  booking_id: "11111111-1111-4111-8111-111111111111",
  start_at: START,
  duration_minutes: 90,
  subject_name: "Mathematics",
  tutor_name: "Tara <Tutor>",
  student_name: "Sam Student",
};
const session = { session_id: "22222222-2222-4222-8222-222222222222" };
const money = { amount_cents: 15_000, currency: "TTD" };
const dispute = { ...facts, ...session, dispute_id: "33333333-3333-4333-8333-333333333333" };

/** One example of every kind's data: the compiler refuses a missing kind. */
const SAMPLES: { [K in TNotificationKind]: TNotificationDataMap[K] } = {
  booking_requested: facts,
  booking_confirmed: facts,
  booking_declined: { ...facts, reason: "Away that week" },
  booking_expired: facts,
  booking_cancelled: { ...facts, cancelled_by_name: "Sam Student", reason: null },
  reschedule_proposed: { ...facts, proposed_start_at: OTHER, proposed_by_name: "Tara Tutor" },
  reschedule_accepted: { ...facts, previous_start_at: OTHER },
  reminder_24h: { ...facts, ...session, expected_start_at: START },
  reminder_15m: { ...facts, ...session, expected_start_at: START },
  session_joined: { ...facts, ...session, joined_role: "tutor" },
  rating_requested: { ...facts, ...session },
  no_show_marked: { ...facts, ...session, ...money },
  charge_receipt: { ...facts, ...session, ...money },
  payment_action_required: { ...facts, ...money, attempt_id: "00000000-0000-4000-8000-0000000000a1" },
  refund_sent: { ...facts, ...session, ...money },
  refund_failed: { ...facts, ...session, ...money, failure_reason: "expired_or_canceled_card" },
  payment_due: { ...facts, ...session, ...money },
  refund_due: { ...facts, ...session, ...money },
  payout_released: { ...facts, ...session, ...money },
  dispute_opened: dispute,
  dispute_answered: dispute,
  dispute_resolved: { ...dispute, outcome: "refunded in full" },
};

/** "10:00" / "7:30": the wall-clock time computed independently of the templates' formatter. */
function wallClock(iso: string, zone: string): string {
  const local = new TZDate(new Date(iso).getTime(), zone);
  const hour = local.getHours() % 12 || 12;
  return `${hour}:${String(local.getMinutes()).padStart(2, "0")}`;
}

const ZONES = ["America/Port_of_Spain", "Asia/Kolkata"] as const;
const APP_URL = "https://app.example";

describe("every template, every role, two zones", () => {
  for (const kind of NOTIFICATION_KIND_NAMES) {
    for (const role of ROLES) {
      for (const timeZone of ZONES) {
        it(`${kind} for a ${role} in ${timeZone}`, () => {
          const data = SAMPLES[kind];
          const unsubscribeUrl = NOTIFICATION_KINDS[kind].category === "payments" ? null : `${APP_URL}/u?token=t`;
          const email = renderNotificationEmail(kind, data, { role, timeZone, recipientName: "Rae", appUrl: APP_URL, unsubscribeUrl });
          // the lesson's time, in the recipient's zone, with the zone named
          const local = wallClock(START, timeZone);
          expect(email.text).toContain(local);
          expect(email.text).toContain(`(${timeZone})`);
          expect(email.html).toContain(local);
          // a UTC rendering would be a bug in either zone (14:00 UTC is 2:00 pm)
          expect(email.text).not.toMatch(/\b2:00\s?pm/i);
          // the page it concerns, for this role
          // (a payment that needs the payer links to its "Complete payment" page instead)
          const path =
            kind === "payment_action_required"
              ? `/pay/${SAMPLES.payment_action_required.attempt_id}`
              : ["refund_sent", "refund_failed", "payment_due", "refund_due"].includes(kind) && (role === "student" || role === "parent")
                ? `/${role}/payments`
                : role === "admin"
                  ? "/admin"
                  : `/${role}/bookings/${facts.booking_id}`;
          expect(email.pageUrl).toBe(`${APP_URL}${path}`);
          expect(email.text).toContain(email.pageUrl);
          expect(email.html).toContain(`href="${email.pageUrl}"`);
          // unsubscribe, unless the category is locked
          if (unsubscribeUrl) expect(email.html).toContain(`href="${unsubscribeUrl}"`);
          else expect(email.text).toContain("cannot be turned off");
          // names are escaped in HTML, never injected
          expect(email.html).not.toContain("<Tutor>");
          expect(email.subject.length).toBeGreaterThan(5);
          const inApp = renderInApp(kind, data, { role, timeZone, recipientName: "Rae" });
          expect(inApp.title).toBe(email.subject);
          expect(inApp.link).toBe(path);
          expect(inApp.body.length).toBeGreaterThan(0);
        });
      }
    }
  }

  it("shows both times of a reschedule in the recipient's zone", () => {
    const email = renderNotificationEmail("reschedule_proposed", SAMPLES.reschedule_proposed, {
      role: "student",
      timeZone: "Asia/Kolkata",
      recipientName: "Rae",
      appUrl: APP_URL,
      unsubscribeUrl: null,
    });
    expect(email.text).toContain("7:30"); // 14:00 UTC
    expect(email.text).toContain("5:15"); // 23:45 UTC, the next day in Kolkata
    expect(email.text).toContain("Tue, 8 Dec 2026");
  });

  it("names the amount in money notices", () => {
    const email = renderNotificationEmail("no_show_marked", SAMPLES.no_show_marked, {
      role: "parent",
      timeZone: "America/Port_of_Spain",
      recipientName: "Pat",
      appUrl: APP_URL,
      unsubscribeUrl: null,
    });
    expect(email.text).toContain("TT$150.00");
    expect(email.text).toContain("marked Sam Student absent");
  });
});

describe("money settled outside the card processor", () => {
  const context = { role: "student" as const, timeZone: "UTC", recipientName: "Rae" };
  it("a receipt and a refund recorded by an admin name the reference, never a card", () => {
    const receipt = renderInApp("charge_receipt", { ...SAMPLES.charge_receipt, outside_reference: "BANK-7781" }, context);
    expect(receipt.body).toContain("was received");
    expect(receipt.body).toContain("reference BANK-7781");
    expect(receipt.body).not.toContain("charged");
    const refund = renderNotificationEmail(
      "refund_sent",
      { ...SAMPLES.refund_sent, outside_reference: "CHQ 0042" },
      { ...context, appUrl: APP_URL, unsubscribeUrl: null },
    );
    expect(refund.text).toContain("paid back to you");
    expect(refund.text).toContain("reference CHQ 0042");
    expect(refund.text).not.toMatch(/to your card|business days/);
    const byCard = renderInApp("refund_sent", SAMPLES.refund_sent, context);
    expect(byCard.body).toContain("refunded to your card");
  });
});
