import type { ReactNode } from "react";

export type TDetailItem = { term: ReactNode; detail: ReactNode; testId?: string };

/** Label/value pairs: stacked on a phone, two columns from `sm` up. */
export function DetailList({ items }: { items: TDetailItem[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[minmax(10rem,auto)_1fr] sm:gap-y-2">
      {items.map((item, index) => (
        <div key={index} className="contents">
          <dt className="font-medium text-slate-700">{item.term}</dt>
          <dd className="-mt-2 min-w-0 break-words text-slate-900 sm:mt-0" data-testid={item.testId}>
            {item.detail}
          </dd>
        </div>
      ))}
    </dl>
  );
}
