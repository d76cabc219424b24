import type { Metadata } from "next";
import { RoleNav } from "@/components/sessions/role-nav";
import { SessionsOverview } from "@/components/sessions/sessions-overview";
import { TextLink } from "@/components/ui/text-link";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";

export const metadata: Metadata = { title: "My sessions" };

export default async function TutorSessionsPage() {
  const viewer = await requireRole("tutor");
  return (
    <>
      <PageHeader title="My sessions" nav={<RoleNav role="tutor" current="/tutor/sessions" />} />
      <SessionsOverview
        viewer={viewer}
        emptyUpcoming={
          <>
            No upcoming sessions. Confirm a <TextLink href="/tutor/bookings">booking request</TextLink> to schedule one.
          </>
        }
        emptyPast="No past sessions yet."
      />
    </>
  );
}
