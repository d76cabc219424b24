import type { Metadata } from "next";
import { PayerPaymentsPage } from "@/components/payments/payer-payments-page";
import { requireRole } from "@/lib/auth/require-role";

export const metadata: Metadata = { title: "Payments" };

export default async function ParentPaymentsPage() {
  const viewer = await requireRole("parent");
  return <PayerPaymentsPage viewer={viewer} role="parent" />;
}
