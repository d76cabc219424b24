import { z } from "zod";

/** The longest reason a cancellation keeps in its audit events. */
export const MAX_CANCEL_REASON_LENGTH = 500;

/** POST /api/sessions/[id]/cancel's body: an optional reason the other side and the audit trail see. */
export const ZCancelSessionRequest = z.strictObject({
  reason: z.string().trim().max(MAX_CANCEL_REASON_LENGTH).nullish(),
});
export type TCancelSessionRequest = z.infer<typeof ZCancelSessionRequest>;
