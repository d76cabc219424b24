import type { Sql } from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requestBooking } from "@/lib/bookings/request-booking";
import type { VideoProvider } from "@/lib/video/types";
import { createBookableTutor } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createUser } from "../support/factories";

// Lets a test swap the tutor's provider for one that fails, keeping the real connection lookup.
const providerOverride = vi.hoisted(() => ({ current: null as VideoProvider | null }));
vi.mock("@/lib/video/get-tutor-video-provider", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/video/get-tutor-video-provider")>();
  return {
    ...actual,
    getTutorVideoProvider: async (options: Parameters<typeof actual.getTutorVideoProvider>[0]) => {
      const resolved = await actual.getTutorVideoProvider(options);
      return providerOverride.current ? { ...resolved, provider: providerOverride.current } : resolved;
    },
  };
});

const failingProvider: VideoProvider = {
  name: "zoom",
  createMeeting: async () => {
    throw new Error("Zoom answered 503 Service Unavailable");
  },
  updateMeeting: async () => {
    throw new Error("unused");
  },
  deleteMeeting: async () => {},
};

const HOUR_MS = 3_600_000;
let sql: Sql;
const tutors: string[] = [];

beforeAll(() => {
  sql = testDb();
});
afterAll(async () => {
  await cancelScheduledSessions(sql, tutors);
  await sql.end();
});
beforeEach(() => {
  providerOverride.current = null;
});

const onTheHour = (offsetHours: number) => new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + offsetHours * HOUR_MS);

describe("instant booking", () => {
  it("confirms at once: the session and its meeting exist when the request answers", async () => {
    const { tutor, subjectId } = await createBookableTutor(sql, { isInstantBooking: true });
    tutors.push(tutor.id);
    const student = await createUser(sql, { role: "student" });
    const now = new Date();
    const startAt = onTheHour(30);
    const booking = await requestBooking({
      db: sql,
      viewer: student.viewer,
      input: { tutor_id: tutor.id, subject_id: subjectId, start_at: startAt.toISOString(), duration_minutes: 60 },
      now,
    });
    expect(booking.status).toBe("confirmed");
    expect(booking.session_id).toEqual(expect.any(String));
    const [row] = await sql`
      select b.status, s.id as session_id, s.scheduled_start_at, (select count(*)::int from public.session_meeting_links l where l.session_id = s.id) as links
      from public.bookings b join public.sessions s on s.booking_id = b.id where b.id = ${booking.id}`;
    expect(row).toEqual({ status: "confirmed", session_id: booking.session_id, scheduled_start_at: startAt, links: 1 });
    const events = await sql`select type, actor_role from public.booking_events where booking_id = ${booking.id} order by id`;
    expect(events.map((event) => [event.type, event.actor_role])).toEqual([
      ["booking.requested", "student"],
      ["booking.confirmed", "system"],
    ]);
  });

  it("keeps the request pending (never lost) when the provider fails, and says so", async () => {
    const { tutor, subjectId } = await createBookableTutor(sql, { isInstantBooking: true });
    tutors.push(tutor.id);
    const student = await createUser(sql, { role: "student" });
    providerOverride.current = failingProvider;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const booking = await requestBooking({
      db: sql,
      viewer: student.viewer,
      input: { tutor_id: tutor.id, subject_id: subjectId, start_at: onTheHour(32).toISOString(), duration_minutes: 60 },
      now: new Date(),
    });
    errors.mockRestore();
    expect(booking).toMatchObject({ status: "pending", session_id: null });
    const [row] = await sql`select status, (select count(*)::int from public.sessions s where s.booking_id = b.id) as sessions
                            from public.bookings b where b.id = ${booking.id}`;
    expect(row).toEqual({ status: "pending", sessions: 0 });
  });
});
