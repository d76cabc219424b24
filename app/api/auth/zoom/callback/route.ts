import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { completeOAuthConnection } from "@/lib/video/oauth/complete-oauth-connection";
import { OAuthConnectionError, VIDEO_SETUP_PATH } from "@/lib/video/oauth/oauth-failures";
import { appRedirectUrl, ZOAuthCallbackQuery } from "@/lib/video/oauth/oauth-redirects";
import { oauthRequestViewer } from "@/lib/video/oauth/request-viewer";

/** GET /api/auth/zoom/callback?code&state: Zoom sends the tutor back here after consent. */
export const GET = route(async (request: Request) => {
  const env = serverEnv();
  const back = (path: string, outcome: Parameters<typeof appRedirectUrl>[2]) =>
    NextResponse.redirect(appRedirectUrl(env.APP_URL, path, outcome), { status: 303, headers: { "cache-control": "no-store" } });
  const query = ZOAuthCallbackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return back(VIDEO_SETUP_PATH, { error: "state_invalid" });
  try {
    const { returnTo } = await completeOAuthConnection({
      db: getDb(),
      env,
      viewer: await oauthRequestViewer(request),
      provider: "zoom",
      query: query.data,
      now: new Date(),
    });
    return back(returnTo, { connected: "zoom" });
  } catch (error) {
    if (error instanceof OAuthConnectionError) return back(error.returnTo, { error: error.failure });
    throw error;
  }
});
