import { createServer, type Server } from "node:http";
import { pathToFileURL } from "node:url";
import { readBody, sendJson, type TFakeRoute } from "./fake-http.ts";
import { createGoogleFake, GOOGLE_FAKE_CLIENT, type TGoogleFake } from "./google-fake.ts";
import { createZoomFake, ZOOM_FAKE_CLIENT, type TZoomFake } from "./zoom-fake.ts";

/** The fakes' port in the end-to-end run (tests/e2e/serve.ts starts them; specs control them over HTTP). */
export const E2E_PROVIDER_FAKES_PORT = 55431;

export type TProviderFakes = {
  baseUrl: string;
  /** The app's environment for talking to these fakes instead of Google and Zoom. */
  env: Record<string, string>;
  google: TGoogleFake["controls"];
  zoom: TZoomFake["controls"];
  stop: () => Promise<void>;
};

/**
 * Starts one local HTTP server with fakes of Google (OAuth under /google; Calendar, userinfo and
 * Meet records at the root, as googleapis expects) and Zoom (OAuth and meetings API under /zoom). `port: 0` picks a free port.
 * Standalone: `node tests/fakes/start-fakes.ts --port 4010` prints the env to give the app.
 */
export async function startProviderFakes(options: { port?: number; host?: string } = {}): Promise<TProviderFakes> {
  const host = options.host ?? "127.0.0.1";
  let baseUrl = "";
  const google = createGoogleFake({ prefix: "/google", baseUrl: () => baseUrl });
  const zoom = createZoomFake({ prefix: "/zoom", baseUrl: () => baseUrl });
  const routes: TFakeRoute[] = [...google.routes, ...zoom.routes, ...controlRoutes(google.controls, zoom.controls)];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", `http://${host}`);
      const route = routes.find((entry) => entry.method === req.method && entry.pattern.test(url.pathname));
      if (!route) return sendJson(res, 404, { error: { code: 404, message: `fake: no route for ${req.method} ${url.pathname}` } });
      const params = (route.pattern.exec(url.pathname) ?? []).slice(1);
      await route.handle({ req, res, url, params, body: await readBody(req) });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: error instanceof Error ? error.message : String(error) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("fake provider server has no address");
  baseUrl = `http://${host}:${address.port}`;

  return {
    baseUrl,
    env: providerFakeEnv(baseUrl),
    google: google.controls,
    zoom: zoom.controls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Test controls over HTTP, for specs running in another process than the fakes (Playwright):
 * GET /__fake/health, POST /__fake/{google|zoom}/{revoke-refresh-tokens|invalidate-access-tokens}.
 */
function controlRoutes(google: TGoogleFake["controls"], zoom: TZoomFake["controls"]): TFakeRoute[] {
  const actions = { google, zoom } as const;
  return [
    { method: "GET", pattern: /^\/__fake\/health$/, handle: ({ res }) => sendJson(res, 200, { ok: true, fakes: ["google", "zoom"] }) },
    {
      method: "POST",
      pattern: /^\/__fake\/(google|zoom)\/(revoke-refresh-tokens|invalidate-access-tokens)$/,
      handle: ({ res, params }) => {
        const target = actions[params[0] === "zoom" ? "zoom" : "google"];
        if (params[1] === "revoke-refresh-tokens") target.revokeRefreshTokens();
        else target.invalidateAccessTokens();
        sendJson(res, 200, { ok: true });
      },
    },
  ];
}

/** What the app (next start, route tests) needs in its environment to use the fakes. */
export function providerFakeEnv(baseUrl: string): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: GOOGLE_FAKE_CLIENT.id,
    GOOGLE_CLIENT_SECRET: GOOGLE_FAKE_CLIENT.secret,
    GOOGLE_OAUTH_AUTHORIZE_URL: `${baseUrl}/google/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${baseUrl}/google/token`,
    GOOGLE_API_BASE_URL: baseUrl,
    GOOGLE_MEET_API_BASE_URL: baseUrl,
    ZOOM_CLIENT_ID: ZOOM_FAKE_CLIENT.id,
    ZOOM_CLIENT_SECRET: ZOOM_FAKE_CLIENT.secret,
    ZOOM_OAUTH_BASE_URL: `${baseUrl}/zoom`,
    ZOOM_API_BASE_URL: `${baseUrl}/zoom/api`,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const portArgument = process.argv.indexOf("--port");
  const port = portArgument === -1 ? 0 : Number(process.argv[portArgument + 1]);
  const fakes = await startProviderFakes({ port });
  process.stdout.write(`Provider fakes on ${fakes.baseUrl}. Give the app:\n`);
  for (const [key, value] of Object.entries(fakes.env)) process.stdout.write(`${key}=${value}\n`);
  const stop = () => void fakes.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
