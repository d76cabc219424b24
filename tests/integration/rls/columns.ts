import type { TSignedInPersona } from "./personas.ts";

/**
 * Column checks the row grid cannot see: which money a persona can read of the
 * session they can see (S1 for the first lesson's people and admins, S2 for
 * the others), directly or through public.session_private_amounts, and which
 * keys of the charge event (E1) and the payout event (E4) reach them through
 * public.session_event_payload. Students and parents: price and charge; the
 * tutor: price, charge and payout (never the fee); admins: everything.
 */
export const MONEY_COLUMNS = [
  "price_cents",
  "charge_cents",
  "payout_cents",
  "platform_fee_cents",
  "completion_payout_bps",
  "no_show_payout_bps",
] as const;
export type TMoneyColumn = (typeof MONEY_COLUMNS)[number];

const PAYER: readonly TMoneyColumn[] = ["price_cents", "charge_cents"];
const PAYEE: readonly TMoneyColumn[] = ["price_cents", "charge_cents", "payout_cents", "completion_payout_bps", "no_show_payout_bps"];

export const MONEY_COLUMN_EXPECTATIONS: Record<TSignedInPersona, { session: "S1" | "S2"; columns: readonly TMoneyColumn[] }> = {
  student: { session: "S1", columns: PAYER },
  parent: { session: "S1", columns: PAYER },
  tutor: { session: "S1", columns: PAYEE },
  admin: { session: "S1", columns: MONEY_COLUMNS },
  otherStudent: { session: "S2", columns: PAYER },
  unrelatedParent: { session: "S2", columns: PAYER },
  otherTutor: { session: "S2", columns: PAYEE },
};

/** Payload keys of E1 (S1's charge) and E4 (S1's payout release) each persona reads; null: no payload at all. */
export const EVENT_PAYLOAD_EXPECTATIONS: Record<TSignedInPersona, { E1: readonly string[] | null; E4: readonly string[] | null }> = {
  student: { E1: ["charge_cents"], E4: null },
  parent: { E1: ["charge_cents"], E4: null },
  tutor: { E1: ["charge_cents", "payout_cents", "payout_release_at"], E4: ["payout_cents"] },
  admin: { E1: ["charge_cents", "payout_cents", "payout_release_at", "platform_fee_cents"], E4: ["payout_cents"] },
  otherStudent: { E1: null, E4: null },
  unrelatedParent: { E1: null, E4: null },
  otherTutor: { E1: null, E4: null },
};
