import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TEarning, TEarningState } from "@/lib/payments/read-tutor-earnings";

const STATES: Record<TEarningState, { label: string; tone: TBadgeTone }> = {
  held: { label: "Held", tone: "info" },
  released: { label: "Released", tone: "warning" },
  paid_out: { label: "Paid out", tone: "success" },
  reversed: { label: "Refunded", tone: "muted" },
};

/** Each lesson's payout: held until when, released, paid out, or taken back by a refund. */
export function EarningsList({ items, timeZone }: { items: TEarning[]; timeZone: string }) {
  if (items.length === 0)
    return <p className="text-sm text-slate-700">No earnings yet. A lesson earns you its payout once it is charged.</p>;
  return (
    <ul className="flex flex-col divide-y divide-slate-200" data-testid="earnings-list">
      {items.map((item) => (
        <li
          key={item.ledgerEntryId}
          className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:justify-between"
          data-testid="earning-row"
        >
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {item.subjectName}
              {item.studentName ? ` with ${item.studentName}` : ""}
            </p>
            <p className="text-sm text-slate-700">
              Lesson <LocalTime date={item.lessonStartAt} timeZone={timeZone} />
              {item.state === "held" && item.releaseAt ? (
                <>
                  {" "}
                  · releases <LocalTime date={item.releaseAt} timeZone={timeZone} />
                </>
              ) : null}
              {item.state === "released" && item.transferStatus === "awaiting_payee" ? " · waiting for your payout setup" : null}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Money cents={item.netCents} currency={item.currency} testId="earning-amount" />
            {item.reversedCents > 0 && item.state !== "reversed" ? (
              <span className="text-sm text-slate-600">
                (<Money cents={item.reversedCents} currency={item.currency} /> refunded)
              </span>
            ) : null}
            <Badge tone={STATES[item.state].tone} testId="earning-state">
              {STATES[item.state].label}
            </Badge>
          </div>
        </li>
      ))}
    </ul>
  );
}
