import { ButtonLink } from "@/components/ui/button";
import type { TFormAction } from "@/lib/format/action-state";
import type { TBookingSummary } from "@/lib/bookings/booking-summary";
import { BookingDecision } from "./booking-decision";
import { RequestFacts } from "./request-facts";

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
      <RequestFacts
        startAt={request.startAt}
        durationMinutes={request.durationMinutes}
        priceCents={request.priceCents}
        currency={request.currency}
        timeZone={timeZone}
        isPriceLabelled
      />
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
