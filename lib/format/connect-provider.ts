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
