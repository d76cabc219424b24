import "server-only";
import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { completeOAuthConnection } from "@/lib/video/oauth/complete-oauth-connection";
import { OAuthConnectionError, VIDEO_SETUP_PATH } from "@/lib/video/oauth/oauth-failures";
import { appRedirectUrl, ZConnectQuery, ZOAuthCallbackQuery } from "@/lib/video/oauth/oauth-redirects";
import { appUrlFor } from "@/lib/video/oauth/redirect-uri";
import { startOAuthConnection } from "@/lib/video/oauth/start-oauth-connection";

type TOAuthProvider = "google_meet" | "zoom";

/** GET …/connect?return_to=/tutor/video-setup → the provider's consent page (one handler for every provider). */
export function oauthConnectRoute(provider: TOAuthProvider) {
  return route({ auth: "public" }, async ({ request, viewer }) => {
    const env = serverEnv();
    const query = ZConnectQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    if (!viewer) {
      return NextResponse.redirect(appUrlFor(env.APP_URL, `/login?next=${encodeURIComponent(VIDEO_SETUP_PATH)}`), 303);
    }
    const { authorizeUrl } = await startOAuthConnection({ db: getDb(), env, viewer, provider, returnTo: query.return_to, now: new Date() });
    return NextResponse.redirect(authorizeUrl, { status: 303, headers: { "cache-control": "no-store" } });
  });
}

/** GET …/callback?code&state: the provider sends the tutor back here after consent; always redirects to an app path. */
export function oauthCallbackRoute(provider: TOAuthProvider) {
  return route({ auth: "public" }, async ({ request, viewer }) => {
    const env = serverEnv();
    const back = (path: string, outcome: Parameters<typeof appRedirectUrl>[2]) =>
      NextResponse.redirect(appRedirectUrl(env.APP_URL, path, outcome), { status: 303, headers: { "cache-control": "no-store" } });
    const query = ZOAuthCallbackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return back(VIDEO_SETUP_PATH, { error: "state_invalid" });
    try {
      const { returnTo } = await completeOAuthConnection({
        db: getDb(),
        env,
        viewer,
        provider,
        query: query.data,
        now: new Date(),
      });
      return back(returnTo, { connected: provider });
    } catch (error) {
      if (error instanceof OAuthConnectionError) return back(error.returnTo, { error: error.failure });
      throw error;
    }
  });
}
