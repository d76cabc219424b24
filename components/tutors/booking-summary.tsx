import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { TSlot } from "@/lib/availability";
import type { TFormAction } from "@/lib/format/action-state";
import { getDb } from "@/lib/db";
import { formatDuration, formatInTimeZone } from "@/lib/format/date-time";
import { listChildren } from "@/lib/parents/list-children";
import { lessonPriceCents } from "@/lib/tutors/lesson-price";
import type { TTutorProfile } from "@/lib/tutors/get-tutor-profile";
import type { TTutorCardSubject } from "@/lib/tutors/search-tutors";
import { bookingCardBlock } from "@/components/payments/booking-card-block";
import { BookingForm } from "./booking-form";

/** The chosen slot before it is requested: what, when (both zones), the price from the server, then the form. */
export async function BookingSummary({
  action,
  viewer,
  tutor,
  subject,
  slot,
  timeZone,
  returnTo,
}: {
  /** The request's server action (app/tutors/actions.ts). */
  action: TFormAction;
  viewer: TAppViewer | null;
  tutor: TTutorProfile;
  subject: TTutorCardSubject;
  slot: TSlot;
  timeZone: string;
  returnTo: string;
}) {
  const price = lessonPriceCents(subject.price_cents, tutor.durationMinutes);
  return (
    <div id="confirm">
      <Card title="Your lesson" titleId="confirm-title">
        <DetailList
          items={[
            { term: "Subject", detail: subject.name },
            { term: "Length", detail: formatDuration(tutor.durationMinutes) },
            { term: "When (your time)", detail: <LocalTime date={slot.startAt} timeZone={timeZone} />, testId: "lesson-when" },
            { term: "Tutor's time", detail: `${formatInTimeZone(slot.startAt, tutor.timeZone)} (${tutor.timeZone.replaceAll("_", " ")})` },
            { term: "Price", detail: <Money cents={price} currency={subject.currency} testId="lesson-price" /> },
          ]}
        />
        <p className="mt-3 text-sm text-slate-700">
          {tutor.isInstantBooking
            ? "This tutor confirms bookings at once."
            : "The tutor has up to 24 hours to accept; the time is held for you meanwhile."}
        </p>
        <div className="mt-4">
          <BookingAction action={action} viewer={viewer} tutor={tutor} subject={subject} slot={slot} returnTo={returnTo} />
        </div>
      </Card>
    </div>
  );
}

async function BookingAction({
  action,
  viewer,
  tutor,
  subject,
  slot,
  returnTo,
}: {
  action: TFormAction;
  viewer: TAppViewer | null;
  tutor: TTutorProfile;
  subject: TTutorCardSubject;
  slot: TSlot;
  returnTo: string;
}) {
  if (!viewer) {
    return (
      <div className="flex flex-wrap gap-2">
        <ButtonLink href={`/login?next=${encodeURIComponent(returnTo)}`} variant="primary" data-testid="sign-in-to-book">
          Sign in to book
        </ButtonLink>
        <ButtonLink href={`/signup?next=${encodeURIComponent(returnTo)}`} data-testid="sign-up-to-book">
          Create an account
        </ButtonLink>
      </div>
    );
  }
  if (viewer.role !== "student" && viewer.role !== "parent") {
    return <p className="text-sm text-slate-700">Lessons are booked from a student or parent account.</p>;
  }
  // With a card-charging provider the payer saves a card first (hosted Checkout, back to this slot).
  const payment = await bookingCardBlock({ viewer, next: `${returnTo}#confirm` });
  if (!payment.canBook) return payment.block;
  const fields = {
    tutor_id: tutor.id,
    subject_id: subject.id,
    start_at: slot.startAt.toISOString(),
    duration_minutes: tutor.durationMinutes,
  };
  if (viewer.role === "student") {
    return (
      <>
        {payment.block}
        <BookingForm action={action} fields={fields} students={null} />
      </>
    );
  }
  const children = await listChildren({ db: getDb(), viewer });
  if (children.length === 0) {
    return (
      <p className="text-sm text-slate-700">Link your child&apos;s account first (on your Sessions page); then you can book for them.</p>
    );
  }
  return (
    <>
      {payment.block}
      <BookingForm
        action={action}
        fields={fields}
        students={children.map((child) => ({ id: child.studentId, name: child.name ?? child.email }))}
      />
    </>
  );
}
