import { z } from "zod";

/** POST /api/sessions/[id]/reschedule-proposals: the new start, one of the offered slots. */
export const ZProposeReschedule = z.object({ start_at: z.iso.datetime({ offset: true }) }).strict();
export type TProposeReschedule = z.infer<typeof ZProposeReschedule>;

/** GET /api/sessions/[id]/reschedule-slots?days=14 */
export const ZRescheduleSlotsQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });
