import type { ReactNode } from "react";
import { CancelLessonCard } from "@/components/cancellations/cancel-lesson-card";
import { SessionDisputeCard } from "@/components/disputes/session-dispute-card";
import { TextLink } from "@/components/ui/text-link";
import { SessionRatingCard } from "@/components/ratings/session-rating-card";
import { RescheduleSection } from "@/components/reschedule/reschedule-section";
import { SessionActionsCard } from "@/components/sessions/session-actions-card";
import { SessionAmountsCard } from "@/components/sessions/session-amounts-card";
import { SessionAuditTrail } from "@/components/sessions/session-audit-trail";
import { SessionRulesCard } from "@/components/sessions/session-rules-card";
import { SessionStatus } from "@/components/sessions/session-status";
import { LocalTime } from "@/components/ui/local-time";
import type { TRole } from "@/lib/auth/roles";
import { describeParticipants } from "@/lib/format/session-text";
import type { TBookingDetail } from "@/lib/bookings/get-booking-detail";
import { BookingRequestCard } from "./booking-request-card";
import { BookingStatusBadge } from "./booking-status-badge";

/** One booking and its session: status, actions, rules, amounts and audit trail, for any role. */
export function BookingDetailView({
  detail,
  role,
  now,
  back,
  decision,
  declineReason,
}: {
  detail: TBookingDetail;
  role: TRole;
  now: Date;
  back: { href: string; label: string };
  decision?: ReactNode;
  /** See BookingRequestCard: read with lib/bookings/read-decline-reason.ts. */
  declineReason?: string | null;
}) {
  const { booking, session, timeZone } = detail;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <p className="text-sm">
        <TextLink href={back.href}>← {back.label}</TextLink>
      </p>
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold text-slate-900">{booking.subjectName}</h1>
          {session ? <SessionStatus session={session} serverNow={now} /> : <BookingStatusBadge status={booking.status} />}
        </div>
        <p className="break-words text-slate-700">
          {describeParticipants(role, booking)} · <LocalTime date={session?.scheduledStartAt ?? booking.startAt} timeZone={timeZone} />
        </p>
      </header>
      {session ? (
        <>
          <SessionActionsCard session={session} role={role} timeZone={timeZone} now={now} payoutHoldHours={detail.payoutHoldHours} />
          <CancelLessonCard session={session} role={role} timeZone={timeZone} now={now} />
          <RescheduleSection sessionId={session.id} bookingId={booking.id} role={role} timeZone={timeZone} now={now} />
          <SessionDisputeCard session={session} role={role} timeZone={timeZone} now={now} />
          <SessionRatingCard session={session} role={role} timeZone={timeZone} now={now} />
          <SessionRulesCard session={session} timeZone={timeZone} />
          <SessionAmountsCard session={session} ledger={detail.ledger} role={role} timeZone={timeZone} />
          <SessionAuditTrail events={detail.events} currency={session.currency} timeZone={timeZone} />
        </>
      ) : (
        <BookingRequestCard
          booking={booking}
          role={role}
          timeZone={timeZone}
          decision={booking.status === "pending" ? decision : undefined}
          declineReason={declineReason}
        />
      )}
    </div>
  );
}
