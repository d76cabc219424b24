import "server-only";
import type { ISql } from "postgres";
import type { TSavedCard } from "@/lib/payments/providers/types";

/**
 * The single writer of payment_methods (README "Payments"): the payer's customer at the provider,
 * then the card a setup Checkout saved (from the return page or the webhook, whichever comes
 * first; the second changes nothing). A newer card replaces the old one.
 */
export async function saveCustomerRef(tx: ISql, input: { userId: string; customerRef: string }): Promise<void> {
  await tx`
    insert into public.payment_methods (user_id, provider, customer_ref)
    values (${input.userId}, 'stripe', ${input.customerRef})
    on conflict (user_id) do update set customer_ref = excluded.customer_ref
      where public.payment_methods.customer_ref is distinct from excluded.customer_ref
  `;
}

export async function saveCard(
  tx: ISql,
  input: { userId: string; customerRef: string; card: TSavedCard; now: Date },
): Promise<{ isChanged: boolean }> {
  const { card } = input;
  const rows = await tx`
    insert into public.payment_methods (user_id, provider, customer_ref, payment_method_ref, brand, last4, exp_month, exp_year, saved_at)
    values (${input.userId}, 'stripe', ${input.customerRef}, ${card.paymentMethodRef}, ${card.brand}, ${card.last4},
            ${card.expMonth}, ${card.expYear}, ${input.now})
    on conflict (user_id) do update set
      customer_ref = excluded.customer_ref, payment_method_ref = excluded.payment_method_ref, brand = excluded.brand,
      last4 = excluded.last4, exp_month = excluded.exp_month, exp_year = excluded.exp_year, saved_at = excluded.saved_at
    where public.payment_methods.payment_method_ref is distinct from excluded.payment_method_ref
    returning user_id
  `;
  return { isChanged: rows.length > 0 };
}

/** The payer's saved card, or null (no customer yet, or the setup Checkout was never finished). */
export async function readSavedCard(tx: ISql, input: { userId: string }): Promise<{ customerRef: string; card: TSavedCard | null } | null> {
  const [row] = await tx<
    {
      customer_ref: string;
      payment_method_ref: string | null;
      brand: string | null;
      last4: string | null;
      exp_month: number | null;
      exp_year: number | null;
    }[]
  >`select customer_ref, payment_method_ref, brand, last4, exp_month, exp_year from public.payment_methods where user_id = ${input.userId}`;
  if (!row) return null;
  const card =
    row.payment_method_ref && row.brand && row.last4
      ? {
          paymentMethodRef: row.payment_method_ref,
          brand: row.brand,
          last4: row.last4,
          expMonth: row.exp_month ?? 0,
          expYear: row.exp_year ?? 0,
        }
      : null;
  return { customerRef: row.customer_ref, card };
}
