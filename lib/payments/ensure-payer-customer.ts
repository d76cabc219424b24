import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import type { PaymentProvider, TSavedCard } from "@/lib/payments/providers/types";
import { askProvider } from "@/lib/payments/provider-app-error";
import { readSavedCard, saveCustomerRef } from "@/lib/payments/save-payment-method";

/**
 * The payer's customer at the provider, created once: the provider call is keyed by the user
 * (`customer:<id>`), and its ref is saved before any Checkout is opened, so a second click or a
 * crash in between never makes a second customer.
 */
export async function ensurePayerCustomer(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
}): Promise<{ customerRef: string; card: TSavedCard | null }> {
  const { db, viewer, provider } = options;
  const saved = await asService(db, (tx) => readSavedCard(tx, { userId: viewer.id }));
  if (saved) return saved;
  const name = await asService(db, async (tx) => {
    const [row] = await tx<{ full_name: string }[]>`select full_name from public.profiles where id = ${viewer.id}`;
    return row?.full_name ?? "";
  });
  const { customerRef } = await askProvider(() =>
    provider.ensureCustomer({ userId: viewer.id, email: viewer.email ?? "", name, idempotencyKey: `customer:${viewer.id}` }),
  );
  await asService(db, (tx) => saveCustomerRef(tx, { userId: viewer.id, customerRef }));
  return { customerRef, card: null };
}
