import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { appUrlFor } from "@/lib/video/oauth/redirect-uri";
import { VIDEO_SETUP_PATH } from "@/lib/video/oauth/oauth-failures";
import { ZConnectQuery } from "@/lib/video/oauth/oauth-redirects";
import { oauthRequestViewer } from "@/lib/video/oauth/request-viewer";
import { startOAuthConnection } from "@/lib/video/oauth/start-oauth-connection";

/** GET /api/auth/zoom/connect?return_to=/tutor/video-setup → Zoom consent page. */
export const GET = route(async (request: Request) => {
  const env = serverEnv();
  const query = ZConnectQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const viewer = await oauthRequestViewer(request);
  if (!viewer) {
    return NextResponse.redirect(appUrlFor(env.APP_URL, `/login?next=${encodeURIComponent(VIDEO_SETUP_PATH)}`), 303);
  }
  const { authorizeUrl } = await startOAuthConnection({
    db: getDb(),
    env,
    viewer,
    provider: "zoom",
    returnTo: query.return_to,
    now: new Date(),
  });
  return NextResponse.redirect(authorizeUrl, { status: 303, headers: { "cache-control": "no-store" } });
});
