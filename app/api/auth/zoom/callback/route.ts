import { oauthCallbackRoute } from "@/lib/video/oauth/oauth-routes";

/** GET /api/auth/zoom/callback?code&state: Zoom sends the tutor back here after consent. */
export const GET = oauthCallbackRoute("zoom");
