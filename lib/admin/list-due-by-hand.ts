import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { viewerTimeZone } from "@/lib/sessions";
import { toCents } from "@/lib/sessions/shared";

export type TDueByHand = {
  attemptId: string;
  sessionId: string;
  /** charge: to receive from the payer; refund: to pay back to the payer; transfer: to pay the tutor. */
  kind: "charge" | "refund" | "transfer";
  amountCents: number;
  currency: string;
  partyName: string | null;
  /** The payer's role (student or parent) or tutor. */
  partyRole: string | null;
  subjectName: string;
  scheduledStartAt: Date;
  /** When it became due by hand. */
  dueSince: Date;
};

const LIMIT = 300;

/**
 * The admin's "Due by hand" list (README "Payments"): every `manual_due` attempt (the manual provider's
 * charges, refunds and payouts, and refunds of charges settled outside the provider), oldest first, read as
 * the admin under RLS. Marking one settled (lib/payments/settle-outside-provider.ts) takes it off the list.
 */
export async function listDueByHand(options: { db: Sql; viewer: TAppViewer }): Promise<{ timeZone: string; items: TDueByHand[] }> {
  const { db, viewer } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can see payments due by hand.");
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const rows = await tx<
      {
        id: string;
        session_id: string;
        kind: TDueByHand["kind"];
        amount_cents: string;
        currency: string;
        party_name: string | null;
        party_role: string | null;
        subject_name: string;
        scheduled_start_at: Date;
        updated_at: Date;
      }[]
    >`
      select a.id, a.session_id, a.kind, a.amount_cents, a.currency, nullif(p.full_name, '') as party_name, p.role as party_role,
             subject.name as subject_name, s.scheduled_start_at, a.updated_at
      from public.payment_attempts a
      join public.sessions s on s.id = a.session_id
      join public.subjects subject on subject.id = s.subject_id
      left join public.profiles p on p.id = a.party_id
      where a.status = 'manual_due'
      order by a.updated_at, a.id limit ${LIMIT}`;
    return {
      timeZone,
      items: rows.map((row) => ({
        attemptId: row.id,
        sessionId: row.session_id,
        kind: row.kind,
        amountCents: toCents(row.amount_cents),
        currency: row.currency,
        partyName: row.party_name,
        partyRole: row.party_role,
        subjectName: row.subject_name,
        scheduledStartAt: row.scheduled_start_at,
        dueSince: row.updated_at,
      })),
    };
  });
}
