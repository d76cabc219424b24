import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { unsubscribeByToken } from "@/lib/notifications/unsubscribe-by-token";
import { unsubscribePage } from "@/lib/notifications/unsubscribe-page";

const ZUnsubscribeQuery = z.object({ token: z.string().min(1, "The link has no token.").max(512) });

function html(page: string): Response {
  return new Response(page, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** GET /api/notifications/unsubscribe?token=…: the confirm page (changes nothing). */
export const GET = route({ auth: "public" }, async ({ request }) => {
  const { token } = ZUnsubscribeQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await unsubscribeByToken({ db: getDb(), token, isConfirmed: false, now: new Date() });
  return html(unsubscribePage({ label: result.label, state: "confirm", actionUrl: `?token=${encodeURIComponent(token)}` }));
});

/** POST /api/notifications/unsubscribe?token=…: the one-click unsubscribe (RFC 8058 List-Unsubscribe-Post) and the confirm button. */
export const POST = route({ auth: "public" }, async ({ request }) => {
  const { token } = ZUnsubscribeQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await unsubscribeByToken({ db: getDb(), token, isConfirmed: true, now: new Date() });
  return html(unsubscribePage({ label: result.label, state: "done", actionUrl: "" }));
});
