import Link from "next/link";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { TMyRequest, TRequestState } from "@/lib/bookings/list-my-classes";
import { formatTimeZoneName } from "@/lib/format/date-time";
import type { TFormAction } from "@/lib/format/action-state";
import { RequestFacts } from "./request-facts";
import { WithdrawRequestButton } from "./withdraw-request-button";

const STATE: Record<TRequestState, { label: string; tone: TBadgeTone }> = {
  waiting: { label: "Waiting for the tutor", tone: "warning" },
  declined: { label: "Declined", tone: "muted" },
  expired: { label: "Expired", tone: "muted" },
  withdrawn: { label: "Withdrawn", tone: "muted" },
};

/**
 * "My Classes": booking requests that have no lesson yet, with where each stands — waiting for the
 * tutor (and until when), declined with the tutor's reason, expired, withdrawn — and what to do next.
 * `showStudent`: a parent's page names the child each request is for.
 */
export function MyRequests({
  requests,
  timeZone,
  withdrawAction,
  showStudent = false,
}: {
  requests: TMyRequest[];
  timeZone: string;
  withdrawAction: TFormAction;
  showStudent?: boolean;
}) {
  return (
    <section aria-labelledby="booking-requests" className="flex min-w-0 flex-col gap-3">
      <h2 id="booking-requests" className="text-lg font-semibold text-slate-900">
        Requests <span className="text-sm font-normal text-slate-600">({requests.length})</span>
      </h2>
      <p className="text-sm text-slate-600">
        Times are in your time zone, {timeZone.replaceAll("_", " ")} ({formatTimeZoneName(new Date(), timeZone)}).
      </p>
      {requests.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
          No booking requests. Find a tutor and pick one of their open slots: your request shows here until the tutor answers.{" "}
          <Link href="/tutors" className="font-medium text-blue-700 underline">
            Find a tutor
          </Link>
        </p>
      ) : (
        <ul className="flex flex-col gap-3" aria-labelledby="booking-requests">
          {requests.map((request) => (
            <RequestItem key={request.id} request={request} timeZone={timeZone} withdrawAction={withdrawAction} showStudent={showStudent} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestItem({
  request,
  timeZone,
  withdrawAction,
  showStudent,
}: {
  request: TMyRequest;
  timeZone: string;
  withdrawAction: TFormAction;
  showStudent: boolean;
}) {
  const { label, tone } = STATE[request.state];
  const who = showStudent && request.studentName ? ` · for ${request.studentName}` : "";
  return (
    <li
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="request-row"
      data-booking-id={request.id}
      data-state={request.state}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="font-semibold text-slate-900">{request.subjectName}</h3>
          <p className="break-words text-sm text-slate-700">
            with {request.tutorName}
            {who}
          </p>
        </div>
        <Badge tone={tone} testId="request-state">
          {label}
        </Badge>
      </div>
      <RequestFacts
        startAt={request.startAt}
        durationMinutes={request.durationMinutes}
        priceCents={request.priceCents}
        currency={request.currency}
        timeZone={timeZone}
      />
      <p className="mt-2 text-sm text-slate-700" data-testid="request-note">
        <StateNote request={request} timeZone={timeZone} />
      </p>
      <div className="mt-4 flex flex-wrap items-start gap-3">
        {request.state === "waiting" ? (
          <WithdrawRequestButton
            action={withdrawAction}
            bookingId={request.id}
            description={`${request.subjectName} with ${request.tutorName}${who}. The tutor will no longer see it, and the time is free for others again.`}
          />
        ) : (
          <ButtonLink href={`/tutors/${request.tutorId}`} aria-label={`Book again with ${request.tutorName}`}>
            Book again
          </ButtonLink>
        )}
      </div>
    </li>
  );
}

function StateNote({ request, timeZone }: { request: TMyRequest; timeZone: string }) {
  switch (request.state) {
    case "waiting":
      return request.expiresAt ? (
        <>
          The tutor has until <LocalTime date={request.expiresAt} timeZone={timeZone} /> to confirm; after that the request expires.
        </>
      ) : (
        <>Waiting for the tutor to confirm.</>
      );
    case "declined":
      return request.declineReason ? (
        <>
          The tutor declined: <q className="[overflow-wrap:anywhere]">{request.declineReason}</q>
        </>
      ) : (
        <>The tutor declined this request.</>
      );
    case "expired":
      return <>The tutor did not answer in time, so the request expired. Nothing was charged.</>;
    case "withdrawn":
      return <>This request was withdrawn before the tutor answered. Nothing was charged.</>;
  }
}
