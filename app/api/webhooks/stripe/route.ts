import { NextResponse } from "next/server";
import { AppError } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { handlePaymentEvent } from "@/lib/payments/handle-payment-event";
import { getPaymentProvider, WebhookSignatureError } from "@/lib/payments/providers";

// Stripe's events are a few kilobytes; a Checkout Session with many line items stays far below this.
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/webhooks/stripe: signed Stripe events (README "Payments"). The signature is checked over
 * the raw body (300 s tolerance) before anything is parsed; the event's effects are idempotent by its id.
 */
export const POST = route({ auth: "webhook" }, async ({ request }) => {
  const provider = getPaymentProvider();
  if (provider.name !== "stripe") {
    log.error("stripe_webhook_misconfigured", { message: `PAYMENTS_PROVIDER is ${provider.name}; refusing Stripe deliveries` });
    throw new AppError("misconfigured", "Stripe webhooks are not configured on this server.");
  }
  const declaredLength = Number(request.headers.get("content-length") ?? 0);
  if (declaredLength > MAX_BODY_BYTES) throw new AppError("bad_request", "The webhook body is too large.", { reason: "too_large" });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES)
    throw new AppError("bad_request", "The webhook body is too large.", { reason: "too_large" });

  const now = new Date();
  let event;
  try {
    event = provider.verifyWebhook({ rawBody, signature: request.headers.get("stripe-signature"), now });
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      throw new AppError("bad_request", `The webhook signature was rejected (${error.reason}): ${error.message}`, { reason: error.reason });
    }
    throw error;
  }
  const outcome = await handlePaymentEvent({ db: getDb(), event, now, provider });
  return NextResponse.json({ received: true, outcome });
});
