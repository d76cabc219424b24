import type { Metadata } from "next";
import { BookAgainList } from "@/components/bookings/book-again-list";
import { MyRequests } from "@/components/bookings/my-requests";
import { AddChildForm } from "@/components/sessions/add-child-form";
import { ChildLinkRequests } from "@/components/sessions/child-link-requests";
import { RoleNav } from "@/components/sessions/role-nav";
import { SessionsOverview } from "@/components/sessions/sessions-overview";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { listMyClasses } from "@/lib/bookings/list-my-classes";
import { getDb } from "@/lib/db";
import { listChildren } from "@/lib/parents/list-children";
import { listLinkRequests } from "@/lib/parents/list-link-requests";
import { requestParentLinkAction, unlinkChildAction, withdrawLinkRequestAction } from "./actions";
import { withdrawBookingAction } from "@/app/bookings/actions";

export const metadata: Metadata = { title: "Sessions" };

export default async function ParentSessionsPage() {
  const viewer = await requireRole("parent");
  const db = getDb();
  const [children, requests, classes] = await Promise.all([
    listChildren({ db, viewer }),
    listLinkRequests({ db, viewer }),
    listMyClasses({ db, viewer, now: new Date() }),
  ]);
  const linkedChildren = children.map((child) => ({ studentId: child.studentId, name: child.name ?? child.email, email: child.email }));
  const names = linkedChildren.map((child) => child.name).join(", ");
  const childLinks = (
    <ChildLinkRequests
      linkedChildren={linkedChildren}
      requests={requests.map((request) => ({ childEmail: request.childEmail }))}
      form={<AddChildForm action={requestParentLinkAction} />}
      unlinkAction={unlinkChildAction}
      withdrawAction={withdrawLinkRequestAction}
    />
  );
  return (
    <>
      <PageHeader
        title="Sessions"
        nav={<RoleNav role="parent" current="/parent/sessions" />}
        // A child's name can be long and unbroken: it wraps rather than widening the page.
        subtitle={children.length > 0 ? <span className="[overflow-wrap:anywhere]">Lessons of {names}.</span> : undefined}
      />
      {children.length === 0 && requests.length === 0 ? (
        <div className="mb-6">
          <Alert tone="info">No child is linked to your account yet. Add your child below with the email of their student account.</Alert>
        </div>
      ) : null}
      {requests.length > 0 ? (
        <div className="mb-6">
          <Alert tone="info">
            {requests.length === 1 ? "One link request is" : `${requests.length} link requests are`} waiting for your child&apos;s approval.
            Ask them to sign in (or create a student account with the email you gave) and approve it on their sessions page.
          </Alert>
        </div>
      ) : null}
      {/* With no child to follow yet, adding one is the page's main task. */}
      {children.length === 0 ? <div className="mb-8">{childLinks}</div> : null}
      {children.length > 0 ? (
        <div className="mb-8">
          <MyRequests requests={classes.requests} timeZone={classes.timeZone} withdrawAction={withdrawBookingAction} showStudent />
        </div>
      ) : null}
      <SessionsOverview viewer={viewer} emptyUpcoming="No upcoming lessons for your child." emptyPast="No past lessons yet." />
      <div className="mt-8">
        <BookAgainList tutors={classes.rebook} timeZone={classes.timeZone} />
      </div>
      {children.length > 0 ? <div className="mt-8">{childLinks}</div> : null}
    </>
  );
}
