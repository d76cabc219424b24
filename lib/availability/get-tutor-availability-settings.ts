import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser, type Tx } from "@/lib/db";
import { loadTutorAvailability } from "./load-tutor-availability";
import { localDateIn, type TTutorAvailabilityDocument } from "./save-tutor-availability-schema";

/** Why students can't book this tutor right now, or null when they can. */
export type TBookability = { isBookable: true; reason: null } | { isBookable: false; reason: string };

export type TTutorAvailabilitySettings = { document: TTutorAvailabilityDocument; bookability: TBookability };

/**
 * The tutor's own schedule, read as the tutor (RLS: their overrides are theirs alone): the weekly rules, the
 * overrides from today on (in their zone; past ones can't produce a slot any more), the booking settings and
 * whether students can book them at all.
 */
export async function getTutorAvailabilitySettings(options: {
  db: Sql;
  viewer: TAppViewer;
  now: Date;
}): Promise<TTutorAvailabilitySettings> {
  const { db, viewer, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only a tutor account has availability settings.");
  return asUser(db, viewer, async (tx) => {
    const [profile] = await tx<{ timezone: string }[]>`select timezone from public.profiles where id = ${viewer.id}`;
    if (!profile) throw new AppError("not_found", "Your profile could not be found. Sign out and in again.");
    const availability = await loadTutorAvailability(tx, { tutorId: viewer.id, fromDate: localDateIn(profile.timezone, now) });
    if (!availability) throw new AppError("not_found", "Your tutor settings could not be found. Sign out and in again.");
    const { timeZone, weeklyRules, overrides, settings } = availability;
    return { document: { timeZone, weeklyRules, overrides, settings }, bookability: await readBookability(tx, viewer.id) };
  });
}

/** `public.is_tutor_bookable` decides; the tutor's own connection rows only explain why not. */
export async function readBookability(tx: Tx, tutorId: string): Promise<TBookability> {
  const [row] = await tx<{ is_bookable: boolean; broken_provider: string | null }[]>`
    select public.is_tutor_bookable(${tutorId}) as is_bookable,
      (select c.provider from public.tutor_video_provider_connections c
       where c.tutor_id = ${tutorId} and c.status = 'invalid' order by c.updated_at desc limit 1) as broken_provider`;
  if (row?.is_bookable) return { isBookable: true, reason: null };
  const reason = row?.broken_provider
    ? "Your video connection stopped working, so students can't book you. Reconnect it on the video setup page."
    : "No video provider is connected, so students can't book you: every lesson needs a meeting link. Connect one on the video setup page.";
  return { isBookable: false, reason };
}
