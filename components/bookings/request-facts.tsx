import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { formatDuration } from "@/lib/format/date-time";

/** When, how long and what it costs: the facts every booking request row shows, in the viewer's zone. */
export function RequestFacts(props: {
  startAt: Date;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  timeZone: string;
  /** A visible "Price" label before the amount (the tutor's request list). */
  isPriceLabelled?: boolean;
}) {
  return (
    <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm text-slate-800 sm:grid-cols-[auto_auto_1fr]">
      <div>
        <dt className="sr-only">Requested time</dt>
        <dd>
          <LocalTime date={props.startAt} timeZone={props.timeZone} />
        </dd>
      </div>
      <div>
        <dt className="sr-only">Duration</dt>
        <dd>{formatDuration(props.durationMinutes)}</dd>
      </div>
      <div>
        <dt className="sr-only">Price</dt>
        <dd>
          {props.isPriceLabelled ? <span className="text-slate-600">Price </span> : null}
          <Money cents={props.priceCents} currency={props.currency} />
        </dd>
      </div>
    </dl>
  );
}
