import { Alert } from "@/components/ui/alert";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { isOAuthFailure, OAUTH_FAILURES } from "@/lib/video/oauth/oauth-failures";
import { VIDEO_PROVIDERS, type TVideoProviderName } from "@/lib/video/types";

/** The outcome of a connect attempt, from the redirect's `?connected=` / `?error=` code (never free text). */
export function SetupNotice({ connected, error }: { connected?: string; error?: string }) {
  if (connected && isProvider(connected)) {
    return (
      <Alert tone="success">
        {PROVIDER_LABELS[connected]} is connected. New sessions will get {PROVIDER_LABELS[connected]} links.
      </Alert>
    );
  }
  return <Alert>{error && isOAuthFailure(error) ? OAUTH_FAILURES[error] : null}</Alert>;
}

function isProvider(value: string): value is TVideoProviderName {
  return (VIDEO_PROVIDERS as readonly string[]).includes(value);
}
