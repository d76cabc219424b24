"use server";

import { z } from "zod";
import { action } from "@/lib/api/action";
import { ROLES } from "@/lib/auth/roles";
import { resetFeedToken } from "@/lib/calendar/reset-feed-token";
import { getDb } from "@/lib/db";

/**
 * Makes a new private calendar feed URL (the old one stops working). The done message IS the URL: it can
 * be shown only now, since only its hash is stored.
 */
export const resetCalendarFeedAction = action(
  { role: ROLES, schema: z.object({}), name: "resetCalendarFeed", rateLimit: "write", requireLiveSession: true },
  async ({ viewer }) => {
    const { url } = await resetFeedToken({ db: getDb(), viewer, now: new Date() });
    return { status: "done", message: url };
  },
);
