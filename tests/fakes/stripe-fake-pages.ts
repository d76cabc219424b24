import { STRIPE_TEST_CARDS } from "./stripe-fake-cards.ts";
import { escapeHtml } from "./fake-http.ts";
import type { TStripeObject } from "./stripe-fake-store.ts";

/**
 * The fake's hosted pages (plain HTML forms, no JavaScript): Checkout (save a card, or pay) and
 * Connect onboarding. Labels are real <label>s so a person, a screen reader and Playwright's
 * getByLabel all find the fields.
 */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a2e}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.7rem 1.2rem;font-size:1rem;background:#635bff;color:#fff;border:0;border-radius:6px;cursor:pointer}
[role=alert]{background:#fde8e8;color:#8a1c1c;padding:.6rem;border-radius:6px}small,li{color:#555}.fake{font-size:.8rem;color:#888}</style>
</head><body><main>${body}<p class="fake">Local Stripe fake: no real card is charged.</p></main></body></html>`;
}

function formatAmount(amount: unknown, currency: unknown): string {
  if (typeof amount !== "number") return "";
  return `${String(currency ?? "").toUpperCase()} ${(amount / 100).toFixed(2)}`;
}

const TEST_CARD_HINTS = [
  [STRIPE_TEST_CARDS.visa.number, "succeeds"],
  [STRIPE_TEST_CARDS.insufficientFunds.number, "declined (insufficient funds)"],
  [STRIPE_TEST_CARDS.authenticationRequired.number, "needs authentication off-session; succeeds here"],
  [STRIPE_TEST_CARDS.refundFails.number, "pays; a refund to it fails a moment later"],
] as const;

export function checkoutPage(session: TStripeObject, options: { error?: string; cardNumber?: string } = {}): string {
  const isSetup = session.mode === "setup";
  const title = isSetup ? "Save a card" : `Pay ${formatAmount(session.amount_total, session.currency)}`;
  if (session.status !== "open") {
    return page(title, `<h1>${escapeHtml(title)}</h1><p>This checkout is ${escapeHtml(String(session.status))}.</p>`);
  }
  const lineItem = session.fake_line_item as { name?: string | null } | null;
  const hints = TEST_CARD_HINTS.map(
    ([number, outcome]) => `<li><code>${number.replace(/(\d{4})(?=\d)/g, "$1 ")}</code> ${escapeHtml(outcome)}</li>`,
  ).join("");
  const cancel = typeof session.cancel_url === "string" ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : "";
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
${lineItem?.name ? `<p>${escapeHtml(lineItem.name)}</p>` : ""}
${isSetup ? "<p>Your card is saved for future lessons; it is charged only when a lesson is due.</p>" : ""}
${options.error ? `<p role="alert">${escapeHtml(options.error)}</p>` : ""}
<form method="post" action="/checkout/${escapeHtml(session.id)}">
<label for="card-number">Card number</label>
<input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" required
 value="${escapeHtml(options.cardNumber ?? "4242 4242 4242 4242")}" aria-describedby="test-cards">
<label for="card-expiry">Expiry</label><input id="card-expiry" name="card_expiry" value="12 / 34" autocomplete="cc-exp">
<label for="card-cvc">CVC</label><input id="card-cvc" name="card_cvc" value="123" autocomplete="cc-csc">
<button type="submit">${isSetup ? "Save card" : "Pay"}</button>
</form>
<div id="test-cards"><p><small>Test cards (any expiry in the future, any CVC):</small></p><ul>${hints}</ul></div>
${cancel}`,
  );
}

export function onboardingPage(account: TStripeObject, action: string): string {
  return page(
    "Set up payouts",
    `<h1>Set up payouts</h1>
<p>Connected account <code>${escapeHtml(account.id)}</code>${typeof account.email === "string" ? ` for ${escapeHtml(account.email)}` : ""}.</p>
<form method="post" action="${escapeHtml(action)}">
<label for="account-holder">Account holder name</label><input id="account-holder" name="account_holder" value="Test Tutor">
<label for="routing">Bank routing number</label><input id="routing" name="routing" value="110000000">
<label for="account-number">Bank account number</label><input id="account-number" name="account_number" value="000123456789">
<button type="submit">Complete onboarding</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
