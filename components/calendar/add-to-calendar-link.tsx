import { buttonClassName } from "@/components/ui/button";

/** "Add to calendar": the session's .ics (UTC times, the lesson page link, never the meeting link). */
export function AddToCalendarLink({ sessionId }: { sessionId: string }) {
  return (
    <a href={`/api/sessions/${encodeURIComponent(sessionId)}/calendar.ics`} download className={buttonClassName("secondary")}>
      Add to calendar
    </a>
  );
}
