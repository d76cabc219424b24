import { ButtonLink } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TFormAction } from "@/lib/format/action-state";
import { formatDuration } from "@/lib/format/date-time";
import type { TBookingSummary } from "@/lib/bookings/booking-summary";
import { BookingDecision } from "./booking-decision";

/** One pending request on the tutor's list: who, what, when, price, and the decision. */
export function BookingRequestItem({
  request,
  timeZone,
  confirmAction,
  declineAction,
}: {
  request: TBookingSummary;
  timeZone: string;
  confirmAction: TFormAction;
  declineAction: TFormAction;
}) {
  const student = request.studentName ?? "A student";
  const label = `${request.subjectName} request from ${student}`;
  return (
    <li
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="booking-request"
      data-booking-id={request.id}
    >
      <h2 className="font-semibold text-slate-900">{request.subjectName}</h2>
      <p className="text-sm text-slate-700">from {student}</p>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm text-slate-800 sm:grid-cols-[auto_auto_1fr]">
        <div>
          <dt className="sr-only">Requested time</dt>
          <dd>
            <LocalTime date={request.startAt} timeZone={timeZone} />
          </dd>
        </div>
        <div>
          <dt className="sr-only">Duration</dt>
          <dd>{formatDuration(request.durationMinutes)}</dd>
        </div>
        <div>
          <dt className="sr-only">Price</dt>
          <dd>
            <span className="text-slate-600">Price </span>
            <Money cents={request.priceCents} currency={request.currency} />
          </dd>
        </div>
      </dl>
      {request.note ? <p className="mt-2 break-words text-sm text-slate-700">“{request.note}”</p> : null}
      <div className="mt-4 flex flex-wrap items-start gap-3">
        <ButtonLink href={`/tutor/bookings/${request.id}`} aria-label={`Details: ${label}`}>
          Details
        </ButtonLink>
        <BookingDecision bookingId={request.id} label={label} confirmAction={confirmAction} declineAction={declineAction} />
      </div>
    </li>
  );
}
