import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { TSubjectOption } from "@/lib/tutors/list-subjects";
import type { TSearchTutorsQuery } from "@/lib/tutors/search-tutors-schema";

const SELECT =
  "w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";
const FREE_WITHIN = [1, 3, 7, 14] as const;

function Select({ id, label, value, children }: { id: string; label: string; value: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className={SELECT}>
        {children}
      </select>
    </div>
  );
}

/** Browse's filters as a plain GET form: the URL holds them, so a search is shareable and Back works. */
export function TutorSearchForm({ query, subjects }: { query: Partial<TSearchTutorsQuery>; subjects: TSubjectOption[] }) {
  return (
    <form
      method="get"
      action="/tutors"
      role="search"
      aria-label="Find a tutor"
      className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-3"
    >
      <div className="sm:col-span-2 lg:col-span-3">
        <TextField
          id="q"
          label="Search"
          type="search"
          placeholder="Name, subject or topic, e.g. “algebra”"
          defaultValue={query.q ?? ""}
          maxLength={100}
        />
      </div>
      <Select id="subject" label="Subject" value={query.subject ?? ""}>
        <option value="">Any subject</option>
        {subjects.map((subject) => (
          <option key={subject.slug} value={subject.slug}>
            {subject.name}
          </option>
        ))}
      </Select>
      <div className="grid grid-cols-2 gap-2">
        <TextField
          id="min_price"
          label="Min price / h"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={query.min_price ?? ""}
        />
        <TextField
          id="max_price"
          label="Max price / h"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={query.max_price ?? ""}
        />
      </div>
      <Select id="free_within_days" label="Free" value={query.free_within_days ? String(query.free_within_days) : ""}>
        <option value="">Any time</option>
        {FREE_WITHIN.map((days) => (
          <option key={days} value={days}>
            {days === 1 ? "In the next 24 hours" : `In the next ${days} days`}
          </option>
        ))}
      </Select>
      <Select id="sort" label="Sort by" value={query.sort ?? "soonest"}>
        <option value="soonest">Soonest available</option>
        <option value="price_asc">Price: low to high</option>
        <option value="price_desc">Price: high to low</option>
        <option value="rating">Highest rated</option>
      </Select>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-2">
        <button type="submit" className={buttonClassName("primary")}>
          Search
        </button>
        <Link href="/tutors" className={buttonClassName("ghost")}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
