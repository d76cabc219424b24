import type { Metadata } from "next";
import { EarlyEndDecisionForm } from "@/components/admin/early-end-decision-form";
import { RoleNav } from "@/components/sessions/role-nav";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { PageHeader } from "@/components/ui/page-header";
import { listEarlyEndQueue } from "@/lib/admin/list-early-end-queue";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { formatTimeZoneName } from "@/lib/format/date-time";

export const metadata: Metadata = { title: "Early ends · Admin" };

export default async function AdminEarlyEndsPage() {
  const viewer = await requireRole("admin");
  const { timeZone, items } = await listEarlyEndQueue({ db: getDb(), viewer, now: new Date() });
  return (
    <>
      <PageHeader
        title={`Early ends (${items.length})`}
        subtitle={`Lessons whose meeting ended before the minimum payable time. Nothing is charged until you resolve them. Times in ${timeZone.replaceAll("_", " ")} (${formatTimeZoneName(new Date(), timeZone)}).`}
        nav={<RoleNav role="admin" current="/admin/early-ends" />}
      />
      {items.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">No early end is waiting for a resolution.</p>
        </Card>
      ) : (
        <ul className="flex flex-col gap-6">
          {items.map(({ session, heldMinutes, splits }) => (
            <li key={session.id} data-testid="admin-early-end">
              <Card
                title={`${session.subjectName}: ${session.tutorName ?? "tutor"} with ${session.studentName ?? "student"}`}
                titleId={`early-end-${session.id}`}
              >
                <div className="flex flex-col gap-4">
                  <DetailList
                    items={[
                      { term: "Lesson", detail: <LocalTime date={session.scheduledStartAt} timeZone={timeZone} /> },
                      { term: "Held", detail: `${heldMinutes} of ${session.durationMinutes} minutes`, testId: "held-minutes" },
                      { term: "Price", detail: <Money cents={session.priceCents} currency={session.currency} /> },
                    ]}
                  />
                  <EarlyEndDecisionForm sessionId={session.id} splits={splits} currency={session.currency} timeZone={timeZone} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
