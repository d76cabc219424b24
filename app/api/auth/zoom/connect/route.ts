import { oauthConnectRoute } from "@/lib/video/oauth/oauth-routes";

/** GET /api/auth/zoom/connect?return_to=/tutor/video-setup → Zoom consent page. */
export const GET = oauthConnectRoute("zoom");
