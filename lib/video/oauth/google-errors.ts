/**
 * Reads a googleapis (gaxios) error without depending on its class: the HTTP status, the
 * OAuth error code (`invalid_grant` …) and a one-line reason from Google's body.
 */
export type TGoogleErrorInfo = { status: number | null; oauthError: string | null; reason: string };

export function googleErrorInfo(error: unknown): TGoogleErrorInfo {
  const response = isRecord(error) && isRecord(error.response) ? error.response : null;
  const status = typeof response?.status === "number" ? response.status : null;
  const data = response?.data;
  if (isRecord(data)) {
    if (typeof data.error === "string") {
      const description = typeof data.error_description === "string" ? `: ${data.error_description}` : "";
      return { status, oauthError: data.error, reason: `${data.error}${description}` };
    }
    if (isRecord(data.error) && typeof data.error.message === "string") {
      return { status, oauthError: null, reason: data.error.message };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status, oauthError: null, reason: status ? `HTTP ${status}: ${message}` : message };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
