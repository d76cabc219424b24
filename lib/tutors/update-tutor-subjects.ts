import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { PRICE_CURRENCY } from "./tutor-profile-form";

const FOREIGN_KEY_VIOLATION = "23503";

export type TTutorSubjectChange = { intent: "set"; subjectId: string; price: number } | { intent: "remove"; subjectId: string };

/**
 * The tutor adds a subject they teach, changes its hourly price (integer cents, TTD) or removes it. Runs as
 * the tutor under RLS (their own tutor_subjects rows only). Existing bookings keep the price they were made
 * at (bookings store their own price), so a change applies to new requests only.
 */
export async function updateTutorSubjects(options: {
  db: Sql;
  viewer: TAppViewer;
  change: TTutorSubjectChange;
}): Promise<{ subjectName: string }> {
  const { db, viewer, change } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only a tutor account teaches subjects.");
  try {
    return await asUser(db, viewer, async (tx) => {
      const [subject] = await tx<{ name: string }[]>`select name from public.subjects where id = ${change.subjectId}`;
      if (!subject) throw new AppError("not_found", "That subject is not in the catalogue any more. Reload the page.");
      if (change.intent === "remove") {
        await tx`delete from public.tutor_subjects where tutor_id = ${viewer.id} and subject_id = ${change.subjectId}`;
      } else {
        await tx`
          insert into public.tutor_subjects (tutor_id, subject_id, price_cents, currency)
          values (${viewer.id}, ${change.subjectId}, ${change.price}, ${PRICE_CURRENCY})
          on conflict (tutor_id, subject_id) do update set price_cents = excluded.price_cents, currency = excluded.currency`;
      }
      return { subjectName: subject.name };
    });
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.code === FOREIGN_KEY_VIOLATION) {
      throw new AppError("conflict", "This subject is used by your bookings, so it can't be removed; you can change its price.");
    }
    throw error;
  }
}
