import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { formatDuration } from "@/lib/format/date-time";
import { getBookingConfirmation } from "@/lib/tutors/get-booking-confirmation";

export const metadata: Metadata = { title: "Booking requested" };

export default async function BookingRequestedPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireRole(["student", "parent"]);
  const found = await getBookingConfirmation({ db: getDb(), viewer, bookingId: (await params).id });
  if (!found) notFound();
  const { booking, expiresAt, timeZone } = found;
  const home = viewer.role === "parent" ? "/parent" : "/student";
  const isConfirmed = booking.status === "confirmed";
  return (
    <>
      <PageHeader
        title={isConfirmed ? "Your lesson is booked" : "Request sent"}
        subtitle={
          isConfirmed
            ? "The tutor books instantly: the lesson is confirmed."
            : "The tutor will accept or decline; the time is held for you until then."
        }
      />
      <Card title="What you asked for" titleId="requested">
        <DetailList
          items={[
            {
              term: "Status",
              detail: isConfirmed ? <Badge tone="success">Confirmed</Badge> : <Badge tone="warning">Waiting for the tutor</Badge>,
              testId: "booking-status",
            },
            { term: "Tutor", detail: booking.tutorName ?? "Your tutor" },
            { term: "Subject", detail: booking.subjectName },
            ...(viewer.role === "parent" && booking.studentName ? [{ term: "For", detail: booking.studentName }] : []),
            { term: "When", detail: <LocalTime date={booking.startAt} timeZone={timeZone} />, testId: "booking-when" },
            { term: "Length", detail: formatDuration(booking.durationMinutes) },
            { term: "Price", detail: <Money cents={booking.priceCents} currency={booking.currency} /> },
            ...(booking.note ? [{ term: "Special requirements", detail: booking.note }] : []),
            ...(!isConfirmed && expiresAt
              ? [{ term: "Tutor answers by", detail: <LocalTime date={expiresAt} timeZone={timeZone} /> }]
              : []),
          ]}
        />
        <p className="mt-2 text-xs text-slate-600">Times in {timeZone.replaceAll("_", " ")}.</p>
        <div className="mt-4 flex flex-wrap gap-2">
          <ButtonLink href={`${home}/sessions`} variant="primary">
            My Classes
          </ButtonLink>
          <ButtonLink href={`${home}/bookings/${booking.id}`}>See this booking</ButtonLink>
          <ButtonLink href="/tutors" variant="ghost">
            Find another tutor
          </ButtonLink>
        </div>
      </Card>
    </>
  );
}
