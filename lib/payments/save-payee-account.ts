import "server-only";
import type { ISql } from "postgres";

/**
 * The single writer of payee_accounts (README "Payments"): a tutor's connected account as the provider
 * reports it (the onboarding return page, or an account.updated webhook). When payouts become enabled,
 * the tutor's accrued transfers (awaiting_payee) become due at once: a tutor onboarded late is paid
 * everything released so far.
 */
export async function savePayeeAccount(
  tx: ISql,
  input: { tutorId: string; accountRef: string; payoutsEnabled: boolean; detailsSubmitted: boolean; now: Date },
): Promise<{ activatedTransfers: number }> {
  await tx`
    insert into public.payee_accounts (tutor_id, provider, account_ref, payouts_enabled, details_submitted, onboarded_at)
    values (${input.tutorId}, 'stripe', ${input.accountRef}, ${input.payoutsEnabled}, ${input.detailsSubmitted},
            ${input.payoutsEnabled ? input.now : null})
    on conflict (tutor_id) do update set
      account_ref = excluded.account_ref,
      payouts_enabled = excluded.payouts_enabled,
      details_submitted = excluded.details_submitted,
      onboarded_at = case when excluded.payouts_enabled then coalesce(public.payee_accounts.onboarded_at, excluded.onboarded_at) end
  `;
  if (!input.payoutsEnabled) return { activatedTransfers: 0 };
  const activated = await tx`
    update public.payment_attempts set status = 'pending', next_attempt_at = ${input.now}
    where party_id = ${input.tutorId} and kind = 'transfer' and status = 'awaiting_payee'
    returning id
  `;
  return { activatedTransfers: activated.length };
}

/** The tutor's payee account as last saved, or null when they never started onboarding. */
export async function readPayeeAccount(
  tx: ISql,
  input: { tutorId: string },
): Promise<{ accountRef: string; payoutsEnabled: boolean; detailsSubmitted: boolean } | null> {
  const [row] = await tx<{ account_ref: string; payouts_enabled: boolean; details_submitted: boolean }[]>`
    select account_ref, payouts_enabled, details_submitted from public.payee_accounts where tutor_id = ${input.tutorId}
  `;
  return row ? { accountRef: row.account_ref, payoutsEnabled: row.payouts_enabled, detailsSubmitted: row.details_submitted } : null;
}
