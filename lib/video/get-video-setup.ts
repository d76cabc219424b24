import "server-only";
import type { Sql } from "postgres";
import { asUser } from "@/lib/db";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { TServerEnv } from "@/lib/env/server-env";
import { enabledVideoProviders } from "./enabled-providers";
import type { TVideoProviderName } from "./types";

export type TVideoConnectionView = {
  provider: TVideoProviderName;
  status: "connected" | "invalid";
  accountEmail: string | null;
  lastError: string | null;
  since: Date;
};

export type TVideoSetup = {
  /** The connection in use, or the one that stopped working and needs a reconnect. */
  connection: TVideoConnectionView | null;
  canConfirmBookings: boolean;
  availableProviders: TVideoProviderName[];
};

/** What /tutor/video-setup shows, read as the tutor under RLS (token columns are not even granted). */
export async function getVideoSetup(options: { db: Sql; env: TServerEnv; viewer: TAppViewer }): Promise<TVideoSetup> {
  const { db, env, viewer } = options;
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx<
      {
        provider: TVideoProviderName;
        status: "connected" | "invalid";
        provider_account_email: string | null;
        last_error: string | null;
        updated_at: Date;
      }[]
    >`
    select provider, status, provider_account_email, last_error, updated_at
    from public.tutor_video_provider_connections
    where tutor_id = ${viewer.id} and status in ('connected', 'invalid')
    order by (status = 'connected') desc, updated_at desc
    limit 1
  `,
  );
  const availableProviders = enabledVideoProviders(env);
  const row = rows[0];
  const connection: TVideoConnectionView | null = row
    ? {
        provider: row.provider,
        status: row.status,
        accountEmail: row.provider_account_email,
        lastError: row.last_error,
        since: row.updated_at,
      }
    : null;
  const canConfirmBookings = connection?.status === "connected" && availableProviders.includes(connection.provider);
  return { connection, canConfirmBookings, availableProviders };
}
