import type { Metadata } from "next";
import { BookAgainList } from "@/components/bookings/book-again-list";
import { MyRequests } from "@/components/bookings/my-requests";
import { RoleNav } from "@/components/sessions/role-nav";
import { ParentLinks } from "@/components/sessions/parent-links";
import { SessionsOverview } from "@/components/sessions/sessions-overview";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { listMyClasses } from "@/lib/bookings/list-my-classes";
import { getDb } from "@/lib/db";
import { listParentLinks } from "@/lib/parents/list-parent-links";
import { approveParentLinkAction, removeParentLinkAction } from "./actions";
import { withdrawBookingAction } from "@/app/bookings/actions";

export const metadata: Metadata = { title: "My sessions" };

export default async function StudentSessionsPage() {
  const viewer = await requireRole("student");
  const db = getDb();
  const [links, classes] = await Promise.all([listParentLinks({ db, viewer }), listMyClasses({ db, viewer, now: new Date() })]);
  return (
    <>
      <PageHeader title="My sessions" nav={<RoleNav role="student" current="/student/sessions" />} />
      <ParentLinks
        links={links.map((link) => ({
          parentId: link.parentId,
          parentName: link.parentName ?? "A parent",
          isApproved: link.approvedAt !== null,
        }))}
        approveAction={approveParentLinkAction}
        removeAction={removeParentLinkAction}
      />
      <div className="mb-8">
        <MyRequests requests={classes.requests} timeZone={classes.timeZone} withdrawAction={withdrawBookingAction} />
      </div>
      <SessionsOverview
        viewer={viewer}
        emptyUpcoming="No upcoming lessons. When a tutor confirms one of your booking requests, it appears here."
        emptyPast="No past lessons yet."
      />
      <div className="mt-8">
        <BookAgainList tutors={classes.rebook} timeZone={classes.timeZone} />
      </div>
    </>
  );
}
