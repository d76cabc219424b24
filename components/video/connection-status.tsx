import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { connectProviderMessage } from "@/lib/format/connect-provider";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import type { TVideoConnectionView } from "@/lib/video/get-video-setup";

/** The tutor's current connection: provider, account, and whether it works. */
export function ConnectionStatus({
  connection,
  canConfirmBookings,
  providerLabels,
}: {
  connection: TVideoConnectionView | null;
  canConfirmBookings: boolean;
  /** The providers this deployment offers (VIDEO_PROVIDERS): the only ones the message names. */
  providerLabels: readonly string[];
}) {
  return (
    <Card title="Your connection" titleId="connection-heading">
      {connection ? (
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm" data-testid="video-connection">
          <dt className="text-slate-600">Provider</dt>
          <dd className="font-medium text-slate-900">{PROVIDER_LABELS[connection.provider]}</dd>
          {connection.accountEmail ? (
            <>
              <dt className="text-slate-600">Account</dt>
              <dd className="break-all text-slate-900">{connection.accountEmail}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">Status</dt>
          <dd>
            {connection.status === "connected" ? (
              <Badge tone="success" testId="video-status">
                Connected
              </Badge>
            ) : (
              <Badge tone="warning" testId="video-status">
                Needs reconnect
              </Badge>
            )}
          </dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-700">No video provider is connected yet.</p>
      )}
      {connection?.status === "invalid" ? (
        <p className="mt-4 text-sm text-slate-700">
          {PROVIDER_LABELS[connection.provider]} stopped accepting our access (it was revoked or has expired). Reconnect it, or connect
          another provider below.
        </p>
      ) : null}
      {canConfirmBookings ? null : (
        <p
          role="alert"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="connect-provider-message"
        >
          {connectProviderMessage(providerLabels)}
        </p>
      )}
    </Card>
  );
}
