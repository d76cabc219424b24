import type { TFormAction } from "@/lib/format/action-state";
import { ActionButtonForm } from "./action-button-form";

/** "Visa •••• 4242", the way every page names a card: brand and last 4, nothing more. */
export function cardLabel(card: { brand: string; last4: string }): string {
  const brand = card.brand ? card.brand.charAt(0).toUpperCase() + card.brand.slice(1) : "Card";
  return `${brand} •••• ${card.last4}`;
}

/**
 * The payer's card where it matters (booking, payments page): the saved card with "Replace", or the button
 * that saves one through the provider's hosted Checkout and comes back to `next`.
 */
export function SavedCard({
  card,
  next,
  action,
  addLabel = "Add a card",
}: {
  card: { brand: string; last4: string } | null;
  next: string;
  action: TFormAction;
  addLabel?: string;
}) {
  if (!card) {
    return (
      <div className="flex flex-col gap-2" data-testid="card-missing">
        <p className="text-sm text-slate-700">
          Lessons are paid by card after they happen. Save one on our payment provider&apos;s secure page; we never see its number.
        </p>
        <ActionButtonForm action={action} fields={{ next }} label={addLabel} pendingLabel="Opening the secure page…" testId="add-card" />
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm" data-testid="saved-card">
      <span className="font-medium text-slate-900">
        <span className="sr-only">Card on file: </span>
        {cardLabel(card)}
      </span>
      <span aria-hidden="true" className="text-slate-400">
        ·
      </span>
      <ActionButtonForm action={action} fields={{ next }} label="Replace" pendingLabel="Opening…" variant="ghost" testId="replace-card" />
    </div>
  );
}
