import Link from "next/link";
import { RatingSummary } from "@/components/ratings/rating-summary";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TTutorCard } from "@/lib/tutors/search-tutors";
import { InitialsAvatar } from "./initials-avatar";

/** One tutor in the browse list: who, their rating (from 3 ratings), what they teach at what hourly price, when they are next free. */
export function TutorCard({ tutor, timeZone }: { tutor: TTutorCard; timeZone: string }) {
  const headingId = `tutor-${tutor.id}`;
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="tutor-card" aria-labelledby={headingId}>
      <div className="flex gap-3">
        <InitialsAvatar name={tutor.name} />
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            <Link href={`/tutors/${tutor.id}`} className="hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
              {tutor.name || "A tutor"}
            </Link>
          </h2>
          {tutor.headline ? <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">{tutor.headline}</p> : null}
          <RatingSummary summary={tutor.rating} className="mt-1" />
        </div>
      </div>
      <ul className="mt-3 flex flex-wrap gap-2" aria-label="Subjects and hourly prices">
        {tutor.subjects.map((subject) => (
          <li key={subject.id} className="rounded-full border border-slate-300 bg-slate-50 px-2.5 py-0.5 text-xs text-slate-800">
            {subject.name} · <Money cents={subject.price_cents} currency={subject.currency} />
            /h
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm text-slate-800" data-testid="next-slot">
        {tutor.next_slot_at ? (
          <>
            Next free: <LocalTime date={new Date(tutor.next_slot_at)} timeZone={timeZone} />
          </>
        ) : (
          <span className="text-slate-600">No open times in their booking window</span>
        )}
      </p>
      {tutor.bio_excerpt ? <p className="mt-2 text-sm text-slate-600 [overflow-wrap:anywhere]">{tutor.bio_excerpt}</p> : null}
    </li>
  );
}
