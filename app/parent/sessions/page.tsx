import type { Metadata } from "next";
import { SessionsOverview } from "@/components/sessions/sessions-overview";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { listChildren } from "@/lib/parents/list-children";

export const metadata: Metadata = { title: "Sessions" };

export default async function ParentSessionsPage() {
  const viewer = await requireRole("parent");
  const children = await listChildren({ db: getDb(), viewer });
  const approved = children.filter((child) => child.isApproved);
  const pendingCount = children.length - approved.length;
  const names = approved.map((child) => child.studentName ?? "your child").join(", ");
  return (
    <>
      <PageHeader title="Sessions" subtitle={approved.length > 0 ? `Lessons of ${names}.` : undefined} />
      {children.length === 0 ? (
        <div className="mb-6">
          <Alert tone="info">
            No child is linked to your account yet. Your child&apos;s account must exist with the email you gave when you signed up.
          </Alert>
        </div>
      ) : null}
      {pendingCount > 0 ? (
        <div className="mb-6">
          <Alert tone="info">
            {pendingCount === 1 ? "One link request is" : `${pendingCount} link requests are`} waiting for your child&apos;s approval. Ask them to sign in and
            approve it on their sessions page.
          </Alert>
        </div>
      ) : null}
      <SessionsOverview
        viewer={viewer}
        emptyUpcoming="No upcoming sessions for your child."
        emptyPast="No past sessions yet."
      />
    </>
  );
}
