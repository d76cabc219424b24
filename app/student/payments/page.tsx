import type { Metadata } from "next";
import { PayerPaymentsPage } from "@/components/payments/payer-payments-page";
import { requireRole } from "@/lib/auth/require-role";

export const metadata: Metadata = { title: "Payments" };

export default async function StudentPaymentsPage() {
  const viewer = await requireRole("student");
  return <PayerPaymentsPage viewer={viewer} role="student" />;
}
