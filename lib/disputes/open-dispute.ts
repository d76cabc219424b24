import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Tx } from "@/lib/db";
import { postRefund } from "@/lib/payments/post-refund";
import { readVisibleSession, recordSessionEvent, type TSessionRelation } from "@/lib/sessions";
import { toCents, type TStoredSessionStatus } from "@/lib/sessions/shared";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";
import { disputeWindowEndsAt, openDisputeRefusal, respondByFor, type TOpenDispute, type TOpenRefusal } from "./dispute-rules";
import { disputeColumns, toDisputeRow, type TDisputeRow } from "./dispute-row";
import { initialDisputeStatus } from "./evidence";
import { notifyDispute } from "./notify-dispute";
import { readJoinEvidence } from "./read-join-evidence";

type TLockedSession = {
  id: string;
  booking_id: string;
  tutor_id: string;
  student_id: string;
  status: TStoredSessionStatus;
  charged_at: Date | null;
};

/**
 * The student or an approved parent reports a problem with a charged lesson within the hold
 * window (README "Disputes and refunds"; the rules in dispute-rules.ts). RLS decides whether the
 * lesson exists for the viewer (others get not_found); the service transaction then locks the
 * session and its payout row, so a racing release, a second report or a double click has one
 * winner. The report freezes the payout (releaseDuePayouts skips unresolved disputes).
 *
 * On clear evidence of a tutor no-show (evidence.ts) it is accepted at once: the lesson becomes
 * NO_SHOW_TUTOR, everything charged is refunded (postRefund voids the held payout) and both
 * sides hear the outcome. Otherwise it is open: the tutor hears of it and may answer within 48 h.
 */
export async function openDispute(options: {
  db: Sql;
  viewer: TAppViewer;
  sessionId: string;
  input: TOpenDispute;
  now: Date;
}): Promise<{ dispute: TDisputeRow }> {
  const { db, viewer, sessionId, input, now } = options;
  const { relation } = await readVisibleSession({ db, viewer, sessionId });
  if (relation !== "student" && relation !== "parent") throw refusalError("not_payer", null);
  const dispute = await asService(db, (tx) => persistDispute(tx, { viewer, relation, sessionId, input, now }));
  return { dispute };
}

async function persistDispute(
  tx: Tx,
  input: { viewer: TAppViewer; relation: TSessionRelation; sessionId: string; input: TOpenDispute; now: Date },
): Promise<TDisputeRow> {
  const { viewer, relation, sessionId, now } = input;
  // Lock order as the release job's: the payout row first, then the session (no key update, so the
  // job's audit insert, which only needs a key share on the session, never waits on us while holding the payout).
  const [payout] = await tx<{ status: "held" | "released" | "void" | "posted"; release_at: Date }[]>`
    select status, release_at from public.ledger_entries where session_id = ${sessionId} and kind = 'payout' for update`;
  const [session] = await tx<TLockedSession[]>`
    select id, booking_id, tutor_id, student_id, status, charged_at
    from public.sessions where id = ${sessionId} for no key update`;
  if (!session) throw new AppError("not_found", "There is no session with this id that you can see.");
  const [existing] = await tx<{ id: string }[]>`select id from public.disputes where session_id = ${sessionId}`;
  const settings = await readPlatformSettings(tx);
  const fallbackWindowEndsAt = session.charged_at ? payoutReleaseAt(settings, session.charged_at) : null;
  const facts = {
    relation,
    status: session.status,
    payout: payout ? { status: payout.status, releaseAt: payout.release_at } : null,
    fallbackWindowEndsAt,
    hasDispute: Boolean(existing),
    now,
  };
  const refusal = openDisputeRefusal(facts);
  if (refusal) throw refusalError(refusal, disputeWindowEndsAt(facts));

  const evidence = (await readJoinEvidence(tx, [sessionId])).get(sessionId);
  if (!evidence) throw new Error("no evidence row");
  const status = initialDisputeStatus(input.input.kind, evidence);
  const isAccepted = status === "accepted";
  const [row] = await tx`
    insert into public.disputes (session_id, tutor_id, student_id, opened_by, kind, description, status, respond_by)
    values (${sessionId}, ${session.tutor_id}, ${session.student_id}, ${viewer.id}, ${input.input.kind}, ${input.input.description},
            'open', ${isAccepted ? now : respondByFor(now)})
    returning id`;
  if (!row) throw new Error("no dispute row");
  const disputeId = row.id as string;
  const actor = { id: viewer.id, role: relation === "parent" ? ("parent" as const) : ("student" as const) };
  const evidencePayload = {
    student_joined_at: evidence.studentJoinedAt?.toISOString() ?? null,
    tutor_joined_at: evidence.tutorJoinedAt?.toISOString() ?? null,
    tutor_seen_by_provider: evidence.isTutorSeenByProvider,
  };
  await recordSessionEvent(tx, {
    sessionId,
    type: "dispute.opened",
    actor,
    payload: { dispute_id: disputeId, kind: input.input.kind, evidence: evidencePayload },
    at: now,
  });

  if (isAccepted) {
    await tx`update public.sessions set status = 'NO_SHOW_TUTOR' where id = ${sessionId} and status = 'COMPLETED_ASSUMED'`;
    const [charged] = await tx<{ left: string }[]>`
      select coalesce(sum(amount_cents) filter (where kind = 'charge'), 0) - coalesce(sum(amount_cents) filter (where kind = 'refund'), 0) as left
      from public.ledger_entries where session_id = ${sessionId}`;
    const left = toCents(charged?.left ?? 0);
    const refund = left > 0 ? await postRefund(tx, { sessionId, amountCents: left, now }) : null;
    await tx`
      update public.disputes set status = 'accepted', outcome = 'refund_full', refund_cents = ${refund?.refundCents ?? 0}, resolved_at = ${now}
      where id = ${disputeId}`;
    await recordSessionEvent(tx, {
      sessionId,
      type: "dispute.accepted",
      actor: { role: "system" },
      payload: { dispute_id: disputeId, refund_cents: refund?.refundCents ?? 0, evidence: evidencePayload },
      at: now,
    });
    if (refund) await recordRefundEvent(tx, { sessionId, disputeId, refund, now });
    await notifyDispute(tx, {
      bookingId: session.booking_id,
      sessionId,
      disputeId,
      kind: "dispute_resolved",
      audience: "everyone",
      outcome: "refund_full",
    });
  } else {
    await notifyDispute(tx, { bookingId: session.booking_id, sessionId, disputeId, kind: "dispute_opened", audience: "tutor" });
  }
  const [saved] = await tx`select ${disputeColumns(tx)} from public.disputes where id = ${disputeId}`;
  if (!saved) throw new Error("dispute vanished");
  return toDisputeRow(saved);
}

export async function recordRefundEvent(
  tx: Tx,
  input: {
    sessionId: string;
    disputeId: string;
    refund: { refundCents: number; payoutReversalCents: number; feeReversalCents: number; isPayoutVoided: boolean; number: number };
    now: Date;
    actor?: { id: string; role: "admin" };
  },
): Promise<void> {
  const { refund } = input;
  await recordSessionEvent(tx, {
    sessionId: input.sessionId,
    type: "session.refunded",
    actor: input.actor ?? { role: "system" },
    payload: {
      dispute_id: input.disputeId,
      refund_number: refund.number,
      refund_cents: refund.refundCents,
      payout_reversal_cents: refund.isPayoutVoided ? 0 : refund.payoutReversalCents,
      fee_reversal_cents: refund.feeReversalCents,
      payout_voided: refund.isPayoutVoided,
    },
    at: input.now,
  });
}

const REFUSALS: Record<TOpenRefusal, { code: "forbidden" | "already_done" | "too_early" | "conflict" | "too_late"; message: string }> = {
  not_payer: { code: "forbidden", message: "Only the lesson's student or their parent can report a problem with it." },
  already_disputed: { code: "already_done", message: "A problem was already reported for this lesson." },
  not_charged_yet: {
    code: "too_early",
    message: "This lesson has not been charged yet: report a problem once it has ended and been charged.",
  },
  not_disputable: {
    code: "conflict",
    message: "Only a completed lesson or a student no-show can be disputed (a late cancellation fee follows the cancellation policy).",
  },
  window_closed: { code: "too_late", message: "The time to report a problem has passed: the payment was already released to the tutor." },
};

function refusalError(reason: TOpenRefusal, windowEndsAt: Date | null): AppError {
  const { code, message } = REFUSALS[reason];
  return new AppError(code, message, {
    reason,
    ...(windowEndsAt && reason === "window_closed" ? { window_ended_at: windowEndsAt.toISOString() } : {}),
  });
}
