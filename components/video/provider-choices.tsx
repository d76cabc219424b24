import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConnectJitsiButton } from "@/components/video/connect-jitsi-button";
import type { TFormAction } from "@/lib/format/action-state";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import type { TVideoConnectionView } from "@/lib/video/get-video-setup";
import type { TVideoProviderName } from "@/lib/video/types";

// Route handlers that redirect to the provider's consent page: plain links, not client navigation.
const CONNECT_PATHS: Record<Exclude<TVideoProviderName, "jitsi">, string> = {
  google_meet: "/api/auth/google/connect",
  zoom: "/api/auth/zoom/connect",
};

/** One action per provider the platform offers: connect, switch to, or reconnect it. */
export function ProviderChoices({
  providers,
  connection,
  connectJitsi,
}: {
  providers: TVideoProviderName[];
  connection: TVideoConnectionView | null;
  connectJitsi: TFormAction;
}) {
  if (providers.length === 0) {
    return <p className="text-sm text-slate-700">No video provider is available on this platform yet. Please contact support.</p>;
  }
  const variant = !connection || connection.status === "invalid" ? "primary" : "secondary";
  return (
    <Card title={connection ? "Change provider" : "Connect a provider"} titleId="choices-heading">
      <ul className="flex flex-wrap gap-3">
        {providers.map((provider) => (
          <li key={provider}>
            {provider === "jitsi" ? (
              <ConnectJitsiButton
                action={connectJitsi}
                label={actionLabel(provider, connection)}
                variant={variant}
                disabled={isInUse(provider, connection)}
              />
            ) : (
              <a
                href={CONNECT_PATHS[provider]}
                className={buttonClassName(connection?.provider === provider && connection.status === "invalid" ? "primary" : variant)}
              >
                {actionLabel(provider, connection)}
              </a>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-4 text-sm text-slate-700">
        Switching is safe: your current connection stays in use until the new one is connected and working. Sessions confirmed from then on
        get links from the new provider; sessions already confirmed keep their links.
      </p>
      <p className="mt-2 text-sm text-slate-700">
        There is no separate disconnect: every session needs a meeting link, so to stop using a provider, connect its replacement here.
      </p>
    </Card>
  );
}

function isInUse(provider: TVideoProviderName, connection: TVideoConnectionView | null): boolean {
  return connection?.provider === provider && connection.status === "connected";
}

function actionLabel(provider: TVideoProviderName, connection: TVideoConnectionView | null): string {
  const name = PROVIDER_LABELS[provider];
  if (connection?.provider === provider) {
    if (connection.status === "invalid") return `Reconnect ${name}`;
    return provider === "jitsi" ? "Jitsi Meet is in use" : `Connect another ${name} account`;
  }
  return connection?.status === "connected" ? `Switch to ${name}` : provider === "jitsi" ? "Use Jitsi Meet" : `Connect ${name}`;
}
