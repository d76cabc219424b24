/** Provider HTTP calls never hang a request: every call has a deadline. */
export const PROVIDER_TIMEOUT_MS = 10_000;

export type THttpResult = { status: number; body: unknown };

/** A URL under a configured base that may carry a path prefix (a local fake) or not (the real API). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}

export async function fetchJson(url: string, init: RequestInit): Promise<THttpResult> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS), redirect: "error" });
  const text = await response.text();
  return { status: response.status, body: parseBody(text) };
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 200);
  }
}

/** The provider's own one-line reason, from the usual error shapes ({message}, {reason}, {error}). */
export function providerReason(result: THttpResult): string {
  const body = result.body;
  if (typeof body === "object" && body !== null) {
    const record = body as Record<string, unknown>;
    for (const field of ["message", "reason", "error_description", "error"] as const) {
      const value = record[field];
      if (typeof value === "string" && value !== "") return `${value} (HTTP ${result.status})`;
    }
  }
  return typeof body === "string" && body !== "" ? `${body} (HTTP ${result.status})` : `HTTP ${result.status}`;
}
