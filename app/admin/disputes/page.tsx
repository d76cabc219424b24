import type { Metadata } from "next";
import { DisputeDecisionForm } from "@/components/admin/dispute-decision-form";
import { RoleNav } from "@/components/sessions/role-nav";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { PageHeader } from "@/components/ui/page-header";
import { listDisputeQueue, type TDisputeQueueItem } from "@/lib/admin/list-dispute-queue";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { formatTimeZoneName } from "@/lib/format/date-time";
import { DISPUTE_KIND_LABELS, DISPUTE_STATUS_LABELS } from "@/lib/disputes/dispute-rules";

export const metadata: Metadata = { title: "Disputes · Admin" };

export default async function AdminDisputesPage() {
  const viewer = await requireRole("admin");
  const now = new Date();
  const { timeZone, items } = await listDisputeQueue({ db: getDb(), viewer, now });
  return (
    <>
      <PageHeader
        title={`Disputes (${items.length})`}
        subtitle={`Open and answered reports. Their payouts stay held until you decide; every decision needs a reason and is final. Times in ${timeZone.replaceAll("_", " ")} (${formatTimeZoneName(new Date(), timeZone)}).`}
        nav={<RoleNav role="admin" current="/admin/disputes" />}
      />
      {items.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">No dispute is waiting for a decision.</p>
        </Card>
      ) : (
        <ul className="flex flex-col gap-6">
          {items.map((item) => (
            <li key={item.dispute.id} data-testid="admin-dispute">
              <DisputeItem item={item} timeZone={timeZone} now={now} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function DisputeItem({ item, timeZone, now }: { item: TDisputeQueueItem; timeZone: string; now: Date }) {
  const { dispute, session, evidence } = item;
  const titleId = `dispute-${dispute.id}`;
  const isAnswerOverdue = dispute.status === "open" && now >= dispute.respond_by;
  return (
    <Card title={`${session.subjectName}: ${session.tutorName ?? "tutor"} with ${session.studentName ?? "student"}`} titleId={titleId}>
      <div className="flex flex-col gap-4">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <Badge tone={dispute.status === "responded" ? "info" : "warning"}>{DISPUTE_STATUS_LABELS[dispute.status]}</Badge>
          <span>{DISPUTE_KIND_LABELS[dispute.kind]}</span>
        </p>
        <DetailList
          items={[
            { term: "Lesson", detail: <LocalTime date={session.scheduledStartAt} timeZone={timeZone} /> },
            {
              term: "Reported",
              detail: (
                <>
                  <LocalTime date={dispute.created_at} timeZone={timeZone} /> by {item.openedByName ?? "the payer"}
                </>
              ),
            },
            { term: "Description", detail: <span className="whitespace-pre-line">{dispute.description}</span> },
            {
              term: "Tutor's answer",
              detail: dispute.tutor_response ? (
                <span className="whitespace-pre-line">{dispute.tutor_response}</span>
              ) : (
                <>
                  None yet {isAnswerOverdue ? "(the 48 hours have passed)" : "(due by "}
                  {isAnswerOverdue ? null : (
                    <>
                      <LocalTime date={dispute.respond_by} timeZone={timeZone} />)
                    </>
                  )}
                </>
              ),
            },
            {
              term: "Join evidence",
              detail: (
                <>
                  Student:{" "}
                  {evidence.studentJoinedAt ? (
                    <LocalTime date={evidence.studentJoinedAt} timeZone={timeZone} style="time" />
                  ) : (
                    "never joined"
                  )}
                  {" · "}Tutor:{" "}
                  {evidence.tutorJoinedAt ? <LocalTime date={evidence.tutorJoinedAt} timeZone={timeZone} style="time" /> : "never joined"}
                  {evidence.isTutorSeenByProvider ? " · the video provider saw the tutor" : ""}
                </>
              ),
            },
            {
              term: "Amounts",
              detail: (
                <>
                  Charged <Money cents={session.chargeCents ?? 0} currency={session.currency} />
                  {session.payoutCents !== null ? (
                    <>
                      {" "}
                      · tutor <Money cents={session.payoutCents} currency={session.currency} />
                    </>
                  ) : null}
                  {session.platformFeeCents !== null ? (
                    <>
                      {" "}
                      · fee <Money cents={session.platformFeeCents} currency={session.currency} />
                    </>
                  ) : null}
                  {item.refundedCents > 0 ? (
                    <>
                      {" "}
                      · refunded <Money cents={item.refundedCents} currency={session.currency} />
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
        <DisputeDecisionForm
          disputeId={dispute.id}
          refundableCents={item.refundableCents}
          currency={session.currency}
          timeZone={timeZone}
        />
      </div>
    </Card>
  );
}
