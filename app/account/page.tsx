import type { Metadata } from "next";
import { AccountForm } from "@/components/account/account-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { getProfile } from "@/lib/profiles/get-profile";
import { updateProfileAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requireRole(ROLES);
  const profile = await getProfile({ db: getDb(), viewer });
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
    </>
  );
}
