/**
 * Where a hosted page (Checkout, onboarding) sends the payer back to: only a path on this site.
 * An absolute URL, a protocol-relative `//host`, a backslash trick (`/\host`) or control characters
 * would turn our return route into an open redirect, so anything but a plain same-site path is refused.
 */
const MAX_PATH_CHARS = 2000;
const PROBE_ORIGIN = "http://same-site.invalid";

export function safeReturnPath(value: string | null | undefined): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_PATH_CHARS) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `path` with one query parameter set (kept relative; the hash stays last). */
export function withQueryParam(path: string, name: string, value: string): string {
  const url = new URL(path, PROBE_ORIGIN);
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}${url.hash}`;
}
