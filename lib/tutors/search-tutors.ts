import "server-only";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Db } from "@/lib/db";
import { asVisitor } from "./as-visitor";
import { bioExcerpt } from "./bio-excerpt";
import { liveNextSlots } from "./live-next-slots";
import { prefixTsQuery, SEARCH_PAGE_SIZE, type TSearchTutorsQuery } from "./search-tutors-schema";

export type TTutorCardSubject = { id: string; slug: string; name: string; price_cents: number; currency: string };
export type TTutorCard = {
  id: string;
  name: string;
  headline: string;
  bio_excerpt: string;
  subjects: TTutorCardSubject[];
  /** The first open slot of the tutor's browse length, computed live for this page (ISO, UTC); null = none. */
  next_slot_at: string | null;
};
export type TSearchTutorsResult = { tutors: TTutorCard[]; next_page: number | null };

const DAY_MS = 86_400_000;

type TRow = {
  id: string;
  name: string;
  headline: string;
  bio: string;
  lesson_lengths: number[];
  subjects: TTutorCardSubject[];
};

/**
 * The public marketplace's search (README: "Browse"). Reads as the visitor (anonymous = the anon role),
 * so it sees only public columns; lists bookable tutors with at least one subject. The filter and the
 * "soonest" sort use the cached `next_slot_at`; the page's cards then get their exact next slot live.
 */
export async function searchTutors(options: {
  db: Db;
  viewer: TAppViewer | null;
  query: TSearchTutorsQuery;
  now: Date;
}): Promise<TSearchTutorsResult> {
  const { db, viewer, query, now } = options;
  const rows = await asVisitor(db, viewer, (tx) => {
    const q = query.q ?? null;
    const prefix = prefixTsQuery(query.q);
    const minCents = query.min_price === undefined ? null : query.min_price * 100;
    const maxCents = query.max_price === undefined ? null : query.max_price * 100;
    const freeBefore = query.free_within_days === undefined ? null : new Date(now.getTime() + query.free_within_days * DAY_MS);
    const offset = (query.page - 1) * SEARCH_PAGE_SIZE;
    const likePattern = q === null ? null : `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    // Price filters and sorts look at the chosen subject's price, else at any of the tutor's subjects.
    return tx<(TRow & { sort_price: number })[]>`
      with priced as (
        select ts.tutor_id, s.id, s.slug, s.name, ts.price_cents, ts.currency,
          (${query.subject ?? null}::text is null or s.slug = ${query.subject ?? null}) as is_chosen
        from public.tutor_subjects ts join public.subjects s on s.id = ts.subject_id
      ),
      candidates as (
        select tp.tutor_id, tp.display_name, tp.headline, tp.bio, tp.next_slot_at,
          (select min(p.price_cents) from priced p where p.tutor_id = tp.tutor_id and p.is_chosen
             and (${minCents}::bigint is null or p.price_cents >= ${minCents})
             and (${maxCents}::bigint is null or p.price_cents <= ${maxCents})) as sort_price
        from public.tutor_profiles tp
        where (${q}::text is null
               or tp.search_vector @@ websearch_to_tsquery('english', ${q})
               or (${prefix}::text is not null and tp.search_vector @@ to_tsquery('simple', ${prefix}))
               or exists (select 1 from priced p where p.tutor_id = tp.tutor_id
                          and (p.name ilike ${likePattern}::text or p.slug = lower(${q}::text))))
          and (${freeBefore}::timestamptz is null or (tp.next_slot_at is not null and tp.next_slot_at < ${freeBefore}))
      )
      select c.tutor_id as id, c.display_name as name, c.headline, c.bio, c.sort_price,
        bs.lesson_lengths,
        (select coalesce(json_agg(json_build_object('id', p.id, 'slug', p.slug, 'name', p.name,
                  'price_cents', p.price_cents, 'currency', p.currency) order by p.name), '[]'::json)
         from priced p where p.tutor_id = c.tutor_id) as subjects
      from candidates c
      join public.tutor_booking_settings bs on bs.tutor_id = c.tutor_id
      where c.sort_price is not null and public.is_tutor_bookable(c.tutor_id)
      order by
        case when ${query.sort}::text = 'soonest' then c.next_slot_at end asc nulls last,
        case when ${query.sort}::text = 'price_asc' then c.sort_price end asc,
        case when ${query.sort}::text = 'price_desc' then c.sort_price end desc,
        c.display_name, c.tutor_id
      limit ${SEARCH_PAGE_SIZE + 1} offset ${offset}`;
  });

  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const nextSlots = await asService(db, (tx) =>
    liveNextSlots(tx, { tutors: page.map((row) => ({ tutorId: row.id, lessonLengths: row.lesson_lengths })), now }),
  );
  return {
    tutors: page.map((row) => ({
      id: row.id,
      name: row.name,
      headline: row.headline,
      bio_excerpt: bioExcerpt(row.bio),
      subjects: row.subjects.map((subject) => ({ ...subject, price_cents: Number(subject.price_cents) })),
      next_slot_at: nextSlots.get(row.id)?.toISOString() ?? null,
    })),
    next_page: rows.length > SEARCH_PAGE_SIZE ? query.page + 1 : null,
  };
}
