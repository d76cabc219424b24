import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";
import type { TProfile } from "@/lib/profiles/update-profile";

/** The viewer's own name and time zone, read under RLS. */
export async function getProfile(options: { db: Sql; viewer: Viewer }): Promise<TProfile> {
  const { db, viewer } = options;
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx<{ full_name: string; timezone: string }[]>`
    select full_name, timezone from public.profiles where id = ${viewer.id}
  `,
  );
  if (!row) throw new AppError("not_found", "Your profile could not be found. Sign out and in again.");
  return { fullName: row.full_name, timezone: row.timezone };
}
