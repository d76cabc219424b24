import { formatMoney } from "@/lib/format/money";
import type { TWeekTotal } from "@/lib/payments/weekly-earnings";

const WIDTH = 360;
const HEIGHT = 160;
const LABEL_HEIGHT = 18;
const GAP = 4;

/**
 * The last weeks' earnings as bars (a small SVG, no chart library). The SVG is one labelled image; the same
 * numbers are in a table for screen readers (and anyone who prefers numbers).
 */
export function EarningsChart({ weeks, currency }: { weeks: TWeekTotal[]; currency: string }) {
  const max = Math.max(1, ...weeks.map((week) => week.cents));
  const barWidth = (WIDTH - GAP * (weeks.length - 1)) / Math.max(1, weeks.length);
  const plotHeight = HEIGHT - LABEL_HEIGHT;
  const total = weeks.reduce((sum, week) => sum + week.cents, 0);
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full max-w-xl"
        role="img"
        aria-labelledby="earnings-chart-title"
        data-testid="earnings-chart"
      >
        <title id="earnings-chart-title">{`Earnings per week, last ${weeks.length} weeks: ${formatMoney(total, currency)} in all`}</title>
        {weeks.map((week, index) => {
          const height = week.cents === 0 ? 0 : Math.max(2, Math.round((week.cents / max) * (plotHeight - 4)));
          const x = index * (barWidth + GAP);
          return (
            <g key={week.weekStart}>
              <rect x={x} y={plotHeight - height} width={barWidth} height={height} rx={2} className="fill-blue-700" />
              <line x1={x} x2={x + barWidth} y1={plotHeight} y2={plotHeight} className="stroke-slate-300" />
              {index % 2 === weeks.length % 2 ? null : (
                <text
                  x={index === weeks.length - 1 ? x + barWidth : x + barWidth / 2}
                  y={HEIGHT - 4}
                  textAnchor={index === weeks.length - 1 ? "end" : "middle"}
                  className="fill-slate-600 text-[9px]"
                >
                  {week.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-sm text-slate-700">Weeks start on Monday in your time zone.</figcaption>
      <table className="sr-only">
        <caption>Earnings per week</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Earned</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.weekStart}>
              <td>{week.label}</td>
              <td>{formatMoney(week.cents, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
