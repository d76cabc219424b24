import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RatingSummary } from "@/components/ratings/rating-summary";
import { TutorReviews } from "@/components/ratings/tutor-reviews";
import { BookingSummary } from "@/components/tutors/booking-summary";
import { BrowserZoneCookie } from "@/components/tutors/browser-zone-cookie";
import { InitialsAvatar } from "@/components/tutors/initials-avatar";
import { LessonChoiceForm } from "@/components/tutors/lesson-choice-form";
import { SlotPicker } from "@/components/tutors/slot-picker";
import { ZoneLabel } from "@/components/tutors/zone-label";
import { ZoneSwitchBanner } from "@/components/tutors/zone-switch-banner";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { TextLink } from "@/components/ui/text-link";
import { AppError } from "@/lib/api/errors";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { getTutorProfile, type TTutorProfile } from "@/lib/tutors/get-tutor-profile";
import { profileHref, ZProfilePageQuery } from "@/lib/tutors/profile-page-query";
import { queryFields } from "@/lib/tutors/search-tutors-schema";
import { BROWSER_ZONE_COOKIE, viewerTimeZone } from "@/lib/tutors/viewer-time-zone";
import { requestBookingAction, switchTimeZoneAction } from "../actions";

export const metadata: Metadata = { title: "Tutor" };

/** Basis points as "12.5 %". */
function formatPercent(bps: number): string {
  return `${(bps / 100).toLocaleString("en", { maximumFractionDigits: 1 })} %`;
}

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function loadProfile(options: Parameters<typeof getTutorProfile>[0]): Promise<TTutorProfile> {
  try {
    return await getTutorProfile(options);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function TutorProfilePage({ params, searchParams }: TProps) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const db = getDb();
  const viewer = await getViewer();
  const now = new Date();
  const browserZone = (await cookies()).get(BROWSER_ZONE_COOKIE)?.value;
  const zone = await viewerTimeZone({ db, viewer, browserZone });
  const choice = ZProfilePageQuery.parse(queryFields(await searchParams));
  const profile = await loadProfile({ db, viewer, tutorId: id, durationMinutes: choice.length, now });
  const subject = profile.subjects.find((item) => item.id === choice.subject) ?? profile.subjects[0] ?? null;
  const chosenStart = choice.start ? new Date(choice.start).toISOString() : null;
  const slot = chosenStart ? (profile.slots.find((item) => item.startAt.toISOString() === chosenStart) ?? null) : null;
  const base = { subject: subject?.id, length: profile.durationMinutes };

  return (
    <>
      <BrowserZoneCookie current={browserZone} />
      <p className="mb-4 text-sm">
        <TextLink href="/tutors">← All tutors</TextLink>
      </p>
      {zone.differingBrowserZone ? (
        <ZoneSwitchBanner browserZone={zone.differingBrowserZone} profileZone={zone.timeZone} action={switchTimeZoneAction} />
      ) : null}
      <header className="mb-6 flex items-start gap-4">
        <InitialsAvatar name={profile.name} size="lg" />
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold text-slate-900 [overflow-wrap:anywhere]">{profile.name || "A tutor"}</h1>
          {profile.headline ? <p className="text-slate-700 [overflow-wrap:anywhere]">{profile.headline}</p> : null}
          <RatingSummary summary={profile.rating} className="mt-1" />
          <p className="mt-2 flex flex-wrap gap-2">
            {profile.isInstantBooking ? (
              <Badge tone="success">Instant booking</Badge>
            ) : (
              <Badge tone="info">Tutor confirms each request</Badge>
            )}
            <Badge tone="muted">Tutor&apos;s zone: {profile.timeZone.replaceAll("_", " ")}</Badge>
          </p>
          {profile.cancellation.rateBps !== null ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="cancellation-rate">
              Cancelled {formatPercent(profile.cancellation.rateBps)} of lessons in the last 90 days
              <span className="block text-xs text-slate-600">
                Lessons this tutor cancelled out of the {profile.cancellation.lessons} due or cancelled in that time; shown from 5 lessons
                on.
              </span>
            </p>
          ) : null}
        </div>
      </header>
      {!profile.isBookable ? (
        <div className="mb-4">
          <Alert tone="info">This tutor isn&apos;t taking bookings right now.</Alert>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[2fr_3fr]">
        <div className="flex flex-col gap-4">
          {profile.bio ? (
            <Card title="About" titleId="about">
              <p className="whitespace-pre-line text-sm text-slate-800 [overflow-wrap:anywhere]">{profile.bio}</p>
            </Card>
          ) : null}
          <Card title="Subjects and prices" titleId="subjects">
            {profile.subjects.length ? (
              <ul className="flex flex-col gap-1 text-sm" data-testid="tutor-subjects">
                {profile.subjects.map((item) => (
                  <li key={item.id} className="flex justify-between gap-2">
                    <span>{item.name}</span>
                    <span>
                      <Money cents={item.price_cents} currency={item.currency} /> an hour
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-700">No subjects listed yet.</p>
            )}
          </Card>
          <Card title="Reviews" titleId="reviews">
            <TutorReviews reviews={profile.reviews} timeZone={zone.timeZone} />
          </Card>
        </div>
        {profile.isBookable && subject ? (
          <div className="flex flex-col gap-4">
            <Card title="Book a lesson" titleId="book">
              <LessonChoiceForm
                tutorId={profile.id}
                subjects={profile.subjects}
                subjectId={subject.id}
                lessonLengths={profile.lessonLengths}
                length={profile.durationMinutes}
              />
              <div className="mt-4 flex flex-col gap-3">
                <ZoneLabel timeZone={zone.timeZone} source={zone.source} now={now} />
                {chosenStart && !slot ? <Alert>That time is no longer free. Choose another one below.</Alert> : null}
                <SlotPicker
                  slots={profile.slots}
                  timeZone={zone.timeZone}
                  tutorTimeZone={profile.timeZone}
                  chosen={slot ? chosenStart : null}
                  hrefFor={(item) => `${profileHref(profile.id, { ...base, start: item.startAt.toISOString() })}#confirm`}
                />
              </div>
            </Card>
            {slot ? (
              <BookingSummary
                action={requestBookingAction}
                viewer={viewer}
                tutor={profile}
                subject={subject}
                slot={slot}
                timeZone={zone.timeZone}
                returnTo={profileHref(profile.id, { ...base, start: chosenStart! })}
              />
            ) : null}
          </div>
        ) : null}
      </div>
    </>
  );
}
