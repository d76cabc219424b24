import type { Metadata } from "next";
import { AccountForm } from "@/components/account/account-form";
import { CalendarFeedCard } from "@/components/calendar/calendar-feed-card";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { ROLES } from "@/lib/auth/roles";
import { readFeedStatus } from "@/lib/calendar/read-feed-status";
import { getDb } from "@/lib/db";
import { formatInTimeZone } from "@/lib/format/date-time";
import { getProfile } from "@/lib/profiles/get-profile";
import { updateProfileAction } from "./actions";
import { resetCalendarFeedAction } from "./calendar-feed-actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requireRole(ROLES);
  const profile = await getProfile({ db: getDb(), viewer });
  const feed = await readFeedStatus({ db: getDb(), viewer });
  return (
    <>
      <PageHeader
        title="Account"
        subtitle="Your name is shown to the people you have sessions with; times everywhere use your time zone."
      />
      <Card title="Your details" titleId="account-details-title">
        <AccountForm
          email={viewer.email}
          fullName={profile.fullName}
          timezone={profile.timezone}
          timeZones={Intl.supportedValuesOf("timeZone")}
          action={updateProfileAction}
        />
      </Card>
      <Card title="Calendar feed" titleId="calendar-feed-title">
        <CalendarFeedCard
          createdAtLabel={feed.createdAt ? formatInTimeZone(feed.createdAt, profile.timezone) : null}
          action={resetCalendarFeedAction}
        />
      </Card>
    </>
  );
}
