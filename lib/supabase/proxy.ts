import { createServerClient } from "@supabase/ssr";
import { isAuthRetryableFetchError } from "@supabase/supabase-js";
import { NextResponse, type NextRequest } from "next/server";
import { isProtectedPath } from "@/lib/auth/home-path";
import { supabasePublicEnv } from "./public-env";

/**
 * Refreshes the Supabase session on every page request and writes the new
 * cookies to both the request (for this render) and the response (for the
 * browser). Signed-out visitors of a role area are sent to /login?next=….
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });
  const { url, anonKey } = supabasePublicEnv();

  const supabase = createServerClient(url, anonKey, {
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        // Responses that carry auth cookies must never be cached by a CDN.
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
  });

  // Nothing may run between creating the client and getClaims(): it is what refreshes the session.
  const { data, error } = await supabase.auth.getClaims();
  const isSignedIn = Boolean(data?.claims.sub);
  // An unreachable auth server is not a sign-out: let the page render and report it.
  const isAuthUnreachable = error !== null && isAuthRetryableFetchError(error);

  if (!isSignedIn && !isAuthUnreachable && isProtectedPath(request.nextUrl.pathname)) {
    const loginUrl = request.nextUrl.clone();
    loginUrl.pathname = "/login";
    loginUrl.search = "";
    loginUrl.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    const redirect = NextResponse.redirect(loginUrl);
    // Keep any cookie changes (e.g. a cleared, expired session) on the redirect too.
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    return redirect;
  }

  return response;
}
