import "server-only";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Db, type Tx } from "@/lib/db";
import type { TRatingSummary } from "@/lib/ratings/rating-rules";
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
  /** Average stars and count of published ratings (public.tutor_rating_summary, cached on tutor_profiles); null below 3. */
  rating: TRatingSummary | null;
};
export type TSearchTutorsResult = { tutors: TTutorCard[]; next_page: number | null };

const DAY_MS = 86_400_000;

type TRow = {
  id: string;
  name: string;
  headline: string;
  bio: string;
  rating_average: string | null;
  rating_count: number | null;
};

type TFragment = ReturnType<Tx["unsafe"]>;

const ORDER: Record<TSearchTutorsQuery["sort"], (tx: Tx) => TFragment> = {
  soonest: (tx) => tx`tp.next_slot_at asc nulls last`,
  price_asc: (tx) => tx`price.sort_price asc`,
  price_desc: (tx) => tx`price.sort_price desc`,
  // The cached public.tutor_rating_summary (null below 3 ratings: last), kept true by triggers.
  rating: (tx) => tx`tp.rating_average desc nulls last, tp.rating_count desc nulls last`,
};

/** Each tutor's price to filter and sort by: the chosen subject's, else their cheapest, within the range. */
function pricedTutors(tx: Tx, query: TSearchTutorsQuery): TFragment {
  const subject = query.subject === undefined ? tx`` : tx`join public.subjects s on s.id = ts.subject_id and s.slug = ${query.subject}`;
  const min = query.min_price === undefined ? tx`` : tx`and ts.price_cents >= ${query.min_price * 100}`;
  const max = query.max_price === undefined ? tx`` : tx`and ts.price_cents <= ${query.max_price * 100}`;
  return tx`select ts.tutor_id, min(ts.price_cents) as sort_price from public.tutor_subjects ts ${subject}
            where true ${min} ${max} group by ts.tutor_id`;
}

/** Full-text (stemmed words, or word prefixes: "phys" finds "Physics") over name, headline and bio, or a subject's name. */
function textMatch(tx: Tx, q: string | undefined): TFragment {
  if (q === undefined) return tx``;
  const prefix = prefixTsQuery(q);
  const likePattern = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const words = prefix
    ? tx`websearch_to_tsquery('english', ${q}) || to_tsquery('simple', ${prefix})`
    : tx`websearch_to_tsquery('english', ${q})`;
  // The subject-name branch is uncorrelated, so it is computed once and hashed; the text match is then a
  // cheap per-row test on whatever the subject and price join left (bench:slots compares the plans).
  return tx`and (tp.search_vector @@ (${words})
    or tp.tutor_id in (select ts.tutor_id from public.tutor_subjects ts join public.subjects s on s.id = ts.subject_id
                       where s.name ilike ${likePattern} or s.slug = lower(${q})))`;
}

/** On the cached next slot (kept fresh by refreshTutorNextSlot and the cron's refreshNextSlots). */
function freeWithin(tx: Tx, days: number | undefined, now: Date): TFragment {
  if (days === undefined) return tx``;
  return tx`and tp.next_slot_at < ${new Date(now.getTime() + days * DAY_MS)}`;
}

/**
 * The public marketplace's search (README: "Browse"). Reads as the visitor (anonymous = the anon role),
 * so it sees only public columns; lists bookable tutors with at least one subject. The filter and the
 * "soonest" sort use the cached `next_slot_at`; the page's cards then get their exact next slot live. The
 * rating shown and the "rating" sort (average, then count, then name and id) use the cached
 * `rating_average`/`rating_count` (migration 20261201018000), so the order always matches the cards.
 */
export async function searchTutors(options: {
  db: Db;
  viewer: TAppViewer | null;
  query: TSearchTutorsQuery;
  now: Date;
}): Promise<TSearchTutorsResult> {
  const { db, viewer, query, now } = options;
  const { rows, subjects } = await asVisitor(db, viewer, async (tx) => {
    const found = await tx<TRow[]>`
      select tp.tutor_id as id, tp.display_name as name, tp.headline, tp.bio, tp.rating_average::text, tp.rating_count
      from public.tutor_profiles tp
      join (${pricedTutors(tx, query)}) price on price.tutor_id = tp.tutor_id
      where tp.is_bookable ${textMatch(tx, query.q)} ${freeWithin(tx, query.free_within_days, now)}
      order by ${ORDER[query.sort](tx)}, tp.display_name, tp.tutor_id
      limit ${SEARCH_PAGE_SIZE + 1} offset ${(query.page - 1) * SEARCH_PAGE_SIZE}`;
    const ids = found.slice(0, SEARCH_PAGE_SIZE).map((row) => row.id);
    const subjectRows = ids.length
      ? await tx<(TTutorCardSubject & { tutor_id: string })[]>`
          select ts.tutor_id, s.id, s.slug, s.name, ts.price_cents::int as price_cents, ts.currency
          from public.tutor_subjects ts join public.subjects s on s.id = ts.subject_id
          where ts.tutor_id = any(${ids}::uuid[]) order by s.name, s.id`
      : [];
    return { rows: found, subjects: subjectRows };
  });

  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const nextSlots = page.length
    ? await asService(db, (tx) => liveNextSlots(tx, { tutorIds: page.map((row) => row.id), now }))
    : new Map<string, Date | null>();
  return {
    tutors: page.map((row) => ({
      id: row.id,
      name: row.name,
      headline: row.headline,
      bio_excerpt: bioExcerpt(row.bio),
      subjects: subjects.filter((subject) => subject.tutor_id === row.id).map(({ tutor_id: _tutorId, ...subject }) => subject),
      next_slot_at: nextSlots.get(row.id)?.toISOString() ?? null,
      rating:
        row.rating_average === null || row.rating_count === null ? null : { average: Number(row.rating_average), count: row.rating_count },
    })),
    next_page: rows.length > SEARCH_PAGE_SIZE ? query.page + 1 : null,
  };
}
