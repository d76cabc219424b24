import type { Metadata } from "next";
import { RoleNav } from "@/components/sessions/role-nav";
import { AvailabilityEditor } from "@/components/tutor/availability-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getTutorAvailabilitySettings } from "@/lib/availability/get-tutor-availability-settings";
import { toAvailabilityRequest } from "@/lib/availability/save-tutor-availability-schema";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Availability" };

export default async function TutorAvailabilityPage() {
  const viewer = await requireRole("tutor");
  const { document, bookability } = await getTutorAvailabilitySettings({ db: getDb(), viewer, now: new Date() });
  return (
    <>
      <PageHeader
        title="Availability"
        subtitle="When students can book you: your weekly hours, dates that differ, and how bookings work. Saving shows next week's open slots."
        nav={<RoleNav role="tutor" current="/tutor/availability" />}
      />
      <AvailabilityEditor
        initial={toAvailabilityRequest(document)}
        bookable={{ is_bookable: bookability.isBookable, reason: bookability.reason }}
        timeZones={Intl.supportedValuesOf("timeZone")}
      />
    </>
  );
}
