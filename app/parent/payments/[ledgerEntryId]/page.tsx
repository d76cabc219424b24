import type { Metadata } from "next";
import { PaymentReceipt } from "@/components/payments/payment-receipt";
import { requireRole } from "@/lib/auth/require-role";

export const metadata: Metadata = { title: "Receipt" };

type TProps = { params: Promise<{ ledgerEntryId: string }> };

export default async function ParentReceiptPage({ params }: TProps) {
  const viewer = await requireRole("parent");
  return <PaymentReceipt viewer={viewer} role="parent" ledgerEntryId={(await params).ledgerEntryId} />;
}
