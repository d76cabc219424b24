import { buttonClassName } from "@/components/ui/button";
import { formatDuration } from "@/lib/format/date-time";
import type { TTutorCardSubject } from "@/lib/tutors/search-tutors";

const SELECT =
  "w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

/** Subject and lesson length, as a GET form: the slots below are for this choice. */
export function LessonChoiceForm({
  tutorId,
  subjects,
  subjectId,
  lessonLengths,
  length,
}: {
  tutorId: string;
  subjects: TTutorCardSubject[];
  subjectId: string;
  lessonLengths: number[];
  length: number;
}) {
  return (
    <form method="get" action={`/tutors/${tutorId}`} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <div className="flex flex-col gap-1">
        <label htmlFor="subject" className="text-sm font-medium text-slate-800">
          Subject
        </label>
        <select id="subject" name="subject" defaultValue={subjectId} className={SELECT}>
          {subjects.map((subject) => (
            <option key={subject.id} value={subject.id}>
              {subject.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="length" className="text-sm font-medium text-slate-800">
          Lesson length
        </label>
        <select id="length" name="length" defaultValue={String(length)} className={SELECT}>
          {lessonLengths.map((minutes) => (
            <option key={minutes} value={minutes}>
              {formatDuration(minutes)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClassName("secondary")}>
        Show times
      </button>
    </form>
  );
}
