import "server-only";
import { createClient as createSupabaseClient, isAuthRetryableFetchError, type JwtPayload } from "@supabase/supabase-js";
import { cache } from "react";
import { getDb, type Viewer } from "@/lib/db";
import { createClient } from "@/lib/supabase/server";
import { supabasePublicEnv } from "@/lib/supabase/public-env";
import { ZRole, type TRole } from "./roles";

export type TAppViewer = Viewer & { role: TRole };

/**
 * The verified caller and their app role, or null when signed out or the token is invalid.
 * With a request carrying `Authorization: Bearer <jwt>`, THAT token is verified (API clients);
 * otherwise the cookie session is. The role comes from `public.profiles`, read under RLS.
 */
export async function getViewer(request?: Request): Promise<TAppViewer | null> {
  const token = request ? bearerToken(request) : null;
  if (token !== null) {
    const claims = await verifyBearerToken(token);
    return claims ? withRole(claims) : null;
  }
  return getCookieViewer();
}

// Layout, page and components of one render share one verification and one query.
const getCookieViewer = cache(async (): Promise<TAppViewer | null> => {
  const supabase = await createClient();
  const { data, error } = await supabase.auth.getClaims();
  throwIfAuthUnreachable(error);
  return data ? withRole(data.claims) : null;
});

function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

async function verifyBearerToken(token: string): Promise<JwtPayload | null> {
  const { data, error } = await bearerVerifier().auth.getClaims(token);
  throwIfAuthUnreachable(error);
  return data?.claims ?? null;
}

// One storage-less client per process: a token is only verified, never stored or refreshed, so
// requests can share it — and with it the signing keys it fetched once (JWKS), instead of a new
// client and key import per request.
const verifiers = new Map<string, ReturnType<typeof createSupabaseClient>>();
function bearerVerifier(): ReturnType<typeof createSupabaseClient> {
  const { url, anonKey } = supabasePublicEnv();
  const key = `${url} ${anonKey}`;
  let client = verifiers.get(key);
  if (!client) {
    client = createSupabaseClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } });
    verifiers.set(key, client);
  }
  return client;
}

/** An auth server we cannot reach is an outage, not a signed-out user. */
function throwIfAuthUnreachable(error: unknown): void {
  if (error && isAuthRetryableFetchError(error)) throw error;
}

async function withRole(claims: JwtPayload): Promise<TAppViewer | null> {
  // Only end-user tokens count: an anon or service key carries no `sub` or another role.
  if (typeof claims.sub !== "string" || claims.sub === "" || claims.role !== "authenticated") return null;
  const viewer: Viewer = {
    id: claims.sub,
    email: typeof claims.email === "string" && claims.email !== "" ? claims.email : null,
    claims: { ...claims },
  };
  // One statement on the owner connection, keyed by the verified `sub`: the same row RLS lets
  // every user read of themselves, without a whole RLS transaction per request.
  const rows = await getDb()<{ role: string }[]>`select role from public.profiles where id = ${viewer.id}`;
  const role = ZRole.safeParse(rows[0]?.role);
  // A user without a profile (the sign-up trigger failed) cannot act in any role.
  return role.success ? { ...viewer, role: role.data } : null;
}
