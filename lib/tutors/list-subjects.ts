import "server-only";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { Db } from "@/lib/db";
import { asVisitor } from "./as-visitor";

export type TSubjectOption = { slug: string; name: string };

/** The subject catalogue for browse's filter and the landing page's shortcuts (taught ones first when `taughtOnly`). */
export async function listSubjects(options: { db: Db; viewer: TAppViewer | null; taughtOnly?: boolean }): Promise<TSubjectOption[]> {
  const rows = await asVisitor(
    options.db,
    options.viewer,
    (tx) => tx<TSubjectOption[]>`
      select s.slug, s.name from public.subjects s
      where not ${options.taughtOnly ?? false}::boolean
         or exists (select 1 from public.tutor_subjects ts where ts.subject_id = s.id)
      order by s.name`,
  );
  return [...rows];
}
