import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

export type TCalendarEvent = {
  sessionId: string;
  startAt: Date;
  endAt: Date;
  summary: string;
  /** The lesson's page in the app: never the meeting link (served only by the join route, in its window). */
  pageUrl: string;
  sequence: number;
  isCancelled: boolean;
  updatedAt: Date;
};

/** The UID a session's event keeps for life, so calendars move it on a reschedule instead of adding one. */
export function sessionEventUid(sessionId: string, host: string): string {
  return `session-${sessionId}@${host}`;
}

/**
 * An iCalendar document (RFC 5545) of sessions, through ical-generator: times in UTC, one VEVENT per
 * session with a stable UID, SEQUENCE from sessions.calendar_sequence, STATUS:CANCELLED once cancelled.
 */
export function buildCalendar(options: { name: string; host: string; events: readonly TCalendarEvent[] }): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: options.host, product: "tutoring-sessions", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const event of options.events) {
    calendar.createEvent({
      id: sessionEventUid(event.sessionId, options.host),
      start: event.startAt,
      end: event.endAt,
      stamp: event.updatedAt,
      lastModified: event.updatedAt,
      summary: event.isCancelled ? `Cancelled: ${event.summary}` : event.summary,
      description: `Lesson page: ${event.pageUrl}`,
      url: event.pageUrl,
      sequence: event.sequence,
      status: event.isCancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
