/**
 * Drives the app's OAuth route handlers in-process against the provider fakes, the way a
 * browser would follow the redirects: connect → provider consent → callback.
 */
export type TRouteGet = (request: Request, context: undefined) => Promise<Response>;

export function routeRequest(url: string, options: { token?: string | null; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Request(url, { method: "GET", headers });
}

export function locationOf(response: Response): URL {
  const location = response.headers.get("location");
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location);
}

/** Full connect: the app's consent URL, the provider's answer, and where the callback sent the tutor. */
export async function connectThroughFake(options: {
  appUrl: string;
  connect: TRouteGet;
  callback: TRouteGet;
  approve: (authorizeUrl: string) => string;
  token: string;
  connectPath: string;
}): Promise<{ authorizeUrl: URL; callbackUrl: URL; outcome: URL; status: number }> {
  const started = await options.connect(routeRequest(`${options.appUrl}${options.connectPath}`, { token: options.token }), undefined);
  const authorizeUrl = locationOf(started);
  const callbackUrl = new URL(options.approve(authorizeUrl.toString()));
  const finished = await options.callback(routeRequest(callbackUrl.toString(), { token: options.token }), undefined);
  return { authorizeUrl, callbackUrl, outcome: locationOf(finished), status: finished.status };
}
