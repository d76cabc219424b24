import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { TRole } from "@/lib/auth/roles";
import { formatMoney } from "@/lib/format/money";
import { formatBps } from "@/lib/format/percent";
import { describeParticipants } from "@/lib/format/session-text";
import type { TSessionDetail } from "@/lib/sessions";
import { MarkNoShowButton, type TNoShowAmounts } from "./mark-no-show-button";
import { SessionJoinButton } from "./session-join-button";

/** Join for everyone in the session; Mark no-show for its tutor, while either can still happen. */
export function SessionActionsCard({
  session,
  role,
  timeZone,
  now,
  payoutHoldHours,
}: {
  session: TSessionDetail;
  role: TRole;
  timeZone: string;
  now: Date;
  payoutHoldHours: number;
}) {
  const isOpenForActions = session.storedStatus === "SCHEDULED" && now < session.scheduledEndAt;
  if (!isOpenForActions || role === "admin") return null;
  const label = `${session.subjectName} ${describeParticipants(role, session)}`;
  const studentName = session.studentName ?? "The student";
  return (
    <Card title="Join" titleId="session-actions-title">
      <div className="flex flex-col gap-5">
        <SessionJoinButton
          sessionId={session.id}
          joinOpensAt={session.rules.joinOpensAt.toISOString()}
          endsAt={session.scheduledEndAt.toISOString()}
          serverNow={now.toISOString()}
          timeZone={timeZone}
          sessionLabel={label}
          noShow={{
            role,
            noShowAvailableAt: session.rules.noShowAvailableAt.toISOString(),
            noShowChargeBps: session.splitBps.noShowChargeBps,
            studentName: session.studentName,
            hasStudentJoined: session.studentJoinedAt !== null,
          }}
        />
        {role === "tutor" ? (
          <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
            <h3 className="text-sm font-semibold text-slate-900">Student didn&apos;t come?</h3>
            {session.studentJoinedAt ? (
              <p className="text-sm text-slate-700">
                {studentName} joined at <LocalTime date={session.studentJoinedAt} timeZone={timeZone} style="time" />, so a no-show
                can&apos;t be marked.
              </p>
            ) : (
              <MarkNoShowButton
                sessionId={session.id}
                availableAt={session.rules.noShowAvailableAt.toISOString()}
                endsAt={session.scheduledEndAt.toISOString()}
                serverNow={now.toISOString()}
                timeZone={timeZone}
                studentName={studentName}
                amounts={noShowAmounts(session, payoutHoldHours)}
              />
            )}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

/** The dialog's figures: exactly what markNoShow will post, from the session's frozen split. */
export function noShowAmounts(session: TSessionDetail, payoutHoldHours: number): TNoShowAmounts {
  const { noShowPreview: split, splitBps, currency } = session;
  // Only the tutor gets here, and the tutor always reads the payout split (public.session_private_amounts).
  if (split === null || splitBps.noShowPayoutBps === null) throw new Error("The no-show split is shown to the session's tutor only.");
  return {
    price: formatMoney(session.priceCents, currency),
    charge: formatMoney(split.chargeCents, currency),
    chargePercent: formatBps(splitBps.noShowChargeBps),
    payout: formatMoney(split.payoutCents, currency),
    payoutPercent: formatBps(splitBps.noShowPayoutBps),
    fee: formatMoney(split.platformFeeCents, currency),
    feePercent: formatBps(splitBps.noShowChargeBps - splitBps.noShowPayoutBps),
    holdNote: `Your payout is held for ${payoutHoldHours} h after the charge (the dispute window), then released.`,
  };
}
