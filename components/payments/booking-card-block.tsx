import "server-only";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, getDb } from "@/lib/db";
import { getPaymentProvider } from "@/lib/payments/providers";
import { readSavedCard } from "@/lib/payments/save-payment-method";
import { startCardCheckoutAction } from "@/app/pay/actions";
import { SavedCard } from "./saved-card";

/**
 * What the booking summary needs to know about paying: whether this provider charges a saved card, and the
 * payer's card (a parent pays with their own). `block` is the card line ("Visa •••• 4242 · Replace") or
 * the "Add a card to book" button; `canBook` is false until a card is saved.
 */
export async function bookingCardBlock({ viewer, next }: { viewer: TAppViewer; next: string }) {
  const provider = getPaymentProvider();
  if (!provider.requiresSavedPaymentMethod) return { canBook: true, block: null };
  const saved = await asService(getDb(), (tx) => readSavedCard(tx, { userId: viewer.id }));
  const card = saved?.card ?? null;
  return {
    canBook: card !== null,
    block: (
      <div className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3">
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Payment</h3>
        <SavedCard card={card} next={next} action={startCardCheckoutAction} addLabel="Add a card to book" />
      </div>
    ),
  };
}
