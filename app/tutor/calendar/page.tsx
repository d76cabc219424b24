import type { Metadata } from "next";
import { RoleNav } from "@/components/sessions/role-nav";
import { CalendarWeekView } from "@/components/tutor/calendar-week-view";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getTutorCalendarWeek } from "@/lib/tutors/get-tutor-calendar-week";
import { mondayOf, todayIn } from "@/lib/tutors/tutor-calendar-week";

export const metadata: Metadata = { title: "Calendar" };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TutorCalendarPage({ searchParams }: { searchParams: TSearchParams }) {
  const viewer = await requireRole("tutor");
  const requested = (await searchParams).week;
  const weekOf = typeof requested === "string" && mondayOf(requested) !== null ? requested : undefined;
  const now = new Date();
  const week = await getTutorCalendarWeek({ db: getDb(), viewer, weekOf, now });
  return (
    <>
      <PageHeader
        title="Calendar"
        subtitle="Your week: when you are available, your sessions and the requests waiting for you. Open one to see its details."
        nav={<RoleNav role="tutor" current="/tutor/calendar" />}
      />
      {typeof requested === "string" && weekOf === undefined ? (
        <Alert tone="info">That week isn&apos;t a date; showing this week instead.</Alert>
      ) : null}
      <CalendarWeekView week={week} thisWeek={mondayOf(todayIn(week.timeZone, now)) ?? week.weekStart} />
    </>
  );
}
