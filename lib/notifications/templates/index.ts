import type { TNotificationKind } from "../kinds";
import type { TNotificationDataMap } from "../notification-data";
import * as booking from "./booking-templates";
import * as dispute from "./dispute-templates";
import * as lesson from "./lesson-templates";
import * as payment from "./money-templates";
import { renderEmail, type TRenderedEmail } from "./render-email";
import type { TTemplateContent, TTemplateContext } from "./template-context";

export type { TTemplateContent, TTemplateContext } from "./template-context";
export { recipientTimeZone } from "./template-context";
export type { TRenderedEmail } from "./render-email";

type TTemplates = { [K in TNotificationKind]: (data: TNotificationDataMap[K], context: TTemplateContext) => TTemplateContent };

/** One template per kind: the compiler refuses a kind without one. */
const TEMPLATES: TTemplates = {
  booking_requested: booking.bookingRequested,
  booking_confirmed: booking.bookingConfirmed,
  booking_declined: booking.bookingDeclined,
  booking_expired: booking.bookingExpired,
  booking_cancelled: booking.bookingCancelled,
  reschedule_proposed: booking.rescheduleProposed,
  reschedule_accepted: booking.rescheduleAccepted,
  reminder_24h: lesson.reminder24h,
  reminder_15m: lesson.reminder15m,
  session_joined: lesson.sessionJoined,
  rating_requested: lesson.ratingRequested,
  no_show_marked: payment.noShowMarked,
  charge_receipt: payment.chargeReceipt,
  payment_action_required: payment.paymentActionRequired,
  refund_sent: payment.refundSent,
  refund_failed: payment.refundFailed,
  payment_due: payment.paymentDue,
  refund_due: payment.refundDue,
  payout_released: payment.payoutReleased,
  dispute_opened: dispute.disputeOpened,
  dispute_answered: dispute.disputeAnswered,
  dispute_resolved: dispute.disputeResolved,
};

/** A kind's words for one recipient. */
export function renderContent<K extends TNotificationKind>(
  kind: K,
  data: TNotificationDataMap[K],
  context: TTemplateContext,
): TTemplateContent {
  return TEMPLATES[kind](data, context);
}

/** The in-app row: title, first paragraph, the page. */
export function renderInApp<K extends TNotificationKind>(
  kind: K,
  data: TNotificationDataMap[K],
  context: TTemplateContext,
): { title: string; body: string; link: string } {
  const content = renderContent(kind, data, context);
  return { title: content.title, body: content.lines[0] ?? "", link: content.path };
}

/** The email: subject, text and HTML parts, the page's absolute link and (unless locked) the unsubscribe link. */
export function renderNotificationEmail<K extends TNotificationKind>(
  kind: K,
  data: TNotificationDataMap[K],
  context: TTemplateContext & { appUrl: string; unsubscribeUrl: string | null },
): TRenderedEmail {
  return renderEmail(renderContent(kind, data, context), context);
}
