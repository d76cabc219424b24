import "server-only";
import { getViewer, type TAppViewer } from "@/lib/auth/get-viewer";

const SUPABASE_AUTH_COOKIE = /(?:^|;\s*)sb-[^=;]*-auth-token(?:\.\d+)?=/;

/**
 * The caller of a route handler: a Bearer token or the Supabase session cookie, verified by
 * getViewer. A request carrying neither is signed out without asking the auth server.
 */
export async function requestViewer(request: Request): Promise<TAppViewer | null> {
  const hasBearer = /^Bearer\s+\S/i.test(request.headers.get("authorization") ?? "");
  const hasSessionCookie = SUPABASE_AUTH_COOKIE.test(request.headers.get("cookie") ?? "");
  return hasBearer || hasSessionCookie ? getViewer(request) : null;
}
