import type { Metadata } from "next";
import { RoleNav } from "@/components/sessions/role-nav";
import { PageHeader } from "@/components/ui/page-header";
import { ConnectionStatus } from "@/components/video/connection-status";
import { ProviderChoices } from "@/components/video/provider-choices";
import { SetupNotice } from "@/components/video/setup-notice";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { getVideoSetup } from "@/lib/video/get-video-setup";
import { connectJitsiAction } from "./actions";

export const metadata: Metadata = { title: "Video setup" };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function VideoSetupPage({ searchParams }: { searchParams: TSearchParams }) {
  const viewer = await requireRole("tutor");
  const params = await searchParams;
  const setup = await getVideoSetup({ db: getDb(), env: serverEnv(), viewer });
  return (
    <>
      <PageHeader
        title="Video setup"
        subtitle="Your lessons take place on the video provider you connect here. Each confirmed booking gets its own meeting link."
        nav={<RoleNav role="tutor" current="/tutor/video-setup" />}
      />
      <div className="flex flex-col gap-4">
        <SetupNotice connected={single(params.connected)} error={single(params.error)} />
        <ConnectionStatus
          connection={setup.connection}
          canConfirmBookings={setup.canConfirmBookings}
          providerLabels={setup.availableProviders.map((provider) => PROVIDER_LABELS[provider])}
        />
        <ProviderChoices providers={setup.availableProviders} connection={setup.connection} connectJitsi={connectJitsiAction} />
      </div>
    </>
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
