import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { RoleNav } from "@/components/sessions/role-nav";
import { BrowserZoneCookie } from "@/components/tutors/browser-zone-cookie";
import { TutorCard } from "@/components/tutors/tutor-card";
import { TutorSearchForm } from "@/components/tutors/tutor-search-form";
import { ZoneLabel } from "@/components/tutors/zone-label";
import { ZoneSwitchBanner } from "@/components/tutors/zone-switch-banner";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { describeZodError } from "@/lib/api/errors";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { listSubjects } from "@/lib/tutors/list-subjects";
import { searchTutors } from "@/lib/tutors/search-tutors";
import { queryFields, searchHref, ZSearchTutorsQuery, type TSearchTutorsQuery } from "@/lib/tutors/search-tutors-schema";
import { BROWSER_ZONE_COOKIE, viewerTimeZone } from "@/lib/tutors/viewer-time-zone";
import { switchTimeZoneAction } from "./actions";

export const metadata: Metadata = { title: "Find a tutor" };

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TutorsPage({ searchParams }: TProps) {
  const db = getDb();
  const viewer = await getViewer();
  const now = new Date();
  const browserZone = (await cookies()).get(BROWSER_ZONE_COOKIE)?.value;
  const zone = await viewerTimeZone({ db, viewer, browserZone });
  const parsed = ZSearchTutorsQuery.safeParse(queryFields(await searchParams));
  const subjects = await listSubjects({ db, viewer });
  const result = parsed.success ? await searchTutors({ db, viewer, query: parsed.data, now }) : null;
  const query: Partial<TSearchTutorsQuery> = parsed.success ? parsed.data : {};
  const isFiltered = parsed.success && Boolean(query.q || query.subject || query.min_price || query.max_price || query.free_within_days);

  return (
    <>
      <BrowserZoneCookie current={browserZone} />
      <PageHeader
        title="Find a tutor"
        subtitle="Browse tutors, see when they are free, and book a lesson."
        nav={
          viewer && (viewer.role === "student" || viewer.role === "parent") ? <RoleNav role={viewer.role} current="/tutors" /> : undefined
        }
      />
      {zone.differingBrowserZone ? (
        <ZoneSwitchBanner browserZone={zone.differingBrowserZone} profileZone={zone.timeZone} action={switchTimeZoneAction} />
      ) : null}
      <TutorSearchForm query={query} subjects={subjects} />
      <div className="mt-4">
        <ZoneLabel timeZone={zone.timeZone} source={zone.source} now={now} />
      </div>
      {!parsed.success ? (
        <div className="mt-4">
          <Alert>These filters can&apos;t be used: {describeZodError(parsed.error)}</Alert>
        </div>
      ) : null}
      {result && result.tutors.length === 0 ? (
        <div className="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center" data-testid="no-tutors">
          <p className="font-medium text-slate-900">
            {isFiltered ? "No tutors match these filters." : "No tutors are taking bookings yet."}
          </p>
          {isFiltered ? (
            <p className="mt-1 text-sm text-slate-700">
              Try fewer words, another subject or a wider price range.{" "}
              <Link href="/tutors" className="text-blue-800 underline">
                See every tutor
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {result && result.tutors.length > 0 ? (
        <ul className="mt-4 grid gap-3 sm:grid-cols-2" aria-label="Tutors">
          {result.tutors.map((tutor) => (
            <TutorCard key={tutor.id} tutor={tutor} timeZone={zone.timeZone} />
          ))}
        </ul>
      ) : null}
      {parsed.success && result && (parsed.data.page > 1 || result.next_page) ? (
        <nav aria-label="Pages" className="mt-6 flex items-center justify-between gap-2">
          {parsed.data.page > 1 ? (
            <Link href={searchHref(parsed.data, { page: parsed.data.page - 1 })} className={buttonClassName("secondary")} rel="prev">
              Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-slate-700">Page {parsed.data.page}</span>
          {result.next_page ? (
            <Link href={searchHref(parsed.data, { page: result.next_page })} className={buttonClassName("secondary")} rel="next">
              Next
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
