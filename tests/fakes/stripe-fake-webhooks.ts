import { createHmac } from "node:crypto";

/**
 * The Stripe fake's webhook deliveries: each event signed exactly as Stripe signs it
 * (`Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint
 * secret>`), recorded in order, and, when a webhook URL is set, POSTed there in the background
 * (in order, each retried a few times with a fresh signature; never blocking the API answer).
 */
export type TStripeDelivery = {
  eventId: string;
  type: string;
  rawBody: string;
  signature: string;
  /** The last HTTP status the webhook URL answered (null: not sent, or no answer). */
  status: number | null;
  attempts: number;
};

export function signStripePayload(rawBody: string, secret: string, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestampSeconds}.${rawBody}`, "utf8").digest("hex");
  return `t=${timestampSeconds},v1=${v1}`;
}

// Stripe retries for days; locally a few tries cover `next dev` compiling the route on its first request.
const RETRY_DELAYS_MS = [500, 2_000, 5_000, 15_000];
const DELIVERY_TIMEOUT_MS = 30_000;

export function createWebhookSender(options: { secret: string; webhookUrl: string | null; onLog?: (line: string) => void }) {
  const deliveries: TStripeDelivery[] = [];
  let queue: Promise<void> = Promise.resolve();
  let isStopped = false;
  const pending = new Set<NodeJS.Timeout>();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(timer);
        resolve();
      }, ms);
      pending.add(timer);
    });

  const post = async (delivery: TStripeDelivery, url: string): Promise<void> => {
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !isStopped; attempt += 1) {
      delivery.attempts += 1;
      delivery.signature = signStripePayload(delivery.rawBody, options.secret);
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "stripe-signature": delivery.signature,
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          },
          body: delivery.rawBody,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        delivery.status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
      } catch {
        delivery.status = null;
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) break;
      await wait(delay);
    }
    options.onLog?.(`webhook ${delivery.type} (${delivery.eventId}) not accepted by ${url} after ${delivery.attempts} attempt(s)`);
  };

  return {
    deliveries,
    /** Signs and records an event; sends it in the background when a webhook URL is set. */
    send(event: { id: string; type: string }): TStripeDelivery {
      // Stripe sends its events pretty-printed; the signature covers these exact bytes.
      const rawBody = JSON.stringify(event, null, 2);
      const delivery: TStripeDelivery = {
        eventId: event.id,
        type: event.type,
        rawBody,
        signature: signStripePayload(rawBody, options.secret),
        status: null,
        attempts: 0,
      };
      deliveries.push(delivery);
      const url = options.webhookUrl;
      if (url && !isStopped) queue = queue.then(() => post(delivery, url)).catch(() => undefined);
      return delivery;
    },
    /** Resolves once every queued delivery was sent (or gave up). */
    settled(): Promise<void> {
      return queue;
    },
    stop(): void {
      isStopped = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
