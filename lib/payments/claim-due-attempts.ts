import "server-only";
import type { ISql, Sql } from "postgres";
import { ATTEMPT_LEASE_MS } from "./attempt-rules";

export type TAttemptKind = "charge" | "refund" | "transfer";

export type TClaimedAttempt = {
  id: string;
  kind: TAttemptKind;
  session_id: string;
  party_id: string;
  amount_cents: number;
  currency: string;
  idempotency_key: string;
  /** The ledger row's own key: the base of every `:retry:<n>` key. */
  ledger_key: string;
  /** The fencing token: the claim's count. Outcomes are written only while the row still carries it. */
  attempt_count: number;
  /** Charges: the card this key is sent with (frozen at the key's first claim; null when the payer has none). */
  sent_customer_ref: string | null;
  sent_payment_method_ref: string | null;
  /** A refund the provider accepted but had not settled: its id (read again when rechecked, never re-created). */
  provider_ref: string | null;
  /** When the current key was first sent (this claim, for a new key): past a day the provider may have forgotten it. */
  key_sent_at: Date;
};

/**
 * One short transaction: lock up to `limit` due attempts of `kinds` (`FOR UPDATE SKIP LOCKED`, so
 * racing workers take disjoint rows) — pending or action_required whose time has come, and
 * processing ones whose lease ran out (a crashed worker: retried with the same key) — and lease
 * them (processing, attempt_count + 1, due again at the lease end if nobody writes an outcome).
 *
 * Charges never sent yet (attempt_count 0) absorb the session's unsent refunds in the same
 * transaction ("netting"): the charge's amount drops by them and they are cancelled, so the payer
 * is charged the net once instead of charged and refunded; a charge with nothing left is cancelled.
 * Nothing is called at the provider here.
 */
export async function claimDueAttempts(options: {
  db: Sql;
  now: Date;
  kinds: readonly TAttemptKind[];
  limit: number;
  /** The manual provider pays tutors by hand: transfers waiting for an onboarding that never comes are due too. */
  includeAwaitingPayee?: boolean;
}): Promise<{ claimed: TClaimedAttempt[]; netted: number }> {
  const { db, now, kinds, limit } = options;
  // Literal statuses, so the planner matches the partial index payment_attempts_due_idx.
  const statuses = options.includeAwaitingPayee
    ? db`status in ('pending', 'action_required', 'processing', 'awaiting_payee')`
    : db`status in ('pending', 'action_required', 'processing')`;
  const leaseEnd = new Date(now.getTime() + ATTEMPT_LEASE_MS);
  return db.begin(async (tx) => {
    const rows = await tx<(TClaimedAttempt & { amount_cents: string | number })[]>`
      with due as (
        select id from public.payment_attempts
        where ${statuses} and next_attempt_at <= ${now}
          and kind = any(${[...kinds]}::text[])
          and (status <> 'processing' or lease_until <= ${now})
        order by next_attempt_at
        limit ${limit}
        for update skip locked
      )
      update public.payment_attempts a
      set status = 'processing', lease_until = ${leaseEnd}, next_attempt_at = ${leaseEnd}, attempt_count = a.attempt_count + 1,
          key_sent_at = coalesce(a.key_sent_at, ${now}),
          -- a key goes with one card: frozen the first time it is sent (see the migration 20261201032000)
          sent_customer_ref = case when a.kind <> 'charge' or a.sent_payment_method_ref is not null then a.sent_customer_ref
            else (select pm.customer_ref from public.payment_methods pm where pm.user_id = a.party_id and pm.payment_method_ref is not null) end,
          sent_payment_method_ref = case when a.kind <> 'charge' or a.sent_payment_method_ref is not null then a.sent_payment_method_ref
            else (select pm.payment_method_ref from public.payment_methods pm where pm.user_id = a.party_id) end
      from due, public.ledger_entries l
      where a.id = due.id and l.id = a.ledger_entry_id
      returning a.id, a.kind, a.session_id, a.party_id, a.amount_cents, a.currency, a.idempotency_key,
                l.idempotency_key as ledger_key, a.attempt_count, a.sent_customer_ref, a.sent_payment_method_ref, a.provider_ref,
                a.key_sent_at
    `;
    const claimed = rows.map((row) => ({ ...row, amount_cents: Number(row.amount_cents) }));
    const netted = kinds.includes("charge") ? await netUnsentCharges(tx, claimed) : new Set<string>();
    return { claimed: claimed.filter((attempt) => !netted.has(attempt.id)), netted: netted.size };
  });
}

/**
 * Nets unsent refunds into the claimed charges that were never sent. Refunds claimed by another worker
 * are skipped (SKIP LOCKED: never waits, so never deadlocks); they are refunded from the collected charge
 * later, which keeps the same totals. Returns the ids taken out of this batch (netted refunds, and charges
 * with nothing left to collect).
 */
async function netUnsentCharges(tx: ISql, claimed: TClaimedAttempt[]): Promise<Set<string>> {
  const taken = new Set<string>();
  const unsent = claimed.filter((attempt) => attempt.kind === "charge" && attempt.attempt_count === 1);
  if (unsent.length === 0) return taken;
  const claimedIds = claimed.map((attempt) => attempt.id);
  const refunds = await tx<{ id: string; session_id: string; amount_cents: string }[]>`
    select r.id, r.session_id, r.amount_cents from public.payment_attempts r
    where r.kind = 'refund' and r.session_id = any(${unsent.map((charge) => charge.session_id)}::uuid[])
      and (r.status in ('pending', 'action_required') or (r.status = 'processing' and r.id = any(${claimedIds}::uuid[])))
    for update skip locked
  `;
  for (const charge of unsent) {
    const own = refunds.filter((refund) => refund.session_id === charge.session_id);
    if (own.length === 0) continue;
    const refunded = own.reduce((sum, refund) => sum + Number(refund.amount_cents), 0);
    const rest = charge.amount_cents - refunded;
    await tx`
      update public.payment_attempts set status = 'cancelled', lease_until = null,
        last_error_code = 'netted_into_charge', last_error_message = 'Refunded before the charge was sent: the charge was reduced instead.'
      where id = any(${own.map((refund) => refund.id)}::uuid[])
    `;
    for (const refund of own) taken.add(refund.id);
    if (rest > 0) {
      await tx`update public.payment_attempts set amount_cents = ${rest} where id = ${charge.id}`;
      charge.amount_cents = rest;
    } else {
      await tx`
        update public.payment_attempts set status = 'cancelled', lease_until = null,
          last_error_code = 'nothing_to_collect', last_error_message = 'Refunded in full before the charge was sent.'
        where id = ${charge.id}
      `;
      taken.add(charge.id);
    }
  }
  return taken;
}

/** Most ticks find nothing due: one index probe, no transaction, answers that. */
export async function hasDueAttempts(options: {
  db: Sql;
  now: Date;
  kinds: readonly TAttemptKind[];
  includeAwaitingPayee?: boolean;
}): Promise<boolean> {
  const { db, now } = options;
  const statuses = options.includeAwaitingPayee
    ? db`status in ('pending', 'action_required', 'processing', 'awaiting_payee')`
    : db`status in ('pending', 'action_required', 'processing')`;
  const [row] = await db<{ is_due: boolean }[]>`
    select exists (
      select 1 from public.payment_attempts
      where ${statuses} and next_attempt_at <= ${now} and kind = any(${[...options.kinds]}::text[])
    ) as is_due
  `;
  return row?.is_due ?? true;
}
