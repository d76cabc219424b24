"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { connectJitsi } from "@/lib/video/connect-jitsi";
import { VIDEO_SETUP_PATH } from "@/lib/video/oauth/oauth-failures";

/** One click: Jitsi Meet needs no OAuth, so choosing it connects it. */
export const connectJitsiAction = action(
  { role: "tutor", schema: z.object({}), name: "connectJitsi", rateLimit: "write" },
  async ({ viewer }) => {
    await connectJitsi({ db: getDb(), env: serverEnv(), viewer, now: new Date() });
    revalidatePath(VIDEO_SETUP_PATH);
    redirect(`${VIDEO_SETUP_PATH}?connected=jitsi`);
  },
);
