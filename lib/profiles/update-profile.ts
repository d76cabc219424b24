import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";
import type { TAccountForm } from "@/lib/profiles/account-form";

const CHECK_VIOLATION = "23514";

export type TProfile = { fullName: string; timezone: string };

/**
 * The viewer changes their own name and time zone. It runs as the user, so RLS ("Users can
 * update their own profile") and the column grant (full_name, timezone only) decide; the
 * table's checks refuse a zone Postgres does not know.
 */
export async function updateProfile(options: { db: Sql; viewer: Viewer; profile: TAccountForm }): Promise<TProfile> {
  const { db, viewer, profile } = options;
  try {
    const [row] = await asUser(
      db,
      viewer,
      (tx) => tx<{ full_name: string; timezone: string }[]>`
      update public.profiles set full_name = ${profile.fullName}, timezone = ${profile.timezone}
      where id = ${viewer.id}
      returning full_name, timezone
    `,
    );
    if (!row) throw new AppError("not_found", "Your profile could not be found. Sign out and in again.");
    return { fullName: row.full_name, timezone: row.timezone };
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.code === CHECK_VIOLATION) {
      throw new AppError("invalid_input", "That time zone isn't one we know. Choose one from the list.");
    }
    throw error;
  }
}
