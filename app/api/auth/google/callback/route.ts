import { oauthCallbackRoute } from "@/lib/video/oauth/oauth-routes";

/** GET /api/auth/google/callback?code&state: Google Meet sends the tutor back here after consent. */
export const GET = oauthCallbackRoute("google_meet");
