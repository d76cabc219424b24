import { oauthConnectRoute } from "@/lib/video/oauth/oauth-routes";

/** GET /api/auth/google/connect?return_to=/tutor/video-setup → Google Meet consent page. */
export const GET = oauthConnectRoute("google_meet");
