import { CancelLessonButton } from "@/components/cancellations/cancel-lesson-button";
import { ButtonLink } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { TRole } from "@/lib/auth/roles";
import { formatDuration } from "@/lib/format/date-time";
import { bookingHref, describeParticipants } from "@/lib/format/session-text";
import type { TSessionSummary } from "@/lib/sessions";
import { noShowAvailableAt, joinWindowOpensAt } from "@/lib/sessions/shared";
import { SessionAmount } from "./session-amount";
import { SessionJoinButton } from "./session-join-button";
import { SessionStatus } from "./session-status";

/** One session in a list: what, with whom, when, status, amount, and its two actions. */
export function SessionListItem({
  session,
  role,
  timeZone,
  serverNow,
}: {
  session: TSessionSummary;
  role: TRole;
  timeZone: string;
  serverNow: Date;
}) {
  const participants = describeParticipants(role, session);
  const href = bookingHref(role, session.bookingId);
  const canJoin = session.isUpcoming && role !== "admin";
  const canCancel = session.isUpcoming;
  return (
    <li
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="session-row"
      data-session-id={session.id}
      data-booking-id={session.bookingId}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="font-semibold text-slate-900">{session.subjectName}</h3>
          <p className="break-words text-sm text-slate-700">{participants}</p>
        </div>
        <SessionStatus session={session} serverNow={serverNow} />
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm text-slate-800 sm:grid-cols-[auto_auto_1fr]">
        <div>
          <dt className="sr-only">When</dt>
          <dd>
            <LocalTime date={session.scheduledStartAt} timeZone={timeZone} />
          </dd>
        </div>
        <div>
          <dt className="sr-only">Duration</dt>
          <dd>{formatDuration(session.durationMinutes)}</dd>
        </div>
        <div>
          <dt className="sr-only">Amount</dt>
          <dd data-testid="session-amount">
            <SessionAmount amount={session.amount} currency={session.currency} timeZone={timeZone} />
          </dd>
        </div>
      </dl>
      {href || canJoin || canCancel ? (
        <div className="mt-4 flex flex-wrap items-start gap-3">
          {href ? (
            <ButtonLink href={href} aria-label={`View session: ${session.subjectName} ${participants}`}>
              View session
            </ButtonLink>
          ) : null}
          {canJoin ? (
            <SessionJoinButton
              sessionId={session.id}
              joinOpensAt={joinWindowOpensAt(session).toISOString()}
              endsAt={session.scheduledEndAt.toISOString()}
              serverNow={serverNow.toISOString()}
              timeZone={timeZone}
              sessionLabel={`${session.subjectName} ${participants}`}
              noShow={{
                role,
                noShowAvailableAt: noShowAvailableAt(session).toISOString(),
                noShowChargeBps: session.splitBps.noShowChargeBps,
                studentName: session.studentName,
                hasStudentJoined: session.hasStudentJoined,
              }}
            />
          ) : null}
          {canCancel && href && role !== "admin" ? (
            // Whether a new time may be proposed, and why not, is shown where the slots are: the lesson's page.
            <ButtonLink href={`${href}#reschedule-title`} aria-label={`Reschedule: ${session.subjectName} ${participants}`}>
              Reschedule
            </ButtonLink>
          ) : null}
          {canCancel ? (
            <CancelLessonButton
              sessionId={session.id}
              sessionLabel={`${session.subjectName} ${participants}`}
              storedStatus={session.storedStatus}
              startsAt={session.scheduledStartAt.toISOString()}
              serverNow={serverNow.toISOString()}
              timeZone={timeZone}
            />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
