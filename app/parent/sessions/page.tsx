import type { Metadata } from "next";
import { AddChildForm } from "@/components/sessions/add-child-form";
import { ChildLinkRequests, type TChildRequestView } from "@/components/sessions/child-link-requests";
import { SessionsOverview } from "@/components/sessions/sessions-overview";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { listChildren } from "@/lib/parents/list-children";
import { listLinkInvitations } from "@/lib/parents/list-link-invitations";
import { cancelChildRequestAction, requestParentLinkAction } from "./actions";

export const metadata: Metadata = { title: "Sessions" };

export default async function ParentSessionsPage() {
  const viewer = await requireRole("parent");
  const db = getDb();
  const [children, invitations] = await Promise.all([listChildren({ db, viewer }), listLinkInvitations({ db, viewer })]);
  const approved = children.filter((child) => child.isApproved);
  // A child's name is readable only once they approve; an invitation is known by the email the parent typed.
  const pending: TChildRequestView[] = [
    ...children
      .filter((child) => !child.isApproved)
      .map((child) => ({ kind: "link" as const, key: child.studentId, label: "Your child's student account", studentId: child.studentId })),
    ...invitations.map((invitation) => ({
      kind: "invitation" as const,
      key: invitation.childEmail,
      label: invitation.childEmail,
      childEmail: invitation.childEmail,
    })),
  ];
  const names = approved.map((child) => child.studentName ?? "your child").join(", ");
  const childLinks = <ChildLinkRequests requests={pending} form={<AddChildForm action={requestParentLinkAction} />} cancelAction={cancelChildRequestAction} />;
  return (
    <>
      <PageHeader title="Sessions" subtitle={approved.length > 0 ? `Lessons of ${names}.` : undefined} />
      {approved.length === 0 && pending.length === 0 ? (
        <div className="mb-6">
          <Alert tone="info">No child is linked to your account yet. Add your child below with the email of their student account.</Alert>
        </div>
      ) : null}
      {pending.length > 0 ? (
        <div className="mb-6">
          <Alert tone="info">
            {pending.length === 1 ? "One link request is" : `${pending.length} link requests are`} waiting for your child&apos;s approval. Ask them to sign
            in (or create a student account with the email you gave) and approve it on their sessions page.
          </Alert>
        </div>
      ) : null}
      {/* With no child to follow yet, adding one is the page's main task. */}
      {approved.length === 0 ? <div className="mb-8">{childLinks}</div> : null}
      <SessionsOverview
        viewer={viewer}
        emptyUpcoming="No upcoming sessions for your child."
        emptyPast="No past sessions yet."
      />
      {approved.length > 0 ? <div className="mt-8">{childLinks}</div> : null}
    </>
  );
}
