import type { Metadata } from "next";
import { OutboxHealthCard } from "@/components/notifications/outbox-health-card";
import { AdminSessionList } from "@/components/sessions/admin-session-list";
import { RoleNav } from "@/components/sessions/role-nav";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { getAdminOverview, type TAttentionSession } from "@/lib/admin/get-admin-overview";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { readOutboxHealth } from "@/lib/notifications/read-outbox-health";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const viewer = await requireRole("admin");
  const [overview, outbox] = await Promise.all([
    getAdminOverview({ db: getDb(), viewer, now: new Date() }),
    readOutboxHealth({ db: getDb(), viewer }),
  ]);
  const { timeZone } = overview;
  return (
    <>
      <PageHeader
        title="Admin"
        subtitle="Disputes, early ends and failed payments are decided on their own pages."
        nav={<RoleNav role="admin" current="/admin" />}
      />
      <div className="flex flex-col gap-6">
        <Card title={`Needs attention (${overview.earlyEnded.length})`} titleId="attention-title">
          <p className="mb-2 text-sm text-slate-700">
            Meetings that ended before the minimum payable time: not charged until resolved on the{" "}
            <TextLink href="/admin/early-ends">early-ends page</TextLink>.
          </p>
          <AdminSessionList
            sessions={overview.earlyEnded}
            timeZone={timeZone}
            empty="Nothing is waiting for a resolution."
            extra={(session) => <MeetingTimes session={session} timeZone={timeZone} />}
          />
        </Card>
        <Card title={`Charges overdue (${overview.overdueCharges.length})`} titleId="overdue-title">
          <p className="mb-2 text-sm text-slate-700">
            Sessions still not charged more than 10 minutes after their end: check the charge job&apos;s logs.
          </p>
          <AdminSessionList sessions={overview.overdueCharges} timeZone={timeZone} empty="The charge job is up to date." />
        </Card>
        <OutboxHealthCard health={outbox} timeZone={timeZone} />
        <Card title="Recent charges" titleId="charges-title">
          <AdminSessionList sessions={overview.recentCharges} timeZone={timeZone} empty="No charges yet." />
        </Card>
      </div>
    </>
  );
}

function MeetingTimes({ session, timeZone }: { session: TAttentionSession; timeZone: string }) {
  if (!session.meetingStartedAt || !session.meetingEndedAt) return null;
  const minutes = Math.floor((session.meetingEndedAt.getTime() - session.meetingStartedAt.getTime()) / 60_000);
  return (
    <p className="text-slate-600">
      Meeting ran <LocalTime date={session.meetingStartedAt} timeZone={timeZone} style="time" />–
      <LocalTime date={session.meetingEndedAt} timeZone={timeZone} style="time" /> ({minutes} min)
    </p>
  );
}
