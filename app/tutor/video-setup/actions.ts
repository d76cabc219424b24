"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { connectJitsi } from "@/lib/video/connect-jitsi";
import { VIDEO_SETUP_PATH } from "@/lib/video/oauth/oauth-failures";

/** One click: Jitsi Meet needs no OAuth, so choosing it connects it. */
export async function connectJitsiAction(): Promise<void> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(VIDEO_SETUP_PATH)}`);
  let outcome: string;
  try {
    await connectJitsi({ db: getDb(), env: serverEnv(), viewer, now: new Date() });
    outcome = "connected=jitsi";
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "forbidden") throw error;
    outcome = "error=provider_unavailable";
  }
  revalidatePath(VIDEO_SETUP_PATH);
  redirect(`${VIDEO_SETUP_PATH}?${outcome}`);
}
