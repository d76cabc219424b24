import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { TServerEnv } from "@/lib/env/server-env";
import { replaceTutorConnection } from "./connections/replace-tutor-connection";
import { isVideoProviderEnabled } from "./enabled-providers";

/** Jitsi Meet needs no account: choosing it is the whole connection (where the platform offers it). */
export async function connectJitsi(options: {
  db: Sql;
  env: TServerEnv;
  viewer: TAppViewer;
  now: Date;
}): Promise<{ connectionId: string }> {
  const { db, env, viewer, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only tutors connect a video provider.");
  if (!isVideoProviderEnabled(env, "jitsi")) throw new AppError("forbidden", "Jitsi Meet is not available on this platform.");
  const { connectionId } = await replaceTutorConnection({ db, tutorId: viewer.id, provider: "jitsi", tokens: null, account: null, now });
  return { connectionId };
}
