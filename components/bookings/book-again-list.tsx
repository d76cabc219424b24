import { ButtonLink } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { TRebookTutor } from "@/lib/bookings/list-my-classes";

/** Tutors of past lessons, each with a "Book again" link to their profile's open slots. */
export function BookAgainList({ tutors, timeZone }: { tutors: TRebookTutor[]; timeZone: string }) {
  if (tutors.length === 0) return null;
  return (
    <section aria-labelledby="book-again" className="flex min-w-0 flex-col gap-3">
      <h2 id="book-again" className="text-lg font-semibold text-slate-900">
        Book again
      </h2>
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2" aria-labelledby="book-again">
        {tutors.map((tutor) => (
          <li
            key={tutor.tutorId}
            className="flex min-w-0 flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
            data-testid="book-again-row"
          >
            <div className="min-w-0">
              <p className="break-words font-semibold text-slate-900">{tutor.tutorName}</p>
              <p className="text-sm text-slate-700">
                {tutor.subjectName} · last lesson <LocalTime date={tutor.lastLessonAt} timeZone={timeZone} style="date" />
              </p>
            </div>
            <ButtonLink href={`/tutors/${tutor.tutorId}`} aria-label={`Book again with ${tutor.tutorName}`}>
              Book again
            </ButtonLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
