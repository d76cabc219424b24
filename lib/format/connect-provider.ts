/** "Jitsi Meet", "Google Meet or Zoom", "Google Meet, Zoom or Jitsi Meet". */
export function formatProviderList(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}`;
}

/**
 * What a tutor without a working video connection is told, naming only the providers this
 * deployment offers (VIDEO_PROVIDERS, lib/video/enabled-providers.ts).
 */
export function connectProviderMessage(labels: readonly string[]): string {
  if (labels.length === 0) {
    return "Every session needs a meeting link, and no video provider is available on this platform yet. Please contact support.";
  }
  return `Every session needs a meeting link: connect ${formatProviderList(labels)} on the Video setup page before confirming bookings.`;
}

// The generic sentence lib/video puts in every provider_not_connected refusal; it names providers this
// deployment may not offer, so the UI swaps it for connectProviderMessage and keeps the specific reason.
const GENERIC_SENTENCE = /\s*Connect Zoom or Google Meet before accepting bookings[^.]*\.?/;

/** A provider_not_connected refusal for the tutor: the server's specific reason (if any), then what to connect. */
export function describeNotConnected(serverMessage: string, labels: readonly string[]): string {
  const reason = serverMessage.replace(GENERIC_SENTENCE, " ").replace(/\s+/g, " ").trim();
  const lead = reason && !/^\(.*\)$/.test(reason) ? `${/[.!?]$/.test(reason) ? reason : `${reason}.`} ` : "";
  return `${lead}${connectProviderMessage(labels)}`;
}
