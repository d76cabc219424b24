import type { Metadata } from "next";
import { BookingRequestItem } from "@/components/bookings/booking-request-item";
import { OpenProposalsList } from "@/components/reschedule/open-proposals-list";
import { RoleNav } from "@/components/sessions/role-nav";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { listBookingRequests } from "@/lib/bookings/list-booking-requests";
import { listOpenProposals } from "@/lib/bookings/list-open-proposals";
import { getDb } from "@/lib/db";
import { confirmBookingAction, declineBookingAction } from "./actions";

export const metadata: Metadata = { title: "Booking requests" };

export default async function TutorBookingsPage() {
  const viewer = await requireRole("tutor");
  const { timeZone, requests } = await listBookingRequests({ db: getDb(), viewer, now: new Date() });
  const proposals = await listOpenProposals({ db: getDb(), viewer, now: new Date() });
  return (
    <>
      <PageHeader
        title="Booking requests"
        subtitle="Confirming a request creates the session and its meeting link."
        nav={<RoleNav role="tutor" current="/tutor/bookings" />}
      />
      <OpenProposalsList proposals={proposals} timeZone={timeZone} />
      {requests.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
          No pending requests right now.
        </p>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Pending requests">
          {requests.map((request) => (
            <BookingRequestItem
              key={request.id}
              request={request}
              timeZone={timeZone}
              confirmAction={confirmBookingAction}
              declineAction={declineBookingAction}
            />
          ))}
        </ul>
      )}
    </>
  );
}
