import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { LOCAL_STRIPE_SECRET_KEY, LOCAL_STRIPE_WEBHOOK_SECRET } from "../../lib/env/local-values.ts";
import { createStripeProvider } from "../../lib/payments/providers/stripe.ts";
import type { PaymentProvider } from "../../lib/payments/providers/types.ts";
import { readBody, sendHtml, sendJson } from "./fake-http.ts";
import {
  attachPaymentMethod,
  completeCheckout,
  completeOnboarding,
  createAccount,
  createAccountLink,
  createCheckoutSession,
  createCustomer,
  createPaymentIntent,
  createRefund,
  createSetupIntent,
  createTransfer,
  expireCheckout,
  listObjects,
  publicSession,
  retrieve,
  settleRefund,
  StripeFakeError,
  type TApiContext,
  type TApiResult,
  type TCheckoutOutcome,
} from "./stripe-fake-api.ts";
import { decodeStripeForm, paramsFingerprint, type TForm } from "./stripe-fake-form.ts";
import { checkoutPage, messagePage, onboardingPage } from "./stripe-fake-pages.ts";
import { StripeFakeStore, unixNow, type TStripeObject, type TStripeObjectKind } from "./stripe-fake-store.ts";
import { createWebhookSender, signStripePayload, type TStripeDelivery } from "./stripe-fake-webhooks.ts";

export { STRIPE_TEST_CARDS, STRIPE_TEST_TOKENS } from "./stripe-fake-cards.ts";
export type { TStripeDelivery } from "./stripe-fake-webhooks.ts";
export type { TStripeObjectKind } from "./stripe-fake-store.ts";

/**
 * A local Stripe-compatible server (README "Payments"), reached by the REAL stripe-node client
 * through its host/port/protocol options: form-encoded requests, Stripe's object and error shapes
 * and statuses, Idempotency-Key replay (Idempotent-Replayed: true) and conflicts, test-mode rate
 * limits (429 + Retry-After), hosted Checkout and Connect onboarding pages, and webhook events
 * signed like Stripe's. Used by the integration tests, the e2e run and `npm run dev` (with its
 * state in a file so saved cards survive restarts).
 * Standalone: `node tests/fakes/stripe-fake.ts --port 4020 --webhook-url http://localhost:3000/api/webhooks/stripe`.
 */
export const STRIPE_TEST_MODE_RATE_LIMIT = 25;
export const STRIPE_API_VERSION_SERVED = "2026-10-28.endive";

export type TStripeFakeOptions = {
  port?: number;
  host?: string;
  /** Where signed events are POSTed (the app's /api/webhooks/stripe); unset, they are only recorded. */
  webhookUrl?: string;
  webhookSecret?: string;
  secretKey?: string;
  /** API operations per second before 429 (Stripe test mode: 25); null: unlimited. */
  rateLimitPerSecond?: number | null;
  /** A JSON file keeping the fake's objects across restarts. */
  stateFile?: string;
  /**
   * How long after it is created a refund of the 4000000000005126 card fails (Stripe: "some time later");
   * default 2 s, null: only when settleRefund is called.
   */
  refundFailureDelayMs?: number | null;
  onLog?: (line: string) => void;
};

export type TStripeFakeRequest = { method: string; path: string; status: number; idempotencyKey: string | null; isReplay: boolean };

export type TStripeFakeControls = {
  /** Every webhook event the fake signed, in order (`rawBody` + `signature` as delivered). */
  deliveries: () => TStripeDelivery[];
  /** Waits until queued deliveries to webhookUrl were sent (or gave up). */
  deliveriesSettled: () => Promise<void>;
  /** Signs a body as the fake does, optionally at another time (stale-signature tests). */
  sign: (rawBody: string, timestampSeconds?: number) => string;
  /** What the hosted Checkout page does when the payer submits `cardNumber`. */
  completeCheckout: (checkoutRef: string, cardNumber: string) => TCheckoutOutcome;
  expireCheckout: (checkoutRef: string) => void;
  /** What the hosted onboarding page does: details submitted, payouts enabled, account.updated sent. */
  completeOnboarding: (accountRef: string) => void;
  objects: (kind: TStripeObjectKind) => TStripeObject[];
  object: (id: string) => TStripeObject | null;
  /** Every /v1 request with its answer, in order. */
  requests: () => TStripeFakeRequest[];
  setRateLimit: (perSecond: number | null) => void;
  /**
   * The next `count` API requests answer `status` (5xx: api_error; 0: the connection is dropped).
   * `afterProcessing`: the request is carried out first (its idempotent result stored), then the
   * answer is lost — an unknown outcome, as after a timeout.
   */
  failNext: (count: number, status: number, options?: { afterProcessing?: boolean }) => void;
  /** Delays every API answer by `ms` (timeouts). */
  setLatency: (ms: number) => void;
  /** New refunds stay `pending` until settleRefund (bank refunds), or succeed at once (cards, the default). */
  setRefundMode: (mode: "succeeded" | "pending") => void;
  /** A pending refund settles or fails; a succeeded one can still fail (the issuer returned it). */
  settleRefund: (refundRef: string, status: "succeeded" | "failed") => void;
  /** Forgets every idempotency key, as Stripe does once a key is 24 hours old: the same key then makes a new object. */
  expireIdempotencyKeys: () => void;
};

export type TStripeFake = {
  baseUrl: string;
  env: { PAYMENTS_PROVIDER: "stripe"; STRIPE_API_URL: string; STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string };
  /** A createStripeProvider ready for this fake. */
  provider: PaymentProvider;
  controls: TStripeFakeControls;
  stop: () => Promise<void>;
};

type TRoute = { method: string; pattern: RegExp; handle: (context: TApiContext, params: string[], form: TForm) => TApiResult };

/** Parameter validation errors are not stored for idempotent replay (Stripe: the endpoint never started). */
const UNSAVED_ERROR_CODES = new Set([
  "parameter_missing",
  "parameter_unknown",
  "parameter_invalid_integer",
  "parameter_invalid_string",
  "url_invalid",
]);

const API_ROUTES: TRoute[] = [
  { method: "POST", pattern: /^\/v1\/customers$/, handle: (c, _p, f) => createCustomer(c, f) },
  { method: "GET", pattern: /^\/v1\/customers\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "customer", p[0]!, f) },
  { method: "POST", pattern: /^\/v1\/checkout\/sessions$/, handle: (c, _p, f) => createCheckoutSession(c, f) },
  {
    method: "GET",
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handle: (c, p, f) => {
      const result = retrieve(c, "checkout.session", p[0]!, f);
      return { status: result.status, body: publicSession(result.body as TStripeObject) };
    },
  },
  { method: "POST", pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, handle: (c, p) => expireCheckout(c, p[0]!) },
  { method: "POST", pattern: /^\/v1\/setup_intents$/, handle: (c, _p, f) => createSetupIntent(c, f) },
  { method: "GET", pattern: /^\/v1\/setup_intents\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "setup_intent", p[0]!, f) },
  { method: "GET", pattern: /^\/v1\/payment_methods\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "payment_method", p[0]!, f) },
  { method: "POST", pattern: /^\/v1\/payment_methods\/([^/]+)\/attach$/, handle: (c, p, f) => attachPaymentMethod(c, p[0]!, f) },
  { method: "POST", pattern: /^\/v1\/payment_intents$/, handle: (c, _p, f) => createPaymentIntent(c, f) },
  { method: "GET", pattern: /^\/v1\/payment_intents$/, handle: (c, _p, f) => listObjects(c, "payment_intent", f, ["customer"]) },
  { method: "GET", pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "payment_intent", p[0]!, f) },
  { method: "GET", pattern: /^\/v1\/charges\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "charge", p[0]!, f) },
  { method: "POST", pattern: /^\/v1\/refunds$/, handle: (c, _p, f) => createRefund(c, f) },
  { method: "GET", pattern: /^\/v1\/refunds$/, handle: (c, _p, f) => listObjects(c, "refund", f, ["payment_intent", "charge"]) },
  { method: "GET", pattern: /^\/v1\/refunds\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "refund", p[0]!, f) },
  { method: "POST", pattern: /^\/v1\/accounts$/, handle: (c, _p, f) => createAccount(c, f) },
  { method: "GET", pattern: /^\/v1\/accounts\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "account", p[0]!, f) },
  { method: "POST", pattern: /^\/v1\/account_links$/, handle: (c, _p, f) => createAccountLink(c, f) },
  { method: "POST", pattern: /^\/v1\/transfers$/, handle: (c, _p, f) => createTransfer(c, f) },
  {
    method: "GET",
    pattern: /^\/v1\/transfers$/,
    handle: (c, _p, f) => listObjects(c, "transfer", f, ["transfer_group", "destination"]),
  },
  { method: "GET", pattern: /^\/v1\/transfers\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "transfer", p[0]!, f) },
  { method: "GET", pattern: /^\/v1\/events\/([^/]+)$/, handle: (c, p, f) => retrieve(c, "event", p[0]!, f) },
];

function stripeError(res: ServerResponse, error: StripeFakeError, headers: Record<string, string> = {}): void {
  res.writeHead(error.status, { "content-type": "application/json", "request-id": requestId(), ...headers });
  res.end(JSON.stringify(error.body, null, 2));
}

function rateLimitError(): StripeFakeError {
  return new StripeFakeError(429, {
    type: "invalid_request_error",
    code: "rate_limit",
    message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
  });
}

function requestId(): string {
  return `req_${Math.random().toString(36).slice(2, 16)}`;
}

function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { location });
  res.end();
}

export async function startStripeFake(options: TStripeFakeOptions = {}): Promise<TStripeFake> {
  const host = options.host ?? "127.0.0.1";
  const secretKey = options.secretKey ?? LOCAL_STRIPE_SECRET_KEY;
  const webhookSecret = options.webhookSecret ?? LOCAL_STRIPE_WEBHOOK_SECRET;
  const store = new StripeFakeStore(options.stateFile);
  const webhooks = createWebhookSender({ secret: webhookSecret, webhookUrl: options.webhookUrl ?? null, onLog: options.onLog });
  const settings = {
    rateLimitPerSecond: options.rateLimitPerSecond === undefined ? STRIPE_TEST_MODE_RATE_LIMIT : options.rateLimitPerSecond,
    failures: [] as { status: number; afterProcessing: boolean }[],
    latencyMs: 0,
    refundMode: "succeeded" as "succeeded" | "pending",
  };
  const refundFailureDelayMs = options.refundFailureDelayMs === undefined ? 2_000 : options.refundFailureDelayMs;
  const refundFailureTimers = new Set<NodeJS.Timeout>();
  const recentRequests: number[] = [];
  const requestLog: TStripeFakeRequest[] = [];
  let baseUrl = "";
  let saveTimer: NodeJS.Timeout | null = null;
  const scheduleSave = () => {
    if (!options.stateFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      store.save();
    }, 200);
  };

  const context: TApiContext = {
    store,
    baseUrl: () => baseUrl,
    refundMode: () => settings.refundMode,
    scheduleRefundFailure: (refundId) => {
      if (refundFailureDelayMs === null) return;
      const timer = setTimeout(() => {
        refundFailureTimers.delete(timer);
        settleRefund(context, refundId, "failed");
        scheduleSave();
      }, refundFailureDelayMs);
      timer.unref();
      refundFailureTimers.add(timer);
    },
    emit: (type, object, extra) => {
      const event = store.create("event", {
        api_version: STRIPE_API_VERSION_SERVED,
        type,
        data: { object: structuredClone(object) },
        pending_webhooks: options.webhookUrl ? 1 : 0,
        request: { id: null, idempotency_key: null },
        ...(extra?.account ? { account: extra.account } : {}),
      });
      webhooks.send(event);
    },
  };

  /** Stripe's rolling one-second window; rejected requests do not count. */
  const isRateLimited = (): boolean => {
    const limit = settings.rateLimitPerSecond;
    if (limit === null || !Number.isFinite(limit) || limit <= 0) return false;
    const now = Date.now();
    while (recentRequests.length && recentRequests[0]! <= now - 1000) recentRequests.shift();
    if (recentRequests.length >= limit) return true;
    recentRequests.push(now);
    return false;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> => {
    const method = req.method ?? "GET";
    const log = (status: number, idempotencyKey: string | null, isReplay: boolean) =>
      requestLog.push({ method, path: url.pathname, status, idempotencyKey, isReplay });
    if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (presented !== secretKey) {
      log(401, null, false);
      return stripeError(
        res,
        new StripeFakeError(401, {
          type: "invalid_request_error",
          message: `Invalid API Key provided: ${(presented ?? "").slice(0, 8)}****`,
        }),
      );
    }
    if (isRateLimited()) {
      log(429, null, false);
      return stripeError(res, rateLimitError(), { "retry-after": "1" });
    }
    const failure = settings.failures.shift();
    if (failure && !failure.afterProcessing) return fail(res, failure.status, () => log(failure.status, null, false));

    const route = API_ROUTES.find((entry) => entry.method === method && entry.pattern.test(url.pathname));
    if (!route) {
      log(404, null, false);
      return stripeError(
        res,
        new StripeFakeError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${url.pathname}).` }),
      );
    }
    let form: TForm;
    try {
      form = decodeStripeForm(method === "GET" ? url.search.slice(1) : body);
    } catch (error) {
      log(400, null, false);
      return stripeError(res, new StripeFakeError(400, { type: "invalid_request_error", message: String(error) }));
    }
    const idempotencyKey = method === "POST" ? ((req.headers["idempotency-key"] as string | undefined) ?? null) : null;
    const fingerprint = paramsFingerprint(form);
    if (idempotencyKey) {
      const stored = store.idempotency.get(idempotencyKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint || stored.path !== url.pathname || stored.method !== method) {
          log(400, idempotencyKey, false);
          return stripeError(
            res,
            new StripeFakeError(400, {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            }),
            { "idempotency-key": idempotencyKey },
          );
        }
        log(stored.status, idempotencyKey, true);
        if (failure?.afterProcessing) return fail(res, failure.status, () => undefined);
        res.writeHead(stored.status, {
          "content-type": "application/json",
          "request-id": requestId(),
          "idempotency-key": idempotencyKey,
          "idempotent-replayed": "true",
        });
        return void res.end(JSON.stringify(stored.body, null, 2));
      }
    }
    const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
    let result: TApiResult;
    try {
      result = route.handle(context, params, form);
    } catch (error) {
      if (!(error instanceof StripeFakeError)) throw error;
      result = { status: error.status, body: error.body };
    }
    const errorCode = (result.body as { error?: { code?: string } }).error?.code;
    if (idempotencyKey && !(errorCode && UNSAVED_ERROR_CODES.has(errorCode))) {
      store.idempotency.set(idempotencyKey, { fingerprint, method, path: url.pathname, status: result.status, body: result.body });
    }
    if (method === "POST") scheduleSave();
    log(result.status, idempotencyKey, false);
    if (failure?.afterProcessing) return fail(res, failure.status, () => undefined);
    res.writeHead(result.status, {
      "content-type": "application/json",
      "request-id": requestId(),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    });
    res.end(JSON.stringify(result.body, null, 2));
  };

  const fail = (res: ServerResponse, status: number, onLog: () => void): void => {
    onLog();
    if (status === 0) {
      // The connection breaks mid-answer (a dropped socket before any byte is retried by Node's agent on a reused connection).
      res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
      res.write('{"id": "');
      setTimeout(() => res.destroy(), 5);
      return;
    }
    if (status === 429) return stripeError(res, rateLimitError(), { "retry-after": "1" });
    stripeError(res, new StripeFakeError(status, { type: "api_error", message: "fake: Stripe had a problem handling this request." }));
  };

  const handleCheckoutPage = (req: IncomingMessage, res: ServerResponse, id: string, body: string): void => {
    const session = store.get(id, "checkout.session");
    if (!session) return sendHtml(res, 404, messagePage("Checkout not found", "This checkout link is not valid."));
    if (req.method === "GET") return sendHtml(res, 200, checkoutPage(session));
    const form = new URLSearchParams(body);
    const cardNumber = form.get("card_number") ?? "";
    const outcome = completeCheckout(context, id, cardNumber);
    scheduleSave();
    if (outcome.status === "complete") return redirect(res, outcome.redirectUrl);
    sendHtml(res, outcome.status === "not_open" ? 409 : 402, checkoutPage(session, { error: outcome.message, cardNumber }));
  };

  const handleOnboardingPage = (req: IncomingMessage, res: ServerResponse, accountId: string, token: string): void => {
    const link = store.accountLinks.get(token);
    const account = store.get(accountId, "account");
    if (!link || !account || link.account !== accountId) {
      return sendHtml(res, 404, messagePage("Link not valid", "This onboarding link is not valid."));
    }
    // Account links work once and for a few minutes; after that Stripe sends the user to refresh_url.
    if (link.isUsed || link.expiresAt < unixNow()) return redirect(res, link.refreshUrl, 302);
    if (req.method === "GET") return sendHtml(res, 200, onboardingPage(account, `/connect/onboarding/${accountId}/${token}`));
    link.isUsed = true;
    completeOnboarding(context, accountId);
    scheduleSave();
    redirect(res, link.returnUrl);
  };

  const controls: TStripeFakeControls = {
    deliveries: () => [...webhooks.deliveries],
    deliveriesSettled: () => webhooks.settled(),
    sign: (rawBody, timestampSeconds) => signStripePayload(rawBody, webhookSecret, timestampSeconds),
    completeCheckout: (checkoutRef, cardNumber) => {
      const outcome = completeCheckout(context, checkoutRef, cardNumber);
      scheduleSave();
      return outcome;
    },
    expireCheckout: (checkoutRef) => void expireCheckout(context, checkoutRef),
    completeOnboarding: (accountRef) => {
      completeOnboarding(context, accountRef);
      scheduleSave();
    },
    objects: (kind) =>
      store.list(kind).map((object) => (object.object === "checkout.session" ? publicSession(object) : structuredClone(object))),
    object: (id) => {
      const object = store.objects.get(id);
      return object ? structuredClone(object) : null;
    },
    requests: () => [...requestLog],
    setRateLimit: (perSecond) => {
      settings.rateLimitPerSecond = perSecond;
      recentRequests.length = 0;
    },
    failNext: (count, status, failOptions) => {
      for (let index = 0; index < count; index += 1)
        settings.failures.push({ status, afterProcessing: failOptions?.afterProcessing ?? false });
    },
    setLatency: (ms) => {
      settings.latencyMs = ms;
    },
    setRefundMode: (mode) => {
      settings.refundMode = mode;
    },
    settleRefund: (refundRef, status) => void settleRefund(context, refundRef, status),
    expireIdempotencyKeys: () => store.idempotency.clear(),
  };

  /**
   * The controls over HTTP (JSON), for specs in another process than the fake (Playwright): GET /__control/health,
   * /deliveries, /objects/:kind; POST /checkout/:id/complete { card_number }, /checkout/:id/expire,
   * /accounts/:id/complete-onboarding, /rate-limit { per_second | null }, /fail-next { count, status, after_processing },
   * /refund-mode { mode }, /refunds/:id/settle { status }.
   */
  const handleControl = (req: IncomingMessage, res: ServerResponse, url: URL, body: string): void => {
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    const path = url.pathname.slice("/__control".length);
    const match = (pattern: RegExp) => pattern.exec(path);
    if (req.method === "GET" && path === "/health") return sendJson(res, 200, { ok: true, fake: "stripe" });
    if (req.method === "GET" && path === "/deliveries") return sendJson(res, 200, { deliveries: controls.deliveries() });
    const objects = match(/^\/objects\/([a-z_]+)$/);
    if (req.method === "GET" && objects) return sendJson(res, 200, { data: controls.objects(objects[1] as TStripeObjectKind) });
    const checkout = match(/^\/checkout\/([^/]+)\/complete$/);
    if (req.method === "POST" && checkout)
      return sendJson(res, 200, controls.completeCheckout(checkout[1]!, String(input.card_number ?? "")));
    const onboarding = match(/^\/accounts\/([^/]+)\/complete-onboarding$/);
    if (req.method === "POST" && onboarding) {
      controls.completeOnboarding(onboarding[1]!);
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/rate-limit") {
      controls.setRateLimit(input.per_second === null ? null : Number(input.per_second));
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/fail-next") {
      controls.failNext(Number(input.count ?? 1), Number(input.status ?? 500), { afterProcessing: input.after_processing === true });
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/refund-mode") {
      controls.setRefundMode(input.mode === "pending" ? "pending" : "succeeded");
      return sendJson(res, 200, { ok: true });
    }
    const refund = match(/^\/refunds\/([^/]+)\/settle$/);
    if (req.method === "POST" && refund) {
      controls.settleRefund(refund[1]!, input.status === "failed" ? "failed" : "succeeded");
      return sendJson(res, 200, { ok: true });
    }
    const expire = match(/^\/checkout\/([^/]+)\/expire$/);
    if (req.method === "POST" && expire) {
      controls.expireCheckout(expire[1]!);
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: `fake stripe: no control ${req.method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", `http://${host}`);
      const body = await readBody(req);
      if (url.pathname.startsWith("/v1/")) return handleApi(req, res, url, body);
      if (url.pathname.startsWith("/__control/")) return handleControl(req, res, url, body);
      const checkout = /^\/checkout\/([^/]+)$/.exec(url.pathname);
      if (checkout && (req.method === "GET" || req.method === "POST"))
        return handleCheckoutPage(req, res, decodeURIComponent(checkout[1]!), body);
      const onboarding = /^\/connect\/onboarding\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (onboarding && (req.method === "GET" || req.method === "POST"))
        return handleOnboardingPage(req, res, onboarding[1]!, onboarding[2]!);
      sendHtml(res, 404, messagePage("Not found", `fake stripe: no page ${req.method} ${url.pathname}`));
    })().catch((error: unknown) => {
      if (error instanceof StripeFakeError) return stripeError(res, error);
      options.onLog?.(`stripe fake error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent)
        stripeError(res, new StripeFakeError(500, { type: "api_error", message: error instanceof Error ? error.message : String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the Stripe fake has no address");
  baseUrl = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`;
  const env = {
    PAYMENTS_PROVIDER: "stripe",
    STRIPE_API_URL: baseUrl,
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  } as const;

  return {
    baseUrl,
    env,
    provider: createStripeProvider({
      secretKey,
      webhookSecret,
      apiUrl: baseUrl,
      rateLimitPerSecond: settings.rateLimitPerSecond ?? STRIPE_TEST_MODE_RATE_LIMIT,
    }),
    controls,
    stop: () =>
      new Promise<void>((resolve) => {
        webhooks.stop();
        for (const timer of refundFailureTimers) clearTimeout(timer);
        if (saveTimer) clearTimeout(saveTimer);
        store.save();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const argument = (name: string) => {
    const index = process.argv.indexOf(name);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const fake = await startStripeFake({
    port: Number(argument("--port") ?? 0),
    webhookUrl: argument("--webhook-url"),
    stateFile: argument("--state-file"),
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`Stripe fake on ${fake.baseUrl}. Give the app:\n`);
  for (const [key, value] of Object.entries(fake.env)) process.stdout.write(`${key}=${value}\n`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
