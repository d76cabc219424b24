import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClassName, ButtonLink } from "@/components/ui/button";
import { getViewer } from "@/lib/auth/get-viewer";
import { homeFor } from "@/lib/auth/home-path";
import { getDb } from "@/lib/db";
import { listSubjects } from "@/lib/tutors/list-subjects";

export const metadata: Metadata = { title: { absolute: "Tutoring Sessions · Find a tutor and book a lesson" } };

const SHORTCUTS = 8;

/** The public front door; a signed-in user goes straight to their own home, as before. */
export default async function HomePage() {
  const viewer = await getViewer();
  if (viewer) redirect(homeFor(viewer.role));
  const subjects = (await listSubjects({ db: getDb(), viewer: null, taughtOnly: true })).slice(0, SHORTCUTS);
  return (
    <div className="flex flex-col gap-8">
      <section className="flex flex-col gap-4 py-6">
        <h1 className="text-3xl font-semibold text-slate-900 sm:text-4xl">Find a tutor. Book a lesson. Meet online.</h1>
        <p className="max-w-2xl text-base text-slate-700">
          Browse tutors by subject, see when they are free in your own time zone, and request a lesson in a few clicks. Lessons happen by
          video; parents can book for their children.
        </p>
        <form method="get" action="/tutors" role="search" aria-label="Find a tutor" className="flex max-w-2xl flex-col gap-2 sm:flex-row">
          <label htmlFor="q" className="sr-only">
            Subject, topic or tutor name
          </label>
          <input
            id="q"
            name="q"
            type="search"
            maxLength={100}
            placeholder="Subject, topic or tutor name"
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <button type="submit" className={buttonClassName("primary")}>
            Search tutors
          </button>
        </form>
        {subjects.length ? (
          <nav aria-label="Popular subjects">
            <ul className="flex flex-wrap gap-2">
              {subjects.map((subject) => (
                <li key={subject.slug}>
                  <Link
                    href={`/tutors?subject=${encodeURIComponent(subject.slug)}`}
                    className="inline-flex rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
                  >
                    {subject.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <p>
          <Link href="/tutors" className="text-sm font-medium text-blue-800 underline">
            Browse every tutor
          </Link>
        </p>
      </section>
      <section aria-labelledby="account" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="account" className="text-lg font-semibold text-slate-900">
          Have an account?
        </h2>
        <div className="flex flex-wrap gap-2">
          <ButtonLink href="/login" variant="primary">
            Sign in
          </ButtonLink>
          <ButtonLink href="/signup">Sign up as a student</ButtonLink>
          <ButtonLink href="/signup/parent">Sign up as a parent</ButtonLink>
          <ButtonLink href="/signup/tutor" variant="ghost">
            Teach here
          </ButtonLink>
        </div>
      </section>
    </div>
  );
}
