import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import postgres from "postgres";
import { adminCreateUser, adminDeleteUser, adminGetUser, adminListUsers, adminUpdateUser } from "./auth/admin-routes.ts";
import type { TAuthContext, TRoute } from "./auth/context.ts";
import { authErrors, GoTrueError } from "./auth/errors.ts";
import { checkApiKey, corsHeaders, sendEmpty, sendError, sendJson } from "./auth/http.ts";
import { loadSigningKey, type TSigningKey } from "./auth/keys.ts";
import { getUser, logout, signUp, token, updateUser } from "./auth/user-routes.ts";
import { findUserByEmail, insertUser, validateEmail, validatePassword } from "./auth/users.ts";

/**
 * The local Supabase Auth endpoint (README, What npm run dev starts): the part of GoTrue's HTTP API
 * that supabase-js uses, on plain node:http, storing users in auth.users.
 */
export type TAuthServer = { url: string; port: number; stop: () => Promise<void> };

const AUTH_PREFIX = "/auth/v1";
const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
// GoTrue's default GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL.
const DEFAULT_REFRESH_TOKEN_REUSE_INTERVAL_SECONDS = 10;

type TMethod = "GET" | "POST" | "PUT" | "DELETE";
type TRouteEntry = { pattern: RegExp; handlers: Partial<Record<TMethod, TRoute>> };

const settingsRoute: TRoute = async () => ({
  status: 200,
  body: {
    external: { email: true, phone: false, anonymous_users: false, google: false, github: false },
    disable_signup: false,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  },
});

const healthRoute: TRoute = async () => ({
  status: 200,
  body: { version: "local", name: "GoTrue", description: "GoTrue is a user registration and authentication API" },
});

function jwksRoute(key: TSigningKey): TRoute {
  return async () => ({ status: 200, body: { keys: [key.publicJwk] }, headers: { "Cache-Control": "public, max-age=600" } });
}

function routesFor(key: TSigningKey): TRouteEntry[] {
  return [
    { pattern: /^\/signup$/, handlers: { POST: signUp } },
    { pattern: /^\/token$/, handlers: { POST: token } },
    { pattern: /^\/user$/, handlers: { GET: getUser, PUT: updateUser } },
    { pattern: /^\/logout$/, handlers: { POST: logout } },
    { pattern: /^\/\.well-known\/jwks\.json$/, handlers: { GET: jwksRoute(key) } },
    { pattern: /^\/settings$/, handlers: { GET: settingsRoute } },
    { pattern: /^\/health$/, handlers: { GET: healthRoute } },
    { pattern: /^\/admin\/users$/, handlers: { GET: adminListUsers, POST: adminCreateUser } },
    { pattern: /^\/admin\/users\/([^/]+)$/, handlers: { GET: adminGetUser, PUT: adminUpdateUser, DELETE: adminDeleteUser } },
  ];
}

// Supabase serves the JWKS without an API key, so verifiers such as jose's createRemoteJWKSet work.
const PUBLIC_PATHS = new Set(["/.well-known/jwks.json"]);

function isMethod(method: string | undefined): method is TMethod {
  return method === "GET" || method === "POST" || method === "PUT" || method === "DELETE";
}

async function handle(
  ctx: TAuthContext,
  routes: TRouteEntry[],
  apiKeys: string[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "OPTIONS") {
    res.writeHead(204, corsHeaders(req));
    res.end();
    return;
  }
  if (!url.pathname.startsWith(`${AUTH_PREFIX}/`)) {
    sendJson(req, res, 404, { message: "no Route matched with those values" });
    return;
  }
  const path = url.pathname.slice(AUTH_PREFIX.length);
  if (!PUBLIC_PATHS.has(path)) {
    const apiKey = checkApiKey(req, url.searchParams, apiKeys);
    if (apiKey === "missing")
      return sendJson(req, res, 401, {
        message: "No API key found in request",
        hint: "No `apikey` request header or url param was found.",
      });
    if (apiKey === "invalid")
      return sendJson(req, res, 401, { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." });
  }
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = isMethod(req.method) ? route.handlers[req.method] : undefined;
    if (!handler) return sendError(req, res, authErrors.methodNotAllowed());
    const reply = await handler(ctx, { req, query: url.searchParams, params: match.slice(1) });
    if (reply.body === undefined) return sendEmpty(req, res, reply.status);
    return sendJson(req, res, reply.status, reply.body, reply.headers);
  }
  sendError(req, res, authErrors.notFound());
}

/** Listens and resolves with the bound port (port 0 picks a free one). */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      if (typeof address === "object" && address) resolve(address.port);
      else reject(new Error("The auth server has no TCP address"));
    });
  });
}

export async function startAuthServer(options: {
  databaseUrl: string;
  port: number;
  anonKey: string;
  serviceRoleKey: string;
  signingKeyFile?: string;
  accessTokenTtlSeconds?: number;
  /** How long a just-rotated refresh token may be replayed (GoTrue: 10 s); 0 rejects any reuse. */
  refreshTokenReuseIntervalSeconds?: number;
  host?: string;
  onLog?: (line: string) => void;
}): Promise<TAuthServer> {
  const host = options.host ?? "127.0.0.1";
  const key = await loadSigningKey(options.signingKeyFile);
  const sql = postgres(options.databaseUrl, { max: 5, prepare: false, onnotice: () => {} });
  const ctx: TAuthContext = {
    sql,
    serviceRoleKey: options.serviceRoleKey,
    settings: {
      key,
      issuer: "", // set once the port is known
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenReuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds ?? DEFAULT_REFRESH_TOKEN_REUSE_INTERVAL_SECONDS,
    },
  };
  const routes = routesFor(key);
  const apiKeys = [options.anonKey, options.serviceRoleKey];
  const server = createServer((req, res) => {
    handle(ctx, routes, apiKeys, req, res).catch((error: unknown) => {
      const known = error instanceof GoTrueError ? error : authErrors.unexpected();
      const cause = error instanceof GoTrueError ? error.cause : error;
      if (known.status >= 500) options.onLog?.(`auth: ${req.method} ${req.url} failed: ${String(cause ?? error)}`);
      if (!res.headersSent) sendError(req, res, known);
      else res.end();
    });
  });

  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  ctx.settings.issuer = `${url}${AUTH_PREFIX}`;
  options.onLog?.(`auth: listening on ${url}${AUTH_PREFIX}`);

  return {
    url,
    port,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await sql.end({ timeout: 5 });
    },
  };
}

/**
 * Used by seeds: creates a confirmed user directly (same hashing/metadata
 * rules as signup). Returns id. Idempotent by email: returns the existing id if present.
 */
export async function createAuthUser(
  sql: postgres.Sql,
  user: { email: string; password: string; userMetadata?: Record<string, unknown>; appMetadata?: Record<string, unknown> },
): Promise<string> {
  const email = validateEmail(user.email);
  validatePassword(user.password);
  const existing = await findUserByEmail(sql, email);
  if (existing) return existing.id;
  const duplicate = new Error("duplicate");
  try {
    const created = await insertUser(sql, {
      email,
      password: user.password,
      isConfirmed: true,
      userMetadata: user.userMetadata,
      appMetadata: user.appMetadata,
      duplicate: () => duplicate,
    });
    return created.id;
  } catch (error) {
    // Another seeder created the same email in between: that user is the answer.
    const raced = error === duplicate ? await findUserByEmail(sql, email) : undefined;
    if (raced) return raced.id;
    throw error;
  }
}
