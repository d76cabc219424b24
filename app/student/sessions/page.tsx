import type { Metadata } from "next";
import { RoleNav } from "@/components/sessions/role-nav";
import { ParentLinks } from "@/components/sessions/parent-links";
import { SessionsOverview } from "@/components/sessions/sessions-overview";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { listParentLinks } from "@/lib/parents/list-parent-links";
import { approveParentLinkAction, removeParentLinkAction } from "./actions";

export const metadata: Metadata = { title: "My sessions" };

export default async function StudentSessionsPage() {
  const viewer = await requireRole("student");
  const links = await listParentLinks({ db: getDb(), viewer });
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
      <SessionsOverview
        viewer={viewer}
        emptyUpcoming="No upcoming sessions. When a tutor confirms one of your booking requests, it appears here."
        emptyPast="No past sessions yet."
      />
    </>
  );
}
