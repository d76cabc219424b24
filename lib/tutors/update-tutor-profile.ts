import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import type { TTutorProfileForm } from "./tutor-profile-form";

/**
 * The tutor edits their public profile (name, headline, bio). Runs as the tutor: RLS ("Tutors can update
 * their own profile") and the column grant (those three columns only) decide, so nothing else moves.
 */
export async function updateTutorProfile(options: { db: Sql; viewer: TAppViewer; profile: TTutorProfileForm }): Promise<TTutorProfileForm> {
  const { db, viewer, profile } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only a tutor account has a tutor profile.");
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx<{ display_name: string; headline: string; bio: string }[]>`
      update public.tutor_profiles set display_name = ${profile.displayName}, headline = ${profile.headline}, bio = ${profile.bio}
      where tutor_id = ${viewer.id}
      returning display_name, headline, bio`,
  );
  if (!row) throw new AppError("not_found", "Your tutor profile could not be found. Sign out and in again.");
  return { displayName: row.display_name, headline: row.headline, bio: row.bio };
}
