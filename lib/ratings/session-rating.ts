import type { ISql, Row } from "postgres";

/** A lesson's rating as the API and the pages see it (ISO times, snake_case like the table). */
export type TSessionRating = {
  id: string;
  session_id: string;
  tutor_id: string;
  student_id: string;
  stars: number;
  comment: string | null;
  reply: string | null;
  replied_at: string | null;
  created_at: string;
  updated_at: string;
  editable_until: string;
};

const SESSION_RATING_COLUMNS = [
  "id",
  "session_id",
  "tutor_id",
  "student_id",
  "stars",
  "comment",
  "reply",
  "replied_at",
  "created_at",
  "updated_at",
  "editable_until",
] as const;

/** The column list for `select ${sessionRatingColumns(sql)} from public.session_ratings`. */
export function sessionRatingColumns(sql: ISql) {
  return sql(SESSION_RATING_COLUMNS);
}

const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

export function toSessionRating(row: Row): TSessionRating {
  return {
    id: String(row.id),
    session_id: String(row.session_id),
    tutor_id: String(row.tutor_id),
    student_id: String(row.student_id),
    stars: Number(row.stars),
    comment: (row.comment as string | null) ?? null,
    reply: (row.reply as string | null) ?? null,
    replied_at: row.replied_at ? iso(row.replied_at) : null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    editable_until: iso(row.editable_until),
  };
}
