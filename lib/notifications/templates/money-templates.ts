import type { TLessonFacts, TNotificationDataMap } from "../notification-data";
import { bookingPath, lessonName, lessonTime, money, type TTemplateContent, type TTemplateContext } from "./template-context";

type T<K extends keyof TNotificationDataMap> = (data: TNotificationDataMap[K], context: TTemplateContext) => TTemplateContent;

// The first line of payout_released has no time in it: the release job writes its in-app rows in SQL with the
// same words (lib/payments/release-due-payouts.ts). charge_receipt goes through enqueueNotification when the
// charge is collected (lib/payments/settle-attempt.ts), refund_sent when a refund is, refund_failed when the card
// issuer returns one.

export const chargeReceipt: T<"charge_receipt"> = (d, c) => ({
  title: `Receipt: ${money(d.amount_cents, d.currency)}`,
  lines: [
    d.outside_reference
      ? `${money(d.amount_cents, d.currency)} was received for the ${d.subject_name} lesson with ${d.tutor_name} (paid outside the card processor, reference ${d.outside_reference}).`
      : `${money(d.amount_cents, d.currency)} was charged for the ${d.subject_name} lesson with ${d.tutor_name}.`,
    `Lesson: ${lessonTime(d, c.timeZone)}.`,
  ],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});

export const payoutReleased: T<"payout_released"> = (d, c) => ({
  title: `Payout released: ${money(d.amount_cents, d.currency)}`,
  lines: [
    `${money(d.amount_cents, d.currency)} for the ${d.subject_name} lesson with ${d.student_name} is released to you.`,
    `Lesson: ${lessonTime(d, c.timeZone)}.`,
  ],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});

export const noShowMarked: T<"no_show_marked"> = (d, c) => ({
  title: `Marked as no-show: ${lessonName(d, c.role)}`,
  lines: [
    `${d.tutor_name} marked ${c.role === "parent" ? d.student_name : "you"} absent from the lesson of ${lessonTime(d, c.timeZone)}.`,
    `${money(d.amount_cents, d.currency)} was charged, as the no-show rule says.`,
  ],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});

export const paymentActionRequired: T<"payment_action_required"> = (d, c) => ({
  title: `Payment needs your action: ${money(d.amount_cents, d.currency)}`,
  lines: [
    `The payment of ${money(d.amount_cents, d.currency)} for ${lessonName(d, c.role)} (${lessonTime(d, c.timeZone)}) could not be completed.`,
  ],
  // The on-session "Complete payment" page (app/pay/[attemptId]).
  path: `/pay/${d.attempt_id}`,
  action: "Complete the payment",
});

/** A payer's own payments page (a refund is about their money more than the lesson); anyone else, the lesson. */
function paymentsPath(facts: TLessonFacts, role: TTemplateContext["role"]): string {
  return role === "student" || role === "parent" ? `/${role}/payments` : bookingPath(facts, role);
}

export const refundSent: T<"refund_sent"> = (d, c) => ({
  title: `Refund: ${money(d.amount_cents, d.currency)}`,
  lines: [
    d.outside_reference
      ? `${money(d.amount_cents, d.currency)} was paid back to you for ${lessonName(d, c.role)} outside the card processor (reference ${d.outside_reference}).`
      : `${money(d.amount_cents, d.currency)} was refunded to your card for ${lessonName(d, c.role)}.`,
    `Lesson: ${lessonTime(d, c.timeZone)}.`,
    ...(d.outside_reference ? [] : ["Card refunds usually appear on your statement within 5 to 10 business days."]),
  ],
  path: paymentsPath(d, c.role),
  action: "See your payments",
});

const REFUND_FAILURE_WORDS: Record<string, string> = {
  expired_or_canceled_card: "the card is expired or cancelled",
  lost_or_stolen_card: "the card was reported lost or stolen",
};

export const refundFailed: T<"refund_failed"> = (d, c) => ({
  title: `Refund delayed: ${money(d.amount_cents, d.currency)}`,
  lines: [
    `We couldn't return ${money(d.amount_cents, d.currency)} to your card for ${lessonName(d, c.role)}: your card issuer sent it back (${
      REFUND_FAILURE_WORDS[d.failure_reason ?? ""] ?? "no reason given"
    }).`,
    "Nothing is lost: the money is with us, and our team will return it to you another way. You don't need to do anything.",
    `Lesson: ${lessonTime(d, c.timeZone)}.`,
  ],
  path: paymentsPath(d, c.role),
  action: "See your payments",
});

export const paymentDue: T<"payment_due"> = (d, c) => ({
  title: `Payment due: ${money(d.amount_cents, d.currency)}`,
  lines: [
    `${money(d.amount_cents, d.currency)} is due for ${lessonName(d, c.role)} (${lessonTime(d, c.timeZone)}).`,
    "Lessons are paid by hand here (a bank transfer or cash): your payments page says how. You get a receipt once it is received.",
  ],
  path: paymentsPath(d, c.role),
  action: "How to pay",
});

export const refundDue: T<"refund_due"> = (d, c) => ({
  title: `Refund due to you: ${money(d.amount_cents, d.currency)}`,
  lines: [
    `${money(d.amount_cents, d.currency)} is owed back to you for ${lessonName(d, c.role)} (${lessonTime(d, c.timeZone)}).`,
    "It is paid back by hand (a bank transfer or cash); you get a notice once it is paid.",
  ],
  path: paymentsPath(d, c.role),
  action: "See your payments",
});
