import { NextResponse } from "next/server";
import { AppError } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { log } from "@/lib/log";
import { deauthorizeZoomUser } from "@/lib/video/webhooks/deauthorize-zoom-user";
import { recordZoomEvent } from "@/lib/video/webhooks/record-zoom-event";
import { parseZoomWebhook } from "@/lib/video/webhooks/zoom-event";
import { verifyZoomSignature, zoomUrlValidationResponse } from "@/lib/video/webhooks/zoom-signature";

const MAX_BODY_BYTES = 64 * 1024;

/** POST /api/webhooks/zoom: signed meeting events (and the endpoint's URL validation). */
export const POST = route({ auth: "webhook" }, async ({ request }) => {
  const secret = serverEnv().ZOOM_WEBHOOK_SECRET;
  if (!secret) {
    log.error("zoom_webhook_misconfigured", { message: "ZOOM_WEBHOOK_SECRET is not set; refusing every delivery" });
    throw new AppError("misconfigured", "Zoom webhooks are not configured on this server.");
  }
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) throw new AppError("bad_request", "The webhook body is too large.");
  const check = verifyZoomSignature({
    secret,
    signature: request.headers.get("x-zm-signature"),
    timestamp: request.headers.get("x-zm-request-timestamp"),
    rawBody,
    now: new Date(),
  });
  if (!check.isValid) throw new AppError("unauthorized", `The webhook signature was rejected (${check.reason}).`);

  const webhook = parseZoomWebhook(rawBody);
  switch (webhook.kind) {
    case "malformed":
      throw new AppError("bad_request", `The webhook body is malformed: ${webhook.problem}.`);
    case "url_validation":
      return NextResponse.json(zoomUrlValidationResponse(secret, webhook.plainToken));
    case "other":
      return NextResponse.json({ received: true, outcome: "ignored" });
    case "deauthorized":
      return NextResponse.json({
        received: true,
        ...(await deauthorizeZoomUser({ db: getDb(), zoomUserId: webhook.zoomUserId, now: new Date() })),
      });
    case "meeting":
      return NextResponse.json({ received: true, outcome: await recordZoomEvent({ db: getDb(), event: webhook.event }) });
  }
});
