/**
 * Stripe's test cards (docs.stripe.com/testing) as the fake knows them: the numbers typed on its
 * hosted Checkout page, and the `pm_card_*` tokens the API accepts as a payment_method.
 */
/** `refund_fails`: charges succeed; a refund starts `succeeded` and later turns `failed` (an expired or cancelled card). */
export type TCardBehaviour = "succeeds" | "insufficient_funds" | "generic_decline" | "authentication_required" | "refund_fails";
export type TTestCard = { number: string; brand: string; behaviour: TCardBehaviour };

export const STRIPE_TEST_CARDS = {
  visa: { number: "4242424242424242", brand: "visa", behaviour: "succeeds" },
  mastercard: { number: "5555555555554444", brand: "mastercard", behaviour: "succeeds" },
  insufficientFunds: { number: "4000000000009995", brand: "visa", behaviour: "insufficient_funds" },
  declined: { number: "4000000000000002", brand: "visa", behaviour: "generic_decline" },
  authenticationRequired: { number: "4000002760003184", brand: "visa", behaviour: "authentication_required" },
  refundFails: { number: "4000000000005126", brand: "visa", behaviour: "refund_fails" },
} as const satisfies Record<string, TTestCard>;

/** The test payment method tokens (each use makes a new PaymentMethod, as Stripe does). */
export const STRIPE_TEST_TOKENS: Record<string, TTestCard> = {
  pm_card_visa: STRIPE_TEST_CARDS.visa,
  pm_card_mastercard: STRIPE_TEST_CARDS.mastercard,
  pm_card_chargeDeclinedInsufficientFunds: STRIPE_TEST_CARDS.insufficientFunds,
  pm_card_chargeDeclined: STRIPE_TEST_CARDS.declined,
  pm_card_authenticationRequired: STRIPE_TEST_CARDS.authenticationRequired,
  pm_card_refundFail: STRIPE_TEST_CARDS.refundFails,
};

function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A typed card number (spaces and dashes allowed), or null when it is not a valid card number. */
export function cardFromNumber(typed: string): TTestCard | null {
  const digits = typed.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits) || !isLuhnValid(digits)) return null;
  const known = Object.values(STRIPE_TEST_CARDS).find((card) => card.number === digits);
  if (known) return known;
  const brand = digits.startsWith("4") ? "visa" : /^5[1-5]/.test(digits) ? "mastercard" : /^3[47]/.test(digits) ? "amex" : "unknown";
  return { number: digits, brand, behaviour: "succeeds" };
}

/** What Stripe answers when a card is declined or needs its holder. */
export function declineOf(
  behaviour: TCardBehaviour,
  isOffSession: boolean,
): { code: string; declineCode?: string; message: string } | null {
  switch (behaviour) {
    case "succeeds":
    case "refund_fails":
      return null;
    case "insufficient_funds":
      return { code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." };
    case "generic_decline":
      return { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };
    case "authentication_required":
      // On-session (the hosted Checkout page), the holder authenticates and the payment succeeds.
      return isOffSession
        ? {
            code: "authentication_required",
            declineCode: "authentication_required",
            message: "Your card was declined. This transaction requires authentication.",
          }
        : null;
  }
}
