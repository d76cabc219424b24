import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export type TEditableTutorSubject = { subjectId: string; name: string; priceCents: number; currency: string };

export type TTutorProfileForEditing = {
  displayName: string;
  headline: string;
  bio: string;
  subjects: TEditableTutorSubject[];
  /** The catalogue, for adding a subject. */
  catalogue: { id: string; name: string }[];
};

/** What /tutor/profile edits, read as the tutor. */
export async function getTutorProfileForEditing(options: { db: Sql; viewer: TAppViewer }): Promise<TTutorProfileForEditing> {
  const { db, viewer } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only a tutor account has a tutor profile.");
  return asUser(db, viewer, async (tx) => {
    const [profile] = await tx<{ display_name: string; headline: string; bio: string }[]>`
      select display_name, headline, bio from public.tutor_profiles where tutor_id = ${viewer.id}`;
    if (!profile) throw new AppError("not_found", "Your tutor profile could not be found. Sign out and in again.");
    const subjects = await tx<{ subject_id: string; name: string; price_cents: string; currency: string }[]>`
      select ts.subject_id, s.name, ts.price_cents, ts.currency
      from public.tutor_subjects ts join public.subjects s on s.id = ts.subject_id
      where ts.tutor_id = ${viewer.id} order by s.name`;
    const catalogue = await tx<{ id: string; name: string }[]>`select id, name from public.subjects order by name`;
    return {
      displayName: profile.display_name,
      headline: profile.headline,
      bio: profile.bio,
      subjects: subjects.map((row) => ({
        subjectId: row.subject_id,
        name: row.name,
        priceCents: Number(row.price_cents),
        currency: row.currency,
      })),
      catalogue: catalogue.map((row) => ({ id: row.id, name: row.name })),
    };
  });
}
