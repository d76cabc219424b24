import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";
import type { TProposerRole } from "@/lib/bookings/reschedule-proposal-row";

export type TOpenProposal = {
  id: string;
  sessionId: string;
  bookingId: string;
  proposedByRole: TProposerRole;
  isProposedByViewer: boolean;
  currentStartAt: Date;
  startAt: Date;
  endAt: Date;
  expiresAt: Date;
  subjectName: string;
  otherPartyName: string;
};

/**
 * The viewer's pending, unexpired reschedule proposals (RLS decides which), soonest new time first: the
 * read model for the tutor's bookings page and calendar, and for a booking's detail (`bookingId`).
 */
export async function listOpenProposals(options: { db: Sql; viewer: Viewer; now: Date; bookingId?: string }): Promise<TOpenProposal[]> {
  const { db, viewer, now } = options;
  const bookingId = options.bookingId ?? null;
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx<
      {
        id: string;
        session_id: string;
        booking_id: string;
        proposed_by: string;
        proposed_by_role: TProposerRole;
        current_start_at: Date;
        start_at: Date;
        end_at: Date;
        expires_at: Date;
        subject_name: string | null;
        tutor_id: string;
        tutor_name: string | null;
        student_name: string | null;
      }[]
    >`
    select p.id, p.session_id, p.booking_id, p.proposed_by, p.proposed_by_role, s.scheduled_start_at as current_start_at,
           p.start_at, p.end_at, p.expires_at, sub.name as subject_name, p.tutor_id,
           tp.full_name as tutor_name, sp.full_name as student_name
    from public.reschedule_proposals p
    join public.sessions s on s.id = p.session_id
    left join public.subjects sub on sub.id = s.subject_id
    left join public.profiles tp on tp.id = p.tutor_id
    left join public.profiles sp on sp.id = p.student_id
    where p.status = 'pending' and p.expires_at > ${now}
      and (${bookingId}::uuid is null or p.booking_id = ${bookingId})
    order by p.start_at`,
  );
  return rows.map((row) => ({
    id: row.id,
    sessionId: row.session_id,
    bookingId: row.booking_id,
    proposedByRole: row.proposed_by_role,
    isProposedByViewer: row.proposed_by === viewer.id,
    currentStartAt: row.current_start_at,
    startAt: row.start_at,
    endAt: row.end_at,
    expiresAt: row.expires_at,
    subjectName: row.subject_name ?? "Lesson",
    otherPartyName: (row.tutor_id === viewer.id ? row.student_name : row.tutor_name) ?? "—",
  }));
}
