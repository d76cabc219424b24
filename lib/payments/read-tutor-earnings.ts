import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { weeklyTotals, type TWeekTotal } from "@/lib/payments/weekly-earnings";

/** Where one lesson's payout stands: in escrow, released to be sent, sent (transfer succeeded), or refunded. */
export type TEarningState = "held" | "released" | "paid_out" | "reversed";

export type TEarning = {
  ledgerEntryId: string;
  sessionId: string;
  state: TEarningState;
  /** The payout as charged, before any refund. */
  payoutCents: number;
  /** What refunds took back (all of it for a voided payout). */
  reversedCents: number;
  /** What the tutor gets: payout − reversals. */
  netCents: number;
  currency: string;
  earnedAt: Date;
  releaseAt: Date | null;
  releasedAt: Date | null;
  /** The transfer's state once released (awaiting_payee until payouts are set up). */
  transferStatus: string | null;
  transferRef: string | null;
  subjectName: string;
  studentName: string;
  lessonStartAt: Date;
};

export type TTutorEarnings = {
  currency: string;
  totals: { heldCents: number; releasedCents: number; paidOutCents: number; reversedCents: number };
  /** Held payouts, soonest release first. */
  held: TEarning[];
  items: TEarning[];
  weeks: TWeekTotal[];
  timeZone: string;
  payoutAccount: { payoutsEnabled: boolean; detailsSubmitted: boolean } | null;
};

type TRow = {
  ledger_entry_id: string;
  session_id: string;
  status: "held" | "released" | "void" | "posted";
  amount_cents: string;
  reversed_cents: string;
  currency: string;
  created_at: Date;
  release_at: Date | null;
  released_at: Date | null;
  transfer_status: string | null;
  transfer_ref: string | null;
  subject_name: string;
  student_name: string;
  lesson_start_at: Date;
};

/**
 * The tutor's earnings page and CSV (README "Payments"): every payout of theirs from the ledger with its
 * refund reversals and its transfer, the four totals, and the last 12 weeks in their own zone. Filtered to
 * the tutor's own payout rows (the viewer is the party); amounts are integer minor units.
 */
export async function readTutorEarnings(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<TTutorEarnings> {
  const { db, viewer, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Earnings are shown to tutors.");
  const { rows, profile, account } = await asService(db, async (tx) => {
    const rows = await tx<TRow[]>`
      select l.id as ledger_entry_id, l.session_id, l.status, l.amount_cents, l.currency, l.created_at, l.release_at,
             l.released_at, t.status as transfer_status, t.provider_ref as transfer_ref, sub.name as subject_name,
             st.full_name as student_name, s.scheduled_start_at as lesson_start_at,
             coalesce((select sum(r.amount_cents) from public.ledger_entries r
                       where r.session_id = l.session_id and r.kind = 'payout_reversal'), 0) as reversed_cents
      from public.ledger_entries l
      join public.sessions s on s.id = l.session_id
      join public.subjects sub on sub.id = s.subject_id
      join public.profiles st on st.id = s.student_id
      left join public.payment_attempts t on t.ledger_entry_id = l.id and t.kind = 'transfer'
      where l.kind = 'payout' and l.party_id = ${viewer.id}
      order by l.created_at desc, l.id
      limit 2000`;
    const [profile] = await tx<{ timezone: string }[]>`select timezone from public.profiles where id = ${viewer.id}`;
    const [account] = await tx<{ payouts_enabled: boolean; details_submitted: boolean }[]>`
      select payouts_enabled, details_submitted from public.payee_accounts where tutor_id = ${viewer.id}`;
    return { rows, profile, account };
  });
  const items = rows.map(toEarning);
  const totals = { heldCents: 0, releasedCents: 0, paidOutCents: 0, reversedCents: 0 };
  for (const item of items) {
    totals.reversedCents += item.reversedCents;
    if (item.state === "held") totals.heldCents += item.netCents;
    if (item.state === "released") totals.releasedCents += item.netCents;
    if (item.state === "paid_out") totals.paidOutCents += item.netCents;
  }
  const timeZone = profile?.timezone ?? "UTC";
  return {
    currency: items[0]?.currency ?? "TTD",
    totals,
    held: items.filter((item) => item.state === "held").sort((a, b) => +(a.releaseAt ?? 0) - +(b.releaseAt ?? 0)),
    items,
    weeks: weeklyTotals(
      items.filter((item) => item.state !== "reversed").map((item) => ({ at: item.earnedAt, cents: item.netCents })),
      { now, timeZone },
    ),
    timeZone,
    payoutAccount: account ? { payoutsEnabled: account.payouts_enabled, detailsSubmitted: account.details_submitted } : null,
  };
}

function toEarning(row: TRow): TEarning {
  const payoutCents = Number(row.amount_cents);
  const isVoid = row.status === "void";
  const reversedCents = isVoid ? payoutCents : Math.min(payoutCents, Number(row.reversed_cents));
  const netCents = payoutCents - reversedCents;
  const state: TEarningState =
    isVoid || netCents === 0 ? "reversed" : row.status === "held" ? "held" : row.transfer_status === "succeeded" ? "paid_out" : "released";
  return {
    ledgerEntryId: row.ledger_entry_id,
    sessionId: row.session_id,
    state,
    payoutCents,
    reversedCents,
    netCents,
    currency: row.currency,
    earnedAt: row.created_at,
    releaseAt: row.release_at,
    releasedAt: row.released_at,
    transferStatus: row.transfer_status,
    transferRef: row.transfer_ref,
    subjectName: row.subject_name,
    studentName: row.student_name,
    lessonStartAt: row.lesson_start_at,
  };
}
