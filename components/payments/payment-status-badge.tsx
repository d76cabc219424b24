import { Badge, type TBadgeTone } from "@/components/ui/badge";
import type { TPayerPaymentStatus } from "@/lib/payments/list-payer-payments";

const LABELS: Record<TPayerPaymentStatus, { charge: string; refund: string; tone: TBadgeTone }> = {
  paid: { charge: "Paid", refund: "Paid", tone: "success" },
  processing: { charge: "Processing", refund: "Refund processing", tone: "info" },
  needs_action: { charge: "Needs your action", refund: "Needs your action", tone: "warning" },
  due: { charge: "Due (pay by hand)", refund: "Owed to you (by hand)", tone: "warning" },
  refunded: { charge: "Refunded", refund: "Refunded", tone: "neutral" },
  failed: { charge: "Payment failed", refund: "Refund delayed", tone: "danger" },
  cancelled: { charge: "Nothing to pay", refund: "Netted into the charge", tone: "muted" },
};

/** A payment's state in words (colour is never the only signal). */
export function PaymentStatusBadge({ status, kind }: { status: TPayerPaymentStatus; kind: "charge" | "refund" }) {
  const label = LABELS[status];
  return (
    <Badge tone={label.tone} testId="payment-status">
      {label[kind]}
    </Badge>
  );
}
